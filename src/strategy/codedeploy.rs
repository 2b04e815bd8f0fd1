//! CODE_DEPLOY: the service's task definition changes only through a CodeDeploy deployment.
//!
//! A deploy registers the task definition as usual (only when it changed), sends UpdateService
//! only for what CodeDeploy leaves to ECS, then creates one CodeDeploy deployment whose AppSpec
//! ([`appspec`]) names the task definition, the service's first load balancer's container and
//! port, its platform version, network configuration and capacity provider strategy, plus the
//! config's `appspec:` (its `Hooks`), as ecspresso does. The deployment group comes from
//! `codedeploy:` (both names given: one GetDeploymentGroup, no scan) or is found by the group's
//! `ecsServices` (ListApplications / ListDeploymentGroups paged, BatchGetApplications /
//! BatchGetDeploymentGroups in chunks of 100). Everything that can refuse a deploy is read
//! before any write ([`prepare`]): the group, a deployment of it still in flight, and the
//! group's waits the gates need.
//!
//! shipper follows GetDeployment (status, lifecycle events and traffic from GetDeploymentTarget)
//! and acts at CodeDeploy's own waits:
//!
//! - at the ready wait (`deploymentReadyOption.actionOnTimeout: STOP_DEPLOYMENT`, status
//!   `Ready`: test traffic on green, production on blue) it runs the `test` gates, then
//!   ContinueDeployment(READY_WAIT); without test gates it waits for a person;
//! - once production traffic has shifted and CodeDeploy keeps blue for its termination wait
//!   (`instanceTerminationWaitTimeStarted`) it runs the `production` then `bake` gates, then
//!   ContinueDeployment(TERMINATION_WAIT) and follows to `Succeeded`; without those gates the
//!   deploy succeeds there and CodeDeploy ends the wait on its own schedule;
//! - a failing gate stops the deployment with StopDeployment(autoRollbackEnabled) and is
//!   followed until the rollback is done: exit 3 with the gate and its evidence. A deployment
//!   CodeDeploy failed is exit 3 with its `errorInformation`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use aws_sdk_codedeploy::types::{
    AppSpecContent, DeploymentInfo, DeploymentReadyAction, DeploymentStatus, DeploymentWaitType,
    RevisionLocation, RevisionLocationType,
};
use aws_sdk_ecs::types::Service;
use serde_json::{Map, Value, json};

use super::Followed;
use crate::aws::Clients;
use crate::config::Config;
use crate::context::Context;
use crate::error::{Error, Kind, Result};
use crate::gates::{Env, Gates, Phase, Verdict};
use crate::output::progress::Progress;
use crate::wait::Watch;

/// CodeDeploy's statuses of a deployment that has not ended.
pub const ACTIVE: [DeploymentStatus; 5] = [
    DeploymentStatus::Created,
    DeploymentStatus::Queued,
    DeploymentStatus::InProgress,
    DeploymentStatus::Ready,
    DeploymentStatus::Baking,
];

/// The deployment group that deploys a service, and what shipper needs to know of it.
#[derive(Debug, Clone)]
pub struct Group {
    pub application: String,
    pub name: String,
    /// `codedeploy.deployment_config_name`, else none (the group's own applies).
    pub config_name: Option<String>,
    /// The group stops at the ready wait (`actionOnTimeout: STOP_DEPLOYMENT`).
    pub ready_wait: bool,
    /// Minutes CodeDeploy keeps blue after the shift (0: none).
    pub termination_wait: i32,
}

impl Group {
    pub fn describe(&self) -> String {
        format!("{}/{}", self.application, self.name)
    }

    fn from_info(
        info: &aws_sdk_codedeploy::types::DeploymentGroupInfo,
        config_name: Option<String>,
    ) -> Self {
        let blue_green = info.blue_green_deployment_configuration();
        Self {
            application: info.application_name().unwrap_or_default().to_string(),
            name: info.deployment_group_name().unwrap_or_default().to_string(),
            config_name,
            ready_wait: blue_green
                .and_then(|b| b.deployment_ready_option())
                .and_then(|r| r.action_on_timeout())
                == Some(&DeploymentReadyAction::StopDeployment),
            termination_wait: blue_green
                .and_then(|b| b.terminate_blue_instances_on_deployment_success())
                .map_or(0, |t| t.termination_wait_time_in_minutes()),
        }
    }
}

