"""The member list shipped as data (assessment/data/members.json), loaded idempotently."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from assessment.extensions import db
from assessment.models import Member

MEMBERS_FILE = Path(__file__).resolve().parent.parent / "data" / "members.json"


def shipped_members() -> list[dict[str, Any]]:
    return json.loads(MEMBERS_FILE.read_text(encoding="utf-8"))["members"]


def load_members() -> int:
    """Add shipped members that are missing; never overwrite a member an admin may have edited.

    :returns: how many members were added
    """
    existing = set(db.session.scalars(select(Member.code)))
    added = 0
    for row in shipped_members():
        if row["code"] not in existing:
            db.session.add(Member(code=row["code"], name=row["name"], sub_region=row["sub_region"], note=row["note"],
                                  is_state=row.get("is_state", True)))
            added += 1
    db.session.flush()
    return added


def fictional_and_real_counts() -> tuple[int, int]:
    """How many members are fictional (codes starting with X) and how many real (neither fictional nor the
    sample's S0…), in one statement: the demo banner shows both on every page."""
    counted = db.session.execute(select(
        func.count().filter(Member.code.like("X%")),
        func.count().filter(~Member.code.like("X%"), ~Member.code.like("S0%")))).one()
    return counted[0] or 0, counted[1] or 0
