"""The control API under /_bed/: how tests script the bed. JSON in, JSON out.

GET  /_bed/health              liveness
POST /_bed/reset               wipe moto and every bed state
POST /_bed/plan                queue plan(s) for upcoming rollouts / tasks / CodeDeploy deployments
POST /_bed/fault               queue fault(s) for upcoming AWS calls
POST /_bed/throttle            turn AWS's API rate limits on or off; GET /_bed/throttle counts
POST /_bed/health              override (or clear) ELB target health
POST /_bed/metrics             set (or clear) what CloudWatch GetMetricData answers
POST /_bed/probe               script the answers of /_probe/*; GET /_bed/probe/requests lists them
GET  /_bed/requests?since=N    the request log; POST /_bed/requests/clear empties it
POST /_bed/seed                create the seed-like infrastructure, return its names/ARNs
GET  /_bed/state               everything queued and simulated, for debugging
"""

import json
from collections.abc import Callable, Iterable
from typing import Any

from moto.core.base_backend import BackendDict, backend_lock
from moto.core.model_instances import reset_model_data
from werkzeug.wrappers import Request, Response

from . import cloudwatch, daemons, ecs_rollout, elbv2, faults, plans, probe, requestlog, seed, sessions, throttle
from .state import LOCK, reset_all

def reset() -> None:
    """Forget every moto backend (all services, accounts, regions) and all bed state.

    moto's own reset (/moto-api/reset) re-initialises every backend before discarding it, which
    costs ~100 ms per EC2 region (it loads thousands of AMIs). Discarding is enough: moto creates
    backends lazily on first use, so a test pays only for the services it touches.
    """
    with LOCK:
        with backend_lock:
            for backend in BackendDict._instances:
                backend.clear()
            BackendDict._instances.clear()
            # S3 keeps bucket names across accounts outside its backends; a name left there after
            # the buckets are gone sends the next CreateBucket of it into endless recursion.
            from moto.s3.models import s3_backends
            s3_backends.bucket_accounts.clear()
        reset_model_data()
        reset_all()


def handle(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    request = Request(environ)
    route = (request.method, request.path.removeprefix("/_bed"))
    handler = _ROUTES.get(route)
    if handler is None:
        response = _json({"error": f"no such control endpoint: {route[0]} {request.path}"}, 404)
    else:
        try:
            body = request.get_json(force=True, silent=True) if request.method == "POST" else None
            response = _json(handler(request, body))
        except (ValueError, KeyError, TypeError) as error:
            response = _json({"error": f"{type(error).__name__}: {error}"}, 400)
    return response(environ, start_response)


def _json(value: Any, status: int = 200) -> Response:
    return Response(json.dumps(value, default=str), status, {"Content-Type": "application/json"})


def _items(body: Any) -> list[dict[str, Any]]:
    """Plans and faults may be posted one at a time or as a list."""
    if isinstance(body, dict):
        return [body]
    if isinstance(body, list) and all(isinstance(item, dict) for item in body):
        return body
    raise ValueError("expected a JSON object or a list of objects")


def _health(request: Request, body: Any) -> Any:
    return {"ok": True}


def _reset(request: Request, body: Any) -> Any:
    reset()
    return {"ok": True}


def _plan(request: Request, body: Any) -> Any:
    parsed = [plans.Plan.parse(item) for item in _items(body)]
    with LOCK:
        for plan in parsed:
            plans.add(plan)
        return {"ok": True, "plans": plans.pending()}


def _fault(request: Request, body: Any) -> Any:
    parsed = [faults.Fault.parse(item) for item in _items(body)]
    with LOCK:
        for fault in parsed:
            faults.add(fault)
        return {"ok": True, "faults": faults.pending()}


def _throttle(request: Request, body: Any) -> Any:
    if not isinstance(body, dict):
        raise ValueError("expected a JSON object")
    with LOCK:
        return {"ok": True, **throttle.configure(body)}


def _throttle_state(request: Request, body: Any) -> Any:
    with LOCK:
        return throttle.state()


def _target_health(request: Request, body: Any) -> Any:
    with LOCK:
        return {"ok": True, "overrides": elbv2.set_override(body)}


def _metrics(request: Request, body: Any) -> Any:
    if not isinstance(body, dict):
        raise ValueError("expected a JSON object")
    with LOCK:
        return {"ok": True, "metrics": cloudwatch.set_metric(body)}


def _probe(request: Request, body: Any) -> Any:
    with LOCK:
        return {"ok": True, **probe.set_rules(body)}


def _probe_requests(request: Request, body: Any) -> Any:
    with LOCK:
        return probe.received(int(request.args.get("since", 0)))


def _requests(request: Request, body: Any) -> Any:
    with LOCK:
        return requestlog.since(int(request.args.get("since", 0)))


def _clear_requests(request: Request, body: Any) -> Any:
    with LOCK:
        requestlog.clear()
    return {"ok": True}


def _seed(request: Request, body: Any) -> Any:
    # Not under the lock: seeding makes ordinary AWS calls back into this server.
    options = body or {}
    # The bed's own address, not the Host header: "localhost" may resolve slowly or to ::1.
    return seed.run(f"http://127.0.0.1:{request.environ['SERVER_PORT']}", project=options.get("project", "acme"),
                    env=options.get("env", "dev"), region=options.get("region", "ap-northeast-1"))


def _state(request: Request, body: Any) -> Any:
    with LOCK:
        return {"plans": plans.pending(), "faults": faults.pending(), "throttle": throttle.state(), "health": elbv2.overrides(),
                "metrics": cloudwatch.stored(), "probe": probe.rules(), "services": ecs_rollout.dump(),
                "daemons": daemons.dump(), "sessions": sessions.sessions()}


_ROUTES: dict[tuple[str, str], Callable[[Request, Any], Any]] = {
    ("GET", "/health"): _health,
    ("POST", "/reset"): _reset,
    ("POST", "/plan"): _plan,
    ("POST", "/fault"): _fault,
    ("POST", "/throttle"): _throttle,
    ("GET", "/throttle"): _throttle_state,
    ("POST", "/health"): _target_health,
    ("POST", "/metrics"): _metrics,
    ("POST", "/probe"): _probe,
    ("GET", "/probe/requests"): _probe_requests,
    ("GET", "/requests"): _requests,
    ("POST", "/requests/clear"): _clear_requests,
    ("POST", "/seed"): _seed,
    ("GET", "/state"): _state,
}
