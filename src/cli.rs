//! The command line, as clap types and nothing else.
//!
//! These structs describe what the user typed. They do no I/O; `settings` resolves them (with the
//! environment and the config file) into the values commands actually use. ecspresso's flag
//! spellings are accepted where shipper has the same feature, so existing scripts keep working.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::duration::parse_duration;

#[derive(Debug, Parser)]
#[command(
    name = "shipper",
    version,
    about = "Deploy services to Amazon ECS from templated task and service definitions",
    long_about = None,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Flags accepted by every command. Listed after each command's own flags, under their own
/// heading, so `deploy -h` shows deploy's flags first.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Config file [default: shipper.yml, then ecspresso.yml|yaml|json|jsonnet]; repeat it or
    /// give a quoted glob ('services/*/shipper.yml') to work on several services in one run
    #[arg(long, global = true, env = "SHIPPER_CONFIG", value_name = "FILE")]
    pub config: Vec<PathBuf>,

    /// A stack file listing the configs of several services (`services:`), worked on in one run
    #[arg(long, global = true, value_name = "FILE", help_heading = "Several services")]
    pub stack: Option<PathBuf>,

    /// How many services of a run over several to work on at once [default: 50]
    #[arg(long, global = true, value_name = "N", help_heading = "Several services",
          value_parser = clap::value_parser!(u16).range(1..))]
    pub concurrency: Option<u16>,

    /// In a run over several services: start no more after the first one fails
    #[arg(long, global = true, help_heading = "Several services")]
    pub fail_fast: bool,

    /// The account's own API rate limit for an action's group, where AWS raised it (e.g.
    /// RegisterTaskDefinition=40/2: a burst of 40, then 2 a second; repeatable), or `off` (an
    /// endpoint without limits)
    #[arg(
        long,
        global = true,
        env = "SHIPPER_RATE_LIMITS",
        value_delimiter = ',',
        value_name = "ACTION=BURST/RATE",
        help_heading = "Several services"
    )]
    pub rate_limit: Vec<RateLimit>,

    /// Load environment variables from a dotenv file before rendering (repeatable; later wins)
    #[arg(long, global = true, value_name = "FILE")]
    pub envfile: Vec<PathBuf>,

    /// Jsonnet external variable for std.extVar, as a string (repeatable)
    #[arg(long = "ext-str", global = true, value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub ext_str: Vec<(String, String)>,

    /// Jsonnet external variable for std.extVar, as Jsonnet code (repeatable)
    #[arg(long = "ext-code", global = true, value_name = "KEY=CODE", value_parser = parse_key_value)]
    pub ext_code: Vec<(String, String)>,

    /// AWS region [default: the config's `region`, then AWS_REGION / the profile]
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,

    /// AWS profile from the shared config files
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// Send every AWS call to this endpoint (AWS_ENDPOINT_URL does the same)
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// Give up waiting after this long, e.g. 90s, 10m [default: the config's `timeout`, then 10m]
    #[arg(long, global = true, value_name = "DURATION", value_parser = parse_duration, allow_hyphen_values = true)]
    pub timeout: Option<Duration>,

    /// When to use colours (NO_COLOR is honoured by `auto`)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Output format of the command's result on stdout
    #[arg(long, global = true, value_enum, default_value_t = Format::Text, value_name = "FORMAT")]
    pub output: Format,

    /// More log output (-v: shipper's debug log, -vv: also the AWS SDK's)
    #[arg(short = 'v', long = "verbose", global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Same as -v (ecspresso's spelling)
    #[arg(long, global = true)]
    pub debug: bool,

    /// Print secret values (SSM SecureString) instead of masking them
    #[arg(long, global = true)]
    pub show_secrets: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Register the task definition if it changed, update (or create) the service, follow the rollout
    #[command(after_help = EXAMPLES_DEPLOY)]
    Deploy(DeployArgs),

    /// Show what a deploy would change: local definitions vs what runs
    #[command(after_help = EXAMPLES_DIFF)]
    Diff(DiffArgs),

    /// Register the task definition (without deploying it)
    #[command(after_help = EXAMPLES_REGISTER)]
    Register(RegisterArgs),

    /// Deregister old task definition revisions (never one in use)
    #[command(after_help = EXAMPLES_DEREGISTER)]
    Deregister(DeregisterArgs),

    /// List the family's revisions, their images, and which are in use
    #[command(after_help = EXAMPLES_REVISIONS)]
    Revisions(RevisionsArgs),

    /// List the ECR tags of the service's images and which revisions used them
    #[command(after_help = EXAMPLES_IMAGES)]
    Images(ImagesArgs),

    /// Show the service: deployments, recent events, target health, stopped tasks
    #[command(after_help = EXAMPLES_STATUS)]
    Status(StatusArgs),

    /// Follow the deployment in progress until it ends
    #[command(after_help = EXAMPLES_WAIT)]
    Wait(WaitCmdArgs),

    /// Let a deployment waiting at a PAUSE lifecycle hook go on (manual approval) once the
    /// gates of its phase pass, then follow it
    #[command(after_help = EXAMPLES_CONTINUE)]
    Continue(ContinueArgs),

    /// Change the desired number of tasks
    #[command(after_help = EXAMPLES_SCALE)]
    Scale(ScaleArgs),

    /// Replace every task with a fresh one (a new deployment of the same task definition)
    #[command(after_help = EXAMPLES_REFRESH)]
    Refresh(RefreshArgs),

    /// Run a one-off task with the service's network settings; exit with its container's code
    #[command(after_help = EXAMPLES_RUN)]
    Run(RunArgs),

    /// Run a command (a shell by default) in a running task through ECS Exec, or forward a
    /// local port to the task (--port-forward); needs session-manager-plugin on PATH
    #[command(after_help = EXAMPLES_EXEC)]
    Exec(ExecArgs),

    /// Print the rendered config, task definition and/or service definition
    #[command(after_help = EXAMPLES_RENDER)]
    Render(RenderArgs),

    /// Print the AppSpec a CodeDeploy deployment of the service would use
    #[command(after_help = EXAMPLES_APPSPEC)]
    Appspec(AppspecArgs),

    /// Write a config and definitions from a service that runs now
    Init(InitArgs),

    /// Check that what the definitions refer to exists (images, secrets, roles, target groups, logs); changes nothing
    Verify(VerifyArgs),

    /// List the service's tasks: status, revision, health, why they stopped; --stop stops them
    Tasks(TasksArgs),

    /// Print the containers' CloudWatch Logs of the service or of one task
    Logs(LogsArgs),

    /// Delete the service (asks first unless --force)
    Delete(DeleteArgs),

    /// Roll the service back: stop a deployment in flight, or go back N deployments, to a revision, or to an image tag
    #[command(after_help = EXAMPLES_ROLLBACK)]
    Rollback(RollbackArgs),

    /// Print shipper's version
    Version,

    /// Print a shell completion script
    #[command(after_help = EXAMPLES_COMPLETIONS)]
    Completions(CompletionsArgs),

    /// Print the man page (roff), or write one per command into a directory
    #[command(
        after_help = "Examples:\n  shipper man | man -l -\n  shipper man /usr/local/share/man/man1"
    )]
    Man(ManArgs),
}

