"""The technical-compliance annex draft (``assessment export annex``): per FATF Recommendation and criterion, the
member's answers and citations, in Word or Excel, with no score or band; LibreOffice opens both."""

from __future__ import annotations

import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook

from assessment.cli import main
from tests.resources import require_libreoffice_writer
from tests.standards_support import ANSWERS, v3_cycle  # noqa: F401  (a fixture)


def _paragraphs(path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


@pytest.mark.libreoffice
def test_the_annex_lists_each_criterion_with_the_answers_and_citations_behind_it(runner, make_assessment, v3_cycle,  # noqa: F811
                                                                                tmp_path):
    make_assessment("XA", "2028", answers=ANSWERS)
    docx_path, xlsx_path = tmp_path / "annex-word.docx", tmp_path / "annex-excel.xlsx"
    done = runner.invoke(main, ["export", "annex", "--member", "XA", "--cycle", "2028", "-o", str(docx_path)])
    assert done.exit_code == 0, done.output
    assert "6 Recommendation(s)" in done.output
    text = _paragraphs(docx_path)
    assert text[0] == "Technical-compliance annex (draft): Test jurisdiction XA"
    assert any("carries no score and no band, and it is not a rating" in p for p in text)
    r38 = text.index("Recommendation 38: Mutual legal assistance: freezing and confiscation")
    assert text[r38 + 1] == "Criterion 38.1: Acting quickly on foreign freezing and confiscation requests"
    assert text[r38 + 2] == "Can the member freeze and confiscate property quickly at a foreign state's request?"
    assert text[r38 + 3] == "Answer: Not in place"
    assert text[r38 + 4] == "No legislation cited."
    conduct = text.index("Which conduct does the money-laundering offence cover?")
    assert text[conduct - 1] == ("Criterion 3.1: Laundering is an offence in line with the Vienna and Palermo "
                                 "conventions")
    assert text[conduct + 2] == "Proceeds of Crime Act, s. 5 (2015), in force"
    assert "INR.4 para 10 (a requirement of the 2023 amendments, without a criterion number) (2023 amendment)" in text
    assert not any("aligned" in p.lower() for p in text)

    done = runner.invoke(main, ["export", "annex", "--member", "XA", "--cycle", "2028", "-o", str(xlsx_path),
                                "--fatf", "2013"])
    assert done.exit_code == 0, done.output
    rows = list(load_workbook(xlsx_path, read_only=True)["Annex"].iter_rows(values_only=True))
    header = rows.index(("Recommendation", "Title", "Criterion", "Criterion in brief", "Methodology", "Question",
                         "Answer", "Legislation cited", "Comment"))
    body = rows[header + 1:]
    assert ("R.4", "4.1") in {(r[0], r[2]) for r in body}
    assert all(r[4] == "2013" for r in body)  # the 2013 text only: no 2023 requirement
    ncb = next(r for r in body if r[5].endswith("(conf_ncb)"))
    assert (ncb[0], ncb[2], ncb[6]) == ("R.38", "38.2", "Partially in place")

    soffice = require_libreoffice_writer()
    command = [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(docx_path), str(xlsx_path)]
    converted = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert converted.returncode == 0, converted.stderr
    assert sorted(p.name for p in (tmp_path / "pdf").iterdir()) == ["annex-excel.pdf", "annex-word.pdf"], \
        converted.stdout + converted.stderr
    def pdf_text(name: str) -> str:
        return subprocess.run(["pdftotext", str(tmp_path / "pdf" / name), "-"], capture_output=True, text=True,
                              timeout=60, check=True).stdout

    assert "Criterion 38.1: Acting quickly on foreign freezing" in pdf_text("annex-word.pdf")
    assert "Partially in place" in pdf_text("annex-excel.pdf")


def test_the_annex_refuses_another_kind_of_file(runner, make_assessment, v3_cycle, tmp_path):  # noqa: F811
    make_assessment("XA", "2028", answers=ANSWERS)
    done = runner.invoke(main, ["export", "annex", "--member", "XA", "--cycle", "2028", "-o",
                                str(tmp_path / "annex.pdf")])
    assert done.exit_code == 1
    assert "the output file must end in .docx or .xlsx" in done.output
    assert not (tmp_path / "annex.pdf").exists()
