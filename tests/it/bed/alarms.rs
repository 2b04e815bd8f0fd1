//! Behaviour 6: CloudWatch alarms over the protocol aws-sdk-cloudwatch speaks (Smithy RPC v2
//! CBOR, which the bed translates for moto).

use aws_sdk_cloudwatch::types::{ComparisonOperator, Dimension, StateValue, Statistic};

use super::Aws;
use crate::support::bed::{Bed, RequestLog};

#[tokio::test]
async fn alarms_are_created_listed_and_set_through_the_rust_sdk() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    aws.cloudwatch
        .put_metric_alarm()
        .alarm_name("web-cpu-high")
        .namespace("AWS/ECS")
        .metric_name("CPUUtilization")
        .dimensions(Dimension::builder().name("ServiceName").value("web").build())
        .statistic(Statistic::Average)
        .period(300)
        .evaluation_periods(2)
        .threshold(80.0)
        .comparison_operator(ComparisonOperator::GreaterThanThreshold)
        .send()
        .await
        .unwrap();
    let described =
        aws.cloudwatch.describe_alarms().alarm_names("web-cpu-high").send().await.unwrap();
    let alarm = &described.metric_alarms()[0];
    assert_eq!(alarm.state_value(), Some(&StateValue::Ok));
    assert_eq!(alarm.threshold(), Some(80.0));
    assert_eq!(alarm.period(), Some(300));
    assert!(alarm.alarm_configuration_updated_timestamp().is_some()); // a CBOR timestamp
    assert_eq!(alarm.dimensions()[0].value(), Some("web"));

    aws.cloudwatch
        .set_alarm_state()
        .alarm_name("web-cpu-high")
        .state_value(StateValue::Alarm)
        .state_reason("load test")
        .send()
        .await
        .unwrap();
    let alarming =
        aws.cloudwatch.describe_alarms().state_value(StateValue::Alarm).send().await.unwrap();
    assert_eq!(alarming.metric_alarms().len(), 1);
    assert_eq!(alarming.metric_alarms()[0].state_reason(), Some("load test"));

    // Errors come back in the CBOR shape too, with their code.
    let missing = aws
        .cloudwatch
        .set_alarm_state()
        .alarm_name("nope")
        .state_value(StateValue::Alarm)
        .state_reason("x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(missing.as_service_error().and_then(|e| e.meta().code()), Some("ResourceNotFound"));
    assert_eq!(bed.requests().count("monitoring", "PutMetricAlarm"), 1);
}

#[tokio::test]
async fn the_seed_has_the_guides_alarms() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let seed = bed.seed();
    let described =
        aws.cloudwatch.describe_alarms().alarm_name_prefix("acme-dev-").send().await.unwrap();
    let mut names: Vec<_> =
        described.metric_alarms().iter().map(|a| a.alarm_name().unwrap().to_owned()).collect();
    names.sort();
    let mut expected: Vec<String> =
        seed["alarms"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_owned()).collect();
    expected.sort();
    assert_eq!(names, expected);
    assert_eq!(names.len(), 6);
}