// What each command's `--help` ends with: how it is used, with the flags people reach for.
const EXAMPLES_DEPLOY: &str = "Examples:\n  # render, register if changed, update, follow\n  IMAGE_TAG=v1.2.0 shipper deploy --config ecspresso/config.yaml\n  # the plan, nothing changed\n  shipper deploy --dry-run\n  # another image for one container\n  shipper deploy --image app=v1.2.1 --skip-task-definition\n  # start it and return; `shipper wait` follows it\n  shipper deploy --no-wait\n  # no scale-in fighting the rollout; scaling back on once it succeeded\n  shipper deploy --suspend-auto-scaling --resume-auto-scaling";
const EXAMPLES_DIFF: &str = "Examples:\n  # exit 2 when there are differences (a CI check)\n  shipper diff --exit-code\n  # for a pull request\n  shipper diff --format markdown >> \"$GITHUB_STEP_SUMMARY\"";
const EXAMPLES_REGISTER: &str =
    "Examples:\n  # the task definition that would be registered\n  shipper register --dry-run";
const EXAMPLES_DEREGISTER: &str = "Examples:\n  # what keeping the newest 10 unused revisions removes\n  shipper deregister --keep 10 --dry-run";
const EXAMPLES_REVISIONS: &str = "Examples:\n  shipper revisions --limit 5";
const EXAMPLES_IMAGES: &str =
    "Examples:\n  # tags `rollback --to-tag` can go back to\n  shipper images";
