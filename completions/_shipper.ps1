
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'shipper' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'shipper'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'shipper' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('deploy', 'deploy', [CompletionResultType]::ParameterValue, 'Register the task definition if it changed, update (or create) the service, follow the rollout')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show what a deploy would change: local definitions vs what runs')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Register the task definition (without deploying it)')
            [CompletionResult]::new('deregister', 'deregister', [CompletionResultType]::ParameterValue, 'Deregister old task definition revisions (never one in use)')
            [CompletionResult]::new('revisions', 'revisions', [CompletionResultType]::ParameterValue, 'List the family''s revisions, their images, and which are in use')
            [CompletionResult]::new('images', 'images', [CompletionResultType]::ParameterValue, 'List the ECR tags of the service''s images and which revisions used them')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the service: deployments, recent events, target health, stopped tasks')
            [CompletionResult]::new('wait', 'wait', [CompletionResultType]::ParameterValue, 'Follow the deployment in progress until it ends')
            [CompletionResult]::new('continue', 'continue', [CompletionResultType]::ParameterValue, 'Let a deployment waiting at a PAUSE lifecycle hook go on (manual approval) once the gates of its phase pass, then follow it')
            [CompletionResult]::new('scale', 'scale', [CompletionResultType]::ParameterValue, 'Change the desired number of tasks')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Replace every task with a fresh one (a new deployment of the same task definition)')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a one-off task with the service''s network settings; exit with its container''s code')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command (a shell by default) in a running task through ECS Exec, or forward a local port to the task (--port-forward); needs session-manager-plugin on PATH')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Print the rendered config, task definition and/or service definition')
            [CompletionResult]::new('appspec', 'appspec', [CompletionResultType]::ParameterValue, 'Print the AppSpec a CodeDeploy deployment of the service would use')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a config and definitions from a service that runs now')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that what the definitions refer to exists (images, secrets, roles, target groups, logs); changes nothing')
            [CompletionResult]::new('tasks', 'tasks', [CompletionResultType]::ParameterValue, 'List the service''s tasks: status, revision, health, why they stopped; --stop stops them')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'Print the containers'' CloudWatch Logs of the service or of one task')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete the service (asks first unless --force)')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Roll the service back: stop a deployment in flight, or go back N deployments, to a revision, or to an image tag')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print shipper''s version')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), or write one per command into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shipper;deploy' {
            [CompletionResult]::new('--revision', '--revision', [CompletionResultType]::ParameterName, 'Deploy revision N of the family')
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'Deploy another image for a container: CONTAINER=IMAGE or CONTAINER=TAG (repeatable)')
            [CompletionResult]::new('--tasks', '--tasks', [CompletionResultType]::ParameterName, 'Set the service''s desired count')
            [CompletionResult]::new('--poll-interval', '--poll-interval', [CompletionResultType]::ParameterName, 'The longest pause between reads of the rollout''s state (shorter after the update and whenever it moves)')
            [CompletionResult]::new('--wait-until', '--wait-until', [CompletionResultType]::ParameterName, 'Return (exit 0) once a blue/green, linear or canary deployment reaches this lifecycle stage, leaving it running (e.g. POST_TEST_TRAFFIC_SHIFT, paused for approval)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be registered, updated or created, and change nothing')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Register the task definition even if it does not differ from the running revision')
            [CompletionResult]::new('--skip-task-definition', '--skip-task-definition', [CompletionResultType]::ParameterName, 'Keep the task definition the service runs now')
            [CompletionResult]::new('--latest-task-definition', '--latest-task-definition', [CompletionResultType]::ParameterName, 'Deploy the newest registered revision of the family instead of rendering the file')
            [CompletionResult]::new('--force-new-deployment', '--force-new-deployment', [CompletionResultType]::ParameterName, 'Start a new deployment even if nothing changed (replaces every task)')
            [CompletionResult]::new('--update-service', '--update-service', [CompletionResultType]::ParameterName, 'Send the service definition''s changes (the default)')
            [CompletionResult]::new('--no-update-service', '--no-update-service', [CompletionResultType]::ParameterName, 'Leave the service''s settings alone; only change its task definition / count')
            [CompletionResult]::new('--wait-for-active', '--wait-for-active', [CompletionResultType]::ParameterName, 'If another deployment is in progress, wait for it to finish first instead of refusing')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Create the service even though the cluster has one whose name is a typo away')
            [CompletionResult]::new('--suspend-auto-scaling', '--suspend-auto-scaling', [CompletionResultType]::ParameterName, 'Suspend the service''s Application Auto Scaling (scale-in, scale-out, scheduled) before the update, so scaling does not fight the rollout; a failed deploy leaves it suspended')
            [CompletionResult]::new('--resume-auto-scaling', '--resume-auto-scaling', [CompletionResultType]::ParameterName, 'Resume the service''s auto scaling once the rollout succeeded')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Do not wait for the rollout to finish')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;diff' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the differences')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--exit-code', '--exit-code', [CompletionResultType]::ParameterName, 'Exit with 2 when there are differences (0 when none, 1 on error)')
            [CompletionResult]::new('--task-definition-only', '--task-definition-only', [CompletionResultType]::ParameterName, 'Compare only the task definition, with the newest revision of its family')
            [CompletionResult]::new('--without-service', '--without-service', [CompletionResultType]::ParameterName, 'Compare only the task definition, with the newest revision of its family')
            [CompletionResult]::new('--comment', '--comment', [CompletionResultType]::ParameterName, 'In a pull-request workflow, post the diff as a comment on the pull request (updated on later pushes, not duplicated); needs GITHUB_TOKEN with `pull-requests: write`')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;register' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the task definition that would be registered')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;deregister' {
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Keep the newest N revisions that are not in use; deregister older unused ones')
            [CompletionResult]::new('--keeps', '--keeps', [CompletionResultType]::ParameterName, 'Keep the newest N revisions that are not in use; deregister older unused ones')
            [CompletionResult]::new('--revision', '--revision', [CompletionResultType]::ParameterName, 'Deregister revision N (refused if it is in use)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be deregistered')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;revisions' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many revisions to show, newest first')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Include deregistered (INACTIVE) revisions')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;images' {
            [CompletionResult]::new('--revisions', '--revisions', [CompletionResultType]::ParameterName, 'How many of the newest revisions to check for which image they use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;status' {
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'How many recent service events to show')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;wait' {
            [CompletionResult]::new('--poll-interval', '--poll-interval', [CompletionResultType]::ParameterName, 'The longest pause between reads of the rollout''s state (shorter after the update and whenever it moves)')
            [CompletionResult]::new('--wait-until', '--wait-until', [CompletionResultType]::ParameterName, 'Return (exit 0) once a blue/green, linear or canary deployment reaches this lifecycle stage, leaving it running (e.g. POST_TEST_TRAFFIC_SHIFT, paused for approval)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;continue' {
            [CompletionResult]::new('--poll-interval', '--poll-interval', [CompletionResultType]::ParameterName, 'The longest pause between reads of the rollout''s state (shorter after the update and whenever it moves)')
            [CompletionResult]::new('--wait-until', '--wait-until', [CompletionResultType]::ParameterName, 'Return (exit 0) once a blue/green, linear or canary deployment reaches this lifecycle stage, leaving it running (e.g. POST_TEST_TRAFFIC_SHIFT, paused for approval)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--skip-gates', '--skip-gates', [CompletionResultType]::ParameterName, 'Answer the pause hook without running its phase''s gates: for a person who verified green by hand (the gates skipped are named in the log, the JSON and the step summary)')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Do not wait for the rollout to finish')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;scale' {
            [CompletionResult]::new('--tasks', '--tasks', [CompletionResultType]::ParameterName, 'The new desired count')
            [CompletionResult]::new('--auto-scaling-min', '--auto-scaling-min', [CompletionResultType]::ParameterName, 'The auto scaling minimum (the scalable target''s MinCapacity)')
            [CompletionResult]::new('--auto-scaling-max', '--auto-scaling-max', [CompletionResultType]::ParameterName, 'The auto scaling maximum (the scalable target''s MaxCapacity)')
            [CompletionResult]::new('--poll-interval', '--poll-interval', [CompletionResultType]::ParameterName, 'The longest pause between reads of the rollout''s state (shorter after the update and whenever it moves)')
            [CompletionResult]::new('--wait-until', '--wait-until', [CompletionResultType]::ParameterName, 'Return (exit 0) once a blue/green, linear or canary deployment reaches this lifecycle stage, leaving it running (e.g. POST_TEST_TRAFFIC_SHIFT, paused for approval)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--suspend-auto-scaling', '--suspend-auto-scaling', [CompletionResultType]::ParameterName, 'Suspend auto scaling (before the new count, with --tasks)')
            [CompletionResult]::new('--resume-auto-scaling', '--resume-auto-scaling', [CompletionResultType]::ParameterName, 'Resume auto scaling (after the new count''s rollout succeeded, with --tasks)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would change and change nothing')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Do not wait for the rollout to finish')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;refresh' {
            [CompletionResult]::new('--poll-interval', '--poll-interval', [CompletionResultType]::ParameterName, 'The longest pause between reads of the rollout''s state (shorter after the update and whenever it moves)')
            [CompletionResult]::new('--wait-until', '--wait-until', [CompletionResultType]::ParameterName, 'Return (exit 0) once a blue/green, linear or canary deployment reaches this lifecycle stage, leaving it running (e.g. POST_TEST_TRAFFIC_SHIFT, paused for approval)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would change and change nothing')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Do not wait for the rollout to finish')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;run' {
            [CompletionResult]::new('--revision', '--revision', [CompletionResultType]::ParameterName, 'Run revision N of the family [default: the revision the service runs]')
            [CompletionResult]::new('--overrides', '--overrides', [CompletionResultType]::ParameterName, 'Task overrides as JSON, e.g. ''{"containerOverrides":[{"name":"app","command":["migrate"]}]}''')
            [CompletionResult]::new('--watch-container', '--watch-container', [CompletionResultType]::ParameterName, 'Whose exit code to report [default: the first container]')
            [CompletionResult]::new('--poll-interval', '--poll-interval', [CompletionResultType]::ParameterName, 'The longest pause between reads of the rollout''s state (shorter after the update and whenever it moves)')
            [CompletionResult]::new('--wait-until', '--wait-until', [CompletionResultType]::ParameterName, 'Return (exit 0) once a blue/green, linear or canary deployment reaches this lifecycle stage, leaving it running (e.g. POST_TEST_TRAFFIC_SHIFT, paused for approval)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--latest-task-definition', '--latest-task-definition', [CompletionResultType]::ParameterName, 'Run the newest registered revision of the family')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Do not wait for the rollout to finish')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;exec' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The task (its id or ARN) [default: the only running task; on a terminal, a picker]')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'The container [default: the task''s first]')
            [CompletionResult]::new('--command', '--command', [CompletionResultType]::ParameterName, 'The command to run in the container')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'With --port-forward: the port to reach (on the task, or on --host)')
            [CompletionResult]::new('--local-port', '--local-port', [CompletionResultType]::ParameterName, 'With --port-forward: the local port to listen on [default: one the plugin picks]')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'With --port-forward: a host the task reaches (a database, …) instead of the task itself')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--port-forward', '--port-forward', [CompletionResultType]::ParameterName, 'Forward a local port to the task''s container, or through it to --host (an SSM port forwarding session), instead of running a command')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;render' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Document format')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;appspec' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The AppSpec''s format')
            [CompletionResult]::new('--task-definition', '--task-definition', [CompletionResultType]::ParameterName, 'The task definition to put in it [default: the one the service runs]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;init' {
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The service to read')
            [CompletionResult]::new('--daemon', '--daemon', [CompletionResultType]::ParameterName, 'Read this ECS daemon instead of a service: write its daemon and daemon task definitions')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'Its cluster')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Format of the definitions written')
            [CompletionResult]::new('--task-definition-path', '--task-definition-path', [CompletionResultType]::ParameterName, 'Where to write the task definition [default: ecs-task-def.<format>]')
            [CompletionResult]::new('--service-definition-path', '--service-definition-path', [CompletionResultType]::ParameterName, 'Where to write the service definition [default: ecs-service-def.<format>]')
            [CompletionResult]::new('--express-definition-path', '--express-definition-path', [CompletionResultType]::ParameterName, 'Where to write an Express service''s definition [default: ecs-express-def.<format>]')
            [CompletionResult]::new('--daemon-definition-path', '--daemon-definition-path', [CompletionResultType]::ParameterName, 'Where to write a daemon''s definition [default: ecs-daemon-def.<format>]')
            [CompletionResult]::new('--daemon-task-definition-path', '--daemon-task-definition-path', [CompletionResultType]::ParameterName, 'Where to write a daemon''s task definition [default: ecs-daemon-task-def.<format>]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--express', '--express', [CompletionResultType]::ParameterName, 'The service is an Express Mode service: write its Express definition (ecspresso''s `init --express`)')
            [CompletionResult]::new('--jsonnet', '--jsonnet', [CompletionResultType]::ParameterName, 'Same as --format jsonnet (ecspresso''s spelling)')
            [CompletionResult]::new('--move-secrets', '--move-secrets', [CompletionResultType]::ParameterName, 'Write environment values that hold an SSM SecureString as `secrets` entries (ECS injects them) instead of `{{ ssm NAME }}` references; `diff` then shows the move')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite files that exist')
            [CompletionResult]::new('--force-overwrite', '--force-overwrite', [CompletionResultType]::ParameterName, 'Overwrite files that exist')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;verify' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--no-put-logs', '--no-put-logs', [CompletionResultType]::ParameterName, 'ecspresso''s: shipper never writes log events (a no-op)')
            [CompletionResult]::new('--no-get-secrets', '--no-get-secrets', [CompletionResultType]::ParameterName, 'ecspresso''s: shipper never reads secret values (a no-op)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'ecspresso''s: shipper checks each resource once per run anyway (a no-op)')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;tasks' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Only this task (its id or ARN)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--stopped', '--stopped', [CompletionResultType]::ParameterName, 'Include stopped tasks (ECS keeps them about an hour)')
            [CompletionResult]::new('--stop', '--stop', [CompletionResultType]::ParameterName, 'Stop the listed running tasks (the service starts replacements); asks first unless --force')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Do not ask before stopping')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;logs' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Only this task''s logs (its id or ARN)')
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Only this container''s logs')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Start this long ago, e.g. 10m, 2h')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Keep printing new lines until interrupted')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Keep printing new lines until interrupted')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;delete' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Do not ask: delete at once')
            [CompletionResult]::new('--terminate', '--terminate', [CompletionResultType]::ParameterName, 'Stop the service''s tasks too (DeleteService --force); without it the service must be scaled to 0 first')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be deleted and change nothing')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;rollback' {
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Go back N deployments (distinct task definitions) in the service''s history [default: 1]')
            [CompletionResult]::new('--to-revision', '--to-revision', [CompletionResultType]::ParameterName, 'Go back to revision N of the task definition family')
            [CompletionResult]::new('--to-tag', '--to-tag', [CompletionResultType]::ParameterName, 'Go back to the image at this ECR tag (reusing a revision that has it, or registering one)')
            [CompletionResult]::new('--poll-interval', '--poll-interval', [CompletionResultType]::ParameterName, 'The longest pause between reads of the rollout''s state (shorter after the update and whenever it moves)')
            [CompletionResult]::new('--wait-until', '--wait-until', [CompletionResultType]::ParameterName, 'Return (exit 0) once a blue/green, linear or canary deployment reaches this lifecycle stage, leaving it running (e.g. POST_TEST_TRAFFIC_SHIFT, paused for approval)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would happen and change nothing')
            [CompletionResult]::new('--deregister', '--deregister', [CompletionResultType]::ParameterName, 'Deregister the task definition rolled back from, once the rollback succeeded')
            [CompletionResult]::new('--deregister-task-definition', '--deregister-task-definition', [CompletionResultType]::ParameterName, 'Deregister the task definition rolled back from, once the rollback succeeded')
            [CompletionResult]::new('--no-deregister-task-definition', '--no-deregister-task-definition', [CompletionResultType]::ParameterName, 'Keep the task definition rolled back from (the default; ecspresso''s spelling)')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Do not wait for the rollout to finish')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;version' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;completions' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;man' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (''services/*/shipper.yml'') to work on several services in one run')
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'A stack file listing the configs of several services (`services:`), worked on in one run')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many services of a run over several to work on at once [default: 50]')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'The account''s own API rate limit for an action''s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)')
            [CompletionResult]::new('--envfile', '--envfile', [CompletionResultType]::ParameterName, 'Load environment variables from a dotenv file before rendering (repeatable; later wins)')
            [CompletionResult]::new('--ext-str', '--ext-str', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as a string (repeatable)')
            [CompletionResult]::new('--ext-code', '--ext-code', [CompletionResultType]::ParameterName, 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile from the shared config files')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR is honoured by `auto`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the command''s result on stdout')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a run over several services: start no more after the first one fails')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Same as -v (ecspresso''s spelling)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secret values (SSM SecureString) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'shipper;help' {
            [CompletionResult]::new('deploy', 'deploy', [CompletionResultType]::ParameterValue, 'Register the task definition if it changed, update (or create) the service, follow the rollout')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show what a deploy would change: local definitions vs what runs')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Register the task definition (without deploying it)')
            [CompletionResult]::new('deregister', 'deregister', [CompletionResultType]::ParameterValue, 'Deregister old task definition revisions (never one in use)')
            [CompletionResult]::new('revisions', 'revisions', [CompletionResultType]::ParameterValue, 'List the family''s revisions, their images, and which are in use')
            [CompletionResult]::new('images', 'images', [CompletionResultType]::ParameterValue, 'List the ECR tags of the service''s images and which revisions used them')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the service: deployments, recent events, target health, stopped tasks')
            [CompletionResult]::new('wait', 'wait', [CompletionResultType]::ParameterValue, 'Follow the deployment in progress until it ends')
            [CompletionResult]::new('continue', 'continue', [CompletionResultType]::ParameterValue, 'Let a deployment waiting at a PAUSE lifecycle hook go on (manual approval) once the gates of its phase pass, then follow it')
            [CompletionResult]::new('scale', 'scale', [CompletionResultType]::ParameterValue, 'Change the desired number of tasks')
            [CompletionResult]::new('refresh', 'refresh', [CompletionResultType]::ParameterValue, 'Replace every task with a fresh one (a new deployment of the same task definition)')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a one-off task with the service''s network settings; exit with its container''s code')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command (a shell by default) in a running task through ECS Exec, or forward a local port to the task (--port-forward); needs session-manager-plugin on PATH')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Print the rendered config, task definition and/or service definition')
            [CompletionResult]::new('appspec', 'appspec', [CompletionResultType]::ParameterValue, 'Print the AppSpec a CodeDeploy deployment of the service would use')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a config and definitions from a service that runs now')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that what the definitions refer to exists (images, secrets, roles, target groups, logs); changes nothing')
            [CompletionResult]::new('tasks', 'tasks', [CompletionResultType]::ParameterValue, 'List the service''s tasks: status, revision, health, why they stopped; --stop stops them')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'Print the containers'' CloudWatch Logs of the service or of one task')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete the service (asks first unless --force)')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Roll the service back: stop a deployment in flight, or go back N deployments, to a revision, or to an image tag')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print shipper''s version')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), or write one per command into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shipper;help;deploy' {
            break
        }
        'shipper;help;diff' {
            break
        }
        'shipper;help;register' {
            break
        }
        'shipper;help;deregister' {
            break
        }
        'shipper;help;revisions' {
            break
        }
        'shipper;help;images' {
            break
        }
        'shipper;help;status' {
            break
        }
        'shipper;help;wait' {
            break
        }
        'shipper;help;continue' {
            break
        }
        'shipper;help;scale' {
            break
        }
        'shipper;help;refresh' {
            break
        }
        'shipper;help;run' {
            break
        }
        'shipper;help;exec' {
            break
        }
        'shipper;help;render' {
            break
        }
        'shipper;help;appspec' {
            break
        }
        'shipper;help;init' {
            break
        }
        'shipper;help;verify' {
            break
        }
        'shipper;help;tasks' {
            break
        }
        'shipper;help;logs' {
            break
        }
        'shipper;help;delete' {
            break
        }
        'shipper;help;rollback' {
            break
        }
        'shipper;help;version' {
            break
        }
        'shipper;help;completions' {
            break
        }
        'shipper;help;man' {
            break
        }
        'shipper;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
