"""The ECS service simulation: rollouts (service deployments), revisions, tasks, events.

moto keeps a service static. Here every ECS-controller service has a `ServiceSim` (attached
to moto's Service object as `bed_sim`) that owns its history of `Rollout`s — what AWS shows
both as `deployments[]` (PRIMARY/ACTIVE, the legacy view) and as service deployments (the
ListServiceDeployments view) — and the `SimTask`s each rollout runs. A sim moves one step per
read or per interval (plans.py); each step is written back onto moto's Service so
DescribeServices serializes the current picture.

Step semantics for a rolling rollout of N steps (plan.steps): step k < N has floor(desired·k/N)
new tasks RUNNING and the rest PENDING while the old deployments shrink to what is left; step N
completes it. A failing plan launches tasks that exit until `fail_at`, then the circuit
breaker fails the deployment and, if configured to, rolls back to the last COMPLETED one (one
more step). Blue/green, linear and canary rollouts walk lifecycle stages instead (bluegreen.py).
"""

import copy
import math
import random
import time
import uuid
from datetime import datetime
from typing import Any

from moto.core.utils import utcnow
from moto.ecs.models import EC2ContainerServiceBackend, Service, ecs_backends

from . import bluegreen, cloudwatch, ecr, elbv2, plans, requestlog
from .ecs_tasks import DEFAULT_STOP_REASON, SimTask, add_to_backend, place, uses_container_instances
from .state import on_reset

