"""An HTTP endpoint whose answers a test scripts, for shipper's HTTP-probe health gate.

Any request under /_probe/ (any method) is answered by the rules set through POST /_bed/probe
for its path (the part after /_probe, query string ignored): first the rules with a `count`, in
the order they were posted, each for its next `count` requests; then the path's standing rule
(`count` 0, which a newer standing rule replaces); then the default, 200 {"status":"ok"}. Every
probe request is recorded for GET /_bed/probe/requests. Probe requests are not AWS requests:
they skip faults, the clock and the request log.
"""

import itertools
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from typing import Any

from werkzeug.wrappers import Request, Response

from .state import LOCK, on_reset

PREFIX = "/_probe"
# Request headers worth asserting on (lower-case), plus every x-* header; the rest are noise.
_HEADERS = ("host", "user-agent", "accept", "content-type", "authorization")


def _kept(name: str) -> bool:
    return name in _HEADERS or name.startswith("x-")


@dataclass
class Rule:
    path: str
    status: int = 200
    body: str = '{"status":"ok"}'
    content_type: str = "application/json"
    delay_ms: int = 0
    count: int = 0

    @classmethod
    def parse(cls, body: dict[str, Any]) -> "Rule":
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(body) - known)
        if unknown:
            raise ValueError(f"unknown probe rule field(s) {unknown}; known: {sorted(known)}")
        rule = cls(**body)
        rule.path = _normalise(rule.path)
        if not isinstance(rule.body, str):  # a JSON value: send it as JSON
            rule.body = json.dumps(rule.body)
        if not 100 <= rule.status <= 599 or rule.delay_ms < 0 or rule.count < 0:
            raise ValueError("status must be 100..599, delay_ms >= 0, count >= 0")
        return rule


_DEFAULT = Rule(path="*")
_counted: dict[str, list[Rule]] = {}  # path -> rules with a count, oldest first
_standing: dict[str, Rule] = {}  # path -> the rule that holds until reset or replaced
_received: list[dict[str, Any]] = []
_seq = itertools.count(1)


@on_reset
def _reset() -> None:
    global _seq
    _counted.clear()
    _standing.clear()
    _received.clear()
    _seq = itertools.count(1)


def _normalise(path: str) -> str:
    path = "/" + path.removeprefix(PREFIX).lstrip("/")
    return path.split("?", 1)[0]


def set_rules(body: Any) -> dict[str, Any]:
    """POST /_bed/probe: a rule, a list of rules, or {"clear": true, "path"?} (rules and log)."""
    if isinstance(body, dict) and body.get("clear"):
        path = body.get("path")
        if path is None:
            _counted.clear()
            _standing.clear()
            _received.clear()
        else:
            _counted.pop(_normalise(path), None)
            _standing.pop(_normalise(path), None)
        return rules()
    items = [body] if isinstance(body, dict) else body
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ValueError("expected a rule object or a list of them")
    for rule in [Rule.parse(item) for item in items]:
        if rule.count:
            _counted.setdefault(rule.path, []).append(rule)
        else:
            _standing[rule.path] = rule
    return rules()


def rules() -> dict[str, Any]:
    return {"counted": {p: [vars(r) for r in rs] for p, rs in _counted.items() if rs},
            "standing": {p: vars(r) for p, r in _standing.items()}}


def received(since: int) -> list[dict[str, Any]]:
    return [entry for entry in _received if entry["seq"] > since]


def _take(path: str) -> Rule:
    queue = _counted.get(path)
    if queue:
        rule = queue[0]
        rule.count -= 1
        if rule.count == 0:
            queue.pop(0)
        return rule
    return _standing.get(path, _DEFAULT)


def handle(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    request = Request(environ)
    path = _normalise(request.path)
    with LOCK:
        rule = _take(path)
        body = request.get_data(as_text=True)
        _received.append({"seq": next(_seq), "method": request.method, "path": path,
                          "query": request.query_string.decode(), "status": rule.status,
                          "headers": {k.lower(): v for k, v in request.headers.items() if _kept(k.lower())},
                          "body": body[:4096]})
    if rule.delay_ms:
        time.sleep(rule.delay_ms / 1000)  # outside the lock: other requests go on meanwhile
    response = Response(rule.body, rule.status, {"Content-Type": rule.content_type})
    return response(environ, start_response)
