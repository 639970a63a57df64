"""Read-only JSON API (``/api/v1/``): members, cycles, assessments, the comparison matrix, TA demand and the legal
elements with their resources and regional examples.

Every request but the OpenAPI document needs ``Authorization: Bearer <token>`` (a personal token made on
the profile page); the token acts with its owner's rights, the same rules as the pages. Errors are JSON
``{"error": {"status", "message"}}``; a missing or bad token is 401, never a redirect.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, abort, g, jsonify, request

from assessment.api import queries
from assessment.compare.loading import MATRIX_PARTS, TA_PARTS, cycles, load_region
from assessment.elements.documents import element_json
from assessment.elements.queries import regional_examples
from assessment.models import Assessment, Cycle, Member, User
from assessment.permissions import (
    can_compare,
    can_see_aggregates,
    can_sort_by_gap,
    can_view_live_answers,
    member_shares,
)
from assessment.profile.operations import user_for_token
from assessment.refusals import Refused
from assessment.services.answer_store import answers_of
from assessment.services.by_standard import fatf_text, region_standards, standards_view
from assessment.services.registry import UnknownQuestionnaire, registry
from assessment.services.scoring_service import live_result
from assessment.vocabulary import RESULT_STATUSES, STATUSES, Status
from assessment.web.errors import render_error
from assessment.web.i18n import locale_code
from assessment.web.inputs import small_int
from assessment.web.presentation import titles_in_locale
from questionnaires.loader import default_elements
from questionnaires.resources import default_resources
from questionnaires.standards import INSTRUMENTS
from scoring.answers import answers_document
from scoring.region import BANDS, METHODS, Cell, matrix, method_of, of_method, ta_demand
from scoring.standards import FATF_TEXTS

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.after_request
def content_language(response):
    """The language of the labels, as chosen from Accept-Language."""
    response.headers["Content-Language"] = locale_code()
    return response

DEFAULT_LIMIT, MAX_LIMIT = 50, 500


# --------------------------------------------------------------------------- authentication


@bp.before_request
def authenticate():
    if request.endpoint == "api.openapi":
        return None
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    user = user_for_token(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
    if user is None:
        return render_error(401, "Send a valid API token: Authorization: Bearer <token> "
                                 "(create one on your profile page).", {"WWW-Authenticate": 'Bearer realm="api"'})
    g.api_user = user
    return None


def api_user() -> User:
    return g.api_user


@bp.errorhandler(Refused)
def bad_request(error: Refused):
    return render_error(400, str(error))


# --------------------------------------------------------------------------- parameters


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    value = small_int(raw, low, high)
    if value is None:
        raise Refused(f"{name} must be a whole number from {low} to {high}")
    return value


def page_args() -> tuple[int, int]:
    return _int_arg("limit", DEFAULT_LIMIT, 1, MAX_LIMIT), _int_arg("offset", 0, 0, 10**9)


def page(items: list[Any], total: int, limit: int, offset: int, **extra: Any):
    return jsonify({**extra, "total": total, "limit": limit, "offset": offset, "items": items})


def _when(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def cycle_arg() -> Cycle:
    """``cycle`` (a code) or the newest cycle; 404 when unknown or when there is none."""
    code = request.args.get("cycle")
    found = cycles()
    if code is None:
        if not found:
            abort(404, "There is no cycle yet.")
        return found[0]
    cycle = next((c for c in found if c.code == code), None)
    if cycle is None:
        abort(404, f"There is no cycle {code!r}.")
    return cycle


def statuses_arg() -> tuple[str, ...]:
    asked = request.args.getlist("status")
    unknown = [s for s in asked if s not in RESULT_STATUSES]
    if unknown:
        raise Refused("status must be validated or submitted")
    return tuple(s for s in RESULT_STATUSES if s in asked) or (Status.VALIDATED,)


# --------------------------------------------------------------------------- serialisers


def member_json(member: Member) -> dict[str, Any]:
    return {"code": member.code, "name": member.name, "sub_region": member.sub_region,
            "is_current": member.is_current, "is_state": member.is_state}


def cycle_json(cycle: Cycle) -> dict[str, Any]:
    return {"code": cycle.code, "title": cycle.title,
            "questionnaire": {"id": cycle.questionnaire_id, "version": cycle.questionnaire_version},
            "opened_at": _when(cycle.opened_at), "is_closed": cycle.is_closed}


def assessment_json(assessment: Assessment) -> dict[str, Any]:
    return {"id": assessment.id, "member": assessment.member.code, "cycle": assessment.cycle.code,
            "status": assessment.status,
            "questionnaire": {"id": assessment.questionnaire_id, "version": assessment.questionnaire_version},
            "shares_results": assessment.shares_results, "submitted_at": _when(assessment.submitted_at),
            "validated_at": _when(assessment.validated_at)}


def cell_json(cell: Cell | None) -> dict[str, Any] | None:
    if cell is None:
        return None
    found = {"gap": cell.gap, "band": cell.band, "provisional": cell.provisional,
             "completeness": cell.completeness, "critical_gaps": cell.critical_gaps}
    if cell.profile is not None or cell.obligations_gap is not None or cell.needs is not None:  # method 2
        found.update(obligations_gap=cell.obligations_gap, best_case_gap=cell.best_case_gap, weakest=cell.weakest,
                     profile=dict(zip(BANDS, cell.profile, strict=True)) if cell.profile else None,
                     next_band_needs=cell.needs)
    return found


def method_arg() -> str | None:
    method = request.args.get("method")
    if method is not None and method not in METHODS:
        raise Refused(f"method must be one of {', '.join(METHODS)}")
    return method


# --------------------------------------------------------------------------- endpoints


@bp.route("/members")
def members():
    """Members (member users: their own member only)."""
    limit, offset = page_args()
    rows, total = queries.members_page(api_user(), limit, offset)
    return page([member_json(m) for m in rows], total, limit, offset)


@bp.route("/cycles")
def cycle_list():
    """Assessment cycles, newest first."""
    limit, offset = page_args()
    found = cycles()
    return page([cycle_json(c) for c in found[offset:offset + limit]], len(found), limit, offset)


@bp.route("/assessments")
def assessment_list():
    """Assessments the token's owner may see, filtered by member, cycle and status."""
    limit, offset = page_args()
    status = request.args.get("status")
    if status is not None and status not in STATUSES:
        raise Refused(f"status must be one of {', '.join(STATUSES)}")
    rows, total = queries.assessments_page(api_user(), request.args.get("member"), request.args.get("cycle"), status,
                                           limit, offset)
    return page([assessment_json(a) for a in rows], total, limit, offset)


