"""Regional views for RSO staff (overview matrix, elements most often missed, TA demand, member profiles, side
by side, comparison workbook) and the members' "Shared with us" pages. Every number is a stored result."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, g, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from markupsafe import Markup

from assessment.compare import charts, queries
from assessment.compare.loading import (
    MATRIX_PARTS,
    RESULT_STATUSES,
    MemberResult,
    Scores,
    cycles,
    load_region,
    load_scores,
    sub_regions,
)
from assessment.compare.queries import Figures, region_figures
from assessment.models import Assessment, Cycle, utcnow
from assessment.permissions import (
    MIN_SHARING_FOR_AGGREGATES,
    can_see_aggregates,
    can_see_shared_result,
    can_sort_by_gap,
    can_use_shared_pages,
    member_shares,
    require_role,
)
from assessment.services.capacity import figures_across, member_profile, training_candidates
from assessment.services.registry import UnknownQuestionnaire, registry
from assessment.vocabulary import RSO_ROLES, Status
from assessment.web.fragments import fragment_cache
from assessment.web.i18n import locale_code, number_format, percent_format
from assessment.web.inputs import choice_arg
from assessment.web.page_words import ELEMENT_STATE_LABELS, INSTRUMENT_LABELS, SHORT_BAND_LABELS, method_label
from assessment.web.paging import page_number, page_of
from assessment.web.presentation import band_label
from questionnaires.loader import default_elements, default_ta_catalogue, load_questionnaire, shipped_questionnaires
from questionnaires.model import tr
from questionnaires.types import answer_in_words
from questionnaires.words import ElementState
from scoring.capacity import CAPACITY_MODULE, MIN_REPORTING, number_words
from scoring.region import (
    BANDS,
    METHODS,
    TRAINING_MIN_MEMBERS,
    Cell,
    Matrix,
    SideRow,
    matrix,
    method_of,
    methods_in,
    side_by_side,
    trends,
)

bp = Blueprint("compare", __name__, url_prefix="/region")

SIDE_BY_SIDE_MIN, SIDE_BY_SIDE_MAX = 2, 6
GROUPS = {"category": _l("Category"), "audience": _l("Audience"), "sub_region": _l("Sub-region")}


# --------------------------------------------------------------------------- filters


@dataclass
class Filters:
    """What the filter form asked for, checked: unknown cycles are 404, anything else falls back to defaults."""

    cycles: list[Cycle]
    cycle: Cycle | None
    statuses: tuple[str, ...] = (Status.VALIDATED,)
    sub_region: str | None = None
    module: str | None = None
    order: str = "name"
    sub_regions: list[str] = field(default_factory=list)
    #: the scoring method (version) figures across members come from; ``None``: the newest present
    method: str | None = None

    def args(self, **override: Any) -> dict[str, Any]:
        """Query arguments that reproduce these filters (for links and downloads)."""
        args: dict[str, Any] = {"cycle": self.cycle.code if self.cycle else None, "status": list(self.statuses),
                                "sub_region": self.sub_region, "module": self.module,
                                "sort": "gap" if self.order == "gap" else None, "method": self.method}
        args.update(override)
        return {k: v for k, v in args.items() if v not in (None, "", [])}

    @property
    def cycle_ids(self) -> list[int]:
        return [self.cycle.id] if self.cycle else []


def read_filters(*, members_view: bool = False) -> Filters:
    all_cycles = cycles()
    code = request.args.get("cycle", "")
    cycle = next((c for c in all_cycles if c.code == code), None) if code else (all_cycles[0] if all_cycles else None)
    if code and cycle is None:
        abort(404)
    method = choice_arg("method", METHODS)
    if members_view:  # members see validated results of sharing members only, alphabetically
        return Filters(all_cycles, cycle, method=method)
    statuses = tuple(s for s in RESULT_STATUSES if s in request.args.getlist("status")) or (Status.VALIDATED,)
    known = sub_regions()
    sub_region = request.args.get("sub_region") or None
    order = "gap" if request.args.get("sort") == "gap" and can_sort_by_gap(current_user) else "name"
    return Filters(all_cycles, cycle, statuses, sub_region if sub_region in known else None,
                   request.args.get("module") or None, order, known, method)


def rso_view(view):
    return login_required(require_role(*RSO_ROLES)(view))


#: the query arguments the bodies of the regional pages read (their filters, tabs, groups, chosen rows and pages):
#: a kept body is keyed by these, so an argument no page reads makes no new entry
BODY_ARGUMENTS = frozenset({"cycle", "status", "sub_region", "sort", "module", "method", "show", "kind", "area",
                            "element", "group", "within", "item", "page", "mpage", "tpage"})


def kept_body(template: str, owner: Any, build: Callable[[], dict[str, Any]]) -> Markup:
    """The body of a regional page, rendered from ``template`` with what ``build`` reads and works out (its
    filters first), kept in the fragment cache under everything that goes into it: the template and the query
    arguments it reads; the language; who asks (their account, role and member); the stored results, members
    and cycles as they are now (:func:`queries.results_key`, one light read). ``owner`` is the catalogue the body
    is rendered with (a catalogue loaded again makes new entries). Only when that key is new is anything else
    read, worked out or rendered (an unknown cycle is refused then, and a refusal is never kept)."""
    key = ("regional page", template,
           # sorted by name only: a name given twice keeps the order of its values (a page reads the first)
           tuple(sorted(((name, value) for name, value in request.args.items(multi=True) if name in BODY_ARGUMENTS),
                        key=lambda pair: pair[0])),
           locale_code(), current_user.id, current_user.role, current_user.member_id, queries.results_key())
    return fragment_cache().get_or_render(key, owner, lambda: render_template(template, **build()))


def regional_page(title: str, body: Markup) -> str:
    return render_template("compare/regional_page.html", title=title, body=body)


# --------------------------------------------------------------------------- overview


def region_matrix(filters: Filters) -> tuple[Scores, Matrix]:
    """The stored scores the filters find and their matrix, worked out once per set of stored results (a module
    that none of them has is dropped from the filters)."""
    scope = {"cycle_ids": filters.cycle_ids, "statuses": filters.statuses, "sub_region": filters.sub_region}

    def compute() -> tuple[Scores, Matrix, bool]:
        scores = load_scores(**scope)
        found = matrix(scores.entries, module=filters.module, order=filters.order)
        if filters.module and filters.module not in dict(found.modules):
            return scores, matrix(scores.entries, order=filters.order), False
        return scores, found, True

    scores, found, module_known = queries.worked_out(
        ("matrix", filters.module, filters.order), compute,
        lambda kept: queries.PER_MEMBER * len(kept[0].entries), **scope)
    if not module_known:
        filters.module = None
    return scores, found


@bp.route("/")
@rso_view
def overview():
    """Member × section matrix of core gaps, filtered by cycle, module, sub-region and status."""
    filters = read_filters()
    region, found = region_matrix(filters)
    # one link prefix for every row: building thousands of URLs one by one is a large part of the page's cost
    member_base = url_for("compare.member", code="_")[:-1]
    query = urlencode({k: v for k, v in filters.args(module=None, sort=None, sub_region=None).items()}, doseq=True)
    # each row's headline, then its cells in column order, in words as they are rendered
    words = cell_words()
    column_ids = [c.id for c in found.columns]
    rows = [(row.entry, each_shown_cell((row.headline, *map(row.cells.__getitem__, column_ids)), True, words))
            for row in found.rows]
    # the rows' words, translated once rather than once a row (the pick box's label is filled in per row)
    row_words = {Status.SUBMITTED: _("Submitted"), "reopened": _("Reopened"),
                 "choose": _("Choose %(member)s for side by side")}
    return render_template("compare/overview.html", filters=filters, region=region, matrix=found, rows=rows,
                           reopened_members=region.reopened, can_sort=can_sort_by_gap(current_user),
                           member_base=member_base, member_query=f"?{query}" if query else "", row_words=row_words)


@bp.route("/elements")
@rso_view
def elements():
    """Elements most often missed: critical first, with unknown, N/A, precluded and unanswered apart."""
    def build() -> dict[str, Any]:
        filters = read_filters()
        scope = {"cycle_ids": filters.cycle_ids, "statuses": filters.statuses, "sub_region": filters.sub_region}
        figures = region_figures("elements", filters.method, **scope)
        return {"filters": filters, "names": figures.names, "catalogue": default_elements(), "shared": False,
                "method": figures.method, "others": figures.others,
                **_elements_page(figures, "compare.elements", filters.args())}

    return regional_page(_("Elements most often missed"),
                         kept_body("compare/elements.html", default_elements(), build))


ROWS_PER_PAGE, MEMBERS_PER_PAGE = 25, 60


def _elements_page(figures: Figures, endpoint: str, args: dict[str, Any]) -> dict[str, Any]:
    """What the elements table needs: the summary, the rows of the page asked for (``kind``: all, critical or
    other elements), and the members with a gap in one ``element`` when asked."""
    kind = choice_arg("kind", ("critical", "other"), "all")
    catalogue = default_elements()
    area = choice_arg("area", catalogue.sections)
    rows = [r for r in figures.found if (kind == "all" or r.critical == (kind == "critical"))
            and (area is None or ((element := catalogue.get(r.id)) is not None and element.section == area))]
    wanted = request.args.get("element")
    chosen = next((r for r in figures.found if r.id == wanted), None) if wanted else None
    summary = figures.summary
    rows_page = page_of(rows, page_number(), ROWS_PER_PAGE)
    return {"figures": figures, "summary": summary, "kind": kind, "shown_top": shown_elements(summary["top"]),
            "rows_page": rows_page, "shown_rows": shown_elements(rows_page.items), "chosen": chosen,
            "members_page": page_of(chosen.with_gap, page_number("mpage"), MEMBERS_PER_PAGE) if chosen else None,
            "areas": catalogue.sections, "area": area, "page_endpoint": endpoint,
            "page_args": {**args, **({"kind": kind} if kind != "all" else {}), **({"area": area} if area else {})}}


class ShownElement(NamedTuple):
    """One element's row of the elements table, in the request's words (made in the view: a page shows 25)."""

    id: str
    title: str
    #: the title's tooltip, with the element's id
    tooltip: str
    critical: bool
    gaps: int
    #: members whose result tests the element
    assessed: int
    #: "3 of 40" (members with a gap of those assessed)
    gaps_of: str
    #: the share of members with a gap, as the width of a 60-pixel bar, and in words
    bar: float
    share: str
    unknown: int
    not_applicable: int
    precluded: int
    unanswered: int
    met: int
    #: the link text to the members with a gap
    who: str


def shown_elements(rows: Iterable[Any]) -> list[ShownElement]:
    """The rows of the elements table in words: each title in the request's language, the counts per state (not
    applicable and skipped together), the share as a percentage."""
    catalogue = default_elements()
    locale = locale_code()
    share = percent_format()
    tooltip = _("Element %(id)s", id="%(id)s")
    gaps_of = _("%(gaps)s of %(assessed)s", gaps="%(gaps)s", assessed="%(assessed)s")
    # rows repeat the same counts and shares: each is put in words once
    shares: dict[float, str] = {}
    who: dict[int, str] = {}
    shown = []
    for r in rows:
        element = catalogue.get(r.id)
        gaps, part = r.gaps, r.share
        if part not in shares:
            shares[part] = share(part)
        if gaps not in who:
            who[gaps] = ngettext("list the %(num)d member", "list the %(num)d members", gaps)
        shown.append(ShownElement(
            r.id, tr(element.title, locale) if element else r.id, tooltip % {"id": r.id}, r.critical, gaps, r.assessed,
            gaps_of % {"gaps": gaps, "assessed": r.assessed}, round(part * 60, 1), shares[part],
            r.count(ElementState.UNKNOWN), r.count(ElementState.NOT_APPLICABLE) + r.count(ElementState.SKIPPED),
            r.count(ElementState.PRECLUDED), r.count(ElementState.UNANSWERED), r.count(ElementState.MET), who[gaps]))
    return shown


@bp.route("/ta")
@rso_view
def ta():
    """Regional TA demand grouped by category, audience or sub-region, with regional training candidates."""
    def build() -> dict[str, Any]:
        filters = read_filters()
        group = choice_arg("group", GROUPS, "category")
        scope = {"cycle_ids": filters.cycle_ids, "statuses": filters.statuses, "sub_region": filters.sub_region}
        figures = region_figures("ta", filters.method, **scope)
        return {"filters": filters, "names": figures.names, "categories": default_ta_catalogue().categories,
                "shared": False, "method": figures.method, "others": figures.others,
                **_ta_page(figures, group, "compare.ta", filters.args(group=group)),
                "practice": training_candidates(filters.cycle, filters.statuses, filters.sub_region),
                "capacity_figures": shown_capacity(figures_across(filters.cycle, filters.sub_region))}

    return regional_page(_("Regional TA demand"), kept_body("compare/ta.html", default_ta_catalogue(), build))


def _ta_page(figures: Figures, group: str, endpoint: str, args: dict[str, Any]) -> dict[str, Any]:
    """What the TA tables need: the summary, the groups (or one group, ``within``, a page at a time), and the
    members behind one ``item`` when asked."""
    demand = figures.found
    grouped = {"audience": demand.by_audience, "sub_region": demand.by_sub_region}.get(group, demand.by_category)
    within = request.args.get("within")
    key = None if group == "category" and within == "other" and None in grouped else within
    items = grouped.get(key) if within else None
    wanted = request.args.get("item")
    chosen = next((i for i in demand.items if i.id == wanted), None) if wanted else None
    shown_items = ShownItems(default_ta_catalogue().categories)
    ta_page = page_of(items, page_number(), ROWS_PER_PAGE) if items is not None else None
    training_page = page_of(demand.training, page_number("tpage"), ROWS_PER_PAGE)
    return {"figures": figures, "summary": figures.summary, "group": group, "groups": GROUPS,
            "within": key if items is not None else None, "ta_page": ta_page,
            # the rows shown, in words: one group's page, or the first five of each group
            "ta_rows": shown_items(ta_page.items) if ta_page is not None else None,
            "group_rows": [(k, group_items, shown_items(group_items[:5]))
                           for k, group_items in grouped.items()] if ta_page is None else [],
            "training_rows": list(zip(training_page.items,
                                      shown_items([t.item for t in training_page.items]), strict=True)),
            "chosen_item": chosen, "training_page": training_page,
            "members_page": page_of(chosen.members, page_number("mpage"), MEMBERS_PER_PAGE) if chosen else None,
            "page_endpoint": endpoint,
            "page_args": {**args, **({"within": within} if items is not None else {})}}


class ShownItem(NamedTuple):
    """One TA catalogue item's row of the TA demand tables, in the request's words (made in the view)."""

    id: str
    text: str
    #: the text's tooltip, with the item's id
    tooltip: str
    category: str
    audience: str
    count: int
    priority: str
    recommended: int
    requested: int
    #: members per sub-region: "Pacific 3; South Asia 1"
    sub_regions: str
    #: the link text to the members behind the item
    who: str


class ShownItems:
    """Rows of the TA demand tables in words, for one page: the item's text and category in the request's
    language, its audience in words, the summed priority as a figure. An item shown twice on a page (in its
    group and among the training candidates) is put in words once."""

    def __init__(self, categories: Mapping[str, Any]) -> None:
        from questionnaires.translations import words_in

        self.categories = categories
        self.locale = locale_code()
        self.audiences = words_in("audience", self.locale)
        self.priority = number_format(1)
        self.tooltip = _("Catalogue item %(id)s", id="%(id)s")
        self.who: dict[int, str] = {}
        self.shown: dict[str, ShownItem] = {}

    def __call__(self, items: Iterable[Any]) -> list[ShownItem]:
        return [self.shown.get(i.id) or self._shown(i) for i in items]

    def _shown(self, i: Any) -> ShownItem:
        category = self.categories.get(i.category)
        count = i.count
        if count not in self.who:
            self.who[count] = ngettext("list the %(num)d member", "list the %(num)d members", count)
        shown = ShownItem(
            i.id, ta_item_text(i.id, i.text), self.tooltip % {"id": i.id},
            tr(category, self.locale) if category else (i.category or ""),
            ", ".join(self.audiences.get(a, a) for a in i.audience), count, self.priority(i.priority),
            len(i.recommended), len(i.self_requested),
            "; ".join(f"{sub_region} {len(codes)}" for sub_region, codes in i.by_sub_region.items()),
            self.who[count])
        self.shown[i.id] = shown
        return shown


class ShownFigure(NamedTuple):
    """One row of the capacity figures across members: the figure in words and, per scope, what its cell says:
    the figure (or "fewer than 5", muted), and the line below it."""

    words: str
    #: (main text, muted, line below) per scope
    cells: list[tuple[str, bool, str]]


def shown_capacity(found: list[Any]) -> tuple[list[str], list[ShownFigure]]:
    """The scopes (the region, then each sub-region) and the rows of the capacity figures table, in words."""
    if not found:
        return [], []
    median_of = _("median %(median)s", median="%(median)s")
    reporting_of = _("%(reporting)s of %(asked)s report", reporting="%(reporting)s", asked="%(asked)s")
    too_few = _("fewer than %(minimum)s", minimum=MIN_REPORTING)
    not_collected = _("%(count)s not collected", count="%(count)s")
    rows = []
    for f in found:
        cells = []
        for scope in f.scopes:
            reporting = reporting_of % {"reporting": scope.reporting, "asked": scope.asked}
            if not scope.shown:
                more = f", {not_collected % {'count': scope.not_collected}}" if scope.not_collected else ""
                cells.append((too_few, True, reporting + more))
            elif scope.total is not None:
                median = median_of % {"median": figure_number(scope.median, f.unit)}
                cells.append((figure_number(scope.total, f.unit), False, f"{median} · {reporting}"))
            else:
                cells.append((median_of % {"median": figure_number(scope.median, f.unit)}, False, reporting))
        rows.append(ShownFigure(f.words[:1].upper() + f.words[1:], cells))
    return [scope.scope for scope in found[0].scopes], rows


@bp.route("/standards")
@rso_view
def standards():
    """Members × FATF Recommendation (or × treaty article): self-assessed bands beside the ratings on record."""
    from assessment.services.by_standard import fatf_text, region_standards
    from questionnaires.standards import INSTRUMENTS

    filters = read_filters()
    instrument = request.args.get("instrument") or "FATF"
    fatf = fatf_text(request.args.get("fatf"))
    if instrument not in INSTRUMENTS or fatf is None:
        abort(404)
    found = region_standards(filters.cycle_ids, filters.statuses, instrument=instrument, fatf=fatf,
                             sub_region=filters.sub_region)
    return render_template("compare/standards.html", filters=filters, found=found, instruments=INSTRUMENTS,
                           INSTRUMENT_NAMES=INSTRUMENT_LABELS)


# --------------------------------------------------------------------------- member profile


def _questionnaire_of(item: MemberResult | None):
    """The questionnaire a loaded result answers, or None (no result, or a version no longer registered)."""
    if item is None:
        return None
    try:
        return registry().get(item.questionnaire_id, item.questionnaire_version)
    except UnknownQuestionnaire:
        return None


def profile_facts(item: MemberResult) -> list[tuple[str, list[tuple[str, str]]]]:
    """The Profile module's answers in words, per section: treaty status, FATF-style bodies and ratings, ..."""
    try:
        questionnaire = registry().get(item.questionnaire_id, item.questionnaire_version)
    except UnknownQuestionnaire:
        return []
    answers = (item.answers or {}).get("answers", {})
    locale = locale_code()
    out = []
    for module in questionnaire.modules:
        if module.kind != "profile" or module.id == CAPACITY_MODULE:  # capacity: its own table, by cycle
            continue
        for section in module.sections:
            rows = [(tr(q.text, locale), answer_in_words(q, answers.get(q.id), locale)) for q in section.questions
                    if answers.get(q.id)]
            if rows:
                out.append((tr(section.title, locale), rows))
    return out