const EXAMPLES_STATUS: &str = "Examples:\n  shipper status --events 20";
const EXAMPLES_WAIT: &str = "Examples:\n  # follow a deployment started elsewhere, or again after Ctrl-C\n  shipper wait --timeout 20m";
const EXAMPLES_CONTINUE: &str =
    "Examples:\n  # approve a deployment paused at its PAUSE hook\n  shipper continue";
const EXAMPLES_SCALE: &str = "Examples:\n  shipper scale --tasks 4\n  # the auto scaling range, and the count inside it\n  shipper scale --tasks 4 --auto-scaling-min 2 --auto-scaling-max 8\n  # only the scalable target's suspended state\n  shipper scale --suspend-auto-scaling";
const EXAMPLES_REFRESH: &str = "Examples:\n  # fresh tasks, same revision\n  shipper refresh";
const EXAMPLES_RUN: &str = "Examples:\n  shipper run --overrides '{\"containerOverrides\":[{\"name\":\"app\",\"command\":[\"npm\",\"run\",\"migrate\"]}]}'";
const EXAMPLES_EXEC: &str = "Examples:\n  # a shell in the service's task (a picker when it runs several)\n  shipper exec\n  shipper exec --id 0123abcd --container app --command 'bin/rails console'\n  # the private database, through a task, on localhost:15432\n  shipper exec --port-forward --host db.internal --port 5432 --local-port 15432";
const EXAMPLES_RENDER: &str = "Examples:\n  # what would be registered (secrets masked)\n  IMAGE_TAG=v1.2.0 shipper render taskdef\n  shipper render servicedef --format yaml";
const EXAMPLES_APPSPEC: &str = "Examples:\n  shipper appspec --format json";
const EXAMPLES_ROLLBACK: &str = "Examples:\n  # stop the deployment in flight, or go back one deployment\n  shipper rollback\n  # again: further back, never forth\n  shipper rollback --count 1\n  # the image at an ECR tag\n  shipper rollback --to-tag v1.1.0\n  shipper rollback --to-revision 41 --dry-run";
const EXAMPLES_COMPLETIONS: &str =
    "Examples:\n  shipper completions bash > /etc/bash_completion.d/shipper";

/// Whether, and how, to follow a rollout (commands that start one).
#[derive(Debug, Args, Clone)]
pub struct WaitArgs {
    /// Do not wait for the rollout to finish
    #[arg(long)]
    pub no_wait: bool,

    #[command(flatten)]
    pub follow: FollowArgs,
}

/// `wait.poll_interval` reads as it did before `--no-wait` was set apart.
impl std::ops::Deref for WaitArgs {
    type Target = FollowArgs;
    fn deref(&self) -> &FollowArgs {
        &self.follow
    }
}

/// How to follow a rollout.
#[derive(Debug, Args, Clone)]
pub struct FollowArgs {
    /// The longest pause between reads of the rollout's state (shorter after the update and whenever it moves)
    #[arg(long, value_name = "DURATION", value_parser = parse_poll_interval, default_value = "5s", allow_hyphen_values = true)]
    pub poll_interval: Duration,

    /// Return (exit 0) once a blue/green, linear or canary deployment reaches this lifecycle
    /// stage, leaving it running (e.g. POST_TEST_TRAFFIC_SHIFT, paused for approval)
    #[arg(long, value_name = "STAGE", value_parser = STAGES)]
    pub wait_until: Option<String>,
}

