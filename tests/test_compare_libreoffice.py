"""The comparison workbook opens in LibreOffice (one headless conversion to PDF)."""

from __future__ import annotations

import subprocess

import pytest

from assessment.compare.exporting import comparison_workbook
from assessment.demo.synthetic import seed_region
from tests.resources import require_libreoffice


@pytest.mark.libreoffice
def test_comparison_workbook_opens_in_libreoffice(db, sample_installed, tmp_path):
    soffice = require_libreoffice()
    seed_region(12, ("2026",), questionnaire=("sample", 1), pool=4)
    from assessment.compare.loading import cycles

    path = tmp_path / "comparison.xlsx"
    comparison_workbook(cycles()[0]).save(path)
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        capture_output=True, text=True, timeout=180, check=False)
    pdf = tmp_path / "comparison.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.exists(), result.stdout + result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdf.stat().st_size > 5000
