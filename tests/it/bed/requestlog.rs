//! Behaviour 8: the request log, which tests use to assert what a client sent.

use aws_sdk_ecs::types::LaunchType;
use serde_json::json;

use super::{Aws, cluster_and_revisions, web_service};
use crate::support::bed::{Bed, RequestLog};

#[tokio::test]
async fn every_aws_request_is_logged_in_order_with_its_parameters() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    cluster_and_revisions(&aws.ecs, 1).await;
    web_service(&aws.ecs, 1).launch_type(LaunchType::Ec2).send().await.unwrap();
    aws.elb.describe_target_groups().names("nope").send().await.unwrap_err();
    bed.state(); // control calls are not AWS requests
    let log = bed.requests();
    assert_eq!(log.actions("ecs"), ["CreateCluster", "RegisterTaskDefinition", "CreateService"]);
    assert_eq!(log.iter().map(|r| r.seq).collect::<Vec<_>>(), [1, 2, 3, 4]);
    let create = &log[2];
    assert_eq!((create.status, create.body["serviceName"].clone()), (200, json!("web")));
    assert_eq!(create.body["desiredCount"], json!(1));
    // Query protocols log their form fields; failures are logged with their status.
    let elb = &log[3];
    assert_eq!(
        (elb.service.as_str(), elb.action.as_str(), elb.status),
        ("elasticloadbalancing", "DescribeTargetGroups", 400)
    );
    assert_eq!(elb.body["Names.member.1"], json!("nope"));
    assert_eq!(log.count("ecs", "CreateService"), 1);

    // A cursor for "what happened since", and clearing keeps the numbering.
    aws.ecs.list_clusters().send().await.unwrap();
    assert_eq!(bed.requests_since(4).actions("ecs"), ["ListClusters"]);
    bed.clear_requests();
    assert!(bed.requests().is_empty());
    aws.ecs.list_clusters().send().await.unwrap();
    assert_eq!(bed.requests()[0].seq, 6);
    // CloudWatch's CBOR body is logged as JSON.
    aws.cloudwatch.describe_alarms().alarm_names("a").send().await.unwrap();
    assert_eq!(bed.requests_since(6)[0].body["AlarmNames"], json!(["a"]));
}

#[tokio::test]
async fn reset_forgets_everything() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    cluster_and_revisions(&aws.ecs, 1).await;
    bed.plan(json!({"outcome": "fail", "count": 0}));
    bed.fault(json!({"action": "DescribeServices", "count": 0}));
    bed.control("POST", "/_bed/reset", Some(json!({})));
    assert!(bed.requests().is_empty());
    let state = bed.state();
    assert_eq!(
        (state["plans"].clone(), state["faults"].clone(), state["services"].clone()),
        (json!([]), json!([]), json!([]))
    );
    assert!(aws.ecs.list_clusters().send().await.unwrap().cluster_arns().is_empty());
    assert!(
        aws.ecs.list_task_definitions().send().await.unwrap().task_definition_arns().is_empty()
    );
}
