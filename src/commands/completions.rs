//! `shipper completions <shell>`: the scripts committed under `completions/` come from here.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::output::Output;

/// The completion script for `shell`.
pub fn script(shell: clap_complete::Shell) -> String {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "shipper", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

pub fn run(out: &Output, shell: clap_complete::Shell) {
    out.data(&script(shell));
}
