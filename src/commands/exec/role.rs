//! Whether the task role lets ECS Exec's agent open its Session Manager channels — read from
//! IAM where the caller may read it. Without those permissions ExecuteCommand still answers a
//! session, and the plugin then fails with an obscure TargetNotConnected; this names the fix.
//!
//! Only what can be read decides: the role's inline and attached policies, their Allow
//! statements' actions (wildcards included). A refused or failed read means "not known" and
//! nothing is said; Deny statements, conditions, resources, boundaries and SCPs are not
//! evaluated (they can only take permissions away, which ECS then reports itself).

use crate::aws::Clients;

/// What ECS Exec's agent needs (AWS's ECS Exec guide).
pub const ACTIONS: [&str; 4] = [
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
];

/// The actions of [`ACTIONS`] no policy of `role_arn` allows, when every policy could be read;
/// `None` when they are all allowed or IAM could not tell.
pub async fn missing(clients: &Clients, role_arn: &str) -> Option<Vec<&'static str>> {
    let name = role_arn.rsplit('/').next()?;
    let mut documents = Vec::new();
    let inline = clients.iam.list_role_policies().role_name(name).send().await.ok()?;
    for policy in inline.policy_names() {
        let out =
            clients.iam.get_role_policy().role_name(name).policy_name(policy).send().await.ok()?;
        documents.push(out.policy_document().to_string());
    }
    let attached = clients.iam.list_attached_role_policies().role_name(name).send().await.ok()?;
    for policy in attached.attached_policies() {
        let arn = policy.policy_arn()?;
        let out = clients.iam.get_policy().policy_arn(arn).send().await.ok()?;
        let version = out.policy()?.default_version_id()?;
        let out = clients
            .iam
            .get_policy_version()
            .policy_arn(arn)
            .version_id(version)
            .send()
            .await
            .ok()?;
        documents.push(out.policy_version()?.document()?.to_string());
    }
    let allowed: Vec<String> =
        documents.iter().map(|d| allowed_actions(d)).collect::<Option<Vec<_>>>()?.concat();
    let missing: Vec<&str> = ACTIONS
        .into_iter()
        .filter(|action| !allowed.iter().any(|pattern| matches(pattern, action)))
        .collect();
    (!missing.is_empty()).then_some(missing)
}

/// The actions a policy document's Allow statements name; `None` when it is not a policy
/// (IAM answers documents URL-encoded).
fn allowed_actions(document: &str) -> Option<Vec<String>> {
    let decoded = urlencoding::decode(document).ok()?;
    let policy: serde_json::Value = serde_json::from_str(&decoded).ok()?;
    let statements = match &policy["Statement"] {
        serde_json::Value::Array(list) => list.clone(),
        one @ serde_json::Value::Object(_) => vec![one.clone()],
        _ => Vec::new(),
    };
    let mut actions = Vec::new();
    for statement in statements.iter().filter(|s| s["Effect"] == "Allow") {
        match &statement["Action"] {
            serde_json::Value::String(action) => actions.push(action.clone()),
            serde_json::Value::Array(list) => {
                actions.extend(list.iter().filter_map(|a| a.as_str().map(String::from)));
            }
            _ => {}
        }
    }
    Some(actions)
}

/// IAM's action matching: case-insensitive, `*` and `?` wildcards.
fn matches(pattern: &str, action: &str) -> bool {
    let options = glob::MatchOptions { case_sensitive: false, ..Default::default() };
    glob::Pattern::new(pattern).is_ok_and(|p| p.matches_with(action, options))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_statements_and_wildcards_decide() {
        let policy = r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":["ssmmessages:Create*","logs:PutLogEvents"],"Resource":"*"},
            {"Effect":"Deny","Action":"ssmmessages:OpenDataChannel","Resource":"*"},
            {"Effect":"Allow","Action":"SSMMessages:OpenControlChannel","Resource":"*"}]}"#;
        let encoded = urlencoding::encode(policy);
        let allowed = allowed_actions(&encoded).unwrap();
        assert_eq!(
            allowed,
            ["ssmmessages:Create*", "logs:PutLogEvents", "SSMMessages:OpenControlChannel"]
        );
        let missing: Vec<&str> =
            ACTIONS.into_iter().filter(|a| !allowed.iter().any(|p| matches(p, a))).collect();
        assert_eq!(missing, ["ssmmessages:OpenDataChannel"]);
        assert!(matches("*", "ssmmessages:OpenDataChannel"));
        assert!(!matches("ssm:*", "ssmmessages:OpenDataChannel"));
        assert_eq!(allowed_actions("not a policy"), None);
    }
}