/// A CodeDeploy deployment shipper started (or found) and follows.
#[derive(Debug, Clone)]
pub struct Started {
    pub group: Group,
    pub id: String,
}

/// Finds the deployment group of `cluster`/`service`: named in `codedeploy:`, or discovered.
pub async fn find_group(clients: &Clients, config: &Config, service: &str) -> Result<Group> {
    let cd = config.codedeploy.clone().unwrap_or_default();
    let cluster = config.cluster.as_str();
    let config_name = cd.deployment_config_name.clone();
    let op = "codedeploy:GetDeploymentGroup";
    if let (Some(app), Some(group)) = (&cd.application_name, &cd.deployment_group_name) {
        let out = clients
            .codedeploy
            .get_deployment_group()
            .application_name(app)
            .deployment_group_name(group)
            .send()
            .await
            .map_err(|e| Error::aws(op, &format!("{app}/{group}"), e))?;
        let info = out.deployment_group_info().ok_or_else(|| {
            Error::new(format!("{op} ({app}/{group}) returned no deployment group"))
        })?;
        return Ok(Group::from_info(info, config_name));
    }
    let applications = match &cd.application_name {
        Some(app) => vec![app.clone()],
        None => ecs_applications(clients).await?,
    };
    for app in &applications {
        let names = match &cd.deployment_group_name {
            Some(group) => vec![group.clone()],
            None => group_names(clients, app).await?,
        };
        for chunk in names.chunks(100) {
            let out = clients
                .codedeploy
                .batch_get_deployment_groups()
                .application_name(app)
                .set_deployment_group_names(Some(chunk.to_vec()))
                .send()
                .await
                .map_err(|e| Error::aws("codedeploy:BatchGetDeploymentGroups", app, e))?;
            let found = out.deployment_groups_info().iter().find(|g| {
                g.ecs_services().iter().any(|s| {
                    s.service_name() == Some(service)
                        && s.cluster_name().is_some_and(|c| same_cluster(c, cluster))
                })
            });
            if let Some(info) = found {
                return Ok(Group::from_info(info, config_name));
            }
        }
    }
    Err(Error::new(format!(
        "no CodeDeploy deployment group deploys service {service} in cluster {cluster} (searched {} application(s))",
        applications.len()
    ))
    .hint("create one, or name it in the config: `codedeploy: {application_name: …, deployment_group_name: …}`"))
}

/// A cluster named by name or ARN.
fn same_cluster(a: &str, b: &str) -> bool {
    let name = |s: &str| s.rsplit('/').next().unwrap_or(s).to_string();
    name(a) == name(b)
}

/// Every CodeDeploy application of the ECS compute platform.
async fn ecs_applications(clients: &Clients) -> Result<Vec<String>> {
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = clients
            .codedeploy
            .list_applications()
            .set_next_token(token.clone())
            .send()
            .await
            .map_err(|e| Error::aws("codedeploy:ListApplications", "", e))?;
        names.extend(out.applications().iter().cloned());
        token = out.next_token().filter(|t| !t.is_empty()).map(ToString::to_string);
        if token.is_none() {
            break;
        }
    }
    let mut ecs = Vec::new();
    for chunk in names.chunks(100) {
        let out = clients
            .codedeploy
            .batch_get_applications()
            .set_application_names(Some(chunk.to_vec()))
            .send()
            .await
            .map_err(|e| Error::aws("codedeploy:BatchGetApplications", "", e))?;
        ecs.extend(
            out.applications_info()
                .iter()
                .filter(|a| a.compute_platform().is_some_and(|p| p.as_str() == "ECS"))
                .filter_map(|a| a.application_name().map(ToString::to_string)),
        );
    }
    Ok(ecs)
}

