//! ecspresso's `external` plugin end to end through `shipper render`: small Python and sh
//! programs as the commands, in exec and JSON-RPC modes, from Go templates, minijinja and
//! Jsonnet, and the ways a command fails (non-zero exit, timeout, bad JSON, a wrong reply id).

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::project::{Project, no_crash};
use crate::support::shipper::{Run, run};

/// The test virtualenv's Python, which runs the JSON-RPC server.
fn python() -> String {
    let venv = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    if venv.exists() { venv.display().to_string() } else { "python3".into() }
}

/// A JSON-RPC 2.0 server over stdin/stdout, one JSON object a line. Its answer counts the calls
/// it served (so a test sees whether one process served them all) and echoes the params. Flags:
/// `--delay S` sleeps before answering, `--bad-id` answers with the wrong id, `--error` answers
/// with a JSON-RPC error, `--garbage` answers with a line that is not JSON.
const SERVER: &str = r#"
import json, sys, time
args = sys.argv[1:]
count = 0
for line in sys.stdin:
    if not line.strip():
        continue
    req = json.loads(line)
    count += 1
    if "--delay" in args:
        time.sleep(float(args[args.index("--delay") + 1]))
    if "--garbage" in args:
        print("this is not json", flush=True)
        continue
    reply = {"jsonrpc": "2.0", "id": req["id"] + (1 if "--bad-id" in args else 0)}
    if "--error" in args:
        print("server: refusing", file=sys.stderr, flush=True)
        reply["error"] = {"code": -32000, "message": "no such key"}
    else:
        reply["result"] = {"method": req["method"], "params": req["params"], "count": count}
    print(json.dumps(reply), flush=True)
"#;

/// A project whose config declares `plugins` (YAML lines) and whose task definition's first
/// environment values are `values` (templates).
fn project(plugins: &str, values: &[&str]) -> Project {
    let p = Project::offline();
    p.write("server.py", SERVER);
    p.write(
        "config.yaml",
        &format!("region: ap-northeast-1\ncluster: c\nservice: web\ntask_definition: td.json\nplugins:\n{plugins}"),
    );
    write_td(&p, values);
    p
}

fn write_td(p: &Project, values: &[&str]) {
    let env: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{{\"name\": \"V{i}\", \"value\": \"{v}\"}}"))
        .collect();
    p.write(
        "td.json",
        &format!(
            "{{\"family\": \"web\", \"containerDefinitions\": [{{\"name\": \"app\", \"image\": \"nginx\", \"environment\": [{}]}}]}}",
            env.join(", ")
        ),
    );
}

fn render(p: &Project) -> Run {
    let r = run(&mut p.bare(&["--config", "config.yaml", "--output", "json", "render", "taskdef"]));
    no_crash(&r);
    r
}

fn values(r: &Run) -> Vec<Value> {
    r.code(0);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    doc["taskdef"]["containerDefinitions"][0]["environment"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["value"].clone())
        .collect()
}

#[test]
fn exec_mode_answers_go_templates_and_minijinja_with_json_or_text() {
    let p = project(
        "  - name: external\n    config:\n      name: lookup\n      command: [sh, -c, 'printf \"{\\\"key\\\": \\\"%s\\\", \\\"n\\\": [1, 2]}\" \"$1\"', sh]\n      num_args: 1\n  - name: external\n    func_prefix: x_\n    config:\n      name: echo\n      command: [printf, '%s-%s']\n      parser: string\n",
        &[
            "{{ (lookup `alpha`).key }}",
            "{{ index (lookup `beta`).n 1 }}",
            "{{ lookup('gamma').key }}",
            "{{ x_echo `a` `b` }}",
        ],
    );
    let got = values(&render(&p));
    assert_eq!(got, vec![json!("alpha"), json!("2"), json!("gamma"), json!("a-b")]);
}

#[test]
fn jsonrpc_mode_keeps_one_process_for_every_call_and_serves_jsonnet_natives() {
    let python = python();
    let plugins = format!(
        "  - name: external\n    config:\n      name: kv\n      command: ['{python}', server.py]\n      mode: jsonrpc\n      num_args: 2\n      timeout: 10s\n"
    );
    let p = project(
        &plugins,
        &[
            "{{ (kv `a` `b`).count }}",
            "{{ (kv `c` `d`).count }}",
            "{{ (kv `a` `b`).count }}",
            "{{ index (kv `c` `d`).params 1 }}",
        ],
    );
    // The same call answers the same (each distinct call is made once); a new one is the
    // process's second request.
    assert_eq!(values(&render(&p)), vec![json!("1"), json!("2"), json!("1"), json!("d")]);

    // Jsonnet: `std.native('kv')` with `num_args` string parameters, the JSON answer as a value.
    p.edit("config.yaml", "td.json", "td.jsonnet");
    p.write(
        "td.jsonnet",
        "local kv = std.native('kv');\nlocal r = kv('x', 'y');\n{ family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx', environment: [{ name: 'M', value: r.method }, { name: 'P', value: std.join(',', r.params) }, { name: 'C', value: std.toString(r.count) }] }] }",
    );
    assert_eq!(values(&render(&p)), vec![json!("kv"), json!("x,y"), json!("1")]);
    p.write("td.jsonnet", "{ family: std.native('kv')('x', 1), containerDefinitions: [] }");
    render(&p).code(1).stderr_has("td.jsonnet:1:").stderr_has("kv: argument 2 must be a string");
}

