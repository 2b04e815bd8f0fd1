//! The verdict: what a read of the service and of its service deployment say about how a
//! deployment ended. Pure functions of ECS's answers, so every rule is a unit test.

use aws_sdk_ecs::types::{Deployment, Service, ServiceDeployment, ServiceDeploymentStatus};

use super::Outcome;
use crate::ecs;

/// What [`judge`] found.
#[derive(Debug)]
pub enum Judged {
    Ended(Outcome),
    /// Nothing to say yet.
    NotYet,
    /// The service still shows a STOPPED deployment as PRIMARY: read it again before judging.
    LookAgain,
}

impl From<Option<Outcome>> for Judged {
    fn from(outcome: Option<Outcome>) -> Self {
        outcome.map_or(Self::NotYet, Self::Ended)
    }
}

/// The verdict on a finished deployment `sd`, from a service read taken after it finished:
/// the service must end on `target`. `expect_rollback`: the deployment is being rolled back on
/// purpose, so its rollback succeeding is the success. `looked_again`: a STOPPED deployment was
/// judged once already against a service read that still showed it as PRIMARY.
pub fn judge(
    service: &Service,
    sd: &ServiceDeployment,
    target: &str,
    expect_rollback: bool,
    looked_again: bool,
) -> Judged {
    let status = sd.status().map_or("UNKNOWN", ServiceDeploymentStatus::as_str);
    let failed = |rolled_back: bool, what: &str| Outcome::Failed {
        rolled_back,
        summary: what.to_string(),
        deployment: Some(Box::new(sd.clone())),
    };
    let settled = settled_on(service, target);
    match sd.status() {
        Some(ServiceDeploymentStatus::Successful) if expect_rollback => {
            Judged::Ended(failed(false, "the deployment completed before it could be rolled back"))
        }
        Some(ServiceDeploymentStatus::Successful) => {
            // SUCCESSFUL and the service agrees: one PRIMARY, on the target, all running.
            Judged::from(settled.then(|| Outcome::Succeeded(Box::new(service.clone()))))
        }
        Some(ServiceDeploymentStatus::RollbackSuccessful) if expect_rollback => {
            Judged::from(settled.then(|| Outcome::Succeeded(Box::new(service.clone()))))
        }
        Some(ServiceDeploymentStatus::RollbackSuccessful) => {
            Judged::Ended(failed(true, "the deployment failed and ECS rolled the service back"))
        }
        Some(ServiceDeploymentStatus::RollbackFailed) => {
            Judged::Ended(failed(false, "the deployment failed and ECS could not roll it back"))
        }
        Some(ServiceDeploymentStatus::Stopped)
            if let Some(newer) = superseding(service, sd, target) =>
        {
            Judged::Ended(Outcome::Superseded { by: newer })
        }
        // The service still shows this deployment as PRIMARY although it was read after the
        // stop: ECS has not caught up yet. Look once more (the next read shows whose update
        // stopped it) before judging.
        Some(ServiceDeploymentStatus::Stopped)
            if !looked_again
                && primary(service).and_then(Deployment::task_definition) == Some(target) =>
        {
            Judged::LookAgain
        }
        Some(ServiceDeploymentStatus::Stopped) => {
            let back = primary(service).and_then(Deployment::task_definition) != Some(target);
            Judged::Ended(failed(
                back,
                match back {
                    true => {
                        "the deployment was stopped and the service returned to its previous revision"
                    }
                    false => "the deployment was stopped; the service was not rolled back",
                },
            ))
        }
        _ => {
            tracing::trace!("deployment {status}");
            Judged::NotYet
        }
    }
}

/// Without the service deployment API: judge from the service's deployments (the service
/// must end on `target`).
pub fn judge_legacy(service: &Service, target: &str) -> Option<Outcome> {
    if settled_on(service, target) {
        return Some(Outcome::Succeeded(Box::new(service.clone())));
    }
    let ours = service.deployments().iter().find(|d| d.task_definition() == Some(target));
    let failed = ours.is_some_and(|d| d.rollout_state().map(|s| s.as_str()) == Some("FAILED"));
    let primary_td = primary(service).and_then(Deployment::task_definition);
    let back = primary_td.is_some_and(|td| td != target);
    if back && service.deployments().len() == 1 {
        return Some(Outcome::Failed {
            rolled_back: true,
            summary: "the deployment failed and ECS rolled the service back".into(),
            deployment: None,
        });
    }
    if failed && !back && !circuit_breaker_rolls_back(service) {
        return Some(Outcome::Failed {
            rolled_back: false,
            summary:
                "the deployment failed (circuit breaker) and stays failed: rollback is not enabled"
                    .into(),
            deployment: None,
        });
    }
    None
}

