"""ECS Exec and Session Manager sessions: ECS ExecuteCommand and SSM StartSession /
TerminateSession, which moto 5.2.5 answers with 500.

Shaped from botocore's models (ecs 2014-11-13 `ExecuteCommand`, ssm 2014-11-06
`StartSession`) and AWS's ECS Exec guide. No session is ever connected: the answer is what a
client hands to `session-manager-plugin` (session id, stream URL, token), and tests use a
stand-in plugin. What AWS checks before answering is checked here:

- ExecuteCommand: `interactive` must be true; the task must exist in the cluster and run with
  `enableExecuteCommand` (else AWS's InvalidParameterException about the agent); `container`
  is needed when the task has several and must be one of them.
- StartSession: the target `ecs:<cluster>_<task id>_<container runtime id>` must be a running,
  exec-enabled task's container (else TargetNotConnected); `DocumentName`, when given, must be
  a Session Manager document AWS owns, and the port forwarding ones need `portNumber` (and
  `host` for `...ToRemoteHost`), else InvalidDocument / ValidationException.

Every session started is kept (`sessions()` for /_bed/state), with its target, document and
parameters, until a reset or TerminateSession.
"""

import secrets
import uuid
from typing import Any

from moto.core.responses import ActionResult
from moto.ecs.exceptions import ClusterNotFoundException, InvalidParameterException
from moto.ecs.responses import EC2ContainerServiceResponse
from moto.ssm.exceptions import InvalidDocument, SSMException, ValidationException
from moto.ssm.responses import SimpleSystemManagerResponse

from .state import on_reset

NOT_ENABLED = ("The execute command failed because execute command was not enabled when the task was run "
               "or the execute command agent isn’t running. Wait and try again or run a new task with "
               "execute command enabled and try again.")
# Session Manager documents AWS owns, and the parameters each requires.
DOCUMENTS = {
    "SSM-SessionManagerRunShell": (),
    "AWS-StartInteractiveCommand": ("command",),
    "AWS-StartNonInteractiveCommand": ("command",),
    "AWS-StartPortForwardingSession": ("portNumber",),
    "AWS-StartPortForwardingSessionToRemoteHost": ("host", "portNumber"),
    "AWS-StartSSHSession": ("portNumber",),
}

_sessions: dict[str, dict[str, Any]] = {}


@on_reset
def _reset() -> None:
    _sessions.clear()


class TargetNotConnected(SSMException):
    def __init__(self, target: str):
        super().__init__("TargetNotConnected", f"{target} is not connected.")


def sessions() -> list[dict[str, Any]]:
    return list(_sessions.values())


def _new_session(prefix: str, region: str, kind: str, **record: Any) -> dict[str, str]:
    session_id = f"{prefix}-{uuid.uuid4().hex[:17]}"
    url = f"wss://ssmmessages.{region}.amazonaws.com/v1/data-channel/{session_id}?role=publish_subscribe&cell-number=AAEAAQ"
    session = {"sessionId": session_id, "streamUrl": url, "tokenValue": secrets.token_urlsafe(96)}
    _sessions[session_id] = {"kind": kind, "sessionId": session_id, **record}
    return session


def _running_task(backend: Any, cluster_name: str, task_ref: str) -> Any:
    task_id = task_ref.split("/")[-1]
    for arn, task in backend.tasks.get(cluster_name, {}).items():
        if arn.split("/")[-1] == task_id:
            return task
    return None


def _execute_command(self: EC2ContainerServiceResponse) -> ActionResult:
    backend = self.ecs_backend
    cluster_ref = self._get_param("cluster") or "default"
    cluster_name = cluster_ref.split("/")[-1]
    if cluster_name not in backend.clusters:
        raise ClusterNotFoundException()
    if self._get_param("interactive") is not True:
        raise InvalidParameterException("Interactive is the only mode supported currently.")
    task = _running_task(backend, cluster_name, self._get_param("task") or "")
    if task is None:
        raise InvalidParameterException("The task provided in the request was not found.")
    if not getattr(task, "enable_execute_command", False) or task.last_status != "RUNNING":
        raise InvalidParameterException(NOT_ENABLED)
    containers = task.containers
    name = self._get_param("container")
    if name is None:
        if len(containers) > 1:
            raise InvalidParameterException("Container name must be specified when the task has more than one container.")
        container = containers[0]
    else:
        container = next((c for c in containers if c["name"] == name), None)
        if container is None:
            raise InvalidParameterException(f"The container {name} does not exist in the task.")
    session = _new_session("ecs-execute-command", backend.region_name, "ExecuteCommand",
                           task=task.task_arn, container=container["name"],
                           command=self._get_param("command"))
    return ActionResult({
        "clusterArn": task.cluster_arn, "containerArn": container["containerArn"],
        "containerName": container["name"], "interactive": True, "session": session,
        "taskArn": task.task_arn,
    })


def _ecs_target(target: str) -> tuple[Any, dict[str, Any]] | None:
    """The task and container of `ecs:<cluster>_<task id>_<runtime id>`, if one runs."""
    from moto.ecs.models import ecs_backends

    if not target.startswith("ecs:"):
        return None
    parts = target[4:].split("_")
    if len(parts) != 3:
        return None
    cluster_name, task_id, runtime_id = parts
    for account in ecs_backends.values():
        for backend in account.values():
            task = _running_task(backend, cluster_name, task_id)
            if task is None or task.last_status != "RUNNING" or not getattr(task, "enable_execute_command", False):
                continue
            for container in getattr(task, "containers", []):
                if isinstance(container, dict) and container.get("runtimeId") == runtime_id:
                    return task, container
    return None


def _start_session(self: SimpleSystemManagerResponse) -> ActionResult:
    target = self._get_param("Target") or ""
    document = self._get_param("DocumentName")
    parameters = self._get_param("Parameters") or {}
    if document is not None:
        if document not in DOCUMENTS:
            raise InvalidDocument(f"Document with name {document} does not exist.")
        missing = [p for p in DOCUMENTS[document] if not parameters.get(p)]
        if missing:
            raise ValidationException(f"Parameters {missing} are required by document {document}.")
    if _ecs_target(target) is None:
        raise TargetNotConnected(target)
    session = _new_session("shipper", self.region, "StartSession", target=target,
                           document=document, parameters=parameters)
    return ActionResult({"SessionId": session["sessionId"], "TokenValue": session["tokenValue"],
                         "StreamUrl": session["streamUrl"]})


def _terminate_session(self: SimpleSystemManagerResponse) -> ActionResult:
    session_id = self._get_param("SessionId")
    _sessions.pop(session_id, None)
    return ActionResult({"SessionId": session_id})


def install() -> None:
    EC2ContainerServiceResponse.execute_command = _execute_command
    SimpleSystemManagerResponse.start_session = _start_session
    SimpleSystemManagerResponse.terminate_session = _terminate_session
