//! Unit tests of definition parsing, plus the model-coverage test against the AWS service model.

use serde_json::{Value, json};

use super::*;

fn problems(value: Value) -> Vec<String> {
    TaskDefinition::parse(value).unwrap_err().iter().map(ToString::to_string).collect()
}

#[test]
fn accepts_input_shape_and_canonicalises() {
    let td = TaskDefinition::parse(json!({
        "family": "web",
        "containerDefinitions": [{"name": "app", "image": "nginx", "essential": true,
            "dockerLabels": {"Some.Label": "x"}, "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/g"}}}],
        "cpu": 256,
        "ignored": null
    }));
    let problems = td.as_ref().err().cloned().unwrap_or_default();
    assert!(problems.iter().any(|p| p.message.contains("unknown field `ignored`")), "{problems:?}");

    let td = TaskDefinition::parse(json!({
        "family": "web",
        "containerDefinitions": [{"name": "app", "image": "nginx", "dockerLabels": {"Some.Label": "x"}}],
        "cpu": 256
    }))
    .unwrap();
    assert_eq!(td.family(), "web");
    assert_eq!(td.json["cpu"], "256", "a number where the API wants a string is accepted");
    assert_eq!(td.json["containerDefinitions"][0]["dockerLabels"]["Some.Label"], "x");
}

#[test]
fn pascal_case_keys_are_accepted_but_map_keys_are_data() {
    let td = TaskDefinition::parse(json!({
        "Family": "web",
        "ContainerDefinitions": [{"Name": "app", "Image": "nginx",
            "LogConfiguration": {"LogDriver": "awslogs", "Options": {"Awslogs-Group": "/g"}}}],
        "EnableFaultInjection": true
    }))
    .unwrap();
    assert_eq!(
        td.json["containerDefinitions"][0]["logConfiguration"]["options"]["Awslogs-Group"],
        "/g"
    );
    assert_eq!(td.json["enableFaultInjection"], true);
}

#[test]
fn describe_output_is_unwrapped_and_read_only_fields_dropped() {
    let td = TaskDefinition::parse(json!({
        "taskDefinition": {
            "taskDefinitionArn": "arn:aws:ecs:ap-northeast-1:123:task-definition/web:3",
            "family": "web", "revision": 3, "status": "ACTIVE",
            "containerDefinitions": [{"name": "app", "image": "nginx"}],
            "requiresAttributes": [{"name": "com.amazonaws.ecs.capability.docker-remote-api.1.18"}],
            "compatibilities": ["EC2"], "registeredAt": "2026-01-01T00:00:00Z", "registeredBy": "arn:me"
        },
        "tags": [{"key": "team", "value": "a"}]
    }))
    .unwrap();
    assert!(td.json.get("revision").is_none() && td.json.get("taskDefinitionArn").is_none());
    assert_eq!(td.json["tags"][0]["key"], "team");

    let svc = ServiceDefinition::parse(
        json!({"services": [{"serviceArn": "arn:s", "serviceName": "old", "status": "ACTIVE",
            "runningCount": 2, "desiredCount": 2, "events": [], "deployments": [],
            "taskDefinition": "arn:td", "roleArn": "arn:role", "launchType": "EC2"}], "failures": []}),
        "c",
        "web",
    )
    .unwrap();
    assert_eq!(svc.json["serviceName"], "web", "the config names the service");
    assert_eq!(svc.json["cluster"], "c");
    assert_eq!(svc.json["role"], "arn:role");
    assert!(svc.json.get("taskDefinition").is_none() && svc.json.get("runningCount").is_none());
}

#[test]
fn unknown_keys_have_paths_and_suggestions() {
    let p = problems(json!({"family": "web", "containerDefinitions": [
        {"name": "a"}, {"name": "b", "portMapings": [{"containerPort": 80}]}]}));
    assert_eq!(
        p,
        [
            "containerDefinitions[1].portMapings: unknown field `portMapings` (did you mean `portMappings`?)"
        ]
    );
}

#[test]
fn wrong_types_name_the_expected_type() {
    let p = problems(json!({"family": "web", "containerDefinitions": [
        {"name": "a", "portMappings": [{"containerPort": "eighty"}], "essential": "yes", "environment": {"A": "b"}}]}));
    assert!(p.contains(&"containerDefinitions[0].portMappings[0].containerPort: expected an integer, found the string \"eighty\"".to_string()), "{p:?}");
    assert!(
        p.iter().any(|s| s.starts_with("containerDefinitions[0].essential: expected a boolean")),
        "{p:?}"
    );
    assert!(
        p.iter().any(|s| s.starts_with("containerDefinitions[0].environment: expected a list")),
        "{p:?}"
    );
}