/// A deployment of the service newer than `sd` that is not a rollback to where `sd` came from:
/// the one that superseded it.
pub fn superseding(service: &Service, sd: &ServiceDeployment, target: &str) -> Option<String> {
    // A rollback of this deployment (by ECS or `shipper rollback`) is not someone else's update.
    if sd.rollback().is_some() {
        return None;
    }
    // The service's PRIMARY deployment, on another revision, started no earlier than this one
    // (timestamps may have whole-second resolution, so "no earlier", not "later").
    let started = sd.created_at().or(sd.started_at())?.secs();
    let newer = primary(service).filter(|d| {
        d.task_definition() != Some(target) && d.created_at().is_some_and(|t| t.secs() >= started)
    })?;
    Some(format!(
        "deployment {} of {}",
        newer.id().unwrap_or("?"),
        newer.task_definition().map(ecs::short_name).unwrap_or("?")
    ))
}

/// The deployment reached an end state: nothing more will happen to it.
pub fn finished(sd: &ServiceDeployment) -> bool {
    matches!(
        sd.status(),
        Some(
            ServiceDeploymentStatus::Successful
                | ServiceDeploymentStatus::RollbackSuccessful
                | ServiceDeploymentStatus::RollbackFailed
                | ServiceDeploymentStatus::Stopped
        )
    )
}

/// The service runs something other than `target` as PRIMARY, or ECS marked the rollout to
/// `target` FAILED: the deployment has something to say.
pub fn turned_back(service: &Service, target: &str) -> bool {
    let primary_td = primary(service).and_then(Deployment::task_definition);
    let failed = service.deployments().iter().any(|d| {
        d.task_definition() == Some(target)
            && d.rollout_state().is_some_and(|s| s.as_str() == "FAILED")
    });
    primary_td.is_some_and(|td| td != target) || failed
}

/// The new tasks are all running while older ones still drain: the end is near.
pub fn nearly_done(service: &Service, target: &str) -> bool {
    primary(service).is_some_and(|d| {
        d.task_definition() == Some(target)
            && d.desired_count() > 0
            && d.running_count() >= d.desired_count()
    })
}

/// The same, from the service deployment's own counts.
pub fn nearly_done_deployment(sd: &ServiceDeployment) -> bool {
    sd.target_service_revision().is_some_and(|t| {
        t.requested_task_count() > 0 && t.running_task_count() >= t.requested_task_count()
    })
}

pub fn primary(service: &Service) -> Option<&Deployment> {
    service.deployments().iter().find(|d| d.status() == Some("PRIMARY"))
}

/// One PRIMARY deployment, on `target`, with every desired task running.
pub fn settled_on(service: &Service, target: &str) -> bool {
    let [only] = service.deployments() else { return false };
    only.status() == Some("PRIMARY")
        && only.task_definition() == Some(target)
        && only.running_count() == only.desired_count()
        && service.running_count() == service.desired_count()
        && only.rollout_state().is_none_or(|s| s.as_str() == "COMPLETED")
}

pub fn circuit_breaker_rolls_back(service: &Service) -> bool {
    service
        .deployment_configuration()
        .and_then(|c| c.deployment_circuit_breaker())
        .is_some_and(|cb| cb.enable() && cb.rollback())
}

#[cfg(test)]
mod tests {
    use aws_sdk_ecs::types::{
        DeploymentCircuitBreaker, DeploymentConfiguration, DeploymentRolloutState, Rollback,
    };
    use aws_smithy_types::DateTime;

    use super::*;

    const NEW: &str = "arn:aws:ecs:ap-northeast-1:1:task-definition/web:5";
    const OLD: &str = "arn:aws:ecs:ap-northeast-1:1:task-definition/web:4";

    fn deployment(status: &str, td: &str, running: i32, desired: i32, at: i64) -> Deployment {
        Deployment::builder()
            .id(format!("ecs-svc/{at}"))
            .status(status)
            .task_definition(td)
            .running_count(running)
            .desired_count(desired)
            .created_at(DateTime::from_secs(at))
            .build()
    }

    fn service(deployments: Vec<Deployment>) -> Service {
        let running = deployments.iter().map(Deployment::running_count).sum();
        let desired = deployments.first().map_or(0, Deployment::desired_count);
        Service::builder()
            .set_deployments(Some(deployments))
            .running_count(running)
            .desired_count(desired)
            .build()
    }

    fn sd(status: ServiceDeploymentStatus) -> ServiceDeployment {
        ServiceDeployment::builder().status(status).created_at(DateTime::from_secs(100)).build()
    }

    fn ended(judged: Judged) -> Outcome {
        match judged {
            Judged::Ended(outcome) => outcome,
            other => panic!("expected an end, got {other:?}"),
        }
    }

    #[test]
    fn success_needs_the_service_settled_on_the_target() {
        let settled = service(vec![deployment("PRIMARY", NEW, 2, 2, 100)]);
        let ok = judge(&settled, &sd(ServiceDeploymentStatus::Successful), NEW, false, false);
        assert!(matches!(ended(ok), Outcome::Succeeded(_)));

        // SUCCESSFUL while old tasks still drain: not yet.
        let draining = service(vec![
            deployment("PRIMARY", NEW, 2, 2, 100),
            deployment("ACTIVE", OLD, 1, 0, 50),
        ]);
        let judged = judge(&draining, &sd(ServiceDeploymentStatus::Successful), NEW, false, false);
        assert!(matches!(judged, Judged::NotYet), "{judged:?}");
        assert!(!settled_on(&draining, NEW) && settled_on(&settled, NEW));
    }

