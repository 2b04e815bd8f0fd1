local tfstate = std.native('tfstate');

{
  family: 'acme-dev-app',
  networkMode: 'bridge',
  requiresCompatibilities: ['EC2'],
  executionRoleArn: tfstate('aws_iam_role.ecs_task_execution.arn'),
  taskRoleArn: tfstate('aws_iam_role.ecs_task.arn'),
  containerDefinitions: [import 'container.libsonnet'],
}