#[test]
fn enums_and_required_members_come_from_the_model() {
    let p = problems(
        json!({"family": "web", "networkMode": "awsvcp", "requiresCompatibilities": ["FARGATE", "LAMBDA"],
        "containerDefinitions": [{"name": "a", "secrets": [{"name": "PW"}]}]}),
    );
    assert!(
        p.iter()
            .any(|s| s.starts_with("networkMode: `awsvcp` is not valid (did you mean `awsvpc`?)")),
        "{p:?}"
    );
    assert!(
        p.iter().any(|s| s.starts_with("requiresCompatibilities[1]: `LAMBDA` is not")),
        "{p:?}"
    );
    assert!(
        p.contains(
            &"containerDefinitions[0].secrets[0].valueFrom: required field is missing".to_string()
        ),
        "{p:?}"
    );
    assert!(
        problems(json!({"containerDefinitions": []}))
            .contains(&"family: required field is missing".to_string())
    );
}

#[test]
fn an_empty_enum_string_is_absent_as_the_go_sdk_sends_it() {
    let td = TaskDefinition::parse(json!({
        "family": "web", "networkMode": "", "ipcMode": "",
        "containerDefinitions": [{"name": "a", "image": "nginx",
            "portMappings": [{"containerPort": 80, "appProtocol": "", "protocol": "tcp"}],
            "logConfiguration": {"logDriver": "awslogs", "options": {"mode": ""}}}]
    }))
    .unwrap();
    let port = &td.json["containerDefinitions"][0]["portMappings"][0];
    assert_eq!(port, &json!({"containerPort": 80, "protocol": "tcp"}));
    assert!(
        td.json.get("networkMode").is_none() && td.json.get("ipcMode").is_none(),
        "{}",
        td.json
    );
    // Map values are data, not enums: an empty option stays.
    assert_eq!(td.json["containerDefinitions"][0]["logConfiguration"]["options"]["mode"], "");

    let svc =
        ServiceDefinition::parse(json!({"launchType": "", "propagateTags": ""}), "c", "s").unwrap();
    assert!(svc.get("launchType").is_none() && svc.get("propagateTags").is_none());

    // Go sends an empty string inside an enum list, and ECS refuses it; a required enum left
    // empty is missing.
    let p = problems(json!({"family": "web", "requiresCompatibilities": [""],
        "containerDefinitions": [{"name": "a", "image": "x", "dependsOn": [{"containerName": "b", "condition": ""}]}]}));
    assert!(p.iter().any(|s| s.starts_with("requiresCompatibilities[0]: `` is not")), "{p:?}");
    assert!(
        p.contains(
            &"containerDefinitions[0].dependsOn[0].condition: required field is missing"
                .to_string()
        ),
        "{p:?}"
    );
    // A non-empty wrong value is still refused.
    assert!(
        problems(json!({"family": "w", "containerDefinitions": [{"name": "a", "image": "x",
        "portMappings": [{"appProtocol": "https"}]}]}))
        .iter()
        .any(|s| s.contains("appProtocol: `https` is not"))
    );
}

#[test]
fn sdk_output_reads_back_in_the_input_shape() {
    use aws_sdk_ecs::types::{ContainerDefinition, TaskDefinitionStatus};
    let td = aws_sdk_ecs::types::TaskDefinition::builder()
        .task_definition_arn("arn:td:1")
        .family("web")
        .revision(1)
        .status(TaskDefinitionStatus::Active)
        .container_definitions(ContainerDefinition::builder().name("app").image("nginx").build())
        .build();
    let parsed = TaskDefinition::from_sdk(&td, &[]);
    assert_eq!(
        parsed.json,
        json!({"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx", "cpu": 0}]})
    );
}

