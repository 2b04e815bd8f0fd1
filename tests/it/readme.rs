//! Every config, definition and workflow snippet in the README is checked, as rustdoc runs
//! doctests: a reader copies them, so a snippet that does not run is a bug.
//!
//! Each ```yaml, ```json or ```jsonnet block carries a marker on the line before it:
//!
//! - `<!-- check: excerpt PATH -->`: the block is a verbatim piece of PATH (leading comment lines
//!   of the block, which name the file, aside; indentation may differ by a constant), so the
//!   README cannot drift from the example the tests deploy;
//! - `<!-- check: config -->`: a whole config, rendered by `shipper render config`;
//! - `<!-- check: fragment -->`: top-level keys added to a minimal config, rendered the same way;
//! - `<!-- check: stack -->`: a stack file, rendered with `render config --stack` over stand-in
//!   configs at the paths it names;
//! - `<!-- check: workflow -->`: a GitHub workflow whose steps using this action pass only its
//!   inputs, read only its outputs, and give `args` shipper accepts;
//! - `<!-- check: skip WHY -->`: not checkable (say why: an abridged output, for instance).

use crate::support::shipper::{run, shipper};
use std::path::Path;

struct Block {
    line: usize,
    marker: Option<String>,
    lang: String,
    text: String,
}

fn blocks(readme: &str) -> Vec<Block> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(lang) = lines[i].strip_prefix("```") else {
            i += 1;
            continue;
        };
        let start = i;
        let end = (i + 1..lines.len()).find(|&j| lines[j].starts_with("```")).expect("closed");
        let marker = (start > 0)
            .then(|| lines[start - 1].trim())
            .and_then(|l| l.strip_prefix("<!-- check:"))
            .and_then(|l| l.strip_suffix("-->"))
            .map(|l| l.trim().to_string());
        let text = lines[start + 1..end].iter().map(|l| format!("{l}\n")).collect();
        out.push(Block { line: start + 1, marker, lang: lang.trim().to_string(), text });
        i = end + 1;
    }
    out
}

/// Whether `block` (its leading comment lines aside) is a run of `file`'s lines, each shifted by
/// the same indentation.
fn is_excerpt(block: &str, file: &str) -> bool {
    let wanted: Vec<&str> = block
        .lines()
        .skip_while(|l| l.trim_start().starts_with('#') || l.trim_start().starts_with("//"))
        .collect();
    let lines: Vec<&str> = file.lines().collect();
    if wanted.is_empty() || wanted.len() > lines.len() {
        return false;
    }
    let indent = |l: &str| l.len() - l.trim_start().len();
    (0..=lines.len() - wanted.len()).any(|start| {
        let shift = indent(lines[start]) as isize - indent(wanted[0]) as isize;
        wanted.iter().zip(&lines[start..]).all(|(w, f)| {
            w.trim_start() == f.trim_start()
                && (w.trim().is_empty() || indent(f) as isize - indent(w) as isize == shift)
        })
    })
}

const BASE: &str = "region: ap-northeast-1\ncluster: acme-dev-cluster\nservice: acme-dev-app\n\
                    service_definition: ecs-service-def.json\ntask_definition: ecs-task-def.json\n";

fn render_config(dir: &Path, config: &str, extra: &[&str]) -> Result<(), String> {
    std::fs::write(dir.join("config.yaml"), config).unwrap();
    let r = run(shipper(dir).args(["render", "config"]).args(extra).env("GREEN_URL", "http://x"));
    match r.code {
        0 => Ok(()),
        _ => Err(r.stderr.clone()),
    }
}

/// What one block's marker asks of it; `Err` says what is wrong.
fn check(root: &Path, block: &Block) -> Result<(), String> {
    let marker = block.marker.as_deref().ok_or("no `<!-- check: … -->` marker before it")?;
    let (kind, arg) = marker.split_once(' ').unwrap_or((marker, ""));
    let dir = tempfile::tempdir().unwrap();
    match kind {
        "excerpt" => {
            let file = std::fs::read_to_string(root.join(arg))
                .map_err(|e| format!("cannot read {arg}: {e}"))?;
            match is_excerpt(&block.text, &file) {
                true => Ok(()),
                false => Err(format!("not a verbatim piece of {arg}")),
            }
        }
        "config" => render_config(dir.path(), &block.text, &["--config", "config.yaml"]),
        "fragment" => {
            // A Terraform state for `tfstate`, unless the fragment brings its own plugins.
            let state = "plugins:\n  - name: tfstate\n    config:\n      path: state.tfstate\n";
            std::fs::write(dir.path().join("state.tfstate"), r#"{"version": 4, "resources": []}"#)
                .unwrap();
            let plugins = if block.text.starts_with("plugins:") { "" } else { state };
            let config = format!("{BASE}{plugins}{}", block.text);
            render_config(dir.path(), &config, &["--config", "config.yaml"])
        }
        "stack" => {
            let stack: serde_yaml::Value =
                serde_yaml::from_str(&block.text).map_err(|e| e.to_string())?;
            for entry in stack["services"].as_sequence().ok_or("no `services:` list")? {
                let path = entry.as_str().ok_or("a service that is not a path")?.replace('*', "a");
                let path = dir.path().join(path);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, BASE).unwrap();
            }
            std::fs::write(dir.path().join("stack.yml"), &block.text).unwrap();
            let r = run(shipper(dir.path()).args(["render", "config", "--stack", "stack.yml"]));
            match r.code {
                0 => Ok(()),
                _ => Err(r.stderr.clone()),
            }
        }
        "workflow" => check_workflow(root, dir.path(), &block.text),
        "skip" if !arg.is_empty() => Ok(()),
        _ => Err(format!("unknown marker `{marker}` (or a skip that does not say why)")),
    }
}

