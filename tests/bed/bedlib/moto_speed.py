"""Speed-ups of the pinned moto that change no answer: work moto redoes on every request although
its result cannot change while the bed serves. A 50-service deploy sends the bed ~200 calls one
after another (moto is not thread-safe, so the bed answers one at a time); each millisecond per
call is most of a second of a run that benchmarks shipper, not moto.
"""

from datetime import datetime, timedelta
from typing import Any


def install() -> None:
    _list_moto_modules_once()
    _method_names_once()
    _alias_keys_once()
    _epoch_seconds_without_timetuple()


def _list_moto_modules_once() -> None:
    """moto's server lists its own package directory (180 `stat` calls) to route every request,
    twice: a third of a small call's time."""
    from moto import backends

    modules = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: iter(modules)


def _method_names_once() -> None:
    """Every request lists the response class's methods with `inspect.getmembers`. The bed's
    patches are installed before serving, so the list per class is fixed by then."""
    from moto.core import responses

    original = responses.method_names_from_class
    names: dict[type, list[str]] = {}

    def method_names_from_class(clazz: Any) -> list[str]:
        if clazz not in names:
            names[clazz] = original(clazz)
        return names[clazz]

    responses.method_names_from_class = method_names_from_class


def _alias_keys_once() -> None:
    """The response serializer works out, for every member of every object it writes, the
    attribute names to try (six alias providers, built anew each time): half of serializing.
    The answer depends only on what the providers look at (the object's type, the key, the
    shape, its parent, the service), so it is kept per those."""
    from moto.core.serialize import XFormedAttributePicker

    original = XFormedAttributePicker.get_possible_keys
    keys: dict[tuple[Any, ...], tuple[str, ...]] = {}

    def get_possible_keys(self: Any, context: Any) -> tuple[str, ...]:
        shape = context.shape
        parent = getattr(shape, "parent", None)
        key = (type(self), type(context.obj), context.key,
               getattr(context.service_model, "service_name", None),
               getattr(shape, "name", None), getattr(shape, "type_name", None),
               shape.serialization.get("name") if shape is not None else None,
               getattr(parent, "name", None), getattr(parent, "type_name", None))
        if key not in keys:
            keys[key] = tuple(original(self, context))
        return keys[key]

    XFormedAttributePicker.get_possible_keys = get_possible_keys


def _epoch_seconds_without_timetuple() -> None:
    """Timestamps are written as `calendar.timegm(value.timetuple())`; `timetuple()` asks the
    value's tzinfo for DST, which takes ~100 µs with dateutil's zones: a quarter of a
    DescribeServices of ten services (each event has a timestamp). The same number, from the
    same wall-clock fields read as UTC, without asking."""
    from moto.core.serialize import TimestampSerializer

    epoch, second = datetime(1970, 1, 1), timedelta(seconds=1)

    def _timestamp_unixtimestamp(value: datetime) -> int | float:
        base_timestamp = (value.replace(tzinfo=None, microsecond=0) - epoch) // second
        if value.microsecond:
            return base_timestamp + (value.microsecond // 1000) / 1000.0
        return base_timestamp

    TimestampSerializer._timestamp_unixtimestamp = staticmethod(_timestamp_unixtimestamp)
