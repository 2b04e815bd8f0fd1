//! What a command has written to AWS so far, so an interruption can say exactly what it left.
//!
//! A deploy interrupted between its writes leaves real state behind: a revision registered and
//! unused, or an UpdateService that landed and started a deployment. `apply` records each write
//! before and after it is sent; when SIGINT or SIGTERM arrives, [`crate::interrupt`] reads the
//! journal, checks the one write whose fate is unknown (an UpdateService in flight) and tells the
//! user what happened and which command continues from there.

use std::sync::Mutex;

/// One write, in flight or done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Write {
    /// RegisterTaskDefinition for this family was sent; no answer yet.
    Registering(String),
    /// This revision (ARN) was registered.
    Registered(String),
    /// UpdateService/CreateService for `service` with `task_definition` was sent; no answer yet.
    /// `known`: the service's deployment ids before it, so a check can tell a new one.
    Updating { cluster: String, service: String, task_definition: String, known: Vec<String> },
    /// The update landed; a deployment of `task_definition` runs.
    Updated { service: String, task_definition: String },
    /// The deployment of `task_definition` finished; the gates of `pending` phases had not
    /// passed (not a write: where the deploy stands, for the interruption message).
    RolledOut { service: String, task_definition: String, pending: Vec<String> },
    /// CodeDeploy CreateDeployment in `group` (application/group) for `service` was sent; no
    /// answer yet.
    Creating { group: String, service: String, task_definition: String },
    /// CodeDeploy deployment `id` of `task_definition` to `service` was created.
    Created { id: String, service: String, task_definition: String },
    /// The auto scaling of `service` was suspended (`--suspend-auto-scaling`) and not resumed.
    Suspended { service: String },
}

#[derive(Debug, Default)]
pub struct Journal {
    writes: Mutex<Vec<Write>>,
}

impl Journal {
    pub fn record(&self, write: Write) {
        let mut writes = self.writes.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // An answer replaces its own "in flight" entry.
        match &write {
            Write::Registered(_) => writes.retain(|w| !matches!(w, Write::Registering(_))),
            Write::Updated { .. } => writes.retain(|w| !matches!(w, Write::Updating { .. })),
            Write::Created { .. } => writes.retain(|w| !matches!(w, Write::Creating { .. })),
            // Where the deploy stands replaces "a deployment is running".
            Write::RolledOut { .. } => {
                writes.retain(|w| !matches!(w, Write::Updated { .. } | Write::RolledOut { .. }));
            }
            _ => {}
        }
        writes.push(write);
    }

