//! CloudWatch GetMetricData answering with datapoints a test sets (`POST /_bed/metrics`), over the
//! Smithy RPC v2 CBOR protocol aws-sdk-cloudwatch speaks.

use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat, ScanBy};
use aws_smithy_types::DateTime;
use serde_json::json;

use super::Aws;
use crate::support::bed::{Bed, RequestLog};

fn query(id: &str, metric: &str, dimensions: &[(&str, &str)], stat: &str) -> MetricDataQuery {
    let mut builder = Metric::builder().namespace("AWS/ApplicationELB").metric_name(metric);
    for (name, value) in dimensions {
        builder = builder.dimensions(Dimension::builder().name(*name).value(*value).build());
    }
    let stat = MetricStat::builder().metric(builder.build()).period(60).stat(stat).build();
    MetricDataQuery::builder().id(id).metric_stat(stat).build()
}

#[tokio::test]
async fn get_metric_data_answers_the_values_a_test_set() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    bed.metrics(json!({
        "namespace": "AWS/ApplicationELB", "metric": "HTTPCode_Target_5XX_Count",
        "dimensions": {"LoadBalancer": "app/acme-dev-alb/1", "TargetGroup": "targetgroup/acme-dev-green/2"},
        "stat": "Sum", "values": [7, 0, 1]
    }));
    bed.metrics(json!({
        "namespace": "AWS/ApplicationELB", "metric": "TargetResponseTime",
        "dimensions": {"LoadBalancer": "app/acme-dev-alb/1"}, "values": [0.25]
    }));
    // Dimensions in the other order still match.
    let errors = query(
        "errors",
        "HTTPCode_Target_5XX_Count",
        &[("TargetGroup", "targetgroup/acme-dev-green/2"), ("LoadBalancer", "app/acme-dev-alb/1")],
        "Sum",
    );
    let latency =
        query("latency", "TargetResponseTime", &[("LoadBalancer", "app/acme-dev-alb/1")], "p99");
    let unknown =
        query("unknown", "HTTPCode_Target_5XX_Count", &[("LoadBalancer", "other")], "Sum");
    let now =
        DateTime::from_secs(std::time::SystemTime::UNIX_EPOCH.elapsed().unwrap().as_secs() as i64);
    let window = || {
        aws.cloudwatch
            .get_metric_data()
            .start_time(DateTime::from_secs(now.secs() - 900))
            .end_time(DateTime::from_secs(now.secs() + 60))
    };
    let output = window()
        .metric_data_queries(errors.clone())
        .metric_data_queries(latency)
        .metric_data_queries(unknown)
        .metric_data_queries(
            MetricDataQuery::builder().id("sum").expression("SUM(METRICS())").build(),
        )
        .send()
        .await
        .unwrap();
    let results = output.metric_data_results();
    let ids: Vec<_> = results.iter().map(|r| r.id().unwrap()).collect();
    assert_eq!(ids, ["errors", "latency", "unknown", "sum"]);

    let errors_result = &results[0];
    assert_eq!(errors_result.values(), [7.0, 0.0, 1.0], "newest first (ScanBy's default)");
    assert_eq!(errors_result.status_code().map(|s| s.as_str()), Some("Complete"));
    let stamps: Vec<i64> = errors_result.timestamps().iter().map(|t| t.secs()).collect();
    assert_eq!(stamps.len(), 3);
    assert!((stamps[0] - now.secs()).abs() <= 5, "the newest datapoint is now: {stamps:?}");
    assert_eq!([stamps[0] - stamps[1], stamps[1] - stamps[2]], [60, 60], "a period apart");
    // Stored without a statistic: any statistic matches.
    assert_eq!(results[1].values(), [0.25]);
    assert!(results[2].values().is_empty() && results[2].timestamps().is_empty());
    assert_eq!(results[2].status_code().map(|s| s.as_str()), Some("Complete"));

    // A statistic other than the stored one does not match; ScanBy ascending reverses.
    let average = query(
        "avg",
        "HTTPCode_Target_5XX_Count",
        &[("LoadBalancer", "app/acme-dev-alb/1"), ("TargetGroup", "targetgroup/acme-dev-green/2")],
        "Average",
    );
    let output = window()
        .metric_data_queries(average)
        .metric_data_queries(errors.clone())
        .scan_by(ScanBy::TimestampAscending)
        .send()
        .await
        .unwrap();
    assert!(output.metric_data_results()[0].values().is_empty());
    assert_eq!(output.metric_data_results()[1].values(), [1.0, 0.0, 7.0]);

    // Cleared: nothing matches any more.
    bed.metrics(json!({"clear": true}));
    let output = window().metric_data_queries(errors).send().await.unwrap();
    assert!(output.metric_data_results()[0].values().is_empty());
    let log = bed.requests();
    assert_eq!(log.count("monitoring", "GetMetricData"), 3);
    let first = log.iter().find(|r| r.action == "GetMetricData").unwrap();
    assert_eq!(first.body["MetricDataQueries"][0]["Id"], "errors");
}