async fn group_names(clients: &Clients, app: &str) -> Result<Vec<String>> {
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = clients
            .codedeploy
            .list_deployment_groups()
            .application_name(app)
            .set_next_token(token.clone())
            .send()
            .await
            .map_err(|e| Error::aws("codedeploy:ListDeploymentGroups", app, e))?;
        names.extend(out.deployment_groups().iter().cloned());
        let next = out.next_token().filter(|t| !t.is_empty()).map(ToString::to_string);
        if next.is_none() || next == token {
            break;
        }
        token = next;
    }
    Ok(names)
}

/// The group's deployment that has not ended, if there is one.
pub async fn in_flight(clients: &Clients, group: &Group) -> Result<Option<String>> {
    let out = clients
        .codedeploy
        .list_deployments()
        .application_name(&group.application)
        .deployment_group_name(&group.name)
        .set_include_only_statuses(Some(ACTIVE.to_vec()))
        .send()
        .await
        .map_err(|e| Error::aws("codedeploy:ListDeployments", &group.describe(), e))?;
    Ok(out.deployments().first().cloned())
}

/// Everything a CodeDeploy deploy reads before its first write: the group, no deployment of it
/// in flight, and the waits the gates need.
pub async fn prepare(
    clients: &Clients,
    config: &Config,
    service: &str,
    gates: &Gates,
) -> Result<Group> {
    let group = find_group(clients, config, service).await?;
    if let Some(id) = in_flight(clients, &group).await? {
        return Err(Error::new(format!(
            "deployment group {} already has a CodeDeploy deployment in flight ({id}); refusing to start another",
            group.describe()
        ))
        .hint(format!(
            "wait for it to end, or stop it with `shipper rollback --config {}`",
            config.path.display()
        )));
    }
    let names = |phase| gates.for_phase(phase).map(|g| g.name.clone()).collect::<Vec<_>>();
    let test = names(Phase::Test);
    if !test.is_empty() && !group.ready_wait {
        return Err(Error::new(format!(
            "gate(s) {} run at the test phase, but deployment group {} does not stop at the ready wait",
            test.join(", "),
            group.describe()
        ))
        .hint("set the group's blueGreenDeploymentConfiguration.deploymentReadyOption.actionOnTimeout to STOP_DEPLOYMENT: shipper continues the deployment once the test gates pass"));
    }
    let later: Vec<String> =
        names(Phase::Production).into_iter().chain(names(Phase::Bake)).collect();
    if !later.is_empty() && group.termination_wait <= 0 {
        return Err(Error::new(format!(
            "gate(s) {} run once production traffic moved, but deployment group {} keeps no blue tasks to return to (terminationWaitTimeInMinutes is 0)",
            later.join(", "),
            group.describe()
        ))
        .hint("set the group's terminateBlueInstancesOnDeploymentSuccess.terminationWaitTimeInMinutes above 0 (longer than the gates take): shipper ends the wait once they pass"));
    }
    Ok(group)
}

