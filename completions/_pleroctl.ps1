
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'pleroctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'pleroctl'
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
        'pleroctl' {
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show or check the layered configuration')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the HTTP server (drains on SIGTERM/SIGINT)')
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Ask a running node whether it is ready (/readyz) or alive (/healthz); exit 0 when it is')
            [CompletionResult]::new('instance', 'instance', [CompletionResultType]::ParameterValue, 'Set up a new instance: generate its configuration and secrets')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Apply, list, check or revert database migrations')
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'Create the database')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Manage users and invites')
            [CompletionResult]::new('jobs', 'jobs', [CompletionResultType]::ParameterValue, 'Look into the job queue: list, show, retry, cancel, stats; benchmark it')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'Watch and probe the change stream every node hears')
            [CompletionResult]::new('secrets', 'secrets', [CompletionResultType]::ParameterValue, 'Pull, push or list the secrets kept in AWS SSM Parameter Store')
            [CompletionResult]::new('uploads', 'uploads', [CompletionResultType]::ParameterValue, 'Check the uploads backend; migrate local uploads to S3')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, elvish, powershell)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pleroctl;config' {
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the merged configuration, every secret redacted')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate the configuration; exit 1 listing every problem')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pleroctl;config;show' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('--origin', '--origin', [CompletionResultType]::ParameterName, 'Also show where each value came from (file:line, SSM parameter, env var, --set flag, default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;config;check' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, '`text` lists problems on stderr; `json` prints {"valid": …, "problems": […]} on stdout')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the merged configuration, every secret redacted')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate the configuration; exit 1 listing every problem')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pleroctl;config;help;show' {
            break
        }
        'pleroctl;config;help;check' {
            break
        }
        'pleroctl;config;help;help' {
            break
        }
        'pleroctl;serve' {
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('--migrate', '--migrate', [CompletionResultType]::ParameterName, 'Apply pending database migrations first (without it, pending migrations refuse the start)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;health' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The node''s address, e.g. http://127.0.0.1:4000 [default: http.ip and http.port of the configuration, asked on loopback when it listens on 0.0.0.0 or ::]')
            [CompletionResult]::new('--probe', '--probe', [CompletionResultType]::ParameterName, '`ready`: GET /readyz (the database answers, no migration pending); `live`: GET /healthz (the process answers)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the whole answer')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;instance' {
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('gen', 'gen', [CompletionResultType]::ParameterValue, 'Generate a new instance''s configuration and secrets (asks, or takes every answer as a flag)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pleroctl;instance;gen' {
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'Public domain, without scheme (social.example, or 127.0.0.1:4000 for tests)')
            [CompletionResult]::new('--instance-name', '--instance-name', [CompletionResultType]::ParameterName, 'Instance name [default: the domain]')
            [CompletionResult]::new('--admin-email', '--admin-email', [CompletionResultType]::ParameterName, 'Administrator''s e-mail address')
            [CompletionResult]::new('--notify-email', '--notify-email', [CompletionResultType]::ParameterName, 'Sender address of notification mails [default: the admin e-mail]')
            [CompletionResult]::new('--db-backend', '--db-backend', [CompletionResultType]::ParameterName, 'Database backend [default: sqlite]')
            [CompletionResult]::new('--db-host', '--db-host', [CompletionResultType]::ParameterName, 'PostgreSQL host [default: 127.0.0.1]')
            [CompletionResult]::new('--db-port', '--db-port', [CompletionResultType]::ParameterName, 'PostgreSQL port [default: 5432]')
            [CompletionResult]::new('--db-name', '--db-name', [CompletionResultType]::ParameterName, 'PostgreSQL database name [default: plero]')
            [CompletionResult]::new('--db-user', '--db-user', [CompletionResultType]::ParameterName, 'PostgreSQL role [default: plero]')
            [CompletionResult]::new('--db-password', '--db-password', [CompletionResultType]::ParameterName, 'PostgreSQL role''s password [default: a random one]')
            [CompletionResult]::new('--listen-ip', '--listen-ip', [CompletionResultType]::ParameterName, 'IP address the server listens on [default: 127.0.0.1]')
            [CompletionResult]::new('--listen-port', '--listen-port', [CompletionResultType]::ParameterName, 'Port the server listens on [default: 4000]')
            [CompletionResult]::new('--uploads-backend', '--uploads-backend', [CompletionResultType]::ParameterName, 'Where uploads go [default: local]')
            [CompletionResult]::new('--uploads-dir', '--uploads-dir', [CompletionResultType]::ParameterName, 'Directory of local uploads, apart from instance.data_dir [default: uploads]')
            [CompletionResult]::new('--s3-bucket', '--s3-bucket', [CompletionResultType]::ParameterName, 'S3 bucket (uploads backend s3)')
            [CompletionResult]::new('--s3-region', '--s3-region', [CompletionResultType]::ParameterName, 'S3 region [default: us-east-1]')
            [CompletionResult]::new('--s3-endpoint', '--s3-endpoint', [CompletionResultType]::ParameterName, 'S3 endpoint URL, for S3-compatible stores [default: AWS]')
            [CompletionResult]::new('--strip-exif', '--strip-exif', [CompletionResultType]::ParameterName, 'Strip EXIF metadata from uploaded images: yes or no [default: yes]')
            [CompletionResult]::new('--indexable', '--indexable', [CompletionResultType]::ParameterName, 'Let search engines index the instance (robots.txt): yes or no [default: no]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'The secret config to write [default: <config dir>/<env>.secret.toml, config dir ./config]')
            [CompletionResult]::new('--output-sql', '--output-sql', [CompletionResultType]::ParameterName, 'The PostgreSQL set-up SQL to write [default: setup_db.psql beside --output]')
            [CompletionResult]::new('--output-robots', '--output-robots', [CompletionResultType]::ParameterName, 'The robots.txt to write [default: robots.txt beside --output]')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite files that exist')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Never prompt: take defaults, fail (exit 2) naming any missing required flag')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Never prompt: take defaults, fail (exit 2) naming any missing required flag')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;instance;help' {
            [CompletionResult]::new('gen', 'gen', [CompletionResultType]::ParameterValue, 'Generate a new instance''s configuration and secrets (asks, or takes every answer as a flag)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pleroctl;instance;help;gen' {
            break
        }
        'pleroctl;instance;help;help' {
            break
        }
        'pleroctl;migrate' {
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'List every migration and whether it is applied')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Exit 1 when a migration is pending (a readiness gate for CI and deploys)')
            [CompletionResult]::new('revert', 'revert', [CompletionResultType]::ParameterValue, 'Revert the newest migration, or every one newer than --to')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pleroctl;migrate;status' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pleroctl;migrate;check' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;migrate;revert' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Revert down to this version (it stays applied); 0 reverts everything')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;migrate;help' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'List every migration and whether it is applied')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Exit 1 when a migration is pending (a readiness gate for CI and deploys)')
            [CompletionResult]::new('revert', 'revert', [CompletionResultType]::ParameterValue, 'Revert the newest migration, or every one newer than --to')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pleroctl;migrate;help;status' {
            break
        }
        'pleroctl;migrate;help;check' {
            break
        }
        'pleroctl;migrate;help;revert' {
            break
        }
        'pleroctl;migrate;help;help' {
            break
        }
        'pleroctl;db' {
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create the database (PostgreSQL: needs a role with CREATEDB; SQLite: creates the file)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pleroctl;db;create' {
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;db;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create the database (PostgreSQL: needs a role with CREATEDB; SQLite: creates the file)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pleroctl;db;help;create' {
            break
        }
        'pleroctl;db;help;help' {
            break
        }
        'pleroctl;user' {
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Create a local user (with its RSA key pair); prints a generated password unless --password-stdin')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List accounts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one account (NICK, or NICK@DOMAIN for a remote one)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change roles, flags and profile text')
            [CompletionResult]::new('reset-password', 'reset-password', [CompletionResultType]::ParameterValue, 'Print a one-time password-reset link, or set the password read from stdin')
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Deactivate a user: no sign-in, its tokens stop working at once')
            [CompletionResult]::new('activate', 'activate', [CompletionResultType]::ParameterValue, 'Reactivate a deactivated user')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve sign-ups waiting for approval (registrations = "approval"); refuse one with `user rm`')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a user and everything it posted')
            [CompletionResult]::new('sign-out', 'sign-out', [CompletionResultType]::ParameterValue, 'Revoke every token of a user (signs it out of every app)')
            [CompletionResult]::new('invite', 'invite', [CompletionResultType]::ParameterValue, 'Create an invite code')
            [CompletionResult]::new('invites', 'invites', [CompletionResultType]::ParameterValue, 'List invites')
            [CompletionResult]::new('revoke-invite', 'revoke-invite', [CompletionResultType]::ParameterValue, 'Revoke an invite code')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pleroctl;user;new' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Display name')
            [CompletionResult]::new('--bio', '--bio', [CompletionResultType]::ParameterName, 'Profile text')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from stdin (one line)')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'admin')
            [CompletionResult]::new('--moderator', '--moderator', [CompletionResultType]::ParameterName, 'moderator')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (implied by --password-stdin: stdin carries the password, not an answer)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (implied by --password-stdin: stdin carries the password, not an answer)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;user;list' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most N accounts (oldest first)')
            [CompletionResult]::new('--after', '--after', [CompletionResultType]::ParameterName, 'Only accounts after this id (the last id of the previous page)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('--local', '--local', [CompletionResultType]::ParameterName, 'Only local accounts')
            [CompletionResult]::new('--remote', '--remote', [CompletionResultType]::ParameterName, 'Only remote accounts')
            [CompletionResult]::new('--admins', '--admins', [CompletionResultType]::ParameterName, 'Only admins')
            [CompletionResult]::new('--moderators', '--moderators', [CompletionResultType]::ParameterName, 'Only moderators')
            [CompletionResult]::new('--deactivated', '--deactivated', [CompletionResultType]::ParameterName, 'Only deactivated users')
            [CompletionResult]::new('--pending', '--pending', [CompletionResultType]::ParameterName, 'Only sign-ups waiting for approval (see `user approve`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pleroctl;user;show' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;user;set' {
            [CompletionResult]::new('--display-name', '--display-name', [CompletionResultType]::ParameterName, 'display-name')
            [CompletionResult]::new('--bio', '--bio', [CompletionResultType]::ParameterName, 'bio')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'admin')
            [CompletionResult]::new('--no-admin', '--no-admin', [CompletionResultType]::ParameterName, 'no-admin')
            [CompletionResult]::new('--moderator', '--moderator', [CompletionResultType]::ParameterName, 'moderator')
            [CompletionResult]::new('--no-moderator', '--no-moderator', [CompletionResultType]::ParameterName, 'no-moderator')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Followers must be approved')
            [CompletionResult]::new('--no-locked', '--no-locked', [CompletionResultType]::ParameterName, 'no-locked')
            [CompletionResult]::new('--confirmed', '--confirmed', [CompletionResultType]::ParameterName, 'Mark the email as confirmed')
            [CompletionResult]::new('--no-confirmed', '--no-confirmed', [CompletionResultType]::ParameterName, 'no-confirmed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;user;reset-password' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'How to print the link: the URL alone, or JSON with its expiry')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print the link: the URL alone, or JSON with its expiry')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the new password from stdin (one line) instead of printing a reset link')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;user;deactivate' {
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;user;activate' {
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;user;approve' {
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;user;rm' {
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;user;sign-out' {
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;user;invite' {
            [CompletionResult]::new('--max-use', '--max-use', [CompletionResultType]::ParameterName, 'How many registrations it allows (default: unlimited)')
            [CompletionResult]::new('--expires-at', '--expires-at', [CompletionResultType]::ParameterName, 'When it expires: 2026-12-31 (midnight UTC) or 2026-12-31T12:00:00Z')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;user;invites' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pleroctl;user;revoke-invite' {
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;user;help' {
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Create a local user (with its RSA key pair); prints a generated password unless --password-stdin')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List accounts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one account (NICK, or NICK@DOMAIN for a remote one)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change roles, flags and profile text')
            [CompletionResult]::new('reset-password', 'reset-password', [CompletionResultType]::ParameterValue, 'Print a one-time password-reset link, or set the password read from stdin')
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Deactivate a user: no sign-in, its tokens stop working at once')
            [CompletionResult]::new('activate', 'activate', [CompletionResultType]::ParameterValue, 'Reactivate a deactivated user')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve sign-ups waiting for approval (registrations = "approval"); refuse one with `user rm`')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a user and everything it posted')
            [CompletionResult]::new('sign-out', 'sign-out', [CompletionResultType]::ParameterValue, 'Revoke every token of a user (signs it out of every app)')
            [CompletionResult]::new('invite', 'invite', [CompletionResultType]::ParameterValue, 'Create an invite code')
            [CompletionResult]::new('invites', 'invites', [CompletionResultType]::ParameterValue, 'List invites')
            [CompletionResult]::new('revoke-invite', 'revoke-invite', [CompletionResultType]::ParameterValue, 'Revoke an invite code')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pleroctl;user;help;new' {
            break
        }
        'pleroctl;user;help;list' {
            break
        }
        'pleroctl;user;help;show' {
            break
        }
        'pleroctl;user;help;set' {
            break
        }
        'pleroctl;user;help;reset-password' {
            break
        }
        'pleroctl;user;help;deactivate' {
            break
        }
        'pleroctl;user;help;activate' {
            break
        }
        'pleroctl;user;help;approve' {
            break
        }
        'pleroctl;user;help;rm' {
            break
        }
        'pleroctl;user;help;sign-out' {
            break
        }
        'pleroctl;user;help;invite' {
            break
        }
        'pleroctl;user;help;invites' {
            break
        }
        'pleroctl;user;help;revoke-invite' {
            break
        }
        'pleroctl;user;help;help' {
            break
        }
        'pleroctl;jobs' {
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List jobs, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one job, with its payload and last error')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Queue a dead or cancelled job again, due now, its attempts starting over')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a queued or running job (a running attempt''s result is then refused)')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Jobs per queue and state, and how long the oldest due job has waited')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Run no-op jobs through the workers of this process and print jobs per second (the jobs go to a queue of their own and are deleted afterwards)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pleroctl;jobs;list' {
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Only jobs in this state')
            [CompletionResult]::new('--queue', '--queue', [CompletionResultType]::ParameterName, 'Only jobs of this queue')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only jobs of this kind')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most N jobs')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pleroctl;jobs;show' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;jobs;retry' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;jobs;cancel' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;jobs;stats' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pleroctl;jobs;bench' {
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many jobs')
            [CompletionResult]::new('--workers', '--workers', [CompletionResultType]::ParameterName, 'How many run at once')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;jobs;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List jobs, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one job, with its payload and last error')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Queue a dead or cancelled job again, due now, its attempts starting over')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a queued or running job (a running attempt''s result is then refused)')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Jobs per queue and state, and how long the oldest due job has waited')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Run no-op jobs through the workers of this process and print jobs per second (the jobs go to a queue of their own and are deleted afterwards)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pleroctl;jobs;help;list' {
            break
        }
        'pleroctl;jobs;help;show' {
            break
        }
        'pleroctl;jobs;help;retry' {
            break
        }
        'pleroctl;jobs;help;cancel' {
            break
        }
        'pleroctl;jobs;help;stats' {
            break
        }
        'pleroctl;jobs;help;bench' {
            break
        }
        'pleroctl;jobs;help;help' {
            break
        }
        'pleroctl;events' {
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('tail', 'tail', [CompletionResultType]::ParameterValue, 'Print change events as this process''s own feed receives them (as a node would), one per line, until interrupted, --count events or --timeout')
            [CompletionResult]::new('ping', 'ping', [CompletionResultType]::ParameterValue, 'Commit ping events (they change nothing): every node''s feed receives them; with `tail` on another machine, they measure delivery')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pleroctl;events;tail' {
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Stop after this many events')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Stop after this many seconds')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pleroctl;events;ping' {
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'How many pings to commit, each in a transaction of its own')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Pings per second (0: as fast as the database takes them)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Commits in flight at once (as many requests of a node commit at once)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, '`text`: the last ping''s position; `json`: also how many, how long, how fast')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, '`text`: the last ping''s position; `json`: also how many, how long, how fast')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pleroctl;events;help' {
            [CompletionResult]::new('tail', 'tail', [CompletionResultType]::ParameterValue, 'Print change events as this process''s own feed receives them (as a node would), one per line, until interrupted, --count events or --timeout')
            [CompletionResult]::new('ping', 'ping', [CompletionResultType]::ParameterValue, 'Commit ping events (they change nothing): every node''s feed receives them; with `tail` on another machine, they measure delivery')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pleroctl;events;help;tail' {
            break
        }
        'pleroctl;events;help;ping' {
            break
        }
        'pleroctl;events;help;help' {
            break
        }
        'pleroctl;secrets' {
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Read every parameter under the SSM path (decrypted) as a secret file (0600), `export` lines or JSON: to stdout, or written all or nothing to --output')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Put a secret file''s keys into SSM as SecureStrings (`database.password` → <PATH>/database/password)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the parameters under the SSM path: names, types and versions, never values')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pleroctl;secrets;pull' {
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'The parameter path [default: ssm.path]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to this file (mode 0600, replaced all or nothing) instead of stdout')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pleroctl;secrets;push' {
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'The parameter path [default: ssm.path]')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'The secret file whose keys to put, e.g. config/prod.secret.toml')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only list what would be created or updated (no values); write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;secrets;list' {
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'The parameter path [default: ssm.path]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pleroctl;secrets;help' {
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Read every parameter under the SSM path (decrypted) as a secret file (0600), `export` lines or JSON: to stdout, or written all or nothing to --output')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Put a secret file''s keys into SSM as SecureStrings (`database.password` → <PATH>/database/password)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the parameters under the SSM path: names, types and versions, never values')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pleroctl;secrets;help;pull' {
            break
        }
        'pleroctl;secrets;help;push' {
            break
        }
        'pleroctl;secrets;help;list' {
            break
        }
        'pleroctl;secrets;help;help' {
            break
        }
        'pleroctl;uploads' {
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Put, read back and delete a probe object, naming what failed (credentials, bucket, permissions, endpoint); exit 1 on a failure')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Copy the local uploads into the S3 bucket (uploads.s3_*), verify each copy and point the stored URLs at it; safe to interrupt and run again. Then set uploads.backend = "s3"')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pleroctl;uploads;check' {
            [CompletionResult]::new('--backend', '--backend', [CompletionResultType]::ParameterName, 'The backend to check [default: uploads.backend]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pleroctl;uploads;migrate' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to copy them')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many files are copied at once')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'o')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'output')
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Say what would be done; write nothing')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Delete each local file once its URL points at its copy')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pleroctl;uploads;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Put, read back and delete a probe object, naming what failed (credentials, bucket, permissions, endpoint); exit 1 on a failure')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Copy the local uploads into the S3 bucket (uploads.s3_*), verify each copy and point the stored URLs at it; safe to interrupt and run again. Then set uploads.backend = "s3"')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pleroctl;uploads;help;check' {
            break
        }
        'pleroctl;uploads;help;migrate' {
            break
        }
        'pleroctl;uploads;help;help' {
            break
        }
        'pleroctl;completions' {
            [CompletionResult]::new('--config-dir', '--config-dir', [CompletionResultType]::ParameterName, 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment name: selects <env>.toml and <env>.secret.toml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override one value: --set section.key=value (repeatable; the highest layer)')
            [CompletionResult]::new('--ssm-path', '--ssm-path', [CompletionResultType]::ParameterName, 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'pleroctl;help' {
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show or check the layered configuration')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the HTTP server (drains on SIGTERM/SIGINT)')
            [CompletionResult]::new('health', 'health', [CompletionResultType]::ParameterValue, 'Ask a running node whether it is ready (/readyz) or alive (/healthz); exit 0 when it is')
            [CompletionResult]::new('instance', 'instance', [CompletionResultType]::ParameterValue, 'Set up a new instance: generate its configuration and secrets')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Apply, list, check or revert database migrations')
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'Create the database')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Manage users and invites')
            [CompletionResult]::new('jobs', 'jobs', [CompletionResultType]::ParameterValue, 'Look into the job queue: list, show, retry, cancel, stats; benchmark it')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'Watch and probe the change stream every node hears')
            [CompletionResult]::new('secrets', 'secrets', [CompletionResultType]::ParameterValue, 'Pull, push or list the secrets kept in AWS SSM Parameter Store')
            [CompletionResult]::new('uploads', 'uploads', [CompletionResultType]::ParameterValue, 'Check the uploads backend; migrate local uploads to S3')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, elvish, powershell)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pleroctl;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the merged configuration, every secret redacted')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate the configuration; exit 1 listing every problem')
            break
        }
        'pleroctl;help;config;show' {
            break
        }
        'pleroctl;help;config;check' {
            break
        }
        'pleroctl;help;serve' {
            break
        }
        'pleroctl;help;health' {
            break
        }
        'pleroctl;help;instance' {
            [CompletionResult]::new('gen', 'gen', [CompletionResultType]::ParameterValue, 'Generate a new instance''s configuration and secrets (asks, or takes every answer as a flag)')
            break
        }
        'pleroctl;help;instance;gen' {
            break
        }
        'pleroctl;help;migrate' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'List every migration and whether it is applied')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Exit 1 when a migration is pending (a readiness gate for CI and deploys)')
            [CompletionResult]::new('revert', 'revert', [CompletionResultType]::ParameterValue, 'Revert the newest migration, or every one newer than --to')
            break
        }
        'pleroctl;help;migrate;status' {
            break
        }
        'pleroctl;help;migrate;check' {
            break
        }
        'pleroctl;help;migrate;revert' {
            break
        }
        'pleroctl;help;db' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create the database (PostgreSQL: needs a role with CREATEDB; SQLite: creates the file)')
            break
        }
        'pleroctl;help;db;create' {
            break
        }
        'pleroctl;help;user' {
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Create a local user (with its RSA key pair); prints a generated password unless --password-stdin')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List accounts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one account (NICK, or NICK@DOMAIN for a remote one)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change roles, flags and profile text')
            [CompletionResult]::new('reset-password', 'reset-password', [CompletionResultType]::ParameterValue, 'Print a one-time password-reset link, or set the password read from stdin')
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Deactivate a user: no sign-in, its tokens stop working at once')
            [CompletionResult]::new('activate', 'activate', [CompletionResultType]::ParameterValue, 'Reactivate a deactivated user')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve sign-ups waiting for approval (registrations = "approval"); refuse one with `user rm`')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a user and everything it posted')
            [CompletionResult]::new('sign-out', 'sign-out', [CompletionResultType]::ParameterValue, 'Revoke every token of a user (signs it out of every app)')
            [CompletionResult]::new('invite', 'invite', [CompletionResultType]::ParameterValue, 'Create an invite code')
            [CompletionResult]::new('invites', 'invites', [CompletionResultType]::ParameterValue, 'List invites')
            [CompletionResult]::new('revoke-invite', 'revoke-invite', [CompletionResultType]::ParameterValue, 'Revoke an invite code')
            break
        }
        'pleroctl;help;user;new' {
            break
        }
        'pleroctl;help;user;list' {
            break
        }
        'pleroctl;help;user;show' {
            break
        }
        'pleroctl;help;user;set' {
            break
        }
        'pleroctl;help;user;reset-password' {
            break
        }
        'pleroctl;help;user;deactivate' {
            break
        }
        'pleroctl;help;user;activate' {
            break
        }
        'pleroctl;help;user;approve' {
            break
        }
        'pleroctl;help;user;rm' {
            break
        }
        'pleroctl;help;user;sign-out' {
            break
        }
        'pleroctl;help;user;invite' {
            break
        }
        'pleroctl;help;user;invites' {
            break
        }
        'pleroctl;help;user;revoke-invite' {
            break
        }
        'pleroctl;help;jobs' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List jobs, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one job, with its payload and last error')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Queue a dead or cancelled job again, due now, its attempts starting over')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a queued or running job (a running attempt''s result is then refused)')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Jobs per queue and state, and how long the oldest due job has waited')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Run no-op jobs through the workers of this process and print jobs per second (the jobs go to a queue of their own and are deleted afterwards)')
            break
        }
        'pleroctl;help;jobs;list' {
            break
        }
        'pleroctl;help;jobs;show' {
            break
        }
        'pleroctl;help;jobs;retry' {
            break
        }
        'pleroctl;help;jobs;cancel' {
            break
        }
        'pleroctl;help;jobs;stats' {
            break
        }
        'pleroctl;help;jobs;bench' {
            break
        }
        'pleroctl;help;events' {
            [CompletionResult]::new('tail', 'tail', [CompletionResultType]::ParameterValue, 'Print change events as this process''s own feed receives them (as a node would), one per line, until interrupted, --count events or --timeout')
            [CompletionResult]::new('ping', 'ping', [CompletionResultType]::ParameterValue, 'Commit ping events (they change nothing): every node''s feed receives them; with `tail` on another machine, they measure delivery')
            break
        }
        'pleroctl;help;events;tail' {
            break
        }
        'pleroctl;help;events;ping' {
            break
        }
        'pleroctl;help;secrets' {
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Read every parameter under the SSM path (decrypted) as a secret file (0600), `export` lines or JSON: to stdout, or written all or nothing to --output')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Put a secret file''s keys into SSM as SecureStrings (`database.password` → <PATH>/database/password)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the parameters under the SSM path: names, types and versions, never values')
            break
        }
        'pleroctl;help;secrets;pull' {
            break
        }
        'pleroctl;help;secrets;push' {
            break
        }
        'pleroctl;help;secrets;list' {
            break
        }
        'pleroctl;help;uploads' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Put, read back and delete a probe object, naming what failed (credentials, bucket, permissions, endpoint); exit 1 on a failure')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Copy the local uploads into the S3 bucket (uploads.s3_*), verify each copy and point the stored URLs at it; safe to interrupt and run again. Then set uploads.backend = "s3"')
            break
        }
        'pleroctl;help;uploads;check' {
            break
        }
        'pleroctl;help;uploads;migrate' {
            break
        }
        'pleroctl;help;completions' {
            break
        }
        'pleroctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
