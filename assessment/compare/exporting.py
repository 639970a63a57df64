"""The comparison workbook from the database: load stored results once, aggregate, hand over to
:mod:`exports.compare` (used by the download and by ``assessment export compare``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from openpyxl.workbook import Workbook
from sqlalchemy import select

from assessment.compare.loading import MATRIX_PARTS, cycles, load_region
from assessment.compare.queries import member_ids, region_figures
from assessment.extensions import db
from assessment.models import Assessment, Cycle, Member, utcnow
from assessment.services.registry import UnknownQuestionnaire, registry
from assessment.vocabulary import Status
from exports.compare import ComparisonData, build_comparison_workbook, compare_words
from questionnaires.loader import default_elements, default_ta_catalogue
from questionnaires.model import tr
from questionnaires.words import review_in_words
from scoring.region import Matrix, matrix, method_of, of_method


def comparison_data(cycle: Cycle | None, statuses: Sequence[str] = (Status.VALIDATED,), sub_region: str | None = None,
                    order: str = "name", method: str | None = None, locale: str = "en") -> ComparisonData:
    """The workbook's data; ``method``: the scoring version of the figures across members (default: newest);
    ``locale``: the language of its texts and band words."""
    scope = {"cycle_ids": [cycle.id] if cycle else [], "statuses": statuses, "sub_region": sub_region}
    # the score summaries; the element and TA figures as the regional pages have them, worked
    # out once per set of stored results (compare.queries.region_figures)
    region = load_region(**scope, parts=MATRIX_PARTS)
    entries = region.entries
    elements = default_elements()
    catalogue = default_ta_catalogue()
    # figures across members come from one scoring method; the others are named, never folded in
    missed = region_figures("elements", method, **scope)
    demand = region_figures("ta", method, **scope)
    method, _same, others = of_method(entries, method)
    the_matrix = matrix(entries, order=order)
    return ComparisonData(
        cycle=cycle.title if cycle else "No cycle",
        statuses=tuple(statuses),
        generated_at=_moment(locale),
        matrix=_retitled(the_matrix, entries, locale),
        elements=missed.found,
        demand=demand.found,
        method=method,
        left_out=[(e.name, method_of(e)) for e in others],
        names={e.member: e.name for e in entries},
        element_titles={e.id: tr(e.title, locale) for e in elements.elements},
        categories={k: tr(v, locale) for k, v in catalogue.categories.items()},
        item_texts={i.id: tr(i.text, locale) for i in catalogue.items} if locale != "en" else {},
        sub_region=sub_region,
        questionnaires=_questionnaires(entries, locale),
        locale=locale,
        not_included=_not_included(cycle, {e.member for e in entries}, sub_region),
        **_previous(cycle, statuses, sub_region),
        not_applicable=_not_applicable_reasons(cycle, statuses, sub_region, the_matrix),
    )


def _moment(locale: str) -> str:
    """Now, as the workbook says when it was made (``6 Mar 2026 09:30 UTC``; the month in ``locale``)."""
    moment = utcnow()
    if locale == "en":
        return moment.strftime("%d %b %Y %H:%M UTC")
    from babel.dates import format_datetime

    return format_datetime(moment, "d MMM y HH:mm", locale=locale) + " UTC"


def _retitled(found: Matrix, entries, locale: str) -> Matrix:
    """``found`` with its module and section titles in ``locale`` (stored results keep the English ones), as the
    questionnaire versions behind the results word them (the newest version's wording first)."""
    if locale == "en":
        return found
    titles: dict[str, str] = {}
    for key in sorted({(e.questionnaire_id, e.questionnaire_version) for e in entries}, key=lambda k: -k[1]):
        try:
            questionnaire = registry().get(*key)
        except UnknownQuestionnaire:
            continue
        for part in (*questionnaire.modules, *questionnaire.sections):
            titles.setdefault(part.id, tr(part.title, locale))
    return replace(found, columns=tuple(replace(c, title=titles.get(c.id, c.title)) for c in found.columns),
                   modules=tuple((mid, titles.get(mid, title)) for mid, title in found.modules))


def _not_applicable_reasons(cycle: Cycle | None, statuses: Sequence[str], sub_region: str | None,
                            the_matrix: Matrix) -> dict[tuple[str, str], list[str]]:
    """(member code, section id) → the member's own reasons (justifications, distinct, in question order) for
    the questions of that section it answered "not applicable", for the sections the matrix leaves blank. The
    answers are read for the members with a blank section only."""
    blank = {(row.entry.member, column.id) for row in the_matrix.rows for column in the_matrix.columns
             if (cell := row.cells.get(column.id)) is not None and cell.gap is None}
    if cycle is None or not blank:
        return {}
    region = load_region(cycle_ids=[cycle.id], statuses=statuses, sub_region=sub_region,
                         member_ids=member_ids(sorted({code for code, _section in blank})),
                         parts=("scoring_version",), with_answers=True)
    found: dict[tuple[str, str], list[str]] = {}
    for entry in region.entries:
        try:
            questionnaire = registry().get(entry.questionnaire_id, entry.questionnaire_version)
        except UnknownQuestionnaire:
            continue
        for question in questionnaire.questions:
            answer = (entry.answers or {}).get(question.id)
            key = (entry.member, question.section_id)
            if key not in blank or not isinstance(answer, dict) or not answer.get("not_applicable"):
                continue
            reason = " ".join(str(answer.get("justification") or "").split())
            if reason and reason not in found.get(key, []):
                found.setdefault(key, []).append(reason)
    return found


def _not_included(cycle: Cycle | None, shown: set[str], sub_region: str | None) -> list[tuple[str, str, str, str]]:
    """Current members in scope without a result in the workbook: (name, code, sub-region, why)."""
    if cycle is None:
        return []
    query = select(Member).where(Member.is_current.is_(True))
    if sub_region:
        query = query.where(Member.sub_region == sub_region)
    statuses = dict(db.session.execute(select(Assessment.member_id, Assessment.status)
                                       .where(Assessment.cycle_id == cycle.id)).all())
    out = []
    for member in db.session.scalars(query.order_by(Member.name, Member.code)):
        if member.code in shown:
            continue
        status = statuses.get(member.id)
        out.append((member.name, member.code, member.sub_region, "not_started" if status is None else status))
    return out


def _previous(cycle: Cycle | None, statuses: Sequence[str], sub_region: str | None) -> dict:
    """The cycle before ``cycle`` and each member's overall core gap in it (same statuses and sub-region)."""
    if cycle is None:
        return {}
    ordered = cycles()  # newest first
    position = next((i for i, c in enumerate(ordered) if c.id == cycle.id), None)
    if position is None or position + 1 >= len(ordered):
        return {}
    before = ordered[position + 1]
    region = load_region(cycle_ids=[before.id], statuses=statuses, sub_region=sub_region, parts=MATRIX_PARTS)
    return {"previous_cycle": before.title,
            "previous": {e.member: (e.result.get("overall") or {}).get("gap") for e in region.entries}}


def _questionnaires(entries, locale: str = "en") -> list[tuple[str, str]]:
    """Each questionnaire version the results answered, with its review status (provenance)."""
    words = compare_words(locale)
    out = []
    for key in sorted({(e.questionnaire_id, e.questionnaire_version) for e in entries}):
        try:
            questionnaire = registry().get(*key)
        except UnknownQuestionnaire:
            out.append((words["questionnaire_unknown"].format(id=key[0], version=key[1]), words["not_available"]))
            continue
        out.append((words["questionnaire_version"].format(title=tr(questionnaire.title, locale), id=questionnaire.id,
                                                          version=questionnaire.version),
                    review_in_words(questionnaire, locale)))
    return out


def comparison_workbook(cycle: Cycle | None, statuses: Sequence[str] = (Status.VALIDATED,),
                        sub_region: str | None = None, order: str = "name", method: str | None = None,
                        locale: str = "en") -> Workbook:
    return build_comparison_workbook(comparison_data(cycle, statuses, sub_region, order, method, locale))
