"""The bed: moto 5.2.5 plus the behaviour AWS has and moto lacks, for shipper's tests.

One module per concern; `install()` applies every patch. See tests/bed/README.md.
"""

from . import cloudwatch, codedeploy, daemons, ecs_api, ecs_tasks, elbv2, express, moto_speed, sessions


def install() -> None:
    """Monkeypatch moto (idempotent only in the sense that it must run once, before serving)."""
    for module in (ecs_tasks, ecs_api, express, daemons, elbv2, codedeploy, cloudwatch, sessions):
        module.install()
    moto_speed.install()
