//! Unit tests of Express and daemon definitions: strict keys, the model's required members and
//! enums, and the members the config or shipper own.

use serde_json::{Value, json};

use super::*;

fn express(value: Value) -> Result<ExpressDefinition, Vec<String>> {
    ExpressDefinition::parse(value, "c", "web")
        .map_err(|p| p.iter().map(ToString::to_string).collect())
}

fn daemon(value: Value) -> Result<DaemonDefinition, Vec<String>> {
    DaemonDefinition::parse(value, "agent").map_err(|p| p.iter().map(ToString::to_string).collect())
}

#[test]
fn an_express_definition_takes_the_config_s_names_and_the_model_s_rules() {
    let def = express(
        json!({"infrastructureRoleArn": "arn:role", "primaryContainer": {"image": "nginx"}}),
    )
    .unwrap();
    assert_eq!(def.json["cluster"], "c");
    assert_eq!(def.json["serviceName"], "web");
    let problems = express(json!({"primaryContainer": {"image": "nginx", "containerPrt": 80},
        "cpuArchitecture": "X86"}))
    .unwrap_err();
    assert!(
        problems.contains(&"infrastructureRoleArn: required field is missing".to_string()),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("primaryContainer.containerPrt: unknown field")
            && p.contains("`containerPort`")),
        "{problems:?}"
    );
    assert!(problems.iter().any(|p| p.starts_with("cpuArchitecture: `X86`")), "{problems:?}");
}

#[test]
fn an_express_update_clears_the_lists_the_file_leaves_out() {
    let def = express(json!({"infrastructureRoleArn": "arn:role", "cpu": "512", "tags": [{"key": "a", "value": "b"}],
        "primaryContainer": {"image": "nginx", "environment": [{"name": "A", "value": "1"}]}}))
    .unwrap();
    let body = def.update_json("arn:svc");
    assert_eq!(body["serviceArn"], "arn:svc");
    assert_eq!(body["cpu"], "512");
    assert!(body.get("infrastructureRoleArn").is_none() && body.get("tags").is_none(), "{body}");
    assert_eq!(body["primaryContainer"]["secrets"], json!([]));
    assert_eq!(body["primaryContainer"]["command"], json!([]));
    assert_eq!(body["primaryContainer"]["environment"][0]["name"], "A");
    express::update_input(&body).unwrap();
}

#[test]
fn a_daemon_needs_capacity_providers_and_leaves_the_cluster_and_revision_to_others() {
    let problems = daemon(json!({"deploymentConfiguration": {"drainPercent": 20.0}})).unwrap_err();
    assert_eq!(problems, ["capacityProviderArns: required field is missing"]);
    let problems = daemon(json!({"capacityProviderArns": ["cp"], "clusterArn": "x",
        "daemonTaskDefinitionArn": "y", "propagateTags": "SERVICE", "deploymentConfig": {}}))
    .unwrap_err();
    assert!(
        problems.iter().any(|p| p.starts_with("clusterArn: set by the config's `cluster`")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p
            .starts_with("daemonTaskDefinitionArn: set by the config's `daemon_task_definition`")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("`SERVICE` is not one of: DAEMON, NONE")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("did you mean `deploymentConfiguration`")),
        "{problems:?}"
    );
    let def = daemon(json!({"capacityProviderArns": ["cp"]})).unwrap();
    assert_eq!(def.json, json!({"daemonName": "agent", "capacityProviderArns": ["cp"]}));
    let body = def.update_json("arn:daemon", "arn:td");
    assert_eq!(
        body,
        json!({"daemonArn": "arn:daemon", "daemonTaskDefinitionArn": "arn:td", "capacityProviderArns": ["cp"]})
    );
    daemon::update_input(&body).unwrap();
}

#[test]
fn a_daemon_task_definition_is_checked_like_a_task_definition() {
    let problems = DaemonTaskDefinition::parse(
        json!({"family": "agent", "containerDefinitions": [{"name": "a"}],
        "pidMode": "host"}),
    )
    .unwrap_err();
    let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(
        problems.contains(&"containerDefinitions[0].image: required field is missing".to_string()),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.starts_with("pidMode: `host` is not one of: none, shared")),
        "{problems:?}"
    );
    let described = json!({"daemonTaskDefinition": {"family": "agent", "revision": 3, "status": "ACTIVE",
        "daemonTaskDefinitionArn": "arn:x", "containerDefinitions": [{"name": "a", "image": "i"}]}});
    let td = DaemonTaskDefinition::parse(described).unwrap();
    // `cpu` is a plain integer in the model: the SDK writes its 0.
    let container = json!({"name": "a", "image": "i", "cpu": 0});
    assert_eq!(td.json, json!({"family": "agent", "containerDefinitions": [container]}));
}
