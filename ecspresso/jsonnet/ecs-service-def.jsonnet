local tfstate = std.native('tfstate');

{
  capacityProviderStrategy: [
    { capacityProvider: 'acme-dev-cp', base: 0, weight: 1 },
  ],
  deploymentConfiguration: {
    deploymentCircuitBreaker: { enable: true, rollback: true },
    maximumPercent: 200,
    minimumHealthyPercent: 100,
  },
  deploymentController: { type: 'ECS' },
  desiredCount: 2,
  enableECSManagedTags: true,
  healthCheckGracePeriodSeconds: 60,
  loadBalancers: [
    {
      containerName: 'app',
      containerPort: 3000,
      targetGroupArn: tfstate('aws_lb_target_group.blue.arn'),
    },
  ],
  placementStrategy: [
    { field: 'attribute:ecs.availability-zone', type: 'spread' },
    { field: 'memory', type: 'binpack' },
  ],
  propagateTags: 'SERVICE',
  schedulingStrategy: 'REPLICA',
  tags: [
    { key: 'Project', value: 'acme' },
    { key: 'Environment', value: 'dev' },
  ],
}