/// The AppSpec for deploying `task_definition` to the service defined by `def` (a service
/// definition's JSON: the file, or the running service), with the config's `appspec:` merged
/// in (its `Hooks`, and any other top-level key but `version` and `Resources`).
pub fn appspec(def: &Value, task_definition: &str, extra: Option<&Value>) -> Result<Value> {
    let lb = def.pointer("/loadBalancers/0").ok_or_else(|| {
        Error::new("a CodeDeploy deployment needs the service's load balancer (loadBalancers[0]), and the service has none")
    })?;
    let (Some(container), Some(port)) = (lb.get("containerName"), lb.get("containerPort")) else {
        return Err(Error::new(
            "loadBalancers[0] needs containerName and containerPort for the AppSpec's LoadBalancerInfo",
        ));
    };
    let mut properties = Map::new();
    properties.insert("TaskDefinition".into(), json!(task_definition));
    properties.insert(
        "LoadBalancerInfo".into(),
        json!({"ContainerName": container, "ContainerPort": port}),
    );
    if let Some(v) = def.get("platformVersion") {
        properties.insert("PlatformVersion".into(), v.clone());
    }
    if let Some(vpc) = def.pointer("/networkConfiguration/awsvpcConfiguration") {
        let mut awsvpc = Map::new();
        for (from, to) in [
            ("subnets", "Subnets"),
            ("securityGroups", "SecurityGroups"),
            ("assignPublicIp", "AssignPublicIp"),
        ] {
            if let Some(v) = vpc.get(from) {
                awsvpc.insert(to.into(), v.clone());
            }
        }
        properties.insert("NetworkConfiguration".into(), json!({"AwsvpcConfiguration": awsvpc}));
    }
    if let Some(strategy) = def.get("capacityProviderStrategy").and_then(Value::as_array)
        && !strategy.is_empty()
    {
        let items: Vec<Value> = strategy
            .iter()
            .map(|s| {
                let mut item = Map::new();
                for (from, to) in [
                    ("capacityProvider", "CapacityProvider"),
                    ("base", "Base"),
                    ("weight", "Weight"),
                ] {
                    if let Some(v) = s.get(from) {
                        item.insert(to.into(), v.clone());
                    }
                }
                Value::Object(item)
            })
            .collect();
        properties.insert("CapacityProviderStrategy".into(), Value::Array(items));
    }
    let mut spec = Map::new();
    spec.insert("version".into(), json!(0.0));
    spec.insert(
        "Resources".into(),
        json!([{"TargetService": {"Type": "AWS::ECS::Service", "Properties": properties}}]),
    );
    match extra {
        None | Some(Value::Null) => {}
        Some(Value::Object(extra)) => {
            for (key, value) in extra {
                if key != "version" && key != "Resources" {
                    spec.insert(key.clone(), value.clone());
                }
            }
        }
        Some(_) => {
            return Err(Error::new("`appspec` in the config must be a mapping (e.g. `Hooks:`)"));
        }
    }
    Ok(Value::Object(spec))
}

/// The AppSpec as YAML (the default) or JSON.
pub fn appspec_text(spec: &Value, as_json: bool) -> String {
    if as_json {
        serde_json::to_string_pretty(spec).unwrap_or_default()
    } else {
        serde_yaml::to_string(spec).unwrap_or_default()
    }
}

/// The group's deployment in flight with its status, for `status` and `wait`: `None` when the
/// group has none.
pub async fn in_flight_status(
    clients: &Clients,
    group: &Group,
) -> Result<Option<(String, String)>> {
    let Some(id) = in_flight(clients, group).await? else { return Ok(None) };
    let info = get(clients, &id).await?;
    let status = info.status().map(|s| s.as_str().to_string()).unwrap_or_default();
    Ok(Some((id, status)))
}

/// The task definition a deployment's AppSpec names (AppSpecContent or String revisions).
pub async fn task_definition_of(clients: &Clients, id: &str) -> Option<String> {
    let out = clients.codedeploy.get_deployment().deployment_id(id).send().await.ok()?;
    let revision = out.deployment_info()?.revision()?;
    let content = revision
        .app_spec_content()
        .and_then(|c| c.content())
        .or_else(|| revision.string().and_then(|s| s.content()))?;
    let spec: Value = serde_yaml::from_str(content).ok()?;
    spec.pointer("/Resources/0/TargetService/Properties/TaskDefinition")
        .and_then(Value::as_str)
        .map(ToString::to_string)
}

/// CreateDeployment with the AppSpec as content. The SDK does not resend it on a lost answer
/// (CodeDeploy would refuse the twin while the first is in flight): shipper looks for the
/// deployment it may have created instead.
pub async fn create(clients: &Clients, group: &Group, spec: &Value, what: &str) -> Result<String> {
    let revision = RevisionLocation::builder()
        .revision_type(RevisionLocationType::AppSpecContent)
        .app_spec_content(AppSpecContent::builder().content(appspec_text(spec, false)).build())
        .build();
    let sent = clients
        .codedeploy
        .create_deployment()
        .application_name(&group.application)
        .deployment_group_name(&group.name)
        .set_deployment_config_name(group.config_name.clone())
        .description(format!("shipper: {what}"))
        .revision(revision)
        .customize()
        .config_override(
            aws_sdk_codedeploy::config::Builder::default()
                .retry_config(aws_sdk_codedeploy::config::retry::RetryConfig::disabled()),
        )
        .send()
        .await;
    match sent {
        Ok(out) => out
            .deployment_id()
            .map(ToString::to_string)
            .ok_or_else(|| Error::new("codedeploy:CreateDeployment returned no deployment id")),
        Err(e) => {
            if crate::ecs::retryable(&e) == crate::ecs::Retry::MayHaveLanded
                && let Ok(Some(id)) = in_flight(clients, group).await
            {
                tracing::debug!("the lost CreateDeployment landed as {id}");
                return Ok(id);
            }
            Err(Error::aws("codedeploy:CreateDeployment", &group.describe(), e))
        }
    }
}