/// ECS's lifecycle stages of a blue/green, linear or canary deployment, in order.
pub const STAGES: [&str; 11] = [
    "RECONCILE_SERVICE",
    "PRE_SCALE_UP",
    "SCALE_UP",
    "POST_SCALE_UP",
    "TEST_TRAFFIC_SHIFT",
    "POST_TEST_TRAFFIC_SHIFT",
    "PRE_PRODUCTION_TRAFFIC_SHIFT",
    "PRODUCTION_TRAFFIC_SHIFT",
    "POST_PRODUCTION_TRAFFIC_SHIFT",
    "BAKE_TIME",
    "CLEAN_UP",
];

#[derive(Debug, Args)]
pub struct DeployArgs {
    /// Print what would be registered, updated or created, and change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Register the task definition even if it does not differ from the running revision
    #[arg(long)]
    pub force: bool,

    /// Keep the task definition the service runs now
    #[arg(long, conflicts_with_all = ["latest_task_definition", "revision"])]
    pub skip_task_definition: bool,

    /// Deploy the newest registered revision of the family instead of rendering the file
    #[arg(long, conflicts_with = "revision")]
    pub latest_task_definition: bool,

    /// Deploy revision N of the family
    #[arg(long, value_name = "N")]
    pub revision: Option<i64>,

    /// Deploy another image for a container: CONTAINER=IMAGE or CONTAINER=TAG (repeatable)
    #[arg(long = "image", value_name = "CONTAINER=IMAGE_OR_TAG")]
    pub images: Vec<String>,

    /// Set the service's desired count
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = parse_tasks)]
    pub tasks: Option<i32>,

    /// Start a new deployment even if nothing changed (replaces every task)
    #[arg(long)]
    pub force_new_deployment: bool,

    /// Send the service definition's changes (the default)
    #[arg(long, overrides_with = "no_update_service")]
    pub update_service: bool,

    /// Leave the service's settings alone; only change its task definition / count
    #[arg(long)]
    pub no_update_service: bool,

    /// If another deployment is in progress, wait for it to finish first instead of refusing
    #[arg(long)]
    pub wait_for_active: bool,

    /// Create the service even though the cluster has one whose name is a typo away
    #[arg(long)]
    pub create: bool,

    /// Suspend the service's Application Auto Scaling (scale-in, scale-out, scheduled) before
    /// the update, so scaling does not fight the rollout; a failed deploy leaves it suspended
    #[arg(long, help_heading = "Auto scaling")]
    pub suspend_auto_scaling: bool,

    /// Resume the service's auto scaling once the rollout succeeded
    #[arg(long, help_heading = "Auto scaling", conflicts_with = "no_wait")]
    pub resume_auto_scaling: bool,

    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Args)]
pub struct RollbackArgs {
    /// Go back N deployments (distinct task definitions) in the service's history [default: 1]
    #[arg(long, value_name = "N", conflicts_with_all = ["to_revision", "to_tag"], allow_negative_numbers = true, value_parser = parse_count)]
    pub count: Option<usize>,

    /// Go back to revision N of the task definition family
    #[arg(long, value_name = "N", conflicts_with = "to_tag")]
    pub to_revision: Option<i64>,

    /// Go back to the image at this ECR tag (reusing a revision that has it, or registering one)
    #[arg(long, value_name = "TAG")]
    pub to_tag: Option<String>,

    /// Print what would happen and change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Deregister the task definition rolled back from, once the rollback succeeded
    #[arg(long, visible_alias = "deregister-task-definition")]
    pub deregister: bool,

    /// Keep the task definition rolled back from (the default; ecspresso's spelling)
    #[arg(long, hide = true)]
    pub no_deregister_task_definition: bool,

    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Args)]
pub struct AppspecArgs {
    /// The AppSpec's format
    #[arg(long, value_enum, default_value = "yaml")]
    pub format: AppspecFormat,

