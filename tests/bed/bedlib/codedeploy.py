"""CodeDeploy ECS blue/green deployments that actually progress.

moto creates deployments and leaves them `Created` forever; StopDeployment and the
deployment-target APIs answer 500. Here each deployment takes a `kind: codedeploy` plan and
advances per GetDeployment/BatchGetDeployments read (or per interval): Created → InProgress
(walking the ECS lifecycle events) → Succeeded, or Failed at `fail_at`. On success the
deployment group's ECS service runs the AppSpec's task definition in the replacement target
group and the production listener forwards there. A second deployment for a group that has
one in flight is refused with DeploymentLimitExceededException, as on AWS. AllowTestTraffic
points the test listener at the replacement's target group.

The group's blue/green waits hold a deployment where AWS holds it. With
`deploymentReadyOption.actionOnTimeout: STOP_DEPLOYMENT` it stops once test traffic reaches the
replacement (AfterAllowTestTraffic done) with status `Ready` until ContinueDeployment
(READY_WAIT); the bed never times this wait out. With
`terminateBlueInstancesOnDeploymentSuccess.terminationWaitTimeInMinutes` > 0 it stays
`InProgress` after the traffic shift (`instanceTerminationWaitTimeStarted` true) until
ContinueDeployment (TERMINATION_WAIT) or until that many minutes have passed, checked when the
deployment is read.
"""

import random
import string
import time
from typing import Any

import yaml
from moto.codedeploy import responses as codedeploy_responses
from moto.codedeploy.exceptions import CodeDeployException
from moto.codedeploy.models import CodeDeployBackend, DeploymentGroup, DeploymentInfo
from moto.codedeploy.responses import CodeDeployResponse
from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.ecs.models import ecs_backends
from moto.elbv2.models import elbv2_backends

from . import elbv2, plans

LIFECYCLE_EVENTS = ["BeforeInstall", "Install", "AfterInstall", "AllowTestTraffic", "AfterAllowTestTraffic",
                    "BeforeAllowTraffic", "AllowTraffic", "AfterAllowTraffic"]
# A ready wait holds the deployment with this many events done (through AfterAllowTestTraffic).
_READY_AT = LIFECYCLE_EVENTS.index("BeforeAllowTraffic")
ACTIVE_STATUSES = ("Created", "Queued", "InProgress", "Baking", "Ready")
_TARGET_STATUS = {"Created": "Pending", "Queued": "Pending", "InProgress": "InProgress", "Baking": "InProgress",
                  "Ready": "Ready", "Succeeded": "Succeeded", "Failed": "Failed", "Stopped": "Failed"}


class _Error(CodeDeployException):
    code = 400

    def __init__(self, code: str, message: str):
        super().__init__(code, message)


def _deployment_id() -> str:
    return "d-" + "".join(random.choices(string.ascii_uppercase + string.digits, k=9))


def _appspec(revision: dict[str, Any]) -> dict[str, Any]:
    """The AppSpec of an AppSpecContent or String revision (YAML, of which JSON is a subset)."""
    content = (revision.get("appSpecContent") or revision.get("string") or {}).get("content") or "{}"
    return yaml.safe_load(content) or {}


