"""Plans (what the next simulated rollouts do) and the clock that advances simulations.

A test queues plans through POST /_bed/plan. When a simulated activity starts (an ECS
rollout, a RunTask task, a CodeDeploy deployment) it takes the first matching plan, or the
default one. The plan says whether the activity succeeds and how it advances: in "reads"
mode one step per read of the thing being waited on (deterministic, no sleeping in tests),
in "time" mode one step every `step_seconds` (for demos and for code that sleeps).
"""

import time
from dataclasses import dataclass, field, fields
from typing import Any, Protocol

from .state import on_reset

KINDS = ("service", "task", "codedeploy", "daemon")
OUTCOMES = ("succeed", "fail", "stuck")
MODES = ("reads", "time")


class PlanError(ValueError):
    """A plan body the bed does not understand (answered with HTTP 400)."""


@dataclass
class Plan:
    kind: str = "service"
    # Which activity the plan applies to: a service name, a task definition family, a
    # CodeDeploy deployment group name or a daemon name, depending on `kind`; "*" matches any.
    service: str = "*"
    family: str = "*"
    deployment_group: str = "*"
    daemon: str = "*"
    outcome: str = "succeed"
    mode: str = "reads"
    steps: int = 2
    step_seconds: float = 0.2
    fail_at: int | None = None
    failed_tasks: int | None = None
    stopped_reason: str | None = None
    exit_code: int | None = None
    # What a failing task's containers write to their awslogs stream before exiting
    # (`{container}` is replaced by the container's name).
    log_lines: list[str] | None = None
    count: int = 1
    _used: int = field(default=0, repr=False)

    @classmethod
    def parse(cls, body: dict[str, Any]) -> "Plan":
        known = {f.name for f in fields(cls) if not f.name.startswith("_")}
        unknown = sorted(set(body) - known)
        if unknown:
            raise PlanError(f"unknown plan field(s) {unknown}; known: {sorted(known)}")
        plan = cls(**body)
        if plan.kind not in KINDS:
            raise PlanError(f"kind must be one of {KINDS}")
        if plan.outcome not in OUTCOMES:
            raise PlanError(f"outcome must be one of {OUTCOMES}")
        if plan.mode not in MODES:
            raise PlanError(f"mode must be one of {MODES}")
        if plan.steps < 1 or plan.step_seconds <= 0 or plan.count < 0:
            raise PlanError("steps must be >= 1, step_seconds > 0, count >= 0")
        return plan

    @property
    def failure_step(self) -> int:
        """The step at which a failing plan fails (1-based, at most `steps`)."""
        return min(self.fail_at or self.steps, self.steps)

    def matches(self, kind: str, name: str) -> bool:
        if kind != self.kind:
            return False
        wanted = {"service": self.service, "task": self.family, "codedeploy": self.deployment_group,
                  "daemon": self.daemon}[kind]
        return wanted in ("*", name)

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if not f.name.startswith("_")}


_queue: list[Plan] = []


@on_reset
def _clear_plans() -> None:
    _queue.clear()


def add(plan: Plan) -> None:
    _queue.append(plan)


def take(kind: str, name: str) -> Plan:
    """The plan for the next activity of `kind` on `name`; consumes one use of it."""
    for plan in _queue:
        if plan.matches(kind, name):
            plan._used += 1
            if plan.count and plan._used >= plan.count:
                _queue.remove(plan)
            return plan
    return Plan(kind=kind)


def pending() -> list[dict[str, Any]]:
    return [plan.to_json() for plan in _queue]


class Progress:
    """Decides when the next step of one activity is due.

    Reads mode: every read of the activity is one step. Time mode: one step per
    `step_seconds` of wall time, caught up lazily whenever the bed handles a request, so no
    background thread mutates moto. A paused activity (a PAUSE lifecycle hook) takes no
    steps; resuming restarts the clock so the next step is a full interval away.
    """

    def __init__(self, plan: Plan):
        self.mode = plan.mode
        self.step_seconds = plan.step_seconds
        self.paused = False
        self._next_at = time.monotonic() + self.step_seconds

    def steps_due_on_read(self) -> int:
        return 1 if self.mode == "reads" and not self.paused else 0

    def steps_due_on_clock(self) -> int:
        if self.mode != "time" or self.paused:
            return 0
        now, due = time.monotonic(), 0
        while now >= self._next_at:
            due += 1
            self._next_at += self.step_seconds
        return due

    def pause(self) -> None:
        self.paused = True

    def resume(self) -> None:
        self.paused = False
        self._next_at = time.monotonic() + self.step_seconds


class Activity(Protocol):
    """Something the bed simulates over time: it has a Progress and takes steps."""

    progress: Progress

    @property
    def busy(self) -> bool: ...

    def step(self) -> None: ...


_activities: list[Activity] = []


@on_reset
def _clear_activities() -> None:
    _activities.clear()


def track(activity: Activity) -> None:
    if activity not in _activities:
        _activities.append(activity)


def read(activity: Activity) -> None:
    """The activity was read by a client: in reads mode that is one step."""
    if activity.busy:
        for _ in range(activity.progress.steps_due_on_read()):
            activity.step()


def tick_clock() -> None:
    """Advance every time-mode activity to where the wall clock says it should be."""
    for activity in list(_activities):
        if activity.busy:
            for _ in range(activity.progress.steps_due_on_clock()):
                if activity.busy:
                    activity.step()