#[test]
fn a_failing_command_is_a_clean_error_naming_the_plugin_the_command_and_what_to_do() {
    // Non-zero exit: the status and stderr's last lines, never its stdout (it may be a secret).
    let p = project(
        "  - name: external\n    config:\n      name: secret\n      command: [sh, -c, 'cat secret.txt; echo \"vault: permission denied\" >&2; exit 3']\n",
        &["{{ secret }}"],
    );
    p.write("secret.txt", "s3cr3t-value\n");
    render(&p)
        .code(1)
        .stderr_has("td.json:1: external plugin function `secret` (command `sh -c")
        .stderr_has("failed (exit status: 3)")
        .stderr_has("vault: permission denied")
        .stderr_has("run the command by hand")
        .never_shows("s3cr3t-value");

    // Output that is not JSON with the default parser.
    p.edit("config.yaml", "exit 3", "exit 0");
    render(&p)
        .code(1)
        .stderr_has("is not JSON")
        .stderr_has("set `parser: string`")
        .never_shows("s3cr3t-value");

    // A command that does not exist.
    p.write(
        "config.yaml",
        "region: ap-northeast-1\ncluster: c\nservice: web\ntask_definition: td.json\nplugins:\n  - name: external\n    config:\n      name: secret\n      command: [./no-such-program]\n",
    );
    render(&p).code(1).stderr_has("cannot start it").stderr_has("check the plugin's `command`");

    // A timeout kills the command: the render ends at the timeout, not when it would have.
    p.write(
        "config.yaml",
        "region: ap-northeast-1\ncluster: c\nservice: web\ntask_definition: td.json\nplugins:\n  - name: external\n    config:\n      name: secret\n      command: [sleep, '30']\n      timeout: 300ms\n",
    );
    let started = Instant::now();
    render(&p)
        .code(1)
        .stderr_has("timed out after 300ms")
        .stderr_has("raise the plugin's `timeout`");
    assert!(started.elapsed() < Duration::from_secs(20), "the command was not stopped");
}

#[test]
fn jsonrpc_failures_timeout_wrong_id_error_reply_and_garbage_are_clean_errors() {
    let python = python();
    // A generous timeout where the test is not about it: Python starts slowly on a busy machine.
    let config = |flags: &str, timeout: &str| {
        format!(
            "  - name: external\n    config:\n      name: kv\n      command: ['{python}', server.py{flags}]\n      mode: jsonrpc\n      timeout: {timeout}\n"
        )
    };
    let p = project(&config(", --delay, '30'", "500ms"), &["{{ kv `a` }}"]);
    let started = Instant::now();
    render(&p)
        .code(1)
        .stderr_has("external plugin function `kv`")
        .stderr_has("no reply within 500ms; the process was stopped");
    assert!(started.elapsed() < Duration::from_secs(20), "the server was not stopped");

    let p = project(&config(", --bad-id", "20s"), &["{{ kv `a` }}"]);
    render(&p).code(1).stderr_has("its reply has id 2, the request had 1");

    let p = project(&config(", --error", "20s"), &["{{ kv `a` }}"]);
    render(&p).code(1).stderr_has("it answered with an error: no such key (code -32000)");

    let p = project(&config(", --garbage", "20s"), &["{{ kv `a` }}"]);
    render(&p)
        .code(1)
        .stderr_has("its reply (16 bytes) is not JSON")
        .never_shows("this is not json");

    let p = project(
        "  - name: external\n    config:\n      name: kv\n      command: [sh, -c, 'exit 4']\n      mode: jsonrpc\n",
        &["{{ kv `a` }}"],
    );
    // It is gone before or after the request is written: either way a clean error.
    let r = render(&p);
    r.code(1).stderr_has("external plugin function `kv` (command `sh -c exit 4`)");
    assert!(
        r.stderr.contains("without answering") || r.stderr.contains("cannot send the request"),
        "{}",
        r.stderr
    );
}

#[test]
fn external_plugin_config_mistakes_are_refused_at_load() {
    let p = project("  - name: external\n    config:\n      name: f\n      command: x\n", &["x"]);
    render(&p).code(1).stderr_has("plugins[0].config.command must be a list (argv)");
    let p = project(
        "  - name: external\n    config:\n      name: f\n      command: [x]\n      parsre: json\n",
        &["x"],
    );
    render(&p).code(1).stderr_has("parsre");
    // Two functions of the same name need a func_prefix, as in ecspresso.
    let p = project(
        "  - name: external\n    config: {name: f, command: [x]}\n  - name: external\n    config: {name: f, command: [y]}\n",
        &["x"],
    );
    render(&p)
        .code(1)
        .stderr_has("template function f already exists. set func_prefix to external plugin");
}
