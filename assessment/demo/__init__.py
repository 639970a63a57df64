"""Demo data: fictional jurisdictions (never real members) over two cycles, with assessments in every state,
users for three of them, an RSO analyst and an administrator. Safe to run again: it only adds what is missing."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from assessment.audit import Actor
from assessment.auth.operations import create_user
from assessment.demo.capacity import capacity_answers
from assessment.extensions import db
from assessment.models import Assessment, Cycle, Member, User, utcnow
from assessment.responses import operations
from assessment.services.registry import registry
from assessment.vocabulary import Role, Status
from questionnaires.conditions import visibility
from questionnaires.model import Question, Questionnaire
from questionnaires.types import kind_of
from scoring.answers import canonical_answer

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
LANDLOCKED = {"XO", "XU", "XXD"}

#: printed by `make demo`; demo databases hold fictional data only
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105
QUESTIONNAIRE = ("legislative_framework", 1)
CYCLES = [("2024", "Cycle 2024"), ("2026", "Cycle 2026")]
#: the cycle on questionnaire version 2: a few drafts pre-filled from the 2026 submissions through the migration,
#: and one member (MOVED_MEMBER) whose draft was started on version 1 and then moved
CYCLE_V2 = ("2027", "Cycle 2027 (questionnaire version 2)", 2)
CYCLE_V2_MEMBERS = ("XA", "XB", "XC")
MOVED_MEMBER = "XA"

#: how the 2026 assessments end up (everyone else is validated)
STATES_2026 = {
    "XA": Status.DRAFT,  # the demo focal point's own draft, about two thirds done
    "XB": Status.SUBMITTED,  # awaiting RSO review
    "XC": Status.CHANGES_REQUESTED,
    "XD": Status.SUBMITTED,
    "XE": Status.DRAFT,
    "XF": Status.DRAFT,
    "XG": Status.SUBMITTED,
}
#: members that keep their 2026 results to themselves (the rest share)
NOT_SHARING = {"XC", "XE", "XH", "XQ", "XV", "XXC"}
#: sharing began with few members: in 2024 only these four shared, fewer than the five that figures across
#: members need, so "Shared with us" for 2024 lists them without aggregates
SHARING_2024 = {"XA", "XB", "XD", "XG"}
#: the laws an answer in each section would cite, by the start of the section's id (the first match counts)
ACTS_BY_SECTION = [
    ("crim_tip", ("Anti-Trafficking in Persons Act", "Penal Code")),
    ("crim_smuggling", ("Immigration Act", "Penal Code")),
    ("crim_organised", ("Penal Code", "Criminal Procedure Code")),
    ("crim_corruption", ("Prevention of Corruption Act", "Penal Code")),
    ("crim_protection", ("Witness Protection Act", "Anti-Trafficking in Persons Act")),
    ("crim_", ("Penal Code",)),
    ("ml_", ("Anti-Money Laundering Act", "Penal Code")),
    ("aml_", ("Anti-Money Laundering Act",)),
    ("confiscation", ("Proceeds of Crime Act",)),
    ("assets_", ("Proceeds of Crime Act", "Anti-Trafficking in Persons Act")),
    ("extradition", ("Extradition Act",)),
    ("mla_", ("Mutual Assistance in Criminal Matters Act",)),
    ("asset_cooperation", ("Mutual Assistance in Criminal Matters Act", "Proceeds of Crime Act")),
    ("law_enforcement", ("Criminal Procedure Code", "Anti-Money Laundering Act")),
    ("sea_", ("Maritime Zones Act", "Immigration Act")),
]
ACTS = sorted({act for _prefix, acts in ACTS_BY_SECTION for act in acts})
#: people's names for the demo sign-ins (one name per person, on every page)
DEMO_NAMES = {
    "admin@rso.example": "Rosa Delgado",
    "analyst@rso.example": "Tomas Varga",
    "focal.xa@demo.example": "Mei Lin Tan",
    "contributor.xa@demo.example": "Arif Rahman",
    "focal.xb@demo.example": "Sione Taufa",
    "contributor.xb@demo.example": "Leilani Kahale",
    "focal.xc@demo.example": "Priya Nair",
    "contributor.xc@demo.example": "Daniel Okoro",
}


def acts_for(question: Question) -> tuple[str, ...]:
    """The laws an answer to ``question`` would plausibly cite (by its section)."""
    return next((acts for prefix, acts in ACTS_BY_SECTION if question.section_id.startswith(prefix)),
                ("Penal Code",))


def act_year(member_code: str, act: str) -> int:
    """The year a fictional member's act was passed: one year per member and act, whatever the cycle."""
    return 1995 + sum(map(ord, f"{member_code}:{act}")) * 7 % 29


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
        name = DEMO_NAMES.get(email) or email.split("@")[0].replace(".", " ").title()
        create_user(email, role, member=member, password=DEMO_PASSWORD, name=name)
    return Login(email, DEMO_PASSWORD, role, member.name if member else "RSO")