@bp.route("/assessments/<int:id>")
def assessment_detail(id: int):  # the path parameter is {id} in the OpenAPI document
    """One assessment with its answers and result documents: the latest snapshot's once submitted (or where
    the owner may not see working answers), the working answers and a live result for a visible draft."""
    user = api_user()
    assessment = queries.visible_assessment_or_404(user, id)
    snapshot = assessment.snapshots[-1] if assessment.snapshots else None
    if assessment.status in RESULT_STATUSES or not can_view_live_answers(user, assessment):
        if snapshot is None:
            abort(404)
        answers, result = snapshot.answers, snapshot.result
        try:
            questionnaire = registry().get(snapshot.questionnaire_id, snapshot.questionnaire_version)
        except UnknownQuestionnaire:
            questionnaire = None  # titles then stay as the result stored them
        stored = {"number": snapshot.number, "created_at": _when(snapshot.created_at),
                  "validated_at": _when(snapshot.validated_at), "scoring_version": snapshot.scoring_version}
    else:
        questionnaire = registry().get(assessment.questionnaire_id, assessment.questionnaire_version)
        answers = answers_document(questionnaire, assessment.member.code, assessment.cycle.code,
                                   answers_of(assessment, with_version=False))
        result, stored = live_result(assessment, questionnaire), None
    # labels (module and section titles) in the language the client asks for with Accept-Language
    result = titles_in_locale(result, questionnaire)
    return jsonify({**assessment_json(assessment), "snapshot": stored, "answers": answers, "result": result})


