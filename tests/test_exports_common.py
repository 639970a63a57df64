"""Shared workbook helpers: text that looks like a formula stays text, in workbooks and in CSV; layout helpers."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from exports.common import (
    FORMULA_PREFIXES,
    HEADER,
    INPUT,
    MAX_CELL_TEXT,
    NUMBER,
    PROVISIONAL_NUMBER,
    TEXT,
    WRAP,
    Styled,
    append_row,
    clean_text,
    csv_text,
    csv_value,
    fitting_widths,
    new_workbook,
    write_table,
)

FORMULA_LIKE = ["=1+1", "+44 20 7946 0000", "-3", "@SUM(A1)", "\tindented", "\rreturn", "=HYPERLINK(\"http://x\")"]


def _saved(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_formula_like_text_is_written_as_text_in_write_only_and_normal_sheets():
    streamed = new_workbook()
    ws = streamed.create_sheet("Streamed")
    write_table(ws, ["Comment"], [[text] for text in FORMULA_LIKE], styles=[WRAP])
    normal = Workbook()
    append_row(normal.active, ["Comment"], HEADER)
    for text in FORMULA_LIKE:
        append_row(normal.active, [text])
    for data in (_saved(streamed), _saved(normal)):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in sheet_xml
        sheet = load_workbook(io.BytesIO(data)).worksheets[0]
        cells = [row[0] for row in sheet.iter_rows(min_row=2)]
        # written and read with lxml (a dependency of python-docx), even a carriage return comes back as it was
        assert [c.value for c in cells] == list(FORMULA_LIKE)
        assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_ordinary_text_and_numbers_keep_their_types():
    wb = new_workbook()
    ws = wb.create_sheet("T")
    write_table(ws, ["Text", "Gap"], [["Penal Code", 12.5], ["s. 3", 0]], styles=[None, NUMBER])
    sheet = load_workbook(io.BytesIO(_saved(wb)))["T"]
    assert sheet["A2"].value == "Penal Code"
    assert not sheet["A2"].quotePrefix
    assert sheet["B2"].value == 12.5
    assert sheet["B2"].number_format == "0.0"
    assert sheet["B3"].value == 0


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_csv_fields_that_look_like_formulas_get_an_apostrophe(text):
    assert text.startswith(FORMULA_PREFIXES)
    assert csv_value(text) == "'" + text
    document = csv_text(["Comment"], [[text], ["plain"]])
    assert document.startswith("\ufeff")  # a byte-order mark: Excel then reads the file as UTF-8
    rows = list(csv.reader(io.StringIO(document.removeprefix("\ufeff"))))
    assert rows == [["Comment"], ["'" + text], ["plain"]]


def test_csv_values_keep_numbers_and_booleans_readable():
    assert [csv_value(v) for v in (None, 3.0, 2.5, True, "Aligned")] == ["", "3", "2.5", "TRUE", "Aligned"]


def test_characters_xml_cannot_hold_are_dropped_and_long_text_is_cut():
    assert clean_text("a\x00b\x0bc\x1fd\te\nf") == "abcd\te\nf"
    cut = clean_text("x" * (MAX_CELL_TEXT + 10))
    assert len(cut) == MAX_CELL_TEXT
    assert cut.endswith("[…]")
    wb = new_workbook()
    write_table(wb.create_sheet("T"), ["Comment"], [["bell\x07 inside"]])
    assert load_workbook(io.BytesIO(_saved(wb)))["T"]["A2"].value == "bell inside"


def test_a_styled_text_with_characters_xml_cannot_hold_is_cleaned_and_keeps_its_style():
    wb = new_workbook()
    write_table(wb.create_sheet("T"), ["Comment", "Gap"], [["bell\x07 inside", 1.5]], styles=[WRAP, NUMBER])
    sheet = load_workbook(io.BytesIO(_saved(wb)))["T"]
    assert (sheet["A2"].value, sheet["A2"].alignment.wrap_text, sheet["A2"].style) == ("bell inside", True, WRAP.name)
    assert (sheet["B2"].value, sheet["B2"].number_format) == (1.5, "0.0")


def _look(cell):
    """What a cell shows and how: its value, named style and every part of its format."""
    # (openpyxl hands out its style parts behind proxies that compare unequal: their reprs say every setting)
    return (cell.value, cell.style, *(repr(part) for part in (cell.font, cell.fill, cell.alignment, cell.border,
                                                              cell.protection)), cell.number_format, cell.quotePrefix)


def test_cells_of_a_toolkit_workbook_look_as_cells_given_their_named_style_by_openpyxl():
    values = ["Penal Code", "=1+1", 12.5, 3, None, Styled(40.0, PROVISIONAL_NUMBER)]
    styles = [TEXT, WRAP, NUMBER, INPUT, INPUT, NUMBER]
    made = new_workbook()  # cells made with their named style's arrays
    append_row(made.create_sheet("T"), values, styles)
    plain = Workbook(write_only=True)  # a plain openpyxl workbook: each cell's style set by name
    append_row(plain.create_sheet("T"), values, styles)
    ours, openpyxl_s = (load_workbook(io.BytesIO(_saved(wb)))["T"] for wb in (made, plain))
    looks = [_look(ours.cell(row=1, column=c)) for c in range(1, len(values) + 1)]
    assert looks == [_look(openpyxl_s.cell(row=1, column=c)) for c in range(1, len(values) + 1)]
    assert [look[1] for look in looks] == [s.name for s in styles[:-1]] + [PROVISIONAL_NUMBER.name]
    assert looks[1][-1] is True  # formula-like text keeps its quote prefix


def test_empty_cells_of_a_column_whose_style_shows_nothing_when_empty_are_left_to_the_column():
    wb = new_workbook()
    write_table(wb.create_sheet("T"), ["Id", "Comment", "Your answer"],
                [["a", "said", "yes"], ["b", "", None], ["c", None, ""]], styles=[TEXT, WRAP, INPUT])
    data = _saved(wb)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    # the empty comments are not written; the empty answers (a fill and a border) are
    written = {ref: f'<c r="{ref}"' in sheet_xml for ref in ("B2", "B3", "B4", "C3", "C4")}
    assert written == {"B2": True, "B3": False, "B4": False, "C3": True, "C4": True}
    sheet = load_workbook(io.BytesIO(data))["T"]
    # the comment column carries the comments' wrapping (an empty cell shows it, and takes it when typed into)
    column = sheet.column_dimensions["B"]
    assert (column.alignment.vertical, column.alignment.wrap_text) == ("top", True)
    assert (sheet["B2"].value, sheet["B2"].style) == ("said", WRAP.name)
    assert [sheet["C3"].fill.fgColor.rgb[-6:], sheet["C4"].fill.fgColor.rgb[-6:]] == ["FFF8D6", "FFF8D6"]
    assert sheet.column_dimensions["C"].fill.patternType is None  # a fill never goes to a whole column


def test_a_row_keeps_its_last_cell_so_that_readers_see_it_as_long_as_before():
    wb = new_workbook()
    write_table(wb.create_sheet("T"), ["Id", "Note", "Comment"], [["a", "", ""], ["b", "", "said"], ["c", None, None]],
                styles=[TEXT, WRAP, WRAP])
    data = _saved(wb)
    # openpyxl's read-only mode (and other streaming readers) takes a row to end at its last cell
    rows = list(load_workbook(io.BytesIO(data), read_only=True)["T"].iter_rows(values_only=True))
    assert rows == [("Id", "Note", "Comment"), ("a", None, None), ("b", None, "said"), ("c", None, None)]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    written = {ref: f'<c r="{ref}"' in sheet_xml for ref in ("B2", "C2", "B3", "B4", "C4")}
    assert written == {"B2": False, "C2": True, "B3": False, "B4": False, "C4": True}


def test_write_table_freezes_the_header_filters_and_prints_it_on_every_page():
    wb = new_workbook()
    ws = wb.create_sheet("Answers")
    header_row = write_table(ws, ["Question id", "Question"], [["tip_acts", "Which acts " * 20]], freeze_at="B2",
                             title="Answers", note="Self-assessed.", maximum_width=50)
    assert header_row == 3
    sheet = load_workbook(io.BytesIO(_saved(wb)))["Answers"]
    assert sheet.freeze_panes == "B4"
    assert sheet.auto_filter.ref == "A3:B4"
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.column_dimensions["B"].width == 50
    assert sheet["A3"].font.b


def test_fitting_widths_follow_the_longest_line_within_bounds():
    rows = [["ab", "first line\nsecond, longer line", 0.5], ["abcdef", "x", None]]
    assert fitting_widths(rows, minimum=4, maximum=15, headers=["Id", "Text", "A long header"]) == [8, 15, 8]