    /// The task definition to put in it [default: the one the service runs]
    #[arg(long, value_name = "ARN")]
    pub task_definition: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AppspecFormat {
    Yaml,
    Json,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The service to read
    #[arg(long, value_name = "NAME", required_unless_present = "daemon")]
    pub service: Option<String>,

    /// The service is an Express Mode service: write its Express definition (ecspresso's
    /// `init --express`)
    #[arg(long, requires = "service")]
    pub express: bool,

    /// Read this ECS daemon instead of a service: write its daemon and daemon task definitions
    #[arg(long, value_name = "NAME", conflicts_with_all = ["service", "express"])]
    pub daemon: Option<String>,

    /// Its cluster
    #[arg(long, value_name = "NAME", default_value = "default")]
    pub cluster: String,

    /// Format of the definitions written
    #[arg(long, value_enum, default_value_t = InitFormat::Json)]
    pub format: InitFormat,

    /// Same as --format jsonnet (ecspresso's spelling)
    #[arg(long, hide = true, conflicts_with = "format")]
    pub jsonnet: bool,

    /// Where to write the task definition [default: ecs-task-def.<format>]
    #[arg(long, value_name = "FILE")]
    pub task_definition_path: Option<PathBuf>,

    /// Where to write the service definition [default: ecs-service-def.<format>]
    #[arg(long, value_name = "FILE")]
    pub service_definition_path: Option<PathBuf>,

    /// Where to write an Express service's definition [default: ecs-express-def.<format>]
    #[arg(long, value_name = "FILE")]
    pub express_definition_path: Option<PathBuf>,

    /// Where to write a daemon's definition [default: ecs-daemon-def.<format>]
    #[arg(long, value_name = "FILE")]
    pub daemon_definition_path: Option<PathBuf>,

    /// Where to write a daemon's task definition [default: ecs-daemon-task-def.<format>]
    #[arg(long, value_name = "FILE")]
    pub daemon_task_definition_path: Option<PathBuf>,

    /// Write environment values that hold an SSM SecureString as `secrets` entries (ECS injects
    /// them) instead of `{{ ssm NAME }}` references; `diff` then shows the move
    #[arg(long)]
    pub move_secrets: bool,

    /// Overwrite files that exist
    #[arg(long, visible_alias = "force-overwrite")]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InitFormat {
    Json,
    Yaml,
    Jsonnet,
}

/// `verify` has no options of its own; ecspresso's are accepted so its CI scripts keep working.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// ecspresso's: shipper never writes log events (a no-op)
    #[arg(long, hide = true)]
    pub no_put_logs: bool,

    /// ecspresso's: shipper never reads secret values (a no-op)
    #[arg(long, hide = true)]
    pub no_get_secrets: bool,

    /// ecspresso's: shipper checks each resource once per run anyway (a no-op)
    #[arg(long, hide = true)]
    pub no_cache: bool,
}

#[derive(Debug, Args)]
pub struct TasksArgs {
    /// Only this task (its id or ARN)
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// Include stopped tasks (ECS keeps them about an hour)
    #[arg(long)]
    pub stopped: bool,

    /// Stop the listed running tasks (the service starts replacements); asks first unless --force
    #[arg(long)]
    pub stop: bool,

    /// Do not ask before stopping
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ExecArgs {
    /// The task (its id or ARN) [default: the only running task; on a terminal, a picker]
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// The container [default: the task's first]
    #[arg(long, value_name = "NAME")]
    pub container: Option<String>,

    /// The command to run in the container
    #[arg(long, value_name = "CMD", default_value = "sh", conflicts_with = "port_forward")]
    pub command: String,

    /// Forward a local port to the task's container, or through it to --host (an SSM port
    /// forwarding session), instead of running a command
    #[arg(long, requires = "port")]
    pub port_forward: bool,

    /// With --port-forward: the port to reach (on the task, or on --host)
    #[arg(long, value_name = "PORT", requires = "port_forward",
          value_parser = clap::value_parser!(u16).range(1..))]
    pub port: Option<u16>,

    /// With --port-forward: the local port to listen on [default: one the plugin picks]
    #[arg(long, value_name = "PORT", requires = "port_forward",
          value_parser = clap::value_parser!(u16).range(1..))]
    pub local_port: Option<u16>,

    /// With --port-forward: a host the task reaches (a database, …) instead of the task itself
    #[arg(long, value_name = "HOST", requires = "port_forward")]
    pub host: Option<String>,
}

