//! Lookups into a Terraform state file: the `tfstate` and `tfstatef` template functions.
//!
//! Addresses are the ones Terraform prints: `aws_lb_target_group.app.arn`,
//! `data.aws_caller_identity.current.account_id`, `aws_subnet.private["a"].id`,
//! `aws_instance.web[0].private_ip`, `module.network.aws_vpc.main.id`, `output.vpc_id`, with
//! nested attributes after the resource (`...tags.Name`, `...ingress[0].from_port`). The state
//! is read once (format version 4, the one Terraform ≥ 0.12 writes).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::sync::OnceCell;

use crate::error::{Error, Result};

/// A loaded Terraform state.
#[derive(Debug, Clone)]
pub struct TfState {
    source: String,
    state: Value,
}

/// The states read by the services of a run over several, by where they are kept: services of
/// one Terraform project share one state, which is then read (from disk, S3 or HTTP) and parsed
/// once for the run rather than once per service. A state can be megabytes.
#[derive(Debug, Clone, Default)]
pub struct SharedTfState {
    loaded: Arc<Mutex<HashMap<Location, Arc<Loading>>>>,
}

/// One state's load: done once, its answer (or failure) kept for every service.
type Loading = OnceCell<Result<Arc<TfState>>>;

impl SharedTfState {
    /// The state at `location`, loaded with `load` by the first service that asks; the others
    /// wait for that answer (a failure too, so each service reports it alike).
    pub async fn get_or_load<F>(&self, location: &Location, load: F) -> Result<Arc<TfState>>
    where
        F: std::future::Future<Output = Result<TfState>>,
    {
        let cell = {
            let mut loaded = self.loaded.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            Arc::clone(loaded.entry(location.clone()).or_default())
        };
        cell.get_or_init(|| async { load.await.map(Arc::new) }).await.clone()
    }
}

/// Where a Terraform state is kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Location {
    File(PathBuf),
    S3 {
        bucket: String,
        key: String,
    },
    /// `http://` / `https://`: a state served over HTTP (Terraform's http backend, a bucket's
    /// public URL), read with a GET.
    Http(String),
}

/// One step of an attribute path: `.name` or `[0]` / `["key"]`.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

impl TfState {
    /// Where a plugin's state lives: `path` (relative to the config file's directory), or a
    /// `url`: `file://…` or `s3://bucket/key`.
    pub fn locate(path: Option<&str>, url: Option<&str>, base: &Path) -> Result<Location> {
        match (path, url) {
            (Some(path), _) => Ok(Location::File(base.join(path))),
            (None, Some(url)) => {
                if let Some(local) = url.strip_prefix("file://") {
                    return Ok(Location::File(base.join(local)));
                }
                if let Some((bucket, key)) =
                    url.strip_prefix("s3://").and_then(|rest| rest.split_once('/'))
                {
                    return Ok(Location::S3 { bucket: bucket.to_string(), key: key.to_string() });
                }
                if url.starts_with("http://") || url.starts_with("https://") {
                    return Ok(Location::Http(url.to_string()));
                }
                let scheme = url.split("://").next().unwrap_or(url);
                let (what, pull) = match scheme {
                    "remote" => (
                        "Terraform Cloud / Enterprise (`remote://`)",
                        "terraform state pull > terraform.tfstate",
                    ),
                    "gs" => (
                        "Google Cloud Storage (`gs://`)",
                        "gsutil cp URL terraform.tfstate (or terraform state pull > terraform.tfstate)",
                    ),
                    "azurerm" => (
                        "Azure Blob Storage (`azurerm://`)",
                        "terraform state pull > terraform.tfstate",
                    ),
                    _ => ("this kind of state URL", "terraform state pull > terraform.tfstate"),
                };
                Err(Error::new(format!("tfstate plugin: {what} is not supported; shipper reads file://, s3:// and http(s):// states"))
                    .detail(format!("url: {url}"))
                    .hint(format!("fetch the state before running shipper (`{pull}`) and set `path: terraform.tfstate`")))
            }
            (None, None) => Err(Error::new("tfstate plugin: `config` needs `path` or `url`")),
        }
    }

