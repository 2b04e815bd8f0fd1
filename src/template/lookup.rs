//! AWS lookups for templates besides SSM: `secretsmanager_arn` (Secrets Manager) and the
//! `cloudformation` plugin's `cfn_output` / `cfn_export`.
//!
//! They follow the SSM store's pattern (see [`super::ssm`]): a pass records what it wanted and
//! gets a placeholder; between passes everything wanted is fetched, then cached for the run.
//! One DescribeStacks per stack answers every output of it, and ListExports is read once.

use std::collections::{BTreeSet, HashMap};

use super::AwsClients;
use crate::error::{Error, Result};

/// One value a template asked for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    SecretArn(String),
    CfnOutput(String, String),
    CfnExport(String),
}

/// Answers fetched so far and the keys still wanted.
#[derive(Debug, Default)]
pub struct LookupStore {
    known: HashMap<Key, std::result::Result<String, String>>,
    wanted: BTreeSet<Key>,
}

impl LookupStore {
    /// The value for `key`: `Ok(None)` while it is still to be fetched.
    pub fn get(&mut self, key: Key) -> std::result::Result<Option<String>, String> {
        match self.known.get(&key) {
            Some(found) => found.clone().map(Some),
            None => {
                self.wanted.insert(key);
                Ok(None)
            }
        }
    }

    pub fn has_wanted(&self) -> bool {
        !self.wanted.is_empty()
    }

    /// Fetches everything wanted. An answer of "does not exist" is stored and reported by the
    /// function that asked (with its file and line); other failures end the render here.
    pub async fn fetch_wanted(&mut self, clients: &AwsClients<'_>) -> Result<()> {
        let wanted = std::mem::take(&mut self.wanted);
        let mut stacks = BTreeSet::new();
        let mut exports = false;
        for key in &wanted {
            match key {
                Key::SecretArn(id) => {
                    let answer = describe_secret(clients, id).await?;
                    self.known.insert(key.clone(), answer);
                }
                Key::CfnOutput(stack, _) => {
                    stacks.insert(stack.clone());
                }
                Key::CfnExport(_) => exports = true,
            }
        }
        for stack in stacks {
            match describe_stack(clients, &stack).await? {
                Ok(outputs) => {
                    for key in
                        wanted.iter().filter(|k| matches!(k, Key::CfnOutput(s, _) if *s == stack))
                    {
                        let Key::CfnOutput(_, name) = key else { continue };
                        let answer = outputs.get(name).cloned().ok_or_else(|| {
                            let mut names: Vec<&String> = outputs.keys().collect();
                            names.sort();
                            format!(
                                "cfn_output: stack `{stack}` has no output `{name}` (it has: {})",
                                join(&names)
                            )
                        });
                        self.known.insert(key.clone(), answer);
                    }
                }
                Err(message) => {
                    for key in
                        wanted.iter().filter(|k| matches!(k, Key::CfnOutput(s, _) if *s == stack))
                    {
                        self.known.insert(key.clone(), Err(message.clone()));
                    }
                }
            }
        }
        if exports {
            let all = list_exports(clients).await?;
            for key in &wanted {
                if let Key::CfnExport(name) = key {
                    let answer = all.get(name).cloned().ok_or_else(|| {
                        format!(
                            "cfn_export: no CloudFormation export is named `{name}` in this region"
                        )
                    });
                    self.known.insert(key.clone(), answer);
                }
            }
        }
        Ok(())
    }
}

fn join(names: &[&String]) -> String {
    if names.is_empty() {
        "none".into()
    } else {
        names.iter().map(|n| n.as_str()).collect::<Vec<_>>().join(", ")
    }
}

async fn describe_secret(
    clients: &AwsClients<'_>,
    id: &str,
) -> Result<std::result::Result<String, String>> {
    match clients.secretsmanager.describe_secret().secret_id(id).send().await {
        Ok(out) => Ok(out
            .arn()
            .map(ToString::to_string)
            .ok_or_else(|| format!("secretsmanager_arn: `{id}` has no ARN"))),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_not_found_exception()) => {
            Ok(Err(format!("secretsmanager_arn: secret `{id}` does not exist")))
        }
        Err(e) => Err(Error::aws("secretsmanager:DescribeSecret", id, e)),
    }
}

/// The outputs of one stack, or why there are none.
async fn describe_stack(
    clients: &AwsClients<'_>,
    stack: &str,
) -> Result<std::result::Result<HashMap<String, String>, String>> {
    match clients.cloudformation.describe_stacks().stack_name(stack).send().await {
        Ok(out) => Ok(out
            .stacks()
            .first()
            .map(|s| {
                s.outputs()
                    .iter()
                    .filter_map(|o| {
                        Some((o.output_key()?.to_string(), o.output_value()?.to_string()))
                    })
                    .collect()
            })
            .ok_or_else(|| format!("cfn_output: stack `{stack}` does not exist"))),
        // CloudFormation answers a missing stack with a generic ValidationError.
        Err(e)
            if e.as_service_error()
                .and_then(|s| s.meta().message())
                .is_some_and(|m| m.contains("does not exist")) =>
        {
            Ok(Err(format!("cfn_output: stack `{stack}` does not exist")))
        }
        Err(e) => Err(Error::aws("cloudformation:DescribeStacks", stack, e)),
    }
}

async fn list_exports(clients: &AwsClients<'_>) -> Result<HashMap<String, String>> {
    let mut all = HashMap::new();
    let mut token = None;
    loop {
        let out = clients
            .cloudformation
            .list_exports()
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| Error::aws("cloudformation:ListExports", "", e))?;
        for export in out.exports() {
            if let (Some(name), Some(value)) = (export.name(), export.value()) {
                all.insert(name.to_string(), value.to_string());
            }
        }
        token = out.next_token().map(ToString::to_string);
        if token.is_none() {
            return Ok(all);
        }
    }
}
