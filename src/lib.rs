//! shipper: deploy services to Amazon ECS from templated task and service definitions.
//!
//! The binary's `main` calls [`main`], which parses the command line, sets up output and logging,
//! runs one command on a tokio runtime, and turns the outcome into the documented exit code.
//! All writes to stdout/stderr go through `output`; secrets are tracked by `secrets` from the
//! moment they are read.
//!
//! # Layers
//!
//! The modules in layers, top first. A module imports from its own layer and the layers below
//! it, never from above: where a lower module needs something of a higher one, the higher one
//! passes it down (a value, a closure, or a small trait the lower module defines). No two files
//! import each other in a loop, except a `mod.rs` and the files of its own folder.
//! `tests/it/tidy.rs` reads this list and holds the code to it; a new module gets a place here.
//!
//! 1. `lib`, `main`, `fleet` — the entry point, and the runner of a command over many services
//! 2. `commands` — one module per subcommand: flags in, a plan, its writes, a report out
//! 3. `strategy` — following a rollout: rolling, ECS blue/green/linear/canary, CodeDeploy, gates
//! 4. `wait` — following one ECS deployment to its end: the poll loop, the verdict, the view
//! 5. `context`, `interrupt` — one run of a command (output, settings, AWS, journal); Ctrl-C
//! 6. `deploy`, `rollback` — the plan: what will change, the strategy, the writes that apply it
//! 7. `state`, `render`, `gates`, `diff`, `history`, `journal` — files and what runs, compared; gates
//! 8. `aws`, `ecs`, `elb`, `ecr`, `s3`, `logs`, `autoscaling` — the AWS clients (built in one place) and readers
//! 9. `template` — the template engines and their functions (env, ssm, tfstate, plugins)
//! 10. `model`, `config`, `settings` — ECS definitions, the config file, the resolved flags
//! 11. `output` — the one output layer: stdout and stderr, progress, GitHub Actions
//! 12. `error`, `secrets`, `duration`, `cli`, `suggest`, `constraint`, `reach`, `children` — the leaves

pub mod autoscaling;
pub mod aws;
pub mod children;
pub mod cli;
pub mod commands;
pub mod config;
pub mod constraint;
pub mod context;
pub mod deploy;
pub mod diff;
pub mod duration;
pub mod ecr;
pub mod ecs;
pub mod elb;
pub mod error;
pub mod fleet;
pub mod gates;
pub mod history;
pub mod interrupt;
pub mod journal;
pub mod logs;
pub mod model;
pub mod output;
pub mod reach;
pub mod render;
pub mod rollback;
pub mod s3;
pub mod secrets;
pub mod settings;
pub mod state;
pub mod strategy;
pub mod suggest;
pub mod template;
pub mod wait;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::context::Context;
use crate::error::{Error, Exit, Result, Status};
use crate::output::Output;
use crate::settings::Settings;

/// Runs shipper with the process's arguments and returns its exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(&err),
    };
    secrets::set_show(cli.global.show_secrets);
    let out = Output::new(cli.global.output, cli.global.color);
    let settings = Settings::from_args(&cli.global);
    init_logging(&out, settings.verbose);

    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            out.error(&Error::new(format!("cannot start the async runtime: {e}")));
            return ExitCode::from(Exit::Failure.code());
        }
    };
    let ctx = Context::new(out.clone(), settings);
    let result = runtime.block_on(async {
        let mut signals = interrupt::Signals::install();
        let command = dispatch(&ctx, &cli.command);
        tokio::pin!(command);
        let signal = loop {
            tokio::select! {
                result = &mut command => return result,
                signal = signals.next() => {
                    // `exec`'s plugin got the same signal and ends the session itself.
                    if !ctx.signals_handed_to_child() {
                        break signal;
                    }
                }
            }
        };
        // The command is dropped; say what it had done. A second signal cuts the check short.
        Err(tokio::select! {
            error = interrupt::report(&ctx, signal) => error,
            _ = signals.next() => interrupt::error(&ctx, signal, None),
        })
    });
    // Dropping the runtime would wait for abandoned AWS calls; nothing is left worth waiting for.
    runtime.shutdown_background();
    // No gate's processes outlive shipper, however it ends (see `children`).
    children::end_all();
    let code = match result {
        Ok(exit) => exit.code(),
        Err(err) => {
            out.error(&err);
            err.exit().code()
        }
    };
    out.end_group();
    output::github::report_exit(&out, code);
    ExitCode::from(code)
}

