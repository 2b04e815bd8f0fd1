"""The log of every AWS request the bed answered, so tests can assert what a client sent.

Control calls (/_bed/*), moto's own API (/moto-api/*) and the bed's internal seeding calls
are not logged. Requests answered by an injected fault are, with the fault's status. A request
that began before a reset (a slow one, still in flight when its test ended) is not logged after
it: it belongs to the previous test, not to the next one using this bed.
"""

import itertools
from typing import Any

from .protocol import AwsRequest
from .state import on_reset

_entries: list[dict[str, Any]] = []
_seq = itertools.count(1)
_epoch = 0


@on_reset
def _reset() -> None:
    global _seq, _epoch
    _entries.clear()
    _seq = itertools.count(1)
    _epoch += 1


def epoch() -> int:
    """The current reset epoch, taken when a request begins."""
    return _epoch


def clear() -> None:
    """Forget the entries but keep numbering, so a `since` cursor stays meaningful."""
    _entries.clear()


def record(req: AwsRequest, status: int, began: int | None = None) -> None:
    if began is not None and began != _epoch:
        return
    _entries.append({"seq": next(_seq), "service": req.service, "action": req.action,
                     "status": status, "body": req.params})


def since(seq: int) -> list[dict[str, Any]]:
    return [entry for entry in _entries if entry["seq"] > seq]
