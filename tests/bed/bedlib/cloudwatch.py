"""CloudWatch as the bed's deployment checks and health gates read it.

moto 5.2.5 stores alarms and SetAlarmState works; only the wire protocol of the Rust SDK
(Smithy RPC v2 CBOR) is missing in moto, which protocol.py bridges.

GetMetricData: a test states what a metric reads (POST /_bed/metrics: namespace, metric name,
dimensions, optionally the statistic, and the datapoints, newest first). A MetricStat query
whose namespace, metric and dimensions (in any order) match is answered with those values,
timestamped `Period` seconds apart ending now; every other query goes to moto (which answers
from PutMetricData, i.e. usually nothing). Stored metrics are global (any account/region).
"""

from datetime import timedelta
from typing import Any

from moto.cloudwatch.exceptions import ValidationError
from moto.cloudwatch.models import CloudWatchBackend, cloudwatch_backends
from moto.core.utils import utcnow

from .state import on_reset

# (namespace, metric, frozenset of dimension pairs, stat or None) -> values, newest first.
_metrics: dict[tuple[str, str, frozenset[tuple[str, str]], str | None], list[float]] = {}


@on_reset
def _clear() -> None:
    _metrics.clear()


def alarms_in_alarm(account_id: str, region: str, names: list[str]) -> list[str]:
    """Which of `names` are currently in ALARM state."""
    alarms = cloudwatch_backends[account_id][region].alarms
    return [name for name in names if name in alarms and alarms[name].state_value == "ALARM"]


def set_metric(body: dict[str, Any]) -> list[dict[str, Any]]:
    """POST /_bed/metrics: store (or with "clear": true, forget all) datapoints; answers the store."""
    if body.get("clear"):
        _metrics.clear()
        return stored()
    unknown = sorted(set(body) - {"namespace", "metric", "dimensions", "stat", "values"})
    if unknown:
        raise ValueError(f"unknown metric field(s) {unknown}")
    dimensions = body.get("dimensions") or {}
    if not isinstance(dimensions, dict):
        raise ValueError('dimensions must be an object: {"Name": "Value", ...}')
    values = [float(v) for v in body["values"]]
    key = (str(body["namespace"]), str(body["metric"]), frozenset((str(k), str(v)) for k, v in dimensions.items()), body.get("stat"))
    _metrics[key] = values
    return stored()


def stored() -> list[dict[str, Any]]:
    return [{"namespace": ns, "metric": name, "dimensions": dict(sorted(dims)), "stat": stat, "values": values}
            for (ns, name, dims, stat), values in _metrics.items()]


def _lookup(metric_stat: dict[str, Any]) -> list[float] | None:
    metric = metric_stat.get("Metric") or {}
    dims = frozenset((d.get("Name"), d.get("Value")) for d in metric.get("Dimensions") or [])
    base = (metric.get("Namespace"), metric.get("MetricName"), dims)
    # A value stored for this statistic wins over one stored for any statistic.
    for stat in (metric_stat.get("Stat"), None):
        if (*base, stat) in _metrics:
            return _metrics[(*base, stat)]
    return None


_original_get_metric_data = CloudWatchBackend.get_metric_data


def _get_metric_data(self: CloudWatchBackend, queries: list[dict[str, Any]], start_time: Any, end_time: Any,
                     scan_by: str = "TimestampAscending") -> list[dict[str, Any]]:
    now = utcnow().replace(microsecond=0)
    answered: dict[str, dict[str, Any]] = {}
    for query in queries:
        metric_stat = query.get("MetricStat")
        values = _lookup(metric_stat) if metric_stat else None
        if values is None:
            continue
        period = int(metric_stat.get("Period") or 60)
        timestamps = [now - timedelta(seconds=period * i) for i in range(len(values))]
        if scan_by == "TimestampAscending":
            values, timestamps = values[::-1], timestamps[::-1]
        name = (metric_stat.get("Metric") or {}).get("MetricName")
        answered[query["Id"]] = {"id": query["Id"], "label": query.get("Label") or f"{name} {metric_stat.get('Stat')}",
                                 "values": list(values), "timestamps": timestamps, "status_code": "Complete"}
    rest = [q for q in queries if q["Id"] not in answered]
    try:
        moto_results = _original_get_metric_data(self, rest, start_time, end_time, scan_by) if rest else []
    except ValidationError:
        raise
    except Exception:  # e.g. an expression over a query the bed answered: answer it empty
        moto_results = [{"id": q["Id"], "label": q.get("Label") or q["Id"], "values": [], "timestamps": [],
                         "status_code": "Complete"} for q in rest if q.get("ReturnData", True)]
    by_id = {r["id"]: r for r in moto_results}
    return [answered[q["Id"]] if q["Id"] in answered else by_id[q["Id"]]
            for q in queries
            if (q["Id"] in answered and q.get("ReturnData", True)) or q["Id"] in by_id]


def install() -> None:
    CloudWatchBackend.get_metric_data = _get_metric_data
