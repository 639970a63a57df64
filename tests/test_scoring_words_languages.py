"""The sentences behind a score in the person's language: "why this score", what it would take, critical gaps,
the method, the review findings and the capacity figures to check say the same in English as always, and in
Bahasa Indonesia and Thai through the word groups ``score``, ``review`` and ``capacity`` with their placeholders
filled."""

from __future__ import annotations

import pytest

from questionnaires.translations import word
from scoring.capacity import plausibility
from scoring.review import review
from scoring.words import (
    cap_words,
    critical_gap_in_words,
    method_words,
    next_band_words,
    profile_words,
    weakest_words,
)
from tests.test_capacity import CAPACITY, figures

STEP = {"band": "largely_aligned", "needs": ["tip_consent", "tip_penalty"], "caps": ["tip_consent"]}
TITLES = {"tip_consent": "Is consent irrelevant?", "tip_penalty": "Penalty of the offence"}


def test_english_sentences_are_worded_as_before():
    assert next_band_words(STEP, TITLES) == (
        "Largely aligned needs 2 answers fully met: first the critical one holding the section at partly aligned "
        "(Is consent irrelevant?), then Penalty of the offence.")
    assert next_band_words({"band": "aligned", "needs": ["tip_penalty"]}, TITLES) == (
        "Aligned needs 1 answer fully met: Penalty of the offence.")
    assert next_band_words({"band": "aligned", "needs": ["tip_consent"], "caps": ["tip_consent"]}, TITLES) == (
        "Aligned needs 1 answer fully met, the critical one holding the section at partly aligned: "
        "Is consent irrelevant?")
    assert cap_words({"question": "tip_consent", "reason": "unknown"}, TITLES) == "Is consent irrelevant? — not known"
    assert cap_words({"question": "tip_acts", "component": "recruitment", "reason": "not_met"}) == (
        "tip_acts (component recruitment): not met")
    assert critical_gap_in_words({"reason": "serious_gap"}, {"state": "answered", "score": 0}) == "not in place"
    assert critical_gap_in_words({"reason": "not_met", "component": "transfer"}) == "component transfer not met"
    assert method_words("1.0", 1).startswith("Scoring method 1 (questionnaire version 1): bands of pooled averages.")
    assert profile_words({"aligned": 2, "partly_aligned": 1}) == "2 aligned, 1 partly aligned"
    assert weakest_words({"weakest": "s1", "held_down_by": ["s1", "s2"]}, {"s1": "Smuggling", "s2": "Trafficking"}) \
        == "The band of its weakest section, Smuggling; also at that band: Trafficking."


def test_indonesian_sentences_come_from_the_word_group_with_their_placeholders_filled():
    said = next_band_words(STEP, TITLES, "id")
    assert said == ("Sebagian besar selaras memerlukan 2 jawaban yang sepenuhnya terpenuhi: pertama pertanyaan kritis "
                    "yang menahan bagian ini pada sebagian selaras (Is consent irrelevant?), kemudian Penalty of the "
                    "offence.")
    assert cap_words({"question": "tip_consent", "reason": "unanswered"}, TITLES, "id") == (
        "Is consent irrelevant? — belum dijawab")
    assert critical_gap_in_words({"reason": "not_met", "component": "transfer"}, None, "id") == (
        "komponen transfer tidak terpenuhi")
    assert method_words("2.0", 2, "id") == word("score", "method_2", "id")
    assert method_words("2.0", 2, "id").startswith("Metode penilaian 2")
    assert profile_words({"aligned": 2, "not_aligned": 1}, "id") == "2 selaras, 1 tidak selaras"


def test_thai_sentences_keep_no_english_words():
    said = next_band_words({"band": "aligned", "needs": ["tip_penalty"]}, {"tip_penalty": "โทษของความผิด"}, "th")
    assert said == "สอดคล้องเต็มที่ ต้องมีคำตอบที่เป็นไปตามเกณฑ์ครบถ้วน 1 ข้อ: โทษของความผิด"
    assert weakest_words({"weakest": "s1"}, {"s1": "การลักลอบขนผู้ย้ายถิ่น"}, "th") == (
        "ระดับผลของส่วนที่อ่อนที่สุด คือ การลักลอบขนผู้ย้ายถิ่น")
    assert critical_gap_in_words({"reason": "x"}, {"state": "answered", "score": 0.25}, "th") == "มีเพียงบางส่วน"


def test_review_findings_in_indonesian():
    from tests.scoring_helpers import SAMPLE

    found = review(SAMPLE, {}, locale="id")
    unanswered = found["unanswered"][0]["message"]
    assert unanswered.startswith("Belum dijawab.")
    assert "Not answered" not in unanswered
    english = review(SAMPLE, {})
    assert english["unanswered"][0]["message"].startswith("Not answered yet.")
    assert found["critical_gaps"]
    assert [f["question"] for f in found["critical_gaps"]] == [f["question"] for f in english["critical_gaps"]]
    for finding in found["critical_gaps"]:
        assert "pertanyaan kritis ini membatasi bagian" in finding["message"]


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Smuggling convictions (1,200) is more than smuggling prosecutions (8) in 2025. A court convicts only"),
    ("id", "Putusan pemidanaan penyelundupan (1.200) lebih banyak daripada penuntutan penyelundupan (8) pada tahun "
           "2025. Pengadilan hanya memidana"),
    ("th", "คำพิพากษาลงโทษคดีลักลอบขนผู้ย้ายถิ่น (1,200) มากกว่า การฟ้องคดีลักลอบขนผู้ย้ายถิ่น (8) ในปี 2025 "
           "ศาลพิพากษาลงโทษได้เฉพาะคดีที่มีการฟ้อง"),
])
def test_figures_to_check_in_each_language(language, expected):
    found = plausibility(CAPACITY, figures(year=2025, som_prosecutions=8, som_convictions=1200), (2024, 2026),
                         language)
    assert len(found) == 1
    assert found[0].message.startswith(expected)


def test_a_year_outside_the_cycle_in_thai():
    found = plausibility(CAPACITY, figures(year=2019, tip_prosecutions=3), (2025, 2026), "th")
    assert found[0].message.startswith("ตัวเลขระบุไว้สำหรับปี 2019 ซึ่งไม่ใช่ปีของรอบนี้ (2025 ถึง 2026)")
