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

    /// Fetches every wanted name, in batches of ten, with decryption.
    pub async fn fetch_wanted(&mut self, client: &aws_sdk_ssm::Client) -> Result<()> {
        let mut pending: Vec<String> = std::mem::take(&mut self.wanted).into_iter().collect();
        while !pending.is_empty() {
            // One batch may not hold two selectors of the same parameter (`/p` and `/p:2`):
            // the response names both `/p`, so they could not be told apart.
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
            self.fetch_batch(client, &batch).await?;
            pending = rest;
        }
        Ok(())
    }

    async fn fetch_batch(&mut self, client: &aws_sdk_ssm::Client, batch: &[String]) -> Result<()> {
        let out = client
            .get_parameters()
            .set_names(Some(batch.to_vec()))
            .with_decryption(true)
            .send()
            .await
            .map_err(|e| Error::aws("ssm:GetParameters", &batch.join(", "), e))?;
        for invalid in out.invalid_parameters() {
            self.known
                .insert(invalid.clone(), Err(format!("ssm: parameter `{invalid}` does not exist")));
        }
        for param in out.parameters() {
            let name = param.name().unwrap_or_default();
            let Some(requested) = batch.iter().find(|r| base_name(r) == name) else { continue };
            let value = param.value().unwrap_or_default().to_string();
            let kind = param.r#type().cloned().unwrap_or(ParameterType::String);
            if kind == ParameterType::SecureString {
                secrets::register(&value, &format!("ssm:{name}"));
            }
            self.known.insert(requested.clone(), Ok(Param { value, kind }));
        }
        for requested in batch {
            self.known.entry(requested.clone()).or_insert_with(|| {
                Err(format!("ssm: parameter `{requested}` was not returned by SSM"))
            });
        }
        Ok(())
    }
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
