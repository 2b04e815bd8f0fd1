//! Which rollout a service uses, chosen from the service (never guessed), and what the plan
//! refuses before any write: gates at a phase the strategy does not have, a missing PAUSE hook
//! for a gate, a load balancer without blue/green's advanced configuration, an EXTERNAL
//! controller. How each strategy is followed is [`crate::strategy`]'s.

use std::path::Path;

use aws_sdk_ecs::types::Service;
use serde_json::{Value, json};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::gates::{Gates, Phase};
use crate::model::ServiceDefinition;

/// The rollout a service uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    Rolling,
    BlueGreen,
    Linear,
    Canary,
    CodeDeploy,
    External,
}

impl Strategy {
    /// From a service definition (the rendered file, or the running service as a definition).
    pub fn of_definition(def: &Value) -> Self {
        match def.pointer("/deploymentController/type").and_then(Value::as_str) {
            Some("CODE_DEPLOY") => return Self::CodeDeploy,
            Some("EXTERNAL") => return Self::External,
            _ => {}
        }
        match def.pointer("/deploymentConfiguration/strategy").and_then(Value::as_str) {
            Some("BLUE_GREEN") => Self::BlueGreen,
            Some("LINEAR") => Self::Linear,
            Some("CANARY") => Self::Canary,
            _ => Self::Rolling,
        }
    }

    pub fn of_service(service: &Service) -> Self {
        Self::of_definition(&crate::model::ser::to_value(service))
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Rolling => "ROLLING",
            Self::BlueGreen => "BLUE_GREEN",
            Self::Linear => "LINEAR",
            Self::Canary => "CANARY",
            Self::CodeDeploy => "CODE_DEPLOY",
            Self::External => "EXTERNAL",
        }
    }

    pub fn staged(self) -> bool {
        matches!(self, Self::BlueGreen | Self::Linear | Self::Canary)
    }

    /// The phases at which gates can run under this strategy.
    pub fn phases(self) -> &'static [Phase] {
        match self {
            Self::Rolling => &[Phase::Production, Phase::Bake],
            Self::BlueGreen => &[Phase::Test, Phase::Production, Phase::Bake],
            Self::Linear | Self::Canary => {
                &[Phase::Test, Phase::Production, Phase::Steps, Phase::Bake]
            }
            Self::CodeDeploy => &[Phase::Test, Phase::Production, Phase::Bake],
            Self::External => &[],
        }
    }

    /// What a deployment needs of the service beyond the strategy's rules for its gates (those
    /// are [`Self::check`]'s): a CodeDeploy deployment, the load balancer its AppSpec's
    /// LoadBalancerInfo names. Checked by `deploy` before any write, not when a definition is
    /// rendered: ecspresso renders and diffs a CODE_DEPLOY service without one (its README's
    /// example has none), and `appspec` and `rollback` read it from the running service.
    pub fn check_deployable(self, def: &Value, file: &str) -> Result<()> {
        if self == Self::CodeDeploy {
            let lb = def.pointer("/loadBalancers/0");
            if lb.and_then(|l| l.get("containerName")).is_none()
                || lb.and_then(|l| l.get("containerPort")).is_none()
            {
                return Err(Error::new(format!(
                    "{file}: a CodeDeploy deployment needs loadBalancers[0] with containerName and containerPort: the AppSpec's LoadBalancerInfo comes from it"
                ))
                .hint("add the service's load balancer to the service definition (render and diff work without it; deploy cannot)"));
            }
        }
        Ok(())
    }

    /// Checks, before any write, that the service (as it will be: `def`) can run this strategy
    /// with these gates. `file` names the definition in messages.
    pub fn check(self, def: &Value, gates: &Gates, file: &str) -> Result<()> {
        if self == Self::External {
            return Err(Error::new(format!(
                "{file}: the service uses deploymentController EXTERNAL: its task sets are managed outside ECS, and shipper does not deploy it"
            )));
        }
        for gate in &gates.checks {
            if let Some(phase) = gate.phases.iter().find(|p| !self.phases().contains(p)) {
                return Err(Error::new(format!(
                    "gate `{}` runs at the {} phase, which a {} deployment does not have",
                    gate.name,
                    phase.name(),
                    self.name()
                ))
                .hint(match self {
                    Self::Rolling => "a rolling deployment has `production` (once it is stable) and `bake`; use blue/green for `test`",
                    Self::CodeDeploy => "CodeDeploy shifts traffic by its deployment config: gates run at the ready wait (`test`) and during the termination wait (`production`, `bake`)",
                    _ => "`steps` exists only for LINEAR and CANARY",
                }));
            }
        }
        self.check_compare(def, gates, file)?;
        if !self.staged() {
            return Ok(());
        }
        for (i, lb) in
            def.get("loadBalancers").and_then(Value::as_array).into_iter().flatten().enumerate()
        {
            if lb.get("targetGroupArn").is_none() {
                continue;
            }
            let advanced = lb.get("advancedConfiguration");
            for key in ["alternateTargetGroupArn", "productionListenerRule", "roleArn"] {
                if advanced.and_then(|a| a.get(key)).is_none() {
                    return Err(Error::new(format!(
                        "{file}: loadBalancers[{i}].advancedConfiguration.{key} is missing: a {} deployment needs the alternate target group, the production listener rule and the infrastructure role",
                        self.name()
                    ))
                    .hint("see AWS's \"Amazon ECS blue/green deployments\" guide; ECS refuses the update without them"));
                }
            }
            if gates.has(Phase::Test) && advanced.and_then(|a| a.get("testListenerRule")).is_none()
            {
                return Err(Error::new(format!(
                    "{file}: loadBalancers[{i}].advancedConfiguration.testListenerRule is missing, but gates run at the test phase"
                ))
                .hint("add a test listener rule so green receives test traffic before production traffic moves"));
            }
        }
        for (phase, stage) in [
            (Phase::Test, "POST_TEST_TRAFFIC_SHIFT"),
            (Phase::Production, "POST_PRODUCTION_TRAFFIC_SHIFT"),
        ] {
            let names: Vec<&str> = gates.for_phase(phase).map(|g| g.name.as_str()).collect();
            if !names.is_empty() && !pauses_at(def, stage) {
                return Err(Error::new(format!(
                    "{file}: gate(s) {} run at the {} phase, but the service has no PAUSE lifecycle hook on {stage}",
                    names.join(", "),
                    phase.name()
                ))
                .hint(format!(
                    "add to deploymentConfiguration.lifecycleHooks: {{\"targetType\": \"PAUSE\", \"lifecycleStages\": [\"{stage}\"], \"timeoutConfiguration\": {{\"timeoutInMinutes\": 60, \"action\": \"ROLLBACK\"}}}} — shipper answers it once the gates pass"
                )));
            }
        }
        Ok(())
    }
}

