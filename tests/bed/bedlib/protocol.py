"""What an AWS request is (service, action, wire protocol, parameters) and how errors look.

The middleware needs this for three things: fault matching (by action), the request log (by
signing name and action, with the parameters) and answering injected faults in the shape the
client's SDK parses for that protocol. It also bridges Smithy RPC v2 CBOR, which the Rust
aws-sdk-cloudwatch speaks and moto 5.2.5 does not, onto moto's awsJson support.
"""

import base64
import io
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

import cbor2
from moto.core.utils import get_service_model
from werkzeug.wrappers import Request, Response

# Signing names of CBOR services whose botocore model is named differently.
_BOTOCORE_NAMES = {"monitoring": "cloudwatch"}
# Services on EC2's own flavour of the query protocol (different error envelope).
_EC2_PROTOCOL = {"ec2"}


@dataclass
class AwsRequest:
    service: str  # signing name from the credential scope, e.g. "ecs", "monitoring"
    action: str
    protocol: str  # "json", "query", "cbor" or "rest"
    params: Any  # JSON-able parameters, for the request log
    json_content_type: str = "application/x-amz-json-1.1"
    region: str = ""  # from the credential scope, e.g. "ap-northeast-1"
    access_key: str = ""  # the signing key's id (which account the call is for)


def inspect(environ: dict[str, Any]) -> AwsRequest:
    """Describe the request without consuming it: the body is put back for moto."""
    request = Request(environ)
    raw = request.get_data()
    environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(raw), str(len(raw))
    key, region, service = _credential_scope(request.headers.get("Authorization", ""))
    content_type = request.headers.get("Content-Type", "")
    target = request.headers.get("X-Amz-Target")
    if target:
        req = AwsRequest(service, target.rsplit(".", 1)[-1], "json", _json_or_none(raw), content_type)
    elif request.headers.get("smithy-protocol") == "rpc-v2-cbor":
        req = AwsRequest(service, request.path.rsplit("/", 1)[-1], "cbor", _cbor_to_jsonable(cbor2.loads(raw)) if raw else {})
    elif content_type.startswith("application/x-www-form-urlencoded"):
        form = {k: v[0] for k, v in parse_qs(raw.decode(), keep_blank_values=True).items()}
        form.update(request.args.to_dict())
        req = AwsRequest(service, form.get("Action", ""), "query", form)
    else:
        req = AwsRequest(service, f"{request.method} {request.path}", "rest", _json_or_none(raw))
    req.region, req.access_key = region, key
    return req


def _credential_scope(authorization: str) -> tuple[str, str, str]:
    """(access key id, region, signing name) of a SigV4 Authorization header."""
    # "AWS4-HMAC-SHA256 Credential=AKID/20240101/ap-northeast-1/ecs/aws4_request, ..."
    try:
        key, _, region, service = authorization.split("Credential=", 1)[1].split(",", 1)[0].split("/")[:4]
        return key, region, service
    except (IndexError, ValueError):
        return "", "", "unknown"


def _json_or_none(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else {}
    except ValueError:
        return None


def error_response(req: AwsRequest, status: int, code: str, message: str) -> Response:
    """An AWS error in the envelope the request's protocol uses, so SDKs parse the code."""
    request_id = str(uuid.uuid4())
    if req.protocol == "json":
        body = json.dumps({"__type": code, "message": message})
        return Response(body, status, {"x-amzn-ErrorType": code, "x-amzn-RequestId": request_id,
                                       "Content-Type": req.json_content_type})
    if req.protocol == "cbor":
        return Response(cbor2.dumps({"__type": code, "message": message}), status, {
            "smithy-protocol": "rpc-v2-cbor", "Content-Type": "application/cbor",
            "x-amzn-RequestId": request_id,
            # awsQueryCompatible services (CloudWatch) carry the query-style code here too.
            "x-amzn-query-error": f"{code};{'Sender' if status < 500 else 'Receiver'}"})
    if req.service in _EC2_PROTOCOL:
        body = (f"<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error>"
                f"</Errors><RequestID>{request_id}</RequestID></Response>")
    else:
        fault = "Sender" if status < 500 else "Receiver"
        body = (f"<ErrorResponse><Error><Type>{fault}</Type><Code>{code}</Code><Message>{message}</Message>"
                f"</Error><RequestId>{request_id}</RequestId></ErrorResponse>")
    return Response(body, status, {"Content-Type": "text/xml", "x-amzn-RequestId": request_id})


# --- Smithy RPC v2 CBOR bridge -------------------------------------------------------------


def cbor_request_to_json(environ: dict[str, Any], req: AwsRequest) -> None:
    """Rewrite a CBOR request in place into the awsJson1_0 request moto understands."""
    # Path: /service/<target prefix>/operation/<Operation>; the prefix is the JSON target prefix.
    target_prefix = environ["PATH_INFO"].split("/")[2]
    body = json.dumps(req.params).encode()
    environ.update({
        "PATH_INFO": "/", "CONTENT_TYPE": "application/x-amz-json-1.0", "CONTENT_LENGTH": str(len(body)),
        "HTTP_X_AMZ_TARGET": f"{target_prefix}.{req.action}", "wsgi.input": io.BytesIO(body),
    })


def json_response_to_cbor(req: AwsRequest, status: int, headers: list[tuple[str, str]], body: bytes) -> tuple[list[tuple[str, str]], bytes]:
    """Turn moto's awsJson answer into the CBOR one, typed by the operation's output shape."""
    document = _json_or_none(body) or {}
    if status < 400:
        operation = get_service_model(_BOTOCORE_NAMES.get(req.service, req.service)).operation_model(req.action)
        document = _typed_for_cbor(document, operation.output_shape)
        extra = []
    else:
        code = str(document.get("__type", "InternalFailure")).rsplit("#", 1)[-1]
        document = {"__type": code, "message": document.get("message") or document.get("Message", "")}
        extra = [("x-amzn-query-error", f"{code};{'Sender' if status < 500 else 'Receiver'}")]
    kept = [(k, v) for k, v in headers if k.lower() not in ("content-type", "content-length", "x-amzn-errortype")]
    encoded = cbor2.dumps(document)
    return kept + extra + [("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor"),
                           ("Content-Length", str(len(encoded)))], encoded


def _typed_for_cbor(value: Any, shape: Any) -> Any:
    # JSON loses the distinction between timestamps, blobs, doubles and integers that CBOR
    # (and the Rust decoder) insists on, so walk the botocore shape to restore it.
    if value is None or shape is None:
        return value
    kind = shape.type_name
    if kind == "structure":
        return {k: _typed_for_cbor(v, shape.members.get(k)) for k, v in value.items() if k in shape.members}
    if kind == "list":
        return [_typed_for_cbor(v, shape.member) for v in value]
    if kind == "map":
        return {k: _typed_for_cbor(v, shape.value) for k, v in value.items()}
    if kind == "timestamp":
        seconds = value if isinstance(value, (int, float)) else datetime.fromisoformat(str(value)).timestamp()
        return cbor2.CBORTag(1, float(seconds))
    if kind == "blob":
        return base64.b64decode(value)
    if kind in ("double", "float"):
        return float(value)
    if kind in ("integer", "long"):
        return int(value)
    return value


def _cbor_to_jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _cbor_to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cbor_to_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.replace(tzinfo=value.tzinfo or UTC).timestamp()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value
