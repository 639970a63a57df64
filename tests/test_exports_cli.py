"""``assessment export``, ``assessment import offline`` and ``assessment answers``: output, writes, exit codes."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from assessment.audit import Actor
from assessment.cli import main
from assessment.models import Assessment, AuditEvent, SectionAssignment
from assessment.responses import operations
from assessment.services.answer_store import answers_of
from exports.offline import ANSWER
from tests.excel_helpers import BEFORE, CITATIONS, COMPONENTS, EXPECTED, FILL, fill
from tests.scoring_helpers import SAMPLE

PLACE = ["--member", "XA", "--cycle", "2026"]


@pytest.fixture
def draft(make_assessment):
    return make_assessment("XA", answers=BEFORE)


def current(db, assessment_id: int) -> dict:
    db.session.expire_all()
    return answers_of(db.session.get(Assessment, assessment_id), with_version=False)


def labels(db, assessment_id: int) -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent.actor_label).where(
        AuditEvent.assessment_id == assessment_id, AuditEvent.action == "answer.update").order_by(AuditEvent.id)))


def exported_offline(runner, tmp_path) -> bytes:
    path = tmp_path / "offline.xlsx"
    result = runner.invoke(main, ["export", "offline", *PLACE, "-o", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{path}: offline questionnaire of XA cycle 2026\n"
    return path.read_bytes()


def write(tmp_path, data: bytes, name: str = "filled.xlsx") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_export_results_writes_the_live_workbook_of_a_draft(runner, db, draft, tmp_path):
    path = tmp_path / "results.xlsx"
    result = runner.invoke(main, ["export", "results", *PLACE, "-o", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{path}: results of XA cycle 2026 (draft, live figures)\n"
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Summary", "Answers", "Citations", "TA requests", "Elements", "TA plan",
                                   "Methodology"]
    missing = runner.invoke(main, ["export", "results", "--member", "XQ", "--cycle", "2026", "-o", str(path)])
    assert missing.exit_code == 1
    assert "no assessment for member 'XQ' in cycle '2026'" in missing.output


def test_export_results_of_submitted_work_reads_its_latest_snapshot(runner, db, draft, make_user, tmp_path):
    operations.submit(draft, Actor(make_user("focal_point", "XA")))
    db.session.commit()
    path = tmp_path / "submitted.xlsx"
    result = runner.invoke(main, ["export", "results", *PLACE, "-o", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{path}: results of XA cycle 2026 (snapshot 1)\n"
    asked = runner.invoke(main, ["export", "results", *PLACE, "--snapshot", "2", "-o", str(path)])
    assert asked.exit_code == 1
    assert "XA cycle 2026 has no snapshot 2" in asked.output


def test_export_in_a_language_writes_its_sheet_names_headings_and_column_headings(runner, db, draft, tmp_path):
    results = tmp_path / "results_th.xlsx"
    done = runner.invoke(main, ["export", "results", *PLACE, "--lang", "th", "-o", str(results)])
    assert done.exit_code == 0, done.output
    workbook = load_workbook(results)
    assert workbook.sheetnames == ["สรุป", "คำตอบ", "การอ้างกฎหมาย", "คำขอความช่วยเหลือ", "องค์ประกอบ",
                                   "แผนความช่วยเหลือ", "ระเบียบวิธี"]
    summary = {row[0].value: row[1].value for row in workbook["สรุป"].iter_rows(max_col=2) if row[0].value}
    assert summary["ที่มาของตัวเลข"] == "คำนวณจากคำตอบฉบับร่างเมื่อจัดทำสมุดงานนี้ (ยังไม่ได้ส่ง)"  # where from
    offline = tmp_path / "offline_id.xlsx"
    done = runner.invoke(main, ["export", "offline", *PLACE, "--lang", "id", "-o", str(offline)])
    assert done.exit_code == 0, done.output
    assert [c.value for c in load_workbook(offline)["Citations"][3]][:3] == [
        "Ref (id pertanyaan)", "Pertanyaan (sebagai rujukan)", "Undang-undang atau instrumen"]
    filled = fill(offline.read_bytes(), {"tip_consent": {ANSWER: "Sebagian besar sudah ada"}})
    preview = runner.invoke(main, ["import", "offline", write(tmp_path, filled), *PLACE])
    assert preview.exit_code == 0, preview.output
    assert "tip_consent" in preview.output


def test_import_offline_previews_applies_and_records_the_actor(runner, db, draft, tmp_path, make_user):
    data = exported_offline(runner, tmp_path)
    unchanged = runner.invoke(main, ["import", "offline", write(tmp_path, data), *PLACE])
    assert (unchanged.exit_code, unchanged.output) == (0, f"nothing to do: {len(SAMPLE.questions)} answer(s) "
                                                          "unchanged\n")
    filled = write(tmp_path, fill(data, {"tip_consent": {ANSWER: "Largely in place"},
                                         "ml_predicates": {ANSWER: "Unknown"}}))
    preview = runner.invoke(main, ["import", "offline", filled, *PLACE])
    assert preview.exit_code == 0, preview.output
    assert preview.output.splitlines() == [
        "change tip_consent: Partially in place → Largely in place",
        "change ml_predicates: In place · comment: Schedule 1 lists them. → Unknown · comment: Schedule 1 lists them.",
        f"2 change(s), 0 conflict(s), {len(SAMPLE.questions) - 2} unchanged",
        "preview only: nothing was written; run again with --apply",
    ]
    assert current(db, draft.id) == BEFORE
    focal = make_user("focal_point", "XA", email="fp@xa.example")
    applied = runner.invoke(main, ["import", "offline", filled, *PLACE, "--apply", "--as", "FP@xa.example"])
    assert applied.exit_code == 0, applied.output
    assert applied.output.splitlines()[-1] == f"applied 2 change(s), recorded as {focal.email}"
    assert current(db, draft.id)["tip_consent"] == {"value": "largely"}
    assert labels(db, draft.id) == [focal.email, focal.email]


def test_import_offline_problems_exit_1_and_write_nothing(runner, db, draft, tmp_path):
    data = exported_offline(runner, tmp_path)
    bad = write(tmp_path, fill(data, {"tip_consent": {ANSWER: "Mostly"}, "tip_penalty": {ANSWER: "seven"}}))
    result = runner.invoke(main, ["import", "offline", bad, *PLACE, "--apply"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("problem: Criminalisation!F")
    assert "'Mostly' is not one of the answers in the list" in lines[0]
    assert "'seven' is not a number this question takes. Enter a number from 0" in lines[1]
    assert lines[-1] == "2 problem(s); nothing was applied"
    assert current(db, draft.id) == BEFORE
    xlsm = runner.invoke(main, ["import", "offline", write(tmp_path, data, "macro.xlsm"), *PLACE])
    assert xlsm.exit_code == 1
    assert "only Excel workbooks (.xlsx) are read" in xlsm.output


def test_import_offline_conflicts_exit_2_until_overwritten(runner, db, draft, tmp_path):
    data = exported_offline(runner, tmp_path)
    filled = write(tmp_path, fill(data, {"tip_consent": {ANSWER: "Largely in place"}, "party_untoc": {ANSWER: "No"}}))
    operations.save_answer(db.session.get(Assessment, draft.id), SAMPLE.question("tip_consent"),
                           {"value": "in_place"}, 1, Actor(label="web"))
    db.session.commit()
    preview = runner.invoke(main, ["import", "offline", filled, *PLACE])
    assert preview.exit_code == 2
    assert ("conflict tip_consent: online now (version 2, by web): In place | yours (based on version 1): "
            "Largely in place") in preview.output
    kept = runner.invoke(main, ["import", "offline", filled, *PLACE, "--apply"])
    assert kept.exit_code == 2
    assert kept.output.splitlines()[-2:] == [
        "applied 1 change(s), recorded as cli",
        "kept 1 answer(s) changed online (use --overwrite to replace them): tip_consent"]
    answers = current(db, draft.id)
    assert (answers["party_untoc"], answers["tip_consent"]) == ({"value": False}, {"value": "in_place"})
    replaced = runner.invoke(main, ["import", "offline", filled, *PLACE, "--apply", "--overwrite"])
    assert replaced.exit_code == 0, replaced.output
    assert current(db, draft.id)["tip_consent"] == {"value": "largely"}
    assert labels(db, draft.id) == ["web", "cli", "cli"]


def test_import_offline_as_a_contributor_keeps_to_assigned_sections(runner, db, draft, tmp_path, make_user):
    contributor = make_user("contributor", "XA", email="c@xa.example")
    db.session.add(SectionAssignment(assessment_id=draft.id, section_id="laundering", user_id=contributor.id))
    db.session.commit()
    data = exported_offline(runner, tmp_path)
    filled = write(tmp_path, fill(data, {"tip_consent": {ANSWER: "In place"}}))
    result = runner.invoke(main, ["import", "offline", filled, *PLACE, "--apply", "--as", "c@xa.example"])
    assert result.exit_code == 1
    assert "which is not assigned to you" in result.output
    assert current(db, draft.id) == BEFORE
    other = make_user("focal_point", "XB", email="fp@xb.example")
    refused = runner.invoke(main, ["import", "offline", filled, *PLACE, "--as", other.email])
    assert refused.exit_code == 1
    assert "fp@xb.example is not a focal point or contributor of XA" in refused.output


def test_full_round_trip_through_the_command_line(runner, db, draft, tmp_path):
    path = tmp_path / "offline.xlsx"
    runner.invoke(main, ["export", "offline", *PLACE, "-o", str(path)])
    assessment_id = load_workbook(path)["Meta"]["B6"].value
    assert assessment_id == draft.id
    filled = write(tmp_path, fill(path.read_bytes(), FILL, COMPONENTS, CITATIONS))
    result = runner.invoke(main, ["import", "offline", filled, *PLACE, "--apply"])
    assert result.exit_code == 0, result.output
    assert current(db, draft.id) == EXPECTED


def test_answers_export_and_import_with_versions(runner, db, draft, tmp_path):
    path = tmp_path / "answers.json"
    exported = runner.invoke(main, ["answers", "export", *PLACE, "-o", str(path)])
    assert exported.exit_code == 0, exported.output
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["questionnaire"] == {"id": "sample", "version": 1}
    assert document["answers"]["tip_consent"] == {"value": "partially", "version": 1}
    stdout = runner.invoke(main, ["answers", "export", *PLACE, "-o", "-"])
    assert json.loads(stdout.output) == document

    unchanged = runner.invoke(main, ["answers", "import", str(path), *PLACE])
    assert (unchanged.exit_code, unchanged.output) == (0, f"nothing to do: {len(BEFORE)} answer(s) unchanged\n")
    document["answers"]["tip_consent"]["value"] = "largely"
    document["answers"]["mla_days"] = {"value": 20}
    path.write_text(json.dumps(document), encoding="utf-8")
    preview = runner.invoke(main, ["answers", "import", str(path), *PLACE])
    assert preview.exit_code == 0
    assert "change mla_days: no answer → 20 days" in preview.output
    assert current(db, draft.id) == BEFORE
    applied = runner.invoke(main, ["answers", "import", str(path), *PLACE, "--apply"])
    assert applied.exit_code == 0, applied.output
    assert current(db, draft.id)["tip_consent"] == {"value": "largely"}
    # the file still says version 1 for tip_consent, which is now at 2: re-importing an edit is a conflict
    document["answers"]["tip_consent"]["value"] = "in_place"
    path.write_text(json.dumps(document), encoding="utf-8")
    conflict = runner.invoke(main, ["answers", "import", str(path), *PLACE, "--apply"])
    assert conflict.exit_code == 2
    assert "conflict tip_consent: online now (version 2, by cli): Largely in place" in conflict.output
    assert current(db, draft.id)["tip_consent"] == {"value": "largely"}


def test_answers_import_reports_every_problem_with_its_json_path(runner, db, draft, tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({
        "questionnaire": {"id": "sample", "version": 1}, "member": "XB", "cycle": "2026",
        "answers": {"tip_consent": {"value": "sometimes"}, "tip_penalty": {"value": "four"},
                    "no_such": {"value": 1}, "tip_acts": {"value": ["recruitment"], "colour": "red"}},
    }), encoding="utf-8")
    result = runner.invoke(main, ["answers", "import", str(path), *PLACE, "--apply"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[-1] == "5 problem(s); nothing was applied"
    assert lines[:-1] == [
        "problem: $.answers.no_such: unknown question 'no_such' in sample v1",
        "problem: $.answers.tip_acts: Additional properties are not allowed ('colour' was unexpected)",
        'problem: $.answers.tip_consent.value: Choose one of the options given: "sometimes" is not one of '
        '"in_place", "largely", "partially", "not_in_place", "unknown".',
        "problem: $.answers.tip_penalty.value: Enter a number from 0 to 1,000,000,000,000, for example 10 or 7.5, "
        "or choose one of “Life imprisonment”, “Death penalty”, “Fine only”.",
        "problem: $.member: the file is for member 'XB', not 'XA'",
    ]
    assert current(db, draft.id) == BEFORE
    path.write_text("{not json", encoding="utf-8")
    broken = runner.invoke(main, ["answers", "import", str(path), *PLACE])
    assert broken.exit_code == 1
    assert broken.output.startswith("problem: $: ")


def test_export_offline_of_a_submitted_assessment_is_read_only(runner, db, make_assessment, tmp_path):
    make_assessment("XA", answers=BEFORE, status="submitted")
    path = tmp_path / "offline.xlsx"
    result = runner.invoke(main, ["export", "offline", *PLACE, "-o", str(path)])
    assert "(read-only: the assessment is submitted)" in result.output
    ws = load_workbook(io.BytesIO(path.read_bytes()))["Criminalisation"]
    assert all(cell.protection.locked for row in ws.iter_rows(min_row=4) for cell in row)
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


@pytest.mark.parametrize(("command", "name"), [(["import", "offline"], "filled.xlsx"),
                                               (["answers", "import"], "answers.json")])
def test_import_of_a_missing_file_is_a_problem_not_a_conflict(runner, db, draft, tmp_path, command, name):
    """Exit code 2 means conflicts kept; a file that is not there is a problem (1), like an unknown member."""
    missing = tmp_path / name
    result = runner.invoke(main, [*command, str(missing), *PLACE])
    assert result.exit_code == 1, result.output
    assert f"{missing}: no such file" in result.output
    assert current(db, draft.id) == BEFORE
