//! How shipper polls a deployment: no wasted poll after the end, one ECS call per poll.
//!
//! The bed advances a rollout one step per read (reads mode) and records which logged request
//! finished it (`finishedSeq` in `/_bed/state`), so these tests see exactly what shipper read
//! after the end — no wall-clock assertions.

use serde_json::{Value, json};

use crate::support::bed::{Bed, Request};
use crate::support::project::Project;
use crate::support::shipper::run;

/// The ECS reads of the deployment (service and service deployments), in order.
fn status_reads(requests: &[Request]) -> Vec<&str> {
    requests
        .iter()
        .filter(|r| {
            matches!(
                r.action.as_str(),
                "DescribeServices" | "DescribeServiceDeployments" | "ListServiceDeployments"
            )
        })
        .map(|r| r.action.as_str())
        .collect()
}

/// The request-log seq of the read that finished the newest rollout of the service.
fn finished_seq(bed: &Bed) -> u64 {
    let state = bed.state();
    let deployments: Vec<Value> = state["services"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["deployments"].as_array().unwrap().clone())
        .collect();
    deployments
        .iter()
        .filter_map(|d| d["finishedSeq"].as_u64())
        .max()
        .unwrap_or_else(|| panic!("no finished rollout: {state}"))
}

/// The wasted poll: the deployment turned SUCCESSFUL on one read, the verdict was taken against
/// an older service read ("not yet"), and shipper slept a whole interval before looking again.
/// Now the read that shows the end is followed by one confirming read at once, then the exit —
/// whichever read (service or service deployment) happens to see the end, with the default
/// 5 s poll interval (a sleep would show as more reads after the end).
#[test]
fn the_end_is_confirmed_at_once_never_after_a_sleep() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.1.0").args(["deploy", "--poll-interval", "100ms"])).code(0);
    for (steps, tag) in [(1, "v1.2.0"), (2, "v1.0.0"), (3, "v1.1.0"), (4, "v1.2.0")] {
        bed.plan(json!({"service": "acme-dev-app", "mode": "reads", "steps": steps}));
        bed.clear_requests();
        run(ex.shipper(tag).arg("deploy")).code(0).stderr_has("deployed acme-dev-app:");
        let end = finished_seq(&bed);
        let after: Vec<Request> = bed.requests().into_iter().filter(|r| r.seq > end).collect();
        assert_eq!(
            status_reads(&after).len(),
            1,
            "{steps} steps: one confirming read after the end, no second poll: {:?}",
            bed.requests().iter().map(|r| (r.seq, r.action.as_str())).collect::<Vec<_>>()
        );
    }
}

/// One call per poll: the service is not read again after the update (UpdateService answered
/// with it), so only the service deployment, then the one read the verdict needs.
#[test]
fn each_poll_is_one_ecs_call() {
    let bed = Bed::start();
    let ex = Project::example(&bed);
    run(ex.shipper("v1.1.0").args(["deploy", "--poll-interval", "100ms"])).code(0);
    bed.plan(json!({"service": "acme-dev-app", "mode": "reads", "steps": 5}));
    bed.clear_requests();
    run(ex.shipper("v1.2.0").arg("deploy")).code(0);
    let requests = bed.requests();
    let update = requests.iter().position(|r| r.action == "UpdateService").unwrap();
    assert_eq!(
        status_reads(&requests[update..]),
        [
            "DescribeServiceDeployments",
            "DescribeServiceDeployments",
            "DescribeServiceDeployments",
            "DescribeServiceDeployments",
            "DescribeServiceDeployments",
            "DescribeServices",
        ],
        "five steps, one read each, and the verdict's fresh service read"
    );
}
