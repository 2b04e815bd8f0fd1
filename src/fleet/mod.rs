//! Many services in one run: `deploy`, `diff`, `status`, `wait`, `rollback` and `render` over
//! several configs (`--config` repeated or a glob, or `--stack FILE`; see [`targets`]).
//!
//! This sits above the single-service commands and changes none of them: each service runs the
//! very same command function with its own [`Context`] (its config, its journal, an output that
//! prefixes its lines and keeps its stdout) under a `--concurrency` bound. What the services
//! share is a [`Pool`] their contexts hold: one set of AWS clients per way of reaching AWS (so
//! one connection pool), one SSM cache, one read of each Terraform state, and a batcher that
//! combines their DescribeServices and DescribeServiceDeployments reads.
//! The run ends with one summary and the worst exit code ([`summary`]).
//!
//! The single-service command is handed in ([`Dispatch`]): this module sits above the commands
//! and never names the entry point that calls it.

pub mod summary;
pub mod targets;

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::Semaphore;

use crate::aws::pool::Pool;
use crate::cli::Command;
use crate::context::{Context, ReportInterrupt};
use crate::error::{Error, Kind, Result, Status};
use crate::output::{Output, fleet::Display, github};
use summary::{Row, State};
use targets::Plan;

/// Runs one command for one service: the single-service entry point, handed down by the caller.
pub type Dispatch =
    for<'a> fn(&'a Context, &'a Command) -> Pin<Box<dyn Future<Output = Result<Status>> + 'a>>;

/// One run over several services: what they share, and where each one stands.
pub struct Fleet {
    pool: Arc<Pool>,
    command: &'static str,
    out: Output,
    board: Mutex<Board>,
}

struct Board {
    rows: Vec<Row>,
    contexts: Vec<Option<Arc<Context>>>,
    started: Vec<Option<Instant>>,
    /// Services whose stdout has been printed (text output streams them in config order).
    printed: usize,
}

impl Fleet {
    fn set(&self, index: usize, state: State) {
        lock(&self.board).rows[index].state = state;
    }

    /// Prints the stdout of finished services, in config order, up to the first one not done.
    /// `all`: also past services still running (the run is over).
    fn print_ready(&self, take: &dyn Fn(usize) -> String, all: bool) {
        if self.out.is_json() {
            return;
        }
        let mut board = lock(&self.board);
        while board.printed < board.rows.len() {
            let i = board.printed;
            let ready = matches!(board.rows[i].state, State::Done { .. } | State::Skipped);
            if !ready && !all {
                break;
            }
            let text = take(i);
            if !text.trim().is_empty() {
                let row = &board.rows[i];
                self.out.data(&format!("==> {} ({}) <==\n{text}", row.label, row.config));
            }
            board.printed += 1;
        }
    }

    fn rows(&self) -> Vec<Row> {
        lock(&self.board).rows.clone()
    }

    /// Prints the combined summary: text (stderr), JSON (stdout), GitHub step summary.
    fn summarize(&self, rows: &[Row]) -> Result<()> {
        if self.out.is_json() {
            self.out.json(&summary::json(self.command, rows));
        }
        self.out.info(&summary::text(rows));
        if github::active() {
            github::append_step_summary(&summary::markdown(self.command, rows))?;
            for (name, value) in summary::github_outputs(rows) {
                self.out.set_output(&name, &value)?;
            }
        }
        Ok(())
    }
}

/// The commands that take several configs, by name.
fn command_name(command: &Command) -> Option<&'static str> {
    Some(match command {
        Command::Deploy(_) => "deploy",
        Command::Diff(_) => "diff",
        Command::Status(_) => "status",
        Command::Wait(_) => "wait",
        Command::Rollback(_) => "rollback",
        Command::Render(_) => "render",
        _ => return None,
    })
}

