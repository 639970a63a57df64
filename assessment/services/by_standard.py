"""One assessment's answers read by standard, with the mutual-evaluation ratings on record beside them: what the
results page's "By standard" tab, its workbook sheet, the API and the annex draft share, so that they carry the
same figures.

The units of the current FATF text are the ones stored with the result (``result["standards"]``); the 2013 text,
and a stored result made before results carried units, are read afresh from the same answers with the same method
(:func:`scoring.standards.read`), which gives the same figures every time. A result of scoring method 1 has no
standards view (``available`` is false): its method is not the one the view is defined by.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assessment.models import Assessment, Snapshot
from assessment.ratings.queries import published_ratings
from assessment.services.answer_store import answers_of
from assessment.services.registry import registry
from questionnaires.model import Questionnaire
from scoring.engine import method_of
from scoring.standards import FATF_TEXTS, beside_ratings, own_ratings, read

#: the date from which a report can follow the FATF Methodology as amended for the 2023 revision
AMENDED_METHODOLOGY_FROM = "2024-08-01"


@dataclass
class StandardsView:
    """What every consumer of the standards view needs for one result."""

    questionnaire: Questionnaire
    #: the FATF text read: ``current`` or ``2013``
    fatf: str
    #: whether the result's method has a standards view (method 2)
    available: bool
    #: the units (empty when not available)
    units: list[dict[str, Any]]
    #: the answers the result comes from (question id → answer)
    answers: dict[str, Any]
    #: FATF Recommendations with the band beside the ratings on record (:func:`scoring.standards.beside_ratings`)
    beside: list[dict[str, Any]] = field(default_factory=list)

    @property
    def flagged(self) -> list[dict[str, Any]]:
        return [row for row in self.beside if row["flagged"]]

    @property
    def reports_before_amendments(self) -> bool:
        """Whether every published rating on record comes from a report older than the amended Methodology (then
        the 2013 text is the fair comparison)."""
        dates = [row["published"]["report_date"] for row in self.beside if row["published"]]
        return bool(dates) and max(dates) < AMENDED_METHODOLOGY_FROM


def fatf_text(raw: str | None) -> str | None:
    """The FATF text a request asks for (``None`` for one that is not offered)."""
    if raw in (None, ""):
        return "current"
    return raw if raw in FATF_TEXTS else None


def standards_view(assessment: Assessment, result: dict[str, Any], snapshot: Snapshot | None,
                   fatf: str = "current") -> StandardsView:
    """The standards view of ``result`` (a snapshot's stored result, or the live result of the working answers).

    :raises ValueError: for an unknown ``fatf`` text
    """
    if fatf not in FATF_TEXTS:
        raise ValueError(f"fatf must be one of {', '.join(FATF_TEXTS)}")
    questionnaire = registry().get(assessment.questionnaire_id if snapshot is None else snapshot.questionnaire_id,
                                   assessment.questionnaire_version if snapshot is None
                                   else snapshot.questionnaire_version)
    answers = dict((snapshot.answers or {}).get("answers", {})) if snapshot is not None \
        else answers_of(assessment, with_version=False)
    available = method_of(questionnaire) == 2 and result.get("scoring_version") == "2.0"
    units: list[dict[str, Any]] = []
    if available:
        stored = result.get("standards")
        units = list(stored) if fatf == "current" and stored is not None else read(questionnaire, answers, fatf=fatf)
    published = published_ratings([assessment.member_id]).get(assessment.member_id, {})
    return StandardsView(questionnaire, fatf, available, units, answers,
                         beside_ratings(units, published, own_ratings(answers)))


# --------------------------------------------------------------------------- the region


@dataclass
class RegionStandards:
    """Members × units of one instrument, with the rating used in regional views beside each FATF unit."""

    instrument: str
    fatf: str
    #: unit names (``R.3``, ``art. 6``) in order, with their titles
    columns: list[tuple[str, str]]
    #: one per member scored by method 2: ``(loaded item, unit name → cell)``; a cell has ``band``, ``gap``,
    #: ``provisional`` and, for FATF, the ``beside_ratings`` row
    rows: list[tuple[Any, dict[str, dict[str, Any]]]]
    #: members whose results come from method 1, which has no view by standard
    others: list[Any]
    #: ``(loaded item, beside row)`` for every Recommendation two steps or more from its rating
    flagged: list[tuple[Any, dict[str, Any]]]


def region_standards(cycle_ids: list[int], statuses: tuple[str, ...], *, instrument: str = "FATF",
                     fatf: str = "current", sub_region: str | None = None,
                     sharing_only: bool = False) -> RegionStandards:
    """The region's stored results read by standard. Units come from each result as stored; the 2013 text, or a
    result stored before results carried units, is read afresh from the stored answers with the same method. The
    rating beside a Recommendation is the RSO's record of the latest report, else the member's own record."""
    from assessment.compare.loading import load_region
    from questionnaires.standards import sort_key

    if fatf not in FATF_TEXTS:
        raise ValueError(f"fatf must be one of {', '.join(FATF_TEXTS)}")
    region = load_region(cycle_ids=cycle_ids, statuses=statuses, sub_region=sub_region, sharing_only=sharing_only,
                         parts=("scoring_version", "standards"), with_answers=True)
    published = published_ratings(item.member.id for item in region.loaded)
    rows, others, flagged = [], [], []
    titles: dict[str, str] = {}
    numbers: dict[str, tuple[Any, ...]] = {}
    for item in region.loaded:
        if item.scoring_version != "2.0":
            others.append(item)
            continue
        answers = dict((item.answers or {}).get("answers", {}))
        units = item.result.get("standards")
        if fatf != "current" or units is None:
            units = read(registry().get(item.questionnaire_id, item.questionnaire_version), answers, fatf=fatf)
        beside = {r["unit"]: r for r in beside_ratings(units, published.get(item.member.id, {}),
                                                      own_ratings(answers))}
        cells: dict[str, dict[str, Any]] = {}
        for unit in units:
            if unit["instrument"] != instrument:
                continue
            titles[unit["unit"]] = unit["title"]
            numbers[unit["unit"]] = sort_key(instrument, unit["unit"].split(".", 1)[-1].strip())
            cells[unit["unit"]] = {"band": unit["band"], "gap": unit["gap"], "provisional": unit["provisional"],
                                   "beside": beside.get(unit["unit"])}
        if instrument == "FATF":
            for name, row in beside.items():
                if name not in cells and row["rating"]:
                    cells[name] = {"band": None, "gap": None, "provisional": False, "beside": row}
                    titles.setdefault(name, "")
                    numbers.setdefault(name, sort_key("FATF", name[2:]))
                if row["flagged"]:
                    flagged.append((item, row))
        rows.append((item, cells))
    columns = [(name, titles[name]) for name in sorted(titles, key=lambda n: numbers[n])]
    return RegionStandards(instrument, fatf, columns, rows, others, flagged)