    /// Reads a state file.
    pub fn read_file(file: &Path) -> Result<Self> {
        let source = file.display().to_string();
        let text = std::fs::read_to_string(file)
            .map_err(|e| Error::new(format!("tfstate plugin: cannot read {source}: {e}")))?;
        Self::parse(&source, &text)
    }

    /// Reads a state over HTTP(S); the answer must be a Terraform state (the http backend's GET).
    pub fn read_http(url: &str) -> Result<Self> {
        let fail = |e: String| {
            Error::new(format!("tfstate plugin: cannot read {url}: {e}"))
                .hint("check the URL, or download the state and set `path:`")
        };
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(std::time::Duration::from_secs(30)))
            .build()
            .into();
        let mut response = agent.get(url).call().map_err(|e| fail(e.to_string()))?;
        let text = response.body_mut().read_to_string().map_err(|e| fail(e.to_string()))?;
        Self::parse(url, &text)
    }

    /// Parses a state document read from `source`.
    pub fn parse(source: &str, text: &str) -> Result<Self> {
        let state: Value = serde_json::from_str(text).map_err(|e| {
            Error::new(format!("tfstate plugin: {source} is not a Terraform state: {e}"))
        })?;
        if state.get("version").and_then(Value::as_u64) != Some(4) {
            return Err(Error::new(format!(
                "tfstate plugin: {source} is not a version 4 Terraform state"
            )));
        }
        Ok(Self { source: source.to_string(), state })
    }

    /// Builds a state from a document (tests).
    pub fn from_value(source: &str, state: Value) -> Self {
        Self { source: source.to_string(), state }
    }

    /// Looks up an address; the error names the address and suggests close ones.
    pub fn lookup(&self, address: &str) -> std::result::Result<Value, String> {
        let steps = parse_address(address)?;
        if let [Step::Key(first), Step::Key(name), rest @ ..] = steps.as_slice()
            && first == "output"
        {
            let value = self
                .state
                .get("outputs")
                .and_then(|o| o.get(name))
                .and_then(|o| o.get("value"))
                .ok_or_else(|| format!("output `{name}` is not in {}", self.source))?;
            return walk(value, rest)
                .cloned()
                .ok_or_else(|| format!("`{address}` is not in {}", self.source));
        }

        // Peel `module.NAME[KEY]` prefixes, then `data.`, TYPE, NAME and an optional index.
        let mut i = 0;
        let mut module = String::new();
        while let (Some(Step::Key(m)), Some(Step::Key(name))) = (steps.get(i), steps.get(i + 1)) {
            if m != "module" {
                break;
            }
            if !module.is_empty() {
                module.push('.');
            }
            module.push_str(&format!("module.{name}"));
            i += 2;
            if let Some(index) = steps.get(i).filter(|s| is_index(s)) {
                module.push_str(&render_index(index));
                i += 1;
            }
        }
        let mode = match steps.get(i) {
            Some(Step::Key(d)) if d == "data" => {
                i += 1;
                "data"
            }
            _ => "managed",
        };
        let (Some(Step::Key(kind)), Some(Step::Key(name))) = (steps.get(i), steps.get(i + 1))
        else {
            return Err(format!("`{address}` is not a resource address (TYPE.NAME.ATTRIBUTE)"));
        };
        i += 2;
        let resources =
            self.state.get("resources").and_then(Value::as_array).cloned().unwrap_or_default();
        let resource = resources.iter().find(|r| {
            r.get("mode").and_then(Value::as_str) == Some(mode)
                && r.get("type").and_then(Value::as_str) == Some(kind)
                && r.get("name").and_then(Value::as_str) == Some(name)
                && r.get("module").and_then(Value::as_str).unwrap_or("") == module
        });
        let Some(resource) = resource else {
            let wanted = resource_address(&module, mode, kind, name);
            let known: Vec<String> = resources.iter().map(address_of).collect();
            let mut message = format!("resource `{wanted}` is not in {}", self.source);
            if let Some(close) = crate::suggest::closest(&wanted, known.iter().map(String::as_str))
            {
                message.push_str(&format!(" (did you mean `{close}`?)"));
            }
            return Err(message);
        };
        let instances =
            resource.get("instances").and_then(Value::as_array).cloned().unwrap_or_default();
        let index = match steps.get(i) {
            Some(Step::Index(n)) => Some(Value::from(*n)),
            Some(Step::Key(k)) if k.starts_with('"') => Some(Value::from(k.trim_matches('"'))),
            _ => None,
        };
        if index.is_some() {
            i += 1;
        }
        let instance = instances.iter().find(|inst| match (&index, inst.get("index_key")) {
            (Some(want), Some(key)) => key == want,
            (None, None) => true,
            (None, Some(_)) => instances.len() == 1,
            (Some(_), None) => false,
        });
        let instance =
            instance.ok_or_else(|| format!("no instance of `{address}` in {}", self.source))?;
        let attributes = instance.get("attributes").unwrap_or(&Value::Null);
        if i == steps.len() {
            return Ok(attributes.clone());
        }
        walk(attributes, &steps[i..]).cloned().ok_or_else(|| {
            let attr = match &steps[i] {
                Step::Key(k) => k.clone(),
                Step::Index(n) => n.to_string(),
            };
            format!("attribute `{attr}` of `{address}` is not in {}", self.source)
        })
    }
}