# --------------------------------------------------------------------------- invented answers


def _strength(code: str) -> float:
    """A stable 'how complete is this member's law' figure between 0.35 and 0.95."""
    return 0.35 + (sum(map(ord, code)) * 37 % 61) / 100


def _profile_answer(question: Question, member: Member, rng: random.Random) -> dict[str, Any] | None:
    qid = question.id
    if qid == "asean_member":
        return {"value": member.sub_region == "South-East Asia"}
    if qid.startswith("party_"):
        return {"value": rng.random() < 0.85}
    if qid == "has_coastline":
        return {"value": member.code not in LANDLOCKED}
    if qid == "has_ship_registry":
        return {"value": member.code not in LANDLOCKED and rng.random() < 0.7}
    if qid.startswith("member_"):
        return {"value": qid == "member_apg" or (qid == "member_fatf" and rng.random() < 0.1)}
    if qid == "fiu_exists":
        return {"value": rng.random() < 0.9}
    if qid in _PROFILE_NUMBERS:
        return {"value": rng.randint(*_PROFILE_NUMBERS[qid])}
    key = qid.rsplit("_", 1)[-1] if qid.endswith(("_reservations", "_territorial")) else qid
    if key in _PROFILE_TEXTS:
        options = _PROFILE_TEXTS[key]
        # one draw from four, as before, so that the answers after this one stay as they were
        return {"value": options[rng.choice(range(4)) % len(options)]}
    return kind_of(question).demo_value(rng, True, 1.0) or None


#: the ranges of invented answers to the Profile's number questions
_PROFILE_NUMBERS = {"mer_year": (2017, 2025)}

#: invented answers to the Profile's free-text questions, by question id (treaty questions by their ending)
_PROFILE_TEXTS = {
    "reservations": ["None.", "None.", "Declaration on the central authority and the language of requests.",
                     "Reservation to the dispute-settlement article."],
    "territorial": ["Whole territory.", "Whole territory.", "Whole territory except the autonomous islands."],
    "central_authority_name": ["Attorney-General's Chambers, International Affairs Division",
                               "Ministry of Justice, International Cooperation Unit"],
    "extradition_authority_name": ["Ministry of Foreign Affairs, Legal Department",
                                   "Attorney-General's Chambers, International Affairs Division",
                                   "Ministry of Justice, International Cooperation Unit"],
    "fiu_name": ["Financial Intelligence Unit, Central Bank", "Financial Intelligence Unit, Ministry of Finance",
                 "Financial Intelligence Centre (independent agency)"],
}


def _scored_answer(question: Question, strength: float, rng: random.Random, member_code: str) -> dict[str, Any]:
    roll = rng.random()
    if roll < 0.04:
        return {"unknown": True}
    if question.precluded_allowed and roll < 0.07:
        return {"precluded": True, "justification": "The concept does not exist in our criminal law; preparatory "
                "acts are punished as separate offences instead."}
    good = rng.random() < strength
    answer = kind_of(question).demo_value(rng, good, strength)
    if not answer:
        return {}
    if rng.random() < 0.85:
        status = "in_force" if rng.random() < 0.93 else "bill"
        act = rng.choice(acts_for(question))
        # a bill has no year of enactment yet; an act's title carries the year it was passed
        year = act_year(member_code, act)
        answer["citations"] = [{"act": f"{act} {year}" if status == "in_force" else f"{act} (Amendment) Bill",
                                "section": f"s. {rng.randint(2, 180)}", "status": status,
                                **({"year": year} if status == "in_force" else {})}]
    if rng.random() < 0.08:
        answer["comment"] = rng.choice([
            "Covered through case law rather than statute.",
            "Amendment under discussion with the Law Reform Commission.",
            "Implementing regulations are still being drafted.",
        ])
    if not good and rng.random() < 0.15:
        answer["ta_request"] = {"category": rng.choice(["TA-LEG", "TA-CAP", "TA-INST"]),
                                "challenge": rng.choice(["capacity", "resources", "coordination", "legal_system"]),
                                "note": "Would welcome drafting support and a regional workshop."}
    return answer


