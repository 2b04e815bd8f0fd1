//! Which gates a deployment owes and has passed, kept where any later shipper process can read
//! it: a tag on the revision the deployment runs, `shipper:gates` = `<deployment id> <phase>…`,
//! each phase `name` (passed), `name:skipped` (let through by `continue --skip-gates`) or
//! `name:owed` (its gates have yet to pass), for example
//! `ecs-svc/4960213542958727382 test production:owed bake:owed`.
//!
//! A deploy interrupted while its gates ran (Ctrl-C, a cancelled CI job) leaves a deployment
//! that ECS may finish on its own. The next `wait` or `deploy` reads this record to tell which
//! gates that deployment still owes, and runs them (see `crate::strategy::owed`). A tag, not a
//! local file: the next command often runs on another machine. Only the newest deployment of a
//! revision is kept: a record naming another deployment says nothing of this one. Like the
//! secret record ([`crate::secrets::ENVIRONMENT_TAG`]), `diff` never shows it.

use aws_sdk_ecs::types::Tag;

use super::Phase;
use crate::aws::Clients;
use crate::error::{Error, Result};

pub const TAG: &str = "shipper:gates";

/// Where one deployment's phases stand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Passed {
    /// The ECS deployment id (`ecs-svc/…`).
    pub deployment: String,
    pub phases: Vec<(Phase, How)>,
}

/// Where a phase's gates stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// Yet to pass: the deployment passes through this phase.
    Owed,
    Passed,
    /// `continue --skip-gates`: a person verified it by hand.
    Skipped,
}

impl Passed {
    /// The record of `deployment` in the revision's tags, or an empty one.
    pub fn of(deployment: &str, tags: &[Tag]) -> Self {
        let value = tags.iter().find(|t| t.key() == Some(TAG)).and_then(Tag::value);
        match value.and_then(Self::parse) {
            Some(passed) if passed.deployment == deployment => passed,
            _ => Self { deployment: deployment.to_string(), phases: Vec::new() },
        }
    }

    fn parse(value: &str) -> Option<Self> {
        let mut words = value.split_whitespace();
        let deployment = words.next()?.to_string();
        let phases = words
            .filter_map(|word| {
                let (name, how) = match word.split_once(':') {
                    Some((name, "skipped")) => (name, How::Skipped),
                    Some((name, "owed")) => (name, How::Owed),
                    Some(_) => return None,
                    None => (word, How::Passed),
                };
                Phase::from_name(name).map(|phase| (phase, how))
            })
            .collect();
        Some(Self { deployment, phases })
    }

    fn value(&self) -> String {
        let mut value = self.deployment.clone();
        for (phase, how) in &self.phases {
            value.push(' ');
            value.push_str(phase.name());
            match how {
                How::Passed => {}
                How::Skipped => value.push_str(":skipped"),
                How::Owed => value.push_str(":owed"),
            }
        }
        value
    }

    /// Whether `phase`'s gates passed (or were skipped by hand).
    pub fn has(&self, phase: Phase) -> bool {
        self.phases.iter().any(|(p, how)| *p == phase && *how != How::Owed)
    }

    /// The phases noted as owed whose gates have not passed.
    pub fn owed(&self) -> Vec<Phase> {
        self.phases.iter().filter(|(_, how)| *how == How::Owed).map(|(p, _)| *p).collect()
    }

    /// Whether anything is noted for the deployment.
    pub fn is_empty(&self) -> bool {
        self.phases.is_empty()
    }

    /// Notes where `phases` stand and writes the record on `task_definition` (one TagResource).
    /// Owed never replaces passed.
    pub async fn note(
        &mut self,
        clients: &Clients,
        task_definition: &str,
        phases: &[Phase],
        how: How,
    ) -> Result<()> {
        let before = self.phases.clone();
        for phase in phases {
            match self.phases.iter_mut().find(|(p, _)| p == phase) {
                Some((_, now)) if *now == How::Owed || how != How::Owed => *now = how,
                Some(_) => {}
                None => self.phases.push((*phase, how)),
            }
        }
        if self.deployment.is_empty() || self.phases == before {
            return Ok(());
        }
        clients
            .ecs
            .tag_resource()
            .resource_arn(task_definition)
            .tags(Tag::builder().key(TAG).value(self.value()).build())
            .send()
            .await
            .map_err(|e| Error::aws("ecs:TagResource", task_definition, e))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_reads_back_and_names_its_deployment() {
        let passed = Passed {
            deployment: "ecs-svc/1".into(),
            phases: vec![
                (Phase::Test, How::Skipped),
                (Phase::Production, How::Passed),
                (Phase::Bake, How::Owed),
            ],
        };
        assert_eq!(passed.value(), "ecs-svc/1 test:skipped production bake:owed");
        assert!(passed.has(Phase::Test) && passed.has(Phase::Production));
        assert!(!passed.has(Phase::Bake) && passed.owed() == [Phase::Bake]);
        let tags = [Tag::builder().key(TAG).value(passed.value()).build()];
        assert_eq!(Passed::of("ecs-svc/1", &tags), passed);
        // Another deployment's record says nothing of this one.
        assert_eq!(Passed::of("ecs-svc/2", &tags).phases, []);
        assert!(Passed::of("ecs-svc/1", &[]).phases.is_empty());
    }
}