async fn get(clients: &Clients, id: &str) -> Result<DeploymentInfo> {
    let out = clients
        .codedeploy
        .get_deployment()
        .deployment_id(id)
        .send()
        .await
        .map_err(|e| Error::aws("codedeploy:GetDeployment", id, e))?;
    out.deployment_info.ok_or_else(|| {
        Error::new(format!("codedeploy:GetDeployment ({id}) returned no deployment"))
    })
}

async fn continue_wait(clients: &Clients, id: &str, kind: DeploymentWaitType) -> Result<()> {
    clients
        .codedeploy
        .continue_deployment()
        .deployment_id(id)
        .deployment_wait_type(kind)
        .send()
        .await
        .map_err(|e| Error::aws("codedeploy:ContinueDeployment", id, e))?;
    Ok(())
}

/// StopDeployment with CodeDeploy's rollback.
pub async fn stop(clients: &Clients, id: &str) -> Result<()> {
    clients
        .codedeploy
        .stop_deployment()
        .deployment_id(id)
        .auto_rollback_enabled(true)
        .send()
        .await
        .map_err(|e| Error::aws("codedeploy:StopDeployment", id, e))?;
    Ok(())
}

/// What the deployment's target shows: lifecycle events and green's traffic weight.
struct TargetView {
    events: Vec<(String, String)>,
    green_weight: Option<f64>,
    green_group: Option<String>,
}

async fn target_view(clients: &Clients, id: &str, target: &str) -> Option<TargetView> {
    let out = clients
        .codedeploy
        .get_deployment_target()
        .deployment_id(id)
        .target_id(target)
        .send()
        .await
        .ok()?;
    let ecs = out.deployment_target()?.ecs_target()?;
    let green = ecs
        .task_sets_info()
        .iter()
        .find(|t| t.task_set_label().is_some_and(|l| l.as_str() == "Green"));
    Some(TargetView {
        events: ecs
            .lifecycle_events()
            .iter()
            .map(|e| {
                (
                    e.lifecycle_event_name().unwrap_or_default().to_string(),
                    e.status().map(|s| s.as_str().to_string()).unwrap_or_default(),
                )
            })
            .collect(),
        green_weight: green.map(|g| g.traffic_weight()),
        green_group: green
            .and_then(|g| g.target_group())
            .and_then(|t| t.name())
            .map(ToString::to_string),
    })
}

/// The ARN of a target group by name.
async fn target_group_arn(clients: &Clients, name: &str) -> Option<String> {
    let out = clients.elbv2.describe_target_groups().names(name).send().await.ok()?;
    out.target_groups().first()?.target_group_arn().map(ToString::to_string)
}

