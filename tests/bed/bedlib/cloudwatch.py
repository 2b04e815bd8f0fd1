"""CloudWatch alarms as the ECS deployment-alarm monitor sees them.

moto 5.2.5 stores alarms and SetAlarmState works; only the wire protocol of the Rust SDK
(Smithy RPC v2 CBOR) is missing in moto, which protocol.py bridges. Nothing is patched here.
"""

from moto.cloudwatch.models import cloudwatch_backends


def alarms_in_alarm(account_id: str, region: str, names: list[str]) -> list[str]:
    """Which of `names` are currently in ALARM state."""
    alarms = cloudwatch_backends[account_id][region].alarms
    return [name for name in names if name in alarms and alarms[name].state_value == "ALARM"]
