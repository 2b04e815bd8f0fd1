//! The auto scaling side of `deploy` and `scale`, with ecspresso's semantics: the scalable
//! target's min/max and suspension are changed before the service is updated, scaling is
//! resumed after a successful rollout only when asked (`--resume-auto-scaling`), and a deploy
//! that fails leaves it suspended and says so. Every flag is checked against the scalable
//! target before any write: a service without one refuses them.

use serde_json::json;

use crate::autoscaling::{self, Change, Suspended, Target};
use crate::aws::Clients;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::journal::Write;

/// The change asked for, and the target it applies to.
pub struct Scaling {
    pub change: Change,
    pub target: Target,
    service: String,
}

/// Reads the service's scalable target for `change` (nothing when no flag was given); refuses
/// the flags when the service has none, and a min above the max.
pub async fn prepare(
    clients: &Clients,
    cluster: &str,
    service: &str,
    exists: bool,
    change: Change,
) -> Result<Option<Scaling>> {
    if change.is_empty() {
        return Ok(None);
    }
    let target = match exists {
        true => autoscaling::target(clients, cluster, service).await?,
        false => None,
    };
    let Some(target) = target else {
        return Err(Error::new(format!(
            "service {service} has no Application Auto Scaling target: {} has nothing to act on",
            change.flags()
        ))
        .hint(format!(
            "register one for {} (Terraform's aws_appautoscaling_target, or `aws application-autoscaling register-scalable-target`), or leave the flags out",
            autoscaling::resource_id(cluster, service)
        )));
    };
    let (min, max) = (change.min.unwrap_or(target.min), change.max.unwrap_or(target.max));
    if min > max {
        return Err(Error::new(format!(
            "auto scaling min {min} is above its max {max} (service {service})"
        ))
        .hint("pass --auto-scaling-min and --auto-scaling-max with min ≤ max"));
    }
    Ok(Some(Scaling { change, target, service: service.to_string() }))
}

/// [`prepare`] for a deploy of `plan`, refusing a `--tasks` scaling would undo.
pub async fn for_deploy(
    clients: &Clients,
    plan: &crate::deploy::Plan,
    exists: bool,
    request: &crate::deploy::Request,
) -> Result<Option<Scaling>> {
    let scaling =
        prepare(clients, &plan.cluster, &plan.service, exists, request.auto_scaling).await?;
    if let Some(scaling) = &scaling {
        scaling.check_count(request.desired_count)?;
    }
    Ok(scaling)
}

impl Scaling {
    /// The min and max once the change is made.
    pub fn bounds(&self) -> (i32, i32) {
        (self.change.min.unwrap_or(self.target.min), self.change.max.unwrap_or(self.target.max))
    }

    /// Whether scaling is suspended once the change is made (before any resume).
    pub fn suspended_after(&self) -> bool {
        self.change.suspend || (self.target.suspended.any() && !self.change.resume)
    }

    /// Refuses a desired count auto scaling would undo at once: outside min..max while scaling
    /// is not suspended.
    pub fn check_count(&self, desired: Option<i32>) -> Result<()> {
        let (min, max) = self.bounds();
        match desired {
            Some(n) if (n < min || n > max) && !self.suspended_after() => Err(Error::new(format!(
                "--tasks {n} is outside the auto scaling range of {} (min {min}, max {max}): auto scaling would scale it back",
                self.service
            ))
            .hint("widen the range (--auto-scaling-min/--auto-scaling-max) or pass --suspend-auto-scaling")),
            _ => Ok(()),
        }
    }

    /// What will happen, in plan order (`would …` in a dry run).
    pub fn describe(&self, resume_when: &str) -> Vec<String> {
        let t = &self.target;
        let mut lines = Vec::new();
        if self.change.min.is_some() || self.change.max.is_some() {
            let (min, max) = self.bounds();
            lines.push(format!(
                "set auto scaling of {} to min {min}, max {max} (now min {}, max {})",
                self.service, t.min, t.max
            ));
        }
        if self.change.suspend {
            lines.push(format!(
                "suspend auto scaling of {} (scale-in, scale-out, scheduled; suspended now: {})",
                self.service,
                t.suspended.describe()
            ));
        }
        if self.change.resume {
            lines.push(format!("resume auto scaling of {} {resume_when}", self.service));
        }
        lines
    }

    pub fn to_json(&self) -> serde_json::Value {
        let (min, max) = self.bounds();
        json!({
            "target": self.target.to_json(),
            "min": min,
            "max": max,
            "suspend": self.change.suspend,
            "resume": self.change.resume,
        })
    }

    /// Min/max and the suspension, before the service is updated.
    pub async fn before(&self, ctx: &Context, clients: &Clients) -> Result<()> {
        let Change { suspend, min, max, .. } = self.change;
        if !suspend && min.is_none() && max.is_none() {
            return Ok(());
        }
        let suspended = suspend.then(|| Suspended::all(true));
        autoscaling::update(clients, &self.target, min, max, suspended).await?;
        if min.is_some() || max.is_some() {
            let (min, max) = self.bounds();
            ctx.out.success(&format!("auto scaling of {}: min {min}, max {max}", self.service));
        }
        if suspend {
            ctx.journal.record(Write::Suspended { service: self.service.clone() });
            ctx.out.success(&format!("suspended auto scaling of {}", self.service));
        }
        Ok(())
    }

    /// Resumes scaling if asked; after a successful rollout (or at once, in `scale` without
    /// `--tasks`).
    pub async fn resume(&self, ctx: &Context, clients: &Clients) -> Result<()> {
        if !self.change.resume {
            return Ok(());
        }
        autoscaling::update(clients, &self.target, None, None, Some(Suspended::all(false))).await?;
        ctx.journal.scaling_resumed();
        ctx.out.success(&format!("resumed auto scaling of {}", self.service));
        Ok(())
    }
}