/// Follows a CodeDeploy deployment to its end, running the gates at the group's waits.
pub async fn follow(
    ctx: &Context,
    clients: &Clients,
    watch: Watch,
    gates: &Gates,
    started: &Started,
    config: &std::path::Path,
) -> Result<(Service, Followed)> {
    let flag = format!("--config {}", config.display());
    let id = started.id.as_str();
    ctx.set_interrupt_hint(format!(
        "CodeDeploy deployment {id} goes on without shipper: `shipper rollback {flag}` stops it and rolls back"
    ));
    let deadline = Instant::now() + watch.timeout;
    let target_id = format!("{}:{}", watch.cluster, watch.service);
    let short = crate::ecs::short_name(&watch.task_definition).to_string();
    let progress = Progress::start(&ctx.out);
    let mut followed = Followed::default();
    let mut last_status = String::new();
    let mut events: HashMap<String, String> = HashMap::new();
    let mut weight: Option<f64> = None;
    let mut ready_done = false;
    let mut approval_told = false;
    let mut termination_done = false;
    let mut errors = 0;
    loop {
        let info = match get(clients, id).await {
            Ok(info) => {
                errors = 0;
                info
            }
            Err(e) => {
                errors += 1;
                if errors > 5 {
                    return Err(e.context(format!("following CodeDeploy deployment {id}")));
                }
                tokio::time::sleep(watch.poll).await;
                continue;
            }
        };
        let status = info.status().map(|s| s.as_str().to_string()).unwrap_or_default();
        if status != last_status {
            progress.line(&format!("CodeDeploy deployment {id}: {status}"));
            last_status.clone_from(&status);
        }
        let view = target_view(clients, id, &target_id).await;
        if let Some(view) = &view {
            for (name, state) in &view.events {
                if state != "Pending" && events.get(name) != Some(state) {
                    progress.line(&format!("lifecycle event {name}: {state}"));
                }
                events.insert(name.clone(), state.clone());
            }
            if view.green_weight.is_some() && view.green_weight != weight {
                if weight.is_some() || view.green_weight != Some(0.0) {
                    progress.line(&format!(
                        "traffic: production {}% → green",
                        view.green_weight.unwrap_or_default()
                    ));
                }
                weight = view.green_weight;
            }
        }
        match info.status() {
            Some(DeploymentStatus::Succeeded) => {
                drop(progress);
                return succeeded(clients, &watch, followed).await;
            }
            Some(DeploymentStatus::Failed | DeploymentStatus::Stopped) => {
                drop(progress);
                return Err(failed(ctx, clients, &watch, &info, config).await);
            }
            Some(DeploymentStatus::Ready) if !ready_done => {
                if !gates.has(Phase::Test) {
                    if !approval_told {
                        progress.line(&format!(
                            "at the ready wait (test traffic on green), waiting for approval: `aws deploy continue-deployment --deployment-id {id} --deployment-wait-type READY_WAIT` goes on, `shipper rollback {flag}` rolls back"
                        ));
                        approval_told = true;
                    }
                } else {
                    let env = gate_env(clients, &watch, view.as_ref(), Phase::Test).await;
                    let at = Some("at the ready wait");
                    let verdict = super::hold_for_gates(
                        clients,
                        &progress,
                        gates,
                        &env,
                        deadline,
                        at,
                        &mut followed,
                    )
                    .await;
                    if let Verdict::Failed { gate, evidence } = verdict {
                        drop(progress);
                        return Err(gate_failed(
                            ctx, clients, &watch, id, &gate, &evidence, config,
                        )
                        .await);
                    }
                    progress.line("test gates passed: continuing the deployment (READY_WAIT)");
                    continue_wait(clients, id, DeploymentWaitType::ReadyWait).await?;
                    ready_done = true;
                }
            }
            Some(DeploymentStatus::InProgress)
                if info.instance_termination_wait_time_started() && !termination_done =>
            {
                let phases: Vec<Phase> = [Phase::Production, Phase::Bake]
                    .into_iter()
                    .filter(|p| gates.has(*p))
                    .collect();
                if phases.is_empty() {
                    progress.line(
                        "production traffic is on green; CodeDeploy keeps blue for its termination wait and then ends the deployment",
                    );
                    drop(progress);
                    return succeeded(clients, &watch, followed).await;
                }
                let base = gate_env(clients, &watch, view.as_ref(), Phase::Production).await;
                for phase in phases {
                    let env = Env { phase, ..base.clone() };
                    let at = Some("production traffic on green, blue kept (termination wait)");
                    let verdict = super::hold_for_gates(
                        clients,
                        &progress,
                        gates,
                        &env,
                        deadline,
                        at,
                        &mut followed,
                    )
                    .await;
                    if let Verdict::Failed { gate, evidence } = verdict {
                        drop(progress);
                        return Err(gate_failed(
                            ctx, clients, &watch, id, &gate, &evidence, config,
                        )
                        .await);
                    }
                    progress.line(&format!("{} gates passed", phase.name()));
                }
                progress.line("ending the termination wait (TERMINATION_WAIT): blue is retired");
                continue_wait(clients, id, DeploymentWaitType::TerminationWait).await?;
                termination_done = true;
            }
            _ => {}
        }
        if Instant::now() >= deadline {
            return Err(Error::with_kind(
                Kind::TimedOut,
                format!(
                    "gave up waiting after {} for CodeDeploy deployment {id} of {short} to {}: it is {status}",
                    humantime::format_duration(watch.timeout),
                    watch.service
                ),
            )
            .hint(format!("it goes on in CodeDeploy; `shipper rollback {flag}` stops it")));
        }
        tokio::time::sleep(watch.poll).await;
    }
}

