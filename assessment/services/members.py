"""The member list shipped as data (assessment/data/members.json), loaded idempotently."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

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
