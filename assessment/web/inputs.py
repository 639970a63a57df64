"""Reading small numbers and JSON bodies from requests and URLs: tampered or odd input is refused with a
message, never a server error."""

from __future__ import annotations

import json
import re
from collections.abc import Container
from typing import Any

from werkzeug.routing import IntegerConverter

from assessment.refusals import Refused

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


#: JSON bodies nested deeper than this are refused (an answer with its citations is four levels deep)
MAX_JSON_DEPTH = 16


class BadJson(Refused):
    """A request body that is not JSON, or nested too deeply; the message says which."""


def parse_json(data: bytes) -> Any:
    """The JSON document in ``data``.

    :raises BadJson: for text that is not JSON (or not UTF-8), or nested deeper than :data:`MAX_JSON_DEPTH`
    """
    try:
        document = json.loads(data)
    except RecursionError:  # the parser's own limit, far above ours
        raise BadJson(f"The JSON is nested more than {MAX_JSON_DEPTH} levels deep.") from None
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError alike
        raise BadJson(f"The body is not JSON: {exc}.") from None
    if _depth(document) > MAX_JSON_DEPTH:
        raise BadJson(f"The JSON is nested more than {MAX_JSON_DEPTH} levels deep.")
    return document


def _depth(document: Any) -> int:
    """How deeply lists and objects nest in ``document`` (walked without recursion)."""
    deepest = 0
    stack = [(document, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        if level > MAX_JSON_DEPTH:
            return level
        stack.extend((child, level + 1) for child in children)
    return deepest


def choice_arg(name: str, allowed: Container[str], default: str | None = None) -> str | None:
    """A query-string parameter that names one of ``allowed`` (a filter or view of a page); ``default`` when it
    is absent or names anything else."""
    from flask import request

    value = request.args.get(name)
    return value if value is not None and value in allowed else default
