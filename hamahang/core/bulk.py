"""What a bulk service (an import's write path) answers about one input row.

`ref` is the caller's own handle for the row (an importer passes its sheet row), `field` the
spec field at fault (the importer names the column from it), `message` a Persian sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RowProblem:
    ref: Any
    field: str | None
    message: str
