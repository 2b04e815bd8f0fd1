//! Behaviour 7: injected faults, answered in each protocol's error shape.

use std::time::{Duration, Instant};

use aws_sdk_ecs::config::retry::RetryConfig;
use serde_json::json;

use super::Aws;
use crate::support::bed::{Bed, RequestLog};

fn ecs_with(config: &aws_config::SdkConfig, retry: RetryConfig) -> aws_sdk_ecs::Client {
    aws_sdk_ecs::Client::from_conf(
        aws_sdk_ecs::config::Builder::from(config).retry_config(retry).build(),
    )
}

#[tokio::test]
async fn a_throttled_call_surfaces_throttling_exception() {
    let bed = Bed::start();
    let config = bed.sdk_config().await;
    let ecs = ecs_with(&config, RetryConfig::disabled());
    bed.fault(json!({"action": "ListClusters", "kind": "throttle", "count": 1}));
    let error = ecs.list_clusters().send().await.unwrap_err();
    let error = error.into_service_error();
    assert_eq!(error.meta().code(), Some("ThrottlingException"));
    assert_eq!(error.meta().message(), Some("Rate exceeded"));
    // One use only: the next call goes through.
    ecs.list_clusters().send().await.unwrap();
    // `after` lets matching calls through first, to fail a later phase of a flow.
    bed.fault(json!({"action": "ListClusters", "kind": "throttle", "after": 1}));
    ecs.list_clusters().send().await.unwrap();
    ecs.list_clusters().send().await.unwrap_err();
    let log = bed.requests();
    assert_eq!(log.iter().map(|r| r.status).collect::<Vec<_>>(), [400, 200, 200, 400]);
}

#[tokio::test]
async fn a_5xx_is_retried_by_the_sdks_standard_retry() {
    let bed = Bed::start();
    let config = bed.sdk_config().await;
    let retry = RetryConfig::standard()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(10));
    let ecs = ecs_with(&config, retry);
    bed.fault(json!({"action": "*", "service": "ecs", "kind": "5xx", "count": 2}));
    let clusters = ecs.list_clusters().send().await.unwrap();
    assert!(clusters.cluster_arns().is_empty());
    let log = bed.requests();
    assert_eq!(
        log.iter().map(|r| (r.action.as_str(), r.status)).collect::<Vec<_>>(),
        [("ListClusters", 503), ("ListClusters", 503), ("ListClusters", 200)]
    );
}

#[tokio::test]
async fn query_and_cbor_protocols_get_their_own_error_shapes() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    bed.fault(json!([
        {"action": "DescribeTargetGroups", "kind": "throttle", "code": "Throttling", "count": 10},
        {"action": "DescribeAlarms", "kind": "throttle", "count": 10},
    ]));
    let elb = aws.elb.describe_target_groups().send().await.unwrap_err();
    assert_eq!(elb.as_service_error().and_then(|e| e.meta().code()), Some("Throttling"));
    let alarms = aws.cloudwatch.describe_alarms().send().await.unwrap_err();
    assert_eq!(
        alarms.as_service_error().and_then(|e| e.meta().code()),
        Some("ThrottlingException")
    );
    // Other actions of the same services are untouched.
    aws.elb.describe_load_balancers().send().await.unwrap();
    aws.cloudwatch.list_metrics().send().await.unwrap();
    assert!(bed.requests().count("elasticloadbalancing", "DescribeTargetGroups") >= 1);
}

#[tokio::test]
async fn a_slow_fault_delays_and_then_serves() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    bed.fault(
        json!({"action": "GetParametersByPath", "service": "ssm", "kind": "slow", "delay_ms": 300}),
    );
    let started = Instant::now();
    aws.ssm.get_parameters_by_path().path("/acme/").send().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
    let started = Instant::now();
    aws.ssm.get_parameters_by_path().path("/acme/").send().await.unwrap();
    assert!(started.elapsed() < Duration::from_millis(300));
    assert_eq!(bed.requests().iter().map(|r| r.status).collect::<Vec<_>>(), [200, 200]);
}