class CodeDeployRun:
    """The simulated life of one CodeDeploy deployment (see module doc)."""

    def __init__(self, backend: CodeDeployBackend, deployment: DeploymentInfo, plan: plans.Plan):
        self.backend, self.deployment, self.plan = backend, deployment, plan
        self.progress = plans.Progress(plan)
        self.steps_taken = 0
        self.events = [{"lifecycleEventName": name, "status": "Pending"} for name in LIFECYCLE_EVENTS]
        self.error: dict[str, Any] | None = None
        self.rollback: dict[str, Any] | None = None
        self.traffic_shifted = False
        self.previous_definition: str | None = None
        self.waiting: str | None = None  # "READY_WAIT" or "TERMINATION_WAIT" while held
        self.waits_done: set[str] = set()
        self.termination_deadline: float | None = None
        properties = (((_appspec(deployment.revision).get("Resources") or [{}])[0] or {}).get("TargetService") or {}).get("Properties") or {}
        self.task_definition = properties.get("TaskDefinition")
        self.container = (properties.get("LoadBalancerInfo") or {}).get("ContainerName")
        self.container_port = (properties.get("LoadBalancerInfo") or {}).get("ContainerPort")
        deployment.bed_run = self
        plans.track(self)

    @property
    def group(self) -> DeploymentGroup:
        return self.deployment.deployment_group

    @property
    def busy(self) -> bool:
        return self.deployment.status in ACTIVE_STATUSES and self.plan.outcome != "stuck"

    # --- the ECS side -------------------------------------------------------------------

    def _service(self) -> Any:
        target = (self.group.ecs_services or [{}])[0]
        backend = ecs_backends[self.backend.account_id][self.backend.region_name]
        try:
            return backend._get_service(target.get("clusterName", "default"), target.get("serviceName", ""))
        except Exception:  # cluster or service missing: CodeDeploy would fail, the bed just skips ECS
            return None

    def _target_group_arns(self) -> tuple[list[str], list[str], list[str]]:
        """(blue/green target group ARNs, production listener ARNs, test listener ARNs)."""
        pair = ((self.group.load_balancer_info or {}).get("targetGroupPairInfoList") or [{}])[0]
        names = [group["name"] for group in pair.get("targetGroups", [])]
        elb = elbv2_backends[self.backend.account_id][self.backend.region_name]
        arns = [arn for name in names for arn, group in elb.target_groups.items() if group.name == name]
        return (arns, (pair.get("prodTrafficRoute") or {}).get("listenerArns", []),
                (pair.get("testTrafficRoute") or {}).get("listenerArns", []))

    def _route(self, to_replacement: bool) -> None:
        """Run the service on the AppSpec's (or, rolling back, the previous) task definition in
        the other target group of the pair, and point the listeners there."""
        service = self._service()
        if service is None or not self.task_definition:
            return
        sim = service.bed_sim
        balancer = (service.load_balancers or [{}])[0]
        groups, production, test = self._target_group_arns()
        configured = balancer.get("targetGroupArn") or (groups[:1] or [None])[0]
        serving = sim.production_target_groups.get(configured, configured)
        idle = next((arn for arn in groups if arn != serving), serving)
        if to_replacement:
            self.previous_definition = service.task_definition
            definition = sim.backend.describe_task_definition(self.task_definition).arn
        else:
            definition = self.previous_definition
        sim.cut_over(definition, [(idle, self.container or balancer.get("containerName"),
                                   self.container_port or balancer.get("containerPort"))] if idle else [])
        if configured and idle:
            sim.production_target_groups[configured] = idle
            for listener in production + test:
                elbv2.set_forward_weights(listener, {serving: 0, idle: 100})
        self.traffic_shifted = to_replacement

    def _route_test_traffic(self) -> None:
        """AllowTestTraffic: the test listener forwards to the replacement's target group."""
        service = self._service()
        if service is None:
            return
        groups, _, test = self._target_group_arns()
        balancer = (service.load_balancers or [{}])[0]
        configured = balancer.get("targetGroupArn") or (groups[:1] or [None])[0]
        serving = service.bed_sim.production_target_groups.get(configured, configured)
        idle = next((arn for arn in groups if arn != serving), None)
        if serving and idle:
            for listener in test:
                elbv2.set_forward_weights(listener, {serving: 0, idle: 100})

    # --- stepping ------------------------------------------------------------------------

    def step(self) -> None:
        deployment = self.deployment
        self.steps_taken += 1
        if deployment.status == "Created":
            deployment.status, deployment.start_time = "InProgress", utcnow()
        if self.plan.outcome == "fail" and self.steps_taken >= self.plan.failure_step:
            # The event under way fails (never later ones: a failed deployment shifts no traffic).
            self._fail(next(i for i, e in enumerate(self.events) if e["status"] != "Succeeded"))
            return
        done = len(LIFECYCLE_EVENTS) * self.steps_taken // self.plan.steps
        if done > _READY_AT and self._must_wait("READY_WAIT"):
            # Test traffic is on the replacement; production waits for ContinueDeployment.
            self._mark_events(_READY_AT)
            self.events[_READY_AT].update(status="Pending")
            self.events[_READY_AT].pop("startTime", None)
            self._hold("READY_WAIT")
            deployment.status = "Ready"
            return
        self._mark_events(done)
        if self.steps_taken >= self.plan.steps:
            if self._must_wait("TERMINATION_WAIT"):
                minutes = self._blue_green().get("terminateBlueInstancesOnDeploymentSuccess", {}).get("terminationWaitTimeInMinutes", 0)
                self.termination_deadline = time.monotonic() + 60 * minutes
                deployment.instance_termination_wait_time_started = True
                self._hold("TERMINATION_WAIT")
                return
            self._finish("Succeeded")

    # --- blue/green waits ----------------------------------------------------------------

    def _blue_green(self) -> dict[str, Any]:
        return self.group.blue_green_deployment_configuration or {}

    def _must_wait(self, kind: str) -> bool:
        if kind in self.waits_done:
            return False
        config = self._blue_green()
        if kind == "READY_WAIT":
            return (config.get("deploymentReadyOption") or {}).get("actionOnTimeout") == "STOP_DEPLOYMENT"
        terminate = config.get("terminateBlueInstancesOnDeploymentSuccess") or {}
        return (terminate.get("action", "TERMINATE") == "TERMINATE"
                and (terminate.get("terminationWaitTimeInMinutes") or 0) > 0)

    def _hold(self, kind: str) -> None:
        self.waiting = kind
        self.progress.pause()

    def continue_wait(self, kind: str) -> None:
        """ContinueDeployment: end the wait under way (the caller checked it is `kind`)."""
        self.waiting = None
        self.waits_done.add(kind)
        if kind == "READY_WAIT":
            self.deployment.status = "InProgress"
            self.progress.resume()
        else:
            self._finish("Succeeded")

    def check_termination_deadline(self) -> None:
        if self.waiting == "TERMINATION_WAIT" and time.monotonic() >= (self.termination_deadline or 0):
            self.continue_wait("TERMINATION_WAIT")

    def _mark_events(self, done: int) -> None:
        now = utcnow()
        for index, event in enumerate(self.events):
            if index < done and event["status"] != "Succeeded":
                event.update(status="Succeeded", startTime=event.get("startTime", now), endTime=now)
                if event["lifecycleEventName"] == "AllowTestTraffic":
                    self._route_test_traffic()
                if event["lifecycleEventName"] == "AllowTraffic" and not self.traffic_shifted:
                    self._route(to_replacement=True)
            elif index == done and event["status"] == "Pending":
                event.update(status="InProgress", startTime=now)

    def _fail(self, index: int) -> None:
        self._mark_events(index)
        failed = self.events[index]
        failed.update(status="Failed", startTime=failed.get("startTime", utcnow()), endTime=utcnow(), diagnostics={
            "errorCode": "ScriptFailed", "scriptName": "", "message": f"{failed['lifecycleEventName']} failed", "logTail": ""})
        self.error = {"code": "ECS_UPDATE_ERROR",
                      "message": f"The deployment failed because the {failed['lifecycleEventName']} lifecycle event failed."}
        self._finish("Failed", rollback_on="DEPLOYMENT_FAILURE")

    def stop(self, auto_rollback: bool) -> None:
        self.waiting = None
        self.error = {"code": "MANUAL_STOP", "message": "The deployment was stopped by a user."}
        self._finish("Stopped", rollback_on="DEPLOYMENT_STOP_ON_REQUEST" if auto_rollback else None, forced=auto_rollback)

    def _finish(self, status: str, rollback_on: str | None = None, forced: bool = False) -> None:
        deployment = self.deployment
        deployment.status, deployment.complete_time = status, utcnow()
        for event in self.events:
            if event["status"] in ("Pending", "InProgress"):
                event["status"] = "Skipped" if status != "Succeeded" else "Succeeded"
        deployment.deployment_overview = {**{key: 0 for key in deployment.deployment_overview},
                                          {"Succeeded": "Succeeded", "Failed": "Failed", "Stopped": "Failed"}[status]: 1}
        configured = deployment.auto_rollback_configuration or self.group.auto_rollback_configuration or {}
        if rollback_on and (forced or (configured.get("enabled") and rollback_on in configured.get("events", []))):
            if self.traffic_shifted:
                self._route(to_replacement=False)
            rollback = DeploymentInfo(deployment.application, self.group, deployment.revision, deployment.deployment_config_name,
                                      f"Rollback of {deployment.deployment_id}", None, None, None, None, None, None,
                                      "codeDeployRollback")
            rollback.deployment_id = _deployment_id()
            rollback.status, rollback.start_time, rollback.complete_time = "Succeeded", utcnow(), utcnow()
            self.backend.deployments[rollback.deployment_id] = rollback
            self.rollback = {"rollbackDeploymentId": rollback.deployment_id,
                             "rollbackMessage": f"Automatic rollback triggered: deployment {deployment.deployment_id} {status.lower()}."}

    # --- views ---------------------------------------------------------------------------

    def target(self) -> dict[str, Any]:
        service = self._service()
        deployment = self.deployment
        groups, _, _ = self._target_group_arns()
        elb = elbv2_backends[self.backend.account_id][self.backend.region_name]
        names = [elb.target_groups[arn].name for arn in groups]
        installed = any(e["lifecycleEventName"] == "Install" and e["status"] == "Succeeded" for e in self.events)
        desired = service.desired_count if service else 0
        blue_name, green_name = (names + [None, None])[:2]
        task_sets = [
            {"identifer": "blue", "desiredCount": 0 if self.traffic_shifted else desired, "pendingCount": 0,
             "runningCount": 0 if self.traffic_shifted else desired, "status": "ACTIVE" if self.traffic_shifted else "PRIMARY",
             "trafficWeight": 0.0 if self.traffic_shifted else 100.0, "targetGroup": {"name": blue_name}, "taskSetLabel": "Blue"},
            {"identifer": "green", "desiredCount": desired if installed else 0, "pendingCount": 0,
             "runningCount": desired if installed else 0, "status": "PRIMARY" if self.traffic_shifted else "ACTIVE",
             "trafficWeight": 100.0 if self.traffic_shifted else 0.0, "targetGroup": {"name": green_name}, "taskSetLabel": "Green"},
        ]
        return {"deploymentTargetType": "ECSTarget", "ecsTarget": {
            "deploymentId": deployment.deployment_id, "targetId": self.target_id,
            "targetArn": service.arn if service else None, "lastUpdatedAt": deployment.complete_time or deployment.start_time or deployment.create_time,
            "lifecycleEvents": self.events, "status": _TARGET_STATUS[deployment.status], "taskSetsInfo": task_sets}}

    @property
    def target_id(self) -> str:
        target = (self.group.ecs_services or [{}])[0]
        return f"{target.get('clusterName', 'default')}:{target.get('serviceName', '')}"


