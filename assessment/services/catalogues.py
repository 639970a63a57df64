"""The interface's gettext catalogues: ``assessment/translations/<lang>/LC_MESSAGES/messages.po`` are the
source (in git); the compiled ``messages.mo`` that Flask-Babel reads are built from them by
``assessment translations compile`` (``make demo`` and ``make test`` run it, and the test suite does too),
and are not kept in git. Plain Babel: no Flask.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

#: the catalogues' folder (Flask-Babel's default ``translations`` folder beside the application package)
DIRECTORY = Path(__file__).resolve().parent.parent / "translations"
DOMAIN = "messages"


def po_files(directory: Path = DIRECTORY) -> list[Path]:
    return sorted(directory.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def compile_catalogues(directory: Path = DIRECTORY, force: bool = False) -> list[Path]:
    """Compile every ``.po`` whose ``.mo`` is missing or older; returns the ``.mo`` files written. Fuzzy
    entries are left out, as ``pybabel compile`` does."""
    written = []
    for po_path in po_files(directory):
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime_ns >= po_path.stat().st_mtime_ns:
            continue
        with po_path.open("rb") as source:
            catalog = read_po(source, locale=po_path.parent.parent.name)
        tmp = mo_path.with_suffix(".mo.tmp")
        with tmp.open("wb") as out:
            write_mo(out, catalog, use_fuzzy=False)
        tmp.replace(mo_path)
        written.append(mo_path)
    return written
