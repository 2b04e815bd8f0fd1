//! Application Auto Scaling of a service's desired count: its scalable target (min, max, what is
//! suspended) and scaling policies, read and changed. The commands decide when (`deploy
//! --suspend-auto-scaling`, `scale --auto-scaling-min`); this module only talks to the API.

use aws_sdk_applicationautoscaling::types::{ScalableDimension, ServiceNamespace, SuspendedState};
use serde_json::json;

use crate::aws::Clients;
use crate::error::{Error, Result};

/// What ECS services scale: the desired count.
fn dimension() -> ScalableDimension {
    ScalableDimension::EcsServiceDesiredCount
}

/// The scalable target's id for an ECS service: `service/<cluster>/<service>`.
pub fn resource_id(cluster: &str, service: &str) -> String {
    format!("service/{cluster}/{service}")
}

/// A service's scalable target as Application Auto Scaling reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub resource_id: String,
    pub min: i32,
    pub max: i32,
    pub suspended: Suspended,
}

/// Which kinds of scaling are suspended (`SuspendedState`; absent members are false).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Suspended {
    pub dynamic_scaling_in: bool,
    pub dynamic_scaling_out: bool,
    pub scheduled_scaling: bool,
}

impl Suspended {
    /// All three suspended (`true`) or resumed (`false`), as ecspresso sets them.
    pub fn all(on: bool) -> Self {
        Self { dynamic_scaling_in: on, dynamic_scaling_out: on, scheduled_scaling: on }
    }

    pub fn any(self) -> bool {
        self.dynamic_scaling_in || self.dynamic_scaling_out || self.scheduled_scaling
    }

    /// `no`, `yes`, or which of the three are (`scale-in, scheduled`).
    pub fn describe(self) -> String {
        if self == Self::all(true) {
            return "yes".into();
        }
        let parts: Vec<&str> = [
            (self.dynamic_scaling_in, "scale-in"),
            (self.dynamic_scaling_out, "scale-out"),
            (self.scheduled_scaling, "scheduled"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect();
        if parts.is_empty() { "no".into() } else { parts.join(", ") }
    }

    fn to_sdk(self) -> SuspendedState {
        SuspendedState::builder()
            .dynamic_scaling_in_suspended(self.dynamic_scaling_in)
            .dynamic_scaling_out_suspended(self.dynamic_scaling_out)
            .scheduled_scaling_suspended(self.scheduled_scaling)
            .build()
    }
}

impl Target {
    pub fn to_json(&self) -> serde_json::Value {
        json!({
            "resource_id": self.resource_id,
            "min": self.min,
            "max": self.max,
            "suspended": self.suspended,
        })
    }
}

/// A scaling policy, summarised: `cpu-60 (TargetTrackingScaling: ECSServiceAverageCPUUtilization at 60)`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Policy {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// Target tracking: the metric and the value it keeps.
    pub metric: Option<String>,
    pub target_value: Option<f64>,
}

impl Policy {
    pub fn describe(&self) -> String {
        match (&self.metric, self.target_value) {
            (Some(metric), Some(value)) => {
                format!("{} ({}: {metric} at {value})", self.name, self.kind)
            }
            _ => format!("{} ({})", self.name, self.kind),
        }
    }
}

/// The service's scalable target, or `None` when auto scaling does not manage it.
pub async fn target(clients: &Clients, cluster: &str, service: &str) -> Result<Option<Target>> {
    let id = resource_id(cluster, service);
    let out = clients
        .autoscaling
        .describe_scalable_targets()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_ids(&id)
        .scalable_dimension(dimension())
        .send()
        .await
        .map_err(|e| Error::aws("application-autoscaling:DescribeScalableTargets", &id, e))?;
    Ok(out.scalable_targets().iter().find(|t| t.resource_id() == id).map(|t| {
        let state = t.suspended_state();
        Target {
            resource_id: id.clone(),
            min: t.min_capacity(),
            max: t.max_capacity(),
            suspended: Suspended {
                dynamic_scaling_in: state.and_then(|s| s.dynamic_scaling_in_suspended())
                    == Some(true),
                dynamic_scaling_out: state.and_then(|s| s.dynamic_scaling_out_suspended())
                    == Some(true),
                scheduled_scaling: state.and_then(|s| s.scheduled_scaling_suspended())
                    == Some(true),
            },
        }
    }))
}

/// The service's scaling policies (the first page: up to 50, far more than a service has).
pub async fn policies(clients: &Clients, cluster: &str, service: &str) -> Result<Vec<Policy>> {
    let id = resource_id(cluster, service);
    let out = clients
        .autoscaling
        .describe_scaling_policies()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id(&id)
        .scalable_dimension(dimension())
        .send()
        .await
        .map_err(|e| Error::aws("application-autoscaling:DescribeScalingPolicies", &id, e))?;
    Ok(out
        .scaling_policies()
        .iter()
        .map(|p| {
            let tracking = p.target_tracking_scaling_policy_configuration();
            Policy {
                name: p.policy_name().to_string(),
                kind: p.policy_type().as_str().to_string(),
                metric: tracking.and_then(|t| t.predefined_metric_specification()).map_or_else(
                    || {
                        tracking
                            .and_then(|t| t.customized_metric_specification())
                            .and_then(|c| c.metric_name())
                            .map(ToString::to_string)
                    },
                    |m| Some(m.predefined_metric_type().as_str().to_string()),
                ),
                target_value: tracking.map(|t| t.target_value()),
            }
        })
        .collect())
}

/// Changes the scalable target: min and max where given, the suspended state where given
/// (RegisterScalableTarget updates an existing target, leaving what is not sent as it is).
pub async fn update(
    clients: &Clients,
    target: &Target,
    min: Option<i32>,
    max: Option<i32>,
    suspended: Option<Suspended>,
) -> Result<()> {
    clients
        .autoscaling
        .register_scalable_target()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id(&target.resource_id)
        .scalable_dimension(dimension())
        .set_min_capacity(min)
        .set_max_capacity(max)
        .set_suspended_state(suspended.map(Suspended::to_sdk))
        .send()
        .await
        .map_err(|e| {
            Error::aws("application-autoscaling:RegisterScalableTarget", &target.resource_id, e)
        })?;
    Ok(())
}

/// What a command was asked to do to the scalable target (`--suspend-auto-scaling`,
/// `--resume-auto-scaling`, `--auto-scaling-min`, `--auto-scaling-max`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Change {
    pub suspend: bool,
    pub resume: bool,
    pub min: Option<i32>,
    pub max: Option<i32>,
}

impl Change {
    pub fn is_empty(self) -> bool {
        self == Self::default()
    }

    /// The flags given, as typed: for messages.
    pub fn flags(self) -> String {
        let mut flags = Vec::new();
        if self.suspend {
            flags.push("--suspend-auto-scaling".to_string());
        }
        if self.resume {
            flags.push("--resume-auto-scaling".to_string());
        }
        if let Some(min) = self.min {
            flags.push(format!("--auto-scaling-min {min}"));
        }
        if let Some(max) = self.max {
            flags.push(format!("--auto-scaling-max {max}"));
        }
        flags.join(" ")
    }
}
