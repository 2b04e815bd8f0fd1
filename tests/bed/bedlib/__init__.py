"""The bed: moto 5.2.5 plus the behaviour AWS has and moto lacks, for shipper's tests.

One module per concern; `install()` applies every patch. See tests/bed/README.md.
"""

from . import cloudwatch, codedeploy, ecs_api, ecs_tasks, elbv2


def install() -> None:
    """Monkeypatch moto (idempotent only in the sense that it must run once, before serving)."""
    for module in (ecs_tasks, ecs_api, elbv2, codedeploy, cloudwatch):
        module.install()
    _list_moto_modules_once()


def _list_moto_modules_once() -> None:
    """moto's server lists its own package directory (180 `stat` calls) to route every request,
    twice: a third of each call's time in the bed. The list cannot change while serving."""
    from moto import backends

    modules = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: iter(modules)
