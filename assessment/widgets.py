"""Form widgets that write exactly the HTML of WTForms' own widgets, with less work per field.

A section page renders several hundred fields (each question has its answer, state, citation rows, comment
and TA request); WTForms' widgets build every attribute through ``Markup.format`` and look up flags with
``dir()``, which made field rendering most of a page's time. These build the same attributes, in the same
(sorted) order and with the same escaping, with plain string operations.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape
from wtforms import widgets
from wtforms.widgets.core import clean_key

_KEYS: dict[str, str] = {}


def _key(name: str) -> str:
    key = _KEYS.get(name)
    if key is None:
        key = _KEYS[name] = clean_key(name)
    return key


def html_params(**kwargs: Any) -> str:
    """What :func:`wtforms.widgets.html_params` returns, as a plain string: every value escaped (names come
    from the templates, never from users)."""
    parts = []
    for name in sorted(kwargs):
        value = kwargs[name]
        if value is True:
            parts.append(_key(name))
        elif value is not False:
            parts.append(f'{_key(name)}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return " ".join(parts)


def _with_flags(field: Any, allowed: list[str], kwargs: dict[str, Any], call: bool = False) -> None:
    for name, value in vars(field.flags).items():
        if name in allowed and name not in kwargs:
            kwargs[name] = value() if call and callable(value) else value


def _input(widget: widgets.Input, field: Any, kwargs: dict[str, Any]) -> Markup:
    kwargs.setdefault("id", field.id)
    kwargs.setdefault("type", widget.input_type)
    if "value" not in kwargs:
        kwargs["value"] = field._value()
    _with_flags(field, widget.validation_attrs, kwargs, call=True)
    return Markup(f"<input {html_params(name=field.name, **kwargs)}>")  # noqa: S704 (every value escaped)


class TextInput(widgets.TextInput):
    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        return _input(self, field, kwargs)


class HiddenInput(widgets.HiddenInput):
    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        return _input(self, field, kwargs)


class CheckboxInput(widgets.CheckboxInput):
    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        if getattr(field, "checked", field.data):
            kwargs.setdefault("checked", True)
        return _input(self, field, kwargs)


class RadioInput(widgets.RadioInput):
    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        if field.checked:
            kwargs.setdefault("checked", True)
        return _input(self, field, kwargs)


class TextArea(widgets.TextArea):
    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        kwargs.setdefault("id", field.id)
        _with_flags(field, self.validation_attrs, kwargs)
        inner = escape(field._value())
        return Markup(f"<textarea {html_params(name=field.name, **kwargs)}>\r\n{inner}</textarea>")  # noqa: S704


class Select(widgets.Select):
    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        if field.has_groups():
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        if self.multiple:
            kwargs["multiple"] = True
        _with_flags(field, self.validation_attrs, kwargs)
        html = [f"<select {html_params(name=field.name, **kwargs)}>"]
        for choice in field._iter_choices_normalized():
            value = str(choice.value) if isinstance(choice.value, bool) else choice.value
            attributes = {"value": value, **(choice.render_kw or {})}
            if choice.selected:
                attributes["selected"] = True
            html.append(f"<option {html_params(**attributes)}>{escape(choice.label or choice.value)}</option>")
        html.append("</select>")
        return Markup("".join(html))  # noqa: S704 (every value and label escaped)
