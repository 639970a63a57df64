"""The matrix of resources: ``assessment export resources`` writes every element with its resources and the
regional examples of every validated result (marks and notes included); LibreOffice opens it, and what a
member typed never becomes a formula."""

from __future__ import annotations

import csv
import json
import subprocess
from datetime import datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from assessment.cli import main
from assessment.extensions import db
from assessment.models import ModelProvision, Snapshot
from exports.resources import MatrixContext, MatrixExample, build_resources_workbook
from questionnaires.loader import ELEMENTS_FILE, build_elements, default_elements
from questionnaires.resources import RESOURCES_FILE, default_resources
from tests.region_support import assessed
from tests.resources import require_libreoffice

RESOURCES = json.loads(RESOURCES_FILE.read_text(encoding="utf-8"))["resources"]
#: LibreOffice's CSV filter: comma, double quotes, UTF-8, from row 1, ..., every sheet to its own file (-1)
CSV_EVERY_SHEET = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def _provisions_serving(element_id: str) -> int:
    return sum(1 for r in RESOURCES for p in r["provisions"] if element_id in p["elements"])


def _consent(act: str, url: str | None = None) -> dict:
    citation = {"act": act, "section": "s. 12", "year": 2018, "status": "in_force"}
    if url:
        citation["url"] = url
    return {"value": "in_place", "citations": [citation]}


def _rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_the_builder_gives_every_element_its_rows_and_keeps_typed_text_as_text(tmp_path):
    document = json.loads(ELEMENTS_FILE.read_text(encoding="utf-8"))
    extra = dict(next(e for e in document["elements"] if e["id"] == "A6"), id="A17", title={"en": "A new one"})
    document["elements"].append(extra)
    elements = build_elements(document)
    examples = [MatrixExample("A6", "XB", "Belmora", "2026", "=HYPERLINK(\"http://evil.example\")", "s. 1", 2019,
                              "javascript:alert(1)", True, "@SUM(1)"),
                MatrixExample("A6", "XA", "Aldmere", "2024", "Aldmere Act", "s. 2", 2010, "https://laws.example/a")]
    workbook = build_resources_workbook(elements, default_resources(), examples,
                                        MatrixContext(datetime(2026, 12, 6, 9, 30), "two test results"))
    path = tmp_path / "matrix.xlsx"
    workbook.save(path)
    read = load_workbook(path)
    assert read.sheetnames == ["About", "Matrix", "Examples", "Elements", "Resources"]
    matrix = _rows(read["Matrix"])[1:]
    assert len([r for r in matrix if r[0] == "A6"]) == _provisions_serving("A6")
    assert [r for r in matrix if r[0] == "A17"] == [("A17", "A new one", "Criminalising trafficking in persons",
                                                     "Mandatory", "Critical", None, None, None, None, None, None,
                                                     None, 0)]
    assert {r[-1] for r in matrix if r[0] == "A6"} == {2}
    examples_sheet = read["Examples"]
    first = next(r for r in examples_sheet.iter_rows(min_row=3) if r[2].value == "XB")
    assert first[5].value == "=HYPERLINK(\"http://evil.example\")"
    assert first[5].data_type == "s"
    assert first[8].value == "javascript:alert(1)"  # shown as text, never as a link
    assert first[8].hyperlink is None
    assert first[10].value == "@SUM(1)"
    assert first[10].data_type == "s"
    second = next(r for r in examples_sheet.iter_rows(min_row=3) if r[2].value == "XA")
    assert second[8].hyperlink.target == "https://laws.example/a"
    about = {r[0]: r[1] for r in _rows(read["About"]) if r and r[0]}
    assert about["Regional examples"] == "2 from two test results"
    assert about["Made"] == "2026-12-06 09:30 UTC"


def test_the_command_writes_the_matrix_with_every_validated_example_and_the_marks(runner, make_assessment,
                                                                                 make_user, tmp_path):
    assessed(make_assessment, "XA", name="Aldmere", tip_consent=_consent("Aldmere Act"))
    xc = assessed(make_assessment, "XC", name="Carradine", shares=False,
                  tip_consent=_consent("Carradine Code", url="https://laws.carradine.example/code"))
    assessed(make_assessment, "XD", name="Dunvale", status="submitted", tip_consent=_consent("Dunvale Act"))
    snapshot = db.session.scalar(select(Snapshot).where(Snapshot.assessment_id == xc.id))
    db.session.add(ModelProvision(element_id="A6", snapshot_id=snapshot.id, question_id="tip_consent",
                                  citation_index=0, note="Short and clear.", version=1))
    db.session.commit()
    output = tmp_path / "matrix.xlsx"
    result = runner.invoke(main, ["export", "resources", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "136 elements" in result.output
    workbook = load_workbook(output)
    examples = [r for r in _rows(workbook["Examples"])[2:] if r[0] == "A6"]
    assert [(r[3], r[5], r[9], r[10]) for r in examples] == [
        ("Aldmere", "Aldmere Act", None, None), ("Carradine", "Carradine Code", "Model provision", "Short and clear.")]
    assert all("Dunvale" not in str(r) for r in _rows(workbook["Examples"]))
    matrix = _rows(workbook["Matrix"])
    assert len(matrix) - 1 == sum(max(1, len(default_resources().for_element(e.id)))
                                  for e in default_elements().elements)

    bare = tmp_path / "bare.xlsx"
    result = runner.invoke(main, ["export", "resources", "-o", str(bare), "--without-examples"])
    assert result.exit_code == 0
    assert "0 regional example(s)" in result.output
    assert _rows(load_workbook(bare)["Examples"])[2:] == []
    wrong = runner.invoke(main, ["export", "resources", "-o", str(tmp_path / "matrix.csv")])
    assert wrong.exit_code == 1
    assert "must end in .xlsx" in wrong.output


@pytest.mark.libreoffice
def test_libreoffice_opens_the_matrix(runner, make_assessment, tmp_path):
    soffice = require_libreoffice()
    assessed(make_assessment, "XA", name="Aldmere", tip_consent=_consent("=1+2 Act"))
    output = tmp_path / "matrix.xlsx"
    assert runner.invoke(main, ["export", "resources", "-o", str(output)]).exit_code == 0
    command = [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
               "--convert-to", CSV_EVERY_SHEET, "--outdir", str(tmp_path / "csv"), str(output)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    sheets = {}
    for path in (tmp_path / "csv").glob("matrix-*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            sheets[path.stem.removeprefix("matrix-")] = list(csv.reader(handle))
    assert set(sheets) == {"About", "Matrix", "Examples", "Elements", "Resources"}
    assert len(sheets["Elements"]) == 1 + len(default_elements().elements)
    assert len(sheets["Resources"]) == 1 + len(RESOURCES)
    a6 = [row for row in sheets["Examples"] if row and row[0] == "A6"]
    assert [row[5] for row in a6] == ["=1+2 Act"]  # text, never computed
    consent_rows = [row for row in sheets["Matrix"] if row and row[0] == "A6"]
    assert len(consent_rows) == _provisions_serving("A6")
    assert {row[-1] for row in consent_rows} == {"1"}
