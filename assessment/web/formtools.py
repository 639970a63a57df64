"""Small helpers shared by the form modules."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms import SelectChoice


def option(value: str, label: str) -> SelectChoice:
    return SelectChoice(value, label)


def options(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """``(value, label)`` pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]
