# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_shipper_global_optspecs
    string join \n config= stack= concurrency= fail-fast rate-limit= envfile= ext-str= ext-code= region= profile= endpoint-url= timeout= color= output= v/verbose debug show-secrets h/help V/version
end

function __fish_shipper_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_shipper_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_shipper_using_subcommand
    set -l cmd (__fish_shipper_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c shipper -n "__fish_shipper_needs_command" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_needs_command" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_needs_command" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_needs_command" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_needs_command" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_needs_command" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_needs_command" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_needs_command" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_needs_command" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_needs_command" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_needs_command" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_needs_command" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_needs_command" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_needs_command" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_needs_command" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_needs_command" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_needs_command" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_needs_command" -s V -l version -d 'Print version'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "deploy" -d 'Register the task definition if it changed, update (or create) the service, follow the rollout'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "diff" -d 'Show what a deploy would change: local definitions vs what runs'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "register" -d 'Register the task definition (without deploying it)'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "deregister" -d 'Deregister old task definition revisions (never one in use)'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "revisions" -d 'List the family\'s revisions, their images, and which are in use'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "images" -d 'List the ECR tags of the service\'s images and which revisions used them'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "status" -d 'Show the service: deployments, recent events, target health, stopped tasks'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "wait" -d 'Follow the deployment in progress until it ends'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "continue" -d 'Let a deployment waiting at a PAUSE lifecycle hook go on (manual approval) once the gates of its phase pass, then follow it'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "scale" -d 'Change the desired number of tasks'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "refresh" -d 'Replace every task with a fresh one (a new deployment of the same task definition)'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "run" -d 'Run a one-off task with the service\'s network settings; exit with its container\'s code'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "exec" -d 'Run a command (a shell by default) in a running task through ECS Exec, or forward a local port to the task (--port-forward); needs session-manager-plugin on PATH'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "render" -d 'Print the rendered config, task definition and/or service definition'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "appspec" -d 'Print the AppSpec a CodeDeploy deployment of the service would use'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "init" -d 'Write a config and definitions from a service that runs now'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "verify" -d 'Check that what the definitions refer to exists (images, secrets, roles, target groups, logs); changes nothing'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "tasks" -d 'List the service\'s tasks: status, revision, health, why they stopped; --stop stops them'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "logs" -d 'Print the containers\' CloudWatch Logs of the service or of one task'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "delete" -d 'Delete the service (asks first unless --force)'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "rollback" -d 'Roll the service back: stop a deployment in flight, or go back N deployments, to a revision, or to an image tag'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "version" -d 'Print shipper\'s version'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "man" -d 'Print the man page (roff), or write one per command into a directory'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l revision -d 'Deploy revision N of the family' -r
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l image -d 'Deploy another image for a container: CONTAINER=IMAGE or CONTAINER=TAG (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l tasks -d 'Set the service\'s desired count' -r
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l poll-interval -d 'The longest pause between reads of the rollout\'s state (shorter after the update and whenever it moves)' -r
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l wait-until -d 'Return (exit 0) once a blue/green, linear or canary deployment reaches this lifecycle stage, leaving it running (e.g. POST_TEST_TRAFFIC_SHIFT, paused for approval)' -r -f -a "RECONCILE_SERVICE\t''
PRE_SCALE_UP\t''
SCALE_UP\t''
POST_SCALE_UP\t''
TEST_TRAFFIC_SHIFT\t''
POST_TEST_TRAFFIC_SHIFT\t''
PRE_PRODUCTION_TRAFFIC_SHIFT\t''
PRODUCTION_TRAFFIC_SHIFT\t''
POST_PRODUCTION_TRAFFIC_SHIFT\t''
BAKE_TIME\t''
CLEAN_UP\t''"
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l dry-run -d 'Print what would be registered, updated or created, and change nothing'
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l force -d 'Register the task definition even if it does not differ from the running revision'
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l skip-task-definition -d 'Keep the task definition the service runs now'
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l latest-task-definition -d 'Deploy the newest registered revision of the family instead of rendering the file'
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l force-new-deployment -d 'Start a new deployment even if nothing changed (replaces every task)'
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l update-service -d 'Send the service definition\'s changes (the default)'
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l no-update-service -d 'Leave the service\'s settings alone; only change its task definition / count'
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l wait-for-active -d 'If another deployment is in progress, wait for it to finish first instead of refusing'
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l create -d 'Create the service even though the cluster has one whose name is a typo away'
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l suspend-auto-scaling -d 'Suspend the service\'s Application Auto Scaling (scale-in, scale-out, scheduled) before the update, so scaling does not fight the rollout; a failed deploy leaves it suspended'
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l resume-auto-scaling -d 'Resume the service\'s auto scaling once the rollout succeeded'
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l no-wait -d 'Do not wait for the rollout to finish'
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand deploy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand diff" -l format -d 'How to print the differences' -r -f -a "text\t'A unified diff per document, coloured on a terminal'
markdown\t'Sections with the diff in fenced blocks, for pull requests'
json\t'Changed paths with before/after values'"
complete -c shipper -n "__fish_shipper_using_subcommand diff" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand diff" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand diff" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand diff" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand diff" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand diff" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand diff" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand diff" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand diff" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand diff" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand diff" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand diff" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand diff" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand diff" -l exit-code -d 'Exit with 2 when there are differences (0 when none, 1 on error)'
complete -c shipper -n "__fish_shipper_using_subcommand diff" -l task-definition-only -l without-service -d 'Compare only the task definition, with the newest revision of its family'
complete -c shipper -n "__fish_shipper_using_subcommand diff" -l comment -d 'In a pull-request workflow, post the diff as a comment on the pull request (updated on later pushes, not duplicated); needs GITHUB_TOKEN with `pull-requests: write`'
complete -c shipper -n "__fish_shipper_using_subcommand diff" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand diff" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand diff" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand diff" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand register" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand register" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand register" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand register" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand register" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand register" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand register" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand register" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand register" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand register" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand register" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand register" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand register" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand register" -l dry-run -d 'Print the task definition that would be registered'
complete -c shipper -n "__fish_shipper_using_subcommand register" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand register" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand register" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand register" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand register" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand deregister" -l keep -l keeps -d 'Keep the newest N revisions that are not in use; deregister older unused ones' -r
complete -c shipper -n "__fish_shipper_using_subcommand deregister" -l revision -d 'Deregister revision N (refused if it is in use)' -r
complete -c shipper -n "__fish_shipper_using_subcommand deregister" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand deregister" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand deregister" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand deregister" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand deregister" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand deregister" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand deregister" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand deregister" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand deregister" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand deregister" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand deregister" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand deregister" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand deregister" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand deregister" -l dry-run -d 'Print what would be deregistered'
complete -c shipper -n "__fish_shipper_using_subcommand deregister" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand deregister" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand deregister" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand deregister" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand deregister" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand revisions" -l limit -d 'How many revisions to show, newest first' -r
complete -c shipper -n "__fish_shipper_using_subcommand revisions" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand revisions" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand revisions" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand revisions" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand revisions" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand revisions" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand revisions" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand revisions" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand revisions" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand revisions" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand revisions" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand revisions" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand revisions" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand revisions" -l all -d 'Include deregistered (INACTIVE) revisions'
complete -c shipper -n "__fish_shipper_using_subcommand revisions" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand revisions" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand revisions" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand revisions" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand revisions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand images" -l revisions -d 'How many of the newest revisions to check for which image they use' -r
complete -c shipper -n "__fish_shipper_using_subcommand images" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand images" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand images" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand images" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand images" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand images" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand images" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand images" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand images" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand images" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand images" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand images" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand images" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand images" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand images" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand images" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand images" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand images" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand status" -l events -d 'How many recent service events to show' -r
complete -c shipper -n "__fish_shipper_using_subcommand status" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand status" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand status" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand status" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand status" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand status" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand status" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand status" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand status" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand status" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand status" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand status" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand status" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand status" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand status" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand status" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand status" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand wait" -l poll-interval -d 'The longest pause between reads of the rollout\'s state (shorter after the update and whenever it moves)' -r
complete -c shipper -n "__fish_shipper_using_subcommand wait" -l wait-until -d 'Return (exit 0) once a blue/green, linear or canary deployment reaches this lifecycle stage, leaving it running (e.g. POST_TEST_TRAFFIC_SHIFT, paused for approval)' -r -f -a "RECONCILE_SERVICE\t''
PRE_SCALE_UP\t''
SCALE_UP\t''
POST_SCALE_UP\t''
TEST_TRAFFIC_SHIFT\t''
POST_TEST_TRAFFIC_SHIFT\t''
PRE_PRODUCTION_TRAFFIC_SHIFT\t''
PRODUCTION_TRAFFIC_SHIFT\t''
POST_PRODUCTION_TRAFFIC_SHIFT\t''
BAKE_TIME\t''
CLEAN_UP\t''"
complete -c shipper -n "__fish_shipper_using_subcommand wait" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand wait" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand wait" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand wait" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand wait" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand wait" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand wait" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand wait" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand wait" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand wait" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand wait" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand wait" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand wait" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand wait" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand wait" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand wait" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand wait" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand wait" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand continue" -l poll-interval -d 'The longest pause between reads of the rollout\'s state (shorter after the update and whenever it moves)' -r
complete -c shipper -n "__fish_shipper_using_subcommand continue" -l wait-until -d 'Return (exit 0) once a blue/green, linear or canary deployment reaches this lifecycle stage, leaving it running (e.g. POST_TEST_TRAFFIC_SHIFT, paused for approval)' -r -f -a "RECONCILE_SERVICE\t''
PRE_SCALE_UP\t''
SCALE_UP\t''
POST_SCALE_UP\t''
TEST_TRAFFIC_SHIFT\t''
POST_TEST_TRAFFIC_SHIFT\t''
PRE_PRODUCTION_TRAFFIC_SHIFT\t''
PRODUCTION_TRAFFIC_SHIFT\t''
POST_PRODUCTION_TRAFFIC_SHIFT\t''
BAKE_TIME\t''
CLEAN_UP\t''"
complete -c shipper -n "__fish_shipper_using_subcommand continue" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand continue" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand continue" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand continue" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand continue" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand continue" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand continue" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand continue" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand continue" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand continue" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand continue" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand continue" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand continue" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand continue" -l skip-gates -d 'Answer the pause hook without running its phase\'s gates: for a person who verified green by hand (the gates skipped are named in the log, the JSON and the step summary)'
complete -c shipper -n "__fish_shipper_using_subcommand continue" -l no-wait -d 'Do not wait for the rollout to finish'
complete -c shipper -n "__fish_shipper_using_subcommand continue" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand continue" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand continue" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand continue" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand continue" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l tasks -d 'The new desired count' -r
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l auto-scaling-min -d 'The auto scaling minimum (the scalable target\'s MinCapacity)' -r
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l auto-scaling-max -d 'The auto scaling maximum (the scalable target\'s MaxCapacity)' -r
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l poll-interval -d 'The longest pause between reads of the rollout\'s state (shorter after the update and whenever it moves)' -r
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l wait-until -d 'Return (exit 0) once a blue/green, linear or canary deployment reaches this lifecycle stage, leaving it running (e.g. POST_TEST_TRAFFIC_SHIFT, paused for approval)' -r -f -a "RECONCILE_SERVICE\t''
PRE_SCALE_UP\t''
SCALE_UP\t''
POST_SCALE_UP\t''
TEST_TRAFFIC_SHIFT\t''
POST_TEST_TRAFFIC_SHIFT\t''
PRE_PRODUCTION_TRAFFIC_SHIFT\t''
PRODUCTION_TRAFFIC_SHIFT\t''
POST_PRODUCTION_TRAFFIC_SHIFT\t''
BAKE_TIME\t''
CLEAN_UP\t''"
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l suspend-auto-scaling -d 'Suspend auto scaling (before the new count, with --tasks)'
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l resume-auto-scaling -d 'Resume auto scaling (after the new count\'s rollout succeeded, with --tasks)'
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l dry-run -d 'Print what would change and change nothing'
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l no-wait -d 'Do not wait for the rollout to finish'
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand scale" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand scale" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand scale" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand refresh" -l poll-interval -d 'The longest pause between reads of the rollout\'s state (shorter after the update and whenever it moves)' -r
complete -c shipper -n "__fish_shipper_using_subcommand refresh" -l wait-until -d 'Return (exit 0) once a blue/green, linear or canary deployment reaches this lifecycle stage, leaving it running (e.g. POST_TEST_TRAFFIC_SHIFT, paused for approval)' -r -f -a "RECONCILE_SERVICE\t''
PRE_SCALE_UP\t''
SCALE_UP\t''
POST_SCALE_UP\t''
TEST_TRAFFIC_SHIFT\t''
POST_TEST_TRAFFIC_SHIFT\t''
PRE_PRODUCTION_TRAFFIC_SHIFT\t''
PRODUCTION_TRAFFIC_SHIFT\t''
POST_PRODUCTION_TRAFFIC_SHIFT\t''
BAKE_TIME\t''
CLEAN_UP\t''"
complete -c shipper -n "__fish_shipper_using_subcommand refresh" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand refresh" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand refresh" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand refresh" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand refresh" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand refresh" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand refresh" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand refresh" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand refresh" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand refresh" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand refresh" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand refresh" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand refresh" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand refresh" -l dry-run -d 'Print what would change and change nothing'
complete -c shipper -n "__fish_shipper_using_subcommand refresh" -l no-wait -d 'Do not wait for the rollout to finish'
complete -c shipper -n "__fish_shipper_using_subcommand refresh" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand refresh" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand refresh" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand refresh" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand refresh" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand run" -l revision -d 'Run revision N of the family [default: the revision the service runs]' -r
complete -c shipper -n "__fish_shipper_using_subcommand run" -l overrides -d 'Task overrides as JSON, e.g. \'{"containerOverrides":[{"name":"app","command":["migrate"]}]}\'' -r
complete -c shipper -n "__fish_shipper_using_subcommand run" -l watch-container -d 'Whose exit code to report [default: the first container]' -r
complete -c shipper -n "__fish_shipper_using_subcommand run" -l poll-interval -d 'The longest pause between reads of the rollout\'s state (shorter after the update and whenever it moves)' -r
complete -c shipper -n "__fish_shipper_using_subcommand run" -l wait-until -d 'Return (exit 0) once a blue/green, linear or canary deployment reaches this lifecycle stage, leaving it running (e.g. POST_TEST_TRAFFIC_SHIFT, paused for approval)' -r -f -a "RECONCILE_SERVICE\t''
PRE_SCALE_UP\t''
SCALE_UP\t''
POST_SCALE_UP\t''
TEST_TRAFFIC_SHIFT\t''
POST_TEST_TRAFFIC_SHIFT\t''
PRE_PRODUCTION_TRAFFIC_SHIFT\t''
PRODUCTION_TRAFFIC_SHIFT\t''
POST_PRODUCTION_TRAFFIC_SHIFT\t''
BAKE_TIME\t''
CLEAN_UP\t''"
complete -c shipper -n "__fish_shipper_using_subcommand run" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand run" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand run" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand run" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand run" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand run" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand run" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand run" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand run" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand run" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand run" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand run" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand run" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand run" -l latest-task-definition -d 'Run the newest registered revision of the family'
complete -c shipper -n "__fish_shipper_using_subcommand run" -l no-wait -d 'Do not wait for the rollout to finish'
complete -c shipper -n "__fish_shipper_using_subcommand run" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand run" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand run" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand run" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand exec" -l id -d 'The task (its id or ARN) [default: the only running task; on a terminal, a picker]' -r
complete -c shipper -n "__fish_shipper_using_subcommand exec" -l container -d 'The container [default: the task\'s first]' -r
complete -c shipper -n "__fish_shipper_using_subcommand exec" -l command -d 'The command to run in the container' -r
complete -c shipper -n "__fish_shipper_using_subcommand exec" -l port -d 'With --port-forward: the port to reach (on the task, or on --host)' -r
complete -c shipper -n "__fish_shipper_using_subcommand exec" -l local-port -d 'With --port-forward: the local port to listen on [default: one the plugin picks]' -r
complete -c shipper -n "__fish_shipper_using_subcommand exec" -l host -d 'With --port-forward: a host the task reaches (a database, …) instead of the task itself' -r
complete -c shipper -n "__fish_shipper_using_subcommand exec" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand exec" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand exec" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand exec" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand exec" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand exec" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand exec" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand exec" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand exec" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand exec" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand exec" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand exec" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand exec" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand exec" -l port-forward -d 'Forward a local port to the task\'s container, or through it to --host (an SSM port forwarding session), instead of running a command'
complete -c shipper -n "__fish_shipper_using_subcommand exec" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand exec" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand exec" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand exec" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand exec" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand render" -l format -d 'Document format' -r -f -a "json\t''
yaml\t''"
complete -c shipper -n "__fish_shipper_using_subcommand render" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand render" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand render" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand render" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand render" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand render" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand render" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand render" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand render" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand render" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand render" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand render" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand render" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand render" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand render" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand render" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand render" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand render" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand appspec" -l format -d 'The AppSpec\'s format' -r -f -a "yaml\t''
json\t''"
complete -c shipper -n "__fish_shipper_using_subcommand appspec" -l task-definition -d 'The task definition to put in it [default: the one the service runs]' -r
complete -c shipper -n "__fish_shipper_using_subcommand appspec" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand appspec" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand appspec" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand appspec" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand appspec" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand appspec" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand appspec" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand appspec" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand appspec" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand appspec" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand appspec" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand appspec" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand appspec" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand appspec" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand appspec" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand appspec" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand appspec" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand appspec" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand init" -l service -d 'The service to read' -r
complete -c shipper -n "__fish_shipper_using_subcommand init" -l daemon -d 'Read this ECS daemon instead of a service: write its daemon and daemon task definitions' -r
complete -c shipper -n "__fish_shipper_using_subcommand init" -l cluster -d 'Its cluster' -r
complete -c shipper -n "__fish_shipper_using_subcommand init" -l format -d 'Format of the definitions written' -r -f -a "json\t''
yaml\t''
jsonnet\t''"
complete -c shipper -n "__fish_shipper_using_subcommand init" -l task-definition-path -d 'Where to write the task definition [default: ecs-task-def.<format>]' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand init" -l service-definition-path -d 'Where to write the service definition [default: ecs-service-def.<format>]' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand init" -l express-definition-path -d 'Where to write an Express service\'s definition [default: ecs-express-def.<format>]' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand init" -l daemon-definition-path -d 'Where to write a daemon\'s definition [default: ecs-daemon-def.<format>]' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand init" -l daemon-task-definition-path -d 'Where to write a daemon\'s task definition [default: ecs-daemon-task-def.<format>]' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand init" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand init" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand init" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand init" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand init" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand init" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand init" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand init" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand init" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand init" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand init" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand init" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand init" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand init" -l express -d 'The service is an Express Mode service: write its Express definition (ecspresso\'s `init --express`)'
complete -c shipper -n "__fish_shipper_using_subcommand init" -l jsonnet -d 'Same as --format jsonnet (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand init" -l move-secrets -d 'Write environment values that hold an SSM SecureString as `secrets` entries (ECS injects them) instead of `{{ ssm NAME }}` references; `diff` then shows the move'
complete -c shipper -n "__fish_shipper_using_subcommand init" -l force -l force-overwrite -d 'Overwrite files that exist'
complete -c shipper -n "__fish_shipper_using_subcommand init" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand init" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand init" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand init" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand verify" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand verify" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand verify" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand verify" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand verify" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand verify" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand verify" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand verify" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand verify" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand verify" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand verify" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand verify" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand verify" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand verify" -l no-put-logs -d 'ecspresso\'s: shipper never writes log events (a no-op)'
complete -c shipper -n "__fish_shipper_using_subcommand verify" -l no-get-secrets -d 'ecspresso\'s: shipper never reads secret values (a no-op)'
complete -c shipper -n "__fish_shipper_using_subcommand verify" -l no-cache -d 'ecspresso\'s: shipper checks each resource once per run anyway (a no-op)'
complete -c shipper -n "__fish_shipper_using_subcommand verify" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand verify" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand verify" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand verify" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand tasks" -l id -d 'Only this task (its id or ARN)' -r
complete -c shipper -n "__fish_shipper_using_subcommand tasks" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand tasks" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand tasks" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand tasks" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand tasks" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand tasks" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand tasks" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand tasks" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand tasks" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand tasks" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand tasks" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand tasks" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand tasks" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand tasks" -l stopped -d 'Include stopped tasks (ECS keeps them about an hour)'
complete -c shipper -n "__fish_shipper_using_subcommand tasks" -l stop -d 'Stop the listed running tasks (the service starts replacements); asks first unless --force'
complete -c shipper -n "__fish_shipper_using_subcommand tasks" -l force -d 'Do not ask before stopping'
complete -c shipper -n "__fish_shipper_using_subcommand tasks" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand tasks" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand tasks" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand tasks" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand tasks" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand logs" -l id -d 'Only this task\'s logs (its id or ARN)' -r
complete -c shipper -n "__fish_shipper_using_subcommand logs" -l container -d 'Only this container\'s logs' -r
complete -c shipper -n "__fish_shipper_using_subcommand logs" -l since -d 'Start this long ago, e.g. 10m, 2h' -r
complete -c shipper -n "__fish_shipper_using_subcommand logs" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand logs" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand logs" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand logs" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand logs" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand logs" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand logs" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand logs" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand logs" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand logs" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand logs" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand logs" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand logs" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand logs" -s f -l follow -d 'Keep printing new lines until interrupted'
complete -c shipper -n "__fish_shipper_using_subcommand logs" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand logs" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand logs" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand logs" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand logs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand delete" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand delete" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand delete" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand delete" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand delete" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand delete" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand delete" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand delete" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand delete" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand delete" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand delete" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand delete" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand delete" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand delete" -l force -d 'Do not ask: delete at once'
complete -c shipper -n "__fish_shipper_using_subcommand delete" -l terminate -d 'Stop the service\'s tasks too (DeleteService --force); without it the service must be scaled to 0 first'
complete -c shipper -n "__fish_shipper_using_subcommand delete" -l dry-run -d 'Print what would be deleted and change nothing'
complete -c shipper -n "__fish_shipper_using_subcommand delete" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand delete" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand delete" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand delete" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l count -d 'Go back N deployments (distinct task definitions) in the service\'s history [default: 1]' -r
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l to-revision -d 'Go back to revision N of the task definition family' -r
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l to-tag -d 'Go back to the image at this ECR tag (reusing a revision that has it, or registering one)' -r
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l poll-interval -d 'The longest pause between reads of the rollout\'s state (shorter after the update and whenever it moves)' -r
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l wait-until -d 'Return (exit 0) once a blue/green, linear or canary deployment reaches this lifecycle stage, leaving it running (e.g. POST_TEST_TRAFFIC_SHIFT, paused for approval)' -r -f -a "RECONCILE_SERVICE\t''
PRE_SCALE_UP\t''
SCALE_UP\t''
POST_SCALE_UP\t''
TEST_TRAFFIC_SHIFT\t''
POST_TEST_TRAFFIC_SHIFT\t''
PRE_PRODUCTION_TRAFFIC_SHIFT\t''
PRODUCTION_TRAFFIC_SHIFT\t''
POST_PRODUCTION_TRAFFIC_SHIFT\t''
BAKE_TIME\t''
CLEAN_UP\t''"
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l dry-run -d 'Print what would happen and change nothing'
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l deregister -l deregister-task-definition -d 'Deregister the task definition rolled back from, once the rollback succeeded'
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l no-deregister-task-definition -d 'Keep the task definition rolled back from (the default; ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l no-wait -d 'Do not wait for the rollout to finish'
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand rollback" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand version" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand version" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand version" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand version" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand version" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand version" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand version" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand version" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand version" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand version" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand version" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand version" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand version" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand version" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand version" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand version" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand version" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand version" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand completions" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand man" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or give a quoted glob (\'services/*/shipper.yml\') to work on several services in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand man" -l stack -d 'A stack file listing the configs of several services (`services:`), worked on in one run' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand man" -l concurrency -d 'How many services of a run over several to work on at once [default: 50]' -r
complete -c shipper -n "__fish_shipper_using_subcommand man" -l rate-limit -d 'The account\'s own API rate limit for an action\'s group, where AWS raised it (e.g. RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an endpoint without limits)' -r
complete -c shipper -n "__fish_shipper_using_subcommand man" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand man" -l ext-str -d 'Jsonnet external variable for std.extVar, as a string (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand man" -l ext-code -d 'Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)' -r
complete -c shipper -n "__fish_shipper_using_subcommand man" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand man" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand man" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand man" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand man" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand man" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand man" -l fail-fast -d 'In a run over several services: start no more after the first one fails'
complete -c shipper -n "__fish_shipper_using_subcommand man" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand man" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand man" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "deploy" -d 'Register the task definition if it changed, update (or create) the service, follow the rollout'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "diff" -d 'Show what a deploy would change: local definitions vs what runs'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "register" -d 'Register the task definition (without deploying it)'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "deregister" -d 'Deregister old task definition revisions (never one in use)'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "revisions" -d 'List the family\'s revisions, their images, and which are in use'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "images" -d 'List the ECR tags of the service\'s images and which revisions used them'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "status" -d 'Show the service: deployments, recent events, target health, stopped tasks'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "wait" -d 'Follow the deployment in progress until it ends'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "continue" -d 'Let a deployment waiting at a PAUSE lifecycle hook go on (manual approval) once the gates of its phase pass, then follow it'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "scale" -d 'Change the desired number of tasks'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "refresh" -d 'Replace every task with a fresh one (a new deployment of the same task definition)'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "run" -d 'Run a one-off task with the service\'s network settings; exit with its container\'s code'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "exec" -d 'Run a command (a shell by default) in a running task through ECS Exec, or forward a local port to the task (--port-forward); needs session-manager-plugin on PATH'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "render" -d 'Print the rendered config, task definition and/or service definition'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "appspec" -d 'Print the AppSpec a CodeDeploy deployment of the service would use'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "init" -d 'Write a config and definitions from a service that runs now'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "verify" -d 'Check that what the definitions refer to exists (images, secrets, roles, target groups, logs); changes nothing'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "tasks" -d 'List the service\'s tasks: status, revision, health, why they stopped; --stop stops them'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "logs" -d 'Print the containers\' CloudWatch Logs of the service or of one task'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "delete" -d 'Delete the service (asks first unless --force)'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "rollback" -d 'Roll the service back: stop a deployment in flight, or go back N deployments, to a revision, or to an image tag'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "version" -d 'Print shipper\'s version'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "man" -d 'Print the man page (roff), or write one per command into a directory'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from deploy diff register deregister revisions images status wait continue scale refresh run exec render appspec init verify tasks logs delete rollback version completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
