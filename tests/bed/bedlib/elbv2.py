"""ELBv2: simulated ECS tasks as targets, target-health overrides, weighted-forward rewrites.

moto registers nothing when an ECS service points at a target group, and reports every
registered target `healthy` at once. Here a task of a simulated service becomes a target of
its service's target group(s) when it starts: the task IP for `ip` groups, its container
instance and dynamic host port for `instance` groups. DescribeTargetHealth then walks each
target through `initial` (first observation) → `healthy`, and `draining` (first observation
after its task stopped) → gone. A completed deployment's targets are `healthy` from then on (ECS
completes a deployment only once its targets pass their health checks). Tests can pin a state with POST /_bed/health.
"""

from dataclasses import dataclass
from typing import Any

from moto.elbv2.models import ELBv2Backend, FakeAction, FakeHealthStatus, elbv2_backends

from .state import on_reset

STATES = ("initial", "healthy", "unhealthy", "draining", "unused", "unavailable")
_REASONS = {
    "initial": ("Elb.RegistrationInProgress", "Target registration is in progress"),
    "unhealthy": ("Target.FailedHealthChecks", "Health checks failed"),
    "draining": ("Target.DeregistrationInProgress", "Target deregistration is in progress"),
    "unused": ("Target.NotInUse", "Target group is not configured to receive traffic from the load balancer"),
    "unavailable": ("Target.NotRegistered", "Target is not registered to the target group"),
}


@dataclass
class SimTarget:
    target_group_arn: str
    id: str
    port: int
    availability_zone: str | None
    task_arn: str
    observed: int = 0
    draining: bool = False


_targets: dict[str, list[SimTarget]] = {}
# (target group ARN, target id or None for "every target of the group") -> override
_overrides: dict[tuple[str, str | None], dict[str, Any]] = {}


@on_reset
def _clear() -> None:
    _targets.clear()
    _overrides.clear()


def _backend(target_group_arn: str) -> ELBv2Backend:
    # arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>
    _, _, _, region, account, _ = target_group_arn.split(":", 5)
    return elbv2_backends[account][region]


def register(target_group_arn: str, task: Any, container_name: str, container_port: int) -> bool:
    """Make a started task a target of the group; False if moto has no such group."""
    group = _backend(target_group_arn).target_groups.get(target_group_arn)
    if group is None:
        return False
    if group.target_type == "ip":
        target_id, port = task.private_ip, container_port
    else:
        target_id, port = task.ec2_instance_id, task.host_port(container_name, container_port)
    if not target_id:
        return False  # e.g. an instance group but the task has no container instance
    _targets.setdefault(target_group_arn, []).append(
        SimTarget(target_group_arn, target_id, port, task.availability_zone, task.task_arn))
    return True


def settle(task_arns: list[str]) -> None:
    """The targets of these tasks passed their health checks: a deployment reaches COMPLETED
    (and the service its steady state) only once its new targets are healthy, so they are never
    `initial` after that; the next observation reports them `healthy`."""
    wanted = set(task_arns)
    for targets in _targets.values():
        for target in targets:
            if target.task_arn in wanted and not target.draining:
                target.observed = max(target.observed, 1)


def deregister_task(task_arn: str) -> list[str]:
    """Start draining every target of a stopped task; returns the groups it was in."""
    groups = []
    for arn, targets in _targets.items():
        for target in targets:
            if target.task_arn == task_arn and not target.draining:
                target.draining, target.observed = True, 0
                groups.append(arn)
    return groups


def set_override(body: dict[str, Any]) -> list[dict[str, Any]]:
    """POST /_bed/health: pin (or with clear=true, unpin) the health a group reports."""
    arn = body["targetGroupArn"]
    if body.get("clear"):
        # Without a targetId: every override of the group, per-target ones included.
        for key in [key for key in _overrides if key[0] == arn and body.get("targetId") in (None, key[1])]:
            del _overrides[key]
        return overrides()
    state = body["state"]
    if state not in STATES:
        raise ValueError(f"state must be one of {STATES}")
    reason, description = _REASONS.get(state, (None, None))
    _overrides[(arn, body.get("targetId"))] = {
        "state": state, "reason": body.get("reason", reason), "description": body.get("description", description)}
    return overrides()


