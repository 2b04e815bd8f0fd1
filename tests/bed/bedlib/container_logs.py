"""What the bed's simulated containers write to CloudWatch Logs.

A container whose definition uses the awslogs driver (`awslogs-group`, `awslogs-stream-prefix`)
gets AWS's stream `<prefix>/<container>/<task id>` in its group (the group must exist, as on AWS
without `awslogs-create-group`), with one line when it starts and, when it exits non-zero, the
plan's `log_lines` (default: one line naming the exit code) — so `shipper logs` and the failure
report's log tail have something real to read.
"""

import time
from typing import Any

from moto.logs.models import logs_backends


def configs(definitions: list[dict[str, Any]], region: str) -> dict[str, tuple[str, str, str]]:
    """container name → (group, stream prefix, region) for the awslogs containers."""
    out = {}
    for definition in definitions:
        log = definition.get("logConfiguration") or {}
        options = log.get("options") or {}
        if log.get("logDriver") == "awslogs" and options.get("awslogs-group") and options.get("awslogs-stream-prefix"):
            out[definition.get("name")] = (options["awslogs-group"], options["awslogs-stream-prefix"],
                                           options.get("awslogs-region") or region)
    return out


def write(account_id: str, task_id: str, where: tuple[str, str, str], container: str, lines: list[str]) -> None:
    group, prefix, region = where
    backend = logs_backends[account_id][region]
    if group not in backend.groups or not lines:
        return
    stream = f"{prefix}/{container}/{task_id}"
    backend.ensure_log_stream(group, stream)
    now = int(time.time() * 1000)
    backend.put_log_events(group, stream, [{"timestamp": now, "message": line} for line in lines])
