# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_pleroctl_global_optspecs
    string join \n config-dir= env= set= ssm-path= h/help V/version
end

function __fish_pleroctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_pleroctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_pleroctl_using_subcommand
    set -l cmd (__fish_pleroctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c pleroctl -n "__fish_pleroctl_needs_command" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_needs_command" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_needs_command" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_needs_command" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_needs_command" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_needs_command" -s V -l version -d 'Print version'
complete -c pleroctl -n "__fish_pleroctl_needs_command" -f -a "config" -d 'Show or check the layered configuration'
complete -c pleroctl -n "__fish_pleroctl_needs_command" -f -a "serve" -d 'Run the HTTP server (drains on SIGTERM/SIGINT)'
complete -c pleroctl -n "__fish_pleroctl_needs_command" -f -a "health" -d 'Ask a running node whether it is ready (/readyz) or alive (/healthz); exit 0 when it is'
complete -c pleroctl -n "__fish_pleroctl_needs_command" -f -a "instance" -d 'Set up a new instance: generate its configuration and secrets'
complete -c pleroctl -n "__fish_pleroctl_needs_command" -f -a "migrate" -d 'Apply, list, check or revert database migrations'
complete -c pleroctl -n "__fish_pleroctl_needs_command" -f -a "db" -d 'Create the database'
complete -c pleroctl -n "__fish_pleroctl_needs_command" -f -a "user" -d 'Manage users and invites'
complete -c pleroctl -n "__fish_pleroctl_needs_command" -f -a "jobs" -d 'Look into the job queue: list, show, retry, cancel, stats; benchmark it'
complete -c pleroctl -n "__fish_pleroctl_needs_command" -f -a "events" -d 'Watch and probe the change stream every node hears'
complete -c pleroctl -n "__fish_pleroctl_needs_command" -f -a "secrets" -d 'Pull, push or list the secrets kept in AWS SSM Parameter Store'
complete -c pleroctl -n "__fish_pleroctl_needs_command" -f -a "uploads" -d 'Check the uploads backend; migrate local uploads to S3'
complete -c pleroctl -n "__fish_pleroctl_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
complete -c pleroctl -n "__fish_pleroctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -f -a "show" -d 'Print the merged configuration, every secret redacted'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -f -a "check" -d 'Validate the configuration; exit 1 listing every problem'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and not __fish_seen_subcommand_from show check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and __fish_seen_subcommand_from show" -l output -r -f -a "toml\t''
json\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and __fish_seen_subcommand_from show" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and __fish_seen_subcommand_from show" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and __fish_seen_subcommand_from show" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and __fish_seen_subcommand_from show" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and __fish_seen_subcommand_from show" -l origin -d 'Also show where each value came from (file:line, SSM parameter, env var, --set flag, default)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and __fish_seen_subcommand_from check" -l output -d '`text` lists problems on stderr; `json` prints {"valid": …, "problems": […]} on stdout' -r -f -a "text\t''
json\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and __fish_seen_subcommand_from check" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and __fish_seen_subcommand_from check" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and __fish_seen_subcommand_from check" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and __fish_seen_subcommand_from check" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the merged configuration, every secret redacted'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "check" -d 'Validate the configuration; exit 1 listing every problem'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand serve" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand serve" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand serve" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand serve" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand serve" -l migrate -d 'Apply pending database migrations first (without it, pending migrations refuse the start)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand serve" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand health" -l url -d 'The node\'s address, e.g. http://127.0.0.1:4000 [default: http.ip and http.port of the configuration, asked on loopback when it listens on 0.0.0.0 or ::]' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand health" -l probe -d '`ready`: GET /readyz (the database answers, no migration pending); `live`: GET /healthz (the process answers)' -r -f -a "ready\t''
live\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand health" -l timeout -d 'Seconds to wait for the whole answer' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand health" -s o -l output -r -f -a "text\t''
json\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand health" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand health" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand health" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand health" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand health" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and not __fish_seen_subcommand_from gen help" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and not __fish_seen_subcommand_from gen help" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and not __fish_seen_subcommand_from gen help" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and not __fish_seen_subcommand_from gen help" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and not __fish_seen_subcommand_from gen help" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and not __fish_seen_subcommand_from gen help" -f -a "gen" -d 'Generate a new instance\'s configuration and secrets (asks, or takes every answer as a flag)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and not __fish_seen_subcommand_from gen help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l domain -d 'Public domain, without scheme (social.example, or 127.0.0.1:4000 for tests)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l instance-name -d 'Instance name [default: the domain]' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l admin-email -d 'Administrator\'s e-mail address' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l notify-email -d 'Sender address of notification mails [default: the admin e-mail]' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l db-backend -d 'Database backend [default: sqlite]' -r -f -a "sqlite\t''
postgres\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l db-host -d 'PostgreSQL host [default: 127.0.0.1]' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l db-port -d 'PostgreSQL port [default: 5432]' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l db-name -d 'PostgreSQL database name [default: plero]' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l db-user -d 'PostgreSQL role [default: plero]' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l db-password -d 'PostgreSQL role\'s password [default: a random one]' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l listen-ip -d 'IP address the server listens on [default: 127.0.0.1]' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l listen-port -d 'Port the server listens on [default: 4000]' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l uploads-backend -d 'Where uploads go [default: local]' -r -f -a "local\t''
s3\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l uploads-dir -d 'Directory of local uploads, apart from instance.data_dir [default: uploads]' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l s3-bucket -d 'S3 bucket (uploads backend s3)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l s3-region -d 'S3 region [default: us-east-1]' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l s3-endpoint -d 'S3 endpoint URL, for S3-compatible stores [default: AWS]' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l strip-exif -d 'Strip EXIF metadata from uploaded images: yes or no [default: yes]' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l indexable -d 'Let search engines index the instance (robots.txt): yes or no [default: no]' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l output -d 'The secret config to write [default: <config dir>/<env>.secret.toml, config dir ./config]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l output-sql -d 'The PostgreSQL set-up SQL to write [default: setup_db.psql beside --output]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l output-robots -d 'The robots.txt to write [default: robots.txt beside --output]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -l force -d 'Overwrite files that exist'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -s y -l yes -d 'Never prompt: take defaults, fail (exit 2) naming any missing required flag'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from gen" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from help" -f -a "gen" -d 'Generate a new instance\'s configuration and secrets (asks, or takes every answer as a flag)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand instance; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and not __fish_seen_subcommand_from status check revert help" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and not __fish_seen_subcommand_from status check revert help" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and not __fish_seen_subcommand_from status check revert help" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and not __fish_seen_subcommand_from status check revert help" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and not __fish_seen_subcommand_from status check revert help" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and not __fish_seen_subcommand_from status check revert help" -f -a "status" -d 'List every migration and whether it is applied'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and not __fish_seen_subcommand_from status check revert help" -f -a "check" -d 'Exit 1 when a migration is pending (a readiness gate for CI and deploys)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and not __fish_seen_subcommand_from status check revert help" -f -a "revert" -d 'Revert the newest migration, or every one newer than --to'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and not __fish_seen_subcommand_from status check revert help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -s o -l output -r -f -a "table\t'Aligned columns (with borders on a terminal)'
json\t''
csv\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and __fish_seen_subcommand_from check" -s o -l output -r -f -a "text\t''
json\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and __fish_seen_subcommand_from check" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and __fish_seen_subcommand_from check" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and __fish_seen_subcommand_from check" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and __fish_seen_subcommand_from check" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and __fish_seen_subcommand_from revert" -l to -d 'Revert down to this version (it stays applied); 0 reverts everything' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and __fish_seen_subcommand_from revert" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and __fish_seen_subcommand_from revert" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and __fish_seen_subcommand_from revert" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and __fish_seen_subcommand_from revert" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and __fish_seen_subcommand_from revert" -s y -l yes -d 'Do not ask for confirmation'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and __fish_seen_subcommand_from revert" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "status" -d 'List every migration and whether it is applied'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "check" -d 'Exit 1 when a migration is pending (a readiness gate for CI and deploys)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "revert" -d 'Revert the newest migration, or every one newer than --to'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand db; and not __fish_seen_subcommand_from create help" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand db; and not __fish_seen_subcommand_from create help" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand db; and not __fish_seen_subcommand_from create help" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand db; and not __fish_seen_subcommand_from create help" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand db; and not __fish_seen_subcommand_from create help" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand db; and not __fish_seen_subcommand_from create help" -f -a "create" -d 'Create the database (PostgreSQL: needs a role with CREATEDB; SQLite: creates the file)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand db; and not __fish_seen_subcommand_from create help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand db; and __fish_seen_subcommand_from create" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand db; and __fish_seen_subcommand_from create" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand db; and __fish_seen_subcommand_from create" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand db; and __fish_seen_subcommand_from create" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand db; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create the database (PostgreSQL: needs a role with CREATEDB; SQLite: creates the file)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and not __fish_seen_subcommand_from new list show set reset-password deactivate activate approve rm sign-out invite invites revoke-invite help" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and not __fish_seen_subcommand_from new list show set reset-password deactivate activate approve rm sign-out invite invites revoke-invite help" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and not __fish_seen_subcommand_from new list show set reset-password deactivate activate approve rm sign-out invite invites revoke-invite help" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and not __fish_seen_subcommand_from new list show set reset-password deactivate activate approve rm sign-out invite invites revoke-invite help" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and not __fish_seen_subcommand_from new list show set reset-password deactivate activate approve rm sign-out invite invites revoke-invite help" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and not __fish_seen_subcommand_from new list show set reset-password deactivate activate approve rm sign-out invite invites revoke-invite help" -f -a "new" -d 'Create a local user (with its RSA key pair); prints a generated password unless --password-stdin'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and not __fish_seen_subcommand_from new list show set reset-password deactivate activate approve rm sign-out invite invites revoke-invite help" -f -a "list" -d 'List accounts'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and not __fish_seen_subcommand_from new list show set reset-password deactivate activate approve rm sign-out invite invites revoke-invite help" -f -a "show" -d 'Show one account (NICK, or NICK@DOMAIN for a remote one)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and not __fish_seen_subcommand_from new list show set reset-password deactivate activate approve rm sign-out invite invites revoke-invite help" -f -a "set" -d 'Change roles, flags and profile text'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and not __fish_seen_subcommand_from new list show set reset-password deactivate activate approve rm sign-out invite invites revoke-invite help" -f -a "reset-password" -d 'Print a one-time password-reset link, or set the password read from stdin'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and not __fish_seen_subcommand_from new list show set reset-password deactivate activate approve rm sign-out invite invites revoke-invite help" -f -a "deactivate" -d 'Deactivate a user: no sign-in, its tokens stop working at once'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and not __fish_seen_subcommand_from new list show set reset-password deactivate activate approve rm sign-out invite invites revoke-invite help" -f -a "activate" -d 'Reactivate a deactivated user'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and not __fish_seen_subcommand_from new list show set reset-password deactivate activate approve rm sign-out invite invites revoke-invite help" -f -a "approve" -d 'Approve sign-ups waiting for approval (registrations = "approval"); refuse one with `user rm`'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and not __fish_seen_subcommand_from new list show set reset-password deactivate activate approve rm sign-out invite invites revoke-invite help" -f -a "rm" -d 'Delete a user and everything it posted'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and not __fish_seen_subcommand_from new list show set reset-password deactivate activate approve rm sign-out invite invites revoke-invite help" -f -a "sign-out" -d 'Revoke every token of a user (signs it out of every app)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and not __fish_seen_subcommand_from new list show set reset-password deactivate activate approve rm sign-out invite invites revoke-invite help" -f -a "invite" -d 'Create an invite code'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and not __fish_seen_subcommand_from new list show set reset-password deactivate activate approve rm sign-out invite invites revoke-invite help" -f -a "invites" -d 'List invites'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and not __fish_seen_subcommand_from new list show set reset-password deactivate activate approve rm sign-out invite invites revoke-invite help" -f -a "revoke-invite" -d 'Revoke an invite code'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and not __fish_seen_subcommand_from new list show set reset-password deactivate activate approve rm sign-out invite invites revoke-invite help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from new" -l name -d 'Display name' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from new" -l bio -d 'Profile text' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from new" -s o -l output -r -f -a "text\t''
json\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from new" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from new" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from new" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from new" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from new" -l password-stdin -d 'Read the password from stdin (one line)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from new" -l admin
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from new" -l moderator
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from new" -s y -l yes -d 'Do not ask for confirmation (implied by --password-stdin: stdin carries the password, not an answer)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from new" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from list" -l limit -d 'At most N accounts (oldest first)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from list" -l after -d 'Only accounts after this id (the last id of the previous page)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from list" -s o -l output -r -f -a "table\t'Aligned columns (with borders on a terminal)'
json\t''
csv\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from list" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from list" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from list" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from list" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from list" -l local -d 'Only local accounts'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from list" -l remote -d 'Only remote accounts'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from list" -l admins -d 'Only admins'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from list" -l moderators -d 'Only moderators'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from list" -l deactivated -d 'Only deactivated users'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from list" -l pending -d 'Only sign-ups waiting for approval (see `user approve`)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from show" -s o -l output -r -f -a "text\t''
json\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from show" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from show" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from show" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from show" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from set" -l display-name -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from set" -l bio -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from set" -s o -l output -r -f -a "text\t''
json\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from set" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from set" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from set" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from set" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from set" -l admin
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from set" -l no-admin
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from set" -l moderator
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from set" -l no-moderator
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from set" -l locked -d 'Followers must be approved'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from set" -l no-locked
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from set" -l confirmed -d 'Mark the email as confirmed'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from set" -l no-confirmed
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -s o -l output -d 'How to print the link: the URL alone, or JSON with its expiry' -r -f -a "text\t''
json\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -l password-stdin -d 'Read the new password from stdin (one line) instead of printing a reset link'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from reset-password" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from deactivate" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from deactivate" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from deactivate" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from deactivate" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from deactivate" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from activate" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from activate" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from activate" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from activate" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from activate" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from approve" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from approve" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from approve" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from approve" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from approve" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from rm" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from rm" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from rm" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from rm" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from rm" -s y -l yes -d 'Do not ask for confirmation'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from sign-out" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from sign-out" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from sign-out" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from sign-out" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from sign-out" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from invite" -l max-use -d 'How many registrations it allows (default: unlimited)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from invite" -l expires-at -d 'When it expires: 2026-12-31 (midnight UTC) or 2026-12-31T12:00:00Z' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from invite" -s o -l output -r -f -a "text\t''
json\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from invite" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from invite" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from invite" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from invite" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from invite" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from invites" -s o -l output -r -f -a "table\t'Aligned columns (with borders on a terminal)'
json\t''
csv\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from invites" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from invites" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from invites" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from invites" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from invites" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from revoke-invite" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from revoke-invite" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from revoke-invite" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from revoke-invite" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from revoke-invite" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "new" -d 'Create a local user (with its RSA key pair); prints a generated password unless --password-stdin'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "list" -d 'List accounts'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one account (NICK, or NICK@DOMAIN for a remote one)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change roles, flags and profile text'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "reset-password" -d 'Print a one-time password-reset link, or set the password read from stdin'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "deactivate" -d 'Deactivate a user: no sign-in, its tokens stop working at once'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "activate" -d 'Reactivate a deactivated user'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "approve" -d 'Approve sign-ups waiting for approval (registrations = "approval"); refuse one with `user rm`'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Delete a user and everything it posted'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "sign-out" -d 'Revoke every token of a user (signs it out of every app)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "invite" -d 'Create an invite code'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "invites" -d 'List invites'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "revoke-invite" -d 'Revoke an invite code'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and not __fish_seen_subcommand_from list show retry cancel stats bench help" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and not __fish_seen_subcommand_from list show retry cancel stats bench help" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and not __fish_seen_subcommand_from list show retry cancel stats bench help" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and not __fish_seen_subcommand_from list show retry cancel stats bench help" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and not __fish_seen_subcommand_from list show retry cancel stats bench help" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and not __fish_seen_subcommand_from list show retry cancel stats bench help" -f -a "list" -d 'List jobs, newest first'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and not __fish_seen_subcommand_from list show retry cancel stats bench help" -f -a "show" -d 'Show one job, with its payload and last error'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and not __fish_seen_subcommand_from list show retry cancel stats bench help" -f -a "retry" -d 'Queue a dead or cancelled job again, due now, its attempts starting over'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and not __fish_seen_subcommand_from list show retry cancel stats bench help" -f -a "cancel" -d 'Cancel a queued or running job (a running attempt\'s result is then refused)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and not __fish_seen_subcommand_from list show retry cancel stats bench help" -f -a "stats" -d 'Jobs per queue and state, and how long the oldest due job has waited'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and not __fish_seen_subcommand_from list show retry cancel stats bench help" -f -a "bench" -d 'Run no-op jobs through the workers of this process and print jobs per second (the jobs go to a queue of their own and are deleted afterwards)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and not __fish_seen_subcommand_from list show retry cancel stats bench help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from list" -l state -d 'Only jobs in this state' -r -f -a "queued\t''
running\t''
done\t''
dead\t''
cancelled\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from list" -l queue -d 'Only jobs of this queue' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from list" -l kind -d 'Only jobs of this kind' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from list" -l limit -d 'At most N jobs' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from list" -s o -l output -r -f -a "table\t'Aligned columns (with borders on a terminal)'
json\t''
csv\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from list" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from list" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from list" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from list" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from show" -s o -l output -r -f -a "text\t''
json\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from show" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from show" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from show" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from show" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from retry" -s o -l output -r -f -a "text\t''
json\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from retry" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from retry" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from retry" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from retry" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from retry" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -s o -l output -r -f -a "text\t''
json\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from stats" -s o -l output -r -f -a "table\t'Aligned columns (with borders on a terminal)'
json\t''
csv\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from stats" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from stats" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from stats" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from stats" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from stats" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from bench" -l jobs -d 'How many jobs' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from bench" -l workers -d 'How many run at once' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from bench" -s o -l output -r -f -a "text\t''
json\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from bench" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from bench" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from bench" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from bench" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from bench" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "list" -d 'List jobs, newest first'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one job, with its payload and last error'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "retry" -d 'Queue a dead or cancelled job again, due now, its attempts starting over'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Cancel a queued or running job (a running attempt\'s result is then refused)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "stats" -d 'Jobs per queue and state, and how long the oldest due job has waited'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "bench" -d 'Run no-op jobs through the workers of this process and print jobs per second (the jobs go to a queue of their own and are deleted afterwards)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand jobs; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and not __fish_seen_subcommand_from tail ping help" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and not __fish_seen_subcommand_from tail ping help" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and not __fish_seen_subcommand_from tail ping help" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and not __fish_seen_subcommand_from tail ping help" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and not __fish_seen_subcommand_from tail ping help" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and not __fish_seen_subcommand_from tail ping help" -f -a "tail" -d 'Print change events as this process\'s own feed receives them (as a node would), one per line, until interrupted, --count events or --timeout'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and not __fish_seen_subcommand_from tail ping help" -f -a "ping" -d 'Commit ping events (they change nothing): every node\'s feed receives them; with `tail` on another machine, they measure delivery'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and not __fish_seen_subcommand_from tail ping help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and __fish_seen_subcommand_from tail" -l count -d 'Stop after this many events' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and __fish_seen_subcommand_from tail" -l timeout -d 'Stop after this many seconds' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and __fish_seen_subcommand_from tail" -s o -l output -r -f -a "text\t'`position kind change-as-json`'
json\t'One JSON object per line'"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and __fish_seen_subcommand_from tail" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and __fish_seen_subcommand_from tail" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and __fish_seen_subcommand_from tail" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and __fish_seen_subcommand_from tail" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and __fish_seen_subcommand_from tail" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and __fish_seen_subcommand_from ping" -l count -d 'How many pings to commit, each in a transaction of its own' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and __fish_seen_subcommand_from ping" -l rate -d 'Pings per second (0: as fast as the database takes them)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and __fish_seen_subcommand_from ping" -l concurrency -d 'Commits in flight at once (as many requests of a node commit at once)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and __fish_seen_subcommand_from ping" -s o -l output -d '`text`: the last ping\'s position; `json`: also how many, how long, how fast' -r -f -a "text\t'`position kind change-as-json`'
json\t'One JSON object per line'"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and __fish_seen_subcommand_from ping" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and __fish_seen_subcommand_from ping" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and __fish_seen_subcommand_from ping" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and __fish_seen_subcommand_from ping" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and __fish_seen_subcommand_from ping" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "tail" -d 'Print change events as this process\'s own feed receives them (as a node would), one per line, until interrupted, --count events or --timeout'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "ping" -d 'Commit ping events (they change nothing): every node\'s feed receives them; with `tail` on another machine, they measure delivery'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and not __fish_seen_subcommand_from pull push list help" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and not __fish_seen_subcommand_from pull push list help" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and not __fish_seen_subcommand_from pull push list help" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and not __fish_seen_subcommand_from pull push list help" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and not __fish_seen_subcommand_from pull push list help" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and not __fish_seen_subcommand_from pull push list help" -f -a "pull" -d 'Read every parameter under the SSM path (decrypted) as a secret file (0600), `export` lines or JSON: to stdout, or written all or nothing to --output'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and not __fish_seen_subcommand_from pull push list help" -f -a "push" -d 'Put a secret file\'s keys into SSM as SecureStrings (`database.password` → <PATH>/database/password)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and not __fish_seen_subcommand_from pull push list help" -f -a "list" -d 'List the parameters under the SSM path: names, types and versions, never values'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and not __fish_seen_subcommand_from pull push list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from pull" -l path -d 'The parameter path [default: ssm.path]' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from pull" -l format -r -f -a "toml\t'A secret file (`<env>.secret.toml`): [section] and typed keys'
env\t'`export PLERO_<SECTION>__<KEY>=\'…\'` lines, shell-quoted, for an entrypoint to source'
json\t'{"section": {"key": value}}'"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from pull" -l output -d 'Write to this file (mode 0600, replaced all or nothing) instead of stdout' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from pull" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from pull" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from pull" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from pull" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from pull" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from push" -l path -d 'The parameter path [default: ssm.path]' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from push" -l from -d 'The secret file whose keys to put, e.g. config/prod.secret.toml' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from push" -s o -l output -r -f -a "table\t''
json\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from push" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from push" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from push" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from push" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from push" -l dry-run -d 'Only list what would be created or updated (no values); write nothing'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from push" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from list" -l path -d 'The parameter path [default: ssm.path]' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from list" -s o -l output -r -f -a "table\t'Aligned columns (with borders on a terminal)'
json\t''
csv\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from list" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from list" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from list" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from list" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from help" -f -a "pull" -d 'Read every parameter under the SSM path (decrypted) as a secret file (0600), `export` lines or JSON: to stdout, or written all or nothing to --output'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from help" -f -a "push" -d 'Put a secret file\'s keys into SSM as SecureStrings (`database.password` → <PATH>/database/password)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the parameters under the SSM path: names, types and versions, never values'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand secrets; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and not __fish_seen_subcommand_from check migrate help" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and not __fish_seen_subcommand_from check migrate help" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and not __fish_seen_subcommand_from check migrate help" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and not __fish_seen_subcommand_from check migrate help" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and not __fish_seen_subcommand_from check migrate help" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and not __fish_seen_subcommand_from check migrate help" -f -a "check" -d 'Put, read back and delete a probe object, naming what failed (credentials, bucket, permissions, endpoint); exit 1 on a failure'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and not __fish_seen_subcommand_from check migrate help" -f -a "migrate" -d 'Copy the local uploads into the S3 bucket (uploads.s3_*), verify each copy and point the stored URLs at it; safe to interrupt and run again. Then set uploads.backend = "s3"'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and not __fish_seen_subcommand_from check migrate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and __fish_seen_subcommand_from check" -l backend -d 'The backend to check [default: uploads.backend]' -r -f -a "local\t'The directory uploads.local_dir'
s3\t'The bucket uploads.s3_bucket'"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and __fish_seen_subcommand_from check" -s o -l output -r -f -a "text\t''
json\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and __fish_seen_subcommand_from check" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and __fish_seen_subcommand_from check" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and __fish_seen_subcommand_from check" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and __fish_seen_subcommand_from check" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and __fish_seen_subcommand_from migrate" -l to -d 'Where to copy them' -r -f -a "s3\t'The bucket uploads.s3_bucket (with s3_region, s3_endpoint, s3_path_style, s3_public_endpoint)'"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and __fish_seen_subcommand_from migrate" -l concurrency -d 'How many files are copied at once' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and __fish_seen_subcommand_from migrate" -s o -l output -r -f -a "text\t''
json\t''"
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and __fish_seen_subcommand_from migrate" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and __fish_seen_subcommand_from migrate" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and __fish_seen_subcommand_from migrate" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and __fish_seen_subcommand_from migrate" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and __fish_seen_subcommand_from migrate" -l dry-run -d 'Say what would be done; write nothing'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and __fish_seen_subcommand_from migrate" -l delete -d 'Delete each local file once its URL points at its copy'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and __fish_seen_subcommand_from help" -f -a "check" -d 'Put, read back and delete a probe object, naming what failed (credentials, bucket, permissions, endpoint); exit 1 on a failure'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and __fish_seen_subcommand_from help" -f -a "migrate" -d 'Copy the local uploads into the S3 bucket (uploads.s3_*), verify each copy and point the stored URLs at it; safe to interrupt and run again. Then set uploads.backend = "s3"'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand uploads; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand completions" -l config-dir -d 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]' -r -F
complete -c pleroctl -n "__fish_pleroctl_using_subcommand completions" -l env -d 'Environment name: selects <env>.toml and <env>.secret.toml' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand completions" -l set -d 'Override one value: --set section.key=value (repeatable; the highest layer)' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand completions" -l ssm-path -d 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/' -r
complete -c pleroctl -n "__fish_pleroctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and not __fish_seen_subcommand_from config serve health instance migrate db user jobs events secrets uploads completions help" -f -a "config" -d 'Show or check the layered configuration'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and not __fish_seen_subcommand_from config serve health instance migrate db user jobs events secrets uploads completions help" -f -a "serve" -d 'Run the HTTP server (drains on SIGTERM/SIGINT)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and not __fish_seen_subcommand_from config serve health instance migrate db user jobs events secrets uploads completions help" -f -a "health" -d 'Ask a running node whether it is ready (/readyz) or alive (/healthz); exit 0 when it is'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and not __fish_seen_subcommand_from config serve health instance migrate db user jobs events secrets uploads completions help" -f -a "instance" -d 'Set up a new instance: generate its configuration and secrets'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and not __fish_seen_subcommand_from config serve health instance migrate db user jobs events secrets uploads completions help" -f -a "migrate" -d 'Apply, list, check or revert database migrations'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and not __fish_seen_subcommand_from config serve health instance migrate db user jobs events secrets uploads completions help" -f -a "db" -d 'Create the database'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and not __fish_seen_subcommand_from config serve health instance migrate db user jobs events secrets uploads completions help" -f -a "user" -d 'Manage users and invites'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and not __fish_seen_subcommand_from config serve health instance migrate db user jobs events secrets uploads completions help" -f -a "jobs" -d 'Look into the job queue: list, show, retry, cancel, stats; benchmark it'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and not __fish_seen_subcommand_from config serve health instance migrate db user jobs events secrets uploads completions help" -f -a "events" -d 'Watch and probe the change stream every node hears'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and not __fish_seen_subcommand_from config serve health instance migrate db user jobs events secrets uploads completions help" -f -a "secrets" -d 'Pull, push or list the secrets kept in AWS SSM Parameter Store'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and not __fish_seen_subcommand_from config serve health instance migrate db user jobs events secrets uploads completions help" -f -a "uploads" -d 'Check the uploads backend; migrate local uploads to S3'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and not __fish_seen_subcommand_from config serve health instance migrate db user jobs events secrets uploads completions help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and not __fish_seen_subcommand_from config serve health instance migrate db user jobs events secrets uploads completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print the merged configuration, every secret redacted'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "check" -d 'Validate the configuration; exit 1 listing every problem'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from instance" -f -a "gen" -d 'Generate a new instance\'s configuration and secrets (asks, or takes every answer as a flag)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "status" -d 'List every migration and whether it is applied'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "check" -d 'Exit 1 when a migration is pending (a readiness gate for CI and deploys)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "revert" -d 'Revert the newest migration, or every one newer than --to'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "create" -d 'Create the database (PostgreSQL: needs a role with CREATEDB; SQLite: creates the file)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "new" -d 'Create a local user (with its RSA key pair); prints a generated password unless --password-stdin'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "list" -d 'List accounts'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "show" -d 'Show one account (NICK, or NICK@DOMAIN for a remote one)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "set" -d 'Change roles, flags and profile text'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "reset-password" -d 'Print a one-time password-reset link, or set the password read from stdin'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "deactivate" -d 'Deactivate a user: no sign-in, its tokens stop working at once'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "activate" -d 'Reactivate a deactivated user'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "approve" -d 'Approve sign-ups waiting for approval (registrations = "approval"); refuse one with `user rm`'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "rm" -d 'Delete a user and everything it posted'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "sign-out" -d 'Revoke every token of a user (signs it out of every app)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "invite" -d 'Create an invite code'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "invites" -d 'List invites'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "revoke-invite" -d 'Revoke an invite code'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "list" -d 'List jobs, newest first'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "show" -d 'Show one job, with its payload and last error'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "retry" -d 'Queue a dead or cancelled job again, due now, its attempts starting over'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "cancel" -d 'Cancel a queued or running job (a running attempt\'s result is then refused)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "stats" -d 'Jobs per queue and state, and how long the oldest due job has waited'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from jobs" -f -a "bench" -d 'Run no-op jobs through the workers of this process and print jobs per second (the jobs go to a queue of their own and are deleted afterwards)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "tail" -d 'Print change events as this process\'s own feed receives them (as a node would), one per line, until interrupted, --count events or --timeout'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "ping" -d 'Commit ping events (they change nothing): every node\'s feed receives them; with `tail` on another machine, they measure delivery'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from secrets" -f -a "pull" -d 'Read every parameter under the SSM path (decrypted) as a secret file (0600), `export` lines or JSON: to stdout, or written all or nothing to --output'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from secrets" -f -a "push" -d 'Put a secret file\'s keys into SSM as SecureStrings (`database.password` → <PATH>/database/password)'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from secrets" -f -a "list" -d 'List the parameters under the SSM path: names, types and versions, never values'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from uploads" -f -a "check" -d 'Put, read back and delete a probe object, naming what failed (credentials, bucket, permissions, endpoint); exit 1 on a failure'
complete -c pleroctl -n "__fish_pleroctl_using_subcommand help; and __fish_seen_subcommand_from uploads" -f -a "migrate" -d 'Copy the local uploads into the S3 bucket (uploads.s3_*), verify each copy and point the stored URLs at it; safe to interrupt and run again. Then set uploads.backend = "s3"'