def invented_answers(questionnaire: Questionnaire, member: Member, seed: str, share_answered: float,
                     improvement: float = 0.0) -> dict[str, dict[str, Any]]:
    """Plausible answers for a fictional member, deterministic for a given seed."""
    rng = random.Random(f"{member.code}:{seed}")
    # the Profile (treaty dates, authorities) is the same in every cycle
    profile_rng = random.Random(f"{member.code}:profile")
    strength = min(0.97, _strength(member.code) + improvement)
    answers: dict[str, dict[str, Any]] = {}
    for question in questionnaire.questions:
        if not question.scored:
            answer = _profile_answer(question, member, profile_rng)
        elif rng.random() < share_answered:
            answer = _scored_answer(question, strength, rng, member.code)
        else:
            continue
        if answer:
            answers[question.id] = canonical_answer(question, answer)
    answers.update(capacity_answers(questionnaire, member, seed))
    shown = visibility(questionnaire, answers)
    return {qid: a for qid, a in answers.items() if shown.get(qid)}


# --------------------------------------------------------------------------- assessments


def _write_answers(assessment: Assessment, answers: dict[str, dict[str, Any]], actor: Actor,
                   questionnaire: Questionnaire) -> None:
    operations.write_first_answers(assessment, answers, actor, questionnaire)


def _ensure_cycle(code: str, title: str, admin: User) -> Cycle:
    cycle = db.session.scalar(select(Cycle).where(Cycle.code == code))
    if cycle is None:
        cycle = Cycle(code=code, title=title, questionnaire_id=QUESTIONNAIRE[0],
                      questionnaire_version=QUESTIONNAIRE[1], opened_by_id=admin.id)
        db.session.add(cycle)
        db.session.flush()
    return cycle


def _assessment(member: Member, cycle: Cycle, previous: Assessment | None) -> tuple[Assessment, bool]:
    found = db.session.scalar(select(Assessment).where(Assessment.member_id == member.id,
                                                       Assessment.cycle_id == cycle.id))
    if found is not None:
        return found, False
    assessment = Assessment(member=member, cycle=cycle, questionnaire_id=cycle.questionnaire_id,
                            questionnaire_version=cycle.questionnaire_version,
                            prefilled_from_id=previous.id if previous else None)
    db.session.add(assessment)
    db.session.flush()
    return assessment, True


def _date_in_its_cycle(assessment: Assessment, opened: Any, number: int) -> None:
    """An earlier cycle's submission and validation dated within that cycle (months after it opened), never
    today."""
    submitted = opened + timedelta(days=120 + number * 3)
    for snapshot in assessment.snapshots:
        snapshot.created_at = submitted
        if snapshot.validated_at is not None:
            snapshot.validated_at = submitted + timedelta(days=45)
    if assessment.validated_at is not None:
        assessment.validated_at = submitted + timedelta(days=45)


