"""ECS daemons (moto has none): daemon task definitions, daemons, their revisions and deployments.

A daemon runs one task on each container instance of its capacity providers. The bed keeps,
per daemon, which revision each instance runs (the instances of a capacity provider are the
cluster's container instances its Auto Scaling group launched), and a deployment moves the
instances to its target revision over its steps, as a plan says (`kind: daemon`, matched by
the daemon's name; the usual `mode`, `steps`, `step_seconds`, `outcome`, `fail_at`,
`failed_tasks`, `count`). Reads that advance it (reads mode): DescribeDaemon,
DescribeDaemonDeployments and ListDaemonDeployments of the daemon.

- Step k of N moves ⌈instances·k/N⌉ instances to the target revision (the batch moving is
  `drainingInstanceCount`); step N makes the deployment SUCCESSFUL. Without instances it
  succeeds at its first step.
- `fail`: at step `fail_at` (default N) the circuit breaker is TRIGGERED (`failureCount`:
  `failed_tasks`, default its `threshold` of 3) and, if an earlier revision ran, the deployment
  rolls back (ROLLBACK_IN_PROGRESS, `rollback` with the reason and the revision returned to),
  every instance returning to that revision one step later (ROLLBACK_SUCCESSFUL); a first
  deployment has nothing to return to and is STOPPED.
- `deploymentConfiguration.alarms` (`enable`): an alarm in ALARM at a step fails it the same
  way (alarms TRIGGERED, `triggeredAlarmNames`).
- `stuck`: the deployment never moves (timeouts).
- An UpdateDaemon during a deployment stops it (STOPPED, superseded) and starts the next from
  what the instances run.

Errors are AWS's: ClusterNotFoundException, DaemonNotFoundException, DaemonNotActiveException,
ClientException (an unknown or deleted daemon task definition), InvalidParameterException (an
unknown capacity provider, a duplicate daemon name). ARNs: `daemon/<cluster>/<name>`,
`daemon-task-definition/<family>:<revision>`, `daemon-revision/<cluster>/<name>/<id>` and
`daemon-deployment/<cluster>/<name>/<id>`. Daemon tasks themselves are not simulated (ListTasks
does not show them); counts are per instance.
"""

import copy
import math
import random
from datetime import UTC, datetime
from typing import Any

from moto.autoscaling.models import autoscaling_backends
from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.ecs.exceptions import ClusterNotFoundException, ECSException, EcsClientException, InvalidParameterException
from moto.ecs.models import EC2ContainerServiceBackend
from moto.ecs.responses import EC2ContainerServiceResponse

from . import cloudwatch, ecr, plans, requestlog
from .state import on_reset

IN_FLIGHT = ("PENDING", "IN_PROGRESS", "ROLLBACK_IN_PROGRESS")
THRESHOLD = 3
CIRCUIT_BREAKER_REASON = "ECS daemon deployment circuit breaker: daemon tasks failed to start."
_REVISION_FLAGS = ("propagateTags", "enableECSManagedTags", "enableExecuteCommand", "critical")


class DaemonNotFoundException(ECSException):
    code = "DaemonNotFoundException"


class DaemonNotActiveException(ECSException):
    code = "DaemonNotActiveException"


# (account, region) -> family -> revision -> definition; ARN -> object for the others.
_task_definitions: dict[tuple[str, str], dict[str, dict[int, dict[str, Any]]]] = {}
_daemons: dict[str, "Daemon"] = {}
_revisions: dict[str, "Revision"] = {}
_deployments: dict[str, "Deployment"] = {}


@on_reset
def _clear() -> None:
    for store in (_task_definitions, _daemons, _revisions, _deployments):
        store.clear()


def _number() -> str:
    return str(random.randint(10**18, 10**19 - 1))


