"""Questionnaire translations in companion files: keys by id, current translations used and stale ones falling
back to English, checks against the questionnaire, and the round trip through the translators' files."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from assessment.cli import main
from questionnaires import translations as T
from questionnaires.loader import (
    DATA_DIR,
    build_questionnaire,
    build_ta_catalogue,
    read_json,
)
from questionnaires.model import tr
from questionnaires.words import band_in_words

V1 = DATA_DIR / "legislative_framework.v1.json"


@pytest.fixture
def tdir(tmp_path, monkeypatch) -> Path:
    """A copy of the shipped companion files that a test may change."""
    target = tmp_path / "translations"
    shutil.copytree(T.DEFAULT_DIR, target)
    monkeypatch.setenv("ASSESSMENT_TRANSLATIONS_DIR", str(target))
    return target


@pytest.fixture
def v1() -> dict:
    document, problems = read_json(V1)
    assert not problems
    return document


def put(tdir: Path, language: str, key: str, source: str, text: str, state: str = "draft") -> None:
    path = tdir / f"{language}.json"
    document = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {
        "language": language, "name": language, "strings": {}}
    document["strings"][key] = {"source": source, "text": text, "state": state}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def question_doc(document: dict, question_id: str) -> dict:
    return next(q for m in document["modules"] for s in m["sections"] for q in s["questions"]
                if q["id"] == question_id)


def test_keys_name_texts_by_id(v1):
    sources = T.questionnaire_sources(v1)
    q = question_doc(v1, "party_untoc")
    assert sources["question.party_untoc.text"] == q["text"]["en"]
    assert sources["question.party_untoc.help"] == q["help"]["en"]
    coverage = next(q for m in v1["modules"] for s in m["sections"] for q in s["questions"] if q.get("components"))
    first = coverage["components"][-1]
    assert sources[f"question.{coverage['id']}.component.{first['id']}.label"] == first["label"]["en"]
    section = v1["modules"][1]["sections"][0]
    assert sources[f"section.{section['id']}.title"] == section["title"]["en"]


def test_current_translation_shows_and_a_stale_one_falls_back(tdir, v1):
    q = question_doc(v1, "party_untoc")
    put(tdir, "id", "question.party_untoc.text", q["text"]["en"], "Apakah anggota merupakan pihak pada UNTOC?")
    put(tdir, "id", "question.party_untoc.help", "An older English help text", "Teks bantuan lama")
    built = build_questionnaire(v1)
    question = built.question("party_untoc")
    assert tr(question.text, "id") == "Apakah anggota merupakan pihak pada UNTOC?"
    assert tr(question.help, "id") == q["help"]["en"]  # stale: English
    assert "id" not in question.help
    # the stored document stays untranslated
    assert built.document["modules"][0]["sections"][0]["questions"][1]["text"] == {"en": q["text"]["en"]}
    problems = [str(p) for p in T.check_catalogue(T.catalogue("id"), T.all_sources())]
    assert any("question.party_untoc.help: stale" in p for p in problems)


def test_a_second_version_shares_the_translations_of_shared_questions(tdir, v1):
    q = question_doc(v1, "party_tipp")
    put(tdir, "th", "question.party_tipp.text", q["text"]["en"], "สมาชิกเป็นภาคีพิธีสารว่าด้วยการค้ามนุษย์หรือไม่")
    v2 = copy.deepcopy(v1)
    v2["version"] = 2
    question_doc(v2, "party_tipp")["text"]["en"] = "Is the member bound by the Trafficking in Persons Protocol?"
    one, two = build_questionnaire(v1), build_questionnaire(v2)
    assert tr(one.question("party_tipp").text, "th") == "สมาชิกเป็นภาคีพิธีสารว่าด้วยการค้ามนุษย์หรือไม่"
    # the second version words it differently: English until translated again
    assert tr(two.question("party_tipp").text, "th") == "Is the member bound by the Trafficking in Persons Protocol?"
    # a question both versions word alike shares its translation
    assert tr(two.question("party_untoc").text, "th") == tr(one.question("party_untoc").text, "th")


def test_ta_catalogue_and_band_words(tdir):
    document, _ = read_json(DATA_DIR / "ta_catalogue.json")
    item = document["items"][3]
    put(tdir, "id", f"ta.item.{item['id']}.text", item["text"]["en"], "Bantuan penyusunan undang-undang")
    catalogue = build_ta_catalogue(document)
    assert tr(catalogue.get(item["id"]).text, "id") == "Bantuan penyusunan undang-undang"
    assert band_in_words("partly_aligned", provisional=True, locale="id") == "Sebagian selaras (sementara)"
    assert band_in_words("largely_aligned", locale="th") == "สอดคล้องเป็นส่วนใหญ่"
    assert band_in_words(None, locale="id") == "Tanpa skor"


def test_check_names_unknown_keys_lost_placeholders_and_stale_sources(tdir):
    put(tdir, "id", "question.no_such_question.text", "Anything", "Apa saja")
    put(tdir, "id", "word.band.provisional", "{band} (provisional)", "(sementara)")
    problems = [str(p) for p in T.check_catalogue(T.catalogue("id"), T.all_sources())]
    assert "id question.no_such_question.text: no such text in the questionnaire, the catalogues or the words" \
        in problems
    assert "id word.band.provisional: placeholders {band} expected, found none" in problems


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="assessment")


def test_counts_as_json(tdir, v1):
    q = question_doc(v1, "party_untoc")
    put(tdir, "th", "question.party_untoc.text", q["text"]["en"], "สมาชิกเป็นภาคี UNTOC หรือไม่", state="reviewed")
    before = json.loads(invoke("questionnaires", "translations", "--json").output)
    assert set(before) >= {"id", "th"}
    assert before["th"]["total"] == len(T.all_sources())
    assert before["th"]["reviewed"] >= 1
    put(tdir, "th", "question.party_untoc.text", "An older text", "ข้อความเก่า", state="reviewed")
    after = json.loads(invoke("questionnaires", "translations", "--json").output)
    assert after["th"]["translated"] == before["th"]["translated"] - 1
    assert after["th"]["reviewed"] == before["th"]["reviewed"] - 1


def rows_by_key(path: Path) -> dict[str, int]:
    ws = load_workbook(path)["Strings"]
    return {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1)}


def test_round_trip_through_a_workbook_with_a_broken_placeholder(tdir, tmp_path, v1):
    out = tmp_path / "id.xlsx"
    result = invoke("translations", "export", "--lang", "id", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = rows_by_key(out)
    wb = load_workbook(out)
    ws = wb["Strings"]
    assert ws.cell(rows["word.band.aligned"], 4).value == "Selaras"
    assert ws.cell(rows["question.party_untoc.text"], 2).value == "question party_untoc, text"
    ws.cell(rows["question.party_untoc.text"], 4).value = "Apakah anggota merupakan pihak pada Konvensi UNTOC?"
    ws.cell(rows["question.party_untoc.text"], 5).value = "draft"
    ws.cell(rows["word.band.provisional"], 4).value = "{pita} (sementara)"
    wb.save(out)
    before = (tdir / "id.json").read_bytes()

    result = invoke("translations", "import", str(out), "--apply")
    assert result.exit_code == 1
    row = rows["word.band.provisional"]
    assert (f"problem: sheet Strings, row {row} (word.band.provisional): placeholders {{band}} expected, "
            "found {pita}") in result.output
    assert "Nothing written" in result.output
    assert (tdir / "id.json").read_bytes() == before

    ws.cell(row, 4).value = "{band} (sementara, belum lengkap)"
    wb.save(out)
    preview = invoke("translations", "import", str(out))
    assert preview.exit_code == 0, preview.output
    line = next(x for x in preview.output.splitlines() if x.startswith("change: question.party_untoc.text: "))
    assert line.endswith("[machine] → 'Apakah anggota merupakan pihak pada Konvensi UNTOC?' [draft]")
    assert (tdir / "id.json").read_bytes() == before

    applied = invoke("translations", "import", str(out), "--apply")
    assert applied.exit_code == 0, applied.output
    stored = json.loads((tdir / "id.json").read_text(encoding="utf-8"))["strings"]
    assert stored["question.party_untoc.text"] == {
        "source": question_doc(v1, "party_untoc")["text"]["en"],
        "text": "Apakah anggota merupakan pihak pada Konvensi UNTOC?", "state": "draft"}
    assert stored["word.band.provisional"]["text"] == "{band} (sementara, belum lengkap)"
    assert band_in_words("aligned", provisional=True, locale="id") == "Selaras (sementara, belum lengkap)"


def test_round_trip_through_a_po_file_refuses_lost_strings_and_unknown_keys(tdir, tmp_path):
    out = tmp_path / "th.po"
    assert invoke("translations", "export", "--lang", "th", "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert 'msgctxt "word.band.not_aligned"\nmsgid "Not aligned"\nmsgstr "ไม่สอดคล้อง"' in text
    # a translator empties an existing translation and invents a key
    text = text.replace('msgid "Not aligned"\nmsgstr "ไม่สอดคล้อง"', 'msgid "Not aligned"\nmsgstr ""')
    text = text.replace('msgctxt "word.band.aligned"', 'msgctxt "word.band.super_aligned"')
    out.write_text(text, encoding="utf-8")
    before = (tdir / "th.json").read_bytes()
    result = invoke("translations", "import", str(out), "--apply")
    assert result.exit_code == 1
    assert "(word.band.not_aligned): the translation is empty, and the current one would be lost" in result.output
    assert "(word.band.super_aligned): no such text in the questionnaire" in result.output
    assert "th.po line " in result.output
    assert (tdir / "th.json").read_bytes() == before


def test_import_refuses_a_file_for_another_language(tdir, tmp_path):
    out = tmp_path / "th.po"
    invoke("translations", "export", "--lang", "th", "-o", str(out))
    result = invoke("translations", "import", str(out), "--lang", "id")
    assert result.exit_code == 1
    assert "the file is for 'th', not 'id'" in result.output


@pytest.mark.parametrize("language", ["id", "th"])
def test_shipped_languages_are_complete_for_version_1_and_free_of_problems(language, v1):
    """Every text of questionnaire version 1, the TA, element and resources catalogues and the fixed words has a
    current translation (a later version's new texts fall back to English until translated, and are counted by
    the command)."""
    ta, _ = read_json(DATA_DIR / "ta_catalogue.json")
    elements, _ = read_json(DATA_DIR / "elements.json")
    resources, _ = read_json(DATA_DIR / "resources.json")
    sources = {**T.questionnaire_sources(v1), **T.ta_sources(ta), **T.element_sources(elements),
               **T.resource_sources(resources), **T.word_sources(), **T.workbook_sources()}
    assert {"element.P1.description", "element_section.I.title", "resource.apg.note"} <= set(sources)
    cat = T.catalogue(language)
    assert [k for k, en in sources.items() if cat.state_of(k, en) not in T.STATES] == []
    assert [str(p) for p in T.check_catalogue(cat, T.all_sources()) if "stale" not in p.message] == []
    assert T.counts(cat, sources)["state"] == "machine"  # not yet reviewed: pages say so
    assert T.unofficial_note(language) == T.word("note", "unofficial", language)


def untranslated(language: str) -> dict[str, list[str]]:
    """Per word group (``word.<group>``) and workbook label table (``workbook.<name>``), the keys that have no
    current translation in ``language``."""
    cat = T.catalogue(language)
    tables = {**{f"word.{g}": {f"word.{g}.{k}": en for k, en in table.items()} for g, table in T.word_groups().items()},
              **{f"workbook.{name}": {k: en for k, en in T.workbook_sources().items()
                                       if k.startswith(f"workbook.{name}.")} for name in T.WORKBOOK_TABLES}}
    found = {group: [k for k, en in keys.items() if cat.state_of(k, en) not in T.STATES]
             for group, keys in tables.items()}
    return {group: keys for group, keys in found.items() if keys}


@pytest.mark.parametrize("language", ["id", "th"])
def test_every_word_group_and_workbook_label_is_translated_in_each_shipped_language(language):
    """The sentences of the scores, the review and the capacity figures, and the labels of the results, profile,
    comparison and offline workbooks: a group that lacks a translation fails here with its keys."""
    groups = set(T.word_groups())
    assert {"score", "capacity", "review", "state", "question_flag", "element_state"} <= groups
    assert {"results", "results_method", "profile", "compare", "compare_method", "offline"} <= set(T.WORKBOOK_TABLES)
    assert untranslated(language) == {}


def test_a_group_missing_a_translation_is_named_with_its_key(tdir):
    document = json.loads((tdir / "id.json").read_text(encoding="utf-8"))
    del document["strings"]["word.score.method_2"]
    document["strings"]["workbook.compare.sheet_matrix"]["source"] = "An earlier heading"
    (tdir / "id.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert untranslated("id") == {"word.score": ["word.score.method_2"],
                                  "workbook.compare": ["workbook.compare.sheet_matrix"]}
    assert untranslated("th") == {}


def test_the_sentences_and_workbook_labels_are_counted_by_the_translations_command(tdir):
    sources = T.all_sources()
    assert {"word.score.method_2", "word.capacity.median", "word.review.unanswered", "workbook.results.sheet_summary",
            "workbook.results_method.method_2.3.1", "workbook.compare.matrix_headers.0",
            "workbook.offline.module_headers.5", "workbook.profile.trend.up"} <= set(sources)
    before = json.loads(invoke("questionnaires", "translations", "--json").output)
    assert before["th"]["total"] == len(sources)
    document = json.loads((tdir / "th.json").read_text(encoding="utf-8"))
    for key in ("word.capacity.median", "workbook.compare.matrix_headers.0"):
        del document["strings"][key]
    (tdir / "th.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    after = json.loads(invoke("questionnaires", "translations", "--json").output)
    assert after["th"]["translated"] == before["th"]["translated"] - 2
    assert after["id"] == before["id"]


@pytest.mark.parametrize("language", ["en", "id", "th"])
def test_no_band_word_begins_another(language):
    """Workbooks colour band cells by the words they begin with, so no band's words may begin another's."""
    words = [T.word("band", b, language) for b in ("aligned", "largely_aligned", "partly_aligned", "not_aligned")]
    assert [(a, b) for a in words for b in words if a != b and b.startswith(a)] == []


def test_a_row_left_blank_keeps_an_earlier_translation_only_where_the_english_changed():
    sources = {"question.q1.text": "Is the new wording met?", "question.q2.text": "Is it met?"}
    current = T.Catalogue("id", "Bahasa Indonesia", {
        "question.q1.text": T.Entry("question.q1.text", "Is the old wording met?", "Apakah kata lama terpenuhi?"),
        "question.q2.text": T.Entry("question.q2.text", "Is it met?", "Apakah terpenuhi?"),
    })
    stale_blank = T.Row("sheet Strings, row 2", "question.q1.text", "Is the new wording met?", "", "machine")
    plan = T.plan_import("id", [stale_blank], sources, current)
    assert plan.problems == []
    assert plan.changes == []
    assert plan.catalogue(current).strings["question.q1.text"].text == "Apakah kata lama terpenuhi?"
    current_blank = T.Row("sheet Strings, row 3", "question.q2.text", "Is it met?", "", "machine")
    plan = T.plan_import("id", [current_blank], sources, current)
    assert [p.message for p in plan.problems] == ["the translation is empty, and the current one would be lost"]


def test_a_reworded_text_keeps_the_translation_of_its_earlier_wording_for_the_version_that_uses_it():
    old = T.Entry("question.q1.text", "Is the old wording met?", "Apakah kata lama terpenuhi?", "reviewed")
    current = T.Catalogue("id", "Bahasa Indonesia", {"question.q1.text": old})
    sources = {"question.q1.text": "Is the new wording met?"}
    row = T.Row("sheet Strings, row 2", "question.q1.text", "Is the new wording met?", "Apakah kata baru terpenuhi?",
                "draft")
    plan = T.plan_import("id", [row], sources, current)
    assert plan.problems == []
    after = plan.catalogue(current)
    assert after.text("question.q1.text", "Is the new wording met?") == "Apakah kata baru terpenuhi?"
    assert after.text("question.q1.text", "Is the old wording met?") == "Apakah kata lama terpenuhi?"
    assert after.state_of("question.q1.text", "Is the old wording met?") == "reviewed"
    assert after.state_of("question.q1.text", "Is a third wording met?") == "stale"
    document = after.to_json()
    assert document["strings"]["question.q1.text"]["earlier"] == [
        {"source": "Is the old wording met?", "text": "Apakah kata lama terpenuhi?", "state": "reviewed"}]
    again, problems = T.read_catalogue_document(document, "id.json")
    assert problems == []
    assert again == after


@pytest.mark.parametrize("suffix", [".po", ".xlsx"])
def test_a_file_exported_and_imported_unchanged_changes_nothing_not_even_the_spaces_that_join_words(tmp_path,
                                                                                                     suffix):
    """Labels such as " · questionnaires {versions}" or "main challenge: " join the words around them with the
    spaces at their ends, which the English has and the translation keeps through a translator's file."""
    out = tmp_path / f"th{suffix}"
    invoke("translations", "export", "--lang", "th", "-o", str(out))
    result = invoke("translations", "import", str(out), "--lang", "th")
    assert result.exit_code == 0, result.output
    assert "th: 0 to change" in result.output
    rows = [T.Row("row 1", "workbook.compare.what_versions", " · questionnaires {versions}",
                  "· แบบสอบถาม {versions}  ", "draft")]
    plan = T.plan_import("th", rows, T.all_sources(), T.catalogue("th"))
    assert [c.new.text for c in plan.changes] == [" · แบบสอบถาม {versions}"]