    pub fn writes(&self) -> Vec<Write> {
        self.writes.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// The update in flight failed, and a look at the service found no deployment it started.
    pub fn update_not_sent(&self) {
        self.writes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .retain(|w| !matches!(w, Write::Updating { .. }));
    }

    /// The revision registered and not (yet) sent with any update or deployment, if any.
    pub fn unused_revision(&self) -> Option<String> {
        let writes = self.writes();
        let used = writes.iter().any(|w| {
            !matches!(w, Write::Registering(_) | Write::Registered(_) | Write::Suspended { .. })
        });
        writes.into_iter().rev().find_map(|w| match w {
            Write::Registered(arn) if !used => Some(arn),
            _ => None,
        })
    }

    /// `error`, naming the revision registered and left unused (see [`Self::unused_revision`]).
    pub fn name_unused(&self, error: crate::error::Error) -> crate::error::Error {
        match self.unused_revision() {
            Some(arn) => error.detail(format!(
                "revision {} was registered and is unused: the next deploy of the same definition uses it rather than registering another",
                crate::ecs::short_name(&arn)
            )),
            None => error,
        }
    }

    /// Auto scaling was resumed: nothing is left suspended.
    pub fn scaling_resumed(&self) {
        self.writes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .retain(|w| !matches!(w, Write::Suspended { .. }));
    }

    /// `error`, saying that the service's auto scaling stays suspended, if this run suspended
    /// it and did not resume it.
    pub fn name_suspended(&self, error: crate::error::Error) -> crate::error::Error {
        match self.writes().into_iter().find_map(|w| match w {
            Write::Suspended { service } => Some(service),
            _ => None,
        }) {
            Some(service) => error.detail(suspended_line(&service)),
            None => error,
        }
    }

    /// The update whose fate an interruption left unknown, if any.
    pub fn update_in_flight(&self) -> Option<(String, String, Vec<String>)> {
        self.writes().into_iter().find_map(|w| match w {
            Write::Updating { cluster, service, known, .. } => Some((cluster, service, known)),
            _ => None,
        })
    }

    /// One line per write, in the words an interrupted user needs. `landed` is what a check made
    /// after the interruption found about an update in flight (`None`: not known).
    pub fn describe(&self, landed: Option<bool>) -> Vec<String> {
        let writes = self.writes();
        // A revision an update or deployment was sent with may be in use: "unused" only when
        // none was.
        let updated = writes.iter().any(|w| {
            !matches!(w, Write::Registering(_) | Write::Registered(_) | Write::Suspended { .. })
        });
        writes
            .iter()
            .map(|w| match w {
                Write::Registering(family) => format!(
                    "RegisterTaskDefinition for {family} was in flight: a new revision may exist and is unused (`shipper revisions` lists them)"
                ),
                Write::Registered(arn) if !updated => format!(
                    "revision {} was registered and is unused",
                    crate::ecs::short_name(arn)
                ),
                Write::Registered(arn) => {
                    format!("revision {} was registered", crate::ecs::short_name(arn))
                }
                Write::Updating { service, task_definition, .. } => match landed {
                    Some(true) => format!(
                        "the update of {service} was sent and landed: a deployment of {} is running",
                        crate::ecs::short_name(task_definition)
                    ),
                    // Not seen within the check: it may still arrive, so never "did not land".
                    Some(false) | None => format!(
                        "the update of {service} was in flight and may have landed (`shipper status` shows whether a deployment of {} started)",
                        crate::ecs::short_name(task_definition)
                    ),
                },
                Write::Updated { service, task_definition } => format!(
                    "the update was sent: a deployment of {} to {service} is running",
                    crate::ecs::short_name(task_definition)
                ),
                Write::RolledOut { service, task_definition, pending } => format!(
                    "the deployment of {} to {service} finished; its {} gates had not passed",
                    crate::ecs::short_name(task_definition),
                    pending.join(" and ")
                ),
                // CodeDeploy's answer may still come: never "was not created".
                Write::Creating { group, service, task_definition } => format!(
                    "CreateDeployment in {group} was in flight: a CodeDeploy deployment of {} to {service} may have started (`shipper status` shows it)",
                    crate::ecs::short_name(task_definition)
                ),
                Write::Created { id, service, task_definition } => format!(
                    "CodeDeploy deployment {id} of {} to {service} was created and is running",
                    crate::ecs::short_name(task_definition)
                ),
                Write::Suspended { service } => suspended_line(service),
            })
            .collect()
    }
}

fn suspended_line(service: &str) -> String {
    format!(
        "auto scaling of {service} was suspended (--suspend-auto-scaling) and stays suspended: `shipper scale --resume-auto-scaling` resumes it"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_replace_their_in_flight_entries() {
        let j = Journal::default();
        j.record(Write::Registering("web".into()));
        assert!(j.describe(None)[0].contains("was in flight"));
        j.record(Write::Registered("arn:aws:ecs:r:1:task-definition/web:7".into()));
        assert_eq!(j.describe(None), ["revision web:7 was registered and is unused"]);
        j.record(Write::Updating {
            cluster: "c".into(),
            service: "web".into(),
            task_definition: "arn:aws:ecs:r:1:task-definition/web:7".into(),
            known: vec!["ecs-svc/1".into()],
        });
        assert!(j.update_in_flight().is_some());
        assert_eq!(
            j.describe(Some(true)),
            [
                "revision web:7 was registered",
                "the update of web was sent and landed: a deployment of web:7 is running"
            ]
        );
        j.record(Write::Updated {
            service: "web".into(),
            task_definition: "arn:aws:ecs:r:1:task-definition/web:7".into(),
        });
        assert!(j.update_in_flight().is_none());
    }

    #[test]
    fn a_codedeploy_deployment_is_journalled_in_flight_then_created() {
        let j = Journal::default();
        j.record(Write::Registered("arn:aws:ecs:r:1:task-definition/web:8".into()));
        j.record(Write::Creating {
            group: "app/web".into(),
            service: "web".into(),
            task_definition: "arn:aws:ecs:r:1:task-definition/web:8".into(),
        });
        assert_eq!(
            j.describe(None),
            [
                "revision web:8 was registered",
                "CreateDeployment in app/web was in flight: a CodeDeploy deployment of web:8 to web may have started (`shipper status` shows it)"
            ]
        );
        j.record(Write::Created {
            id: "d-1".into(),
            service: "web".into(),
            task_definition: "arn:aws:ecs:r:1:task-definition/web:8".into(),
        });
        assert_eq!(
            j.describe(None),
            [
                "revision web:8 was registered",
                "CodeDeploy deployment d-1 of web:8 to web was created and is running"
            ]
        );
    }
}
