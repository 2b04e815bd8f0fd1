//! The scripted HTTP endpoint (`/_probe/*`, rules from `POST /_bed/probe`) that shipper's HTTP
//! health gate probes.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::bed::Bed;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .build()
        .into()
}

/// (status, content type, body) of one GET.
fn get(agent: &ureq::Agent, url: &str) -> (u16, String, String) {
    let mut response = agent.get(url).header("X-Probe", "shipper").call().unwrap();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response.body_mut().read_to_string().unwrap();
    (response.status().as_u16(), content_type, body)
}

#[tokio::test]
async fn the_probe_endpoint_answers_as_scripted() {
    let bed = Bed::start();
    let agent = agent();
    let health = bed.probe_url("/api/health");
    assert!(health.starts_with("http://127.0.0.1:") && health.ends_with("/_probe/api/health"));

    // No rule: 200 {"status":"ok"}, on any path and method.
    assert_eq!(get(&agent, &health), (200, "application/json".into(), r#"{"status":"ok"}"#.into()));
    let posted = agent.post(bed.probe_url("/anything/else")).send("x").unwrap();
    assert_eq!(posted.status().as_u16(), 200);

    // Two failures, then a standing answer.
    bed.probe(json!([
        {"path": "/api/health", "status": 503, "body": "warming up", "content_type": "text/plain", "count": 2},
        {"path": "/api/health", "status": 200, "body": r#"{"status":"green"}"#}
    ]));
    let statuses: Vec<u16> = (0..4).map(|_| get(&agent, &health).0).collect();
    assert_eq!(statuses, [503, 503, 200, 200]);
    assert_eq!(get(&agent, &format!("{health}?verbose=1")).2, r#"{"status":"green"}"#);
    // Other paths keep the default.
    assert_eq!(get(&agent, &bed.probe_url("/other")).0, 200);

    // A newer standing rule replaces the old one; a counted rule goes ahead of it.
    bed.probe(json!({"path": "/api/health", "status": 500, "body": "broken"}));
    bed.probe(
        json!({"path": "/api/health", "status": 200, "body": "slow", "delay_ms": 300, "count": 1}),
    );
    let started = Instant::now();
    assert_eq!(get(&agent, &health).2, "slow");
    assert!(started.elapsed() >= Duration::from_millis(300), "answered after delay_ms");
    assert_eq!(get(&agent, &health).0, 500);

    // Clearing the path's rules brings the default back.
    bed.probe(json!({"clear": true, "path": "/api/health"}));
    assert_eq!(get(&agent, &health).0, 200);

    let received = bed.probe_requests();
    assert_eq!(received.len(), 11);
    assert_eq!(received[1].method, "POST");
    assert_eq!(received[1].path, "/anything/else");
    assert_eq!(received[1].body, "x");
    let verbose = &received[6];
    assert_eq!((verbose.path.as_str(), verbose.query.as_str()), ("/api/health", "verbose=1"));
    assert_eq!(verbose.headers.get("x-probe").map(String::as_str), Some("shipper"));
    let statuses: Vec<u16> = received.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 200, 503, 503, 200, 200, 200, 200, 200, 500, 200]);
    assert!(received.windows(2).all(|w| w[0].seq < w[1].seq));
    // Probe requests are not AWS requests.
    assert!(bed.requests().is_empty());
}