#[derive(Debug, Args)]
pub struct LogsArgs {
    /// Only this task's logs (its id or ARN)
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// Only this container's logs
    #[arg(long, value_name = "NAME")]
    pub container: Option<String>,

    /// Start this long ago, e.g. 10m, 2h
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "10m")]
    pub since: Duration,

    /// Keep printing new lines until interrupted
    #[arg(short = 'f', long)]
    pub follow: bool,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Do not ask: delete at once
    #[arg(long)]
    pub force: bool,

    /// Stop the service's tasks too (DeleteService --force); without it the service must be scaled to 0 first
    #[arg(long)]
    pub terminate: bool,

    /// Print what would be deleted and change nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// How many recent service events to show
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub events: usize,
}

#[derive(Debug, Args)]
pub struct RevisionsArgs {
    /// Include deregistered (INACTIVE) revisions
    #[arg(long)]
    pub all: bool,

    /// How many revisions to show, newest first
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct ImagesArgs {
    /// How many of the newest revisions to check for which image they use
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub revisions: usize,
}

#[derive(Debug, Args)]
pub struct WaitCmdArgs {
    #[command(flatten)]
    pub follow: FollowArgs,
}

#[derive(Debug, Args)]
pub struct ContinueArgs {
    /// Answer the pause hook without running its phase's gates: for a person who verified
    /// green by hand (the gates skipped are named in the log, the JSON and the step summary)
    #[arg(long)]
    pub skip_gates: bool,

    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("change").required(true).multiple(true)
    .args(["tasks", "auto_scaling_min", "auto_scaling_max", "suspend_auto_scaling", "resume_auto_scaling"]))]