/// What the gates may look at: green's target group (from the deployment target).
async fn gate_env(
    clients: &Clients,
    watch: &Watch,
    view: Option<&TargetView>,
    phase: Phase,
) -> Env {
    let target_groups = match view.and_then(|v| v.green_group.as_deref()) {
        Some(name) => target_group_arn(clients, name).await.into_iter().collect(),
        None => Vec::new(),
    };
    Env {
        cluster: watch.cluster.clone(),
        service: watch.service.clone(),
        phase,
        task_definition: watch.task_definition.clone(),
        // An ECS service deployment ARN: CodeDeploy's deployment is not one.
        service_deployment: None,
        target_groups,
        desired: match crate::ecs::describe_service(clients, &watch.cluster, &watch.service).await {
            Ok(Some(s)) => s.desired_count(),
            _ => 0,
        },
    }
}

async fn succeeded(
    clients: &Clients,
    watch: &Watch,
    followed: Followed,
) -> Result<(Service, Followed)> {
    let service = crate::ecs::describe_service(clients, &watch.cluster, &watch.service)
        .await?
        .ok_or_else(|| Error::new(format!("service {} vanished", watch.service)))?;
    Ok((service, followed))
}

/// Waits until a stopped/failed deployment and its rollback deployment (if any) have ended;
/// returns the final info of the deployment.
pub async fn until_rolled_back(
    clients: &Clients,
    id: &str,
    poll: Duration,
    deadline: Instant,
) -> Result<DeploymentInfo> {
    loop {
        let info = get(clients, id).await?;
        let ended = info.status().is_some_and(|s| !ACTIVE.contains(s));
        if ended {
            if let Some(rollback) = info.rollback_info().and_then(|r| r.rollback_deployment_id()) {
                loop {
                    let back = get(clients, rollback).await?;
                    if back.status().is_some_and(|s| !ACTIVE.contains(s))
                        || Instant::now() >= deadline
                    {
                        break;
                    }
                    tokio::time::sleep(poll).await;
                }
            }
            return Ok(info);
        }
        if Instant::now() >= deadline {
            return Err(Error::with_kind(
                Kind::TimedOut,
                format!("gave up waiting for CodeDeploy deployment {id} to stop"),
            ));
        }
        tokio::time::sleep(poll).await;
    }
}

async fn running(clients: &Clients, watch: &Watch) -> String {
    match crate::ecs::describe_service(clients, &watch.cluster, &watch.service).await {
        Ok(Some(s)) => s.task_definition().map(crate::ecs::short_name).unwrap_or("?").to_string(),
        _ => "?".to_string(),
    }
}

