"""Python strings people read go through gettext: every message flashed and every refusal raised in the
application is a gettext call (or a value computed from one), never a bare English literal or f-string."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: the API's query-parameter errors name its parameters and values for programmers, in the OpenAPI document's
#: English (its labels follow Accept-Language); every other message reaches a person on a page
SOURCES = sorted(p for p in (ROOT / "assessment").rglob("*.py")
                 if p.relative_to(ROOT).parts[:2] != ("assessment", "api"))
#: calls whose first argument a person reads on a page
SHOWN = {"flash", "Refused", "Stale"}
GETTEXT = {"_", "gettext", "_l", "lazy_gettext", "ngettext", "lazy_ngettext"}


def bare_strings(source: str) -> list[tuple[int, str]]:
    """(line, call) for each shown call whose first argument is an English literal or f-string."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name not in SHOWN:
            continue
        first = node.args[0]
        for part in ast.walk(first):
            if isinstance(part, ast.Call) and getattr(part.func, "id", getattr(part.func, "attr", "")) in GETTEXT:
                break
        else:
            if isinstance(first, (ast.Constant, ast.JoinedStr, ast.BinOp)) and not (
                    isinstance(first, ast.Constant) and not isinstance(first.value, str)):
                found.append((node.lineno, name))
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_shown_messages_go_through_gettext(path):
    assert bare_strings(path.read_text(encoding="utf-8")) == []


def test_the_scan_finds_a_bare_message():
    assert bare_strings('flash("Saved.", "success")\nflash(_("Saved."))\nraise Refused(f"no {x}")') == [
        (1, "flash"), (3, "Refused")]
