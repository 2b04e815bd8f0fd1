"""Injected faults: the next N matching AWS calls fail or are delayed.

Faults are matched by action name (the operation, e.g. "DescribeServices", or "*") and
optionally by signing name ("ecs", "elasticloadbalancing", "monitoring"...). They fire in the
order they were queued; each firing uses up one of its `count` (0 = until reset). `after`
lets that many matching calls through first, to hit a later phase of a command. `rate` (0..1)
makes a fault fire on that share of matching calls only, drawn from a generator seeded by
`seed`, so a run is repeatable. Kind `lost` serves the call and then answers 503 as if the
reply had been lost on the way: the work is done, the caller cannot know.
"""

import random

from dataclasses import dataclass, field, fields
from typing import Any

from .protocol import AwsRequest
from .state import on_reset

# kind -> (HTTP status, error code, message) used unless the fault overrides them.
_DEFAULTS = {
    "throttle": (400, "ThrottlingException", "Rate exceeded"),
    "5xx": (503, "ServiceUnavailable", "Service is unavailable. Please try again later."),
    "slow": (200, "", ""),
    "lost": (503, "ServiceUnavailable", "Service is unavailable. Please try again later."),
}


class FaultError(ValueError):
    """A fault body the bed does not understand (answered with HTTP 400)."""


@dataclass
class Fault:
    action: str = "*"
    service: str | None = None
    kind: str = "throttle"
    count: int = 1
    delay_ms: int = 1000
    code: str | None = None
    message: str | None = None
    status: int | None = None
    after: int = 0
    rate: float = 1.0
    seed: int = 0
    _fired: int = field(default=0, repr=False)
    _random: random.Random | None = field(default=None, repr=False)
    _passed: int = field(default=0, repr=False)

    @classmethod
    def parse(cls, body: dict[str, Any]) -> "Fault":
        known = {f.name for f in fields(cls) if not f.name.startswith("_")}
        unknown = sorted(set(body) - known)
        if unknown:
            raise FaultError(f"unknown fault field(s) {unknown}; known: {sorted(known)}")
        fault = cls(**body)
        if fault.kind not in _DEFAULTS:
            raise FaultError(f"kind must be one of {sorted(_DEFAULTS)}")
        if fault.count < 0 or fault.after < 0:
            raise FaultError("count and after must be >= 0")
        if not 0.0 < fault.rate <= 1.0:
            raise FaultError("rate must be in (0, 1]")
        fault._random = random.Random(fault.seed)
        return fault

    def matches(self, req: AwsRequest) -> bool:
        return self.action in ("*", req.action) and self.service in (None, req.service)

    @property
    def error(self) -> tuple[int, str, str]:
        status, code, message = _DEFAULTS[self.kind]
        return self.status or status, self.code or code, self.message or message

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "_random"}


_queue: list[Fault] = []


@on_reset
def _clear_faults() -> None:
    _queue.clear()


def add(fault: Fault) -> None:
    _queue.append(fault)


def take(req: AwsRequest) -> Fault | None:
    """The fault that fires for this request, if any (consumes one use)."""
    for fault in _queue:
        if fault.matches(req):
            if fault._passed < fault.after:
                fault._passed += 1
                continue
            if fault.rate < 1.0 and fault._random and fault._random.random() >= fault.rate:
                continue
            fault._fired += 1
            if fault.count and fault._fired >= fault.count:
                _queue.remove(fault)
            return fault
    return None


def pending() -> list[dict[str, Any]]:
    return [fault.to_json() for fault in _queue]
