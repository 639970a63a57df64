"""Long lists in pages: one page at a time, with the numbers a pager shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import request

from assessment.web.inputs import MAX_INT


def page_number(name: str = "page") -> int:
    """The page asked for in the query string (1 when absent or not a number)."""
    return max(1, min(request.args.get(name, 1, type=int), MAX_INT))


def page_of(items: Sequence[Any], number: int, size: int) -> Page:
    """One page of ``items`` (numbers from 1; a number past the end shows the last page)."""
    total = len(items)
    pages = max(1, -(-total // size))
    number = min(max(1, number), pages)
    start = (number - 1) * size
    return Page(list(items[start:start + size]), number, size, total, pages)


@dataclass(frozen=True)
class Page:
    items: list[Any]
    number: int
    size: int
    total: int
    pages: int

    @property
    def first(self) -> int:
        """The position of the page's first item, from 1 (0 when there is none)."""
        return (self.number - 1) * self.size + 1 if self.total else 0

    @property
    def last(self) -> int:
        return (self.number - 1) * self.size + len(self.items)
