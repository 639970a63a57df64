"""Helpers shared by every workbook and CSV file this package writes.

Contract:

- **Text stays text.** :func:`cell` and :func:`set_cell` write a string that begins with ``=``, ``+``, ``-``,
  ``@``, tab or carriage return as a text cell with Excel's quote prefix, never as a formula (openpyxl
  would otherwise store ``"=..."`` as a formula, and spreadsheet programs read the others as formulas when
  someone edits the cell). :func:`csv_value` puts an apostrophe in front of the same strings in CSV.
- Characters that XML 1.0 cannot hold are dropped and texts longer than Excel's cell limit are cut, so a
  workbook never fails to save or opens with a repair prompt because of what someone typed.
- Nothing here writes formulas or links to other files. A cell opens a web page only where a caller gives a
  :class:`Link` to an http or https address (anything else is written as plain text), and only in write-only
  sheets, where openpyxl places the link as the row is appended.
- Styles are :class:`Style` values, written as the workbook's named styles: each is registered once per
  workbook. In a :class:`ToolkitWorkbook` (what :func:`new_workbook` makes) a cell is made with its named
  style's arrays, as openpyxl itself copies them when a cell's ``style`` is set; in any other workbook
  :meth:`Style.apply` sets the style by name.
- A column whose cells all take a style that shows nothing when empty (no fill, border or protection) carries
  that style as the column's (:class:`SheetWriter`, :func:`write_table`), and its empty cells are left out:
  they look, print and take typing the same. Empty cells that are filled or bordered are always written.
- The helpers work on write-only worksheets (``Workbook(write_only=True)``), which openpyxl streams row by
  row, and on normal ones. In write-only mode openpyxl writes column widths, frozen panes and the "fit to
  page" flag *before* the first row, so :func:`set_widths`, :func:`freeze` and :func:`print_setup` must be
  called before rows are appended; filters, print titles, protection, data validation, conditional
  formatting and charts are written when the workbook is saved and can be added at any time.

Imports neither Flask nor SQLAlchemy.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain, repeat
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.formatting.rule import ColorScaleRule, Rule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.workbook import Workbook
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.worksheet import Worksheet

#: what a download of an .xlsx file is sent as
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: a cell that begins with one of these is read as a formula by spreadsheet programs
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: Excel's limit on the characters of one cell
MAX_CELL_TEXT = 32_767
TRUNCATION_MARK = " […]"

PAPER_SIZES = {"A4": Worksheet.PAPERSIZE_A4, "A3": Worksheet.PAPERSIZE_A3, "Letter": Worksheet.PAPERSIZE_LETTER}
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


_STYLE_PARTS = ("font", "fill", "alignment", "border", "number_format", "protection")


@dataclass(frozen=True, eq=False)
class Style:
    """A cell style (font, fill, alignment, border, number format, protection), applied as a workbook's named
    style (:meth:`apply`): each workbook registers it once, and every cell refers to it by name."""

    font: Font | None = None
    fill: PatternFill | None = None
    alignment: Alignment | None = None
    border: Border | None = None
    number_format: str | None = None
    protection: Protection | None = None
    #: the named style's name in the workbook (made from the parts when not given)
    name: str = ""
    #: whether the text wraps, and its size in points (read for every row's height)
    wraps: bool = field(default=False, init=False)
    size: float = field(default=11.0, init=False)
    #: whether an empty cell of this style looks or behaves unlike an empty unstyled one (a fill, a border, a
    #: protection of its own); an empty cell of any other style shows nothing of it
    shows_when_empty: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "wraps", bool(self.alignment is not None and self.alignment.wrap_text))
        object.__setattr__(self, "shows_when_empty",
                           self.fill is not None or self.border is not None or self.protection is not None)
        if self.font is not None and self.font.sz:
            object.__setattr__(self, "size", float(self.font.sz))
        if not self.name:
            parts = repr(tuple(getattr(self, part) for part in _STYLE_PARTS))
            object.__setattr__(self, "name", "Toolkit " + hashlib.sha256(parts.encode()).hexdigest()[:10])

    def named_style(self) -> NamedStyle:
        """This style as an openpyxl named style (unset parts are the defaults)."""
        return NamedStyle(
            name=self.name, font=self.font or Font(), fill=self.fill or PatternFill(),
            alignment=self.alignment or Alignment(), border=self.border or Border(),
            number_format=self.number_format or "General", protection=self.protection or Protection(),
        )

    def register(self, workbook: Workbook) -> NamedStyle | None:
        """Add this style to ``workbook``'s named styles, once; returns the registered named style when the
        workbook is a :class:`ToolkitWorkbook` (which keeps them), else ``None``."""
        if isinstance(workbook, ToolkitWorkbook):
            return workbook.named(self)
        if self.name not in workbook.named_styles:
            workbook.add_named_style(self.named_style())
        return None

    def apply(self, target: Cell) -> Cell:
        """Give ``target`` this style (keeping its quote prefix) and return it."""
        workbook = target.parent.parent
        if workbook is not None:
            self.register(workbook)
        quote = target.quotePrefix
        target.style = self.name
        if quote:
            target.quotePrefix = True
        return target

    def apply_to_column(self, dimension: Any) -> None:
        """Make this style the default of a column (its empty cells show it, and take it when typed into); a
        column's style is set part by part, as openpyxl's column dimensions take no named style."""
        for part in _STYLE_PARTS:
            item = getattr(self, part)
            if item is not None:
                setattr(dimension, part, item)

    def changed(self, **changes: Any) -> Style:
        """A copy with some parts changed, e.g. ``WRAP.changed(protection=UNLOCKED)``."""
        parts = {name: getattr(self, name) for name in _STYLE_PARTS}
        parts.update(changes)
        return Style(**parts)


class ToolkitWorkbook(Workbook):
    """An openpyxl workbook that keeps the named style it registered for each :class:`Style`, so that a new cell
    takes the style's arrays when it is made (``Cell(..., style_array=named.as_tuple())``, what openpyxl itself
    copies when a cell's ``style`` is set) instead of finding the style by name among the workbook's named
    styles for every cell."""

    def __init__(self, write_only: bool = False) -> None:
        super().__init__(write_only=write_only)
        #: style name → the named style registered in this workbook, and its arrays
        self.toolkit_styles: dict[str, NamedStyle] = {}
        self.toolkit_arrays: dict[str, StyleArray] = {}

    def named(self, style: Style) -> NamedStyle:
        """The named style registered for ``style`` (registered now on first use)."""
        named = self.toolkit_styles.get(style.name)
        if named is None:
            named = style.named_style()
            self.add_named_style(named)
            self.toolkit_styles[style.name] = named
        return named

    def style_array(self, style: Style) -> StyleArray:
        """The arrays of ``style``'s named style, for a new cell (which copies them)."""
        array = self.toolkit_arrays.get(style.name)
        if array is None:
            array = self.toolkit_arrays[style.name] = self.named(style).as_tuple()
        return array


