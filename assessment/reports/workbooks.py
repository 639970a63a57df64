"""Workbooks for one assessment, shared by the download pages and the ``assessment export`` commands."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from openpyxl.workbook import Workbook

from assessment.elements.links import element_url_builder
from assessment.models import Assessment, Snapshot, User
from assessment.responses.operations import questionnaire_of
from assessment.responses.queries import questionnaire_and_answers
from assessment.services.answer_store import answers_of
from assessment.web.i18n import locale_code
from exports.offline import OfflineContext, build_offline_workbook
from exports.results import ResultsContext, build_results_workbook, results_words
from exports.safety import Limits
from exports.standards import StandardsSheet


def now() -> datetime:
    """Naive UTC, as openpyxl writes dates."""
    return datetime.now(UTC).replace(tzinfo=None)


def workbook_limits(config: Mapping[str, Any]) -> Limits:
    """Upload caps from the settings ``MAX_CONTENT_LENGTH``, ``MAX_WORKBOOK_UNCOMPRESSED`` and
    ``MAX_WORKBOOK_ENTRIES``."""
    return Limits(max_bytes=int(config["MAX_CONTENT_LENGTH"]),
                  max_uncompressed=int(config["MAX_WORKBOOK_UNCOMPRESSED"]),
                  max_entries=int(config.get("MAX_WORKBOOK_ENTRIES") or 2000))


def results_source(snapshot: Snapshot | None, locale: str = "en") -> str:
    """Where a workbook's numbers come from, in ``locale`` (the results workbook's labels)."""
    words = results_words(locale)
    if snapshot is None:
        return str(words["source_draft"])
    if snapshot.validated_at:
        return str(words["source_validated"]).format(number=snapshot.number, date=f"{snapshot.created_at:%Y-%m-%d}",
                                                     validated=f"{snapshot.validated_at:%Y-%m-%d}")
    return str(words["source_snapshot"]).format(number=snapshot.number, date=f"{snapshot.created_at:%Y-%m-%d}")


def results_workbook(assessment: Assessment, result: Mapping[str, Any], snapshot: Snapshot | None,
                     fatf: str = "current", user: User | None = None, locale: str | None = None) -> Workbook:
    """The results workbook of ``result``: a snapshot's (with its answers and questionnaire version) or live; its
    "By standard" sheet reads the FATF criteria of ``fatf`` (``current`` or ``2013``); its "Profile" sheet the
    member's cycles up to this one as ``user`` may see them (``None``: their stored snapshots)."""
    from assessment.services.by_standard import standards_view
    from assessment.services.capacity import current_view, member_profile, profile_sheet

    questionnaire, answers = questionnaire_and_answers(assessment, snapshot)
    locale = locale or locale_code()
    context = ResultsContext(assessment.member.code, assessment.member.name, assessment.cycle.code,
                             assessment.status, results_source(snapshot, locale), now(), from_draft=snapshot is None)
    view = standards_view(assessment, dict(result), snapshot, fatf)
    # like "What it would take", the sheet comes with method 2, whose result the view by standard reads
    sheet = StandardsSheet(view.fatf, view.units, view.beside) if view.available else None
    profile = member_profile(assessment.member, user, current_view(assessment, questionnaire, answers, result,
                                                                   snapshot), locale=locale)
    return build_results_workbook(questionnaire, result, answers, context, element_url=element_url_builder(),
                                  standards=sheet, profile=profile_sheet(profile), locale=locale)


def results_filename(assessment: Assessment, snapshot: Snapshot | None) -> str:
    suffix = f"snapshot{snapshot.number}" if snapshot else "draft"
    return f"results-{assessment.member.code}-{assessment.cycle.code}-{suffix}.xlsx"


def offline_workbook(assessment: Assessment, editable_sections: set[str] | frozenset[str] | None,
                     locale: str | None = None) -> Workbook:
    """The offline questionnaire with the working answers and their versions; sections outside
    ``editable_sections`` (``None``: every section) are locked."""
    sections = None if editable_sections is None else frozenset(editable_sections)
    context = OfflineContext(assessment.id, assessment.member.code, assessment.member.name, assessment.cycle.code,
                             assessment.status, now(), sections)
    return build_offline_workbook(questionnaire_of(assessment), answers_of(assessment), context,
                                  locale=locale or locale_code())


def offline_filename(assessment: Assessment) -> str:
    return f"offline-{assessment.member.code}-{assessment.cycle.code}.xlsx"
