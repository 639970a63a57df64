"""Helpers shared by every workbook and CSV file this package writes.

Contract:

- **Text stays text.** :func:`cell` and :func:`set_cell` write a string that begins with ``=``, ``+``, ``-``,
  ``@``, tab or carriage return as a text cell with Excel's quote prefix, never as a formula (openpyxl
  would otherwise store ``"=..."`` as a formula, and spreadsheet programs read the others as formulas when
  someone edits the cell). :func:`csv_value` puts an apostrophe in front of the same strings in CSV.
- Characters that XML 1.0 cannot hold are dropped and texts longer than Excel's cell limit are cut, so a
  workbook never fails to save or opens with a repair prompt because of what someone typed.
- Nothing here writes formulas, hyperlinks or links to other files.
- Styles are :class:`Style` values applied with :meth:`Style.apply`; the first use in a workbook resolves
  them and later cells copy the result (styling is most of the cost of writing a workbook).
- The helpers work on write-only worksheets (``Workbook(write_only=True)``), which openpyxl streams row by
  row, and on normal ones. In write-only mode openpyxl writes column widths, frozen panes and the "fit to
  page" flag *before* the first row, so :func:`set_widths`, :func:`freeze` and :func:`print_setup` must be
  called before rows are appended; filters, print titles, protection, data validation, conditional
  formatting and charts are written when the workbook is saved and can be added at any time.

Imports neither Flask nor SQLAlchemy.
"""

from __future__ import annotations

import csv
import io
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

#: what a download of an .xlsx file is sent as
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: a cell that begins with one of these is read as a formula by spreadsheet programs
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: Excel's limit on the characters of one cell
MAX_CELL_TEXT = 32_767
TRUNCATION_MARK = " […]"

Value = str | int | float | bool | date | datetime | None


# --------------------------------------------------------------------------- values


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet program would take ``text`` for a formula."""
    return text.startswith(FORMULA_PREFIXES)


def clean_text(text: str) -> str:
    """``text`` without the control characters XML cannot hold, cut to Excel's cell limit."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - len(TRUNCATION_MARK)] + TRUNCATION_MARK
    return text


def _bind(target: Cell, value: Any) -> None:
    """Put ``value`` into ``target`` so that text is never a formula."""
    if isinstance(value, str):
        value = clean_text(value)
        target.value = value
        if is_formula_like(value):
            target.data_type = "s"
            target.quotePrefix = True
    elif value is None or isinstance(value, bool | int | float | date | datetime):
        target.value = value
    else:
        target.value = clean_text(str(value))


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True, eq=False)
class Style:
    """A cell style (font, fill, alignment, border, number format, protection) for :meth:`apply`."""

    font: Font | None = None
    fill: PatternFill | None = None
    alignment: Alignment | None = None
    border: Border | None = None
    number_format: str | None = None
    protection: Protection | None = None
    #: workbook → the resolved style array, so that each cell after the first copies four integers
    _resolved: weakref.WeakKeyDictionary = field(default_factory=weakref.WeakKeyDictionary, repr=False)

    def apply(self, target: Cell) -> Cell:
        """Give ``target`` this style (keeping its quote prefix) and return it."""
        workbook = target.parent.parent
        array = self._resolved.get(workbook)
        if array is None:
            quote = target.quotePrefix
            for name in ("font", "fill", "alignment", "border", "number_format", "protection"):
                item = getattr(self, name)
                if item is not None:
                    setattr(target, name, item)
            target.quotePrefix = False
            self._resolved[workbook] = StyleArray(target._style or StyleArray())
            target.quotePrefix = quote
            return target
        quote = target.quotePrefix
        target._style = StyleArray(array)
        if quote:
            target.quotePrefix = True
        return target

    def but(self, **changes: Any) -> Style:
        """A copy with some parts changed, e.g. ``WRAP.but(protection=UNLOCKED)``."""
        parts = {name: getattr(self, name) for name in
                 ("font", "fill", "alignment", "border", "number_format", "protection")}
        parts.update(changes)
        return Style(**parts)