/// Runs `command` over every service of `plan`; the exit code is the worst outcome.
pub async fn run(
    ctx: &Context,
    command: &Command,
    plan: Plan,
    dispatch: Dispatch,
) -> Result<Status> {
    let Some(name) = command_name(command) else {
        return Err(Error::new("this command works on one service at a time; give one --config")
            .hint("deploy, diff, status, wait, rollback and render take several configs (--config repeated, a glob, or --stack)"));
    };
    let labels: Vec<String> = plan.targets.iter().map(|t| t.label.clone()).collect();
    let fleet = Arc::new(Fleet {
        pool: Arc::new(Pool::new(ctx.out.clone())),
        command: name,
        out: ctx.out.clone(),
        board: Mutex::new(Board {
            rows: plan
                .targets
                .iter()
                .map(|t| Row {
                    label: t.label.clone(),
                    config: t.config.display().to_string(),
                    state: State::Waiting,
                    output: String::new(),
                    outputs: Vec::new(),
                })
                .collect(),
            contexts: vec![None; plan.targets.len()],
            started: vec![None; plan.targets.len()],
            printed: 0,
        }),
    });
    ctx.report_interrupts_with(Arc::clone(&fleet) as Arc<dyn ReportInterrupt>);
    let mut display = Display::start(&ctx.out, &labels);
    let places = Semaphore::new(plan.concurrency);
    let failed = AtomicBool::new(false);
    let slots: Vec<_> = (0..plan.targets.len()).map(|i| display.slot(i)).collect();
    let take = |i: usize| slots[i].take_stdout();
    let fail_fast = plan.fail_fast;

    let services = plan.targets.iter().enumerate().map(|(i, target)| {
        let (fleet, places, failed, display, take) = (&fleet, &places, &failed, &display, &take);
        async move {
            let Ok(_place) = places.acquire().await else { return };
            let slot = display.slot(i);
            if fail_fast && failed.load(Ordering::SeqCst) {
                fleet.set(i, State::Skipped);
                slot.finished(false, "skipped (--fail-fast)");
                fleet.print_ready(take, false);
                return;
            }
            let service = Arc::new(ctx.for_service(
                target.config.clone(),
                display.output(i),
                Arc::clone(&fleet.pool),
            ));
            let started = Instant::now();
            {
                let mut board = lock(&fleet.board);
                board.contexts[i] = Some(Arc::clone(&service));
                board.started[i] = Some(started);
                board.rows[i].state = State::Running;
            }
            slot.started();
            // The same function a single-service run calls.
            let result = crate::output::LOG_OUTPUT
                .scope(service.out.clone(), dispatch(&service, command))
                .await;
            let (code, detail) = match result {
                Ok(status) => (status.code(), slot.result_line().unwrap_or_default()),
                Err(e) => {
                    service.out.error(&e);
                    (e.exit().code(), e.message().to_string())
                }
            };
            if summary::is_failure(code) {
                failed.store(true, Ordering::SeqCst);
            }
            slot.finished(!summary::is_failure(code), &detail);
            fleet.set(i, State::Done { code, took: started.elapsed(), detail });
            fleet.print_ready(take, false);
        }
    });
    futures_util::future::join_all(services).await;
    display.stop();
    fleet.print_ready(&take, true);
    let mut rows = fleet.rows();
    for (i, row) in rows.iter_mut().enumerate() {
        row.outputs = slots[i].outputs();
        if ctx.out.is_json() {
            row.output = take(i);
        }
    }
    fleet.summarize(&rows)?;
    Ok(Status::Exit(exit_of(summary::worst(&rows))))
}

impl ReportInterrupt for Fleet {
    fn report<'a>(&'a self, signal: &'a str) -> Pin<Box<dyn Future<Output = Error> + Send + 'a>> {
        Box::pin(interrupted(self, signal))
    }
}

/// The error for an interruption of a run over several services: for each service in flight,
/// what it had done (its own interruption report) and how to go on; the summary is printed.
async fn interrupted(fleet: &Fleet, signal: &str) -> Error {
    let running: Vec<(usize, Arc<Context>, Instant)> = {
        let board = lock(&fleet.board);
        (0..board.rows.len())
            .filter(|i| matches!(board.rows[*i].state, State::Running))
            .filter_map(|i| Some((i, board.contexts[i].clone()?, board.started[i]?)))
            .collect()
    };
    let reports = futures_util::future::join_all(
        running.iter().map(|(_, service, _)| crate::interrupt::report(service, signal)),
    )
    .await;
    let mut error = Error::with_kind(
        Kind::Interrupted,
        format!("interrupted ({signal}) with {} service(s) in flight", running.len()),
    );
    for ((i, _, started), report) in running.iter().zip(&reports) {
        let label = lock(&fleet.board).rows[*i].label.clone();
        let mut lines: Vec<String> = report.details().to_vec();
        if lines.is_empty() {
            lines.push("nothing was written to AWS yet".into());
        }
        for line in &lines {
            error = error.detail(format!("{label}: {line}"));
        }
        if let Some(hint) = report.hint_text() {
            error = error.detail(format!("{label}: {hint}"));
        }
        fleet.set(*i, State::Interrupted { took: started.elapsed(), detail: lines.join("; ") });
    }
    let rows = fleet.rows();
    // Services that never started are listed as such; the summary says where everyone stood.
    if let Err(e) = fleet.summarize(&rows) {
        fleet.out.error(&e);
    }
    error
}

fn exit_of(code: u8) -> crate::error::Exit {
    use crate::error::Exit;
    match code {
        0 => Exit::Success,
        2 => Exit::Differences,
        3 => Exit::RolledBack,
        4 => Exit::TimedOut,
        130 => Exit::Interrupted,
        _ => Exit::Failure,
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
