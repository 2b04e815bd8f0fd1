"""CloudWatch as the bed's deployment checks and health gates read it.

moto 5.2.5 stores alarms and SetAlarmState works; only the wire protocol of the Rust SDK
(Smithy RPC v2 CBOR) is missing in moto, which protocol.py bridges.

GetMetricData: a test states what a metric reads (POST /_bed/metrics: namespace, metric name,
dimensions, optionally the statistic, and the datapoints, newest first). A MetricStat query
whose namespace, metric and dimensions (in any order) match is answered with those values,
timestamped `Period` seconds apart ending now; every other query goes to moto (which answers
from PutMetricData, i.e. usually nothing). Stored metrics are global (any account/region).

A metric can instead be scripted over time (`series`: segments `{"from": seconds from now,
"values": [...]}`; `"append": true` adds segments to the metric's script): it is then answered as
CloudWatch answers a stored metric, one datapoint per period boundary within
[StartTime, EndTime) and not after now, each the value the segment in force at its timestamp
gives it (`values` cycled by the period's number since the epoch, so per-period samples vary),
none where no segment is in force yet or the segment's values are empty (a quiet period).
"""

import time

import math
from datetime import datetime, timedelta, timezone
from typing import Any

from moto.cloudwatch.exceptions import ValidationError
from moto.cloudwatch.models import CloudWatchBackend, cloudwatch_backends
from moto.core.utils import utcnow

from .state import on_reset

# (namespace, metric, frozenset of dimension pairs, stat or None) -> values, newest first.
_metrics: dict[tuple[str, str, frozenset[tuple[str, str]], str | None], list[float]] = {}
# The same keys -> a script over time: [(from, Unix seconds), values], in time order.
_series: dict[tuple[str, str, frozenset[tuple[str, str]], str | None], list[tuple[float, list[float]]]] = {}


@on_reset
def _clear() -> None:
    _metrics.clear()
    _series.clear()


def alarms_in_alarm(account_id: str, region: str, names: list[str]) -> list[str]:
    """Which of `names` are currently in ALARM state."""
    alarms = cloudwatch_backends[account_id][region].alarms
    return [name for name in names if name in alarms and alarms[name].state_value == "ALARM"]


def set_metric(body: dict[str, Any]) -> list[dict[str, Any]]:
    """POST /_bed/metrics: store (or with "clear": true, forget all) datapoints; answers the store."""
    if body.get("clear"):
        _clear()
        return stored()
    unknown = sorted(set(body) - {"namespace", "metric", "dimensions", "stat", "values", "series", "append"})
    if unknown:
        raise ValueError(f"unknown metric field(s) {unknown}")
    dimensions = body.get("dimensions") or {}
    if not isinstance(dimensions, dict):
        raise ValueError('dimensions must be an object: {"Name": "Value", ...}')
    key = (str(body["namespace"]), str(body["metric"]), frozenset((str(k), str(v)) for k, v in dimensions.items()), body.get("stat"))
    if ("values" in body) == ("series" in body):
        raise ValueError("give either values (newest first) or series (segments over time)")
    if "values" in body:
        _metrics[key] = [float(v) for v in body["values"]]
        return stored()
    now = time.time()
    segments = []
    for segment in body["series"]:
        unknown = sorted(set(segment) - {"from", "values"})
        if unknown:
            raise ValueError(f"unknown series field(s) {unknown}")
        segments.append((now + float(segment.get("from", 0)), [float(v) for v in segment["values"]]))
    _series[key] = sorted((_series.get(key, []) if body.get("append") else []) + segments, key=lambda s: s[0])
    return stored()


def stored() -> list[dict[str, Any]]:
    return [{"namespace": ns, "metric": name, "dimensions": dict(sorted(dims)), "stat": stat, "values": values}
            for (ns, name, dims, stat), values in _metrics.items()] + [
        {"namespace": ns, "metric": name, "dimensions": dict(sorted(dims)), "stat": stat,
         "series": [{"at": at, "values": values} for at, values in segments]}
        for (ns, name, dims, stat), segments in _series.items()]


def _lookup(metric_stat: dict[str, Any], store: dict) -> Any:
    metric = metric_stat.get("Metric") or {}
    dims = frozenset((d.get("Name"), d.get("Value")) for d in metric.get("Dimensions") or [])
    base = (metric.get("Namespace"), metric.get("MetricName"), dims)
    # A value stored for this statistic wins over one stored for any statistic.
    for stat in (metric_stat.get("Stat"), None):
        if (*base, stat) in store:
            return store[(*base, stat)]
    return None


def _epoch(moment: Any) -> float:
    """Unix seconds of a request's timestamp (a naive datetime is UTC, as moto's are)."""
    if isinstance(moment, (int, float)):
        return float(moment)
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).timestamp()


def _scripted(segments: list[tuple[float, list[float]]], period: int, start: Any, end: Any,
              now: float) -> tuple[list[float], list[float]]:
    """(timestamps, values), oldest first, of a scripted metric over [start, end)."""
    first = math.ceil(_epoch(start) / period) * period
    stamps, values = [], []
    at = first
    while at < _epoch(end) and at <= now:
        in_force = [v for since, v in segments if since <= at]
        if in_force and in_force[-1]:
            stamps.append(at)
            values.append(in_force[-1][int(at // period) % len(in_force[-1])])
        at += period
    return stamps, values


_original_get_metric_data = CloudWatchBackend.get_metric_data


def _get_metric_data(self: CloudWatchBackend, queries: list[dict[str, Any]], start_time: Any, end_time: Any,
                     scan_by: str = "TimestampAscending") -> list[dict[str, Any]]:
    now = utcnow().replace(microsecond=0)
    answered: dict[str, dict[str, Any]] = {}
    for query in queries:
        metric_stat = query.get("MetricStat")
        period = int((metric_stat or {}).get("Period") or 60)
        segments = _lookup(metric_stat, _series) if metric_stat else None
        values = _lookup(metric_stat, _metrics) if metric_stat else None
        if segments is not None:
            stamps, values = _scripted(segments, period, start_time, end_time, time.time())
            timestamps = [datetime.fromtimestamp(at, timezone.utc).replace(tzinfo=None) for at in stamps]
            if scan_by != "TimestampAscending":
                values, timestamps = values[::-1], timestamps[::-1]
        elif values is None:
            continue
        else:
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