def load_demo(progress: Callable[[str], None] | None = None) -> list[Login]:
    """Create (or complete) the demo data. Returns the demo sign-ins.

    :param progress: called with a line of progress now and then (``make demo`` prints them)
    """
    say = progress or (lambda _line: None)
    members = ensure_members()
    say(f"Loading demo data: {len(members)} fictional members, cycles {CYCLES[0][0]} and {CYCLES[1][0]} on "
        f"questionnaire version {QUESTIONNAIRE[1]}, {CYCLE_V2[0]} on version {CYCLE_V2[2]}...")
    logins = [ensure_user("admin@rso.example", Role.ADMIN, None),
              ensure_user("analyst@rso.example", Role.RSO_ANALYST, None)]
    for code in ("XA", "XB", "XC"):
        slug = code.lower()
        logins.append(ensure_user(f"focal.{slug}@demo.example", Role.FOCAL_POINT, members[code]))
        logins.append(ensure_user(f"contributor.{slug}@demo.example", Role.CONTRIBUTOR, members[code]))
    admin = db.session.scalar(select(User).where(User.email == "admin@rso.example"))
    analyst = db.session.scalar(select(User).where(User.email == "analyst@rso.example"))
    questionnaire = registry().get(*QUESTIONNAIRE)
    rso = Actor(analyst)

    old_cycle = _ensure_cycle(*CYCLES[0], admin)
    new_cycle = _ensure_cycle(*CYCLES[1], admin)
    old_cycle.opened_at = utcnow() - timedelta(days=720)
    for number, (code, member) in enumerate(members.items(), start=1):
        if number % 9 == 0 or number == len(members):
            say(f"  {number} of {len(members)} members")
        focal = db.session.scalar(select(User).where(User.email == f"focal.{code.lower()}@demo.example"))
        member_actor = Actor(focal) if focal is not None else Actor(label=f"Focal point of {member.name}")
        # 2024: everyone submitted, almost everyone validated
        first, created = _assessment(member, old_cycle, None)
        if created:
            _write_answers(first, invented_answers(questionnaire, member, "2024", 0.97), member_actor, questionnaire)
            operations.submit(first, member_actor)
            if code not in ("XXF", "XXG"):
                operations.validate(first, rso)
            _date_in_its_cycle(first, old_cycle.opened_at, number)
            first.shares_results = code in SHARING_2024
        # 2026: pre-filled from 2024, improved, in every state
        second, created = _assessment(member, new_cycle, first)
        if not created:
            continue
        state = STATES_2026.get(code, Status.VALIDATED)
        share = 0.65 if state == Status.DRAFT and code == "XA" else (0.4 if state == Status.DRAFT else 0.99)
        answers = invented_answers(questionnaire, member, "2026", share, improvement=0.12)
        _write_answers(second, answers, member_actor, questionnaire)
        if state != Status.DRAFT:
            operations.submit(second, member_actor)
            if state == Status.CHANGES_REQUESTED:
                operations.comment(second, rso, "Please add citations for the confiscation answers and confirm "
                                   "the position on non-conviction-based confiscation.", None)
                operations.request_changes(second, rso, "Citations missing in Following the money.")
            elif state == Status.VALIDATED:
                operations.validate(second, rso)
        second.shares_results = code not in NOT_SHARING
        if code == "XE":
            second.is_shared_with_rso = True
    db.session.flush()
    _load_version_two_cycle(members, admin, say)
    return logins


def _load_version_two_cycle(members: dict[str, Member], admin: User, say: Callable[[str], None]) -> None:
    """Cycle 2027 on questionnaire version 2: drafts pre-filled from each member's 2026 submission through the
    migration block, and one draft started on version 1 and moved to version 2 by the administrator."""
    from assessment.admin.operations import move_to_version, prefill_answers
    from assessment.admin.queries import last_snapshots

    code, title, version = CYCLE_V2
    cycle = db.session.scalar(select(Cycle).where(Cycle.code == code))
    if cycle is not None:
        return
    cycle = Cycle(code=code, title=title, questionnaire_id=QUESTIONNAIRE[0], questionnaire_version=version,
                  opened_by_id=admin.id)
    db.session.add(cycle)
    db.session.flush()
    target = registry().get(QUESTIONNAIRE[0], version)
    old = registry().get(*QUESTIONNAIRE)
    chosen = [members[c] for c in CYCLE_V2_MEMBERS if c in members]
    sources = last_snapshots([m.id for m in chosen], cycle)
    for member in chosen:
        focal = db.session.scalar(select(User).where(User.email == f"focal.{member.code.lower()}@demo.example"))
        actor = Actor(focal) if focal is not None else Actor(label=f"Focal point of {member.name}")
        source = sources.get(member.id)
        if member.code == MOVED_MEMBER:
            # started on version 1 before version 2 was published, with its 2026 working answers, then moved
            draft = Assessment(member=member, cycle=cycle, questionnaire_id=QUESTIONNAIRE[0],
                               questionnaire_version=QUESTIONNAIRE[1],
                               prefilled_from_id=source.assessment_id if source else None)
            db.session.add(draft)
            db.session.flush()
            _write_answers(draft, invented_answers(old, member, "2027", 0.8, improvement=0.18), actor, old)
            db.session.flush()
            result = move_to_version(draft, version, Actor(admin))
            say(f"  cycle {code}: {member.code} moved from version {QUESTIONNAIRE[1]} to {version} "
                f"({len(result.kept)} answers kept, {len(result.moved) - len(result.kept)} listed as moved)")
            continue
        draft = Assessment(member=member, cycle=cycle, questionnaire_id=QUESTIONNAIRE[0], questionnaire_version=version,
                           prefilled_from_id=source.assessment_id if source else None)
        db.session.add(draft)
        db.session.flush()
        answers = prefill_answers(target, source)[0] if source is not None else {}
        answers.update(capacity_answers(target, member, code))
        _write_answers(draft, answers, actor, target)
    db.session.flush()
    say(f"  cycle {code} on questionnaire version {version}: {len(chosen)} drafts")
