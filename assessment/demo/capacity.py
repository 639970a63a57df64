"""Demo answers to the "Capacity and practice" module: figures that read plausibly for the fictional members.

Each member gets stable traits (its size, which figures it does not collect, whether its confiscation or its
extradition practice is thin) and yearly figures that follow them, for the year before the cycle's year:
convictions below prosecutions below investigations, requests executed and refused within those received, a
median number of days only where requests were executed, money in round amounts. Deterministic for a member and
a cycle; nothing here for a questionnaire without the module.
"""

from __future__ import annotations

import random
import re
from typing import Any

from assessment.models import Member
from questionnaires.model import Questionnaire
from scoring.answers import canonical_answer
from scoring.capacity import NOT_COLLECTED, YEAR_QUESTION, capacity_questions

#: members whose confiscation practice is thin (law may be aligned, nothing confiscated) and those that never
#: send an extradition request: the RSO's list of training candidates has someone on it
THIN_CONFISCATION = {"XD", "XJ", "XT", "XXE"}
NO_EXTRADITION_SENT = {"XB", "XF", "XN", "XS", "XW"}
#: figures a member may not collect, by group (a member that does not keep them keeps none of the group)
GROUPS = {
    "assets": ("cap_assets_frozen", "cap_assets_confiscated", "cap_assets_returned"),
    "ml": ("cap_ml_investigations", "cap_ml_prosecutions", "cap_ml_convictions"),
    "training": ("cap_training_courses", "cap_training_people"),
    "medians": ("cap_mla_median_days", "cap_ext_median_days"),
}


def _year(seed: str) -> int | None:
    match = re.match(r"^(\d{4})", seed)
    return int(match.group(1)) - 1 if match else None


def _size(member: Member) -> float:
    """A stable size: small island members handle few cases, large ones many."""
    base = 0.3 if member.sub_region == "Pacific" else 1.0
    return base * (0.5 + (sum(map(ord, member.code)) * 13 % 17) / 8)


def _figures(member: Member, seed: str) -> dict[str, Any]:
    traits = random.Random(f"{member.code}:capacity")
    rng = random.Random(f"{member.code}:capacity:{seed}")
    size = _size(member)
    growth = 1.0 + 0.15 * (int(seed[:4]) - 2024 if seed[:4].isdigit() else 0) / 2
    missing = {name for name in GROUPS if traits.random() < 0.2}
    out: dict[str, Any] = {}

    def count(scale: float) -> int:
        return max(0, round(rng.gauss(scale * size * growth, scale * size * 0.2)))

    for crime, scale in (("tip", 30), ("som", 45), ("ml", 6)):
        investigations = count(scale)
        prosecutions = round(investigations * rng.uniform(0.3, 0.7))
        out[f"cap_{crime}_investigations"] = investigations
        out[f"cap_{crime}_prosecutions"] = prosecutions
        out[f"cap_{crime}_convictions"] = round(prosecutions * rng.uniform(0.4, 0.8))
    frozen = round(rng.uniform(40_000, 900_000) * size * growth, -3)
    confiscated = round(frozen * rng.uniform(0.2, 0.6), -3)
    if member.code in THIN_CONFISCATION:
        confiscated = 0
    out["cap_assets_frozen"] = frozen
    out["cap_assets_confiscated"] = confiscated
    out["cap_assets_returned"] = round(confiscated * rng.uniform(0, 0.3), -3)
    for kind, scale in (("mla", 25), ("ext", 4)):
        received = count(scale)
        executed = round(received * rng.uniform(0.5, 0.85))
        out[f"cap_{kind}_sent"] = 0 if kind == "ext" and member.code in NO_EXTRADITION_SENT else count(scale * 0.8)
        out[f"cap_{kind}_received"] = received
        out[f"cap_{kind}_executed"] = executed
        out[f"cap_{kind}_refused"] = min(received - executed, round(received * rng.uniform(0, 0.1)))
        out[f"cap_{kind}_median_days"] = round(rng.uniform(60, 240) * (2 if kind == "ext" else 1)) \
            if executed else NOT_COLLECTED
    courses = count(3)
    out["cap_training_courses"] = courses
    out["cap_training_people"] = courses * rng.randint(12, 30)
    for name in missing:
        for qid in GROUPS[name]:
            out[qid] = NOT_COLLECTED
    unit = ["none", "up_to_5", "up_to_20", "up_to_50", "over_50"]
    level = min(4, max(0, round(size * 1.6 + traits.random())))
    out["cap_unit_tip"] = unit[max(1, level)]
    out["cap_unit_som"] = unit[level]
    out["cap_unit_fin"] = unit[max(0, level - 1)]
    out["cap_unit_asset"] = unit[max(0, level - 2)] if member.code not in THIN_CONFISCATION else "none"
    routine = ["rarely", "sometimes", "often", "routine"]
    out["cap_pfi_tip"] = routine[min(3, level)] if member.code not in THIN_CONFISCATION else "rarely"
    out["cap_pfi_som"] = routine[max(0, min(3, level) - 1)]
    networks = ["member_regular", "member_occasional", "member_unused", "not_member"]
    out["cap_net_arin_ap"] = networks[traits.choice([0, 1, 1, 2])]
    out["cap_net_egmont"] = networks[traits.choice([0, 0, 1, 3])]
    out["cap_net_interpol"] = networks[traits.choice([0, 0, 1])]
    out["cap_net_mla"] = networks[traits.choice([1, 2, 3])]
    out["cap_ca_case_management"] = ["electronic", "spreadsheet", "paper"][min(2, max(0, 2 - level // 2))]
    return out


def capacity_answers(questionnaire: Questionnaire, member: Member, seed: str) -> dict[str, dict[str, Any]]:
    """Answers to the module's questions for a fictional member in the cycle ``seed`` (e.g. ``"2026"``); none
    where the questionnaire has no such module."""
    questions = {q.id: q for q in capacity_questions(questionnaire)}
    year = _year(seed)
    if not questions or year is None:
        return {}
    values: dict[str, Any] = {YEAR_QUESTION: year, **_figures(member, seed)}
    return {qid: canonical_answer(questions[qid], {"value": value}) for qid, value in values.items()
            if qid in questions}
