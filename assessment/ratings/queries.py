"""Reading the recorded mutual-evaluation ratings: the latest report's rating per member and Recommendation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from assessment.compare.queries import member_or_404 as member_or_404
from assessment.extensions import db
from assessment.models import Member, MutualEvaluationRating


def ratings_of(member: Member) -> list[MutualEvaluationRating]:
    """Every rating recorded for ``member``: by Recommendation, the latest report first."""
    rows = db.session.scalars(select(MutualEvaluationRating).where(MutualEvaluationRating.member_id == member.id))
    return sorted(rows, key=lambda r: (int(r.recommendation[2:]), -r.report_date.toordinal(), r.id))


def latest_ids(rows: Iterable[MutualEvaluationRating]) -> set[int]:
    """The ids of the first row of each Recommendation in ``rows`` (as :func:`ratings_of` orders them: the
    latest report's)."""
    seen: dict[str, int] = {}
    for row in rows:
        seen.setdefault(row.recommendation, row.id)
    return set(seen.values())


def published_ratings(member_ids: Iterable[int]) -> dict[int, dict[str, dict[str, Any]]]:
    """member id → Recommendation → the latest report's rating (``rating``, ``report_title``, ``report_date`` as
    ``YYYY-MM-DD``, ``link``), in one query."""
    ids = list(member_ids)
    if not ids:
        return {}
    found: dict[int, dict[str, dict[str, Any]]] = {}
    rows = db.session.scalars(select(MutualEvaluationRating).where(MutualEvaluationRating.member_id.in_(ids))
                              .order_by(MutualEvaluationRating.report_date, MutualEvaluationRating.id))
    for row in rows:  # later reports overwrite earlier ones
        found.setdefault(row.member_id, {})[row.recommendation] = {
            "rating": row.rating, "report_title": row.report_title, "report_date": row.report_date.isoformat(),
            "link": row.link}
    return found