IN_FLIGHT = ("PENDING", "IN_PROGRESS", "STOP_REQUESTED", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS")
CIRCUIT_BREAKER_REASON = "ECS deployment circuit breaker: tasks failed to start."
# Service fields a revision captures (what AWS versions as a "service revision").
REVISION_FIELDS = ("launch_type", "capacity_provider_strategy", "platform_version", "load_balancers",
                   "service_registries", "network_configuration", "service_connect_configuration",
                   "volume_configurations", "vpc_lattice_configurations", "gateway_connectors", "monitoring")
_MAX_EVENTS = 100

# ARN -> object, for the service-deployment APIs that address them by ARN alone.
_rollouts: dict[str, "Rollout"] = {}
_revisions: dict[str, "Revision"] = {}


@on_reset
def _clear() -> None:
    _rollouts.clear()
    _revisions.clear()


def _number() -> str:
    return str(random.randint(10**18, 10**19 - 1))  # AWS deployment ids: ecs-svc/<19 digits>


class Revision:
    """A service revision: the task definition plus the service settings it ran with."""

    def __init__(self, sim: "ServiceSim", task_definition: str):
        self.id = _number()
        self.arn = f"arn:aws:ecs:{sim.region}:{sim.account_id}:service-revision/{sim.cluster_name}/{sim.name}/{self.id}"
        self.service_arn, self.cluster_arn = sim.svc.arn, sim.svc.cluster_arn
        self.task_definition = task_definition
        self.created_at = utcnow()
        self.config = {field: copy.deepcopy(getattr(sim.svc, field, None)) for field in REVISION_FIELDS}
        # What ECS made for an Express service (express.py), as this revision's deployment left it.
        self.managed_resources = copy.deepcopy(getattr(sim.svc, "bed_managed_resources", None))
        definition = sim.backend.describe_task_definition(task_definition)
        self.container_images = [
            {"containerName": c.get("name"), "image": c.get("image"),
             "imageDigest": ecr.resolve_digest(c.get("image"), sim.account_id)}
            for c in definition.container_definitions]
        _revisions[self.arn] = self

    def to_api(self) -> dict[str, Any]:
        fields = {xform: self.config[field] for field, xform in _CAMEL.items()}
        fields["platformFamily"] = "Linux" if self.config["launch_type"] == "FARGATE" else None
        return {"serviceRevisionArn": self.arn, "serviceArn": self.service_arn, "clusterArn": self.cluster_arn,
                "taskDefinition": self.task_definition, "containerImages": self.container_images,
                "createdAt": self.created_at, "ecsManagedResources": self.managed_resources, **fields}


_CAMEL = {field: field.split("_")[0] + "".join(p.title() for p in field.split("_")[1:]) for field in REVISION_FIELDS}


class Rollout:
    """One service deployment (AWS `ServiceDeployment`, and one entry of `deployments[]`)."""

    def __init__(self, sim: "ServiceSim", revision: Revision, plan: plans.Plan, sources: list["Rollout"]):
        number = _number()
        self.sim, self.revision, self.plan, self.sources = sim, revision, plan, sources
        self.id = f"ecs-svc/{number}"
        self.arn = f"arn:aws:ecs:{sim.region}:{sim.account_id}:service-deployment/{sim.cluster_name}/{sim.name}/{number}"
        self.config = copy.deepcopy(sim.svc.deployment_configuration or {})
        self.created_at = self.updated_at = utcnow()
        self.created_wall = time.time()  # for timing a rollout from outside (scripts/bench)
        self.finished_seq: int | None = None  # the request-log seq of the read that ended it
        self.started_at: datetime | None = None
        self.finished_at: datetime | None = None
        self.stopped_at: datetime | None = None
        self.status, self.status_reason = "PENDING", None
        self.legacy_status = "PRIMARY"
        self.rollout_state, self.rollout_state_reason = "IN_PROGRESS", f"ECS deployment {self.id} in progress."
        self.tasks: list[SimTask] = []
        self.failed_tasks = 0
        self.step_no = 0
        self.rollback: dict[str, Any] | None = None
        self.rollback_target: Rollout | None = None
        self.requested_rollback_reason: str | None = None
        self.circuit_breaker_triggered = False
        self.triggered_alarms: list[str] = []
        # Blue/green, linear, canary: the stages to walk and the traffic they move.
        self.stages = bluegreen.stages_for(self.config) if sources else []
        self.stage: str | None = None
        self.hook_details: list[dict[str, Any]] = []
        self.test_weight: float | None = 0.0 if self.stages else None
        self.production_weight: float | None = 0.0 if self.stages else None
        self.traffic = bluegreen.traffic_for(sim, self) if self.stages else []
        # Where this rollout's tasks become targets: (target group ARN, container, port).
        self.target_groups = bluegreen.target_groups_for(sim, self)
        self.fail_step = min(plan.fail_at or plan.steps, len(self.stages) or plan.steps)
        _rollouts[self.arn] = self

    # --- counts ------------------------------------------------------------------------

    @property
    def running(self) -> int:
        return sum(t.running for t in self.tasks)

    @property
    def pending(self) -> int:
        return sum(t.last_status == "PENDING" for t in self.tasks)

    @property
    def live_tasks(self) -> list[SimTask]:
        return [t for t in self.tasks if not t.stopped]

    @property
    def requested(self) -> int:
        return self.sim.svc.desired_count if self.legacy_status == "PRIMARY" else self.running + self.pending

    @property
    def threshold(self) -> int:
        """The circuit breaker's failure threshold for the current desired count."""
        configured = (self.config.get("deploymentCircuitBreaker") or {}).get("thresholdConfiguration") or {}
        if configured.get("type") == "COUNT":
            return int(configured.get("value", 3))
        percent = configured.get("value", 50) / 100
        return max(3, min(200, math.ceil(self.sim.svc.desired_count * percent)))

    # --- views -------------------------------------------------------------------------

    def legacy(self) -> dict[str, Any]:
        """The `deployments[]` entry of DescribeServices."""
        config = self.revision.config
        return {
            "id": self.id, "status": self.legacy_status, "taskDefinition": self.revision.task_definition,
            "desiredCount": self.requested, "pendingCount": self.pending, "runningCount": self.running,
            "failedTasks": self.failed_tasks, "createdAt": self.created_at, "updatedAt": self.updated_at,
            "launchType": config["launch_type"], "capacityProviderStrategy": config["capacity_provider_strategy"],
            "platformVersion": config["platform_version"],
            "platformFamily": "Linux" if config["launch_type"] == "FARGATE" else None,
            "networkConfiguration": config["network_configuration"],
            "serviceConnectConfiguration": config["service_connect_configuration"],
            "volumeConfigurations": config["volume_configurations"],
            "vpcLatticeConfigurations": config["vpc_lattice_configurations"],
            "rolloutState": self.rollout_state, "rolloutStateReason": self.rollout_state_reason,
        }

    def summary(self) -> dict[str, Any]:
        """ServiceRevisionSummary of this rollout's revision, with live counts."""
        return {"arn": self.revision.arn, "requestedTaskCount": self.requested if self in self.sim.active else 0,
                "runningTaskCount": self.running, "pendingTaskCount": self.pending,
                "requestedTestTrafficWeight": self.test_weight, "requestedProductionTrafficWeight": self.production_weight}

    def brief(self) -> dict[str, Any]:
        return {"serviceDeploymentArn": self.arn, "serviceArn": self.sim.svc.arn, "clusterArn": self.sim.svc.cluster_arn,
                "createdAt": self.created_at, "startedAt": self.started_at, "finishedAt": self.finished_at,
                "targetServiceRevisionArn": self.revision.arn, "status": self.status, "statusReason": self.status_reason}

    def to_api(self) -> dict[str, Any]:
        """The ServiceDeployment of DescribeServiceDeployments."""
        breaker = self.config.get("deploymentCircuitBreaker") or {}
        alarms = self.config.get("alarms") or {}
        sources = []
        for source in self.sources:
            summary = source.summary()
            if self.stages:  # the old revision keeps the traffic the new one has not taken
                summary["requestedTestTrafficWeight"] = 100.0 - (self.test_weight or 0.0)
                summary["requestedProductionTrafficWeight"] = 100.0 - (self.production_weight or 0.0)
            sources.append(summary)
        return {
            **self.brief(), "updatedAt": self.updated_at, "stoppedAt": self.stopped_at,
            "sourceServiceRevisions": sources, "targetServiceRevision": self.summary(),
            "lifecycleStage": self.stage, "lifecycleHookDetails": self.hook_details,
            "deploymentConfiguration": self.config, "rollback": self.rollback,
            "deploymentCircuitBreaker": {
                "status": self._monitor_status(bool(breaker.get("enable")), self.circuit_breaker_triggered),
                "failureCount": self.failed_tasks, "threshold": self.threshold},
            "alarms": {"status": self._monitor_status(bool(alarms.get("enable")), bool(self.triggered_alarms)),
                       "alarmNames": alarms.get("alarmNames", []), "triggeredAlarmNames": self.triggered_alarms},
        }

    def _monitor_status(self, enabled: bool, triggered: bool) -> str:
        if triggered:
            return "TRIGGERED"
        if not enabled:
            return "DISABLED"
        return "MONITORING" if self.status in IN_FLIGHT else "MONITORING_COMPLETE"

    def finish(self, status: str, reason: str | None = None) -> None:
        self.status, self.status_reason = status, reason
        self.finished_at = self.updated_at = utcnow()
        self.finished_seq = requestlog.upcoming()
        if status == "STOPPED":
            self.stopped_at = self.finished_at


class ServiceSim:
    """Everything the bed simulates for one ECS service (see module doc)."""

    def __init__(self, backend: EC2ContainerServiceBackend, svc: Service):
        self.backend, self.svc = backend, svc
        self.region, self.account_id = backend.region_name, backend.account_id
        self.rollouts: list[Rollout] = []  # history, oldest first
        self.active: list[Rollout] = []  # the deployments[] view: PRIMARY first, then ACTIVE ones
        self.progress = plans.Progress(plans.Plan())
        # Blue/green: configured target group -> the group currently serving production.
        self.production_target_groups: dict[str, str] = {}
        svc.bed_sim = self
        plans.track(self)

    @property
    def name(self) -> str:
        return self.svc.name

    @property
    def cluster_name(self) -> str:
        return self.svc.cluster_name

    @property
    def primary(self) -> Rollout | None:
        return self.active[0] if self.active else None

    @property
    def in_flight(self) -> Rollout | None:
        return next((r for r in reversed(self.rollouts) if r.status in IN_FLIGHT), None)

    @property
    def busy(self) -> bool:
        return self.in_flight is not None or self._needs_scaling()

    # --- entry points --------------------------------------------------------------------

    def start(self, task_definition: str, plan: plans.Plan) -> Rollout:
        """A new deployment: it becomes PRIMARY, whatever ran before becomes ACTIVE."""
        superseded = self.in_flight
        if superseded is not None:
            superseded.finish("STOPPED", f"ECS deployment {superseded.id} was superseded by a newer deployment.")
        revision = Revision(self, task_definition)
        rollout = Rollout(self, revision, plan, sources=list(self.active))
        for older in self.active:
            older.legacy_status = "ACTIVE"
        self.active.insert(0, rollout)
        self.rollouts.append(rollout)
        self.progress = plans.Progress(plan)
        self.render()
        return rollout

    def scaled(self) -> None:
        """desiredCount changed: the next step moves the tasks (never instantly, as on AWS)."""
        self.render()

    def request_stop(self, rollout: Rollout, stop_type: str) -> None:
        if stop_type == "ROLLBACK":
            rollout.status, rollout.requested_rollback_reason = "ROLLBACK_REQUESTED", "Service deployment rolled back because of a request."
        else:
            rollout.status = "STOP_REQUESTED"
        rollout.updated_at = utcnow()
        self.progress.resume()

    def continue_hook(self, rollout: Rollout, hook_id: str, action: str) -> bool:
        hook = next((h for h in rollout.hook_details if h["hookId"] == hook_id and h["status"] == "AWAITING_ACTION"), None)
        if hook is None:
            return False
        if action == "ROLLBACK":
            hook["status"] = "FAILED"
            rollout.status, rollout.requested_rollback_reason = "ROLLBACK_REQUESTED", "Lifecycle hook requested a rollback."
        else:
            hook["status"] = "SUCCEEDED"
        self.progress.resume()
        return True

    def cut_over(self, task_definition: str, target_groups: list[tuple[str, str, int]]) -> Rollout:
        """What a successful CodeDeploy deployment leaves: the new revision's tasks serving in
        `target_groups`, the old ones gone. Done in one step (CodeDeploy paced it already)."""
        rollout = self.start(task_definition, plans.Plan())
        rollout.target_groups = target_groups
        self.reconcile(rollout, self.svc.desired_count, 0)
        self.complete(rollout)
        self.render()
        return rollout

    def shut_down(self) -> None:
        """The service was deleted: stop everything it ran."""
        for rollout in self.active:
            self._stop_tasks(rollout.live_tasks, "Service deleted")
        in_flight = self.in_flight
        if in_flight is not None:
            in_flight.finish("STOPPED", "The service was deleted.")
        self.active.clear()
        self.render()

    # --- stepping ------------------------------------------------------------------------

    def step(self) -> None:
        rollout = self.in_flight
        if rollout is None:
            self._scale()
        elif rollout.status == "STOP_REQUESTED":
            rollout.rollout_state, rollout.rollout_state_reason = "FAILED", f"ECS deployment {rollout.id} stopped."
            rollout.finish("STOPPED", "Service deployment stopped by request.")
        elif rollout.status == "ROLLBACK_REQUESTED":
            self.begin_rollback(rollout, rollout.requested_rollback_reason or "")
        elif rollout.status == "ROLLBACK_IN_PROGRESS":
            self._finish_rollback(rollout)
        else:
            self._forward(rollout)
        self.render()

    def _forward(self, rollout: Rollout) -> None:
        rollout.status = "IN_PROGRESS"
        rollout.started_at = rollout.started_at or utcnow()
        rollout.updated_at = utcnow()
        rollout.step_no += 1
        alarms = rollout.config.get("alarms") or {}
        firing = cloudwatch.alarms_in_alarm(self.account_id, self.region, alarms.get("alarmNames", [])) if alarms.get("enable") else []
        outcome = rollout.plan.outcome
        if firing:
            self._fail(rollout, firing)
        elif outcome == "fail" and rollout.step_no >= rollout.fail_step:
            self._fail(rollout)
        elif outcome == "stuck" or (outcome == "fail" and not rollout.stages):
            self._launch_failing_tasks(rollout)
        elif rollout.stages:
            bluegreen.advance(self, rollout)
        else:
            self._rolling_step(rollout)

    def _rolling_step(self, rollout: Rollout) -> None:
        desired, steps, k = self.svc.desired_count, rollout.plan.steps, rollout.step_no
        running = desired if k >= steps else desired * k // steps
        self.reconcile(rollout, running, 0 if k >= steps else desired - running)
        self._drain_older(desired - running)
        if k >= steps:
            self.complete(rollout)

    def _launch_failing_tasks(self, rollout: Rollout) -> None:
        """Tasks that start and exit, as the circuit breaker counts them."""
        plan = rollout.plan
        if plan.outcome == "stuck":
            count = plan.failed_tasks or 1
        else:
            total = plan.failed_tasks if plan.failed_tasks is not None else rollout.threshold
            count = round(total * rollout.step_no / rollout.fail_step) - rollout.failed_tasks
        launched = [self._new_task(rollout) for _ in range(max(count, 0))]
        if launched:
            self._started_event(launched)
        for task in launched:
            task.start()
            task.stop(plan.stopped_reason or DEFAULT_STOP_REASON, "EssentialContainerExited",
                      plan.exit_code if plan.exit_code is not None else 1, plan.log_lines)
        rollout.failed_tasks += len(launched)

    def _fail(self, rollout: Rollout, firing_alarms: list[str] | None = None) -> None:
        if firing_alarms:
            rollout.triggered_alarms = firing_alarms
            reason = f"ECS deployment alarms: {', '.join(firing_alarms)} in ALARM state."
            rollback = bool((rollout.config.get("alarms") or {}).get("rollback"))
            self.event(f"(service {self.name}) (deployment {rollout.id}) deployment failed: alarm detected.")
        else:
            self._launch_failing_tasks(rollout)
            rollout.circuit_breaker_triggered = True
            reason = CIRCUIT_BREAKER_REASON
            rollback = bool((rollout.config.get("deploymentCircuitBreaker") or {}).get("rollback"))
            self.event(f"(service {self.name}) (deployment {rollout.id}) deployment failed: tasks failed to start.")
        rollout.rollout_state, rollout.rollout_state_reason = "FAILED", reason
        if rollback and self._rollback_target(rollout) is not None:
            self.begin_rollback(rollout, reason)
        else:
            rollout.finish("STOPPED", reason)

    def _rollback_target(self, rollout: Rollout) -> Rollout | None:
        """What AWS rolls back to: the most recent deployment that reached COMPLETED."""
        earlier = self.rollouts[: self.rollouts.index(rollout)]
        return next((r for r in reversed(earlier) if r.rollout_state == "COMPLETED"), None)

    def begin_rollback(self, rollout: Rollout, reason: str) -> None:
        target = self._rollback_target(rollout)
        if target is None:
            rollout.finish("ROLLBACK_FAILED", "There is no earlier completed deployment to roll back to.")
            return
        rollout.status, rollout.updated_at = "ROLLBACK_IN_PROGRESS", utcnow()
        rollout.rollback = {"reason": reason, "startedAt": utcnow(), "serviceRevisionArn": target.revision.arn}
        rollout.rollback_target = target
        if rollout.rollout_state == "IN_PROGRESS":
            rollout.rollout_state, rollout.rollout_state_reason = "FAILED", reason
        rollout.legacy_status, target.legacy_status = "ACTIVE", "PRIMARY"
        if target in self.active:
            self.active.remove(target)
        self.active.insert(0, target)
        target.rollout_state, target.rollout_state_reason = "IN_PROGRESS", f"ECS deployment {target.id} in progress."
        target.updated_at = utcnow()
        self.event(f"(service {self.name}) rolling back to deployment {target.id}.")
        if rollout.stages:
            bluegreen.shift_back(rollout)

    def _finish_rollback(self, rollout: Rollout) -> None:
        target = rollout.rollback_target
        self.reconcile(target, self.svc.desired_count, 0)
        self._drain_older(0)
        elbv2.settle([t.task_arn for t in target.tasks])
        rollout.finish("ROLLBACK_SUCCESSFUL", rollout.rollback["reason"])
        target.rollout_state, target.rollout_state_reason = "COMPLETED", f"ECS deployment {target.id} completed."
        self.event(f"(service {self.name}) (deployment {target.id}) deployment completed.")
        self.event(f"(service {self.name}) has reached a steady state.")

    def complete(self, rollout: Rollout) -> None:
        self._drain_older(0)
        elbv2.settle([t.task_arn for t in rollout.tasks])
        rollout.rollout_state, rollout.rollout_state_reason = "COMPLETED", f"ECS deployment {rollout.id} completed."
        rollout.finish("SUCCESSFUL")
        self.event(f"(service {self.name}) (deployment {rollout.id}) deployment completed.")
        self.event(f"(service {self.name}) has reached a steady state.")

    def _needs_scaling(self) -> bool:
        primary = self.primary
        return (primary is not None and primary.rollout_state == "COMPLETED"
                and (primary.running != self.svc.desired_count or primary.pending > 0 or len(self.active) > 1))

    def _scale(self) -> None:
        if self._needs_scaling():
            self.reconcile(self.primary, self.svc.desired_count, 0)
            self._drain_older(0)
            self.event(f"(service {self.name}) has reached a steady state.")

    # --- tasks ---------------------------------------------------------------------------

    def reconcile(self, rollout: Rollout, running: int, pending: int) -> None:
        """Launch, start or stop tasks of `rollout` until it has `running` + `pending`."""
        live = rollout.live_tasks
        waiting = [t for t in live if t.last_status == "PENDING"]
        up = [t for t in live if t.running]
        launched, to_start = [], []
        while len(up) + len(to_start) < running:
            if waiting:
                to_start.append(waiting.pop(0))
            else:
                launched.append(self._new_task(rollout))
                to_start.append(launched[-1])
        while len(waiting) < pending:
            launched.append(self._new_task(rollout))
            waiting.append(launched[-1])
        if launched:
            self._started_event(launched)
        self._start_tasks(rollout, to_start)
        self._stop_tasks(up[running:] + waiting[pending:], f"Scaling activity initiated by (deployment {rollout.id})")

    def _drain_older(self, keep: int) -> None:
        """Shrink the non-primary deployments to `keep` running tasks; drop emptied ones."""
        for rollout in self.active[1:]:
            live = rollout.live_tasks
            excess = max(0, len(live) - keep)
            self._stop_tasks(live[:excess], f"Scaling activity initiated by (deployment {self.primary.id})")
            keep = max(0, keep - len(rollout.live_tasks))
            if not rollout.live_tasks:
                self.active.remove(rollout)
                rollout.legacy_status = "INACTIVE"

    def _new_task(self, rollout: Rollout) -> SimTask:
        config = rollout.revision.config
        strategy = config["capacity_provider_strategy"] or []
        capacity_provider = strategy[0]["capacityProvider"] if strategy else None
        launch_type = config["launch_type"]
        cluster = self.backend._get_cluster(self.cluster_name)
        task = SimTask(self.backend, cluster, self.backend.describe_task_definition(rollout.revision.task_definition),
                       group=f"service:{self.name}", started_by=rollout.id, launch_type=launch_type,
                       capacity_provider_name=capacity_provider, network_configuration=config["network_configuration"],
                       platform_version=config["platform_version"] or "LATEST",
                       container_instance=place(self.backend, cluster, uses_container_instances(launch_type, capacity_provider)))
        task.enable_execute_command = bool(getattr(self.svc, "enable_execute_command", False))
        add_to_backend(self.backend, task)
        rollout.tasks.append(task)
        return task

    def _start_tasks(self, rollout: Rollout, tasks: list[SimTask]) -> None:
        registered: dict[str, int] = {}
        for task in tasks:
            task.start()
            for arn, container, port in rollout.target_groups:
                if elbv2.register(arn, task, container, port):
                    registered[arn] = registered.get(arn, 0) + 1
        for arn, count in registered.items():
            self.event(f"(service {self.name}) registered {count} targets in (target-group {arn})")

    def _started_event(self, tasks: list[SimTask]) -> None:
        ids = " ".join(f"(task {t.id})" for t in tasks)
        self.event(f"(service {self.name}) has started {len(tasks)} tasks: {ids}.")

    def _stop_tasks(self, tasks: list[SimTask], reason: str) -> None:
        if not tasks:
            return
        groups: dict[str, int] = {}
        for task in tasks:
            was_running = task.running
            task.stop(reason, "ServiceSchedulerInitiated", 0 if was_running else None)
            for arn in elbv2.deregister_task(task.task_arn):
                groups[arn] = groups.get(arn, 0) + 1
        if groups:
            self.event(f"(service {self.name}) has begun draining connections on {len(tasks)} tasks.")
            for arn, count in groups.items():
                self.event(f"(service {self.name}) deregistered {count} targets in (target-group {arn})")
        ids = " ".join(f"(task {t.id})" for t in tasks)
        self.event(f"(service {self.name}) has stopped {len(tasks)} running tasks: {ids}.")

    # --- writing the picture back onto moto's Service -------------------------------------

    def event(self, message: str) -> None:
        self.svc.events.insert(0, {"id": str(uuid.uuid4()), "createdAt": utcnow(), "message": message})
        del self.svc.events[_MAX_EVENTS:]

    def render(self) -> None:
        svc = self.svc
        svc.deployments = [rollout.legacy() for rollout in self.active]
        svc.running_count = sum(r.running for r in self.active)
        svc.pending_count = sum(r.pending for r in self.active)
        if self.primary is not None:
            svc.task_definition = self.primary.revision.task_definition
        svc.current_service_deployment = self.rollouts[-1].arn if self.rollouts else None
        svc.current_service_revisions = [
            {k: v for k, v in r.summary().items() if k in ("arn", "requestedTaskCount", "runningTaskCount", "pendingTaskCount")}
            for r in self.active]


def sim_of(svc: Service) -> ServiceSim:
    return svc.bed_sim


def find_rollout(arn: str) -> Rollout | None:
    return _rollouts.get(arn)


def find_revision(arn: str) -> Revision | None:
    return _revisions.get(arn)


def dump() -> list[dict[str, Any]]:
    """GET /_bed/state: a compact picture of every simulated service."""
    services = []
    for regions in ecs_backends.values():
        for backend in regions.values():
            for svc in backend.services.values():
                sim = getattr(svc, "bed_sim", None)
                if sim is None:
                    continue
                services.append({
                    "service": svc.arn, "desired": svc.desired_count, "running": svc.running_count,
                    "deployments": [{"id": r.id, "status": r.status, "legacy": r.legacy_status, "rolloutState": r.rollout_state,
                                     "stage": r.stage, "productionWeight": r.production_weight, "running": r.running, "pending": r.pending, "failed": r.failed_tasks,
                                     "taskDefinition": r.revision.task_definition, "createdWall": r.created_wall,
                                     "finishedSeq": r.finished_seq} for r in sim.rollouts]})
    return services