def test_the_element_and_resource_catalogues_are_translated_through_the_companion_files(tdir):
    from questionnaires.loader import ELEMENTS_FILE, default_elements
    from questionnaires.resources import RESOURCES_FILE, default_resources

    elements, _ = read_json(ELEMENTS_FILE)
    resources, _ = read_json(RESOURCES_FILE)
    element_keys = T.element_sources(elements)
    resource_keys = T.resource_sources(resources)
    assert len([k for k in element_keys if k.startswith("element_section.")]) == len(elements["sections"]) == 10
    assert len([k for k in element_keys if k.endswith(".title") and k.startswith("element.")]) == 136
    assert len([k for k in resource_keys if k.endswith(".title")]) == 44
    assert element_keys["element.D10.title"] == "Confiscation without a criminal conviction"
    assert set(element_keys) | set(resource_keys) <= set(T.all_sources())

    # a translator's new wording shows where the catalogue is read; a stale one falls back to English
    put(tdir, "id", "element.D10.title", "Confiscation without a criminal conviction",
        "Perampasan aset tanpa putusan pidana")
    put(tdir, "id", "resource.arin-ap.title", "An earlier title", "Jaringan ARIN-AP")
    assert tr(default_elements().get("D10").title, "id") == "Perampasan aset tanpa putusan pidana"
    assert tr(default_elements().get("D10").title, "en") == "Confiscation without a criminal conviction"
    arin = next(r for r in resources["resources"] if r["id"] == "arin-ap")
    assert tr(default_resources().get("arin-ap").title, "id") == arin["title"]["en"]
    assert tr(default_elements().sections["D"], "th") == T.catalogue("th").strings["element_section.D.title"].text

    # counted by the translations command: removing two strings lowers the count by two
    before = json.loads(invoke("questionnaires", "translations", "--json").output)
    document = json.loads((tdir / "th.json").read_text(encoding="utf-8"))
    del document["strings"]["element.D10.title"]
    del document["strings"]["resource.apg.title"]
    (tdir / "th.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    after = json.loads(invoke("questionnaires", "translations", "--json").output)
    assert after["th"]["total"] == before["th"]["total"]
    assert after["th"]["translated"] == before["th"]["translated"] - 2


@pytest.mark.parametrize("language", ["id", "th"])
def test_every_element_section_and_resource_text_is_translated_as_machine(language):
    from questionnaires.loader import ELEMENTS_FILE
    from questionnaires.resources import RESOURCES_FILE

    elements, _ = read_json(ELEMENTS_FILE)
    resources, _ = read_json(RESOURCES_FILE)
    sources = {**T.element_sources(elements), **T.resource_sources(resources)}
    assert len(sources) == 10 + 2 * 136 + 2 * 44
    cat = T.catalogue(language)
    assert [k for k, en in sources.items() if cat.state_of(k, en) != "machine"] == []
    assert all(cat.strings[k].text != en for k, en in sources.items() if not k.startswith("resource.arin-ap."))