def _aware(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.fromtimestamp(float(value), UTC)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class Revision:
    """A daemon revision: its task definition and flags, and the capacity providers it targets."""

    def __init__(self, daemon: "Daemon", task_definition: dict[str, Any], providers: list[str]):
        self.arn = f"arn:aws:ecs:{daemon.region}:{daemon.account}:daemon-revision/{daemon.cluster_name}/{daemon.name}/{_number()}"
        self.daemon, self.task_definition, self.providers = daemon, task_definition, providers
        self.flags = {flag: daemon.config[flag] for flag in _REVISION_FLAGS}
        self.created_at = utcnow()
        _revisions[self.arn] = self

    def to_api(self) -> dict[str, Any]:
        images = [{"containerName": c.get("name"), "image": c.get("image"),
                   "imageDigest": ecr.resolve_digest(c.get("image"), self.daemon.account)}
                  for c in self.task_definition["containerDefinitions"]]
        return {"daemonRevisionArn": self.arn, "clusterArn": self.daemon.cluster_arn, "daemonArn": self.daemon.arn,
                "daemonTaskDefinitionArn": self.task_definition["daemonTaskDefinitionArn"],
                "createdAt": self.created_at, "containerImages": images, **self.flags}


class Deployment:
    """One daemon deployment: from the revisions the instances run to a target revision."""

    def __init__(self, daemon: "Daemon", target: Revision, plan: plans.Plan):
        number = _number()
        self.arn = f"arn:aws:ecs:{daemon.region}:{daemon.account}:daemon-deployment/{daemon.cluster_name}/{daemon.name}/{number}"
        self.daemon, self.target, self.plan = daemon, target, plan
        self.sources = [_revisions[arn] for arn in dict.fromkeys(daemon.placement.values()) if arn in _revisions]
        self.config = copy.deepcopy(daemon.config["deploymentConfiguration"])
        self.status, self.status_reason = "PENDING", None
        self.created_at = utcnow()
        self.started_at = self.stopped_at = self.finished_at = None
        self.step_no, self.failures, self.triggered_alarms = 0, 0, []
        self.breaker_triggered = False
        self.rollback: dict[str, Any] | None = None
        self.draining = 0
        _deployments[self.arn] = self

    def finish(self, status: str, reason: str | None = None) -> None:
        self.status, self.status_reason = status, reason
        self.finished_at = utcnow()
        if status == "STOPPED":
            self.stopped_at = self.finished_at
        self.draining = 0
        self.daemon.finished_seq = requestlog.upcoming()

    def _monitor(self, enabled: bool, triggered: bool) -> str:
        if triggered:
            return "TRIGGERED"
        if not enabled:
            return "DISABLED"
        return "MONITORING" if self.status in IN_FLIGHT else "MONITORING_COMPLETE"

    def _revision_detail(self, revision: Revision) -> dict[str, Any]:
        providers = []
        for provider in revision.providers:
            instances = self.daemon.instances(provider)
            running = sum(self.daemon.placement.get(i) == revision.arn for i in instances)
            providers.append({"arn": provider, "runningInstanceCount": running, "withoutDaemonInstanceCount": 0,
                              "drainingInstanceCount": self.draining if revision is self.target else 0})
        return {"arn": revision.arn, "capacityProviders": providers,
                "totalRunningInstanceCount": sum(p["runningInstanceCount"] for p in providers),
                "totalWithoutDaemonInstanceCount": 0,
                "totalDrainingInstanceCount": sum(p["drainingInstanceCount"] for p in providers)}

    def summary(self) -> dict[str, Any]:
        return {"daemonDeploymentArn": self.arn, "daemonArn": self.daemon.arn, "clusterArn": self.daemon.cluster_arn,
                "status": self.status, "statusReason": self.status_reason, "targetDaemonRevisionArn": self.target.arn,
                "createdAt": self.created_at, "startedAt": self.started_at, "stoppedAt": self.stopped_at,
                "finishedAt": self.finished_at}

    def to_api(self) -> dict[str, Any]:
        alarms = (self.config or {}).get("alarms") or {}
        return {"daemonDeploymentArn": self.arn, "clusterArn": self.daemon.cluster_arn, "status": self.status,
                "statusReason": self.status_reason, "targetDaemonRevision": self._revision_detail(self.target),
                "sourceDaemonRevisions": [self._revision_detail(r) for r in self.sources],
                "circuitBreaker": {"failureCount": self.failures, "threshold": THRESHOLD,
                                   "status": self._monitor(True, self.breaker_triggered)},
                "alarms": {"status": self._monitor(bool(alarms.get("enable")), bool(self.triggered_alarms)),
                           "alarmNames": alarms.get("alarmNames", []), "triggeredAlarmNames": self.triggered_alarms},
                "rollback": self.rollback, "deploymentConfiguration": self.config, "createdAt": self.created_at,
                "startedAt": self.started_at, "stoppedAt": self.stopped_at, "finishedAt": self.finished_at}


class Daemon:
    """A daemon, where its revisions run, and its deployments (an Activity for plans.py)."""

    def __init__(self, backend: EC2ContainerServiceBackend, cluster: Any, name: str, config: dict[str, Any],
                 tags: list[dict[str, str]]):
        self.backend, self.name = backend, name
        self.account, self.region = backend.account_id, backend.region_name
        self.cluster_name, self.cluster_arn = cluster.name, cluster.arn
        self.arn = f"arn:aws:ecs:{self.region}:{self.account}:daemon/{cluster.name}/{name}"
        self.config, self.tags = config, tags
        self.status = "ACTIVE"
        self.created_at = self.updated_at = utcnow()
        self.placement: dict[str, str] = {}  # container instance ARN -> revision ARN
        self.deployments: list[Deployment] = []
        self.progress = plans.Progress(plans.Plan())
        self.finished_seq: int | None = None
        _daemons[self.arn] = self
        plans.track(self)

    def instances(self, provider_arn: str) -> list[str]:
        """The cluster's container instances that the capacity provider's Auto Scaling group runs."""
        provider = next((p for p in self.backend.capacity_providers.values() if p.capacity_provider_arn == provider_arn), None)
        group_arn = ((provider.auto_scaling_group_provider or {}).get("autoScalingGroupArn") if provider else None)
        groups = autoscaling_backends[self.account][self.region].autoscaling_groups.values()
        group = next((g for g in groups if g.arn == group_arn), None)
        ids = {state.instance.id for state in group.instance_states} if group else set()
        return [arn for arn, instance in self.backend.container_instances.get(self.cluster_name, {}).items()
                if instance.ec2_instance_id in ids and instance.status == "ACTIVE"]

    @property
    def in_flight(self) -> Deployment | None:
        return next((d for d in reversed(self.deployments) if d.status in IN_FLIGHT), None)

    @property
    def busy(self) -> bool:
        return self.in_flight is not None and self.status == "ACTIVE"

    def deploy(self, task_definition: dict[str, Any]) -> Deployment:
        superseded = self.in_flight
        if superseded is not None:
            superseded.finish("STOPPED", "Daemon deployment was superseded by a newer deployment.")
        revision = Revision(self, task_definition, list(self.config["capacityProviderArns"]))
        deployment = Deployment(self, revision, plans.take("daemon", self.name))
        self.deployments.append(deployment)
        self.progress = plans.Progress(deployment.plan)
        self.updated_at = utcnow()
        return deployment

    # --- stepping ------------------------------------------------------------------------

    def step(self) -> None:
        deployment = self.in_flight
        if deployment is None:
            return
        if deployment.status == "ROLLBACK_IN_PROGRESS":
            self._return_to(deployment, _revisions[deployment.rollback["rollbackTargetDaemonRevisionArn"]])
            deployment.finish("ROLLBACK_SUCCESSFUL", deployment.rollback["reason"])
            return
        deployment.status = "IN_PROGRESS"
        deployment.started_at = deployment.started_at or utcnow()
        deployment.step_no += 1
        plan = deployment.plan
        alarms = (deployment.config or {}).get("alarms") or {}
        firing = (cloudwatch.alarms_in_alarm(self.account, self.region, alarms.get("alarmNames", []))
                  if alarms.get("enable") else [])
        if plan.outcome == "stuck":
            return
        if firing:
            deployment.triggered_alarms = firing
            self._fail(deployment, f"ECS daemon deployment alarms: {', '.join(firing)} in ALARM state.")
        elif plan.outcome == "fail" and deployment.step_no >= min(plan.fail_at or plan.steps, plan.steps):
            deployment.breaker_triggered = True
            deployment.failures = plan.failed_tasks if plan.failed_tasks is not None else THRESHOLD
            self._fail(deployment, CIRCUIT_BREAKER_REASON)
        else:
            self._forward(deployment)

    def _forward(self, deployment: Deployment) -> None:
        targets = [i for p in deployment.target.providers for i in self.instances(p)]
        steps, k = deployment.plan.steps, deployment.step_no
        moved = len(targets) if k >= steps else math.ceil(len(targets) * k / steps)
        before = sum(self.placement.get(i) == deployment.target.arn for i in targets)
        for instance in targets[:moved]:
            self.placement[instance] = deployment.target.arn
        deployment.draining = max(0, moved - before) if k < steps else 0
        if k >= steps or not targets:
            deployment.finish("SUCCESSFUL")

    def _fail(self, deployment: Deployment, reason: str) -> None:
        source = deployment.sources[0] if deployment.sources else None
        if source is None:
            self._return_to(deployment, None)
            deployment.finish("STOPPED", reason)
            return
        deployment.status, deployment.status_reason = "ROLLBACK_IN_PROGRESS", reason
        deployment.rollback = {"reason": reason, "startedAt": utcnow(), "rollbackTargetDaemonRevisionArn": source.arn,
                               "rollbackCapacityProviders": list(source.providers)}

    def _return_to(self, deployment: Deployment, revision: Revision | None) -> None:
        for instance, arn in list(self.placement.items()):
            if arn == deployment.target.arn:
                if revision is None:
                    del self.placement[instance]
                else:
                    self.placement[instance] = revision.arn
        deployment.draining = 0

    # --- views ---------------------------------------------------------------------------

    def detail(self) -> dict[str, Any]:
        current = []
        for arn in dict.fromkeys(self.placement.values()):
            revision = _revisions[arn]
            providers = [{"arn": p, "runningCount": sum(self.placement.get(i) == arn for i in self.instances(p)),
                          "withoutDaemonCount": 0} for p in revision.providers]
            current.append({"arn": arn, "capacityProviders": providers,
                            "totalRunningCount": sum(p["runningCount"] for p in providers), "totalWithoutDaemonCount": 0})
        return {"daemonArn": self.arn, "clusterArn": self.cluster_arn, "status": self.status, "currentRevisions": current,
                "deploymentArn": self.deployments[-1].arn if self.deployments else None,
                "createdAt": self.created_at, "updatedAt": self.updated_at}

    def brief(self) -> dict[str, Any]:
        return {"daemonArn": self.arn, "status": self.status, "createdAt": self.created_at, "updatedAt": self.updated_at}


# --- daemon task definitions ---------------------------------------------------------------


def _families(backend: EC2ContainerServiceBackend) -> dict[str, dict[int, dict[str, Any]]]:
    return _task_definitions.setdefault((backend.account_id, backend.region_name), {})


def find_task_definition(backend: EC2ContainerServiceBackend, reference: str) -> dict[str, Any]:
    name = reference.split("/")[-1]
    family, _, revision = name.partition(":")
    revisions = _families(backend).get(family) or {}
    definition = revisions.get(int(revision)) if revision.isdigit() else (revisions[max(revisions)] if revisions else None)
    if definition is None:
        raise EcsClientException("Unable to describe daemon task definition.")
    return definition


def _register(self: EC2ContainerServiceResponse) -> ActionResult:
    params, backend = self._get_params(), self.ecs_backend
    family, containers = params.get("family"), params.get("containerDefinitions") or []
    if not family or not containers:
        raise InvalidParameterException("A daemon task definition needs a family and at least one container definition.")
    for container in containers:
        if not container.get("image"):
            raise InvalidParameterException("Container.image should not be null or empty.")
        container.setdefault("essential", True)
    revisions = _families(backend).setdefault(family, {})
    revision = max(revisions, default=0) + 1
    arn = f"arn:aws:ecs:{backend.region_name}:{backend.account_id}:daemon-task-definition/{family}:{revision}"
    members = ("taskRoleArn", "executionRoleArn", "cpu", "memory", "volumes", "pidMode", "ipcMode")
    revisions[revision] = {
        "daemonTaskDefinitionArn": arn, "family": family, "revision": revision, "containerDefinitions": containers,
        **{m: params[m] for m in members if params.get(m) is not None}, "status": "ACTIVE", "registeredAt": utcnow(),
        "registeredBy": f"arn:aws:iam::{backend.account_id}:root", "tags": params.get("tags") or []}
    return ActionResult({"daemonTaskDefinitionArn": arn})


def _describe_task_definition(self: EC2ContainerServiceResponse) -> ActionResult:
    definition = find_task_definition(self.ecs_backend, self._get_param("daemonTaskDefinition"))
    return ActionResult({"daemonTaskDefinition": {k: v for k, v in definition.items() if k != "tags"}})


def _list_task_definitions(self: EC2ContainerServiceResponse) -> ActionResult:
    params = self._get_params()
    status = params.get("status") or "ACTIVE"
    found = [d for family, revisions in _families(self.ecs_backend).items()
             if (not params.get("family") or family == params["family"])
             and (not params.get("familyPrefix") or family.startswith(params["familyPrefix"]))
             for d in (list(revisions.values())[-1:] if params.get("revision") == "LAST_REGISTERED" else revisions.values())
             if status == "ALL" or d["status"] == status]
    found.sort(key=lambda d: (d["family"], d["revision"]), reverse=params.get("sort") == "DESC")
    start = int(params.get("nextToken") or 0)
    end = start + (params.get("maxResults") or 100)
    return ActionResult({"daemonTaskDefinitions": [{"arn": d["daemonTaskDefinitionArn"], "registeredAt": d["registeredAt"],
                                                    "registeredBy": d["registeredBy"], "status": d["status"]}
                                                   for d in found[start:end]],
                         "nextToken": str(end) if end < len(found) else None})


def _delete_task_definition(self: EC2ContainerServiceResponse) -> ActionResult:
    definition = find_task_definition(self.ecs_backend, self._get_param("daemonTaskDefinition"))
    definition["status"], definition["deleteRequestedAt"] = "DELETE_IN_PROGRESS", utcnow()
    return ActionResult({"daemonTaskDefinitionArn": definition["daemonTaskDefinitionArn"]})


# --- daemons -------------------------------------------------------------------------------


def _daemon_or_raise(arn: str) -> Daemon:
    daemon = _daemons.get(arn)
    if daemon is None:
        raise DaemonNotFoundException(f"The daemon {arn} does not exist.")
    return daemon


def _active_definition(backend: EC2ContainerServiceBackend, reference: str) -> dict[str, Any]:
    definition = find_task_definition(backend, reference)
    if definition["status"] != "ACTIVE":
        raise EcsClientException(f"The daemon task definition {reference} is being deleted.")
    return definition


def _providers(backend: EC2ContainerServiceBackend, references: list[str]) -> list[str]:
    """Capacity providers by name or ARN, as ARNs."""
    arns = []
    for reference in references or []:
        provider = next((p for p in backend.capacity_providers.values()
                         if reference in (p.name, p.capacity_provider_arn)), None)
        if provider is None:
            raise InvalidParameterException(f"The specified capacity provider {reference} was not found.")
        arns.append(provider.capacity_provider_arn)
    if not arns:
        raise InvalidParameterException("capacityProviderArns must name at least one capacity provider.")
    return arns


def _config(backend: EC2ContainerServiceBackend, params: dict[str, Any]) -> dict[str, Any]:
    """The daemon's settings with ECS's documented defaults filled in."""
    deployment = copy.deepcopy(params.get("deploymentConfiguration"))
    if deployment is not None:
        deployment.setdefault("bakeTimeInMinutes", 0)
        if deployment.get("alarms") is not None:
            deployment["alarms"].setdefault("enable", False)
    return {"capacityProviderArns": _providers(backend, params.get("capacityProviderArns")),
            "deploymentConfiguration": deployment, "propagateTags": params.get("propagateTags") or "NONE",
            "enableECSManagedTags": bool(params.get("enableECSManagedTags")),
            "enableExecuteCommand": bool(params.get("enableExecuteCommand")),
            "critical": params.get("critical", True) if params.get("critical") is not None else True}


def _answer(daemon: Daemon) -> dict[str, Any]:
    return {"daemonArn": daemon.arn, "status": daemon.status, "createdAt": daemon.created_at,
            "updatedAt": daemon.updated_at, "deploymentArn": daemon.deployments[-1].arn if daemon.deployments else None}


def _create(self: EC2ContainerServiceResponse) -> ActionResult:
    params, backend = self._get_params(), self.ecs_backend
    cluster_name = (params.get("clusterArn") or "default").split("/")[-1]
    cluster = backend.clusters.get(cluster_name)
    if cluster is None:
        raise ClusterNotFoundException
    name = params["daemonName"]
    existing = next((d for d in _daemons.values() if d.cluster_arn == cluster.arn and d.name == name and d.status == "ACTIVE"), None)
    if existing is not None:
        if params.get("clientToken") and params["clientToken"] == getattr(existing, "client_token", None):
            return ActionResult(_answer(existing))
        raise InvalidParameterException("Creation of daemon was not idempotent.")
    definition = _active_definition(backend, params["daemonTaskDefinitionArn"])
    daemon = Daemon(backend, cluster, name, _config(backend, params), params.get("tags") or [])
    daemon.client_token = params.get("clientToken")
    daemon.deploy(definition)
    return ActionResult(_answer(daemon))


def _update(self: EC2ContainerServiceResponse) -> ActionResult:
    params, backend = self._get_params(), self.ecs_backend
    daemon = _daemon_or_raise(params["daemonArn"])
    if daemon.status != "ACTIVE":
        raise DaemonNotActiveException(f"The daemon {daemon.arn} is not ACTIVE.")
    definition = _active_definition(backend, params["daemonTaskDefinitionArn"])
    daemon.config = _config(backend, params)
    daemon.deploy(definition)
    return ActionResult(_answer(daemon))


def _describe(self: EC2ContainerServiceResponse) -> ActionResult:
    daemon = _daemon_or_raise(self._get_param("daemonArn"))
    plans.read(daemon)
    return ActionResult({"daemon": daemon.detail()})


def _list(self: EC2ContainerServiceResponse) -> ActionResult:
    params = self._get_params()
    cluster = (params.get("clusterArn") or "default").split("/")[-1]
    wanted = set(params.get("capacityProviderArns") or [])
    found = [d for d in _daemons.values() if d.account == self.ecs_backend.account_id and d.region == self.ecs_backend.region_name
             and d.cluster_name == cluster and (not wanted or wanted & set(d.config["capacityProviderArns"]))]
    start = int(params.get("nextToken") or 0)
    end = start + (params.get("maxResults") or 100)
    return ActionResult({"daemonSummariesList": [d.brief() for d in found[start:end]],
                         "nextToken": str(end) if end < len(found) else None})


def _delete(self: EC2ContainerServiceResponse) -> ActionResult:
    daemon = _daemon_or_raise(self._get_param("daemonArn"))
    if daemon.status != "ACTIVE":
        raise DaemonNotActiveException(f"The daemon {daemon.arn} is not ACTIVE.")
    in_flight = daemon.in_flight
    if in_flight is not None:
        in_flight.finish("STOPPED", "The daemon was deleted.")
    daemon.status, daemon.updated_at = "DELETE_IN_PROGRESS", utcnow()
    daemon.placement.clear()  # ECS stops the daemon tasks; the bed does it at once
    return ActionResult(_answer(daemon))


def _list_deployments(self: EC2ContainerServiceResponse) -> ActionResult:
    params = self._get_params()
    daemon = _daemon_or_raise(params["daemonArn"])
    plans.read(daemon)
    created = params.get("createdAt") or {}
    before, after = _aware(created.get("before")), _aware(created.get("after"))
    statuses = params.get("status") or []
    found = [d for d in reversed(daemon.deployments) if (not statuses or d.status in statuses)
             and (before is None or _aware(d.created_at) < before) and (after is None or _aware(d.created_at) > after)]
    start = int(params.get("nextToken") or 0)
    end = start + (params.get("maxResults") or 20)
    return ActionResult({"daemonDeployments": [d.summary() for d in found[start:end]],
                         "nextToken": str(end) if end < len(found) else None})


def _describe_deployments(self: EC2ContainerServiceResponse) -> ActionResult:
    arns = self._get_param("daemonDeploymentArns") or []
    found = {arn: _deployments.get(arn) for arn in arns}
    for daemon in {id(d.daemon): d.daemon for d in found.values() if d}.values():
        plans.read(daemon)
    return ActionResult({"daemonDeployments": [d.to_api() for d in found.values() if d],
                         "failures": [{"arn": arn, "reason": "MISSING"} for arn, d in found.items() if d is None]})


def _describe_revisions(self: EC2ContainerServiceResponse) -> ActionResult:
    arns = self._get_param("daemonRevisionArns") or []
    found = {arn: _revisions.get(arn) for arn in arns}
    return ActionResult({"daemonRevisions": [r.to_api() for r in found.values() if r],
                         "failures": [{"arn": arn, "reason": "MISSING"} for arn, r in found.items() if r is None]})


# --- tags: TagResource, UntagResource and ListTagsForResource on daemons and their definitions --

_original_get_resource = EC2ContainerServiceBackend._get_resource


class _Tagged:
    """moto's tag calls read and write `.tags` of what `_get_resource` returns."""

    def __init__(self, holder: Any, key: str | None = None):
        self._holder, self._key = holder, key

    @property
    def tags(self) -> list[dict[str, str]]:
        return self._holder[self._key] if self._key else self._holder.tags

    @tags.setter
    def tags(self, value: list[dict[str, str]]) -> None:
        if self._key:
            self._holder[self._key] = value
        else:
            self._holder.tags = value


def _get_resource(self: EC2ContainerServiceBackend, resource_arn: str, parsed_arn: dict[str, str]) -> Any:
    if parsed_arn["service"] == "daemon":
        return _Tagged(_daemon_or_raise(resource_arn))
    if parsed_arn["service"] == "daemon-task-definition":
        return _Tagged(find_task_definition(self, parsed_arn["id"]), "tags")
    return _original_get_resource(self, resource_arn, parsed_arn)


def dump() -> list[dict[str, Any]]:
    """GET /_bed/state: every daemon, where its revisions run, and its deployments."""
    return [{"daemon": d.arn, "status": d.status, "placement": d.placement, "finishedSeq": d.finished_seq,
             "deployments": [{"arn": x.arn, "status": x.status, "step": x.step_no, "target": x.target.arn}
                             for x in d.deployments]} for d in _daemons.values()]


def install() -> None:
    handlers = {
        "register_daemon_task_definition": _register, "describe_daemon_task_definition": _describe_task_definition,
        "list_daemon_task_definitions": _list_task_definitions, "delete_daemon_task_definition": _delete_task_definition,
        "create_daemon": _create, "update_daemon": _update, "describe_daemon": _describe, "list_daemons": _list,
        "delete_daemon": _delete, "list_daemon_deployments": _list_deployments,
        "describe_daemon_deployments": _describe_deployments, "describe_daemon_revisions": _describe_revisions,
    }
    for name, handler in handlers.items():
        setattr(EC2ContainerServiceResponse, name, handler)
    EC2ContainerServiceBackend._get_resource = _get_resource
