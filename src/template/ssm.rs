//! SSM Parameter Store values for templates: batched, cached, and secret-aware.
//!
//! Rendering is synchronous, so `ssm()` cannot call AWS. Instead the template engine renders in
//! passes: a name `ssm()` has not seen yet is recorded as wanted (and a placeholder returned);
//! between passes every wanted name is fetched with `GetParameters`, ten names per call, and
//! cached for the rest of the run. A definition with 25 parameters therefore costs three calls.
//! SecureString values are registered as secrets the moment they arrive.

use std::collections::{BTreeSet, HashMap, HashSet};

use aws_sdk_ssm::types::ParameterType;

use crate::error::{Error, Result};
use crate::secrets;

/// What `ssm()` returns for a name that has not been fetched yet. It reads as a number or a
/// string, so a first pass over a JSON or YAML document still parses.
pub const PLACEHOLDER: &str = "0";

/// GetParameters accepts at most ten names per call.
const BATCH: usize = 10;

#[derive(Debug, Clone)]
struct Param {
    value: String,
    kind: ParameterType,
}

/// The parameters fetched so far and the names still wanted.
#[derive(Debug, Default)]
pub struct SsmStore {
    known: HashMap<String, std::result::Result<Param, String>>,
    wanted: BTreeSet<String>,
    /// The run's cache across services (a run over several, see [`SharedSsm`]).
    shared: Option<SharedSsm>,
}

/// What one `GetParameters` call answered, name by name.
type Answers = Vec<(String, std::result::Result<Param, String>)>;

/// The SSM parameters of a run over several services, fetched once for all of them.
///
/// Services render concurrently, so two may want the same name at the same moment: a name is
/// claimed by the first service that wants it, in a batch of up to ten, and any other service
/// wanting it waits for that batch's answer instead of asking again. If the claiming service is
/// cancelled, the next one waiting sends the batch itself.
#[derive(Debug, Clone, Default)]
pub struct SharedSsm {
    claimed: std::sync::Arc<std::sync::Mutex<HashMap<String, std::sync::Arc<Batch>>>>,
}

#[derive(Debug)]
struct Batch {
    names: Vec<String>,
    answer: tokio::sync::OnceCell<Result<Answers>>,
}

impl SsmStore {
    /// The value for `ssm(name[, index])`: `Ok(None)` while the name is still to be fetched.
    pub fn get(
        &mut self,
        name: &str,
        index: Option<i64>,
    ) -> std::result::Result<Option<String>, String> {
        let Some(found) = self.known.get(name) else {
            self.wanted.insert(name.to_string());
            return Ok(None);
        };
        let param = found.clone()?;
        match (&param.kind, index) {
            (ParameterType::StringList, Some(i)) => {
                let items: Vec<&str> = param.value.split(',').collect();
                usize::try_from(i)
                    .ok()
                    .and_then(|i| items.get(i))
                    .map(|v| Some((*v).to_string()))
                    .ok_or_else(|| {
                        format!(
                            "ssm: index {i} is out of range for `{name}` ({} items)",
                            items.len()
                        )
                    })
            }
            (ParameterType::StringList, None) => Err(format!(
                "ssm: `{name}` is a StringList; give an index, e.g. ssm(\"{name}\", 0)"
            )),
            (_, Some(_)) => Err(format!("ssm: `{name}` is not a StringList, so it takes no index")),
            _ => Ok(Some(param.value)),
        }
    }

    /// Whether a pass asked for names that have not been fetched yet.
    pub fn has_wanted(&self) -> bool {
        !self.wanted.is_empty()
    }

    /// Shares the run's cache: names another service fetched (or is fetching) are not asked again.
    pub fn share(&mut self, shared: SharedSsm) {
        self.shared = Some(shared);
    }

    /// Fetches every wanted name, in batches of ten, with decryption.
    pub async fn fetch_wanted(&mut self, client: &aws_sdk_ssm::Client) -> Result<()> {
        let pending: Vec<String> = std::mem::take(&mut self.wanted).into_iter().collect();
        if let Some(shared) = self.shared.clone() {
            for (name, found) in shared.fetch(client, pending).await? {
                self.known.insert(name, found);
            }
            return Ok(());
        }
        for batch in batches(pending) {
            for (name, found) in fetch_batch(client, &batch).await? {
                self.known.insert(name, found);
            }
        }
        Ok(())
    }
}

