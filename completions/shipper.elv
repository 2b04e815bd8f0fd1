
use builtin;
use str;

set edit:completion:arg-completer[shipper] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'shipper'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'shipper'= {
            cand --config 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]'
            cand --envfile 'Load environment variables from a dotenv file before rendering (repeatable; later wins)'
            cand --region 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]'
            cand --profile 'AWS profile from the shared config files'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)'
            cand --timeout 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]'
            cand --color 'When to use colours (NO_COLOR is honoured by `auto`)'
            cand --output 'Output format of the command''s result on stdout'
            cand -v 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --verbose 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --debug 'Same as -v (ecspresso''s spelling)'
            cand --show-secrets 'Print secret values (SSM SecureString) instead of masking them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand deploy 'Register the task definition if it changed, update (or create) the service, follow the rollout'
            cand diff 'Show what a deploy would change: local definitions vs what runs'
            cand register 'Register the task definition (without deploying it)'
            cand deregister 'Deregister old task definition revisions (never one in use)'
            cand revisions 'List the family''s revisions, their images, and which are in use'
            cand images 'List the ECR tags of the service''s images and which revisions used them'
            cand status 'Show the service: deployments, recent events, target health, stopped tasks'
            cand wait 'Follow the deployment in progress until it ends'
            cand continue 'Let a deployment waiting at a PAUSE lifecycle hook go on (manual approval), then follow it'
            cand scale 'Change the desired number of tasks'
            cand refresh 'Replace every task with a fresh one (a new deployment of the same task definition)'
            cand run 'Run a one-off task with the service''s network settings; exit with its container''s code'
            cand render 'Print the rendered config, task definition and/or service definition'
            cand appspec 'Print the AppSpec a CodeDeploy deployment of the service would use'
            cand rollback 'Roll the service back: stop a deployment in flight, or go back N deployments, to a revision, or to an image tag'
            cand version 'Print shipper''s version'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shipper;deploy'= {
            cand --revision 'Deploy revision N of the family'
            cand --image 'Deploy another image for a container: CONTAINER=IMAGE or CONTAINER=TAG (repeatable)'
            cand --tasks 'Set the service''s desired count'
            cand --poll-interval 'The longest pause between reads of the rollout''s state (shorter after the update and whenever it moves)'
            cand --wait-until 'Return (exit 0) once a blue/green, linear or canary deployment reaches this lifecycle stage, leaving it running (e.g. POST_TEST_TRAFFIC_SHIFT, paused for approval)'
            cand --config 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]'
            cand --envfile 'Load environment variables from a dotenv file before rendering (repeatable; later wins)'
            cand --region 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]'
            cand --profile 'AWS profile from the shared config files'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)'
            cand --timeout 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]'
            cand --color 'When to use colours (NO_COLOR is honoured by `auto`)'
            cand --output 'Output format of the command''s result on stdout'
            cand --dry-run 'Print what would be registered, updated or created, and change nothing'
            cand --force 'Register the task definition even if it does not differ from the running revision'
            cand --skip-task-definition 'Keep the task definition the service runs now'
            cand --latest-task-definition 'Deploy the newest registered revision of the family instead of rendering the file'
            cand --force-new-deployment 'Start a new deployment even if nothing changed (replaces every task)'
            cand --update-service 'Send the service definition''s changes (the default)'
            cand --no-update-service 'Leave the service''s settings alone; only change its task definition / count'
            cand --wait-for-active 'If another deployment is in progress, wait for it to finish first instead of refusing'
            cand --no-wait 'Do not wait for the rollout to finish'
            cand -v 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --verbose 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --debug 'Same as -v (ecspresso''s spelling)'
            cand --show-secrets 'Print secret values (SSM SecureString) instead of masking them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'shipper;diff'= {
            cand --format 'How to print the differences'
            cand --config 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]'
            cand --envfile 'Load environment variables from a dotenv file before rendering (repeatable; later wins)'
            cand --region 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]'
            cand --profile 'AWS profile from the shared config files'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)'
            cand --timeout 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]'
            cand --color 'When to use colours (NO_COLOR is honoured by `auto`)'
            cand --output 'Output format of the command''s result on stdout'
            cand --exit-code 'Exit with 2 when there are differences (0 when none, 1 on error)'
            cand --task-definition-only 'Compare only the task definition, with the newest revision of its family'
            cand --without-service 'Compare only the task definition, with the newest revision of its family'
            cand -v 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --verbose 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --debug 'Same as -v (ecspresso''s spelling)'
            cand --show-secrets 'Print secret values (SSM SecureString) instead of masking them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'shipper;register'= {
            cand --config 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]'
            cand --envfile 'Load environment variables from a dotenv file before rendering (repeatable; later wins)'
            cand --region 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]'
            cand --profile 'AWS profile from the shared config files'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)'
            cand --timeout 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]'
            cand --color 'When to use colours (NO_COLOR is honoured by `auto`)'
            cand --output 'Output format of the command''s result on stdout'
            cand --dry-run 'Print the task definition that would be registered'
            cand -v 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --verbose 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --debug 'Same as -v (ecspresso''s spelling)'
            cand --show-secrets 'Print secret values (SSM SecureString) instead of masking them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'shipper;deregister'= {
            cand --keep 'Keep the newest N revisions that are not in use; deregister older unused ones'
            cand --keeps 'Keep the newest N revisions that are not in use; deregister older unused ones'
            cand --revision 'Deregister revision N (refused if it is in use)'
            cand --config 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]'
            cand --envfile 'Load environment variables from a dotenv file before rendering (repeatable; later wins)'
            cand --region 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]'
            cand --profile 'AWS profile from the shared config files'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)'
            cand --timeout 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]'
            cand --color 'When to use colours (NO_COLOR is honoured by `auto`)'
            cand --output 'Output format of the command''s result on stdout'
            cand --dry-run 'Print what would be deregistered'
            cand -v 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --verbose 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --debug 'Same as -v (ecspresso''s spelling)'
            cand --show-secrets 'Print secret values (SSM SecureString) instead of masking them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'shipper;revisions'= {
            cand --limit 'How many revisions to show, newest first'
            cand --config 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]'
            cand --envfile 'Load environment variables from a dotenv file before rendering (repeatable; later wins)'
            cand --region 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]'
            cand --profile 'AWS profile from the shared config files'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)'
            cand --timeout 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]'
            cand --color 'When to use colours (NO_COLOR is honoured by `auto`)'
            cand --output 'Output format of the command''s result on stdout'
            cand --all 'Include deregistered (INACTIVE) revisions'
            cand -v 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --verbose 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --debug 'Same as -v (ecspresso''s spelling)'
            cand --show-secrets 'Print secret values (SSM SecureString) instead of masking them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'shipper;images'= {
            cand --revisions 'How many of the newest revisions to check for which image they use'
            cand --config 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]'
            cand --envfile 'Load environment variables from a dotenv file before rendering (repeatable; later wins)'
            cand --region 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]'
            cand --profile 'AWS profile from the shared config files'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)'
            cand --timeout 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]'
            cand --color 'When to use colours (NO_COLOR is honoured by `auto`)'
            cand --output 'Output format of the command''s result on stdout'
            cand -v 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --verbose 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --debug 'Same as -v (ecspresso''s spelling)'
            cand --show-secrets 'Print secret values (SSM SecureString) instead of masking them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'shipper;status'= {
            cand --events 'How many recent service events to show'
            cand --config 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]'
            cand --envfile 'Load environment variables from a dotenv file before rendering (repeatable; later wins)'
            cand --region 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]'
            cand --profile 'AWS profile from the shared config files'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)'
            cand --timeout 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]'
            cand --color 'When to use colours (NO_COLOR is honoured by `auto`)'
            cand --output 'Output format of the command''s result on stdout'
            cand -v 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --verbose 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --debug 'Same as -v (ecspresso''s spelling)'
            cand --show-secrets 'Print secret values (SSM SecureString) instead of masking them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'shipper;wait'= {
            cand --poll-interval 'The longest pause between reads of the rollout''s state (shorter after the update and whenever it moves)'
            cand --wait-until 'Return (exit 0) once a blue/green, linear or canary deployment reaches this lifecycle stage, leaving it running (e.g. POST_TEST_TRAFFIC_SHIFT, paused for approval)'
            cand --config 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]'
            cand --envfile 'Load environment variables from a dotenv file before rendering (repeatable; later wins)'
            cand --region 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]'
            cand --profile 'AWS profile from the shared config files'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)'
            cand --timeout 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]'
            cand --color 'When to use colours (NO_COLOR is honoured by `auto`)'
            cand --output 'Output format of the command''s result on stdout'
            cand --no-wait 'Do not wait for the rollout to finish'
            cand -v 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --verbose 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --debug 'Same as -v (ecspresso''s spelling)'
            cand --show-secrets 'Print secret values (SSM SecureString) instead of masking them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'shipper;continue'= {
            cand --poll-interval 'The longest pause between reads of the rollout''s state (shorter after the update and whenever it moves)'
            cand --wait-until 'Return (exit 0) once a blue/green, linear or canary deployment reaches this lifecycle stage, leaving it running (e.g. POST_TEST_TRAFFIC_SHIFT, paused for approval)'
            cand --config 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]'
            cand --envfile 'Load environment variables from a dotenv file before rendering (repeatable; later wins)'
            cand --region 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]'
            cand --profile 'AWS profile from the shared config files'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)'
            cand --timeout 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]'
            cand --color 'When to use colours (NO_COLOR is honoured by `auto`)'
            cand --output 'Output format of the command''s result on stdout'
            cand --no-wait 'Do not wait for the rollout to finish'
            cand -v 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --verbose 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --debug 'Same as -v (ecspresso''s spelling)'
            cand --show-secrets 'Print secret values (SSM SecureString) instead of masking them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'shipper;scale'= {
            cand --tasks 'The new desired count'
            cand --poll-interval 'The longest pause between reads of the rollout''s state (shorter after the update and whenever it moves)'
            cand --wait-until 'Return (exit 0) once a blue/green, linear or canary deployment reaches this lifecycle stage, leaving it running (e.g. POST_TEST_TRAFFIC_SHIFT, paused for approval)'
            cand --config 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]'
            cand --envfile 'Load environment variables from a dotenv file before rendering (repeatable; later wins)'
            cand --region 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]'
            cand --profile 'AWS profile from the shared config files'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)'
            cand --timeout 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]'
            cand --color 'When to use colours (NO_COLOR is honoured by `auto`)'
            cand --output 'Output format of the command''s result on stdout'
            cand --dry-run 'Print what would change and change nothing'
            cand --no-wait 'Do not wait for the rollout to finish'
            cand -v 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --verbose 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --debug 'Same as -v (ecspresso''s spelling)'
            cand --show-secrets 'Print secret values (SSM SecureString) instead of masking them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'shipper;refresh'= {
            cand --poll-interval 'The longest pause between reads of the rollout''s state (shorter after the update and whenever it moves)'
            cand --wait-until 'Return (exit 0) once a blue/green, linear or canary deployment reaches this lifecycle stage, leaving it running (e.g. POST_TEST_TRAFFIC_SHIFT, paused for approval)'
            cand --config 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]'
            cand --envfile 'Load environment variables from a dotenv file before rendering (repeatable; later wins)'
            cand --region 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]'
            cand --profile 'AWS profile from the shared config files'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)'
            cand --timeout 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]'
            cand --color 'When to use colours (NO_COLOR is honoured by `auto`)'
            cand --output 'Output format of the command''s result on stdout'
            cand --dry-run 'Print what would change and change nothing'
            cand --no-wait 'Do not wait for the rollout to finish'
            cand -v 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --verbose 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --debug 'Same as -v (ecspresso''s spelling)'
            cand --show-secrets 'Print secret values (SSM SecureString) instead of masking them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'shipper;run'= {
            cand --revision 'Run revision N of the family [default: the revision the service runs]'
            cand --overrides 'Task overrides as JSON, e.g. ''{"containerOverrides":[{"name":"app","command":["migrate"]}]}'''
            cand --watch-container 'Whose exit code to report [default: the first container]'
            cand --poll-interval 'The longest pause between reads of the rollout''s state (shorter after the update and whenever it moves)'
            cand --wait-until 'Return (exit 0) once a blue/green, linear or canary deployment reaches this lifecycle stage, leaving it running (e.g. POST_TEST_TRAFFIC_SHIFT, paused for approval)'
            cand --config 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]'
            cand --envfile 'Load environment variables from a dotenv file before rendering (repeatable; later wins)'
            cand --region 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]'
            cand --profile 'AWS profile from the shared config files'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)'
            cand --timeout 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]'
            cand --color 'When to use colours (NO_COLOR is honoured by `auto`)'
            cand --output 'Output format of the command''s result on stdout'
            cand --latest-task-definition 'Run the newest registered revision of the family'
            cand --no-wait 'Do not wait for the rollout to finish'
            cand -v 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --verbose 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --debug 'Same as -v (ecspresso''s spelling)'
            cand --show-secrets 'Print secret values (SSM SecureString) instead of masking them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'shipper;render'= {
            cand --format 'Document format'
            cand --config 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]'
            cand --envfile 'Load environment variables from a dotenv file before rendering (repeatable; later wins)'
            cand --region 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]'
            cand --profile 'AWS profile from the shared config files'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)'
            cand --timeout 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]'
            cand --color 'When to use colours (NO_COLOR is honoured by `auto`)'
            cand --output 'Output format of the command''s result on stdout'
            cand -v 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --verbose 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --debug 'Same as -v (ecspresso''s spelling)'
            cand --show-secrets 'Print secret values (SSM SecureString) instead of masking them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'shipper;appspec'= {
            cand --format 'The AppSpec''s format'
            cand --task-definition 'The task definition to put in it [default: the one the service runs]'
            cand --config 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]'
            cand --envfile 'Load environment variables from a dotenv file before rendering (repeatable; later wins)'
            cand --region 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]'
            cand --profile 'AWS profile from the shared config files'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)'
            cand --timeout 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]'
            cand --color 'When to use colours (NO_COLOR is honoured by `auto`)'
            cand --output 'Output format of the command''s result on stdout'
            cand -v 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --verbose 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --debug 'Same as -v (ecspresso''s spelling)'
            cand --show-secrets 'Print secret values (SSM SecureString) instead of masking them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'shipper;rollback'= {
            cand --count 'Go back N deployments (distinct task definitions) in the service''s history [default: 1]'
            cand --to-revision 'Go back to revision N of the task definition family'
            cand --to-tag 'Go back to the image at this ECR tag (reusing a revision that has it, or registering one)'
            cand --poll-interval 'The longest pause between reads of the rollout''s state (shorter after the update and whenever it moves)'
            cand --wait-until 'Return (exit 0) once a blue/green, linear or canary deployment reaches this lifecycle stage, leaving it running (e.g. POST_TEST_TRAFFIC_SHIFT, paused for approval)'
            cand --config 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]'
            cand --envfile 'Load environment variables from a dotenv file before rendering (repeatable; later wins)'
            cand --region 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]'
            cand --profile 'AWS profile from the shared config files'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)'
            cand --timeout 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]'
            cand --color 'When to use colours (NO_COLOR is honoured by `auto`)'
            cand --output 'Output format of the command''s result on stdout'
            cand --dry-run 'Print what would happen and change nothing'
            cand --deregister 'Deregister the task definition rolled back from, once the rollback succeeded'
            cand --deregister-task-definition 'Deregister the task definition rolled back from, once the rollback succeeded'
            cand --no-deregister-task-definition 'Keep the task definition rolled back from (the default; ecspresso''s spelling)'
            cand --no-wait 'Do not wait for the rollout to finish'
            cand -v 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --verbose 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --debug 'Same as -v (ecspresso''s spelling)'
            cand --show-secrets 'Print secret values (SSM SecureString) instead of masking them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'shipper;version'= {
            cand --config 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]'
            cand --envfile 'Load environment variables from a dotenv file before rendering (repeatable; later wins)'
            cand --region 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]'
            cand --profile 'AWS profile from the shared config files'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)'
            cand --timeout 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]'
            cand --color 'When to use colours (NO_COLOR is honoured by `auto`)'
            cand --output 'Output format of the command''s result on stdout'
            cand -v 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --verbose 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --debug 'Same as -v (ecspresso''s spelling)'
            cand --show-secrets 'Print secret values (SSM SecureString) instead of masking them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'shipper;completions'= {
            cand --config 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]'
            cand --envfile 'Load environment variables from a dotenv file before rendering (repeatable; later wins)'
            cand --region 'AWS region [default: the config''s `region`, then AWS_REGION / the profile]'
            cand --profile 'AWS profile from the shared config files'
            cand --endpoint-url 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)'
            cand --timeout 'Give up waiting after this long, e.g. 90s, 10m [default: the config''s `timeout`, then 10m]'
            cand --color 'When to use colours (NO_COLOR is honoured by `auto`)'
            cand --output 'Output format of the command''s result on stdout'
            cand -v 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --verbose 'More log output (-v: shipper''s debug log, -vv: also the AWS SDK''s)'
            cand --debug 'Same as -v (ecspresso''s spelling)'
            cand --show-secrets 'Print secret values (SSM SecureString) instead of masking them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'shipper;help'= {
            cand deploy 'Register the task definition if it changed, update (or create) the service, follow the rollout'
            cand diff 'Show what a deploy would change: local definitions vs what runs'
            cand register 'Register the task definition (without deploying it)'
            cand deregister 'Deregister old task definition revisions (never one in use)'
            cand revisions 'List the family''s revisions, their images, and which are in use'
            cand images 'List the ECR tags of the service''s images and which revisions used them'
            cand status 'Show the service: deployments, recent events, target health, stopped tasks'
            cand wait 'Follow the deployment in progress until it ends'
            cand continue 'Let a deployment waiting at a PAUSE lifecycle hook go on (manual approval), then follow it'
            cand scale 'Change the desired number of tasks'
            cand refresh 'Replace every task with a fresh one (a new deployment of the same task definition)'
            cand run 'Run a one-off task with the service''s network settings; exit with its container''s code'
            cand render 'Print the rendered config, task definition and/or service definition'
            cand appspec 'Print the AppSpec a CodeDeploy deployment of the service would use'
            cand rollback 'Roll the service back: stop a deployment in flight, or go back N deployments, to a revision, or to an image tag'
            cand version 'Print shipper''s version'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shipper;help;deploy'= {
        }
        &'shipper;help;diff'= {
        }
        &'shipper;help;register'= {
        }
        &'shipper;help;deregister'= {
        }
        &'shipper;help;revisions'= {
        }
        &'shipper;help;images'= {
        }
        &'shipper;help;status'= {
        }
        &'shipper;help;wait'= {
        }
        &'shipper;help;continue'= {
        }
        &'shipper;help;scale'= {
        }
        &'shipper;help;refresh'= {
        }
        &'shipper;help;run'= {
        }
        &'shipper;help;render'= {
        }
        &'shipper;help;appspec'= {
        }
        &'shipper;help;rollback'= {
        }
        &'shipper;help;version'= {
        }
        &'shipper;help;completions'= {
        }
        &'shipper;help;help'= {
        }
    ]
    $completions[$command]
}
