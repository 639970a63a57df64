"""`assessment questionnaires validate` and `coverage` as a user runs them."""

import json

from assessment.cli import main
from tests.conftest import SAMPLE_QUESTIONNAIRE


def test_validate_default_files_ok(runner):
    result = runner.invoke(main, ["questionnaires", "validate"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert any(line.endswith("elements.json: ok (136 elements)") for line in lines)
    assert any(line.endswith("legislative_framework.v2.json: ok (247 questions)") for line in lines)
    assert all(": ok (" in line for line in lines)


def test_validate_sample_ok(runner):
    result = runner.invoke(main, ["questionnaires", "validate", str(SAMPLE_QUESTIONNAIRE)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"{SAMPLE_QUESTIONNAIRE}: ok (21 questions)"


def test_validate_broken_file_lists_every_error(runner, tmp_path, sample_document):
    q = sample_document["modules"][1]["sections"][0]["questions"]
    q[1]["elements"] = ["Z9"]
    q[2]["level"] = "XX"
    sample_document["title"] = "no locale"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(sample_document))
    result = runner.invoke(main, ["questionnaires", "validate", str(broken)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert f"{broken}: $.title: 'no locale' is not of type 'object'" in lines
    assert f"{broken}: $.modules[1].sections[0].questions[1].elements[0]: unknown element 'Z9'" in lines
    assert any(line.startswith(f"{broken}: $.modules[1].sections[0].questions[2].level: ") for line in lines)


def test_coverage_json_on_sample(runner):
    result = runner.invoke(main, ["questionnaires", "coverage", "--json", "--questionnaire", str(SAMPLE_QUESTIONNAIRE)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"required_total", "required_covered", "uncovered_required", "uncovered_optional"}
    assert data["required_covered"] == data["required_total"] - len(data["uncovered_required"])
    assert "A1" not in data["uncovered_required"]
    assert "A2" in data["uncovered_required"]
