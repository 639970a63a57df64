"""Translation files for translators: every string with its key, its context, the English and the current
translation with its state, as an Excel workbook or a gettext PO file; and reading them back as rows.

Imports neither Flask nor SQLAlchemy.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po
from openpyxl import load_workbook

from exports.common import append_row, freeze, new_workbook, set_widths
from questionnaires.translations import Catalogue, Row, context_of

SHEET = "Strings"
HEADERS = ("Key", "Where", "English", "Translation", "State")
#: the first rows: what the file is, and for which language
TITLE_ROWS = 3


def export_rows(cat: Catalogue, sources: Mapping[str, str]) -> list[tuple[str, str, str, str, str]]:
    """(key, context, English, translation, state) for every string there is to translate; a translation
    made from an older English is left out (it is stale), so the translator sees the current English."""
    out = []
    for key, english in sources.items():
        entry = cat.strings.get(key)
        current = entry is not None and entry.source == english
        out.append((key, context_of(key), english, entry.text if current and entry else "",
                    entry.state if current and entry else "machine"))
    return out


def write_xlsx(cat: Catalogue, sources: Mapping[str, str], path: Path) -> int:
    wb = new_workbook()
    ws = wb.create_sheet(SHEET)
    set_widths(ws, [34, 26, 60, 60, 10])
    freeze(ws, f"A{TITLE_ROWS + 2}")
    append_row(ws, ["Translation", cat.language, cat.name])
    append_row(ws, ["Fill in the Translation column; keep every {placeholder} and the Key column as they are. "
                    "State: machine, draft or reviewed."])
    append_row(ws, [])
    append_row(ws, list(HEADERS))
    rows = export_rows(cat, sources)
    for row in rows:
        append_row(ws, list(row))
    wb.save(path)
    return len(rows)


def write_po_file(cat: Catalogue, sources: Mapping[str, str], path: Path) -> int:
    po = Catalog(locale=cat.language.replace("-", "_"), project="Legislative self-assessment questionnaire",
                 fuzzy=False)
    rows = export_rows(cat, sources)
    for key, where, english, text, state in rows:
        po.add(english, text, context=key, auto_comments=[where], user_comments=[f"state: {state}"])
    with path.open("wb") as out:
        write_po(out, po, width=0, sort_output=False, omit_header=False)
    return len(rows)


def read_file(path: Path) -> tuple[str | None, list[Row]]:
    """The language the file names and its rows. :raises ValueError: for a file that is not one of ours"""
    if path.suffix.lower() == ".po":
        return _read_po(path)
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path)
    raise ValueError(f"{path.name}: expected an .xlsx or .po file")


def _read_xlsx(path: Path) -> tuple[str | None, list[Row]]:
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValueError(f"{path.name}: cannot open as a workbook ({exc})") from exc
    if SHEET not in wb.sheetnames:
        raise ValueError(f"{path.name}: no sheet named {SHEET!r}")
    ws = wb[SHEET]
    rows: list[Row] = []
    language = None
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = [("" if v is None else str(v)) for v in (*values, "", "", "", "", "")][:5]
        if number == 1:
            language = cells[1] or None
            continue
        if number <= TITLE_ROWS + 1:
            if number == TITLE_ROWS + 1 and tuple(cells) != HEADERS:
                raise ValueError(f"{path.name}: sheet {SHEET}, row {number}: expected the headings "
                                 f"{', '.join(HEADERS)}")
            continue
        if not any(cells):
            continue
        rows.append(Row(f"sheet {SHEET}, row {number}", cells[0].strip(), cells[2], cells[3], cells[4].strip()))
    wb.close()
    return language, rows


def _read_po(path: Path) -> tuple[str | None, list[Row]]:
    data = path.read_bytes()
    try:
        po = read_po(io.BytesIO(data), abort_invalid=True)
    except Exception as exc:  # babel's PoFileError and decoding errors
        raise ValueError(f"{path.name}: cannot read as a PO file ({exc})") from exc
    rows = []
    for message in po:
        if not message.id:
            continue
        state = next((c.split(":", 1)[1].strip() for c in message.user_comments if c.startswith("state:")),
                     "draft")
        line = message.lineno or 0
        rows.append(Row(f"{path.name} line {line}", str(message.context or ""), _text(message.id),
                        _text(message.string), state))
    return (str(po.locale).replace("_", "-") if po.locale else None), rows


def _text(value: str | tuple[str, ...] | list[str] | Message | None) -> str:
    if isinstance(value, tuple | list):
        return value[0] if value else ""
    return str(value or "")