/// Runs one command: over several services (see [`fleet`]) when several configs were given,
/// else the single-service command itself.
async fn dispatch(ctx: &Context, command: &Command) -> Result<Status> {
    use commands::*;
    if let Some(plan) = fleet::targets::resolve(&ctx.settings.fleet)? {
        // Each service runs this very function (boxed: its future would otherwise contain itself).
        return fleet::run(ctx, command, plan, |ctx, command| Box::pin(dispatch(ctx, command)))
            .await;
    }
    // An Express service or a daemon has its own commands; the config says which (it is
    // rendered once for the whole command).
    let workload = match command {
        Command::Init(_) | Command::Version | Command::Completions(_) | Command::Man(_) => None,
        _ => ctx.workload().await,
    };
    match workload {
        Some(config::Workload::Express) => {
            return Ok(express::dispatch(ctx, command).await?.into());
        }
        Some(config::Workload::Daemon) => return Ok(daemon::dispatch(ctx, command).await?.into()),
        Some(config::Workload::Service) | None => {}
    }
    let exit = match command {
        Command::Deploy(args) => deploy::run(ctx, args).await?,
        Command::Diff(args) => diff::run(ctx, args).await?,
        Command::Rollback(args) => rollback::run(ctx, args).await?,
        Command::Appspec(args) => appspec::run(ctx, args).await?,
        Command::Register(args) => register::register(ctx, args).await?,
        Command::Deregister(args) => register::deregister(ctx, args).await?,
        Command::Revisions(args) => revisions::run(ctx, args).await?,
        Command::Images(args) => images::run(ctx, args).await?,
        Command::Status(args) => status::run(ctx, args).await?,
        Command::Wait(args) => wait::run(ctx, args).await?,
        Command::Continue(args) => wait::resume(ctx, args).await?,
        Command::Scale(args) => scale::scale(ctx, args).await?,
        Command::Refresh(args) => scale::refresh(ctx, args).await?,
        Command::Run(args) => return run::run(ctx, args).await,
        Command::Exec(args) => return exec::run(ctx, args).await,
        Command::Init(args) if args.express => Box::pin(express::init::run(ctx, args)).await?,
        Command::Init(args) if args.daemon.is_some() => {
            Box::pin(daemon::init::run(ctx, args)).await?
        }
        Command::Init(args) => init::run(ctx, args).await?,
        Command::Verify(_) => verify::run(ctx).await?,
        Command::Tasks(args) => tasks::run(ctx, args).await?,
        Command::Logs(args) => logs::run(ctx, args).await?,
        Command::Delete(args) => delete::run(ctx, args).await?,
        Command::Render(args) => {
            render::run(ctx, args).await?;
            Exit::Success
        }
        Command::Version => {
            version::run(&ctx.out);
            Exit::Success
        }
        Command::Completions(args) => {
            completions::run(&ctx.out, args.shell);
            Exit::Success
        }
        Command::Man(args) => {
            completions::man(&ctx.out, args.dir.as_deref())?;
            Exit::Success
        }
    };
    Ok(exit.into())
}

/// clap's own errors: help and version are successes; anything else is a usage error (exit 1,
/// not clap's 2, which shipper reserves for "differences found").
fn usage_error(err: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let _ = err.print();
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => ExitCode::SUCCESS,
        _ => ExitCode::from(Exit::Failure.code()),
    }
}

/// `-v` logs shipper's own decisions and AWS calls, `-vv` the SDK's too. `SHIPPER_LOG` takes a
/// `target=level,…` list instead (e.g. `shipper=trace,aws_smithy_runtime=trace`).
fn init_logging(out: &Output, verbose: u8) {
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let default = match verbose {
        0 => "shipper=warn",
        1 => "shipper=debug",
        _ => "shipper=trace,aws_config=debug,aws_smithy_runtime=debug",
    };
    let targets = match std::env::var("SHIPPER_LOG") {
        Ok(list) => list.parse::<Targets>().unwrap_or_else(|e| {
            out.warn(&format!("SHIPPER_LOG={list:?} is not a target=level list ({e}); ignored"));
            default.parse().unwrap_or_default()
        }),
        Err(_) => default.parse().unwrap_or_default(),
    };
    let _ = tracing_subscriber::fmt()
        // `targets` filters; the builder's own default would drop everything below INFO.
        .with_max_level(tracing::Level::TRACE)
        .with_writer(out.clone())
        .with_target(verbose > 1)
        .without_time()
        .with_ansi(out.color())
        .finish()
        .with(targets)
        .try_init();
}