pub struct ScaleArgs {
    /// The new desired count
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = parse_tasks)]
    pub tasks: Option<i32>,

    /// The auto scaling minimum (the scalable target's MinCapacity)
    #[arg(long, value_name = "N", help_heading = "Auto scaling", allow_negative_numbers = true, value_parser = parse_tasks)]
    pub auto_scaling_min: Option<i32>,

    /// The auto scaling maximum (the scalable target's MaxCapacity)
    #[arg(long, value_name = "N", help_heading = "Auto scaling", allow_negative_numbers = true, value_parser = parse_tasks)]
    pub auto_scaling_max: Option<i32>,

    /// Suspend auto scaling (before the new count, with --tasks)
    #[arg(long, help_heading = "Auto scaling")]
    pub suspend_auto_scaling: bool,

    /// Resume auto scaling (after the new count's rollout succeeded, with --tasks)
    #[arg(long, help_heading = "Auto scaling", conflicts_with = "no_wait")]
    pub resume_auto_scaling: bool,

    /// Print what would change and change nothing
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// Print what would change and change nothing
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// Print the task definition that would be registered
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct DeregisterArgs {
    /// Keep the newest N revisions that are not in use; deregister older unused ones
    #[arg(long, visible_alias = "keeps", value_name = "N", conflicts_with = "revision")]
    pub keep: Option<usize>,

    /// Deregister revision N (refused if it is in use)
    #[arg(long, value_name = "N")]
    pub revision: Option<i64>,

    /// Print what would be deregistered
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Run revision N of the family [default: the revision the service runs]
    #[arg(long, value_name = "N", conflicts_with = "latest_task_definition")]
    pub revision: Option<i64>,

    /// Run the newest registered revision of the family
    #[arg(long)]
    pub latest_task_definition: bool,

    /// Task overrides as JSON, e.g. '{"containerOverrides":[{"name":"app","command":["migrate"]}]}'
    #[arg(long, value_name = "JSON")]
    pub overrides: Option<String>,

    /// Whose exit code to report [default: the first container]
    #[arg(long, value_name = "NAME")]
    pub watch_container: Option<String>,

    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Exit with 2 when there are differences (0 when none, 1 on error)
    #[arg(long)]
    pub exit_code: bool,

    /// How to print the differences
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,

    /// Compare only the task definition, with the newest revision of its family
    #[arg(long, visible_alias = "without-service")]
    pub task_definition_only: bool,

    /// In a pull-request workflow, post the diff as a comment on the pull request (updated on
    /// later pushes, not duplicated); needs GITHUB_TOKEN with `pull-requests: write`
    #[arg(long)]
    pub comment: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// A unified diff per document, coloured on a terminal
    Text,
    /// Sections with the diff in fenced blocks, for pull requests
    Markdown,
    /// Changed paths with before/after values
    Json,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// What to render (default: the config and every definition it names)
    #[arg(value_enum, value_name = "TARGET")]
    pub targets: Vec<RenderTarget>,

    /// Document format
    #[arg(long, value_enum, default_value_t = DocFormat::Json)]
    pub format: DocFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RenderTarget {
    Config,
    #[value(alias = "task-definition", alias = "task_definition")]
    Taskdef,
    #[value(alias = "service-definition", alias = "service_definition")]
    Servicedef,
    /// An Express service's definition (ecspresso's `render expressdef`)
    #[value(alias = "express-definition", alias = "express_definition")]
    Expressdef,
    /// A daemon's definition
    #[value(alias = "daemon-definition", alias = "daemon_definition")]
    Daemondef,
    /// A daemon's task definition
    #[value(alias = "daemon-task-definition", alias = "daemon_task_definition")]
    Daemontaskdef,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocFormat {
    Json,
    Yaml,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Where to write shipper.1 and a page per command (shipper-deploy.1, …); without it,
    /// shipper.1 goes to stdout
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate the script for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `--output`: what stdout carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable text.
    Text,
    /// One JSON document (machine-readable).
    Json,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The shortest `--poll-interval`: each poll is an ECS call, and ECS throttles an account's
/// describe calls at about 20 a second.
pub const MIN_POLL: Duration = Duration::from_millis(100);

fn parse_poll_interval(text: &str) -> Result<Duration, String> {
    let poll = parse_duration(text)?;
    if poll < MIN_POLL {
        return Err(format!(
            "`{text}` is too short: at least 100ms (each poll costs ECS calls, which ECS throttles)"
        ));
    }
    Ok(poll)
}

/// How many deployments `rollback --count` goes back: at least one (zero would be no rollback).
fn parse_count(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("`0` goes back nowhere: --count is at least 1".to_string()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{text}` is not a whole number of deployments (1 or more)")),
    }
}

/// A non-negative task count (`--tasks`).
fn parse_tasks(text: &str) -> Result<i32, String> {
    let n: i32 = text.parse().map_err(|_| format!("`{text}` is not a whole number"))?;
    if n < 0 {
        return Err(format!("`{text}`: a task count cannot be negative"));
    }
    Ok(n)
}

/// `KEY=VALUE` for `--ext-str` / `--ext-code`.
fn parse_key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_string(), value.to_string())),
        _ => Err(format!("`{text}` is not KEY=VALUE")),
    }
}

/// `--rate-limit`: the account's own limit for the group of an action
/// (`RegisterTaskDefinition=40/2`, or `service:Action=…` outside ECS, e.g. `ssm:GetParameters`,
/// `codedeploy:CreateDeployment`), or `off`: no client-side limits at all (a local AWS).
#[derive(Debug, Clone, PartialEq)]
pub enum RateLimit {
    Off,
    Action { action: String, burst: f64, rate: f64 },
}

impl std::str::FromStr for RateLimit {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Self, String> {
        if text.trim().eq_ignore_ascii_case("off") {
            return Ok(Self::Off);
        }
        let usage = || {
            format!(
                "`{text}`: expected ACTION=BURST/RATE (e.g. RegisterTaskDefinition=40/2) or off"
            )
        };
        let (action, limits) = text.split_once('=').ok_or_else(usage)?;
        let (burst, rate) = limits.split_once('/').ok_or_else(usage)?;
        let (burst, rate): (f64, f64) =
            (burst.trim().parse().map_err(|_| usage())?, rate.trim().parse().map_err(|_| usage())?);
        if !(burst >= 1.0 && rate > 0.0 && burst.is_finite() && rate.is_finite()) {
            return Err(format!("`{text}`: the burst must be 1 or more and the rate above 0"));
        }
        Ok(Self::Action { action: action.trim().to_string(), burst, rate })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
