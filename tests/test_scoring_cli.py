"""`assessment score ANSWERS.json [--json]` as a user runs it, on the sample questionnaire uploaded as a version."""

import copy
import json

import pytest

from assessment.cli import main
from assessment.models import QuestionnaireVersion
from questionnaires.loader import validator
from scoring.engine import score
from tests.conftest import FIXTURES
from tests.method2_support import SAMPLE2, SAMPLE2_PATH, WORKED_EXAMPLE2
from tests.scoring_helpers import SAMPLE
from tests.test_scoring_methodology import number, table

WORKED_EXAMPLE = FIXTURES / "worked_example_answers.json"


@pytest.fixture
def sample_uploaded(db, sample_document):
    db.session.add(QuestionnaireVersion(questionnaire_id="sample", version=1, document=sample_document))
    db.session.commit()


def _write(tmp_path, document, name="answers.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.fixture
def sample2_uploaded(db, sample_uploaded):
    db.session.add(QuestionnaireVersion(questionnaire_id="sample", version=2,
                                        document=json.loads(SAMPLE2_PATH.read_text(encoding="utf-8"))))
    db.session.commit()


@pytest.mark.usefixtures("sample2_uploaded")
def test_report_gives_the_documented_numbers_of_the_worked_example(runner):
    result = runner.invoke(main, ["score", str(WORKED_EXAMPLE2)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    _, gap, band, *_ = next(row for row in table("modules") if row[0] == "overall")
    assert f"Overall gap {number(gap):.1f} — {band}; completeness 88%; critical gaps: 3" in lines
    assert "Scoring method version 2.0. Scoring method 2: each section is rated on its own, and a module's and the " \
           "overall band is the band of its weakest section." in lines
    for sid, gap, band_label, held, *_rest, next_band in table("sections"):
        title = SAMPLE2.section(sid).title["en"]
        at = next(i for i, line in enumerate(lines) if line.startswith(f"  {title} "))
        assert f"gap {number(gap):5.1f}  {band_label}" in lines[at]
        assert ("capped by:" in lines[at]) == (held != "–")
        assert ("what it would take:" in lines[at + 1]) == (next_band != "–")
    assert "they are not FATF ratings" in result.output
    assert "  1. [TA-IC] treaty.ratify.somp (priority 6)" in lines


@pytest.mark.usefixtures("sample_uploaded")
def test_json_output_is_the_validated_result_document(runner):
    result = runner.invoke(main, ["score", str(WORKED_EXAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert list(validator("result").iter_errors(printed)) == []
    document = json.loads(WORKED_EXAMPLE.read_text(encoding="utf-8"))
    assert printed == score(SAMPLE, document["answers"], member="XA", cycle="2026")
    assert (printed["member"], printed["cycle"], printed["overall"]["gap"]) == ("XA", "2026", 36.0)


@pytest.mark.usefixtures("sample_uploaded")
def test_malformed_file_lists_every_problem_with_its_path_and_exits_1(runner, tmp_path):
    document = json.loads(WORKED_EXAMPLE.read_text(encoding="utf-8"))
    answers = document["answers"]
    answers["nope"] = {"value": True}
    answers["tip_consent"] = {"value": "yes"}
    answers["tip_acts"]["value"] = ["recruitment", "sale"]
    answers["tip_cross_border"] = {"value": "no"}
    answers["som_fomb"]["value"] = "some_benefit"
    answers["ml_predicates"] = {"not_applicable": True, "justification": "x"}
    path = _write(tmp_path, document)
    result = runner.invoke(main, ["score", str(path), "--json"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{path}: $.answers.ml_predicates.not_applicable: This question cannot be answered “not applicable”.",
        f"{path}: $.answers.nope: unknown question 'nope' in sample v1",
        f'{path}: $.answers.som_fomb.value: Choose one of the options given: "some_benefit" is not one of '
        '"any_benefit", "omitted_with_exemption", "cash_only", "receipt_required".',
        f'{path}: $.answers.tip_acts.value: Choose one of the options given: "sale" is not one of "recruitment", '
        '"transport", "transfer", "harbouring", "receipt".',
        f'{path}: $.answers.tip_consent.value: Choose one of the options given: "yes" is not one of "in_place", '
        '"largely", "partially", "not_in_place", "unknown".',
        f'{path}: $.answers.tip_cross_border.value: Choose one of the options given: "no" is not one of true, false.',
    ]


@pytest.mark.usefixtures("sample_uploaded")
def test_unknown_questionnaire_version_exits_1(runner, tmp_path):
    document = copy.deepcopy(json.loads(WORKED_EXAMPLE.read_text(encoding="utf-8")))
    document["questionnaire"]["version"] = 2
    path = _write(tmp_path, document)
    result = runner.invoke(main, ["score", str(path)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"{path}: $.questionnaire: unknown questionnaire 'sample' version 2"]


def test_not_json_exits_1(runner, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"questionnaire": ', encoding="utf-8")
    result = runner.invoke(main, ["score", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"{path}: $: not valid JSON: ")


def test_a_database_that_is_not_upgraded_gets_a_message_not_a_traceback(make_app, tmp_path):
    bare = make_app(DATABASE_URL="sqlite:///" + str(tmp_path / "bare.sqlite"))
    with bare.app_context():
        result = bare.test_cli_runner().invoke(main, ["score", str(WORKED_EXAMPLE)])
    assert result.exit_code == 1
    assert "run 'assessment db upgrade' first" in result.output
    assert "Traceback" not in result.output
