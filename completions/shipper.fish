# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_shipper_global_optspecs
    string join \n config= envfile= region= profile= endpoint-url= timeout= color= output= v/verbose debug show-secrets h/help V/version
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

complete -c shipper -n "__fish_shipper_needs_command" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]' -r -F
complete -c shipper -n "__fish_shipper_needs_command" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_needs_command" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_needs_command" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_needs_command" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_needs_command" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_needs_command" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_needs_command" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_needs_command" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_needs_command" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_needs_command" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_needs_command" -s V -l version -d 'Print version'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "render" -d 'Print the rendered config, task definition and/or service definition'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "version" -d 'Print shipper\'s version'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c shipper -n "__fish_shipper_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shipper -n "__fish_shipper_using_subcommand render" -l format -d 'Document format' -r -f -a "json\t''
yaml\t''"
complete -c shipper -n "__fish_shipper_using_subcommand render" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand render" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand render" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand render" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand render" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand render" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand render" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand render" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand render" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand render" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand render" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand render" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand version" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand version" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand version" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand version" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand version" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand version" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand version" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand version" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand version" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand version" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand version" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand version" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l config -d 'Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l envfile -d 'Load environment variables from a dotenv file before rendering (repeatable; later wins)' -r -F
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l region -d 'AWS region [default: the config\'s `region`, then AWS_REGION / the profile]' -r
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l profile -d 'AWS profile from the shared config files' -r
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l endpoint-url -d 'Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)' -r
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l timeout -d 'Give up waiting after this long, e.g. 90s, 10m [default: the config\'s `timeout`, then 10m]' -r
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l color -d 'When to use colours (NO_COLOR is honoured by `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l output -d 'Output format of the command\'s result on stdout' -r -f -a "text\t'Human-readable text'
json\t'One JSON document (machine-readable)'"
complete -c shipper -n "__fish_shipper_using_subcommand completions" -s v -l verbose -d 'More log output (-v: shipper\'s debug log, -vv: also the AWS SDK\'s)'
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l debug -d 'Same as -v (ecspresso\'s spelling)'
complete -c shipper -n "__fish_shipper_using_subcommand completions" -l show-secrets -d 'Print secret values (SSM SecureString) instead of masking them'
complete -c shipper -n "__fish_shipper_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from render version completions help" -f -a "render" -d 'Print the rendered config, task definition and/or service definition'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from render version completions help" -f -a "version" -d 'Print shipper\'s version'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from render version completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c shipper -n "__fish_shipper_using_subcommand help; and not __fish_seen_subcommand_from render version completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
