
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
            cand render 'Print the rendered config, task definition and/or service definition'
            cand version 'Print shipper''s version'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
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
            cand render 'Print the rendered config, task definition and/or service definition'
            cand version 'Print shipper''s version'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shipper;help;render'= {
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