def overrides() -> list[dict[str, Any]]:
    return [{"targetGroupArn": arn, "targetId": target_id, **override} for (arn, target_id), override in _overrides.items()]


def _override_for(arn: str, target_id: str) -> dict[str, Any] | None:
    return _overrides.get((arn, target_id)) or _overrides.get((arn, None))


class _HealthStatus(FakeHealthStatus):
    """moto's health status plus the target's Availability Zone (part of the Target shape)."""

    def __init__(self, *args: Any, zone: str | None = None):
        super().__init__(*args)
        self.zone = zone

    @property
    def target(self) -> dict[str, Any]:
        return {"Id": self.instance_id, "Port": self.port, "AvailabilityZone": self.zone}


def _status(arn: str, target_id: str, port: Any, health_port: Any, state: str, reason: str | None = None,
            description: str | None = None, zone: str | None = None) -> FakeHealthStatus:
    """A health status with any /_bed/health override applied (never to draining/unregistered)."""
    override = _override_for(arn, target_id)
    if override and state not in ("draining", "unavailable", "unused"):
        state, reason, description = override["state"], override["reason"], override["description"]
    return _HealthStatus(target_id, port, health_port, state, reason, description, zone=zone)


def _asked_for(requested: list[dict[str, Any]], target_id: str, port: Any) -> bool:
    return any(r["Id"] == target_id and str(r.get("Port", port)) == str(port) for r in requested)


def _observe(arn: str, health_port: Any, requested: list[dict[str, Any]]) -> list[FakeHealthStatus]:
    """Report (and thereby advance) the simulated targets of one group."""
    statuses = []
    for target in list(_targets.get(arn, [])):
        if requested and not _asked_for(requested, target.id, target.port):
            continue
        target.observed += 1
        if target.draining and target.observed > 1:
            _targets[arn].remove(target)  # drained: gone from the group
            continue
        if target.draining:
            state, (reason, description) = "draining", _REASONS["draining"]
        elif target.observed == 1:
            state, (reason, description) = "initial", _REASONS["initial"]
        else:
            state, reason, description = "healthy", None, None
        statuses.append(_status(arn, target.id, target.port, health_port, state, reason, description, target.availability_zone))
    return statuses


_original_describe_target_health = ELBv2Backend.describe_target_health


def _describe_target_health(self: ELBv2Backend, target_group_arn: str, targets: list[dict[str, Any]]) -> list[FakeHealthStatus]:
    group = self.target_groups.get(target_group_arn)
    if group is None:
        return _original_describe_target_health(self, target_group_arn, targets)  # raises TargetGroupNotFound
    simulated = _observe(target_group_arn, group.health_check_port, targets or [])
    # moto answers for targets registered through the API, and for ids nobody registered.
    rest = [t for t in targets or [] if not any(_asked_for([t], s.instance_id, s.port) for s in simulated)]
    real = _original_describe_target_health(self, target_group_arn, rest) if rest or not targets else []
    return [_status(target_group_arn, s.instance_id, s.port, s.health_check_port, s.status, s.reason, s.description)
            for s in real] + simulated


def set_forward_weights(rule_or_listener_arn: str, weights: dict[str, int]) -> bool:
    """Point a listener rule's forward action at `weights` (target group ARN -> weight).

    Given a listener ARN, its default rule. Used for ECS blue/green traffic shifts (rules) and
    CodeDeploy re-routing (listeners). Returns False if moto has no such rule or listener.
    """
    _, _, _, region, account, _ = rule_or_listener_arn.split(":", 5)
    backend = elbv2_backends[account][region]
    for balancer in backend.load_balancers.values():
        for listener in balancer.listeners.values():
            rule = next((r for r in listener.rules.values() if r.arn == rule_or_listener_arn
                         or (r.is_default and listener.arn == rule_or_listener_arn)), None)
            if rule is None:
                continue
            groups = [{"TargetGroupArn": arn, "Weight": weight} for arn, weight in weights.items()]
            actions = [a for a in rule.actions if a.type != "forward"]
            actions.append(FakeAction({"Type": "forward", "ForwardConfig": {"TargetGroups": groups}}))
            rule.actions = actions
            if rule.is_default:
                listener.default_actions = actions
            return True
    return False


def install() -> None:
    ELBv2Backend.describe_target_health = _describe_target_health
