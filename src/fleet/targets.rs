//! Which configs a run over several services works on.
//!
//! `--config` given more than once, a `--config` with a glob (`'services/*/shipper.yml'`,
//! quoted so shipper expands it, not the shell), or `--stack FILE` make a run over several
//! services. One plain `--config` (or none) is the single-service path, untouched.
//!
//! A stack file is YAML:
//!
//! ```yaml
//! services:            # configs (or globs), relative to the stack file, in this order
//!   - web/shipper.yml
//!   - 'workers/*/shipper.yml'
//! concurrency: 8       # optional; --concurrency wins
//! fail_fast: true      # optional; --fail-fast also turns it on
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::settings::FleetSettings;

/// One service of the run: its label (for output) and its config.
#[derive(Debug, Clone)]
pub struct Target {
    pub label: String,
    pub config: PathBuf,
}

/// The run's services and options, resolved from the flags and the stack file.
#[derive(Debug)]
pub struct Plan {
    pub targets: Vec<Target>,
    pub concurrency: usize,
    pub fail_fast: bool,
}

/// How many services work at once unless told otherwise: fifty services go in one round.
/// Their reads are batched (ten services a DescribeServices call, SSM once for all), so what
/// remains per service is one RegisterTaskDefinition and one UpdateService, which the SDK retries
/// with backoff if ECS throttles them.
pub const DEFAULT_CONCURRENCY: usize = 50;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stack {
    services: Vec<String>,
    #[serde(default)]
    concurrency: Option<usize>,
    #[serde(default)]
    fail_fast: bool,
}

/// The plan of a run over several services, or `None` for the single-service path.
pub fn resolve(settings: &FleetSettings) -> Result<Option<Plan>> {
    let several = settings.configs.len() > 1
        || settings.stack.is_some()
        || settings.configs.iter().any(|c| is_glob(&c.to_string_lossy()));
    if !several {
        return Ok(None);
    }
    let mut configs = Vec::new();
    for config in &settings.configs {
        configs.extend(expand(&config.to_string_lossy(), "--config")?);
    }
    let mut concurrency = None;
    let mut fail_fast = false;
    if let Some(path) = &settings.stack {
        let stack = read_stack(path)?;
        let dir = path.parent().unwrap_or(Path::new(""));
        for entry in &stack.services {
            let full = dir.join(entry);
            configs.extend(expand(&full.to_string_lossy(), &path.display().to_string())?);
        }
        concurrency = stack.concurrency;
        fail_fast = stack.fail_fast;
    }
    // The same config twice would deploy one service twice at once (the second refused).
    let mut unique: Vec<PathBuf> = Vec::new();
    for config in configs {
        let same = |p: &PathBuf| {
            p == &config
                || std::fs::canonicalize(p)
                    .ok()
                    .is_some_and(|a| std::fs::canonicalize(&config).ok().is_some_and(|b| a == b))
        };
        if !unique.iter().any(same) {
            unique.push(config);
        }
    }
    if unique.is_empty() {
        return Err(Error::new("no config files to work on").hint(
            "give --config FILE (repeatable, globs allowed) or --stack FILE with `services:`",
        ));
    }
    let concurrency = settings.concurrency.or(concurrency).unwrap_or(DEFAULT_CONCURRENCY);
    if concurrency == 0 {
        return Err(Error::new("concurrency: 0 would run nothing").hint("use 1 or more"));
    }
    Ok(Some(Plan {
        targets: label(unique),
        concurrency,
        fail_fast: settings.fail_fast || fail_fast,
    }))
}

fn is_glob(text: &str) -> bool {
    text.contains(['*', '?', '['])
}

/// A literal path (which must exist) or a glob's matches in sorted order (at least one).
fn expand(pattern: &str, source: &str) -> Result<Vec<PathBuf>> {
    if !is_glob(pattern) {
        let path = PathBuf::from(pattern);
        if !path.is_file() {
            return Err(Error::new(format!("config file {pattern} does not exist ({source})"))
                .hint("check the path; it is relative to the current directory (stack file entries: to the stack file)"));
        }
        return Ok(vec![path]);
    }
    let paths = glob::glob(pattern).map_err(|e| {
        Error::new(format!("`{pattern}` is not a valid glob ({source}): {}", e.msg))
            .hint("use * for any name, ** for any directories, e.g. 'services/*/shipper.yml'")
    })?;
    let mut found: Vec<PathBuf> =
        paths.filter_map(std::result::Result::ok).filter(|p| p.is_file()).collect();
    found.sort();
    if found.is_empty() {
        return Err(Error::new(format!("`{pattern}` matches no config file ({source})"))
            .hint("check the pattern; quote it so shipper, not the shell, expands it"));
    }
    Ok(found)
}

fn read_stack(path: &Path) -> Result<Stack> {
    let text = crate::config::read_file(path)
        .map_err(|e| Error::new(format!("cannot read stack file {}: {e}", path.display())))?;
    serde_yaml::from_str(&text).map_err(|e| {
        Error::new(format!("{}: {e}", path.display())).hint(
            "a stack file has `services:` (a list of config files or globs), and optionally `concurrency:` and `fail_fast:`",
        )
    })
}

/// Short names for output: the file name without extension, or its directory's name when the
/// file has a generic name (`web/shipper.yml` is `web`); the path itself when names clash.
fn label(configs: Vec<PathBuf>) -> Vec<Target> {
    const GENERIC: [&str; 4] = ["shipper", "ecspresso", "config", "service"];
    let short = |path: &Path| {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let stem = stem.trim_end_matches(".yml").trim_end_matches(".yaml").to_string();
        match GENERIC.contains(&stem.as_str()) {
            true => path
                .parent()
                .and_then(Path::file_name)
                .map_or(stem.clone(), |d| d.to_string_lossy().into_owned()),
            false => stem,
        }
    };
    let shorts: Vec<String> = configs.iter().map(|p| short(p)).collect();
    configs
        .into_iter()
        .enumerate()
        .map(|(i, config)| {
            let clash = shorts.iter().filter(|s| **s == shorts[i]).count() > 1;
            let label = if clash { config.display().to_string() } else { shorts[i].clone() };
            Target { label, config }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_short_and_unique() {
        let targets = label(vec![
            "services/web/shipper.yml".into(),
            "api.yml".into(),
            "a/worker.yml".into(),
            "b/worker.yml".into(),
        ]);
        let labels: Vec<_> = targets.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["web", "api", "a/worker.yml", "b/worker.yml"]);
    }

    #[test]
    fn one_plain_config_is_the_single_service_path() {
        let one = FleetSettings { configs: vec!["x.yml".into()], ..Default::default() };
        assert!(resolve(&one).unwrap().is_none());
        assert!(resolve(&FleetSettings::default()).unwrap().is_none());
        let glob =
            FleetSettings { configs: vec!["/nonexistent/*.yml".into()], ..Default::default() };
        let e = resolve(&glob).unwrap_err();
        assert!(e.message().contains("matches no config file"), "{}", e.message());
    }
}
