//! Classification of differences.

use serde_json::json;

use super::*;

fn svc(value: serde_json::Value) -> ServiceDefinition {
    ServiceDefinition::parse(value, "c", "web").unwrap()
}

fn td(value: serde_json::Value) -> TaskDefinition {
    TaskDefinition::parse(value).unwrap()
}

fn classify(local: serde_json::Value, remote: serde_json::Value) -> DocDiff {
    service(&svc(local), "svc.json", Some((&svc(remote), "arn:svc")), &Options::default())
}

#[test]
fn service_changes_are_classified() {
    let base = json!({"desiredCount": 2, "launchType": "EC2", "healthCheckGracePeriodSeconds": 10});
    assert_eq!(classify(base.clone(), base.clone()).effect, Effect::None);

    let mut count = base.clone();
    count["desiredCount"] = json!(3);
    let d = classify(count, base.clone());
    assert_eq!(d.effect, Effect::InPlace);
    assert_eq!(d.changed_members(), ["desiredCount"]);

    let mut deployment = base.clone();
    deployment["deploymentConfiguration"] = json!({"maximumPercent": 150});
    assert_eq!(classify(deployment, base.clone()).effect, Effect::InPlace);

    let mut network = base.clone();
    network["loadBalancers"] =
        json!([{"targetGroupArn": "tg", "containerName": "a", "containerPort": 80}]);
    assert_eq!(classify(network, base.clone()).effect, Effect::NewDeployment);

    let mut launch = base.clone();
    launch["launchType"] = json!("FARGATE");
    let d = classify(launch, base.clone());
    assert_eq!(d.effect, Effect::Replacement);
    assert!(d.summary().contains("REQUIRES REPLACEMENT") && d.summary().contains("launchType"));

    let created = service(&svc(base), "svc.json", None, &Options::default());
    assert_eq!(created.effect, Effect::Create);
    assert!(format::unified(&created).starts_with("--- (none: will be created)"));
}

#[test]
fn task_definition_changes_are_new_revisions_with_paths() {
    let remote = td(
        json!({"family": "f", "containerDefinitions": [{"name": "app", "image": "x:1", "memory": 128}]}),
    );
    let local = td(
        json!({"family": "f", "containerDefinitions": [{"name": "app", "image": "x:2", "memory": 128, "essential": true}]}),
    );
    let d = task_definition(&local, "td.json", Some((&remote, "arn:td:1")), &Options::default());
    assert_eq!(d.effect, Effect::NewRevision);
    assert_eq!(d.changes.len(), 1);
    assert_eq!(d.changes[0].path.to_string(), "containerDefinitions[app].image");
    let text = format::unified(&d);
    assert!(
        text.contains("--- arn:td:1\n+++ td.json") && text.contains("-      \"image\": \"x:1\""),
        "{text}"
    );
    let same =
        task_definition(&remote, "td.json", Some((&remote, "arn:td:1")), &Options::default());
    assert_eq!(same.effect, Effect::None);
    assert!(format::text(&[same]).is_empty(), "no change prints nothing");
}

#[test]
fn json_and_markdown_forms() {
    let remote =
        td(json!({"family": "f", "containerDefinitions": [{"name": "app", "image": "x:1"}]}));
    let local =
        td(json!({"family": "f", "containerDefinitions": [{"name": "app", "image": "x:2"}]}));
    let d = task_definition(&local, "td.json", Some((&remote, "arn:td:1")), &Options::default());
    let j = format::json(std::slice::from_ref(&d));
    assert_eq!(j["has_diff"], true);
    assert_eq!(
        j["documents"][0]["changes"][0],
        json!({"path": "containerDefinitions[app].image", "before": "x:1", "after": "x:2"})
    );
    let md = format::markdown(&[d]);
    assert!(
        md.contains("### Task definition\n\n**task definition: new task definition revision"),
        "{md}"
    );
    assert!(
        md.contains(
            "<details><summary>arn:td:1 → td.json</summary>\n\n```diff\n--- arn:td:1\n+++ td.json\n"
        ),
        "{md}"
    );
    assert!(
        md.contains("-      \"image\": \"x:1\"") && md.trim_end().ends_with("</details>"),
        "{md}"
    );
    assert_eq!(
        format::markdown(&[]),
        "## shipper diff\n\nNo differences: what runs matches the definitions.\n"
    );
}