def _visible_result(user: User, assessment: Assessment) -> tuple[dict[str, Any], Any]:
    """``(result, snapshot or None)`` as :func:`assessment_detail` reads them."""
    snapshot = assessment.snapshots[-1] if assessment.snapshots else None
    if assessment.status in RESULT_STATUSES or not can_view_live_answers(user, assessment):
        if snapshot is None:
            abort(404)
        return snapshot.result, snapshot
    return live_result(assessment), None


def fatf_arg() -> str:
    fatf = fatf_text(request.args.get("fatf"))
    if fatf is None:
        raise Refused(f"fatf must be one of {', '.join(FATF_TEXTS)}")
    return fatf


def beside_json(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"rating": row["rating"], "rating_from": row["rating_from"], "published": row["published"],
            "own": row["own"], "differ": row["differ"], "steps": row["steps"], "flagged": row["flagged"]}


@bp.route("/assessments/<int:id>/standards")
def assessment_standards(id: int):  # the path parameter is {id} in the OpenAPI document
    """One assessment's answers read by treaty article and FATF Recommendation, beside the ratings on record."""
    user = api_user()
    fatf = fatf_arg()
    assessment = queries.visible_assessment_or_404(user, id)
    result, snapshot = _visible_result(user, assessment)
    view = standards_view(assessment, result, snapshot, fatf)
    return jsonify({"id": assessment.id, "member": assessment.member.code, "cycle": assessment.cycle.code,
                    "snapshot": snapshot.number if snapshot else None,
                    "scoring_version": result.get("scoring_version"), "available": view.available,
                    "fatf_text": view.fatf, "standards": view.units,
                    "ratings": [{"unit": r["unit"], "band": r["band"], "gap": r["gap"], **beside_json(r)}
                                for r in view.beside]})


def _member_scope(user: User, cycle: Cycle) -> bool:
    """For a member user: may they see other members' results in this cycle (their own member shares)?"""
    return member_shares(queries.own_assessment(user, cycle))


@bp.route("/compare")
def compare():
    """The member × section matrix of core gaps (stored results), or with ``by=standard`` the member × unit
    matrix of one instrument (FATF Recommendations by default) with the ratings on record."""
    user = api_user()
    limit, offset = page_args()
    cycle = cycle_arg()
    statuses = statuses_arg()
    by = request.args.get("by", "section")
    if by not in ("section", "standard"):
        raise Refused("by must be section or standard")
    if by == "standard":
        return _compare_by_standard(user, cycle, statuses, limit, offset)
    order = request.args.get("sort", "name")
    if order not in ("name", "gap"):
        raise Refused("sort must be name or gap")
    sub_region = request.args.get("sub_region") or None
    module = request.args.get("module") or None
    if can_compare(user):
        region = load_region(cycle_ids=[cycle.id], statuses=statuses, sub_region=sub_region, parts=MATRIX_PARTS)
    else:
        if order == "gap" and not can_sort_by_gap(user):
            abort(403, "Members are never ranked: sort=gap is for RSO staff.")
        if not _member_scope(user, cycle):
            abort(403, "Your member does not share its results for this cycle.")
        statuses = (Status.VALIDATED,)
        region = load_region(cycle_ids=[cycle.id], statuses=statuses, sub_region=sub_region, sharing_only=True,
                             parts=MATRIX_PARTS)
    found = matrix(region.entries, module=module, order=order)
    rows = found.rows[offset:offset + limit]
    items = [{"member": r.entry.member, "name": r.entry.name, "sub_region": r.entry.sub_region,
              "status": r.entry.status, "scoring_version": method_of(r.entry), "headline": cell_json(r.headline),
              "cells": {cid: cell_json(c) for cid, c in r.cells.items()}} for r in rows]
    return page(items, len(found.rows), limit, offset, cycle=cycle.code, statuses=list(statuses), module=module,
                columns=[{"id": c.id, "title": c.title, "module": c.module} for c in found.columns])


