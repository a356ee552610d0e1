"""Where a write comes from, when it is not a person at a screen (an import, a task).

A caller wraps its writes in `write_source("…")`; event rows and history rows written
meanwhile carry that label (receivers in the importing app read `current_write_source()`), so
a timeline can say «ورود از اکسل «units.xlsx» (واحدها)» next to the person who ran it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_source: ContextVar[str] = ContextVar("hamahang_write_source", default="")


@contextmanager
def write_source(label: str) -> Iterator[None]:
    token = _source.set(label)
    try:
        yield
    finally:
        _source.reset(token)


def current_write_source() -> str:
    return _source.get()