THIN = Side(style="thin", color="B7B7B7")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)
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
#: cells people fill in: unlocked on protected sheets, pale yellow with a border
INPUT = Style(fill=PatternFill("solid", fgColor="FFF8D6"), alignment=TOP_WRAP, border=GRID, protection=UNLOCKED)
#: cells that do not apply to a row (locked, grey)
NOT_APPLICABLE = Style(fill=PatternFill("solid", fgColor="E7E6E6"), alignment=TOP_WRAP, border=GRID)


# --------------------------------------------------------------------------- gap and band colours


#: one ordered scale for gaps in every workbook: blue at 0 (in place), pale yellow at 25, orange at 100 (nothing
#: in place); blue to orange reads the same for colour-blind readers, and the number is always there as well
GAP_SCALE = ((0, "92C5DE"), (25, "FFF5CC"), (100, "F4A582"))
#: the band fills on the same scale (pale enough for black text), best band first
BAND_FILLS = {
    "aligned": "92C5DE",
    "largely_aligned": "D1E5F0",
    "partly_aligned": "FDDBC7",
    "not_aligned": "F4A582",
}
#: provisional figures (completeness below the threshold) are not coloured as if they were final: a neutral
#: grey pattern, and the word beside the number
PROVISIONAL_FILL = PatternFill("lightTrellis", fgColor="A6A6A6", bgColor="FFFFFF")
PROVISIONAL_NUMBER = Style(alignment=Alignment(vertical="top"), number_format='0.0" (provisional)"',
                           fill=PROVISIONAL_FILL)
