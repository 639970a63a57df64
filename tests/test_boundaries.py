"""Of the four packages only ``assessment`` may import Flask or SQLAlchemy."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE = ("questionnaires", "scoring", "exports")
FORBIDDEN = ("flask", "flask_login", "flask_wtf", "flask_sqlalchemy", "flask_limiter", "sqlalchemy", "alembic",
             "assessment", "werkzeug", "wtforms")


def test_pure_packages_do_not_load_flask_or_sqlalchemy():
    modules = [p.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".")
               for pkg in PURE for p in (ROOT / pkg).rglob("*.py")]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name.removesuffix('.__init__'))\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"pure packages pulled in: {out.stdout.strip()}"
    assert len(modules) >= 5


@pytest.mark.parametrize("package", PURE)
def test_no_import_statement_names_a_forbidden_package(package):
    offenders = []
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []
