"""The shape of the code: views run no SQL (they read through their feature's ``queries.py``), and no code
reaches into a private attribute of WTForms, openpyxl or SQLAlchemy (their public API or the framework's
path instead)."""

from __future__ import annotations

import ast
import importlib.util
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIEWS = sorted((ROOT / "assessment").glob("*/views.py"))
#: a view may end the request's transaction, nothing more
SESSION_CALLS = {"commit", "rollback"}
SOURCES = ("assessment", "questionnaires", "scoring", "exports", "bench", "migrations", "tests")
LIBRARIES = ("wtforms", "openpyxl", "sqlalchemy")


# --------------------------------------------------------------------------- views run no SQL


def sql_in(source: str) -> list[str]:
    """What in a module's source runs SQL or builds it: an import of SQLAlchemy, ``db.session`` beyond commit
    and rollback, ``db.get_or_404`` and the like, ``Model.query``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"line {node.lineno}: import {a.name}" for a in node.names
                      if a.name.split(".")[0] == "sqlalchemy"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlalchemy":
            found.append(f"line {node.lineno}: from {node.module} import …")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "db" \
                and node.attr != "session":
            found.append(f"line {node.lineno}: db.{node.attr}")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute) \
                and node.value.attr == "session" and isinstance(node.value.value, ast.Name) \
                and node.value.value.id == "db" and node.attr not in SESSION_CALLS:
            found.append(f"line {node.lineno}: db.session.{node.attr}")
        elif isinstance(node, ast.Attribute) and node.attr == "query" and isinstance(node.value, ast.Name) \
                and node.value.id[:1].isupper():
            found.append(f"line {node.lineno}: {node.value.id}.query")
    return found


def test_the_sql_finder_finds_what_a_view_must_not_do():
    assert sql_in("from sqlalchemy import select\n")
    assert sql_in("import sqlalchemy.orm\n")
    assert sql_in("rows = db.session.scalars(query).all()\n")
    assert sql_in("row = db.session.get(User, 3)\n")
    assert sql_in("db.session.execute(text)\n")
    assert sql_in("user = db.get_or_404(User, 3)\n")
    assert sql_in("user = User.query.get(3)\n")
    assert sql_in("db.session.commit()\ndb.session.rollback()\nrequest.query_string\n") == []


def test_no_view_runs_sql():
    assert len(VIEWS) >= 11  # every blueprint's, the API's too
    assert ROOT / "assessment" / "api" / "views.py" in VIEWS
    offenders = {path.relative_to(ROOT).as_posix(): found for path in VIEWS
                 if (found := sql_in(path.read_text(encoding="utf-8")))}
    assert offenders == {}, "views read through their feature's queries.py and write through operations.py"


# --------------------------------------------------------------------------- no private attributes of libraries


#: how a library's source defines a private name: a function or class, an attribute or a class-level name
#: assigned, or a name in quotes (``__slots__``)
_DEFINED = re.compile(r"""(?:\bdef|\bclass)\s+(_[A-Za-z]\w*)|\.(_[A-Za-z]\w*)\s*(?::[^=\n]*)?=(?!=)"""
                      r"""|^[ \t]*(_[A-Za-z]\w*)\s*(?::[^=\n]*)?=(?!=)|['"](_[A-Za-z]\w*)['"]""", re.M)


@cache
def library_private_names() -> dict[str, frozenset[str]]:
    """The private names (one leading underscore, not ``__dunder__``) each library's source defines."""
    names: dict[str, frozenset[str]] = {}
    for library in LIBRARIES:
        spec = importlib.util.find_spec(library)
        assert spec is not None
        assert spec.origin is not None
        found = {next(g for g in m.groups() if g) for path in Path(spec.origin).parent.rglob("*.py")
                 for m in _DEFINED.finditer(path.read_text(encoding="utf-8"))}
        names[library] = frozenset(n for n in found if not n.endswith("__"))
    return names


def private_uses(tree: ast.AST) -> list[tuple[int, str]]:
    """``(line, name)`` of every ``x._name`` in a module where ``x`` is not ``self`` or ``cls``."""
    return [(node.lineno, node.attr) for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.endswith("__")
            and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))]


def own_names(tree: ast.AST) -> set[str]:
    """The names a module of ours defines (functions, classes, assigned names and attributes)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            found.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            found.add(node.id)
    return found


def library_privates_used(trees: dict[str, ast.AST]) -> list[str]:
    """Uses of a library's private name in ``trees`` (by file). A name our own code defines as well is taken
    to be ours: without types the two cannot be told apart, and our own private helpers may be used."""
    ours = set().union(*(own_names(tree) for tree in trees.values()))
    libraries = library_private_names()
    return [f"{path}:{line}: .{name} ({', '.join(lib for lib in LIBRARIES if name in libraries[lib])})"
            for path, tree in trees.items() for line, name in private_uses(tree)
            if name not in ours and any(name in libraries[lib] for lib in LIBRARIES)]


def test_the_private_name_finder_knows_the_libraries_privates():
    names = library_private_names()
    # private names that were once used here: WTForms' field mapping and choice iterator, openpyxl's style
    # array and chart list; and one of SQLAlchemy's
    assert {"_fields", "_iter_choices_normalized"} <= names["wtforms"]
    assert {"_style", "_charts"} <= names["openpyxl"]
    assert "_compiler_dispatch" in names["sqlalchemy"]
    found = library_privates_used({"x.py": ast.parse(
        "rows = form._fields\nstyle = cell._style\ncharts = sheet._charts\nself._count = 1\n"
        "text = clause._compiler_dispatch(compiler)\n")})
    assert [f.split(":")[1] for f in found] == ["1", "2", "3", "5"]
    # a name our own code defines is ours
    assert library_privates_used({"y.py": ast.parse("def _fields():\n    pass\nx = module._fields\n")}) == []


def test_no_code_uses_a_private_attribute_of_wtforms_openpyxl_or_sqlalchemy():
    trees = {path.relative_to(ROOT).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
             for folder in SOURCES for path in (ROOT / folder).rglob("*.py")}
    assert len(trees) > 200
    assert library_privates_used(trees) == []