@bp.route("/members/<code>")
@rso_view
def member(code: str):
    """A member's modules, sections, elements, TA list, validation status, Profile facts and trend."""
    filters = read_filters()
    the_member = queries.member_or_404(code)
    current = load_region(cycle_ids=filters.cycle_ids, statuses=filters.statuses, member_ids=[the_member.id],
                          parts=None, with_answers=True)
    history = load_region(cycle_ids=None, statuses=filters.statuses, member_ids=[the_member.id], parts=MATRIX_PARTS)
    order = [c.code for c in reversed(filters.cycles)]
    series = trends(history.entries, order)
    trend = series[0] if series else None
    own = queries.assessment_of(the_member, filters.cycle)
    item = current.loaded[0] if current.loaded else None
    return render_template(
        "compare/profile.html", filters=filters, member=the_member, item=item, assessment=own,
        profile=member_profile(the_member, current_user, up_to=filters.cycle, locale=locale_code()),
        facts=profile_facts(item) if item else [], trend=trend,
        chart=charts.trend_chart(trend, [m for m, _ in trend.modules], part_title) if trend else None,
        catalogue=default_elements(), shared=False, item_questionnaire=_questionnaire_of(item),
        ta_catalogue=default_ta_catalogue(),
    )


# --------------------------------------------------------------------------- side by side


@bp.route("/side-by-side")
@rso_view
def side():
    """2-6 members: module and section gaps and element-level answers."""
    filters = read_filters()
    codes = list(dict.fromkeys(c for c in request.args.getlist("member") if c))
    by_code = queries.members_by_code(codes)
    chosen = [by_code[c] for c in codes if c in by_code]
    unknown = [c for c in codes if c not in by_code]  # said on the page, the others still shown
    problem = None
    rows: list[Any] = []
    items: list[MemberResult] = []
    questionnaires: dict[tuple[str, int], Any] = {}
    if codes and not SIDE_BY_SIDE_MIN <= len(codes) <= SIDE_BY_SIDE_MAX:
        problem = _("Choose between %(minimum)s and %(maximum)s members.", minimum=SIDE_BY_SIDE_MIN,
                    maximum=SIDE_BY_SIDE_MAX)
    elif chosen:
        region = load_region(cycle_ids=filters.cycle_ids, statuses=filters.statuses,
                             member_ids=[m.id for m in chosen], parts=None, with_answers=True)
        found = region.by_code()
        items = [found[m.code] for m in chosen if m.code in found]
        rows = _grouped(side_by_side([i.entry for i in items]), items)
        for i in items:
            key = (i.questionnaire_id, i.questionnaire_version)
            if key not in questionnaires:
                try:
                    questionnaires[key] = registry().get(*key)
                except UnknownQuestionnaire:
                    questionnaires[key] = None
    everyone = load_region(cycle_ids=filters.cycle_ids, statuses=filters.statuses, parts=("scoring_version",))
    return render_template("compare/side.html", filters=filters, items=items, rows=rows, chosen=chosen,
                           problem=problem, unknown=unknown, everyone=everyone.loaded, questionnaires=questionnaires,
                           words=_element_answers, catalogue=default_elements(),
                           minimum=SIDE_BY_SIDE_MIN, maximum=SIDE_BY_SIDE_MAX)


def _grouped(rows: list[SideRow], items: list[MemberResult]) -> list[SideRow]:
    """The overall figures first, then each module followed by its own sections, then the elements."""
    overall = SideRow("overall", _("Overall"), "overall", "", False,
                      tuple(i.entry.result.get("overall") for i in items))
    modules = [r for r in rows if r.kind == "module"]
    sections = [r for r in rows if r.kind == "section"]
    known = {m.id for m in modules}
    grouped: list[SideRow] = [overall]
    for module in modules:
        grouped.append(module)
        grouped.extend(r for r in sections if r.module == module.id)
    grouped.extend(r for r in sections if r.module not in known)
    return grouped + [r for r in rows if r.kind not in ("module", "section")]


def _element_answers(questionnaire, item: MemberResult, question_ids: list[str]) -> list[tuple[str, str]]:
    if questionnaire is None:
        return []
    answers = (item.answers or {}).get("answers", {})
    locale = locale_code()
    out = []
    for qid in question_ids:
        if questionnaire.has_question(qid):
            words = answer_in_words(questionnaire.question(qid), answers.get(qid), locale)
            out.append((qid, words or _("not answered")))
    return out


# --------------------------------------------------------------------------- downloads


def _download_name(filters: Filters, suffix: str) -> str:
    cycle = filters.cycle.code if filters.cycle else "none"
    return f"comparison-{cycle}-{'-'.join(filters.statuses)}{suffix}"