#[test]
fn update_projection_and_replacement_fields() {
    let svc = ServiceDefinition::parse(
        json!({"desiredCount": 1, "launchType": "FARGATE", "schedulingStrategy": "REPLICA", "tags": [{"key": "a", "value": "b"}],
            "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["s"]}}}),
        "c",
        "web",
    )
    .unwrap();
    let update = svc.update_json();
    assert_eq!(update["service"], "web");
    assert!(update.get("launchType").is_none() && update.get("tags").is_none());
    assert!(update_input(&update).is_ok());
    let replacement = ServiceDefinition::replacement_fields();
    for field in ["launchType", "schedulingStrategy", "role"] {
        assert!(replacement.contains(&field), "{field} in {replacement:?}");
    }
    assert!(!replacement.contains(&"desiredCount"));
}

/// Every member of the ECS input shapes in the AWS service model (botocore's copy, in the test
/// virtualenv) parses and round-trips: nothing the API accepts is lost or refused by shipper.
#[test]
fn model_coverage_against_the_aws_service_model() {
    let root = env!("CARGO_MANIFEST_DIR");
    let python = std::path::Path::new(root).join(".venv/bin/python");
    assert!(python.exists(), "the test virtualenv is missing: run scripts/test");
    let out = std::process::Command::new(&python)
        .arg(std::path::Path::new(root).join("scripts/gen-model"))
        .arg("--sample")
        .output()
        .expect("scripts/gen-model runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let samples: Value = serde_json::from_slice(&out.stdout).unwrap();

    let check = |name: &str, sample: &Value, round_tripped: Value| {
        let mut expected = sample.clone();
        normalise_numbers(&mut expected);
        let mut got = round_tripped;
        normalise_numbers(&mut got);
        assert_eq!(got, expected, "{name} does not round-trip");
        // UpdateDaemon is a small shape; every other one has dozens of members.
        let members = count_members(sample);
        assert!(members > 12, "{name}: only {members} members in the sample");
    };

    let td = &samples["RegisterTaskDefinitionRequest"];
    check("RegisterTaskDefinitionRequest", td, TaskDefinition::parse(td.clone()).unwrap().json);

    let create = &samples["CreateServiceRequest"];
    let mut without_td = create.clone();
    without_td.as_object_mut().unwrap().remove("taskDefinition");
    let svc = ServiceDefinition::parse(
        without_td.clone(),
        create["cluster"].as_str().unwrap(),
        create["serviceName"].as_str().unwrap(),
    )
    .unwrap_or_else(|p| panic!("{p:?}"));
    let input = svc.create_input(create["taskDefinition"].as_str().unwrap()).unwrap();
    check("CreateServiceRequest", create, ser::to_value(&input));

    let update = &samples["UpdateServiceRequest"];
    check("UpdateServiceRequest", update, ser::to_value(&update_input(update).unwrap()));

    let run = &samples["RunTaskRequest"];
    let run_input =
        de::from_value(run, aws_sdk_ecs::operation::run_task::RunTaskInput::deserialize).unwrap();
    check("RunTaskRequest", run, ser::to_value(&run_input));

    let express = &samples["CreateExpressGatewayServiceRequest"];
    let cluster = express["cluster"].as_str().unwrap();
    let name = express["serviceName"].as_str().unwrap();
    let parsed = ExpressDefinition::parse(express.clone(), cluster, name).unwrap();
    check(
        "CreateExpressGatewayServiceRequest",
        express,
        ser::to_value(&parsed.create_input().unwrap()),
    );
    let update = &samples["UpdateExpressGatewayServiceRequest"];
    let input = super::express::update_input(update).unwrap();
    check("UpdateExpressGatewayServiceRequest", update, ser::to_value(&input));

    let daemon_td = &samples["RegisterDaemonTaskDefinitionRequest"];
    let parsed = DaemonTaskDefinition::parse(daemon_td.clone()).unwrap();
    check(
        "RegisterDaemonTaskDefinitionRequest",
        daemon_td,
        ser::to_value(&parsed.input().unwrap()),
    );
    let create = &samples["CreateDaemonRequest"];
    let mut file = create.clone();
    let owned = ["clusterArn", "daemonTaskDefinitionArn", "clientToken"];
    owned.iter().for_each(|k| drop(file.as_object_mut().unwrap().remove(*k)));
    let parsed = DaemonDefinition::parse(file, create["daemonName"].as_str().unwrap()).unwrap();
    let [cluster, td, token] = owned.map(|k| create[k].as_str().unwrap());
    let input = parsed.create_input(cluster, td, token).unwrap();
    check("CreateDaemonRequest", create, ser::to_value(&input));
    let update = &samples["UpdateDaemonRequest"];
    check(
        "UpdateDaemonRequest",
        update,
        ser::to_value(&super::daemon::update_input(update).unwrap()),
    );
}

/// The model's doubles (12.5) and the SDK's f32/f64 agree; integers compare as they are.
fn normalise_numbers(value: &mut Value) {
    match value {
        Value::Number(n) if n.is_f64() => *value = json!(n.as_f64().unwrap_or_default()),
        Value::Array(items) => items.iter_mut().for_each(normalise_numbers),
        Value::Object(map) => map.values_mut().for_each(normalise_numbers),
        _ => {}
    }
}

fn count_members(value: &Value) -> usize {
    match value {
        Value::Object(map) => map.len() + map.values().map(count_members).sum::<usize>(),
        Value::Array(items) => items.iter().map(count_members).sum(),
        _ => 0,
    }
}