_original_create_deployment = CodeDeployBackend.create_deployment
_original_get_deployment = CodeDeployBackend.get_deployment
_original_batch_get_deployments = CodeDeployBackend.batch_get_deployments
_original_deployment_info = codedeploy_responses._deployment_info


def _run(backend: CodeDeployBackend, deployment_id: str) -> CodeDeployRun:
    # moto's own lookup: raises DeploymentDoesNotExistException, and is not a read that advances.
    return _original_get_deployment(backend, deployment_id).bed_run


# --- patches ---------------------------------------------------------------------------------

def _create_deployment(self: CodeDeployBackend, application_name: str, deployment_group_name: str, *args: Any, **kwargs: Any) -> str:
    for deployment in self.deployments.values():
        if (deployment.application_name, deployment.deployment_group_name) == (application_name, deployment_group_name) \
                and deployment.status in ACTIVE_STATUSES:
            raise _Error("DeploymentLimitExceededException",
                         f"The Deployment Group '{deployment_group_name}' already has an active Deployment '{deployment.deployment_id}'")
    moto_id = _original_create_deployment(self, application_name, deployment_group_name, *args, **kwargs)
    deployment = self.deployments.pop(moto_id)
    deployment.deployment_id = _deployment_id()  # AWS ids look like d-XXXXXXXXX, not UUIDs
    self.deployments[deployment.deployment_id] = deployment
    CodeDeployRun(self, deployment, plans.take("codedeploy", deployment_group_name))
    return deployment.deployment_id


