"""Small helpers shared by the form modules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from wtforms import Field, SelectChoice


def option(value: str, label: str) -> SelectChoice:
    return SelectChoice(value, label)


def options(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """``(value, label)`` pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def field_attributes(field: Field, hint: str | None, given: Mapping[str, Any]) -> dict[str, Any]:
    """The attributes a field is drawn with (``templates/_macros/forms.html``, ``field``): those ``given``, and
    the ids of its hint and error messages as ``aria-describedby``, and ``aria-invalid`` when it has errors."""
    described = ([f"{field.id}-hint"] if hint else []) + [
        f"{field.id}-error-{number}" for number in range(1, len(field.errors) + 1)]
    attributes = dict(given)
    if described:
        attributes["aria_describedby"] = " ".join(described)
    if field.errors:
        attributes["aria_invalid"] = "true"
    return attributes


def form_errors(form: Iterable[Field]) -> list[tuple[Field, str]]:
    """Every error of a form with its field, in the form's order (``error_summary`` in
    ``templates/_macros/forms.html``)."""
    return [(field, error) for field in form for error in field.errors]