/// `for_each` keys arrive as `Step::Key("\"a\"")` from the parser so they can be told apart.
fn walk<'a>(value: &'a Value, steps: &[Step]) -> Option<&'a Value> {
    steps.iter().try_fold(value, |v, step| match step {
        Step::Key(k) => v.get(k.trim_matches('"')),
        Step::Index(n) => v.get(*n),
    })
}

/// `[0]` or `["key"]`: an index into a `count` or `for_each` resource or module.
fn is_index(step: &Step) -> bool {
    match step {
        Step::Index(_) => true,
        Step::Key(k) => k.starts_with('"'),
    }
}

fn render_index(step: &Step) -> String {
    match step {
        Step::Index(n) => format!("[{n}]"),
        Step::Key(k) => format!("[{k}]"),
    }
}

fn resource_address(module: &str, mode: &str, kind: &str, name: &str) -> String {
    let data = if mode == "data" { "data." } else { "" };
    let module = if module.is_empty() { String::new() } else { format!("{module}.") };
    format!("{module}{data}{kind}.{name}")
}

fn address_of(resource: &Value) -> String {
    let s = |k: &str| resource.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    resource_address(&s("module"), &s("mode"), &s("type"), &s("name"))
}

/// Splits `a.b["k"][0].c` into steps. Quoted keys keep their quotes so `walk` and the instance
/// matcher can tell a `for_each` key from a plain attribute.
fn parse_address(address: &str) -> std::result::Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let mut chars = address.chars().peekable();
    let mut current = String::new();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if !current.is_empty() {
                    steps.push(Step::Key(std::mem::take(&mut current)));
                }
            }
            '[' => {
                if !current.is_empty() {
                    steps.push(Step::Key(std::mem::take(&mut current)));
                }
                let mut inner = String::new();
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                    inner.push(c);
                }
                let inner = inner.trim();
                if let Ok(n) = inner.parse::<usize>() {
                    steps.push(Step::Index(n));
                } else if let Some(key) = inner
                    .strip_prefix('"')
                    .and_then(|k| k.strip_suffix('"'))
                    .or_else(|| inner.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
                {
                    steps.push(Step::Key(format!("\"{key}\"")));
                } else {
                    return Err(format!("`{address}`: bad index `[{inner}]`"));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        steps.push(Step::Key(current));
    }
    if steps.is_empty() {
        return Err("empty tfstate address".into());
    }
    Ok(steps)
}