def _get_deployment(self: CodeDeployBackend, deployment_id: str) -> DeploymentInfo:
    deployment = _original_get_deployment(self, deployment_id)
    _read(deployment)
    return deployment


def _batch_get_deployments(self: CodeDeployBackend, deployment_ids: list[str]) -> list[DeploymentInfo]:
    deployments = _original_batch_get_deployments(self, deployment_ids)
    for deployment in deployments:
        _read(deployment)
    return deployments


def _read(deployment: DeploymentInfo) -> None:
    run = getattr(deployment, "bed_run", None)
    if run is not None:
        run.check_termination_deadline()
        plans.read(run)


def _deployment_info(deployment: DeploymentInfo) -> dict[str, Any]:
    info = _original_deployment_info(deployment)
    run = getattr(deployment, "bed_run", None)
    # moto hard-codes {} for these; AWS omits them until they apply.
    info["errorInformation"] = run.error if run else None
    info["rollbackInfo"] = run.rollback if run else None
    info["previousRevision"] = None
    info["relatedDeployments"] = None
    return info


def _stop_deployment(self: CodeDeployResponse) -> ActionResult:
    run = _run(self.codedeploy_backend, self._get_param("deploymentId"))
    if run.deployment.status not in ACTIVE_STATUSES:
        raise _Error("DeploymentAlreadyCompletedException", f"Deployment {run.deployment.deployment_id} has already completed.")
    run.stop(bool(self._get_param("autoRollbackEnabled")))
    return ActionResult({"status": "Succeeded", "statusMessage": "Deployment stopped"})


