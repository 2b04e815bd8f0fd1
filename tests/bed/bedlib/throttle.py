"""API rate limits as AWS applies them: token buckets per account, Region and group of actions.

The numbers live in throttling.json (with where each comes from). Throttling is off until
POST /_bed/throttle turns it on (other tests stay fast), and off again after a reset. Every
client of one bed process shares the buckets, as the processes of one account do on AWS: three
shipper processes against one bed draw on the same RegisterTaskDefinition bucket.

A bucket starts full (its burst), loses one token per call it lets through, and refills at its
rate, never beyond the burst. A call that finds less than one token is throttled: answered 400
with the service's throttling code and "Rate exceeded", before any work is done, and it takes
no token (AWS's token bucket does not charge a refused call).
"""

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from moto.iam.models import get_account_id_from

from .protocol import AwsRequest
from .state import on_reset

TABLE: dict[str, Any] = json.loads(Path(__file__).with_name("throttling.json").read_text())
MESSAGE = "Rate exceeded"


@dataclass
class Bucket:
    burst: float
    rate: float
    tokens: float
    at: float

    def take(self, now: float) -> bool:
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < 1.0:
            return False
        self.tokens -= 1.0
        return True


_enabled = False
# Group index -> (burst, rate) replacing the table's, for tests that want small, fast buckets.
_overrides: dict[int, tuple[float, float]] = {}
# (account, region, group index) -> its bucket.
_buckets: dict[tuple[str, str, int], Bucket] = {}
# Group index -> throttled calls since throttling was last configured.
_throttled: dict[int, int] = {}


@on_reset
def _reset() -> None:
    global _enabled
    _enabled = False
    _overrides.clear()
    _buckets.clear()
    _throttled.clear()


def group_of(service: str, action: str) -> int | None:
    """The index of the group `action` of `service` (a signing name) belongs to, if any."""
    fallback = None
    for i, group in enumerate(TABLE["groups"]):
        if group["service"] != service:
            continue
        if action in group["actions"]:
            return i
        if "*" in group["actions"]:
            fallback = i
    return fallback


def configure(body: dict[str, Any]) -> dict[str, Any]:
    """`{"enabled": bool, "buckets": {"ecs:RegisterTaskDefinition": [burst, rate], ...}}`:
    turns throttling on or off; `buckets` replaces the burst and rate of the named actions'
    groups. Every bucket starts full again and the counts start from zero."""
    global _enabled
    unknown = sorted(set(body) - {"enabled", "buckets"})
    if unknown:
        raise ValueError(f"unknown throttle field(s) {unknown}; known: ['buckets', 'enabled']")
    overrides = {}
    for name, value in (body.get("buckets") or {}).items():
        service, _, action = name.rpartition(":")
        service = service or "ecs"
        index = group_of(service, action)
        # ECS's catch-all takes no override by a name it does not list: a typo must not pass.
        if index is None or (service == "ecs" and action not in TABLE["groups"][index]["actions"]):
            raise ValueError(f"{name}: no throttling group has this action (service:Action, e.g. ecs:RegisterTaskDefinition)")
        burst, rate = value
        if burst < 1 or rate <= 0:
            raise ValueError(f"{name}: the burst must be at least 1 and the rate above 0")
        overrides[index] = (float(burst), float(rate))
    _enabled = bool(body.get("enabled", True))
    _overrides.clear()
    _overrides.update(overrides)
    _buckets.clear()
    _throttled.clear()
    return state()


def take(req: AwsRequest) -> tuple[int, str, str] | None:
    """The throttling error for this request, if its bucket is empty (else it takes a token)."""
    if not _enabled:
        return None
    index = group_of(req.service, req.action)
    if index is None:
        return None
    # The account moto serves this key's calls from (its default one, unless IAM made the key).
    key = (get_account_id_from(req.access_key), req.region, index)
    now = time.monotonic()
    bucket = _buckets.get(key)
    if bucket is None:
        burst, rate = _limits(index)
        bucket = _buckets[key] = Bucket(burst, rate, burst, now)
    if bucket.take(now):
        return None
    _throttled[index] = _throttled.get(index, 0) + 1
    return 400, TABLE["codes"][req.service], MESSAGE


def _limits(index: int) -> tuple[float, float]:
    group = TABLE["groups"][index]
    return _overrides.get(index, (float(group["burst"]), float(group["rate"])))


def state() -> dict[str, Any]:
    groups = []
    for i, group in enumerate(TABLE["groups"]):
        burst, rate = _limits(i)
        groups.append({"service": group["service"], "group": group["group"], "burst": burst, "rate": rate,
                       "throttled": _throttled.get(i, 0)})
    return {"enabled": _enabled, "throttled": sum(_throttled.values()), "groups": groups}
