//! The first ten minutes of a newcomer: `scripts/demo --keep` tells its story, then the README's
//! Quick start runs verbatim in a shell holding the `export …` lines the demo printed.

use std::path::Path;
use std::process::{Command, Stdio};

/// The commands of the README's Quick start (the `sh` block under `## Quick start`), each with
/// the exit code its comment promises (`# exit 2: …`; none: 0).
fn quick_start(readme: &str) -> Vec<(String, String)> {
    let section = readme.split("\n## Quick start").nth(1).expect("README has a Quick start");
    let section = section.split("\n## ").next().unwrap_or_default();
    let block = section.split("```sh\n").nth(1).expect("the Quick start has a sh block");
    let block = block.split("```").next().unwrap_or_default();
    block
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (command, comment) = l.split_once(" # ").unwrap_or((l, ""));
            let code = comment.trim().strip_prefix("exit ").unwrap_or("0");
            (command.trim().to_string(), code.split(':').next().unwrap_or_default().to_string())
        })
        .collect()
}

#[test]
fn the_demo_tells_its_story_and_the_quick_start_runs_verbatim_after_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().unwrap();
    let mut demo = Command::new(root.join("scripts/demo"));
    demo.arg("--keep").current_dir(root).env_clear();
    for var in ["PATH", "HOME", "LANG"] {
        if let Some(value) = std::env::var_os(var) {
            demo.env(var, value);
        }
    }
    demo.env("SHIPPER_BIN", env!("CARGO_BIN_EXE_shipper")).env("SHIPPER_DEMO_DIR", work.path());
    let out = demo.stdin(Stdio::null()).output().expect("scripts/demo runs");
    let printed = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // With --keep the local AWS outlives the demo: stop it whatever happens below.
    let pid =
        printed.lines().find_map(|l| l.strip_prefix("# when done: kill ")).map(str::to_string);
    struct Stop(Option<String>);
    impl Drop for Stop {
        fn drop(&mut self) {
            if let Some(pid) = &self.0 {
                let _ = Command::new("kill").arg(pid).status();
            }
        }
    }
    let _stop = Stop(pid.clone());
    assert!(out.status.success(), "scripts/demo failed:\n{printed}");
    assert!(pid.is_some(), "--keep prints how to stop the local AWS:\n{printed}");

    // Each act, and what it proves.
    for needle in [
        // 1: render masks a SecureString.
        "<secret ssm:/acme/dev/database/password>",
        // 2: a live deploy that creates the service.
        "created acme-dev-app with acme-dev-app:1",
        // 3: the PR check: Markdown, exit 2.
        "<details>",
        "(exit code 2)",
        // 5: the failing release, rolled back, with its reason.
        "failed: the deployment failed and ECS rolled the service back",
        "Essential container in task exited",
        "(exit code 3)",
        // 7-8: blue/green behind gates, and the gate that fails.
        "gates passed",
        "green-health",
    ] {
        assert!(printed.contains(needle), "the demo never shows {needle:?}:\n{printed}");
    }
    assert!(!printed.contains("seed-db-password"), "a secret was printed:\n{printed}");
    assert!(!printed.contains("panicked"), "{printed}");

    // The Quick start, verbatim, in a shell that ran the printed `export` lines.
    let exports: Vec<&str> = printed.lines().filter(|l| l.starts_with("export ")).collect();
    assert!(exports.iter().any(|l| l.contains("AWS_ENDPOINT_URL=")), "{printed}");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let commands = quick_start(&readme);
    assert!(commands.iter().any(|(c, _)| c.starts_with("shipper deploy")), "{commands:?}");
    let mut script = exports.join("\n");
    for (command, _) in &commands {
        script.push_str(&format!("\n{command}\necho \"@@exit $?\"\n"));
    }
    let mut shell = Command::new("bash");
    shell.arg("-c").arg(&script).current_dir(root).env_clear();
    for var in ["PATH", "HOME", "LANG"] {
        if let Some(value) = std::env::var_os(var) {
            shell.env(var, value);
        }
    }
    let out = shell.output().expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let codes: Vec<&str> = stdout.lines().filter_map(|l| l.strip_prefix("@@exit ")).collect();
    assert_eq!(codes.len(), commands.len(), "every command ran:\n{stdout}\n{stderr}");
    for ((command, promised), code) in commands.iter().zip(&codes) {
        assert_eq!(
            promised, code,
            "`{command}` exited {code}, not as its comment says:\n{stdout}\n{stderr}"
        );
    }
    assert!(commands.iter().filter(|(c, _)| c.starts_with("shipper ")).count() >= 6);
    // The switch back to ROLLING is said, and the blue/green example passes its gates.
    assert!(stderr.contains("strategy from BLUE_GREEN to ROLLING"), "{stderr}");
    assert!(stderr.contains("deployed acme-dev-app"), "{stderr}");
    assert!(stderr.contains("gates passed"), "{stderr}");
}

/// The demo runs the shipper cargo built, wherever CARGO_TARGET_DIR puts it (it once assumed
/// `./target`).
#[test]
fn the_demo_takes_shipper_from_where_cargo_builds_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let elsewhere = tempfile::tempdir().unwrap();
    let out = Command::new(root.join("scripts/demo"))
        .arg("--where")
        .env("CARGO_TARGET_DIR", elsewhere.path())
        .output()
        .expect("scripts/demo runs");
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{printed}{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(printed.trim(), elsewhere.path().join("debug").display().to_string());
}