def _continue_deployment(self: CodeDeployResponse) -> ActionResult:
    run = _run(self.codedeploy_backend, self._get_param("deploymentId"))
    kind = self._get_param("deploymentWaitType") or "READY_WAIT"
    run.check_termination_deadline()
    if run.deployment.status not in ACTIVE_STATUSES:
        raise _Error("DeploymentAlreadyCompletedException", f"Deployment {run.deployment.deployment_id} has already completed.")
    if kind == "READY_WAIT" and run.waiting != "READY_WAIT":
        raise _Error("DeploymentIsNotInReadyStateException", "The deployment does not have a status of Ready and can't continue yet.")
    if kind != run.waiting:
        raise _Error("InvalidDeploymentWaitTypeException", f"The deployment is not waiting for {kind}.")
    run.continue_wait(kind)
    return ActionResult({})


def _get_deployment_target(self: CodeDeployResponse) -> ActionResult:
    run = _run(self.codedeploy_backend, self._get_param("deploymentId"))
    if self._get_param("targetId") != run.target_id:
        raise _Error("DeploymentTargetDoesNotExistException", f"Deployment target {self._get_param('targetId')} does not exist.")
    return ActionResult({"deploymentTarget": run.target()})


def _batch_get_deployment_targets(self: CodeDeployResponse) -> ActionResult:
    run = _run(self.codedeploy_backend, self._get_param("deploymentId"))
    wanted = self._get_param("targetIds") or []
    if any(target_id != run.target_id for target_id in wanted):
        raise _Error("DeploymentTargetDoesNotExistException", "One or more deployment targets do not exist.")
    return ActionResult({"deploymentTargets": [run.target() for _ in wanted[:1]]})


def _list_deployment_targets(self: CodeDeployResponse) -> ActionResult:
    run = _run(self.codedeploy_backend, self._get_param("deploymentId"))
    return ActionResult({"targetIds": [run.target_id]})


def _batch_get_deployment_groups(self: CodeDeployResponse) -> ActionResult:
    # moto 5.2.5 lacks it (HTTP 500); AWS answers found groups and an errorMessage for the rest.
    application = self._get_param("applicationName")
    found, missing = [], []
    for name in self._get_param("deploymentGroupNames") or []:
        try:
            found.append(codedeploy_responses._deployment_group_info(self.codedeploy_backend.get_deployment_group(application, name)))
        except CodeDeployException:
            missing.append(name)
    answer: dict[str, Any] = {"deploymentGroupsInfo": found}
    if missing:
        answer["errorMessage"] = f"Deployment groups not found: {', '.join(missing)}"
    return ActionResult(answer)


def install() -> None:
    CodeDeployBackend.create_deployment = _create_deployment
    CodeDeployBackend.get_deployment = _get_deployment
    CodeDeployBackend.batch_get_deployments = _batch_get_deployments
    codedeploy_responses._deployment_info = _deployment_info
    CodeDeployResponse.stop_deployment = _stop_deployment
    CodeDeployResponse.continue_deployment = _continue_deployment
    CodeDeployResponse.get_deployment_target = _get_deployment_target
    CodeDeployResponse.batch_get_deployment_targets = _batch_get_deployment_targets
    CodeDeployResponse.list_deployment_targets = _list_deployment_targets
    CodeDeployResponse.batch_get_deployment_groups = _batch_get_deployment_groups