impl SharedSsm {
    /// The answers for `names`: from batches other services sent (waiting for them if they are
    /// still on their way), and from new batches for the names nobody claimed yet.
    async fn fetch(&self, client: &aws_sdk_ssm::Client, names: Vec<String>) -> Result<Answers> {
        let mut mine: Vec<std::sync::Arc<Batch>> = Vec::new();
        {
            let mut claimed =
                self.claimed.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let mut unclaimed = Vec::new();
            for name in names {
                match claimed.get(&name) {
                    Some(batch) => {
                        if !mine.iter().any(|b| std::sync::Arc::ptr_eq(b, batch)) {
                            mine.push(std::sync::Arc::clone(batch));
                        }
                    }
                    None => unclaimed.push(name),
                }
            }
            for names in batches(unclaimed) {
                let batch = std::sync::Arc::new(Batch {
                    names: names.clone(),
                    answer: tokio::sync::OnceCell::new(),
                });
                for name in names {
                    claimed.insert(name, std::sync::Arc::clone(&batch));
                }
                mine.push(batch);
            }
        }
        let mut answers = Answers::new();
        for batch in mine {
            let answer =
                batch.answer.get_or_init(|| fetch_batch(client, &batch.names)).await.clone()?;
            answers.extend(answer);
        }
        Ok(answers)
    }
}

/// Splits names into GetParameters calls: at most ten each, and never two selectors of the same
/// parameter (`/p` and `/p:2`) in one, since the answer names both `/p`.
fn batches(mut pending: Vec<String>) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    while !pending.is_empty() {
        let mut batch = Vec::new();
        let mut bases = HashSet::new();
        let mut rest = Vec::new();
        for name in pending {
            if batch.len() < BATCH && bases.insert(base_name(&name).to_string()) {
                batch.push(name);
            } else {
                rest.push(name);
            }
        }
        out.push(batch);
        pending = rest;
    }
    out
}

/// One GetParameters call, answered name by name (a missing name is an error for that name).
async fn fetch_batch(client: &aws_sdk_ssm::Client, batch: &[String]) -> Result<Answers> {
    let mut answers = Answers::new();
    {
        let out = client
            .get_parameters()
            .set_names(Some(batch.to_vec()))
            .with_decryption(true)
            .send()
            .await
            .map_err(|e| Error::aws("ssm:GetParameters", &batch.join(", "), e))?;
        for invalid in out.invalid_parameters() {
            answers
                .push((invalid.clone(), Err(format!("ssm: parameter `{invalid}` does not exist"))));
        }
        for param in out.parameters() {
            let name = param.name().unwrap_or_default();
            let Some(requested) = batch.iter().find(|r| base_name(r) == name) else { continue };
            let value = param.value().unwrap_or_default().to_string();
            let kind = param.r#type().cloned().unwrap_or(ParameterType::String);
            if kind == ParameterType::SecureString {
                secrets::register(&value, &format!("ssm:{name}"));
            }
            answers.push((requested.clone(), Ok(Param { value, kind })));
        }
    }
    for requested in batch {
        if !answers.iter().any(|(name, _)| name == requested) {
            answers.push((
                requested.clone(),
                Err(format!("ssm: parameter `{requested}` was not returned by SSM")),
            ));
        }
    }
    Ok(answers)
}

/// The parameter name without an ARN prefix or a `:version` / `:label` selector.
fn base_name(requested: &str) -> &str {
    let name = match requested.strip_prefix("arn:") {
        Some(_) => requested.split_once(":parameter").map_or(requested, |(_, n)| n),
        None => requested,
    };
    let name = match name.rsplit_once(':') {
        Some((base, selector)) if !selector.contains('/') => base,
        _ => name,
    };
    // An ARN of a name without a leading slash reads `parameter/name`, the name being `name`.
    if requested.starts_with("arn:") && name.matches('/').count() == 1 {
        return name.trim_start_matches('/');
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_names_drop_selectors_and_arn_prefixes() {
        assert_eq!(base_name("/acme/dev/x"), "/acme/dev/x");
        assert_eq!(base_name("/acme/dev/x:3"), "/acme/dev/x");
        assert_eq!(base_name("/acme/dev/x:stable"), "/acme/dev/x");
        assert_eq!(
            base_name("arn:aws:ssm:ap-northeast-1:123456789012:parameter/acme/dev/x"),
            "/acme/dev/x"
        );
        assert_eq!(base_name("arn:aws:ssm:ap-northeast-1:123456789012:parameter/plain:2"), "plain");
    }

    #[test]
    fn string_lists_need_an_index_and_others_refuse_one() {
        let mut store = SsmStore::default();
        assert_eq!(store.get("/l", Some(1)).unwrap(), None);
        assert!(store.has_wanted());
        store.known.insert(
            "/l".into(),
            Ok(Param { value: "a,b,c".into(), kind: ParameterType::StringList }),
        );
        store
            .known
            .insert("/s".into(), Ok(Param { value: "v".into(), kind: ParameterType::String }));
        assert_eq!(store.get("/l", Some(1)).unwrap().as_deref(), Some("b"));
        assert!(store.get("/l", None).unwrap_err().contains("StringList"));
        assert!(store.get("/l", Some(5)).unwrap_err().contains("out of range"));
        assert!(store.get("/s", Some(0)).unwrap_err().contains("not a StringList"));
    }
}