/// Go's `fmt.Sprintf` for the verbs templates use (`%s`, `%d`, `%v`, `%q`, `%%`).
pub fn sprintf(format: &str, args: &[String]) -> std::result::Result<String, String> {
    let mut out = String::new();
    let mut args = args.iter();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some('s' | 'd' | 'v') => {
                out.push_str(args.next().ok_or("tfstatef: too few arguments")?)
            }
            Some('q') => {
                out.push_str(&format!("{:?}", args.next().ok_or("tfstatef: too few arguments")?))
            }
            Some(other) => return Err(format!("tfstatef: unsupported verb %{other}")),
            None => return Err("tfstatef: format ends with %".into()),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn state() -> TfState {
        TfState::from_value(
            "test.tfstate",
            json!({
                "version": 4,
                "outputs": {"vpc_id": {"value": "vpc-1", "type": "string"}},
                "resources": [
                    {"mode": "managed", "type": "aws_lb_target_group", "name": "app",
                     "instances": [{"attributes": {"arn": "arn:tg", "tags": {"Name": "app"}, "ports": [80, 443]}}]},
                    {"mode": "data", "type": "aws_caller_identity", "name": "current",
                     "instances": [{"attributes": {"account_id": "123"}}]},
                    {"mode": "managed", "type": "aws_subnet", "name": "private", "each": "map",
                     "instances": [{"index_key": "a", "attributes": {"id": "subnet-a"}},
                                   {"index_key": "c", "attributes": {"id": "subnet-c"}}]},
                    {"mode": "managed", "type": "aws_instance", "name": "web", "each": "list",
                     "instances": [{"index_key": 0, "attributes": {"id": "i-0"}}, {"index_key": 1, "attributes": {"id": "i-1"}}]},
                    {"module": "module.network", "mode": "managed", "type": "aws_vpc", "name": "main",
                     "instances": [{"attributes": {"id": "vpc-m"}}]}
                ]
            }),
        )
    }

    #[test]
    fn looks_up_every_address_form() {
        let s = state();
        assert_eq!(s.lookup("aws_lb_target_group.app.arn").unwrap(), "arn:tg");
        assert_eq!(s.lookup("aws_lb_target_group.app.tags.Name").unwrap(), "app");
        assert_eq!(s.lookup("aws_lb_target_group.app.ports[1]").unwrap(), 443);
        assert_eq!(s.lookup("data.aws_caller_identity.current.account_id").unwrap(), "123");
        assert_eq!(s.lookup(r#"aws_subnet.private["c"].id"#).unwrap(), "subnet-c");
        assert_eq!(s.lookup("aws_subnet.private['a'].id").unwrap(), "subnet-a");
        assert_eq!(s.lookup("aws_instance.web[1].id").unwrap(), "i-1");
        assert_eq!(s.lookup("module.network.aws_vpc.main.id").unwrap(), "vpc-m");
        assert_eq!(s.lookup("output.vpc_id").unwrap(), "vpc-1");
    }

    #[test]
    fn missing_addresses_name_the_address_and_suggest() {
        let s = state();
        let err = s.lookup("aws_lb_target_group.ap.arn").unwrap_err();
        assert!(
            err.contains("aws_lb_target_group.ap")
                && err.contains("did you mean `aws_lb_target_group.app`"),
            "{err}"
        );
        assert!(s.lookup("aws_lb_target_group.app.nope").unwrap_err().contains("attribute `nope`"));
        assert!(s.lookup("aws_subnet.private[\"z\"].id").unwrap_err().contains("no instance"));
    }

    #[test]
    fn sprintf_substitutes_verbs() {
        assert_eq!(
            sprintf("aws_subnet.private['%s'].id", &["a".into()]).unwrap(),
            "aws_subnet.private['a'].id"
        );
        assert!(sprintf("%s %s", &["a".into()]).is_err());
    }
}