PROVISIONAL_TEXT = Style(alignment=Alignment(vertical="top"), fill=PROVISIONAL_FILL)


def word_for(words: Mapping[str, str], value: Any, default: Any = None) -> Any:
    """``words[value]`` when ``value`` is one of its keys; else ``default``, or ``value`` itself."""
    if isinstance(value, str) and value in words:
        return words[value]
    return value if default is None else default


def gap_scale() -> Rule:
    """The conditional colour scale of gap cells, on fixed values so that a colour means the same everywhere."""
    (low, low_colour), (mid, mid_colour), (high, high_colour) = GAP_SCALE
    rule: Rule = ColorScaleRule(start_type="num", start_value=low, start_color=low_colour,
                                mid_type="num", mid_value=mid, mid_color=mid_colour,
                                end_type="num", end_value=high, end_color=high_colour)
    return rule


def band_rules(first_cell: str, band_words: Mapping[str, str]) -> list[Rule]:
    """Conditional fills of band cells (``first_cell``: the top-left cell of the range they are added to), one per
    band, matched on the words the cell begins with."""
    return word_rules(first_cell, {band_words[band]: colour for band, colour in BAND_FILLS.items()})


def word_rules(first_cell: str, fills: Mapping[str, str]) -> list[Rule]:
    """Conditional fills of cells that begin with given words (words → fill colour); ``first_cell`` as in
    :func:`band_rules`."""
    rules = []
    for words, colour in fills.items():
        # "begins with", so that "Aligned" does not also match "Largely aligned" or "Not aligned"
        rule = Rule(type="beginsWith", operator="beginsWith", text=words,
                    dxf=DifferentialStyle(fill=PatternFill(bgColor=colour)))
        rule.formula = [f'LEFT({first_cell},{len(words)})="{words}"']
        rules.append(rule)
    return rules


def row_ranges(columns: str, rows: Iterable[int]) -> str:
    """A range list (``"C5:D7 C9:D9"``) of ``columns`` (``"C"`` or ``"C:D"``) over ``rows``, runs merged; ``""``
    when there are none."""
    first_column, _, last_column = columns.partition(":")
    last_column = last_column or first_column
    runs: list[list[int]] = []
    for row in sorted(set(rows)):
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    return " ".join(f"{first_column}{a}:{last_column}{b}" for a, b in runs)


def add_colours(ws: Any, ranges: str, rules: Iterable[Rule]) -> None:
    """Add conditional ``rules`` to a range list (nothing when it is empty)."""
    if ranges:
        for rule in rules:
            ws.conditional_formatting.add(ranges, rule)


# --------------------------------------------------------------------------- cells and rows


#: the only addresses a :class:`Link` turns into a hyperlink
LINK_SCHEMES = ("https://", "http://")


@dataclass(frozen=True)
class Link:
    """A cell value that shows ``text`` and opens ``url`` (an http or https address; otherwise no link)."""

    text: str
    url: str | None = None

    def __str__(self) -> str:
        return self.text

    @property
    def target(self) -> str | None:
        """The address to open, or ``None`` when it is not a plain http or https address."""
        url = (self.url or "").strip()
        if url.startswith(LINK_SCHEMES) and len(url) <= 2000 and not any(ch.isspace() or ch in '"<>' for ch in url):
            return url
        return None


