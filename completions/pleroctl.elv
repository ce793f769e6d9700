
use builtin;
use str;

set edit:completion:arg-completer[pleroctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'pleroctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'pleroctl'= {
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand config 'Show or check the layered configuration'
            cand serve 'Run the HTTP server (drains on SIGTERM/SIGINT)'
            cand health 'Ask a running node whether it is ready (/readyz) or alive (/healthz); exit 0 when it is'
            cand instance 'Set up a new instance: generate its configuration and secrets'
            cand migrate 'Apply, list, check or revert database migrations'
            cand db 'Create the database'
            cand user 'Manage users and invites'
            cand jobs 'Look into the job queue: list, show, retry, cancel, stats; benchmark it'
            cand events 'Watch and probe the change stream every node hears'
            cand secrets 'Pull, push or list the secrets kept in AWS SSM Parameter Store'
            cand uploads 'Check the uploads backend; migrate local uploads to S3'
            cand completions 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pleroctl;config'= {
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
            cand show 'Print the merged configuration, every secret redacted'
            cand check 'Validate the configuration; exit 1 listing every problem'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pleroctl;config;show'= {
            cand --output 'output'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand --origin 'Also show where each value came from (file:line, SSM parameter, env var, --set flag, default)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;config;check'= {
            cand --output '`text` lists problems on stderr; `json` prints {"valid": …, "problems": […]} on stdout'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;config;help'= {
            cand show 'Print the merged configuration, every secret redacted'
            cand check 'Validate the configuration; exit 1 listing every problem'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pleroctl;config;help;show'= {
        }
        &'pleroctl;config;help;check'= {
        }
        &'pleroctl;config;help;help'= {
        }
        &'pleroctl;serve'= {
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand --migrate 'Apply pending database migrations first (without it, pending migrations refuse the start)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;health'= {
            cand --url 'The node''s address, e.g. http://127.0.0.1:4000 [default: http.ip and http.port of the configuration, asked on loopback when it listens on 0.0.0.0 or ::]'
            cand --probe '`ready`: GET /readyz (the database answers, no migration pending); `live`: GET /healthz (the process answers)'
            cand --timeout 'Seconds to wait for the whole answer'
            cand -o 'o'
            cand --output 'output'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;instance'= {
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
            cand gen 'Generate a new instance''s configuration and secrets (asks, or takes every answer as a flag)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pleroctl;instance;gen'= {
            cand --domain 'Public domain, without scheme (social.example, or 127.0.0.1:4000 for tests)'
            cand --instance-name 'Instance name [default: the domain]'
            cand --admin-email 'Administrator''s e-mail address'
            cand --notify-email 'Sender address of notification mails [default: the admin e-mail]'
            cand --db-backend 'Database backend [default: sqlite]'
            cand --db-host 'PostgreSQL host [default: 127.0.0.1]'
            cand --db-port 'PostgreSQL port [default: 5432]'
            cand --db-name 'PostgreSQL database name [default: plero]'
            cand --db-user 'PostgreSQL role [default: plero]'
            cand --db-password 'PostgreSQL role''s password [default: a random one]'
            cand --listen-ip 'IP address the server listens on [default: 127.0.0.1]'
            cand --listen-port 'Port the server listens on [default: 4000]'
            cand --uploads-backend 'Where uploads go [default: local]'
            cand --uploads-dir 'Directory of local uploads, apart from instance.data_dir [default: uploads]'
            cand --s3-bucket 'S3 bucket (uploads backend s3)'
            cand --s3-region 'S3 region [default: us-east-1]'
            cand --s3-endpoint 'S3 endpoint URL, for S3-compatible stores [default: AWS]'
            cand --strip-exif 'Strip EXIF metadata from uploaded images: yes or no [default: yes]'
            cand --indexable 'Let search engines index the instance (robots.txt): yes or no [default: no]'
            cand --output 'The secret config to write [default: <config dir>/<env>.secret.toml, config dir ./config]'
            cand --output-sql 'The PostgreSQL set-up SQL to write [default: setup_db.psql beside --output]'
            cand --output-robots 'The robots.txt to write [default: robots.txt beside --output]'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand --force 'Overwrite files that exist'
            cand -y 'Never prompt: take defaults, fail (exit 2) naming any missing required flag'
            cand --yes 'Never prompt: take defaults, fail (exit 2) naming any missing required flag'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;instance;help'= {
            cand gen 'Generate a new instance''s configuration and secrets (asks, or takes every answer as a flag)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pleroctl;instance;help;gen'= {
        }
        &'pleroctl;instance;help;help'= {
        }
        &'pleroctl;migrate'= {
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
            cand status 'List every migration and whether it is applied'
            cand check 'Exit 1 when a migration is pending (a readiness gate for CI and deploys)'
            cand revert 'Revert the newest migration, or every one newer than --to'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pleroctl;migrate;status'= {
            cand -o 'o'
            cand --output 'output'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pleroctl;migrate;check'= {
            cand -o 'o'
            cand --output 'output'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;migrate;revert'= {
            cand --to 'Revert down to this version (it stays applied); 0 reverts everything'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;migrate;help'= {
            cand status 'List every migration and whether it is applied'
            cand check 'Exit 1 when a migration is pending (a readiness gate for CI and deploys)'
            cand revert 'Revert the newest migration, or every one newer than --to'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pleroctl;migrate;help;status'= {
        }
        &'pleroctl;migrate;help;check'= {
        }
        &'pleroctl;migrate;help;revert'= {
        }
        &'pleroctl;migrate;help;help'= {
        }
        &'pleroctl;db'= {
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
            cand create 'Create the database (PostgreSQL: needs a role with CREATEDB; SQLite: creates the file)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pleroctl;db;create'= {
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;db;help'= {
            cand create 'Create the database (PostgreSQL: needs a role with CREATEDB; SQLite: creates the file)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pleroctl;db;help;create'= {
        }
        &'pleroctl;db;help;help'= {
        }
        &'pleroctl;user'= {
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
            cand new 'Create a local user (with its RSA key pair); prints a generated password unless --password-stdin'
            cand list 'List accounts'
            cand show 'Show one account (NICK, or NICK@DOMAIN for a remote one)'
            cand set 'Change roles, flags and profile text'
            cand reset-password 'Print a one-time password-reset link, or set the password read from stdin'
            cand deactivate 'Deactivate a user: no sign-in, its tokens stop working at once'
            cand activate 'Reactivate a deactivated user'
            cand approve 'Approve sign-ups waiting for approval (registrations = "approval"); refuse one with `user rm`'
            cand rm 'Delete a user and everything it posted'
            cand sign-out 'Revoke every token of a user (signs it out of every app)'
            cand invite 'Create an invite code'
            cand invites 'List invites'
            cand revoke-invite 'Revoke an invite code'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pleroctl;user;new'= {
            cand --name 'Display name'
            cand --bio 'Profile text'
            cand -o 'o'
            cand --output 'output'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand --password-stdin 'Read the password from stdin (one line)'
            cand --admin 'admin'
            cand --moderator 'moderator'
            cand -y 'Do not ask for confirmation (implied by --password-stdin: stdin carries the password, not an answer)'
            cand --yes 'Do not ask for confirmation (implied by --password-stdin: stdin carries the password, not an answer)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;user;list'= {
            cand --limit 'At most N accounts (oldest first)'
            cand --after 'Only accounts after this id (the last id of the previous page)'
            cand -o 'o'
            cand --output 'output'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand --local 'Only local accounts'
            cand --remote 'Only remote accounts'
            cand --admins 'Only admins'
            cand --moderators 'Only moderators'
            cand --deactivated 'Only deactivated users'
            cand --pending 'Only sign-ups waiting for approval (see `user approve`)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pleroctl;user;show'= {
            cand -o 'o'
            cand --output 'output'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;user;set'= {
            cand --display-name 'display-name'
            cand --bio 'bio'
            cand -o 'o'
            cand --output 'output'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand --admin 'admin'
            cand --no-admin 'no-admin'
            cand --moderator 'moderator'
            cand --no-moderator 'no-moderator'
            cand --locked 'Followers must be approved'
            cand --no-locked 'no-locked'
            cand --confirmed 'Mark the email as confirmed'
            cand --no-confirmed 'no-confirmed'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;user;reset-password'= {
            cand -o 'How to print the link: the URL alone, or JSON with its expiry'
            cand --output 'How to print the link: the URL alone, or JSON with its expiry'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand --password-stdin 'Read the new password from stdin (one line) instead of printing a reset link'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;user;deactivate'= {
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;user;activate'= {
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;user;approve'= {
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;user;rm'= {
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;user;sign-out'= {
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;user;invite'= {
            cand --max-use 'How many registrations it allows (default: unlimited)'
            cand --expires-at 'When it expires: 2026-12-31 (midnight UTC) or 2026-12-31T12:00:00Z'
            cand -o 'o'
            cand --output 'output'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;user;invites'= {
            cand -o 'o'
            cand --output 'output'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pleroctl;user;revoke-invite'= {
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;user;help'= {
            cand new 'Create a local user (with its RSA key pair); prints a generated password unless --password-stdin'
            cand list 'List accounts'
            cand show 'Show one account (NICK, or NICK@DOMAIN for a remote one)'
            cand set 'Change roles, flags and profile text'
            cand reset-password 'Print a one-time password-reset link, or set the password read from stdin'
            cand deactivate 'Deactivate a user: no sign-in, its tokens stop working at once'
            cand activate 'Reactivate a deactivated user'
            cand approve 'Approve sign-ups waiting for approval (registrations = "approval"); refuse one with `user rm`'
            cand rm 'Delete a user and everything it posted'
            cand sign-out 'Revoke every token of a user (signs it out of every app)'
            cand invite 'Create an invite code'
            cand invites 'List invites'
            cand revoke-invite 'Revoke an invite code'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pleroctl;user;help;new'= {
        }
        &'pleroctl;user;help;list'= {
        }
        &'pleroctl;user;help;show'= {
        }
        &'pleroctl;user;help;set'= {
        }
        &'pleroctl;user;help;reset-password'= {
        }
        &'pleroctl;user;help;deactivate'= {
        }
        &'pleroctl;user;help;activate'= {
        }
        &'pleroctl;user;help;approve'= {
        }
        &'pleroctl;user;help;rm'= {
        }
        &'pleroctl;user;help;sign-out'= {
        }
        &'pleroctl;user;help;invite'= {
        }
        &'pleroctl;user;help;invites'= {
        }
        &'pleroctl;user;help;revoke-invite'= {
        }
        &'pleroctl;user;help;help'= {
        }
        &'pleroctl;jobs'= {
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List jobs, newest first'
            cand show 'Show one job, with its payload and last error'
            cand retry 'Queue a dead or cancelled job again, due now, its attempts starting over'
            cand cancel 'Cancel a queued or running job (a running attempt''s result is then refused)'
            cand stats 'Jobs per queue and state, and how long the oldest due job has waited'
            cand bench 'Run no-op jobs through the workers of this process and print jobs per second (the jobs go to a queue of their own and are deleted afterwards)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pleroctl;jobs;list'= {
            cand --state 'Only jobs in this state'
            cand --queue 'Only jobs of this queue'
            cand --kind 'Only jobs of this kind'
            cand --limit 'At most N jobs'
            cand -o 'o'
            cand --output 'output'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pleroctl;jobs;show'= {
            cand -o 'o'
            cand --output 'output'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;jobs;retry'= {
            cand -o 'o'
            cand --output 'output'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;jobs;cancel'= {
            cand -o 'o'
            cand --output 'output'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;jobs;stats'= {
            cand -o 'o'
            cand --output 'output'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pleroctl;jobs;bench'= {
            cand --jobs 'How many jobs'
            cand --workers 'How many run at once'
            cand -o 'o'
            cand --output 'output'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;jobs;help'= {
            cand list 'List jobs, newest first'
            cand show 'Show one job, with its payload and last error'
            cand retry 'Queue a dead or cancelled job again, due now, its attempts starting over'
            cand cancel 'Cancel a queued or running job (a running attempt''s result is then refused)'
            cand stats 'Jobs per queue and state, and how long the oldest due job has waited'
            cand bench 'Run no-op jobs through the workers of this process and print jobs per second (the jobs go to a queue of their own and are deleted afterwards)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pleroctl;jobs;help;list'= {
        }
        &'pleroctl;jobs;help;show'= {
        }
        &'pleroctl;jobs;help;retry'= {
        }
        &'pleroctl;jobs;help;cancel'= {
        }
        &'pleroctl;jobs;help;stats'= {
        }
        &'pleroctl;jobs;help;bench'= {
        }
        &'pleroctl;jobs;help;help'= {
        }
        &'pleroctl;events'= {
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
            cand tail 'Print change events as this process''s own feed receives them (as a node would), one per line, until interrupted, --count events or --timeout'
            cand ping 'Commit ping events (they change nothing): every node''s feed receives them; with `tail` on another machine, they measure delivery'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pleroctl;events;tail'= {
            cand --count 'Stop after this many events'
            cand --timeout 'Stop after this many seconds'
            cand -o 'o'
            cand --output 'output'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pleroctl;events;ping'= {
            cand --count 'How many pings to commit, each in a transaction of its own'
            cand --rate 'Pings per second (0: as fast as the database takes them)'
            cand --concurrency 'Commits in flight at once (as many requests of a node commit at once)'
            cand -o '`text`: the last ping''s position; `json`: also how many, how long, how fast'
            cand --output '`text`: the last ping''s position; `json`: also how many, how long, how fast'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pleroctl;events;help'= {
            cand tail 'Print change events as this process''s own feed receives them (as a node would), one per line, until interrupted, --count events or --timeout'
            cand ping 'Commit ping events (they change nothing): every node''s feed receives them; with `tail` on another machine, they measure delivery'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pleroctl;events;help;tail'= {
        }
        &'pleroctl;events;help;ping'= {
        }
        &'pleroctl;events;help;help'= {
        }
        &'pleroctl;secrets'= {
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
            cand pull 'Read every parameter under the SSM path (decrypted) as a secret file (0600), `export` lines or JSON: to stdout, or written all or nothing to --output'
            cand push 'Put a secret file''s keys into SSM as SecureStrings (`database.password` → <PATH>/database/password)'
            cand list 'List the parameters under the SSM path: names, types and versions, never values'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pleroctl;secrets;pull'= {
            cand --path 'The parameter path [default: ssm.path]'
            cand --format 'format'
            cand --output 'Write to this file (mode 0600, replaced all or nothing) instead of stdout'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pleroctl;secrets;push'= {
            cand --path 'The parameter path [default: ssm.path]'
            cand --from 'The secret file whose keys to put, e.g. config/prod.secret.toml'
            cand -o 'o'
            cand --output 'output'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand --dry-run 'Only list what would be created or updated (no values); write nothing'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;secrets;list'= {
            cand --path 'The parameter path [default: ssm.path]'
            cand -o 'o'
            cand --output 'output'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pleroctl;secrets;help'= {
            cand pull 'Read every parameter under the SSM path (decrypted) as a secret file (0600), `export` lines or JSON: to stdout, or written all or nothing to --output'
            cand push 'Put a secret file''s keys into SSM as SecureStrings (`database.password` → <PATH>/database/password)'
            cand list 'List the parameters under the SSM path: names, types and versions, never values'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pleroctl;secrets;help;pull'= {
        }
        &'pleroctl;secrets;help;push'= {
        }
        &'pleroctl;secrets;help;list'= {
        }
        &'pleroctl;secrets;help;help'= {
        }
        &'pleroctl;uploads'= {
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
            cand check 'Put, read back and delete a probe object, naming what failed (credentials, bucket, permissions, endpoint); exit 1 on a failure'
            cand migrate 'Copy the local uploads into the S3 bucket (uploads.s3_*), verify each copy and point the stored URLs at it; safe to interrupt and run again. Then set uploads.backend = "s3"'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pleroctl;uploads;check'= {
            cand --backend 'The backend to check [default: uploads.backend]'
            cand -o 'o'
            cand --output 'output'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pleroctl;uploads;migrate'= {
            cand --to 'Where to copy them'
            cand --concurrency 'How many files are copied at once'
            cand -o 'o'
            cand --output 'output'
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand --dry-run 'Say what would be done; write nothing'
            cand --delete 'Delete each local file once its URL points at its copy'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pleroctl;uploads;help'= {
            cand check 'Put, read back and delete a probe object, naming what failed (credentials, bucket, permissions, endpoint); exit 1 on a failure'
            cand migrate 'Copy the local uploads into the S3 bucket (uploads.s3_*), verify each copy and point the stored URLs at it; safe to interrupt and run again. Then set uploads.backend = "s3"'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pleroctl;uploads;help;check'= {
        }
        &'pleroctl;uploads;help;migrate'= {
        }
        &'pleroctl;uploads;help;help'= {
        }
        &'pleroctl;completions'= {
            cand --config-dir 'Directory holding base.toml, <env>.toml and <env>.secret.toml [default: ./config when it exists]'
            cand --env 'Environment name: selects <env>.toml and <env>.secret.toml'
            cand --set 'Override one value: --set section.key=value (repeatable; the highest layer)'
            cand --ssm-path 'Read the AWS SSM parameters under this path as a layer (like ssm.path), e.g. /plero/prod/'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'pleroctl;help'= {
            cand config 'Show or check the layered configuration'
            cand serve 'Run the HTTP server (drains on SIGTERM/SIGINT)'
            cand health 'Ask a running node whether it is ready (/readyz) or alive (/healthz); exit 0 when it is'
            cand instance 'Set up a new instance: generate its configuration and secrets'
            cand migrate 'Apply, list, check or revert database migrations'
            cand db 'Create the database'
            cand user 'Manage users and invites'
            cand jobs 'Look into the job queue: list, show, retry, cancel, stats; benchmark it'
            cand events 'Watch and probe the change stream every node hears'
            cand secrets 'Pull, push or list the secrets kept in AWS SSM Parameter Store'
            cand uploads 'Check the uploads backend; migrate local uploads to S3'
            cand completions 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pleroctl;help;config'= {
            cand show 'Print the merged configuration, every secret redacted'
            cand check 'Validate the configuration; exit 1 listing every problem'
        }
        &'pleroctl;help;config;show'= {
        }
        &'pleroctl;help;config;check'= {
        }
        &'pleroctl;help;serve'= {
        }
        &'pleroctl;help;health'= {
        }
        &'pleroctl;help;instance'= {
            cand gen 'Generate a new instance''s configuration and secrets (asks, or takes every answer as a flag)'
        }
        &'pleroctl;help;instance;gen'= {
        }
        &'pleroctl;help;migrate'= {
            cand status 'List every migration and whether it is applied'
            cand check 'Exit 1 when a migration is pending (a readiness gate for CI and deploys)'
            cand revert 'Revert the newest migration, or every one newer than --to'
        }
        &'pleroctl;help;migrate;status'= {
        }
        &'pleroctl;help;migrate;check'= {
        }
        &'pleroctl;help;migrate;revert'= {
        }
        &'pleroctl;help;db'= {
            cand create 'Create the database (PostgreSQL: needs a role with CREATEDB; SQLite: creates the file)'
        }
        &'pleroctl;help;db;create'= {
        }
        &'pleroctl;help;user'= {
            cand new 'Create a local user (with its RSA key pair); prints a generated password unless --password-stdin'
            cand list 'List accounts'
            cand show 'Show one account (NICK, or NICK@DOMAIN for a remote one)'
            cand set 'Change roles, flags and profile text'
            cand reset-password 'Print a one-time password-reset link, or set the password read from stdin'
            cand deactivate 'Deactivate a user: no sign-in, its tokens stop working at once'
            cand activate 'Reactivate a deactivated user'
            cand approve 'Approve sign-ups waiting for approval (registrations = "approval"); refuse one with `user rm`'
            cand rm 'Delete a user and everything it posted'
            cand sign-out 'Revoke every token of a user (signs it out of every app)'
            cand invite 'Create an invite code'
            cand invites 'List invites'
            cand revoke-invite 'Revoke an invite code'
        }
        &'pleroctl;help;user;new'= {
        }
        &'pleroctl;help;user;list'= {
        }
        &'pleroctl;help;user;show'= {
        }
        &'pleroctl;help;user;set'= {
        }
        &'pleroctl;help;user;reset-password'= {
        }
        &'pleroctl;help;user;deactivate'= {
        }
        &'pleroctl;help;user;activate'= {
        }
        &'pleroctl;help;user;approve'= {
        }
        &'pleroctl;help;user;rm'= {
        }
        &'pleroctl;help;user;sign-out'= {
        }
        &'pleroctl;help;user;invite'= {
        }
        &'pleroctl;help;user;invites'= {
        }
        &'pleroctl;help;user;revoke-invite'= {
        }
        &'pleroctl;help;jobs'= {
            cand list 'List jobs, newest first'
            cand show 'Show one job, with its payload and last error'
            cand retry 'Queue a dead or cancelled job again, due now, its attempts starting over'
            cand cancel 'Cancel a queued or running job (a running attempt''s result is then refused)'
            cand stats 'Jobs per queue and state, and how long the oldest due job has waited'
            cand bench 'Run no-op jobs through the workers of this process and print jobs per second (the jobs go to a queue of their own and are deleted afterwards)'
        }
        &'pleroctl;help;jobs;list'= {
        }
        &'pleroctl;help;jobs;show'= {
        }
        &'pleroctl;help;jobs;retry'= {
        }
        &'pleroctl;help;jobs;cancel'= {
        }
        &'pleroctl;help;jobs;stats'= {
        }
        &'pleroctl;help;jobs;bench'= {
        }
        &'pleroctl;help;events'= {
            cand tail 'Print change events as this process''s own feed receives them (as a node would), one per line, until interrupted, --count events or --timeout'
            cand ping 'Commit ping events (they change nothing): every node''s feed receives them; with `tail` on another machine, they measure delivery'
        }
        &'pleroctl;help;events;tail'= {
        }
        &'pleroctl;help;events;ping'= {
        }
        &'pleroctl;help;secrets'= {
            cand pull 'Read every parameter under the SSM path (decrypted) as a secret file (0600), `export` lines or JSON: to stdout, or written all or nothing to --output'
            cand push 'Put a secret file''s keys into SSM as SecureStrings (`database.password` → <PATH>/database/password)'
            cand list 'List the parameters under the SSM path: names, types and versions, never values'
        }
        &'pleroctl;help;secrets;pull'= {
        }
        &'pleroctl;help;secrets;push'= {
        }
        &'pleroctl;help;secrets;list'= {
        }
        &'pleroctl;help;uploads'= {
            cand check 'Put, read back and delete a probe object, naming what failed (credentials, bucket, permissions, endpoint); exit 1 on a failure'
            cand migrate 'Copy the local uploads into the S3 bucket (uploads.s3_*), verify each copy and point the stored URLs at it; safe to interrupt and run again. Then set uploads.backend = "s3"'
        }
        &'pleroctl;help;uploads;check'= {
        }
        &'pleroctl;help;uploads;migrate'= {
        }
        &'pleroctl;help;completions'= {
        }
        &'pleroctl;help;help'= {
        }
    ]
    $completions[$command]
}
