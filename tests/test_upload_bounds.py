"""An uploaded workbook is read within bounds the questionnaire sets, never within what the file holds: rows
padded out below the questions, extra columns, citations without end and damaged zip streams are refused or
read within a fixed number of rows and cells, and the preview lists a bounded number of problems."""

from __future__ import annotations

import io
import re
import struct
import uuid
import zipfile

import pytest
from openpyxl import load_workbook

import exports.offline as offline
from bench.common import BENCH_PASSWORD, Browser, gunicorn, prepare_draft, scratch_database, served_env
from exports.offline import CITATIONS_SHEET, MAX_CITATIONS, SPARE_ROWS, read_offline_workbook
from exports.safety import DAMAGED, Limits, check_xlsx
from tests.excel_helpers import BEFORE, WORKBOOK_ASSESSMENT_ID, offline_bytes, rezip, saved
from tests.resources import TEST_DATABASE_URL
from tests.scoring_helpers import SAMPLE

#: the zip part of the Criminalisation sheet (Instructions and Profile come first)
CRIMINALISATION = "xl/worksheets/sheet3.xml"


def padded(data: bytes, part: str, rows: int, first: int, *, columns: int = 1) -> bytes:
    """``data`` with ``rows`` rows of ``columns`` filled cells appended to the sheet in ``part`` from row
    ``first`` on, as a hostile or broken tool would write them."""
    cells = [chr(ord("F") + n) for n in range(columns)]  # from the Answer column on
    extra = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="inlineStr"><is><t>x</t></is></c>' for c in cells) + "</row>"
        for r in range(first, first + rows))
    return rezip(data, {part: lambda xml: xml.replace(b"</sheetData>", extra.encode() + b"</sheetData>")})


def _last_row(data: bytes, sheet: str) -> int:
    """The last row of ``sheet`` that holds anything."""
    return load_workbook(io.BytesIO(data))[sheet].max_row


def read(data: bytes):
    return read_offline_workbook(data, SAMPLE, Limits(), assessment_id=WORKBOOK_ASSESSMENT_ID)


# --------------------------------------------------------------------------- refused before any parser


def test_a_sheet_padded_with_150000_rows_is_refused_by_counting_its_cells(monkeypatch):
    data = padded(offline_bytes(SAMPLE), CRIMINALISATION, 150_000, 400)
    assert len(data) < 1_500_000  # small enough for every upload cap

    def must_not_parse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to parse a refused file")

    monkeypatch.setattr(offline, "load_workbook", must_not_parse)
    [problem] = read(data).problems
    assert "more than 100,000 cells" in problem.message
    assert "on the sheet 'Criminalisation'" in problem.message


def test_wide_rows_count_as_cells_too():
    data = offline_bytes(SAMPLE)
    wide = rezip(data, {CRIMINALISATION: lambda xml: re.sub(
        rb"(<row r=\"(\d+)\"[^>]*>)", lambda m: m.group(1) + b"".join(
            b'<c r="X%d%s"><v>1</v></c>' % (n, m.group(2)) for n in range(3000)), xml)})
    assert check_xlsx(wide, Limits(max_cells=50_000)).startswith("The workbook holds more than 50,000 cells")
    assert check_xlsx(data, Limits(max_cells=50_000)) is None


def test_too_many_elements_in_other_parts_are_refused():
    strings = b"<sst>" + b"<si><t>x</t></si>" * 30_000 + b"</sst>"
    data = rezip(offline_bytes(SAMPLE), {"xl/theme/theme1.xml": lambda xml: strings})
    assert "more than 50,000 entries" in check_xlsx(data, Limits(max_xml_elements=50_000))


@pytest.mark.parametrize(("locale", "expected"), [
    ("id", "Buku kerja berisi lebih dari 50,000 sel"),
    ("th", "สมุดงานมีเซลล์มากกว่า 50,000 เซลล์"),
])
def test_a_refused_size_is_said_in_the_uploader_language_with_its_figures(locale, expected):
    data = offline_bytes(SAMPLE)
    wide = rezip(data, {CRIMINALISATION: lambda xml: re.sub(
        rb"(<row r=\"(\d+)\"[^>]*>)", lambda m: m.group(1) + b"".join(
            b'<c r="X%d%s"><v>1</v></c>' % (n, m.group(2)) for n in range(3000)), xml)})
    [problem] = read_offline_workbook(wide, SAMPLE, Limits(max_cells=50_000), assessment_id=WORKBOOK_ASSESSMENT_ID,
                                      locale=locale).problems
    assert problem.message.startswith(expected)
    assert "'Criminalisation'" in problem.message  # the sheet it found fullest, named as in the file
    assert "The workbook" not in problem.message