/// A metric scripted over time is answered as CloudWatch answers a stored one: a datapoint per
/// period boundary inside the window and not after now, each from the segment in force then;
/// a quiet segment has none; `append` adds a segment from now on.
#[tokio::test]
async fn a_scripted_series_answers_per_period_within_the_window() {
    let bed = Bed::start();
    let aws = Aws::new(&bed).await;
    let green = [("TargetGroup", "targetgroup/acme-dev-green/2")];
    bed.metrics(json!({
        "namespace": "AWS/ApplicationELB", "metric": "RequestCount",
        "dimensions": {"TargetGroup": "targetgroup/acme-dev-green/2"}, "stat": "Sum",
        "series": [{"from": -100, "values": [10, 20]}, {"from": -40, "values": []}, {"from": -20, "values": [5]}]
    }));
    let query = |period: i32| {
        let q = query("requests", "RequestCount", &green, "Sum");
        let stat = q.metric_stat().unwrap().clone();
        MetricDataQuery::builder()
            .id("requests")
            .metric_stat(
                MetricStat::builder()
                    .metric(stat.metric().unwrap().clone())
                    .period(period)
                    .stat("Sum")
                    .build(),
            )
            .build()
    };
    let now = std::time::SystemTime::UNIX_EPOCH.elapsed().unwrap().as_secs() as i64;
    let read = |start: i64, end: i64, period: i32| {
        let aws = &aws;
        async move {
            let out = aws
                .cloudwatch
                .get_metric_data()
                .metric_data_queries(query(period))
                .start_time(DateTime::from_secs(start))
                .end_time(DateTime::from_secs(end))
                .send()
                .await
                .unwrap();
            let r = &out.metric_data_results()[0];
            let stamps: Vec<i64> = r.timestamps().iter().map(|t| t.secs()).collect();
            (stamps, r.values().to_vec())
        }
    };
    // 10 s periods over the first segment: on period boundaries, newest first, cycling.
    let (from, to) = (now - 90 - (now - 90).rem_euclid(10), now - 50 - (now - 50).rem_euclid(10));
    let (stamps, values) = read(from, to, 10).await;
    let mut expected_stamps: Vec<i64> = (from..to).step_by(10).collect();
    expected_stamps.reverse();
    assert_eq!(stamps, expected_stamps);
    assert!(stamps.iter().all(|t| t % 10 == 0));
    let expected: Vec<f64> =
        stamps.iter().map(|t| if (t / 10) % 2 == 0 { 10.0 } else { 20.0 }).collect();
    assert_eq!(values, expected);
    // The quiet segment has no datapoints; nothing after now; the last segment from -20 s.
    let (stamps, values) = read(now - 35, now + 600, 1).await;
    assert!(stamps.iter().all(|t| *t >= now - 21 && *t <= now + 1), "{stamps:?}");
    assert!(stamps.len() >= 19 && values.iter().all(|v| *v == 5.0), "{stamps:?} {values:?}");
    // Appended from now on: the past keeps its values.
    bed.metrics(json!({
        "namespace": "AWS/ApplicationELB", "metric": "RequestCount", "append": true,
        "dimensions": {"TargetGroup": "targetgroup/acme-dev-green/2"}, "stat": "Sum",
        "series": [{"values": [7]}]
    }));
    let (stamps, values) = read(now - 10, now + 600, 1).await;
    assert!(values[values.len() - 1] == 5.0 && stamps.len() >= 10, "{stamps:?} {values:?}");
    // Neither or both of values and series: refused.
    let refused = bed.try_control("/_bed/metrics", json!({"namespace": "n", "metric": "m"}));
    assert!(refused.unwrap_err().contains("HTTP 400"));
}
