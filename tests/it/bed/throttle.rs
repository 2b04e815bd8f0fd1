//! Behaviour 9: AWS's API rate limits (`POST /_bed/throttle`): a token bucket per account, Region
//! and group of actions, shared by every client, answered in AWS's throttling shape.

use aws_sdk_ecs::config::retry::RetryConfig;
use serde_json::json;

use super::Aws;
use crate::support::bed::{Bed, RequestLog};

fn without_retries(config: &aws_config::SdkConfig) -> aws_sdk_ecs::Client {
    aws_sdk_ecs::Client::from_conf(
        aws_sdk_ecs::config::Builder::from(config).retry_config(RetryConfig::disabled()).build(),
    )
}

#[tokio::test]
async fn a_group_bucket_lets_its_burst_through_and_refuses_the_rest_as_aws_does() {
    let bed = Bed::start();
    let config = bed.sdk_config().await;
    // Two clients: the bucket is the account's, not a client's.
    let (one, two) = (without_retries(&config), without_retries(&config));
    // Off by default: any number of calls go through.
    for _ in 0..30 {
        one.list_clusters().send().await.unwrap();
    }
    bed.throttle(json!({"ecs:ListClusters": [3, 0.01]}));
    for client in [&one, &two, &one] {
        client.describe_clusters().send().await.unwrap();
    }
    let error = two.list_clusters().send().await.unwrap_err();
    let raw = error.raw_response().map(|r| r.status().as_u16());
    let error = error.into_service_error();
    assert_eq!(
        (raw, error.meta().code(), error.meta().message()),
        (Some(400), Some("ThrottlingException"), Some("Rate exceeded"))
    );
    // Another group has a bucket of its own (task definition reads: 100 by the table).
    two.list_task_definitions().send().await.unwrap();
    assert_eq!(bed.throttled(), 1);
    let log = bed.requests();
    assert_eq!(log.iter().filter(|r| r.status == 400).count(), 1, "throttles are logged");
    // A reset turns throttling off again.
    bed.control("POST", "/_bed/reset", Some(json!({})));
    for _ in 0..5 {
        one.list_clusters().send().await.unwrap();
    }
}

#[tokio::test]
async fn the_bucket_refills_at_its_rate() {
    let bed = Bed::start();
    let ecs = without_retries(&bed.sdk_config().await);
    bed.throttle(json!({"ecs:DescribeClusters": [1, 5]}));
    ecs.list_clusters().send().await.unwrap();
    ecs.list_clusters().send().await.unwrap_err();
    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    ecs.list_clusters().send().await.unwrap();
}

#[tokio::test]
async fn query_and_cbor_services_are_throttled_in_their_own_shapes() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    bed.throttle(json!({
        "elasticloadbalancing:DescribeTargetGroups": [1, 0.01],
        "monitoring:DescribeAlarms": [1, 0.01],
    }));
    for _ in 0..2 {
        let _ = aws.elb.describe_load_balancers().send().await;
        let _ = aws.cloudwatch.describe_alarms().send().await;
    }
    // The SDK's standard retries give up in the end: every attempt found the bucket empty.
    let elb = aws.elb.describe_target_groups().send().await.unwrap_err();
    assert_eq!(elb.as_service_error().and_then(|e| e.meta().code()), Some("Throttling"));
    let alarms = aws.cloudwatch.describe_alarms().send().await.unwrap_err();
    assert_eq!(alarms.as_service_error().and_then(|e| e.meta().code()), Some("Throttling"));
    // Services without documented limits are never throttled.
    for _ in 0..5 {
        aws.ecr.describe_repositories().send().await.unwrap();
    }
    assert!(bed.requests().count("ecr", "DescribeRepositories") == 5);
}

#[test]
fn an_action_no_group_has_is_refused_by_name() {
    let bed = Bed::start();
    let answer = bed
        .call("POST", "/_bed/throttle", Some(json!({"buckets": {"ecs:RegisterTask": [1, 1]}})))
        .unwrap_err();
    assert!(answer.contains("ecs:RegisterTask"), "{answer}");
}
