//! shipper: deploy services to Amazon ECS from templated task and service definitions.
//!
//! The binary's `main` calls [`main`], which parses the command line, sets up output and logging,
//! runs one command on a tokio runtime, and turns the outcome into the documented exit code.
//! Module map: `cli` (flags) → `settings` (resolved) → `context` (output + lazily built AWS
//! clients from `aws`) → `commands::*`, which use `render` (config, `template`, `model`) and the
//! deployment logic. All writes to stdout/stderr go through `output`; secrets are tracked by
//! `secrets` from the moment they are read.

pub mod aws;
pub mod cli;
pub mod commands;
pub mod config;
pub mod constraint;
pub mod context;
pub mod deploy;
pub mod diff;
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
pub mod pr_comment;
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
        let signal = tokio::select! {
            result = dispatch(&ctx, &cli.command) => return result,
            signal = signals.next() => signal,
        };
        // The command is dropped; say what it had done. A second signal cuts the check short.
        Err(tokio::select! {
            error = interrupt::report(&ctx, signal) => error,
            _ = signals.next() => interrupt::error(&ctx, signal, None),
        })
    });
    // Dropping the runtime would wait for abandoned AWS calls; nothing is left worth waiting for.
    runtime.shutdown_background();
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
pub(crate) async fn dispatch(ctx: &Context, command: &Command) -> Result<Status> {
    use commands::*;
    if let Some(plan) = fleet::targets::resolve(&ctx.settings.fleet)? {
        return fleet::run(ctx, command, plan).await;
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
            completions::man(&ctx.out, &args.dir)?;
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
