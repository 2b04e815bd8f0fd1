//! The command line itself: version, completions, usage errors, exit codes.

use crate::support::shipper::{run, shipper};

#[test]
fn version_prints_the_crate_version() {
    let dir = tempfile::tempdir().unwrap();
    run(shipper(dir.path()).arg("version"))
        .code(0)
        .stdout_has(&format!("shipper {}", env!("CARGO_PKG_VERSION")));
    let json = run(shipper(dir.path()).args(["version", "--output", "json"])).code(0).json();
    assert_eq!(json["version"], env!("CARGO_PKG_VERSION"));
}

/// The committed scripts in completions/ are what the current CLI generates.
#[test]
fn completions_are_not_stale() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (shell, file) in [
        ("bash", "shipper.bash"),
        ("zsh", "_shipper"),
        ("fish", "shipper.fish"),
        ("powershell", "_shipper.ps1"),
        ("elvish", "shipper.elv"),
    ] {
        let generated =
            run(shipper(dir.path()).args(["completions", shell])).code(0).stdout.clone();
        let committed =
            std::fs::read_to_string(root.join("completions").join(file)).unwrap_or_default();
        assert!(generated == committed, "completions/{file} is stale: run scripts/completions");
        assert!(generated.contains("render"), "{shell} completion lists the commands");
    }
}

/// The committed man pages in man/ are what the current CLI generates, one per command.
#[test]
fn man_pages_are_not_stale() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    run(shipper(dir.path()).args(["man", "pages"])).code(0);
    let names = |dir: &std::path::Path| {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        names.sort();
        names
    };
    let generated = names(&dir.path().join("pages"));
    assert_eq!(generated, names(&root.join("man")), "man/ is stale: run scripts/completions");
    assert!(generated.contains(&"shipper-deploy.1".to_string()), "{generated:?}");
    for name in &generated {
        let page = std::fs::read_to_string(dir.path().join("pages").join(name)).unwrap();
        let committed = std::fs::read_to_string(root.join("man").join(name)).unwrap_or_default();
        assert!(page == committed, "man/{name} is stale: run scripts/completions");
    }
    let deploy = std::fs::read_to_string(root.join("man/shipper-deploy.1")).unwrap();
    assert!(deploy.contains("dry\\-run") && deploy.contains("Examples:"), "{deploy}");
}

/// `deploy -h` lists deploy's own flags first, then the global ones under their own heading,
/// then examples.
#[test]
fn help_lists_the_command_flags_then_global_options_then_examples() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["deploy", "diff", "rollback", "render", "status", "wait"] {
        let help = run(shipper(dir.path()).args([command, "--help"])).code(0).stdout.clone();
        let at = |needle: &str| {
            help.find(needle)
                .unwrap_or_else(|| panic!("{command} --help lacks {needle:?}:\n{help}"))
        };
        let (options, global, examples) =
            (at("\nOptions:"), at("\nGlobal options:"), at("\nExamples:"));
        assert!(options < global && global < examples, "{command} --help order:\n{help}");
        // Every global flag under the heading, none of them among the command's own.
        for flag in ["--config", "--region", "--output", "--verbose", "--show-secrets"] {
            let place = help
                .find(&format!("  {flag}"))
                .or_else(|| help.find(&format!(", {flag}")))
                .unwrap_or_else(|| panic!("{command} --help lacks {flag}:\n{help}"));
            assert!(
                place > global && place < examples,
                "{command}: {flag} not under Global options:\n{help}"
            );
        }
        assert!(help[examples..].contains(&format!("shipper {command}")), "{help}");
    }
    let deploy = run(shipper(dir.path()).args(["deploy", "--help"])).code(0).stdout.clone();
    assert!(
        deploy.find("--dry-run").unwrap() < deploy.find("Global options:").unwrap(),
        "{deploy}"
    );
}

#[test]
fn usage_errors_exit_1_not_2() {
    let dir = tempfile::tempdir().unwrap();
    run(shipper(dir.path()).arg("no-such-command")).code(1).stderr_has("unrecognized subcommand");
    run(shipper(dir.path()).args(["render", "--timeout", "soon"]))
        .code(1)
        .stderr_has("is not a duration; use e.g. 90s, 10m or 1h30m")
        .never_shows("expected number");
    run(&mut shipper(dir.path())).code(1).stderr_has("Usage:");
    run(shipper(dir.path()).arg("--help")).code(0).stdout_has("Usage:");
}

#[test]
fn a_missing_config_is_a_short_error() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(shipper(dir.path()).arg("render"));
    r.code(1).stderr_has("error: no config file found").stderr_has("hint: pass --config");
    assert!(!r.stderr.contains("panicked") && !r.stderr.contains("backtrace"), "{}", r.stderr);
    run(shipper(dir.path()).args(["--config", "nope.yaml", "render"]))
        .code(1)
        .stderr_has("config file nope.yaml does not exist");
}

/// The AWS crates are built without default features; dropping the HTTPS client by mistake still
/// compiles and fails only at run time ("No HTTP client was available"). This proves a real
/// TLS-capable client is there: the call reaches the (closed) port and fails to connect.
#[test]
fn an_https_capable_client_is_built_in() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("shipper.yml"),
        "region: ap-northeast-1\ntask_definition: td.json\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("td.json"),
        r#"{"family": "f", "containerDefinitions": [{"name": "a", "image": "{{ ssm `/x` }}"}]}"#,
    )
    .unwrap();
    let r = run(shipper(dir.path())
        .args(["--endpoint-url", "https://127.0.0.1:1", "render", "taskdef"])
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_MAX_ATTEMPTS", "1"));
    r.code(1)
        .stderr_has(
            "ssm:GetParameters (/x): could not connect to https://127.0.0.1:1: connection refused",
        )
        .stderr_has("hint: nothing listens there");
    assert!(!r.stderr.contains("No HTTP client"), "{}", r.stderr);
}

/// A negative value reaches the flag's own check, which names the flag; `wait` has no
/// `--no-wait`; `man` prints to stdout and is listed.
#[test]
fn odd_values_name_their_flag_and_man_prints_without_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    for (args, says) in [
        (&["--timeout", "-5s", "wait"][..], "invalid value '-5s' for '--timeout <DURATION>'"),
        (
            &["wait", "--poll-interval", "-1s"],
            "invalid value '-1s' for '--poll-interval <DURATION>'",
        ),
        (&["deploy", "--tasks", "-2"], "a task count cannot be negative"),
        (&["rollback", "--count", "-1"], "invalid value '-1' for '--count <N>'"),
        (&["wait", "--no-wait"], "unexpected argument '--no-wait'"),
    ] {
        let r = run(shipper(dir.path()).args(args));
        r.code(1).stderr_has(says);
    }
    let r = run(shipper(dir.path()).arg("man"));
    r.code(0).stdout_has(".TH shipper 1");
    run(shipper(dir.path()).arg("--help")).code(0).stdout_has("  man ");
}
