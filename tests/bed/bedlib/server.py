"""The WSGI middleware in front of moto, and the threaded HTTP server that runs it.

Per AWS request: work out service/action (protocol.py), fire a queued fault if one matches,
else throttle it if throttling is on and its bucket is empty (throttle.py), advance time-mode
simulations, call moto (patched by the other bedlib modules) under the
global lock, log the request. /_bed/* goes to the control API, /_probe/* to the scripted HTTP
endpoint (probe.py, not an AWS request: no faults, no log), /moto-api/* straight to moto.
"""

import time
from collections.abc import Callable, Iterable
from typing import Any

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.test import Client

from . import control, faults, plans, probe, protocol, requestlog, throttle
from .state import LOCK

# Requests the bed makes to itself (seeding) carry this header: they are neither logged nor
# subject to faults, so a test's request log shows only what the code under test sent.
INTERNAL_HEADER = "x-bed-internal"
_INTERNAL_ENVIRON_KEY = "HTTP_X_BED_INTERNAL"

StartResponse = Callable[..., Any]


class BedApp:
    def __init__(self) -> None:
        self.moto = DomainDispatcherApplication(create_backend_app)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_bed/"):
            return control.handle(environ, start_response)
        if path == probe.PREFIX or path.startswith(probe.PREFIX + "/"):
            return probe.handle(environ, start_response)
        if path.startswith("/moto-api"):
            return self._respond(start_response, *self.call_moto(environ))
        return self._aws(environ, start_response)

    def call_moto(self, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
        """Run moto to completion under the lock (its body iterator may still touch models)."""
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
            captured.update(status=status, headers=headers)

        with LOCK:
            body = b"".join(self.moto(environ, capture))
        return captured["status"], captured["headers"], body

    def _aws(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        req = protocol.inspect(environ)
        internal = _INTERNAL_ENVIRON_KEY in environ
        with LOCK:
            began = requestlog.epoch()
            fault = None if internal else faults.take(req)
            throttled = None if internal or fault else throttle.take(req)
            if throttled:
                requestlog.record(req, throttled[0])
        if throttled:
            return protocol.error_response(req, *throttled)(environ, start_response)
        if fault and fault.kind == "slow":
            time.sleep(fault.delay_ms / 1000)  # outside the lock: other calls go on meanwhile
        elif fault and fault.kind != "lost":
            status, code, message = fault.error
            with LOCK:
                requestlog.record(req, status)
            return protocol.error_response(req, status, code, message)(environ, start_response)
        if req.protocol == "cbor":
            protocol.cbor_request_to_json(environ, req)
        with LOCK:
            if began != requestlog.epoch():
                # Delayed past a reset: the next test's fresh state must not see it.
                return protocol.error_response(req, 503, "ServiceUnavailable", "the bed was reset")(environ, start_response)
            plans.tick_clock()
            status, headers, body = self.call_moto(environ)
            if not internal:
                requestlog.record(req, int(status.split()[0]), began)
        if fault and fault.kind == "lost":
            # The call was carried out; its answer never arrives.
            status, code, message = fault.error
            return protocol.error_response(req, status, code, message)(environ, start_response)
        if req.protocol == "cbor":
            headers, body = protocol.json_response_to_cbor(req, int(status.split()[0]), headers, body)
        return self._respond(start_response, status, headers, body)

    @staticmethod
    def _respond(start_response: StartResponse, status: str, headers: list[tuple[str, str]], body: bytes) -> Iterable[bytes]:
        start_response(status, headers)
        return [body]


class _QuietHandler(MotoRequestHandler):
    """moto's handler (keeps underscored headers) without a stderr line per request."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


# One cheap call per service the bed serves: the first request to a service imports its
# backend and builds its Flask app (ECS alone takes over a second), so do it before
# announcing readiness rather than inside some test's first call.
_WARM_UP = [
    ("ecs", {"X-Amz-Target": "AmazonEC2ContainerServiceV20141113.ListClusters"}, "{}"),
    ("ecr", {"X-Amz-Target": "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories"}, "{}"),
    ("ssm", {"X-Amz-Target": "AmazonSSM.DescribeParameters"}, "{}"),
    ("codedeploy", {"X-Amz-Target": "CodeDeploy_20141006.ListApplications"}, "{}"),
    ("monitoring", {"X-Amz-Target": "GraniteServiceVersion20100801.DescribeAlarms"}, "{}"),
    ("logs", {"X-Amz-Target": "Logs_20140328.DescribeLogGroups"}, "{}"),
    ("ec2", {}, "Action=DescribeVpcs&Version=2016-11-15"),
    ("elasticloadbalancing", {}, "Action=DescribeLoadBalancers&Version=2015-12-01"),
    ("autoscaling", {}, "Action=DescribeAutoScalingGroups&Version=2011-01-01"),
    ("iam", {}, "Action=ListRoles&Version=2010-05-08"),
    ("sts", {}, "Action=GetCallerIdentity&Version=2011-06-15"),
]


def warm_up(app: BedApp) -> None:
    client = Client(app)
    for service, headers, body in _WARM_UP:
        content_type = "application/x-amz-json-1.1" if headers else "application/x-www-form-urlencoded"
        auth = f"AWS4-HMAC-SHA256 Credential=test/20260101/ap-northeast-1/{service}/aws4_request, SignedHeaders=host, Signature=0"
        response = client.post("/", data=body, headers={**headers, "Content-Type": content_type,
                                                         "Authorization": auth, INTERNAL_HEADER: "warm-up"})
        if response.status_code != 200:
            raise RuntimeError(f"warm-up call to {service} failed: {response.status_code} {response.get_data(as_text=True)[:300]}")
    control.reset()


def make(host: str, port: int) -> tuple[BaseWSGIServer, BedApp]:
    app = BedApp()
    warm_up(app)
    server = make_server(host, port, app, threaded=True, request_handler=_QuietHandler)
    return server, app
