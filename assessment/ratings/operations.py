"""Recording the published mutual-evaluation ratings of a member (RSO staff and administrators).

Each operation checks what it is given, changes the session (flush, no commit: the view or command commits once)
and records an audit event; on refusal it raises and changes nothing. :func:`problems_of` checks one rating as
typed on the page or read from a CSV row and says, in sentences, what is wrong with which field; the page and
``assessment mer import`` share it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from assessment.audit import Actor, record
from assessment.extensions import db
from assessment.models import Member, MutualEvaluationRating, utcnow
from assessment.refusals import Refused, Stale
from scoring.standards import RATINGS

#: ratings a report may give (N/A: the Recommendation does not apply to the member)
RATING_CHOICES = (*RATINGS, "NA")
#: the Recommendations a report rates
RECOMMENDATIONS = tuple(f"R.{n}" for n in range(1, 41))
MAX_TITLE, MAX_LINK = 300, 500
#: mutual evaluations against the 2012 Recommendations began in 2014; no report rates them earlier
FIRST_REPORT_YEAR = 2014
_RECOMMENDATION = re.compile(r"^\s*(?:R\.?\s*)?(\d{1,2})\s*$", re.IGNORECASE)


@dataclass
class RatingInput:
    """One rating as typed or read, checked by :func:`problems_of` and normalised by :func:`parsed`."""

    recommendation: str
    rating: str
    report_title: str
    report_date: str | date | None
    link: str = ""
    #: field → what is wrong with it, in a sentence
    problems: dict[str, str] = field(default_factory=dict)


def normal_recommendation(raw: str) -> str | None:
    """``R.3`` from ``R.3``, ``r3`` or ``3``; ``None`` for anything that is not one of R.1 to R.40."""
    found = _RECOMMENDATION.match(raw or "")
    name = f"R.{int(found.group(1))}" if found else None
    return name if name in RECOMMENDATIONS else None


def problems_of(item: RatingInput, today: date | None = None) -> dict[str, str]:
    """Field → problem, for every field of ``item`` that cannot be recorded (empty: it can)."""
    today = today or utcnow().date()
    problems: dict[str, str] = {}
    if normal_recommendation(item.recommendation) is None:
        problems["recommendation"] = _("“%(value)s” is not a FATF Recommendation: give R.1 to R.40, e.g. R.3.",
                                       value=item.recommendation)
    if (item.rating or "").strip().upper() not in RATING_CHOICES:
        problems["rating"] = _("“%(value)s” is not a rating: give one of %(choices)s.", value=item.rating,
                               choices=", ".join(RATING_CHOICES))
    title = (item.report_title or "").strip()
    if not title:
        problems["report_title"] = _("The report's title is missing.")
    elif len(title) > MAX_TITLE:
        problems["report_title"] = _("The report's title has %(count)s characters; at most %(max)s.",
                                     count=len(title), max=MAX_TITLE)
    when = _date(item.report_date)
    if when is None:
        problems["report_date"] = _("“%(value)s” is not a date: give the report's date as YYYY-MM-DD.",
                                    value=item.report_date or "")
    elif when > today:
        problems["report_date"] = _("The report's date %(date)s is in the future.", date=when.isoformat())
    elif when.year < FIRST_REPORT_YEAR:
        problems["report_date"] = _("The report's date %(date)s is before %(year)s, when ratings against the "
                                    "current Recommendations began.", date=when.isoformat(), year=FIRST_REPORT_YEAR)
    link = (item.link or "").strip()
    if link and (not re.match(r"^https?://[^\s/]+\S*$", link) or len(link) > MAX_LINK):
        problems["link"] = _("The link must be an http or https address of at most %(max)s characters.",
                             max=MAX_LINK)
    return problems


def _date(value: str | date | None) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def parsed(item: RatingInput) -> dict[str, object]:
    """The column values of a checked rating."""
    return {"recommendation": normal_recommendation(item.recommendation), "rating": item.rating.strip().upper(),
            "report_title": item.report_title.strip(), "report_date": _date(item.report_date),
            "link": (item.link or "").strip()}


def as_dict(row: MutualEvaluationRating) -> dict[str, object]:
    """What the audit log and the pages say about a rating."""
    return {"recommendation": row.recommendation, "rating": row.rating, "report_title": row.report_title,
            "report_date": row.report_date.isoformat(), "link": row.link}


def same_report(member: Member, recommendation: str, report_date: date) -> MutualEvaluationRating | None:
    return db.session.scalar(select(MutualEvaluationRating).where(
        MutualEvaluationRating.member_id == member.id, MutualEvaluationRating.recommendation == recommendation,
        MutualEvaluationRating.report_date == report_date))


def _refuse_if_invalid(item: RatingInput) -> dict[str, object]:
    problems = problems_of(item)
    if problems:
        item.problems = problems
        raise Refused(" ".join(problems.values()))
    return parsed(item)


def add_rating(actor: Actor, member: Member, item: RatingInput) -> MutualEvaluationRating:
    """Record a report's rating of one Recommendation for ``member``.

    :raises Refused: a field cannot be recorded, or the same report's rating of that Recommendation is
        already recorded (change it instead)
    """
    values = _refuse_if_invalid(item)
    if same_report(member, values["recommendation"], values["report_date"]) is not None:  # type: ignore[arg-type]
        raise Refused(_("The rating of %(recommendation)s in the report of %(date)s is already recorded for "
                        "%(member)s; change it instead.", recommendation=values["recommendation"],
                        date=values["report_date"], member=member.name))
    row = MutualEvaluationRating(member_id=member.id, version=1, recorded_by_id=actor.user_id, recorded_at=utcnow(),
                                 **values)
    db.session.add(row)
    db.session.flush()
    record("rating.add", actor, member_id=member.id, new=as_dict(row))
    return row


def _own(member: Member, rating_id: int) -> MutualEvaluationRating:
    row = db.session.get(MutualEvaluationRating, rating_id)
    if row is None or row.member_id != member.id:
        raise Refused(_("There is no such rating recorded for %(member)s; nothing was changed.", member=member.name))
    return row


def change_rating(actor: Actor, member: Member, rating_id: int, base_version: int,
                  item: RatingInput) -> MutualEvaluationRating:
    """Change a recorded rating.

    :raises Refused: no such rating for this member, a field cannot be recorded, or another rating of the
        same report and Recommendation exists
    :raises Stale: the rating changed since ``base_version``
    """
    values = _refuse_if_invalid(item)
    row = _own(member, rating_id)
    if row.version != base_version:
        raise Stale(current=row)
    other = same_report(member, values["recommendation"], values["report_date"])  # type: ignore[arg-type]
    if other is not None and other.id != row.id:
        raise Refused(_("The rating of %(recommendation)s in the report of %(date)s is already recorded; change "
                        "that one instead.", recommendation=values["recommendation"], date=values["report_date"]))
    old = as_dict(row)
    for key, value in values.items():
        setattr(row, key, value)
    row.version += 1
    row.recorded_by_id = actor.user_id
    db.session.flush()
    record("rating.change", actor, member_id=member.id, old=old, new=as_dict(row))
    return row


def remove_rating(actor: Actor, member: Member, rating_id: int, base_version: int) -> None:
    """Remove a recorded rating.

    :raises Refused: no such rating for this member
    :raises Stale: the rating changed since ``base_version``
    """
    row = _own(member, rating_id)
    if row.version != base_version:
        raise Stale(current=row)
    record("rating.remove", actor, member_id=member.id, old=as_dict(row))
    db.session.delete(row)
    db.session.flush()


# --------------------------------------------------------------------------- CSV import


#: the columns of an import file, in order
CSV_COLUMNS = ("member", "recommendation", "rating", "report_title", "report_date", "link")


@dataclass
class ImportRow:
    line: int
    member: Member | None
    item: RatingInput
    #: add, change or same (nothing to do), once checked
    action: str = ""
    current: MutualEvaluationRating | None = None


@dataclass
class RatingImport:
    """What an import file would do: rows to add or change, rows already recorded, problems by line."""

    rows: list[ImportRow]
    problems: list[str]

    @property
    def to_apply(self) -> list[ImportRow]:
        return [r for r in self.rows if r.action in ("add", "change")]


def plan_ratings_import(records: list[Mapping[str, str]], header: list[str] | None) -> RatingImport:
    """Check every row of an import file (``records`` from :class:`csv.DictReader`, line 2 onwards).

    A row whose member, Recommendation and report date match a recorded rating changes it; others add one.
    """
    problems: list[str] = []
    columns = [c.strip() for c in header or []]
    missing = [c for c in CSV_COLUMNS if c != "link" and c not in columns]
    if missing:
        return RatingImport([], [f"line 1: the header lacks the column(s) {', '.join(missing)}; it must be "
                                 f"{','.join(CSV_COLUMNS)}"])
    members = {m.code: m for m in db.session.scalars(select(Member))}
    rows: list[ImportRow] = []
    seen: dict[tuple[str, str, str], int] = {}
    for line, raw in enumerate(records, start=2):
        cells = {k.strip(): (v or "").strip() for k, v in raw.items() if isinstance(k, str)}
        code = cells.get("member", "").upper()
        member = members.get(code)
        item = RatingInput(cells.get("recommendation", ""), cells.get("rating", ""), cells.get("report_title", ""),
                           cells.get("report_date", ""), cells.get("link", ""))
        found = problems_of(item)
        if member is None:
            found = {"member": f"“{cells.get('member', '')}” is not a member code.", **found}
        for name, message in found.items():
            problems.append(f"line {line}, column {name}: {message}")
        if found:
            continue
        values = parsed(item)
        key = (code, str(values["recommendation"]), str(values["report_date"]))
        if key in seen:
            problems.append(f"line {line}: the same member, Recommendation and report date as line {seen[key]}")
            continue
        seen[key] = line
        row = ImportRow(line, member, item)
        row.current = same_report(member, values["recommendation"], values["report_date"])  # type: ignore[arg-type]
        if row.current is None:
            row.action = "add"
        elif as_dict(row.current) == {**values, "report_date": values["report_date"].isoformat()}:  # type: ignore[union-attr]
            row.action = "same"
        else:
            row.action = "change"
        rows.append(row)
    return RatingImport(rows, problems)


def apply_ratings_import(plan: RatingImport, actor: Actor) -> int:
    """Write the rows of a plan without problems; returns how many ratings were added or changed.

    :raises Refused: the plan has problems (nothing is written)
    """
    if plan.problems:
        raise Refused(_("The file has problems; nothing was written."))
    for row in plan.to_apply:
        assert row.member is not None
        if row.current is None:
            add_rating(actor, row.member, row.item)
        else:
            change_rating(actor, row.member, row.current.id, row.current.version, row.item)
    return len(plan.to_apply)
