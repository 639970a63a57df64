"""The comparison workbook an RSO analyst reads without help: words instead of ids, whole ids and header words,
module headers, band and state colours, blank cells explained, members left out named with the reason,
the previous cycle and the change, document properties; as openpyxl reads it and as LibreOffice prints it."""

from __future__ import annotations

import csv
import io
import math
import subprocess

import pytest
from openpyxl import load_workbook

from assessment.compare.exporting import comparison_data
from assessment.compare.loading import cycles
from assessment.demo.synthetic import seed_region
from exports.compare import ComparisonData, build_comparison_workbook, matrix_csv
from scoring.engine import score
from scoring.region import Entry, matrix, missed_elements, ta_demand
from tests.excel_helpers import saved
from tests.resources import require_libreoffice
from tests.scoring_helpers import SAMPLE
from tests.test_workbook_reading import DRAFT_ANSWERS, WORKED

#: sheets with a table, and the row of its header
TABLES = {"Matrix": 4, "Bands": 4, "Elements": 3, "TA demand": 3, "Not included": 2}


def _seeded(db) -> bytes:
    """Twelve members over two cycles: mostly validated, some submitted, one draft (left out of 2026)."""
    seed_region(12, ("2024", "2026"), questionnaire=("sample", 1), pool=4)
    current = next(c for c in cycles() if c.code == "2026")
    return saved(build_comparison_workbook(comparison_data(current)))


@pytest.fixture
def seeded(db, sample_installed):
    return _seeded(db)


def _rows(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_words_not_ids_and_nothing_cut(seeded):
    book = load_workbook(io.BytesIO(seeded))
    demand = _rows(book["TA demand"])
    header = demand[2]
    audiences = {a for r in demand[3:] for a in (r[header.index("Audience")] or "").split(", ") if a}
    assert audiences
    assert audiences <= {"Legislators", "Prosecutors", "Judges", "Police", "Financial intelligence unit",
                         "Central authority", "Immigration"}
    categories = {r[header.index("Category")] for r in demand[3:]}
    assert "Legislative drafting and legal advice" in categories
    for title, header_row in TABLES.items():
        ws = book[title]
        for cell in ws[header_row]:
            if cell.value:
                longest = max(len(word) for word in str(cell.value).split())
                width = ws.column_dimensions[cell.column_letter].width
                assert width >= math.ceil(longest * 1.1) + 2, (title, cell.value)
    # ids whole: the element and item id columns fit the longest id
    for title, column in (("Elements", "A"), ("TA demand", "A")):
        ws = book[title]
        ids = [c.value for c in ws[column][TABLES[title]:] if c.value]
        assert ws.column_dimensions[column].width >= max(map(len, ids)) + 1


def test_module_header_row_previous_cycle_and_change(seeded):
    book = load_workbook(io.BytesIO(seeded))
    ws = book["Matrix"]
    rows = _rows(ws)
    groups, header = rows[2], rows[3]
    first = header.index("Trafficking in persons")
    assert groups[first] == "Criminalisation"
    assert any(str(r).startswith(f"{ws.cell(3, first + 1).coordinate}:") for r in ws.merged_cells.ranges)
    assert ws.print_title_rows == "$3:$4"  # module and header rows repeat on every printed page
    previous, change = header.index("Core gap in Cycle 2024"), header.index("Change since Cycle 2024 (− = smaller gap)")
    members = [r for r in rows[4:] if r[1]]
    with_both = [r for r in members if r[previous] is not None and r[4] is not None]
    assert with_both
    for row in with_both:
        assert row[change] == pytest.approx(round(row[4] - row[previous], 1))


def test_members_left_out_are_named_with_the_reason(seeded, db):
    book = load_workbook(io.BytesIO(seeded))
    rows = _rows(book["Not included"])
    assert rows[1] == ["Member", "Code", "Sub-region", "Why not included"]
    reasons = {r[1]: r[3] for r in rows[2:]}
    assert "Draft: not submitted yet" in reasons.values()
    assert "Submitted, not yet validated (this workbook shows validated results only)" in reasons.values()
    shown = {r[1] for r in _rows(book["Matrix"])[4:] if r[1]}
    assert not shown & set(reasons)
    assert "member(s) not included: see the sheet 'Not included'" in book["Matrix"]["A2"].value
    assert book.properties.title == "Comparison of members' self-assessment results, Cycle 2026"
    assert "not FATF ratings" in book.properties.subject


def test_band_and_state_colours(seeded):
    book = load_workbook(io.BytesIO(seeded))
    bands = [rule for cf in book["Bands"].conditional_formatting for rule in cf.rules]
    assert {rule.text for rule in bands} >= {"Aligned", "Largely aligned", "Partly aligned", "Not aligned"}
    states = {rule.text: rule.dxf.fill.bgColor.rgb[-6:] for cf in book["Elements"].conditional_formatting
              for rule in cf.rules}
    assert states == {"Gap": "F4A582", "Met": "92C5DE", "Unknown": "FFF5CC"}


def test_blank_cells_say_why():
    entries = [Entry("XA", "Republic of Aldmere", "Pacific", "validated", "sample", 1, score(SAMPLE, WORKED)),
               Entry("XB", "Kingdom of Belvaro", "Pacific", "submitted", "sample", 1, score(SAMPLE, DRAFT_ANSWERS))]
    data = ComparisonData("Cycle 2026", ("validated", "submitted"), "6 Mar 2026 09:30 UTC", matrix(entries),
                          missed_elements(entries), ta_demand(entries), {e.member: e.name for e in entries})
    rows = _rows(load_workbook(io.BytesIO(saved(build_comparison_workbook(data))))["Matrix"])
    header = rows[3]
    belvaro = next(r for r in rows if r[1] == "XB")
    assert belvaro[header.index("Money laundering")] == "not answered yet"
    assert belvaro[header.index("Trafficking in persons")] == 20.0
    chart = _rows(load_workbook(io.BytesIO(saved(build_comparison_workbook(data))))["Chart"])
    assert chart[2] == ["Section", "Average core gap", "Members", "Of which provisional"]
    trafficking = next(r for r in chart if r[0] == "Trafficking in persons")
    assert trafficking[2:4] == [2, 1]  # Belvaro's 20.0 is provisional


def test_a_section_where_nothing_applies_says_the_members_reason():
    """Where no question of a section applies to a member, its blank cell carries the member's own reason for
    answering "not applicable"; without a reason it says that nothing applies."""
    result = score(SAMPLE, WORKED)
    for section in result["sections"]:
        if section["id"] == "smuggling":
            section.update(gap=None, band=None, completeness=None, provisional=False)
    entries = [Entry("XA", "Republic of Aldmere", "Pacific", "validated", "sample", 1, result),
               Entry("XB", "Kingdom of Belvaro", "Pacific", "validated", "sample", 1, result)]
    data = ComparisonData("Cycle 2026", ("validated",), "6 Mar 2026 09:30 UTC", matrix(entries),
                          missed_elements(entries), ta_demand(entries), {e.member: e.name for e in entries},
                          not_applicable={("XA", "smuggling"): ["landlocked", "no coast guard " + "x" * 120]})
    book = load_workbook(io.BytesIO(saved(build_comparison_workbook(data))))
    rows = _rows(book["Matrix"])
    header = rows[3]
    column = header.index("Smuggling of migrants")
    said = {r[1]: r[column] for r in rows[4:] if r[1]}
    assert said["XA"] == "not applicable: landlocked; no coast guard " + "x" * 84 + "…"
    assert said["XB"] == "not applicable: no question of this section applies to the member"


@pytest.mark.libreoffice
def test_libreoffice_prints_the_comparison_with_its_headers(seeded, tmp_path):
    soffice = require_libreoffice()
    path = tmp_path / "comparison.xlsx"
    path.write_bytes(seeded)
    profile = (tmp_path / "profile").as_uri()
    for target in ("pdf", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"):
        done = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                               "--convert-to", target, "--outdir", str(tmp_path), str(path)],
                              capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
    with (tmp_path / "comparison-Not included.csv").open(encoding="utf-8", newline="") as handle:
        left_out = list(csv.reader(handle))
    assert any(r[3] == "Draft: not submitted yet" for r in left_out[2:])
    with (tmp_path / "comparison-Matrix.csv").open(encoding="utf-8", newline="") as handle:
        matrix_rows = list(csv.reader(handle))
    assert "Criminalisation" in matrix_rows[2]
    assert "Core gap in Cycle 2024" in matrix_rows[3]
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "comparison.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) > 3
    for page in pages:
        assert "Comparison of members · Cycle 2026 · validated results" in page
        assert "Self-assessed · not FATF ratings · questionnaire sample, version 1" in page


# --------------------------------------------------------------------------- 13: the CSV matrix and its accents


def _accented_csv() -> str:
    entries = [Entry("XT", "République de Xavérie (Türkiye-style name)", "Südost", "validated", "sample", 1,
                     score(SAMPLE, WORKED))]
    return matrix_csv(matrix(entries))


def test_csv_matrix_starts_with_a_byte_order_mark():
    body = _accented_csv().encode("utf-8")
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][0] == "Member"
    assert rows[1][:3] == ["République de Xavérie (Türkiye-style name)", "XT", "Südost"]


