"""Every generated workbook opens in LibreOffice, and a filled-in offline workbook re-saved by LibreOffice comes
back with the same answers and scores.

LibreOffice starts once per test session: a session fixture writes every workbook first, then converts them
in one batch with a private profile, one ``--convert-to`` invocation per target format (PDF, CSV of every
sheet, and .xlsx for the re-save), since one invocation takes one target format.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from assessment.audit import Actor
from assessment.models import Assessment
from assessment.services.answer_store import answers_of
from assessment.services.imports import apply_import, incoming_from_offline, plan_import
from assessment.services.scoring_service import live_result
from bench.bench_exports import full_answers, offline_bytes, results_bytes
from exports.offline import read_offline_workbook
from exports.safety import Limits
from questionnaires.loader import DATA_DIR, load_questionnaire
from scoring.engine import score
from tests.excel_helpers import BEFORE, EXPECTED, WORKBOOK_ASSESSMENT_ID, filled_sample, workbook_assessment
from tests.excel_helpers import offline_bytes as sample_offline_bytes
from tests.method2_support import SAMPLE2, WORKED_EXAMPLE2
from tests.resources import require_libreoffice
from tests.scoring_helpers import SAMPLE

pytestmark = pytest.mark.libreoffice

FULL = load_questionnaire(DATA_DIR / "legislative_framework.v1.json")
WORKED2 = json.loads(WORKED_EXAMPLE2.read_text())["answers"]
#: LibreOffice's CSV filter: comma, double quotes, UTF-8, from row 1, ..., every sheet to its own file (-1)
CSV_EVERY_SHEET = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
#: workbooks that must open (PDF and CSV); the last two are also re-saved as .xlsx
OPENED = ("results_sample", "results_sample2", "results_full", "offline_sample", "offline_full", "filled_sample")
RESAVED = ("filled_sample", "offline_full")


@dataclass
class Batch:
    folder: Path
    originals: dict[str, bytes]

    def pdf(self, name: str) -> bytes:
        return (self.folder / "pdf" / f"{name}.pdf").read_bytes()

    def csv_sheets(self, name: str) -> dict[str, list[list[str]]]:
        found = {}
        for path in (self.folder / "csv").glob(f"{name}-*.csv"):
            with path.open(encoding="utf-8", newline="") as handle:
                found[path.stem[len(name) + 1:]] = list(csv.reader(handle))
        return found

    def resaved(self, name: str) -> bytes:
        return (self.folder / "xlsx" / f"{name}.xlsx").read_bytes()


def _workbooks() -> dict[str, bytes]:
    worked = {qid: dict(a) for qid, a in EXPECTED.items()}
    full = full_answers(FULL)
    return {
        "results_sample": results_bytes(SAMPLE, worked),
        "results_sample2": results_bytes(SAMPLE2, WORKED2),
        "results_full": results_bytes(FULL, full),
        "offline_sample": sample_offline_bytes(SAMPLE),
        "offline_full": offline_bytes(FULL, full),
        "filled_sample": filled_sample(SAMPLE),
    }


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory) -> Batch:
    soffice = require_libreoffice()
    folder = tmp_path_factory.mktemp("libreoffice")
    originals = _workbooks()
    for name, data in originals.items():
        (folder / f"{name}.xlsx").write_bytes(data)
    profile = (folder / "profile").as_uri()

    def convert(target: str, outdir: str, names: tuple[str, ...]) -> None:
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to",
                   target, "--outdir", str(folder / outdir), *(str(folder / f"{n}.xlsx") for n in names)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr

    convert("pdf", "pdf", OPENED)
    convert(CSV_EVERY_SHEET, "csv", OPENED)
    convert("xlsx", "xlsx", RESAVED)
    return Batch(folder, originals)


@pytest.mark.parametrize("name", OPENED)
def test_every_generated_workbook_converts_to_pdf_and_csv(libreoffice, name):
    pdf = libreoffice.pdf(name)
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 5000
    sheets = libreoffice.csv_sheets(name)
    expected = ({"Summary", "Answers", "Citations", "TA requests", "Elements", "TA plan", "Methodology"}
                if name.startswith("results") else
                {"Instructions", "Profile", "Criminalisation", "Following the money", "International cooperation",
                 "Citations", "Lists", "Meta"})
    if name == "results_sample2":
        expected = expected | {"What it would take"}
    assert set(sheets) == expected
    assert all(rows for rows in sheets.values())


def test_csv_of_the_results_shows_the_numbers(libreoffice):
    summary = libreoffice.csv_sheets("results_sample")["Summary"]
    core = next(row for row in summary if row and row[0] == "Core gap")
    assert core[1] == f"{score(SAMPLE, EXPECTED)['overall']['gap']:.1f}"
    answers = libreoffice.csv_sheets("results_sample")["Answers"]
    acts = next(row for row in answers if row[0] == "tip_acts")
    assert "=1+1" in acts  # the comment, as text


def test_csv_of_a_method_2_result_shows_its_band_and_what_it_would_take(libreoffice):
    result = score(SAMPLE2, WORKED2)
    summary = libreoffice.csv_sheets("results_sample2")["Summary"]
    assert next(row for row in summary if row and row[0] == "Obligations gap")[1] == \
        f"{result['overall']['obligations_gap']:.1f}"
    assert next(row for row in summary if row and row[0] == "Sections by band")[1] == \
        "1 largely aligned, 3 partly aligned, 1 not aligned"
    steps = libreoffice.csv_sheets("results_sample2")["What it would take"]
    smuggling = next(row for row in steps if row and row[0] == "Smuggling of migrants")
    assert smuggling[5:7] == ["Partly aligned", "1"]


def test_round_trip_through_libreoffice_gives_the_same_answers_and_scores(libreoffice):
    data = libreoffice.resaved("filled_sample")
    assert data != libreoffice.originals["filled_sample"]  # LibreOffice really wrote its own file
    upload = read_offline_workbook(data, SAMPLE, Limits(), assessment_id=WORKBOOK_ASSESSMENT_ID)
    assert upload.problems == []
    got = {qid: item.answer for qid, item in upload.answers.items() if item.answer}
    assert got == EXPECTED
    assert score(SAMPLE, got) == score(SAMPLE, EXPECTED)


def test_formula_like_comments_round_trip_as_text(libreoffice):
    data = libreoffice.resaved("filled_sample")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any("<f>1+1" in xml or "<f>SUM(A1)" in xml for xml in sheets)
    upload = read_offline_workbook(data, SAMPLE, Limits(), assessment_id=WORKBOOK_ASSESSMENT_ID)
    assert upload.answers["tip_acts"].answer["comment"] == "=1+1"
    assert upload.answers["tip_consent"].answer["comment"] == "@SUM(A1)"
    assert upload.answers["tip_notes"].answer["value"] == "-3"


def test_an_untouched_full_workbook_re_saved_by_libreoffice_changes_nothing(libreoffice):
    upload = read_offline_workbook(libreoffice.resaved("offline_full"), FULL, Limits(), assessment_id=1)
    assert upload.problems == []
    assert [qid for qid, item in upload.answers.items() if not item.untouched] == []


def test_round_trip_into_the_database(libreoffice, db, make_cycle):
    make_cycle()
    assessment = workbook_assessment(db, BEFORE)
    upload = read_offline_workbook(libreoffice.resaved("filled_sample"), SAMPLE, Limits(),
                                   assessment_id=assessment.id)
    found, problems = incoming_from_offline(upload)
    plan = plan_import(assessment, found, SAMPLE, problems=problems)
    apply_import(assessment, plan, Actor(label="cli"))
    db.session.expire_all()
    stored = db.session.get(Assessment, assessment.id)
    assert answers_of(stored, with_version=False) == EXPECTED
    assert live_result(stored, SAMPLE) == score(SAMPLE, EXPECTED, member="XA", cycle="2026")