def _flip_central_crc(data: bytes, name: str) -> bytes:
    """The central directory's CRC of ``name`` changed, the data left intact (a wrong checksum)."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", out, at + 28)[0]
        if out[at + 46:at + 46 + length].decode() == name:
            crc = struct.unpack_from("<I", out, at + 16)[0]
            struct.pack_into("<I", out, at + 16, crc ^ 0xFFFF)
            return bytes(out)
        at = out.find(b"PK\x01\x02", at + 4)
    raise AssertionError(f"{name} not in the zip directory")


def _corrupt_stream(data: bytes, name: str) -> bytes:
    """The compressed stream of ``name`` starting with an invalid deflate block (a corrupt stream)."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    out = bytearray(data)
    name_length, extra_length = struct.unpack_from("<HH", out, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length
    out[start] = 0xFF  # final block of the reserved type 11
    return bytes(out)


@pytest.mark.parametrize("damage", [_flip_central_crc, _corrupt_stream])
def test_a_damaged_stream_or_checksum_is_refused_with_a_message(damage):
    upload = read(damage(offline_bytes(SAMPLE), CRIMINALISATION))
    assert [p.message for p in upload.problems] == [DAMAGED]
    assert upload.answers == {}


# --------------------------------------------------------------------------- read within the structure's rows


@pytest.mark.parametrize("padding", [5_000, 40_000])
def test_rows_below_a_module_sheet_are_reported_once_and_never_read(padding):
    data = offline_bytes(SAMPLE)
    last = _last_row(data, "Criminalisation")
    upload = read(padded(data, CRIMINALISATION, padding, last + 1))
    beyond = [p for p in upload.problems if "entries below row" in p.message]
    assert len(beyond) == 1
    cut = int(re.search(r"below row (\d+)", beyond[0].message).group(1))
    assert cut == last + SPARE_ROWS  # the questionnaire's rows and the spare rows, however many the file has
    assert beyond[0].cell == f"A{cut + 1}"
    added = [p for p in upload.problems if "rows cannot be added" in p.message]
    assert len(added) == SPARE_ROWS  # each spare row with an entry is reported where it is
    assert len(upload.problems) == SPARE_ROWS + 1
    assert not upload.ok


def test_citations_are_read_up_to_fifty_for_each_question():
    workbook = load_workbook(io.BytesIO(offline_bytes(SAMPLE, {})))
    ws = workbook[CITATIONS_SHEET]
    last = 3 + len(SAMPLE.questions) * MAX_CITATIONS + offline.BLANK_CITATION_ROWS
    ws.cell(last, 1, "tip_consent")
    ws.cell(last, 3, "Penal Code")
    ws.cell(last + 1, 1, "tip_acts")
    ws.cell(last + 1, 3, "Anti-Trafficking Act")
    upload = read(saved(workbook))
    assert upload.answers["tip_consent"].answer["citations"] == [{"act": "Penal Code", "status": "in_force"}]
    [problem] = upload.problems
    assert (problem.sheet, problem.cell) == (CITATIONS_SHEET, f"A{last + 1}")
    assert "50 citations for each question" in problem.message


# --------------------------------------------------------------------------- the preview page stays small


def test_the_preview_lists_a_hundred_problems_and_counts_the_rest(client, auth, db, make_user, make_assessment):
    from sqlalchemy import select

    from assessment.models import Answer

    assessment = make_assessment("XA", answers=BEFORE)
    auth.login(make_user("focal_point", "XA"))
    workbook = load_workbook(io.BytesIO(client.get(f"/reports/{assessment.id}/offline.xlsx").data))
    ws = workbook[CITATIONS_SHEET]
    for row in range(10, 10 + 250):
        ws.cell(row, 1, "tip_consent")
        ws.cell(row, 3).value = f"=A{row}"  # a formula where the act goes: one problem per row
    response = client.post(f"/reports/{assessment.id}/upload",
                           data={"file": (io.BytesIO(saved(workbook)), "offline.xlsx")},
                           content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "250 problems: nothing was applied" in html
    assert html.count("This cell holds a formula") == 100
    assert "… and 150 more." in html
    assert db.session.scalar(select(Answer.citations).where(Answer.assessment_id == assessment.id,
                                                            Answer.question_id == "tip_consent")) in (None, [])


# --------------------------------------------------------------------------- under gunicorn, as deployed


def _multipart(fields: dict[str, str], name: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
             for key, value in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                 "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n".encode()
                 + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.mark.served
@pytest.mark.parametrize("kind", ["sqlite", "postgresql"] if TEST_DATABASE_URL else ["sqlite"])
def test_padded_workbooks_uploaded_to_four_workers_are_refused_or_read_within_bounds(kind):
    with scratch_database(kind, "upload_bounds") as url:
        draft = prepare_draft(url, members=6)
        with gunicorn("assessment.wsgi:app", {**served_env(url), "ASSESSMENT_DEMO": "false"}, workers=4) \
                as (host, port):
            browser = Browser(host, port)
            browser.sign_in(draft["emails"][0], BENCH_PASSWORD)
            status, original = browser.get(f"/reports/{draft['assessment']}/offline.xlsx")
            assert status == 200
            page = browser.open_page(f"/reports/{draft['assessment']}/upload").decode()
            token = re.search(r'name="csrf_token"[^>]*? value="([^"]+)"', page).group(1)
            last = _last_row(original, "Criminalisation")
            replies = {}
            for label, rows in (("refused", 150_000), ("bounded", 40_000)):
                body, content_type = _multipart({"csrf_token": token}, "file", "offline.xlsx",
                                                padded(original, CRIMINALISATION, rows, last + 1))
                status, html = browser.post(f"/reports/{draft['assessment']}/upload", body, content_type)
                replies[label] = (status, html.decode())
    status, html = replies["refused"]
    assert status == 422
    assert "more than 100,000 cells" in html
    status, html = replies["bounded"]
    assert status == 422
    assert "101 problems: nothing was applied" in html  # the spare rows' entries and the one row below them
    assert "… and 1 more." in html
    assert len(html) < 100_000  # the page stays small: a hundred problems listed, the rest counted
    assert html.count("rows cannot be added") == 100
