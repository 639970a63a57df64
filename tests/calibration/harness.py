"""Calibration of the view by standard against published mutual-evaluation ratings (test data only).

A calibration file (``tests/calibration/*.json``) describes one member's law as a published report describes
it: the report (title, year, link, the Methodology text it follows), the report's ratings of R.3, R.4 and
R.37-R.40, the deficiencies it names (by criterion), and answers to a questionnaire version, each answer citing
the paragraph or page of the report it rests on, with a few words of our own. Where a report does not say, the
answer is ``{"unknown": true}`` with the source ``"not stated"``: an answer is never reconstructed.

:func:`check_file` reports every problem of a file's format; :func:`read_member` scores its answers by standard
(with the FATF text of the report); :func:`order_disagreements` lists the pairs of members that the ratings order
one way and the self-assessed gaps the other; :func:`missed_deficiencies` lists the deficiencies a report names
that the standards view does not show (the criterion has no gap and nothing holds it down).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from questionnaires.model import Questionnaire
from scoring.standards import RATINGS, read

HERE = Path(__file__).parent
#: the Recommendations calibrated
CALIBRATED = ("R.3", "R.4", "R.37", "R.38", "R.39", "R.40")
#: a Methodology text of a report → the FATF text the standards view reads beside it
TEXT_OF_REPORT = {"2013": "2013", "2022": "current"}


@dataclass(frozen=True)
class Member:
    code: str
    name: str
    ratings: Mapping[str, str]
    #: Recommendation → criteria the report names as deficient
    deficiencies: Mapping[str, Sequence[str]]
    #: Recommendation → unit of the standards view (read with the report's FATF text)
    units: Mapping[str, Mapping[str, Any]]


def calibration_files() -> list[Path]:
    return sorted(HERE.glob("*.json"))


def check_file(document: Any) -> list[str]:
    """Every problem of a calibration document's format, as ``path: problem``."""
    problems = []
    if not isinstance(document, dict):
        return ["$: a calibration file is an object"]
    report = document.get("report")
    if not isinstance(report, dict) or not all(report.get(k) for k in ("title", "year", "link", "methodology")):
        problems.append("$.report: title, year, link and methodology are required")
    elif report["methodology"] not in TEXT_OF_REPORT:
        problems.append(f"$.report.methodology: one of {', '.join(TEXT_OF_REPORT)}")
    for rec, entry in (document.get("ratings") or {}).items():
        if rec not in CALIBRATED:
            problems.append(f"$.ratings.{rec}: only {', '.join(CALIBRATED)} are calibrated")
        if not isinstance(entry, dict) or entry.get("rating") not in (*RATINGS, "NA") or not entry.get("where"):
            problems.append(f"$.ratings.{rec}: a rating (C, LC, PC, NC, NA) and where the report gives it")
    for qid, answer in (document.get("answers") or {}).items():
        source = answer.get("source") if isinstance(answer, dict) else None
        if not isinstance(source, dict) or not source.get("where") or not source.get("note"):
            problems.append(f"$.answers.{qid}.source: the paragraph or page, and a note in our words")
        elif source["where"] == "not stated" and answer.get("unknown") is not True:
            problems.append(f"$.answers.{qid}: an answer the report does not state is unknown, never reconstructed")
    return problems


def read_member(document: Mapping[str, Any], questionnaire: Questionnaire) -> Member:
    """Score a calibration document by standard with the FATF text of its report."""
    answers = {qid: {k: v for k, v in a.items() if k != "source"} for qid, a in document["answers"].items()}
    fatf = TEXT_OF_REPORT[document["report"]["methodology"]]
    units = {u["unit"]: u for u in read(questionnaire, answers, fatf=fatf) if u["instrument"] == "FATF"}
    return Member(document["member"], document.get("name", document["member"]),
                  {rec: e["rating"] for rec, e in document.get("ratings", {}).items()},
                  {rec: list(c) for rec, c in document.get("deficiencies", {}).items()}, units)


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def order_disagreements(members: Iterable[Member], recommendation: str) -> list[tuple[str, str]]:
    """``(better rated, worse rated)`` pairs whose self-assessed gaps order them the other way (the better-rated
    member with the larger gap). Ties in rating, N/A and members without a figure are not compared."""
    rated = [m for m in members if m.ratings.get(recommendation) in RATINGS
             and (m.units.get(recommendation) or {}).get("gap") is not None]
    found = []
    for a in rated:
        for b in rated:
            if RATINGS.index(a.ratings[recommendation]) < RATINGS.index(b.ratings[recommendation]) \
                    and a.units[recommendation]["gap"] > b.units[recommendation]["gap"]:
                found.append((a.code, b.code))
    return found


def missed_deficiencies(member: Member) -> list[tuple[str, str]]:
    """``(Recommendation, criterion)`` for each deficiency the report names that the view does not show."""
    missed = []
    for rec, criteria in member.deficiencies.items():
        unit = member.units.get(rec)
        shown = {c["id"] for c in (unit or {}).get("criteria", ()) if (c["gap"] or 0) > 0 or c["capped_by"]}
        missed.extend((rec, criterion) for criterion in criteria if criterion not in shown)
    return missed