def _compare_by_standard(user: User, cycle: Cycle, statuses: tuple[str, ...], limit: int, offset: int):
    instrument = request.args.get("instrument", "FATF")
    if instrument not in INSTRUMENTS:
        raise Refused(f"instrument must be one of {', '.join(INSTRUMENTS)}")
    fatf = fatf_arg()
    sharing_only = not can_compare(user)
    if sharing_only:
        if not _member_scope(user, cycle):
            abort(403, "Your member does not share its results for this cycle.")
        statuses = (Status.VALIDATED,)
    found = region_standards([cycle.id], statuses, instrument=instrument, fatf=fatf,
                             sub_region=request.args.get("sub_region") or None, sharing_only=sharing_only)
    items = [{"member": item.member.code, "name": item.member.name, "sub_region": item.member.sub_region,
              "status": item.status, "scoring_version": item.scoring_version,
              "cells": {name: {"band": c["band"], "gap": c["gap"], "provisional": c["provisional"],
                               "rating": beside_json(c["beside"])} for name, c in cells.items()}}
             for item, cells in found.rows[offset:offset + limit]]
    return page(items, len(found.rows), limit, offset, cycle=cycle.code, statuses=list(statuses), by="standard",
                instrument=instrument, fatf_text=fatf,
                columns=[{"unit": name, "title": title} for name, title in found.columns],
                other_methods=[{"member": i.member.code, "scoring_version": i.scoring_version} for i in found.others])


@bp.route("/ta-demand")
def ta_demand_endpoint():
    """Regional TA demand: catalogue items with the members needing each, and training candidates."""
    user = api_user()
    limit, offset = page_args()
    cycle = cycle_arg()
    statuses = statuses_arg()
    sub_region = request.args.get("sub_region") or None
    if can_compare(user):
        region = load_region(cycle_ids=[cycle.id], statuses=statuses, sub_region=sub_region, parts=TA_PARTS)
    else:
        if not _member_scope(user, cycle):
            abort(403, "Your member does not share its results for this cycle.")
        statuses = (Status.VALIDATED,)
        region = load_region(cycle_ids=[cycle.id], statuses=statuses, sub_region=sub_region, sharing_only=True,
                             parts=TA_PARTS)
    # figures across members come from one scoring method; the members scored by another are named
    method, entries, others = of_method(region.entries, method_arg())
    if not can_compare(user) and not can_see_aggregates(user, len(entries)):
        abort(403, "Figures across members are shown only when five or more members share.")
    demand = ta_demand(entries)
    items = [{"id": i.id, "category": i.category, "text": i.text, "audience": list(i.audience),
              "members": list(i.members), "member_count": i.count, "priority": i.priority,
              "recommended": list(i.recommended), "self_requested": list(i.self_requested),
              "by_sub_region": {k: list(v) for k, v in i.by_sub_region.items()}}
             for i in demand.items[offset:offset + limit]]
    training = [{"sub_region": t.sub_region, "item": t.item.id, "members": list(t.members)} for t in demand.training]
    return page(items, len(demand.items), limit, offset, cycle=cycle.code, statuses=list(statuses),
                members=len(entries), training=training, scoring_version=method,
                other_methods=[{"member": e.member, "scoring_version": method_of(e)} for e in others])


# --------------------------------------------------------------------------- capacity and practice


def _cell_json(cell: Any) -> dict[str, Any]:
    return {"state": cell.state, "value": cell.value, "words": cell.words}


def _law_json(cell: Any) -> dict[str, Any] | None:
    return None if cell is None else {"band": cell.band, "gap": cell.gap, "provisional": cell.provisional}


