"""Process-wide bed state: one lock, and the hooks that wipe everything on reset.

moto is not thread-safe and the bed's simulations mutate moto's models from several entry
points, so every AWS request and every control call runs under `LOCK` (see server.py). The
lock is re-entrant because control calls (e.g. reset) reuse code paths that also take it.
"""

import threading
from collections.abc import Callable

LOCK = threading.RLock()

_reset_hooks: list[Callable[[], None]] = []


def on_reset(hook: Callable[[], None]) -> Callable[[], None]:
    """Register `hook` to run on POST /_bed/reset (usable as a decorator)."""
    _reset_hooks.append(hook)
    return hook


def reset_all() -> None:
    with LOCK:
        for hook in _reset_hooks:
            hook()
