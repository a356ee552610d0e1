"""How the API reads a request: JSON bodies and query strings, refusing control characters in
any text (keys included) before a schema or a service sees them, so every endpoint answers
the same Persian 422 instead of reaching the database with a NUL."""

from __future__ import annotations

import json

from ninja.parser import Parser

from hamahang.core.validation import CONTROL_CHAR_MESSAGE, first_control_char_path


class BadInput(Exception):
    """Raised while reading the request; answered by the API's one error handler."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def _refuse_control_chars(data) -> None:
    where = first_control_char_path(data)
    if where is not None:
        raise BadInput(422, "control_char", CONTROL_CHAR_MESSAGE, where)


class CheckedParser(Parser):
    def parse_body(self, request):
        try:
            data = json.loads(request.body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise BadInput(400, "malformed_json", "بدنه درخواست JSON معتبر نیست.") from exc
        _refuse_control_chars(data)
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        _refuse_control_chars(result)
        return result