@bp.route("/assessments/<int:id>/capacity")
def assessment_capacity(id: int):  # the path parameter is {id} in the OpenAPI document
    """The member's law (bands by cycle) beside its Capacity and practice answers by cycle, up to this
    assessment's cycle, each cycle as the token's owner may see it; the figures to check of the newest one."""
    from assessment.responses.queries import questionnaire_and_answers
    from assessment.services.capacity import current_view, member_profile

    user = api_user()
    assessment = queries.visible_assessment_or_404(user, id)
    result, snapshot = _visible_result(user, assessment)
    questionnaire, answers = questionnaire_and_answers(assessment, snapshot)
    found = member_profile(assessment.member, user, current_view(assessment, questionnaire, answers, result,
                                                                 snapshot))
    return jsonify({
        "id": assessment.id, "member": assessment.member.code, "cycle": assessment.cycle.code,
        "cycles": [{"cycle": c.cycle.code, "status": c.status, "year": year}
                   for c, year in zip(found.cycles, found.practice.years, strict=True)],
        "law": [{"id": r.id, "title": r.title, "kind": r.kind, "cells": [_law_json(c) for c in r.cells]}
                for r in found.law],
        "practice": [{"id": r.id, "section": section.id, "text": r.text, "kind": r.kind, "unit": r.unit,
                      "trend": r.trend, "cells": [_cell_json(c) for c in r.cells]}
                     for section in found.practice.sections for r in section.rows],
        "checks": [{"question": f.question, "questions": list(f.questions), "message": f.message}
                   for f in found.findings],
    })


@bp.route("/capacity")
def capacity_region():
    """Capacity figures across the members that share their validated results (totals and medians only where five
    or more report a figure), and for RSO staff the members whose law is aligned but practice thin."""
    from assessment.services.capacity import figures_across, training_candidates

    user = api_user()
    cycle = cycle_arg()
    statuses = statuses_arg()
    sub_region = request.args.get("sub_region") or None
    if not can_compare(user) and not _member_scope(user, cycle):
        abort(403, "Your member does not share its results for this cycle.")
    figures = [{"id": f.id, "words": f.words, "unit": f.unit,
                "scopes": [{"scope": a.scope, "asked": a.asked, "reporting": a.reporting,
                            "not_collected": a.not_collected, "total": a.total, "median": a.median}
                           for a in f.scopes]} for f in figures_across(cycle, sub_region)]
    practice = None
    if can_compare(user):
        practice = [{"member": c.found.member, "sub_region": c.found.sub_region, "section": c.found.rule.section,
                     "section_title": c.found.section_title, "band": c.found.band, "figure": c.found.rule.figure,
                     "practice": c.found.rule.practice, "ta_item": c.found.rule.ta_item,
                     "figures": [{"cycle": cycle_code, **_cell_json(cell)} for cycle_code, cell in c.found.figures]}
                    for found in training_candidates(cycle, statuses, sub_region).values() for c in found]
    return jsonify({"cycle": cycle.code, "figures": figures, "practice": practice})


@bp.route("/elements")
def element_list():
    """Legal elements with their resources and the regional examples the token's owner may see."""
    limit, offset = page_args()
    elements = default_elements().elements
    shown = elements[offset:offset + limit]
    examples = regional_examples(api_user(), [e.id for e in shown])
    resources = default_resources()
    return page([element_json(e, resources.for_element(e.id), examples.get(e.id, [])) for e in shown],
                len(elements), limit, offset)


@bp.route("/elements/<id>")
def element_detail(id: str):  # the path parameter is {id} in the OpenAPI document
    """One legal element with its resources and the regional examples the token's owner may see."""
    element = default_elements().get(id)
    if element is None:
        abort(404, f"There is no element {id!r}.")
    examples = regional_examples(api_user(), [element.id]).get(element.id, [])
    return jsonify(element_json(element, default_resources().for_element(element.id), examples))


@bp.route("/openapi.json")
def openapi():
    """The OpenAPI 3 description of this API (public)."""
    from assessment.api.openapi import document

    return jsonify(document())