THIN = Side(style="thin", color="B7B7B7")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)
TOP_WRAP = Alignment(vertical="top", wrap_text=True)

TITLE = Style(font=Font(bold=True, size=14))
SUBTITLE = Style(font=Font(bold=True, size=12))
NOTE = Style(font=Font(italic=True, color="555555"), alignment=Alignment(vertical="top", wrap_text=False))
HEADER = Style(
    font=Font(bold=True, color="FFFFFF"),
    fill=PatternFill("solid", fgColor="1F4E79"),
    alignment=Alignment(vertical="center", wrap_text=True),
    border=GRID,
)
LABEL = Style(font=Font(bold=True), alignment=TOP_WRAP)
TEXT = Style(alignment=Alignment(vertical="top"))
WRAP = Style(alignment=TOP_WRAP)
BOLD_WRAP = Style(font=Font(bold=True), alignment=TOP_WRAP)
NUMBER = Style(alignment=Alignment(vertical="top"), number_format="0.0")
DECIMAL = Style(alignment=Alignment(vertical="top"), number_format="0.00")
INTEGER = Style(alignment=Alignment(vertical="top"), number_format="0")
PERCENT = Style(alignment=Alignment(vertical="top"), number_format="0%")
DATE = Style(alignment=Alignment(vertical="top"), number_format="yyyy-mm-dd")
#: cells people fill in: unlocked on protected sheets, pale yellow with a border
INPUT = Style(fill=PatternFill("solid", fgColor="FFF8D6"), alignment=TOP_WRAP, border=GRID, protection=UNLOCKED)
INPUT_DATE = INPUT.but(number_format="yyyy-mm-dd")
#: cells that do not apply to a row (locked, grey)
NOT_APPLICABLE = Style(fill=PatternFill("solid", fgColor="E7E6E6"), alignment=TOP_WRAP, border=GRID)


# --------------------------------------------------------------------------- cells and rows


def cell(ws: Any, value: Any = None, style: Style | None = None) -> WriteOnlyCell:
    """A cell for ``ws.append`` on a write-only sheet, with ``value`` written safely and ``style`` applied."""
    target = WriteOnlyCell(ws)
    _bind(target, value)
    if style is not None:
        style.apply(target)
    return target


def set_cell(ws: Worksheet, row: int, column: int, value: Any = None, style: Style | None = None) -> Cell:
    """Write ``value`` safely into a cell of a normal worksheet and apply ``style``."""
    target = ws.cell(row=row, column=column)
    _bind(target, value)
    if style is not None:
        style.apply(target)
    return target


def row_cells(ws: Any, values: Iterable[Any], styles: Style | Sequence[Style | None] | None = None) -> list[Any]:
    """One row for ``ws.append``: plain values where openpyxl can take them as they are, safe cells otherwise.

    :param styles: one style for every cell, or one per column (``None`` for unstyled)
    """
    out: list[Any] = []
    for index, value in enumerate(values):
        style = styles if isinstance(styles, Style) or styles is None else (
            styles[index] if index < len(styles) else None)
        if style is None and not isinstance(value, str) and (
                value is None or isinstance(value, bool | int | float | date | datetime)):
            out.append(value)
        else:
            out.append(cell(ws, value, style))
    return out


def append_row(ws: Any, values: Iterable[Any], styles: Style | Sequence[Style | None] | None = None) -> None:
    """Append one row to a write-only or a normal worksheet, every text written safely."""
    ws.append(row_cells(ws, values, styles))


# --------------------------------------------------------------------------- sheet layout


def text_width(value: Any) -> int:
    """How many characters wide ``value`` shows (its longest line)."""
    if value is None:
        return 0
    if isinstance(value, float):
        return len(f"{value:.2f}")
    if isinstance(value, date | datetime):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def fitting_widths(
    rows: Iterable[Sequence[Any]], *, minimum: int = 6, maximum: int = 60, headers: Sequence[str] = ()
) -> list[int]:
    """Column widths (in characters) that fit the content of ``rows`` between ``minimum`` and ``maximum``.

    Header texts count too, but wrap, so a long header only widens its column up to its longest word.
    """
    widths = [max((len(word) for word in str(h).split()), default=0) for h in headers]
    for row in rows:
        for index, value in enumerate(row):
            if index >= len(widths):
                widths.append(0)
            widths[index] = max(widths[index], text_width(value))
    return [min(maximum, max(minimum, w + 2)) for w in widths]


