// The app container. Values come from the Terraform state and SSM through ecspresso's native
// functions; a Go template action in a string (see `image`) works too, rendered after Jsonnet.
local tfstate = std.native('tfstate');
local ssm = std.native('ssm');

local fromSsm(name, path) = { name: name, value: ssm(path) };
local secret(name, path) = { name: name, valueFrom: path };

{
  name: 'app',
  image: tfstate('aws_ecr_repository.app.repository_url') + ':{{ must_env `IMAGE_TAG` }}',
  essential: true,
  cpu: 256,
  memoryReservation: 512,
  portMappings: [
    { containerPort: 3000, hostPort: 0, protocol: 'tcp' },
  ],
  environment: [
    { name: 'NODE_ENV', value: 'production' },
    fromSsm('APP_ENV', '/acme/dev/app/env'),
    fromSsm('LOG_LEVEL', '/acme/dev/app/log_level'),
    fromSsm('DB_HOST', '/acme/dev/database/host'),
    fromSsm('DB_PORT', '/acme/dev/database/port'),
    fromSsm('DB_NAME', '/acme/dev/database/name'),
    fromSsm('COGNITO_USER_POOL_ID', '/acme/dev/cognito/user_pool_id'),
    fromSsm('COGNITO_CLIENT_ID', '/acme/dev/cognito/client_id'),
  ],
  secrets: [
    secret('DB_USERNAME', '/acme/dev/database/username'),
    secret('DB_PASSWORD', '/acme/dev/database/password'),
    secret('COGNITO_CLIENT_SECRET', '/acme/dev/cognito/client_secret'),
  ],
  healthCheck: {
    command: ['CMD-SHELL', 'curl -fs http://localhost:3000/api/health || exit 1'],
    interval: 30,
    timeout: 5,
    retries: 3,
    startPeriod: 60,
  },
  logConfiguration: {
    logDriver: 'awslogs',
    options: {
      'awslogs-group': tfstate('aws_cloudwatch_log_group.app.name'),
      'awslogs-region': 'ap-northeast-1',
      'awslogs-stream-prefix': 'app',
    },
  },
}
