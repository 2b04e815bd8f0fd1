//! `shipper completions <shell>` and `shipper man`: the scripts committed under `completions/` and
//! the man page `man/shipper.1` come from here, out of the same clap definition as `--help`.

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

/// `shipper man DIR`: writes the man pages (roff) into DIR: `shipper.1` and one page per
/// command (`shipper-deploy.1`, …), each with its flags, global options and examples.
pub fn man(out: &Output, dir: Option<&std::path::Path>) -> crate::error::Result<()> {
    let Some(dir) = dir else {
        let mut page = Vec::new();
        clap_mangen::Man::new(Cli::command())
            .render(&mut page)
            .map_err(|e| crate::error::Error::new(format!("cannot render the man page: {e}")))?;
        out.data(&String::from_utf8_lossy(&page));
        return Ok(());
    };
    let fail = |e: std::io::Error| {
        crate::error::Error::new(format!("cannot write man pages into {}: {e}", dir.display()))
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    clap_mangen::generate_to(Cli::command(), dir).map_err(fail)?;
    out.info(&format!("man pages written to {}", dir.display()));
    Ok(())
}