class _RowCell(Cell):
    """A cell handed to ``ws.append``. openpyxl recognises a prepared cell only after trying to store it as a
    value and formatting an error message with its ``repr``; a short ``repr`` keeps that cheap, which matters
    when every cell of a large sheet is styled."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<cell>"


@dataclass(frozen=True)
class Styled:
    """A value with a style of its own, in a row whose column has another (e.g. a provisional figure)."""

    value: Any
    style: Style

    def __str__(self) -> str:
        return "" if self.value is None else str(self.value)


def cell(ws: Any, value: Any = None, style: Style | None = None) -> Cell:
    """A cell for ``ws.append`` (write-only or normal sheet), with ``value`` written safely and ``style`` applied."""
    if isinstance(value, Styled):
        value, style = value.value, value.style
    workbook = ws.parent
    if style is not None and isinstance(workbook, ToolkitWorkbook):
        # the cell is made with the style's arrays (a copy), then the value may add the quote prefix
        target: Cell = _RowCell(ws, row=1, column=1, style_array=workbook.style_array(style))
        style = None
    else:
        target = _RowCell(ws, row=1, column=1)  # the row's append sets the real position
    if isinstance(value, Link):
        # a cell with a link needs a position for openpyxl to accept it (the one above, until the append)
        _bind(target, value.text)
        if value.target:
            target.hyperlink = value.target
    else:
        _bind(target, value)
    if style is not None:
        style.apply(target)
    return target


def set_cell(ws: Worksheet, row: int, column: int, value: Any = None, style: Style | None = None) -> Cell:
    """Write ``value`` safely into a cell of a normal worksheet and apply ``style``."""
    target = ws.cell(row=row, column=column)
    assert isinstance(target, Cell), f"row {row}, column {column} is inside a merged range"
    _bind(target, value)
    if style is not None:
        style.apply(target)
    return target


def is_plain_text(text: str) -> bool:
    """Whether ``text`` goes into a cell as it is: not formula-like, nothing XML cannot hold, within the cell
    limit (openpyxl then stores it exactly as :func:`cell` would)."""
    return (len(text) <= MAX_CELL_TEXT and not text.startswith(FORMULA_PREFIXES)
            and ILLEGAL_CHARACTERS_RE.search(text) is None)


#: values openpyxl takes as they are
PLAIN_TYPES = (bool, int, float, date, datetime)


def row_cells(ws: Any, values: Iterable[Any], styles: Style | Sequence[Style | None] | None = None) -> list[Any]:
    """One row for ``ws.append``: plain values where openpyxl can take them as they are (unstyled numbers, dates
    and plain texts), safe cells otherwise.

    :param styles: one style for every cell, or one per column (``None`` for unstyled)
    """
    column_styles: Iterable[Style | None] = (
        repeat(styles) if styles is None or isinstance(styles, Style) else chain(styles, repeat(None)))
    workbook = ws.parent
    toolkit = isinstance(workbook, ToolkitWorkbook)
    out: list[Any] = []
    for value, style in zip(values, column_styles, strict=False):  # the styles run on as long as needed
        kind = type(value)
        if style is None:
            if value is None or kind is int or kind is float or (
                    is_plain_text(value) if kind is str else isinstance(value, PLAIN_TYPES)):
                out.append(value)
            else:
                out.append(cell(ws, value))
        elif toolkit and (value is None or kind is int or kind is float or (
                kind is str and len(value) <= MAX_CELL_TEXT and not value.startswith(FORMULA_PREFIXES))):
            # what cell() makes of it, without the checks a plain value does not need; openpyxl itself refuses a
            # text with characters XML cannot hold, which cell() then drops
            try:
                out.append(_RowCell(ws, 1, 1, value, workbook.style_array(style)))
            except IllegalCharacterError:
                out.append(cell(ws, value, style))
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
    if isinstance(value, Styled):
        return text_width(value.value) + (14 if (value.style.number_format or "").endswith('"') else 0)
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
                paper: str = "A4", title_columns: str | None = None, scale: int = 70) -> None:
    """Landscape, fit to one page wide (any number of pages tall), repeat ``title_rows`` (e.g. ``"1:1"``).

    A table too wide to read on one page (``fit_width=False``) prints at ``scale`` per cent on as many pages
    across as it needs, each repeating ``title_columns`` (e.g. ``"A:A"``) as well as the title rows.

    Write-only: call before rows, because the "fit to page" flag is written at the top of the sheet.
    """
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = PAPER_SIZES[paper]
    if fit_width:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    else:
        ws.page_setup.scale = scale
    if title_columns:
        ws.print_title_cols = title_columns
    ws.page_margins.left = ws.page_margins.right = 0.4
    # room for the header and footer of :func:`mark_pages` above and below the table
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_options.gridLines = False
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "&A · page &P of &N"


#: header and footer texts are limited to 255 characters in all; each part gets at most this much (the centre
#: part holds at most "DRAFT")
HEADER_PART = 90


def _header_text(text: str) -> str:
    """Text for a header or footer: ``&`` doubled (a single one starts a code), cut to :data:`HEADER_PART`."""
    text = " ".join(clean_text(text).split())
    if len(text) > HEADER_PART:
        text = text[: HEADER_PART - 1] + "…"
    return text.replace("&", "&&")


@dataclass(frozen=True)
class PageMarks:
    """What the header and footer of every printed page say, so that a loose page says whose figures it holds."""

    #: header, left: whose results, e.g. "Kingdom of Belvaro (XB) · cycle 2026 · Draft"
    whose: str
    #: header, right: e.g. "Self-assessed · questionnaire sample, version 1"
    what: str
    #: header, centre, large and dark red: "DRAFT" on every page of a draft, else nothing
    draft: str = ""
    #: footer, left: e.g. "Made 2026-03-06 09:30 UTC"
    made: str = ""
    #: footer, centre (sheet name and page x of y; the ``&`` codes are spreadsheet header codes)
    pages: str = "&A · page &P of &N"


def mark_pages(workbook: Workbook, marks: PageMarks) -> None:
    """Give every visible sheet of ``workbook`` the header and footer of ``marks`` (any time before saving)."""
    for ws in workbook.worksheets:
        if ws.sheet_state != "visible":
            continue
        header, footer = ws.oddHeader, ws.oddFooter
        # openpyxl makes both with every worksheet
        assert header is not None
        assert footer is not None
        header.left.text = _header_text(marks.whose)
        header.left.size = 9
        header.right.text = _header_text(marks.what)
        header.right.size = 9
        if marks.draft:
            header.center.text = _header_text(marks.draft)
            header.center.font = "Arial,Bold"
            header.center.size = 16
            header.center.color = "9C0006"
        footer.left.text = _header_text(marks.made)
        footer.left.size = 8
        footer.center.text = marks.pages
        footer.center.size = 8


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


#: points per line of 11-point text
LINE_HEIGHT = 15.0
#: Excel's tallest row, in points
MAX_ROW_HEIGHT = 409.0


def wrapped_lines(value: Any, width: float, size: float = 11.0) -> int:
    """How many lines ``value`` takes in a wrapping column ``width`` characters wide, in ``size``-point text
    (an estimate that errs on the tall side: word wrapping leaves the ends of lines empty)."""
    if value is None or value == "":
        return 1
    per_line = max(1, int(width * 11.0 / size) - 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(value).split("\n"))


def row_height(values: Sequence[Any], widths: Sequence[float], styles: Style | Sequence[Style | None] | None,
               *, line_height: float = LINE_HEIGHT) -> float | None:
    """The height (points) a row needs so that wrapped texts show in full, or ``None`` for one line.

    Set explicitly because spreadsheet programs do not all fit row heights to wrapped text when they open
    a file (LibreOffice keeps one line).
    """
    height = 0.0
    if styles is None:
        return None
    row_styles: Iterable[Style | None] = repeat(styles) if isinstance(styles, Style) else styles
    for value, style, width in zip(values, row_styles, chain(widths, repeat(8.43)), strict=False):
        if style is None or not style.wraps or value is None or value == "":
            continue
        text = value if type(value) is str else str(value)
        size = style.size
        if len(text) * size < (width - 1) * 11.0 and "\n" not in text:
            continue
        lines = wrapped_lines(text, width, size)
        if lines > 1:
            height = max(height, lines * line_height * size / 11.0 + 3)
    if not height:
        return None
    return min(MAX_ROW_HEIGHT, max(height, line_height))


class SheetWriter:
    """Writes a sheet top to bottom: sets the column widths first, counts rows, and gives rows with wrapped
    text the height they need. Works on write-only and on (empty) normal worksheets.

    ``column_styles`` (column index from 0 → style) gives columns a style of their own, for the styles that show
    nothing when empty (no fill, border or protection; others are ignored here): an empty cell (``None`` or
    ``""``) that a row gives its column's style is then left out, and looks, prints and takes typing the same.
    """

    def __init__(self, ws: Any, widths: Sequence[float], *, hidden: Iterable[str] = (),
                 column_styles: Mapping[int, Style | None] | None = None, whole_columns: bool = False) -> None:
        """:param whole_columns: the columns of ``column_styles`` are meant to show their style all the way down
            (e.g. open rows for new entries), so styles with a fill, border or protection are taken too"""
        self.ws = ws
        self.widths = list(widths)
        self.row = 0
        set_widths(ws, self.widths, hidden=hidden)
        self.column_styles = {index: style for index, style in (column_styles or {}).items()
                              if style is not None and (whole_columns or not style.shows_when_empty)}
        for index, style in self.column_styles.items():
            style.apply_to_column(ws.column_dimensions[get_column_letter(index + 1)])

    def append(self, values: Sequence[Any], styles: Style | Sequence[Style | None] | None = None, *,
               height: float | None = None) -> int:
        """Append one row; returns its number."""
        self.row += 1
        if self.column_styles and styles is not None:
            values, styles = self._without_blanks(values, styles)
        height = height or row_height(values, self.widths, styles)
        if height:
            # made with its height, rather than made empty on first look-up and given it
            self.ws.row_dimensions[self.row] = RowDimension(self.ws, index=self.row, ht=height)
        self.ws.append(row_cells(self.ws, values, styles))
        return self.row

    def _without_blanks(self, values: Sequence[Any], styles: Style | Sequence[Style | None]
                        ) -> tuple[Sequence[Any], Style | Sequence[Style | None]]:
        """``values`` and ``styles`` with the empty cells that would only repeat their column's style left out,
        except the row's last written cell (a reader that does not know the sheet's size, such as openpyxl's
        read-only mode, takes a row to end there)."""
        count = len(values)
        single = styles if isinstance(styles, Style) else None
        given: Sequence[Style | None] = () if isinstance(styles, Style) else styles
        blanks = [index for index, style in self.column_styles.items()
                  if index < count and (values[index] is None or values[index] == "")
                  and (single is style if single is not None else index < len(given) and given[index] is style)]
        if not blanks:
            return values, styles
        row_styles: list[Style | None] = [single] * count if single is not None else list(given)
        last = next((index for index in range(count - 1, -1, -1)
                     if values[index] is not None or (index < len(row_styles) and row_styles[index] is not None)), -1)
        out_values = list(values)
        for index in blanks:
            if index < last:
                out_values[index] = row_styles[index] = None
        return out_values, row_styles

    def blank(self) -> int:
        self.row += 1
        self.ws.append([])
        return self.row

    def spanning(self, text: str, style: Style, columns: int) -> int:
        """A text across the first ``columns`` columns (merged), wrapped, as tall as it needs."""
        width = sum(self.widths[:columns]) if self.widths else 8.43 * columns
        lines = wrapped_lines(text, width) if style.wraps else 1
        height = lines * LINE_HEIGHT + 3 if lines > 1 else None
        row = self.append([text], style, height=height)
        if columns > 1:
            self.ws.merged_cells.add(f"A{row}:{get_column_letter(columns)}{row}")
        return row


def header_widths(headers: Sequence[str], widths: Sequence[float]) -> list[float]:
    """``widths`` widened where a header's longest word would not fit (headers wrap between words, never inside
    one; bold text is a little wider, hence the margin)."""
    out = list(widths)
    for index, header in enumerate(headers):
        longest = max((len(word) for word in str(header).split()), default=0)
        if index < len(out):
            out[index] = max(out[index], math.ceil(longest * 1.1) + 2)
    return out


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
    paper: str = "A4",
    groups: Sequence[str | None] | None = None,
    title_columns: str | None = None,
) -> int:
    """Write a whole table onto an empty write-only sheet: optional title and note rows, a header row, then
    ``rows``; fitting widths (or ``widths``, widened so that no header word is broken), rows as tall as their
    wrapped texts, frozen header, filter, landscape print fitted to the width of ``paper`` (``"A4"`` or ``"A3"``)
    with the header repeated.

    :param groups: a row above the header naming groups of columns (e.g. each section's module): one entry per
        column, runs of the same text merged into one cell, ``None`` for none
    :param title_columns: for a table too wide for one page: the columns each printed page repeats (e.g.
        ``"A:A"``); the table then prints at a readable scale on several pages across instead of fitted to one
    :returns: the row number of the header row
    """
    header_row = 1 + (1 if title else 0) + (1 if note else 0) + (1 if groups else 0)
    widths = header_widths(headers, widths or fitting_widths(rows, headers=headers, maximum=maximum_width))
    if freeze_at:
        column = "".join(ch for ch in freeze_at if ch.isalpha())
        freeze(ws, f"{column}{header_row + 1}")
    first_title = header_row - 1 if groups else header_row
    print_setup(ws, title_rows=f"{first_title}:{header_row}", paper=paper, fit_width=title_columns is None,
                title_columns=title_columns)
    # a column whose cells all take a style that shows nothing when empty carries it as the column's style, and
    # its empty cells are left out (see SheetWriter)
    column_styles = [styles] * len(headers) if isinstance(styles, Style) else list(styles or ())
    writer = SheetWriter(ws, widths, column_styles=dict(enumerate(column_styles)))
    if title:
        writer.append([title], TITLE)
    if note:
        writer.append([note], NOTE)
    if groups:
        group_row = writer.append(list(groups), HEADER)
        start = 0
        for index in range(1, len(groups) + 1):
            if index == len(groups) or groups[index] != groups[start]:
                if groups[start] and index - start > 1:
                    ws.merged_cells.add(f"{get_column_letter(start + 1)}{group_row}:"
                                        f"{get_column_letter(index)}{group_row}")
                start = index
    writer.append(headers, HEADER)
    for row in rows:
        writer.append(row, styles)
    add_filter(ws, header_row, len(headers), header_row + len(rows))
    return header_row


def new_workbook() -> ToolkitWorkbook:
    """A write-only workbook (rows are streamed; each sheet is written once, top to bottom)."""
    return ToolkitWorkbook(write_only=True)


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


#: the byte-order mark that tells Excel on Windows the file is UTF-8 (else "Türkiye" reads as "TÃ¼rkiye")
BOM = "\ufeff"


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A CSV document (comma-separated, CRLF line ends as RFC 4180 says) with every field made safe, starting
    with a UTF-8 byte-order mark so that spreadsheet programs read its accents right."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow([csv_value(h) for h in headers])
    for row in rows:
        writer.writerow([csv_value(v) for v in row])
    return buffer.getvalue()
