"""The current time, overridable for one block of code.

Services and model defaults read the time from here so that the demo loader can run the real
workflow at simulated times (a 1399 resolution's timeline carries 1399 timestamps).
"""

import datetime as dt
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_frozen_at: ContextVar[dt.datetime | None] = ContextVar("hamahang_clock", default=None)


def now() -> dt.datetime:
    return _frozen_at.get() or timezone.now()


def today() -> dt.date:
    return timezone.localdate(now())


@contextmanager
def frozen(at: dt.datetime):
    """Within the block, `now()` is `at` (an aware datetime)."""
    token = _frozen_at.set(at)
    try:
        yield
    finally:
        _frozen_at.reset(token)


def freeze(at: dt.datetime) -> Callable[[], None]:
    """`now()` is `at` until the returned function is called (for a span no `with` block can
    hold, such as a test fixture shared by several tests)."""
    token = _frozen_at.set(at)
    return lambda: _frozen_at.reset(token)
