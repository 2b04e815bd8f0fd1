//! Cross-check of shipper's Jsonnet (jrsonnet) against Go Jsonnet, what ecspresso evaluates with
//! (`gojsonnet` in the test virtualenv): every Jsonnet file of ecspresso's fixtures, with the
//! external variables its tests pass, evaluated by both and rendered by `shipper render`.
//!
//! Both sides go through the same shipper render, so the only difference can be the evaluation:
//! shipper renders a wrapper that imports the fixture (evaluated by jrsonnet), and the same
//! wrapper importing Go Jsonnet's JSON output of it (JSON imports as itself). The wrapper turns
//! the AWS-backed template functions the fixtures call (tfstate, ssm, secretsmanager_arn) into
//! `env` lookups, so the check needs no AWS. The fixtures call no `std.native` function; the `ecspresso/jsonnet` example,
//! whose natives read SSM and Terraform state, is covered by the templates tests instead.

use std::path::Path;

use serde_json::Value;

use crate::support::copy_tree;
use crate::support::project::{Project, no_crash};
use crate::support::shipper::run;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ecspresso");

/// Evaluates `files` (relative to `dir`) with Go Jsonnet, writing each output to `<file>.go.json`.
const EVALUATE: &str = r#"
import json, sys, _gojsonnet
ext_vars, ext_codes = json.loads(sys.argv[1]), json.loads(sys.argv[2])
for path in sys.argv[3:]:
    out = _gojsonnet.evaluate_file(path, ext_vars=ext_vars, ext_codes=ext_codes)
    with open(path + ".go.json", "w") as f:
        f.write(out)
"#;

fn python() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python").display().to_string()
}

/// What a fixture is, by its name: rendered as that target.
fn target(file: &str) -> &'static str {
    let name = file.rsplit('/').next().unwrap();
    if name.contains("service") || name.starts_with("sv") {
        "servicedef"
    } else if name.contains("task") || name.starts_with("td") {
        "taskdef"
    } else {
        "config"
    }
}

/// `shipper render TARGET` of `wrapped` (the document to check, imported by a wrapper), as JSON.
fn render(p: &Project, wrapped: &str, target: &str, ext: &[(&str, &str, bool)]) -> Value {
    let path = Path::new(wrapped);
    let dir = path.parent().map(|d| d.display().to_string()).unwrap_or_default();
    let at = |file: &str| if dir.is_empty() { file.to_string() } else { format!("{dir}/{file}") };
    let name = path.file_name().unwrap().to_str().unwrap();
    // The AWS-backed functions become `env` lookups of unset names (empty strings): the
    // templates still render, offline, the same on both sides.
    let mut wrapper = format!("std.manifestJson(import '{name}')");
    for function in ["tfstate", "ssm", "secretsmanager_arn"] {
        for space in ["", " "] {
            wrapper =
                format!("std.strReplace({wrapper}, '{{{{{space}{function} ', '{{{{{space}env ')");
        }
    }
    let wrapper = format!("std.parseJson({wrapper})\n");
    let config = if target == "config" {
        p.write(&at("wrap.jsonnet"), &wrapper);
        at("wrap.jsonnet")
    } else {
        let key = if target == "taskdef" { "task_definition" } else { "service_definition" };
        p.write(&at("wrap-def.jsonnet"), &wrapper);
        p.write(
            &at("wrap.yaml"),
            &format!("region: ap-northeast-1\ncluster: c\nservice: s\n{key}: wrap-def.jsonnet\n"),
        );
        at("wrap.yaml")
    };
    let mut cmd = p.bare(&["--config", &config, "--output", "json"]);
    for (name, value, code) in ext {
        cmd.arg(if *code { "--ext-code" } else { "--ext-str" }).arg(format!("{name}={value}"));
    }
    let r = run(cmd.arg("render").arg(target));
    no_crash(&r);
    assert_eq!(r.code, 0, "render {wrapped} as {target}: {}", r.stderr);
    serde_json::from_str::<Value>(&r.stdout).unwrap()[target].clone()
}

#[test]
fn jrsonnet_evaluates_ecspresso_s_jsonnet_fixtures_as_go_jsonnet_does() {
    let mut p = Project::offline();
    p.set_env("AWS_ACCOUNT_ID", "123456789012").set_env("AWS_REGION", "ap-northeast-1");
    copy_tree(Path::new(FIXTURES), p.dir.path());
    let mut files: Vec<String> = Vec::new();
    for dir in ["", "ci", "terraform"] {
        for entry in std::fs::read_dir(p.dir.path().join(dir)).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name.ends_with(".jsonnet") {
                files.push(if dir.is_empty() { name } else { format!("{dir}/{name}") });
            }
        }
    }
    files.sort();
    assert_eq!(files.len(), 13, "the fixtures' Jsonnet files: {files:?}");

    // The external variables ecspresso's tests pass; the CI files are checked with both values.
    let mut checked = 0;
    for controller in ["ECS", "CODE_DEPLOY"] {
        let ext: [(&str, &str, bool); 3] = [
            ("WorkerID", "3", false),
            ("EphemeralStorage", "24 + 1", true),
            ("DEPLOYMENT_CONTROLLER", controller, false),
        ];
        let vars: serde_json::Map<String, Value> =
            ext.iter().filter(|e| !e.2).map(|e| (e.0.to_string(), e.1.into())).collect();
        let codes: serde_json::Map<String, Value> =
            ext.iter().filter(|e| e.2).map(|e| (e.0.to_string(), e.1.into())).collect();
        let out = std::process::Command::new(python())
            .current_dir(p.dir.path())
            .arg("-c")
            .arg(EVALUATE)
            .arg(Value::Object(vars).to_string())
            .arg(Value::Object(codes).to_string())
            .args(&files)
            .output()
            .unwrap();
        assert!(out.status.success(), "gojsonnet: {}", String::from_utf8_lossy(&out.stderr));
        for file in &files {
            let target = target(file);
            let shipper = render(&p, file, target, &ext);
            let go = render(&p, &format!("{file}.go.json"), target, &ext);
            assert_eq!(shipper, go, "{file} ({target}, DEPLOYMENT_CONTROLLER={controller})");
            checked += 1;
        }
    }
    assert_eq!(checked, 26);
}
