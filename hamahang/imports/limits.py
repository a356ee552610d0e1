"""What a workbook may be, checked before any XML of it is parsed.

An .xlsx file is a zip of XML parts. A few hundred kilobytes can decompress to gigabytes, a
sheet can claim a million rows, and XML can declare entities that expand without end or read
local files. So, before openpyxl sees the file: its compressed size, the sum of its parts'
uncompressed sizes (from the zip directory, which is also all that zipfile will ever inflate
of a part), the size of each part that is read whole (shared strings, styles…), the rows each
sheet declares, and no part may carry a DTD. openpyxl itself parses through defusedxml (a
declared dependency), which refuses entities should one slip past. Rows are counted again
while streaming (`reader`), in case a sheet does not declare its size.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings

from hamahang.core.digits import to_persian_digits

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 20 * MB
    uncompressed_bytes: int = 150 * MB
    part_bytes: int = 30 * MB  # any part read whole into memory (not a worksheet)
    parts: int = 2000
    rows_per_sheet: int = 100_000


def limits() -> Limits:
    return Limits(**getattr(settings, "IMPORT_LIMITS", {}))


class LimitExceeded(ValueError):
    """A Persian message saying which limit the file passed."""


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?[A-Z]*(\d+)"')
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
PROLOG_BYTES = 64 * 1024


def _mb(size: int) -> str:
    return to_persian_digits(f"{size / MB:.0f}") + " مگابایت"


def _size(source) -> int:
    if isinstance(source, (str, os.PathLike)):
        return os.path.getsize(source)
    position = source.tell()
    source.seek(0, os.SEEK_END)
    size = source.tell()
    source.seek(position)
    return size


def check_workbook(source, bounds: Limits | None = None) -> None:
    """Raise `LimitExceeded` (Persian) if `source` (a path or a binary file) is too big, a
    decompression bomb, declares too many rows or carries a DTD; `zipfile.BadZipFile` if it
    is not a zip at all. Reads only the zip directory and the first bytes of each part."""
    bounds = bounds or limits()
    size = _size(source)
    if size > bounds.file_bytes:
        raise LimitExceeded(
            f"حجم پرونده ({_mb(size)}) بیش از {_mb(bounds.file_bytes)} است؛ "
            "آن را در چند پرونده کوچک‌تر وارد کنید."
        )
    with zipfile.ZipFile(source) as archive:
        parts = archive.infolist()
        if len(parts) > bounds.parts:
            raise LimitExceeded(
                f"پرونده {to_persian_digits(len(parts))} بخش دارد؛ یک کارپوشه اکسل عادی نیست."
            )
        total = sum(part.file_size for part in parts)
        if total > bounds.uncompressed_bytes:
            raise LimitExceeded(
                f"حجم پرونده پس از باز شدن ({_mb(total)}) بیش از {_mb(bounds.uncompressed_bytes)} "
                "است؛ پرونده دستکاری شده یا بسیار بزرگ است و بررسی نشد."
            )
        for part in parts:
            name = part.filename
            is_sheet = name.startswith("xl/worksheets/")
            if not is_sheet and part.file_size > bounds.part_bytes:
                raise LimitExceeded(
                    f"بخش «{name}» پرونده ({_mb(part.file_size)}) بیش از اندازه مجاز "
                    f"({_mb(bounds.part_bytes)}) است."
                )
            if not name.endswith((".xml", ".rels", ".vml")):
                continue
            with archive.open(part) as stream:
                prolog = stream.read(PROLOG_BYTES)
            if _DTD.search(prolog):
                raise LimitExceeded(
                    f"بخش «{name}» پرونده تعریف DTD یا ENTITY دارد که پذیرفته نیست "
                    "(ممکن است پرونده‌ای مخرب باشد)؛ پرونده را دوباره در اکسل ذخیره کنید."
                )
            if is_sheet:
                declared = _DIMENSION.search(prolog)
                if declared and int(declared.group(1)) > bounds.rows_per_sheet + 20:
                    raise LimitExceeded(
                        f"یکی از برگه‌ها ({name.rsplit('/', 1)[-1]}) "
                        f"{to_persian_digits(int(declared.group(1)))} ردیف دارد؛ بیشینه "
                        f"{to_persian_digits(bounds.rows_per_sheet)} ردیف در هر برگه است."
                    )
    if not isinstance(source, (str, os.PathLike)):
        source.seek(0)
