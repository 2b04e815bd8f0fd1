// The acme team's service (../config.yaml) written in Jsonnet, as many ecspresso users do.
//   IMAGE_TAG=v1.2.0 shipper deploy --config ecspresso/jsonnet/config.jsonnet
// It renders the same definitions as the YAML/JSON example and deploys the same service.
local env = std.native('env');

{
  region: 'ap-northeast-1',
  cluster: 'acme-dev-cluster',
  service: 'acme-dev-app',
  service_definition: 'ecs-service-def.jsonnet',
  task_definition: 'ecs-task-def.jsonnet',
  timeout: '10m',
  plugins: [
    { name: 'tfstate', config: { path: env('TFSTATE', 'terraform.tfstate') } },
  ],
}