@bp.route("/export.xlsx")
@rso_view
def export_xlsx():
    """The comparison workbook of the filtered members."""
    from assessment.compare.exporting import comparison_workbook

    filters = read_filters()
    workbook = comparison_workbook(filters.cycle, filters.statuses, filters.sub_region, filters.order, filters.method,
                                   locale_code())
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return send_file(buffer, as_attachment=True, download_name=_download_name(filters, ".xlsx"),
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.route("/matrix.csv")
@rso_view
def export_csv():
    """The matrix as CSV (text that looks like a formula stays text)."""
    from exports.compare import matrix_csv

    filters = read_filters()
    _region, found = region_matrix(filters)
    body = matrix_csv(found)
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{_download_name(filters, ".csv")}"'})


# --------------------------------------------------------------------------- shared with us (members)


def shared_view(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if not can_use_shared_pages(current_user):
            abort(403)
        return view(*args, **kwargs)

    return login_required(wrapped)


def _own_assessment(cycle: Cycle | None) -> Assessment | None:
    return queries.assessment_of(current_user.member, cycle) if current_user.member else None


@bp.route("/shared")
@shared_view
def shared():
    """Members that share their validated results, alphabetically, once the person's own member shares; the
    aggregates only over five or more sharing members."""
    return regional_page(_("Shared with us"), kept_body("compare/shared.html", default_elements(), _shared_body))


def _shared_body() -> dict[str, Any]:
    filters = read_filters(members_view=True)
    own = _own_assessment(filters.cycle)
    sharing = member_shares(own)
    show = choice_arg("show", ("elements", "ta"), "members")
    scope = {"cycle_ids": filters.cycle_ids, "statuses": (Status.VALIDATED,), "sharing_only": True}
    args = {k: v for k, v in {"cycle": filters.cycle.code if filters.cycle else None,
                              "method": filters.method}.items() if v}
    extra: dict[str, Any] = {}
    method, others, names, aggregates, mixed = None, [], {}, False, False
    sharing_page = page_of([], 1, ROWS_PER_PAGE)
    if sharing:
        # the figures (kept once worked out) say which members share and how many they are over
        figures = region_figures("ta" if show == "ta" else "elements", filters.method, **scope)
        method, others, names = figures.method, figures.others, figures.names
        # figures across members come from one scoring method, and count only its members towards the minimum
        aggregates = can_see_aggregates(current_user, len(figures.entries))
        mixed = len(figures.methods) > 1
        if show == "members":
            # one page of the sharing members, alphabetical, with their headline figures
            sharing_page = page_of(figures.listed, page_number(), ROWS_PER_PAGE)
        elif aggregates and show == "elements":
            extra = _elements_page(figures, "compare.shared", {**args, "show": "elements"})
        elif aggregates:
            group = choice_arg("group", GROUPS, "category")
            extra = _ta_page(figures, group, "compare.shared", {**args, "show": "ta", "group": group})
    return {
        "filters": filters, "own": own, "sharing": sharing, "show": show,
        "sharing_count": len(names), "sharing_page": sharing_page, "shown_args": {**args, "show": show},
        # one link prefix for the members' rows
        "member_base": url_for("compare.shared_member", code="_")[:-1],
        "aggregates": aggregates, "minimum": MIN_SHARING_FOR_AGGREGATES, "method": method, "others": others,
        "mixed": mixed, "names": names, "catalogue": default_elements(),
        "categories": default_ta_catalogue().categories, "shared": True,
        **({"capacity_figures": shown_capacity(figures_across(filters.cycle) if sharing else [])}
           if show == "members" else {}),
        **extra,
    }


@bp.route("/shared/<code>")
@shared_view
def shared_member(code: str):
    """Another sharing member's validated results and Profile, read-only (both members share for the cycle)."""
    filters = read_filters(members_view=True)
    the_member = queries.member_or_404(code)
    own = _own_assessment(filters.cycle)
    other = queries.assessment_of(the_member, filters.cycle)
    if other is None or not (other.member_id == current_user.member_id
                             or can_see_shared_result(current_user, own, other)):
        abort(404)
    current = load_region(cycle_ids=filters.cycle_ids, statuses=(Status.VALIDATED,), member_ids=[the_member.id],
                          parts=None, with_answers=True)
    if not current.loaded:
        abort(404)
    item = current.loaded[0]
    return render_template("compare/profile.html", filters=filters, member=the_member, item=item, assessment=other,
                           facts=profile_facts(item), trend=None, chart=None, catalogue=default_elements(),
                           shared=True, item_questionnaire=_questionnaire_of(item), ta_catalogue=default_ta_catalogue())


def figure_number(value: Any, unit: str | None) -> str:
    """A figure across members in words: ``1,250,000 US dollars``."""
    return "–" if value is None else number_words(value, unit)


def generated_at() -> str:
    return utcnow().strftime("%d %b %Y %H:%M UTC")


def link_prefix(endpoint: str, args: dict[str, Any]) -> str:
    """The link to ``endpoint`` with ``args``, ready for one more query argument (``…?`` or ``…&``): built once for
    a table whose every row links to the same page with its own argument."""
    url = url_for(endpoint, **args)
    return f"{url}{'&' if '?' in url else '?'}"


def url_with(endpoint: str, filters: Filters, **override: Any) -> str:
    return url_for(endpoint, **filters.args(**override))


@bp.context_processor
def compare_helpers() -> dict[str, Any]:
    return {"url_with": url_with, "STATE_LABELS": ELEMENT_STATE_LABELS, "SHORT_BANDS": SHORT_BAND_LABELS,
            "FIGURES_MIN": MIN_REPORTING, "figure_number": figure_number,
            "TRAINING_MIN": TRAINING_MIN_MEMBERS, "shown_cells": shown_cells, "link_prefix": link_prefix,
            "method_name": method_label, "method_of": method_of, "methods_in": methods_in, "BAND_WORDS": BANDS,
            "part_title": part_title, "ta_item_text": ta_item_text}


def _part_titles(locale: str) -> dict[tuple[str, str], str]:
    """(module or section id, English title) → title in ``locale``, over the shipped questionnaires (worked out
    once per request)."""
    if "part_titles" in g:
        return g.part_titles
    titles: dict[tuple[str, str], str] = {}
    for path in shipped_questionnaires().values():
        questionnaire = load_questionnaire(path)
        for module in questionnaire.modules:
            titles.setdefault((module.id, tr(module.title, "en")), tr(module.title, locale))
            for section in module.sections:
                titles.setdefault((section.id, tr(section.title, "en")), tr(section.title, locale))
    g.part_titles = titles
    return titles


def part_title(part_id: str, english: str) -> str:
    """A module's or section's title in the request's language: stored results keep the English title, so it
    is looked up by id and English title in the shipped questionnaires (kept as it is where none has it)."""
    locale = locale_code()
    if locale == "en":
        return english
    return _part_titles(locale).get((part_id, english), english)


def ta_item_text(item_id: str | None, english: str | None) -> str:
    """A TA catalogue item's text in the request's language (a stored result keeps it in English, as shown in
    English)."""
    locale = locale_code()
    if locale == "en" or not item_id:
        return english or item_id or ""
    if "ta_catalogue" not in g:
        g.ta_catalogue = default_ta_catalogue()
    item = g.ta_catalogue.get(item_id)
    return tr(item.text, locale) if item is not None else (english or item_id)


@dataclass(frozen=True)
class CellWords:
    """The words of the matrix cells in the request's language (worked out once per page, not once per cell)."""

    bands: dict[str, str]
    short_bands: dict[str, str]
    not_in_version: str
    no_score: str
    provisional: str
    critical: str
    sections_by_band: str
    obligations: str
    best_case: str


def cell_words() -> CellWords:
    """The cell words of the request's language, once per request."""
    if "cell_words" not in g:  # a page with many cells asks once
        g.cell_words = CellWords(
            {b: band_label(b) for b in BANDS}, {b: str(w) for b, w in SHORT_BAND_LABELS.items()},
            _("not in this version"), _("no score"), _("provisional"), _("%(count)s critical"),
            _("Sections by band: %(words)s"), _("obligations %(gap)s"), _("best case %(gap)s"))
    return g.cell_words


class ShownCell(NamedTuple):
    """A matrix cell in words (``templates/compare/_macros.html``, ``cells``)."""

    #: the band (the cell's colour class); ``None`` for a cell without a figure, whose ``word`` says why
    band: str | None
    gap: str
    word: str
    #: "provisional", or empty
    provisional: str
    completeness: str
    #: "2 critical", or empty
    critical: str
    #: method 2: sections per band (``1·2·0·0``) and the same in words, or empty
    profile: str
    by_band: str
    #: method 2: the gap over the binding obligations and the best-case gap, where they differ from the gap
    obligations: str
    best_case: str


def shown_cells(scopes: Iterable[Cell | Mapping[str, Any] | None], short: bool = True,
                words: CellWords | None = None) -> list[ShownCell]:
    """The words of a row of cells (``templates/compare/_macros.html``, ``cells``)."""
    return list(each_shown_cell(scopes, short, words))


def each_shown_cell(scopes: Iterable[Cell | Mapping[str, Any] | None], short: bool = True,
                    words: CellWords | None = None) -> Iterator[ShownCell]:
    """:func:`shown_cells` one at a time, as a page renders them: a matrix of hundreds of members then never
    holds the words of its thousands of cells at once (and the garbage collector has that many fewer objects
    to look at while the page is made)."""
    words = words or cell_words()
    band_words = words.short_bands if short else words.bands
    not_in_version = ShownCell(None, "", words.not_in_version, "", "", "", "", "", "", "")
    no_score = ShownCell(None, "", words.no_score, "", "", "", "", "", "", "")
    for scope in scopes:
        if not isinstance(scope, Cell):
            scope = Cell.of(scope)  # a stored scope (or None)
            if scope is None:
                yield not_in_version
                continue
        gap, band, provisional, completeness, critical, _capped, obligations, best_case, _weakest, profile, _needs \
            = scope
        if gap is None:
            yield no_score
            continue
        band = band or ""
        per_band = by_band = ""
        if profile is not None:  # method 2: the band is the weakest section's; the profile counts them
            counted = ", ".join(f"{n} {words.short_bands[b].lower()}" for b, n in zip(BANDS, profile, strict=True)
                                if n)
            per_band, by_band = "·".join(map(str, profile)), words.sections_by_band % {"words": counted}
        yield tuple.__new__(ShownCell, (  # the tuple made directly, as the generated constructor would
            band, f"{gap:.1f}", band_words.get(band, band), words.provisional if provisional else "",
            "–" if completeness is None else f"{round(completeness * 100)} %",
            words.critical % {"count": critical} if critical else "", per_band, by_band,
            words.obligations % {"gap": f"{obligations:.1f}"} if obligations not in (None, gap) else "",
            words.best_case % {"gap": f"{best_case:.1f}"} if best_case not in (None, gap) else ""))