/// The steps that use this action: inputs it declares, `args` shipper parses, outputs it sets.
fn check_workflow(root: &Path, dir: &Path, text: &str) -> Result<(), String> {
    let action: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root.join("action.yml")).unwrap()).unwrap();
    let declared = |key: &str| -> Vec<String> {
        let map = action[key].as_mapping().cloned().unwrap_or_default();
        map.keys().filter_map(|k| k.as_str().map(String::from)).collect()
    };
    let (inputs, outputs) = (declared("inputs"), declared("outputs"));
    let workflow: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
    let jobs = workflow["jobs"].as_mapping().ok_or("no jobs")?;
    let mut used = 0;
    for job in jobs.values() {
        for step in job["steps"].as_sequence().ok_or("a job without steps")? {
            if !step["uses"].as_str().is_some_and(|u| u.starts_with("OWNER/shipper@")) {
                continue;
            }
            used += 1;
            let with = step["with"].as_mapping().ok_or("the shipper step has no `with`")?;
            for key in with.keys().filter_map(|k| k.as_str()) {
                if !inputs.iter().any(|i| i == key) {
                    return Err(format!("`with: {key}` is not an input of action.yml"));
                }
            }
            let args = with.get("args").and_then(|a| a.as_str()).ok_or("no `args`")?;
            let r = run(shipper(dir).args(args.split_whitespace()).arg("--help"));
            if r.code != 0 {
                return Err(format!("shipper does not take `{args}`: {}", r.stderr));
            }
        }
    }
    for (i, _) in text.match_indices(".outputs.") {
        let name: String = text[i + 9..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        if !outputs.contains(&name) {
            return Err(format!("`outputs.{name}` is not an output of action.yml"));
        }
    }
    match used {
        0 => Err("no step uses this action".into()),
        _ => Ok(()),
    }
}

#[test]
fn every_config_definition_and_workflow_snippet_in_the_readme_works() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for block in blocks(&readme) {
        if !matches!(block.lang.as_str(), "yaml" | "json" | "jsonnet") && block.marker.is_none() {
            continue;
        }
        checked += 1;
        if let Err(why) = check(root, &block) {
            failures.push(format!("README.md:{} ({}): {why}", block.line, block.lang));
        }
    }
    assert!(failures.is_empty(), "README snippets that do not work:\n{}", failures.join("\n"));
    assert!(checked >= 10, "only {checked} snippets checked");
}

/// The checks themselves catch what they are for: a drifted excerpt, a broken gate, an input
/// the action lacks, a missing marker.
#[test]
fn a_broken_snippet_is_caught() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = "<!-- check: excerpt examples/bluegreen/config.yaml -->\n```yaml\nshipper:\n  gates:\n    checks:\n      - name: green-5xx\n```\n\
         <!-- check: fragment -->\n```yaml\nshipper:\n  gates:\n    checks:\n      - name: g\n        type: http\n        phase: baking\n        url: http://x\n```\n\
         <!-- check: workflow -->\n```yaml\njobs:\n  d:\n    steps:\n      - uses: OWNER/shipper@v0\n        with:\n          arg: deploy\n```\n\
         ```json\n{}\n```\n";
    let found: Vec<Result<(), String>> = blocks(readme).iter().map(|b| check(root, b)).collect();
    assert_eq!(found.len(), 4);
    assert!(found[0].as_ref().unwrap_err().contains("not a verbatim piece"), "{found:?}");
    assert!(found[1].as_ref().unwrap_err().contains("phase"), "{found:?}");
    assert!(found[2].as_ref().unwrap_err().contains("`with: arg`"), "{found:?}");
    assert!(found[3].as_ref().unwrap_err().contains("no `<!-- check"), "{found:?}");
    // A piece of the file, indented differently, is an excerpt.
    let file = "a:\n  b:\n    c: 1\n    d: 2\n";
    assert!(is_excerpt("# f.yaml\nb:\n  c: 1\n  d: 2\n", file));
    assert!(!is_excerpt("b:\n  c: 1\n d: 2\n", file));
}
