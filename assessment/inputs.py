"""Reading small numbers from requests and URLs: tampered or odd input is refused, never a server error."""

from __future__ import annotations

import re

from werkzeug.routing import IntegerConverter

#: the largest id or count any route accepts (database integer columns are 32-bit)
MAX_INT = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,10}")


def small_int(raw: object, low: int = 0, high: int = MAX_INT) -> int | None:
    """``raw`` as an int within [low, high] when it is plain ASCII digits, else None ("²", "1e3", "-1", huge)."""
    if not isinstance(raw, str) or not _DIGITS.fullmatch(raw.strip()):
        return None
    value = int(raw.strip())
    return value if low <= value <= high else None


class BoundedIntegerConverter(IntegerConverter):
    """``<int:…>`` in URLs: ids beyond a 32-bit integer are simply not found (404), not a database error."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_INT)
        super().__init__(map, *args, **kwargs)