def set_widths(ws: Any, widths: Sequence[float] | Mapping[str, float], *, hidden: Iterable[str] = ()) -> None:
    """Set column widths (characters) by position or by letter, and hide columns. Write-only: before rows."""
    items = widths.items() if isinstance(widths, Mapping) else (
        (get_column_letter(i), w) for i, w in enumerate(widths, start=1))
    for letter, width in items:
        ws.column_dimensions[letter].width = width
    for letter in hidden:
        ws.column_dimensions[letter].hidden = True


def freeze(ws: Any, top_left: str) -> None:
    """Freeze the rows above and the columns left of ``top_left`` (e.g. ``"C2"``). Write-only: before rows."""
    ws.freeze_panes = top_left


def print_setup(ws: Any, *, title_rows: str | None = None, landscape: bool = True, fit_width: bool = True,
                paper: str = "A4") -> None:
    """Landscape, fit to one page wide (any number of pages tall), repeat ``title_rows`` (e.g. ``"1:1"``).

    Write-only: call before rows, because the "fit to page" flag is written at the top of the sheet.
    """
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4 if paper == "A4" else Worksheet.PAPERSIZE_LETTER
    if fit_width:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_options.gridLines = False
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "&A · page &P of &N"


def add_filter(ws: Any, first_row: int, columns: int, last_row: int) -> None:
    """An autofilter over the header row ``first_row`` and the data below it."""
    if columns > 0:
        ws.auto_filter.ref = f"A{first_row}:{get_column_letter(columns)}{max(last_row, first_row)}"


def protect(ws: Any) -> None:
    """Protect a sheet (no password: it prevents slips, it is not a secret) while people may still
    resize rows and columns, filter and select cells. Only cells styled :data:`INPUT` stay editable."""
    p = ws.protection
    p.sheet = True
    p.formatColumns = False
    p.formatRows = False
    p.autoFilter = False
    p.selectLockedCells = False
    p.selectUnlockedCells = False


def write_table(
    ws: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    styles: Sequence[Style | None] | Style | None = None,
    widths: Sequence[float] | None = None,
    freeze_at: str | None = "A2",
    title: str | None = None,
    note: str | None = None,
    maximum_width: int = 60,
) -> int:
    """Write a whole table onto an empty write-only sheet: optional title and note rows, a header row, then
    ``rows``; fitting widths, frozen header, filter, landscape print fitted to the width with the header
    repeated on every page.

    :returns: the row number of the header row
    """
    header_row = 1 + (1 if title else 0) + (1 if note else 0)
    set_widths(ws, widths or fitting_widths(rows, headers=headers, maximum=maximum_width))
    if freeze_at:
        column = "".join(ch for ch in freeze_at if ch.isalpha())
        freeze(ws, f"{column}{header_row + 1}")
    print_setup(ws, title_rows=f"{header_row}:{header_row}")
    if title:
        ws.append([cell(ws, title, TITLE)])
    if note:
        ws.append([cell(ws, note, NOTE)])
    ws.append([cell(ws, h, HEADER) for h in headers])
    for row in rows:
        ws.append(row_cells(ws, row, styles))
    add_filter(ws, header_row, len(headers), header_row + len(rows))
    return header_row


def new_workbook() -> Workbook:
    """A write-only workbook (rows are streamed; each sheet is written once, top to bottom)."""
    return Workbook(write_only=True)


# --------------------------------------------------------------------------- CSV


def csv_value(value: Any) -> str:
    """One CSV field: text a spreadsheet program would take for a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date | datetime):
        return value.isoformat()
    text = str(value)
    return "'" + text if is_formula_like(text) else text


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A CSV document (comma-separated, CRLF line ends as RFC 4180 says) with every field made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_value(h) for h in headers])
    for row in rows:
        writer.writerow([csv_value(v) for v in row])
    return buffer.getvalue()