/// Whether the definition declares a PAUSE hook on `stage`.
pub fn pauses_at(def: &Value, stage: &str) -> bool {
    def.pointer("/deploymentConfiguration/lifecycleHooks")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|h| {
            h.get("targetType").and_then(Value::as_str) == Some("PAUSE")
                && h.get("lifecycleStages")
                    .and_then(Value::as_array)
                    .is_some_and(|s| s.iter().any(|x| x.as_str() == Some(stage)))
        })
}

/// The plan's words for strategy and gates, each a verb phrase (the dry run prints them after
/// "would").
pub fn describe(strategy: Strategy, gates: &Gates) -> Vec<String> {
    let mut lines = vec![format!("roll out with strategy {}", strategy.name())];
    for phase in [Phase::Test, Phase::Production, Phase::Steps, Phase::Bake] {
        let names: Vec<String> = gates.for_phase(phase).map(|g| g.name.clone()).collect();
        if !names.is_empty() && strategy.phases().contains(&phase) {
            lines.push(format!("run gates at the {} phase: {}", phase.name(), names.join(", ")));
        }
    }
    lines
}

pub fn to_json(strategy: Strategy, gates: &Gates) -> Value {
    let phases: serde_json::Map<String, Value> =
        [Phase::Test, Phase::Production, Phase::Steps, Phase::Bake]
            .iter()
            .filter(|p| gates.has(**p))
            .map(|p| {
                (
                    p.name().to_string(),
                    json!(gates.for_phase(*p).map(|g| g.name.clone()).collect::<Vec<_>>()),
                )
            })
            .collect();
    json!({"name": strategy.name(), "gates": phases})
}

/// The plan's rules for a rendered service definition, checked before any AWS call (see
/// [`crate::render::Inputs::check`]).
pub fn check_definition(def: &ServiceDefinition, config: &Config, path: &Path) -> Result<()> {
    Strategy::of_definition(&def.json).check(&def.json, &config.gates, &path.display().to_string())
}

impl Strategy {
    /// Comparative gates need two live series: ECS-native blue/green with a load balancer whose
    /// target groups hold green and blue, blue still serving when green is compared with it at
    /// the same time, and settings that make sense. Refused before any write, naming the gate.
    fn check_compare(self, def: &Value, gates: &Gates, file: &str) -> Result<()> {
        for gate in &gates.checks {
            let crate::gates::Kind::Compare(spec) = &gate.kind else { continue };
            let refuse = |why: String| Error::new(format!("gate `{}`: {why}", gate.name));
            if let Some(problem) = crate::gates::compare::problem(spec) {
                return Err(
                    refuse(problem).hint("see the README's \"Comparative gates\" for the keys")
                );
            }
            if !self.staged() {
                return Err(refuse(format!(
                    "a {} deployment does not run green next to blue behind one load balancer, so there is no blue to compare with",
                    self.name()
                ))
                .hint("comparative gates run with deploymentConfiguration.strategy BLUE_GREEN, LINEAR or CANARY"));
            }
            let paired =
                def.get("loadBalancers").and_then(Value::as_array).into_iter().flatten().any(
                    |lb| lb.pointer("/advancedConfiguration/alternateTargetGroupArn").is_some(),
                );
            if !paired {
                return Err(refuse(format!(
                    "{file} has no load balancer with target groups for green and blue (loadBalancers[].targetGroupArn and advancedConfiguration.alternateTargetGroupArn): there is nothing to compare"
                )));
            }
            let against_blue = spec.against == crate::config::gates::Against::Blue;
            let late = [Phase::Production, Phase::Bake];
            if against_blue && let Some(phase) = gate.phases.iter().find(|p| late.contains(p)) {
                return Err(refuse(format!(
                    "`against: blue` at the {} phase: by then production traffic has all moved to green and blue serves nothing",
                    phase.name()
                ))
                .hint("use `against: before` (green now against blue's own series before the shift), or `phase: steps` on a LINEAR or CANARY service"));
            }
            if !against_blue && gate.phases.contains(&Phase::Test) {
                return Err(refuse("`against: before` at the test phase: production traffic has not moved yet, so there is no \"before\"".into())
                    .hint("use `against: blue` at the test phase (green's test traffic against blue's production traffic)"));
            }
        }
        Ok(())
    }
}
