//! `shipper init` from what runs, checked by diffing the written files against it.

use super::bed::Bed;
use super::project::{Project, no_crash};
use super::shipper::{Run, run};

/// Runs `shipper init` for the service `p`'s config names, in a fresh directory, with `extra`
/// arguments; returns the new project and the run.
pub fn init(p: &Project, extra: &[&str]) -> (Project, Run) {
    let config = p.run(&["render", "config"]).code(0).json();
    let (cluster, service) =
        (config["cluster"].as_str().unwrap(), config["service"].as_str().unwrap());
    let fresh = p.sibling();
    let mut args = vec!["init", "--service", service, "--cluster", cluster];
    args.extend_from_slice(extra);
    let r = run(&mut fresh.bare(&args));
    no_crash(&r);
    (fresh, r)
}

/// `init` then `diff --exit-code` in the written project: exit 0, nothing on stdout, and only
/// reads sent by either.
#[track_caller]
pub fn round_trips(p: &Project, bed: &Bed) {
    bed.clear_requests();
    let (fresh, r) = init(p, &[]);
    r.code(0).stderr_has("wrote shipper.yml, ecs-task-def.json, ecs-service-def.json");
    let diff = run(&mut fresh.bare(&["diff", "--exit-code"]));
    assert_eq!(
        diff.code,
        0,
        "init → diff is clean\n--- diff\n{}{}\n--- task definition\n{}\n--- service\n{}",
        diff.stdout,
        diff.stderr,
        fresh.read("ecs-task-def.json"),
        fresh.read("ecs-service-def.json")
    );
    for request in bed.requests() {
        assert!(
            ["Describe", "List", "Get"].iter().any(|read| request.action.starts_with(read)),
            "init/diff only read, yet sent {}:{}",
            request.service,
            request.action
        );
    }
}
