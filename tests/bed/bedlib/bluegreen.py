"""ECS-native blue/green, linear and canary rollouts: lifecycle stages, traffic, hooks.

Such a rollout takes one lifecycle stage per step, in ECS's order. The new revision ("green")
scales up next to the old one ("blue") in the target group that is not serving production,
then the test listener rule and the production listener rule are rewritten to send it traffic
(all at once for BLUE_GREEN, `stepPercent` at a time for LINEAR, `canaryPercent` then the rest
for CANARY), and CLEAN_UP retires blue and makes green's group the production one for the
next deployment. A PAUSE lifecycle hook on a stage stops the rollout there until
ContinueServiceDeployment; AWS_LAMBDA hooks are reported as succeeded (nothing is invoked).
A service's first deployment has nothing to shift traffic from and rolls out like ROLLING.
CreateService/UpdateService refuse PAUSE hooks on the two traffic-shift stages, as AWS does.
"""

import math
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from moto.core.utils import utcnow

from . import elbv2

if TYPE_CHECKING:
    from .ecs_rollout import Rollout, ServiceSim

_BEFORE_SHIFT = ["RECONCILE_SERVICE", "PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT",
                 "POST_TEST_TRAFFIC_SHIFT", "PRE_PRODUCTION_TRAFFIC_SHIFT"]
_AFTER_SHIFT = ["POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP"]
# Stages where AWS accepts only AWS_LAMBDA hooks (ECS developer guide, "Pause hooks"): traffic is
# moving there, so there is nothing stable to pause on.
_NO_PAUSE = ("TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT")


def check_hooks(config: dict[str, Any] | None) -> str | None:
    """Why AWS would refuse `deploymentConfiguration.lifecycleHooks`, or None.

    Only the PAUSE-on-traffic-shift rule is checked. AWS's documentation does not say that
    lifecycle hooks on a ROLLING service are refused, so they are accepted (and never run).
    """
    for hook in (config or {}).get("lifecycleHooks") or []:
        if hook.get("targetType") != "PAUSE":
            continue
        for stage in hook.get("lifecycleStages") or []:
            if stage in _NO_PAUSE:
                return (f"Invalid lifecycle stage {stage} for a lifecycle hook with targetType PAUSE. "
                        f"PAUSE hooks are not supported at the TEST_TRAFFIC_SHIFT and PRODUCTION_TRAFFIC_SHIFT "
                        f"stages; use an AWS_LAMBDA hook there.")
    return None


def stages_for(config: dict[str, Any]) -> list[tuple[str, float]]:
    """(stage, production traffic % once the stage is done) per step; [] for ROLLING."""
    strategy = config.get("strategy") or "ROLLING"
    if strategy == "ROLLING":
        return []
    if strategy == "LINEAR":
        step = float((config.get("linearConfiguration") or {}).get("stepPercent", 10.0))
        shifts = [min(100.0, step * i) for i in range(1, math.ceil(100.0 / step) + 1)]
    elif strategy == "CANARY":
        shifts = [float((config.get("canaryConfiguration") or {}).get("canaryPercent", 5.0)), 100.0]
    else:
        shifts = [100.0]
    return ([(stage, 0.0) for stage in _BEFORE_SHIFT] + [("PRODUCTION_TRAFFIC_SHIFT", w) for w in shifts]
            + [(stage, 100.0) for stage in _AFTER_SHIFT])


def _groups(sim: "ServiceSim", balancer: dict[str, Any]) -> tuple[str, str]:
    """(group serving production now, group the next revision goes to) for one load balancer."""
    configured = balancer["targetGroupArn"]
    alternate = (balancer.get("advancedConfiguration") or {}).get("alternateTargetGroupArn") or configured
    production = sim.production_target_groups.get(configured, configured)
    return production, alternate if production == configured else configured


def target_groups_for(sim: "ServiceSim", rollout: "Rollout") -> list[tuple[str, str, int]]:
    """Where the rollout's tasks register: production for rolling, the idle group for blue/green."""
    result = []
    for balancer in sim.svc.load_balancers or []:
        if balancer.get("targetGroupArn"):
            production, idle = _groups(sim, balancer)
            result.append((idle if rollout.stages else production, balancer.get("containerName"), balancer.get("containerPort")))
    return result


def traffic_for(sim: "ServiceSim", rollout: "Rollout") -> list[dict[str, Any]]:
    routes = []
    for balancer in sim.svc.load_balancers or []:
        advanced = balancer.get("advancedConfiguration") or {}
        if balancer.get("targetGroupArn") and advanced:
            blue, green = _groups(sim, balancer)
            routes.append({"configured": balancer["targetGroupArn"], "blue": blue, "green": green,
                           "production_rule": advanced.get("productionListenerRule"), "test_rule": advanced.get("testListenerRule")})
    return routes


def _shift(rollout: "Rollout", rule_key: str, green_weight: float) -> None:
    for route in rollout.traffic:
        if route[rule_key]:
            elbv2.set_forward_weights(route[rule_key], {route["blue"]: round(100 - green_weight), route["green"]: round(green_weight)})


def advance(sim: "ServiceSim", rollout: "Rollout") -> None:
    """Enter the rollout's next lifecycle stage and do what ECS does there."""
    stage, production_weight = rollout.stages[rollout.step_no - 1]
    rollout.stage = stage
    desired = sim.svc.desired_count
    if stage == "SCALE_UP":
        sim.reconcile(rollout, 0, desired)
    elif stage == "POST_SCALE_UP":
        sim.reconcile(rollout, desired, 0)
    elif stage == "TEST_TRAFFIC_SHIFT":
        rollout.test_weight = 100.0
        _shift(rollout, "test_rule", 100.0)
    elif stage == "PRODUCTION_TRAFFIC_SHIFT":
        rollout.production_weight = production_weight
        _shift(rollout, "production_rule", production_weight)
    elif stage == "CLEAN_UP":
        for route in rollout.traffic:
            sim.production_target_groups[route["configured"]] = route["green"]
        sim.complete(rollout)
    _run_hooks(sim, rollout, stage)


def _run_hooks(sim: "ServiceSim", rollout: "Rollout", stage: str) -> None:
    rollout.hook_details = []
    for hook in rollout.config.get("lifecycleHooks") or []:
        if stage not in (hook.get("lifecycleStages") or []):
            continue
        timeout = hook.get("timeoutConfiguration") or {}
        pause = hook.get("targetType") == "PAUSE"
        rollout.hook_details.append({
            "hookId": str(uuid.uuid4()), "targetType": hook.get("targetType", "AWS_LAMBDA"),
            "targetArn": None if pause else hook.get("hookTargetArn"),
            "status": "AWAITING_ACTION" if pause else "SUCCEEDED",
            "expiresAt": utcnow() + timedelta(minutes=timeout.get("timeoutInMinutes", 1440)),
            "timeoutAction": timeout.get("action", "ROLLBACK")})
        if pause:
            sim.progress.pause()


def shift_back(rollout: "Rollout") -> None:
    """A rollback: all test and production traffic returns to blue."""
    rollout.test_weight = rollout.production_weight = 0.0
    _shift(rollout, "test_rule", 0.0)
    _shift(rollout, "production_rule", 0.0)