@pytest.mark.libreoffice
def test_libreoffice_reads_the_csv_accents_and_no_stray_mark(tmp_path):
    soffice = require_libreoffice()
    path = tmp_path / "matrix.csv"
    path.write_bytes(_accented_csv().encode("utf-8"))
    done = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                           "--norestore", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir",
                           str(tmp_path / "out"), str(path)], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    ws = load_workbook(tmp_path / "out" / "matrix.xlsx").active
    assert ws["A1"].value == "Member"  # the mark is read as the mark, not as a character of the first header
    assert ws["A2"].value == "République de Xavérie (Türkiye-style name)"
    assert ws["C2"].value == "Südost"


def test_a_wide_grid_prints_on_pages_across_each_with_the_member_column():
    entries = [Entry(f"X{c}", f"Member {c}", "Pacific", "validated", "sample", 1, score(SAMPLE, WORKED))
               for c in "AB"]
    narrow = load_workbook(io.BytesIO(saved(build_comparison_workbook(ComparisonData(
        "Cycle 2026", ("validated",), "now", matrix(entries), (), ta_demand([]), {})))))["Matrix"]
    assert narrow.sheet_properties.pageSetUpPr.fitToPage  # four sections: one page wide
    from questionnaires.loader import DATA_DIR, load_questionnaire

    full = load_questionnaire(DATA_DIR / "legislative_framework.v1.json")
    entries = [Entry("XA", "Member A", "Pacific", "validated", full.id, 1, score(full, {}))]
    book = load_workbook(io.BytesIO(saved(build_comparison_workbook(ComparisonData(
        "Cycle 2026", ("validated",), "now", matrix(entries), (), ta_demand([]), {})))))
    for title in ("Matrix", "Bands"):
        ws = book[title]
        assert not ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.scale == 70
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A3
        assert ws.print_title_cols == "$A:$A"
        assert ws.print_title_rows == "$3:$4"
    assert book["Matrix"].oddHeader.right.text == \
        "Self-assessed · not FATF ratings · questionnaire legislative_framework, version 1"  # whole, not cut