/// A gate failed: stop with rollback, follow it, and the error to report (exit 3).
async fn gate_failed(
    ctx: &Context,
    clients: &Clients,
    watch: &Watch,
    id: &str,
    gate: &str,
    evidence: &[String],
    config: &std::path::Path,
) -> Error {
    let short = crate::ecs::short_name(&watch.task_definition).to_string();
    let with_evidence = |mut error: Error| {
        for line in evidence {
            error = error.detail(format!("evidence: {line}"));
        }
        error
    };
    ctx.out
        .info(&format!("gate `{gate}` failed: stopping CodeDeploy deployment {id} with rollback"));
    if let Err(e) = stop(clients, id).await {
        return with_evidence(
            e.context(format!("gate `{gate}` failed and the deployment could not be stopped")),
        )
        .hint(format!("`shipper rollback --config {}` tries again", config.display()));
    }
    let deadline = Instant::now() + watch.timeout;
    match until_rolled_back(clients, id, watch.poll, deadline).await {
        Ok(_) => with_evidence(Error::with_kind(
            Kind::RolledBack,
            format!(
                "gate `{gate}` failed while {short} was deployed to {}; CodeDeploy rolled it back: the service runs {}",
                watch.service,
                running(clients, watch).await
            ),
        ))
        .hint("production traffic stayed on (or returned to) blue; fix the cause above and deploy again"),
        Err(e) => with_evidence(e.context(format!("gate `{gate}` failed and the rollback did not finish"))),
    }
}

/// CodeDeploy failed (or someone stopped) the deployment: the error to report (exit 3).
async fn failed(
    ctx: &Context,
    clients: &Clients,
    watch: &Watch,
    info: &DeploymentInfo,
    config: &std::path::Path,
) -> Error {
    let _ = ctx;
    let id = info.deployment_id().unwrap_or_default();
    let short = crate::ecs::short_name(&watch.task_definition).to_string();
    let status = info.status().map(|s| s.as_str()).unwrap_or("Failed").to_lowercase();
    let deadline = Instant::now() + watch.timeout;
    let info =
        until_rolled_back(clients, id, watch.poll, deadline).await.unwrap_or_else(|_| info.clone());
    let mut error = Error::with_kind(
        Kind::RolledBack,
        format!(
            "CodeDeploy deployment {id} of {short} to {} {status}; the service runs {}",
            watch.service,
            running(clients, watch).await
        ),
    );
    if let Some(e) = info.error_information() {
        error = error.detail(format!(
            "CodeDeploy: {}: {}",
            e.code().map(|c| c.as_str()).unwrap_or("?"),
            e.message().unwrap_or("no message")
        ));
    }
    if let Some(r) = info.rollback_info().and_then(|r| r.rollback_message()) {
        error = error.detail(format!("CodeDeploy: {r}"));
    }
    error.hint(format!(
        "fix the cause above and deploy again; `shipper status --config {}` shows the service",
        config.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_appspec_carries_the_service_settings_and_the_configs_hooks() {
        let def = json!({
            "loadBalancers": [{"targetGroupArn": "tg", "containerName": "app", "containerPort": 3000}],
            "platformVersion": "1.4.0",
            "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["s-1"], "securityGroups": ["sg-1"], "assignPublicIp": "DISABLED"}},
            "capacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1}]
        });
        let extra = json!({"version": 1, "Resources": [], "Hooks": [{"BeforeInstall": "fn"}]});
        let spec = appspec(&def, "arn:td:7", Some(&extra)).unwrap();
        assert_eq!(
            spec,
            json!({"version": 0.0, "Resources": [{"TargetService": {"Type": "AWS::ECS::Service", "Properties": {
                "TaskDefinition": "arn:td:7",
                "LoadBalancerInfo": {"ContainerName": "app", "ContainerPort": 3000},
                "PlatformVersion": "1.4.0",
                "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["s-1"], "SecurityGroups": ["sg-1"], "AssignPublicIp": "DISABLED"}},
                "CapacityProviderStrategy": [{"CapacityProvider": "FARGATE", "Weight": 1}]
            }}}], "Hooks": [{"BeforeInstall": "fn"}]})
        );
        let yaml = appspec_text(&spec, false);
        assert!(yaml.starts_with("version: 0.0\nResources:\n"), "{yaml}");
        assert!(appspec(&json!({}), "td", None).is_err());
        assert!(appspec(&def, "td", Some(&json!("Hooks"))).is_err());
    }

    #[test]
    fn clusters_match_by_name_or_arn() {
        assert!(same_cluster("arn:aws:ecs:r:1:cluster/acme", "acme"));
        assert!(!same_cluster("acme-dev", "acme"));
    }
}