    #[test]
    fn a_rollback_by_ecs_is_a_failure_and_a_rollback_on_purpose_a_success() {
        let back = service(vec![deployment("PRIMARY", OLD, 2, 2, 100)]);
        let rolled = sd(ServiceDeploymentStatus::RollbackSuccessful);
        match ended(judge(&back, &rolled, NEW, false, false)) {
            Outcome::Failed { rolled_back, summary, .. } => {
                assert!(rolled_back);
                assert!(summary.contains("ECS rolled the service back"), "{summary}");
            }
            other => panic!("{other:?}"),
        }
        // `shipper rollback` follows the deployment it rolls back, expecting its rollback.
        let expected = judge(&back, &rolled, OLD, true, false);
        assert!(matches!(ended(expected), Outcome::Succeeded(_)));
        let too_late = judge(&back, &sd(ServiceDeploymentStatus::Successful), OLD, true, false);
        assert!(matches!(ended(too_late), Outcome::Failed { rolled_back: false, .. }));
        let stuck = judge(&back, &sd(ServiceDeploymentStatus::RollbackFailed), NEW, false, false);
        assert!(matches!(ended(stuck), Outcome::Failed { rolled_back: false, .. }));
    }

    #[test]
    fn a_stop_is_read_again_once_then_told_by_whose_update_stopped_it() {
        let stopped = sd(ServiceDeploymentStatus::Stopped);
        // The service has not caught up: still PRIMARY on the target.
        let stale = service(vec![deployment("PRIMARY", NEW, 2, 2, 100)]);
        assert!(matches!(judge(&stale, &stopped, NEW, false, false), Judged::LookAgain));
        match ended(judge(&stale, &stopped, NEW, false, true)) {
            Outcome::Failed { rolled_back, summary, .. } => {
                assert!(!rolled_back);
                assert!(summary.contains("not rolled back"), "{summary}");
            }
            other => panic!("{other:?}"),
        }
        // Someone else's newer deployment took over.
        let newer = "arn:aws:ecs:ap-northeast-1:1:task-definition/web:6";
        let taken = service(vec![deployment("PRIMARY", newer, 2, 2, 101)]);
        match ended(judge(&taken, &stopped, NEW, false, false)) {
            Outcome::Superseded { by } => assert_eq!(by, "deployment ecs-svc/101 of web:6"),
            other => panic!("{other:?}"),
        }
        // A stop that is a rollback to where the deployment came from is not someone else's.
        let undone = ServiceDeployment::builder()
            .status(ServiceDeploymentStatus::Stopped)
            .created_at(DateTime::from_secs(100))
            .rollback(Rollback::builder().build())
            .build();
        let back = service(vec![deployment("PRIMARY", OLD, 2, 2, 101)]);
        let judged = ended(judge(&back, &undone, NEW, false, false));
        assert!(matches!(judged, Outcome::Failed { rolled_back: true, .. }), "{judged:?}");
    }

    #[test]
    fn without_the_service_deployment_api_the_service_alone_decides() {
        let settled = service(vec![deployment("PRIMARY", NEW, 2, 2, 100)]);
        assert!(matches!(judge_legacy(&settled, NEW), Some(Outcome::Succeeded(_))));
        let back = service(vec![deployment("PRIMARY", OLD, 2, 2, 100)]);
        assert!(matches!(
            judge_legacy(&back, NEW),
            Some(Outcome::Failed { rolled_back: true, .. })
        ));
        // The circuit breaker failed the rollout and will not roll back: failed for good.
        let failed = Deployment::builder()
            .status("PRIMARY")
            .task_definition(NEW)
            .running_count(0)
            .desired_count(2)
            .rollout_state(DeploymentRolloutState::Failed)
            .build();
        let mut stuck = service(vec![failed]);
        assert!(matches!(
            judge_legacy(&stuck, NEW),
            Some(Outcome::Failed { rolled_back: false, .. })
        ));
        // With rollback on, ECS is about to roll back: wait for it.
        stuck.deployment_configuration = Some(
            DeploymentConfiguration::builder()
                .deployment_circuit_breaker(
                    DeploymentCircuitBreaker::builder().enable(true).rollback(true).build(),
                )
                .build(),
        );
        assert!(judge_legacy(&stuck, NEW).is_none());
        assert!(turned_back(&stuck, NEW) && turned_back(&back, NEW) && !turned_back(&settled, NEW));
    }

    #[test]
    fn finished_and_nearly_done() {
        for status in [
            ServiceDeploymentStatus::Successful,
            ServiceDeploymentStatus::RollbackSuccessful,
            ServiceDeploymentStatus::RollbackFailed,
            ServiceDeploymentStatus::Stopped,
        ] {
            assert!(finished(&sd(status)));
        }
        assert!(!finished(&sd(ServiceDeploymentStatus::InProgress)));
        let near = service(vec![
            deployment("PRIMARY", NEW, 2, 2, 100),
            deployment("ACTIVE", OLD, 1, 0, 50),
        ]);
        assert!(nearly_done(&near, NEW) && !nearly_done(&near, OLD));
    }
}
