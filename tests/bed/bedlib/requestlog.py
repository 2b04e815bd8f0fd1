"""The log of every AWS request the bed answered, so tests can assert what a client sent.

Control calls (/_bed/*), moto's own API (/moto-api/*) and the bed's internal seeding calls
are not logged. Requests answered by an injected fault are, with the fault's status. A request
that began before a reset (a slow one, still in flight when its test ended) is not logged after
it: it belongs to the previous test, not to the next one using this bed.
"""

import time
from typing import Any

from .protocol import AwsRequest
from .state import on_reset

_entries: list[dict[str, Any]] = []
_next = 1
_epoch = 0


@on_reset
def _reset() -> None:
    global _next, _epoch
    _entries.clear()
    _next = 1
    _epoch += 1


def epoch() -> int:
    """The current reset epoch, taken when a request begins."""
    return _epoch


def clear() -> None:
    """Forget the entries but keep numbering, so a `since` cursor stays meaningful."""
    _entries.clear()


def upcoming() -> int:
    """The sequence number the request being handled will be logged with (requests are
    logged when answered, so this holds while handling one request at a time)."""
    return _next


def record(req: AwsRequest, status: int, began: int | None = None) -> None:
    global _next
    if began is not None and began != _epoch:
        return
    _entries.append({"seq": _next, "service": req.service, "action": req.action,
                     "status": status, "body": req.params, "at": time.time()})
    _next += 1


def since(seq: int) -> list[dict[str, Any]]:
    return [entry for entry in _entries if entry["seq"] > seq]
