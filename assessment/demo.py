"""Demo data: fictional jurisdictions (never real members), users for them and the RSO."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from assessment.auth.operations import create_user
from assessment.extensions import db
from assessment.models import Member, User

#: (code, invented name, sub-region). Codes come from the ISO 3166 user-assigned range XA–XZ (XK left out,
#: as it is in common use), then XXA…; the names are invented.
FICTIONAL = [
    ("XA", "Republic of Aldmere", "South-East Asia"),
    ("XB", "Belmora Islands", "Pacific"),
    ("XC", "Carradine Federation", "South Asia"),
    ("XD", "Dunvale", "East Asia"),
    ("XE", "Estoria", "West Asia"),
    ("XF", "Fenwick Atolls", "Pacific"),
    ("XG", "Grand Duchy of Galvan", "South-East Asia"),
    ("XH", "Halloran", "South Asia"),
    ("XI", "Isle of Inverray", "Pacific"),
    ("XJ", "Jorvik Union", "East Asia"),
    ("XL", "Lindqvist Republic", "South-East Asia"),
    ("XM", "Marrowind", "South Asia"),
    ("XN", "Nerea Archipelago", "Pacific"),
    ("XO", "Ostrava Plains", "West Asia"),
    ("XP", "Pellucid Coast", "South-East Asia"),
    ("XQ", "Quillon", "East Asia"),
    ("XR", "Ravensholm", "South Asia"),
    ("XS", "Saltmarsh Territory", "Pacific"),
    ("XT", "Tamberlane", "South-East Asia"),
    ("XU", "Umbria Minor", "West Asia"),
    ("XV", "Valdoria", "South Asia"),
    ("XW", "Westmarch", "Pacific"),
    ("XX", "Xanthe Reach", "East Asia"),
    ("XY", "Yarrowby", "South-East Asia"),
    ("XZ", "Zephyr Keys", "Pacific"),
    ("XXA", "Amberhold", "South Asia"),
    ("XXB", "Brightwater Isles", "Pacific"),
    ("XXC", "Corvane", "South-East Asia"),
    ("XXD", "Dorsetmoor", "West Asia"),
    ("XXE", "Eldergrove", "East Asia"),
    ("XXF", "Farrowdale", "South Asia"),
    ("XXG", "Gildenport", "North America"),
]

#: printed by `make demo`; demo databases hold fictional data only
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105


@dataclass(frozen=True)
class Login:
    email: str
    password: str
    role: str
    member: str


def ensure_members() -> dict[str, Member]:
    codes = [code for code, *_ in FICTIONAL]
    existing = {m.code: m for m in db.session.scalars(select(Member).where(Member.code.in_(codes)))}
    for code, name, sub_region in FICTIONAL:
        if code not in existing:
            existing[code] = Member(code=code, name=name, sub_region=sub_region, is_fictional=True,
                                    note="Fictional jurisdiction (demo data)")
            db.session.add(existing[code])
    db.session.flush()
    return existing


def ensure_user(email: str, role: str, member: Member | None) -> Login:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        name = email.split("@")[0].replace(".", " ").title()
        create_user(email, role, member=member, password=DEMO_PASSWORD, name=name)
    return Login(email, DEMO_PASSWORD, role, member.name if member else "RSO")


def load_demo() -> list[Login]:
    """Create (or complete) the demo data; safe to run again. Returns the demo sign-ins."""
    members = ensure_members()
    logins = [
        ensure_user("admin@rso.example", "admin", None),
        ensure_user("analyst@rso.example", "rso_analyst", None),
    ]
    for code in ("XA", "XB", "XC"):
        slug = code.lower()
        logins.append(ensure_user(f"focal.{slug}@demo.example", "focal_point", members[code]))
        logins.append(ensure_user(f"contributor.{slug}@demo.example", "contributor", members[code]))
    return logins
