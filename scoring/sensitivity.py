"""How much the results of a region depend on the method's parameters.

Contract: :func:`sensitivity` is pure. For each member's answers it scores the questionnaire as it is and
again with one parameter changed at a time: each level weight one up and one down (a weight that would fall
to zero or below is left out, and said so), and the cap level 0.1 up and down (within 0 and 1). For each
change it counts the section bands that change, the overall bands that change, and the members whose rank
position (by overall gap, ties sharing a position) changes. Members are grouped by scoring method, since a
figure across members never mixes methods. Only counts are reported: no ranking of members ever leaves this
function. Imports neither Flask nor SQLAlchemy.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from questionnaires.model import Questionnaire, TACatalogue
from scoring.engine import score as score_answers
from scoring.engine import scoring_version_of

#: how far each parameter moves
WEIGHT_STEP = 1.0
CAP_STEP = 0.1


@dataclass(frozen=True)
class Case:
    """One member's answers to one questionnaire version."""

    member: str
    questionnaire: Questionnaire
    answers: Mapping[str, Any]
    member_is_state: bool = True


@dataclass(frozen=True)
class Variation:
    """One parameter changed: ``parameter`` is ``level_weight`` (of ``level``) or ``cap_level``."""

    parameter: str
    level: str | None
    change: float


def variations(questionnaire: Questionnaire) -> list[Variation]:
    """Each level weight ± :data:`WEIGHT_STEP`, then the cap level ± :data:`CAP_STEP`."""
    found = [Variation("level_weight", level, sign * WEIGHT_STEP)
             for level in questionnaire.scoring.level_weights for sign in (1, -1)]
    return [*found, Variation("cap_level", None, CAP_STEP), Variation("cap_level", None, -CAP_STEP)]


def varied(questionnaire: Questionnaire, variation: Variation) -> Questionnaire | None:
    """The questionnaire with one parameter changed, or ``None`` where the change leaves the parameter's range."""
    params = questionnaire.scoring
    if variation.parameter == "level_weight":
        weights = dict(params.level_weights)
        value = float(weights[variation.level]) + variation.change  # type: ignore[index]
        if value <= 0:
            return None
        weights[variation.level] = value  # type: ignore[index]
        params = dataclasses.replace(params, level_weights=weights)
    else:
        value = round(float(params.cap_level) + variation.change, 6)
        if not 0 <= value <= 1:
            return None
        params = dataclasses.replace(params, cap_level=value)
    return dataclasses.replace(questionnaire, scoring=params)


def _ranks(gaps: Mapping[str, float | None]) -> dict[str, int]:
    """Position by overall gap, smallest first; equal gaps share a position (1, 2, 2, 4)."""
    scored = sorted((g, m) for m, g in gaps.items() if g is not None)
    ranks: dict[str, int] = {}
    for i, (gap, member) in enumerate(scored):
        ranks[member] = i + 1 if i == 0 or scored[i - 1][0] != gap else ranks[scored[i - 1][1]]
    return ranks


def _figures(case: Case, questionnaire: Questionnaire, catalogue: TACatalogue | None
             ) -> tuple[dict[str, str | None], str | None, float | None]:
    result = score_answers(questionnaire, case.answers, ta_catalogue=catalogue, member_is_state=case.member_is_state)
    return ({s["id"]: s["band"] for s in result["sections"]}, result["overall"]["band"], result["overall"]["gap"])


def sensitivity(cases: Sequence[Case], *, ta_catalogue: TACatalogue | None = None) -> list[dict[str, Any]]:
    """The effect of each parameter change, per scoring method.

    :param cases: one per member (one cycle)
    :returns: one entry per scoring version present (newest first): ``{"scoring_version", "members",
        "sections", "variations": [{"parameter", "level", "change", "value", "section_bands_changed",
        "overall_bands_changed", "rank_positions_changed"}]}``; a change that leaves its range has ``value``
        ``None`` and no counts
    """
    groups: dict[str, list[Case]] = {}
    for case in cases:
        groups.setdefault(scoring_version_of(case.questionnaire), []).append(case)
    out = []
    for version in sorted(groups, reverse=True):
        members = sorted(groups[version], key=lambda c: c.member)
        base = {c.member: _figures(c, c.questionnaire, ta_catalogue) for c in members}
        base_ranks = _ranks({m: f[2] for m, f in base.items()})
        rows = []
        for variation in variations(members[0].questionnaire):
            # one changed questionnaire per version, shared by its members (scoring plans it once)
            versions = {id(c.questionnaire): c.questionnaire for c in members}
            once = {key: varied(q, variation) for key, q in versions.items()}
            changed = {c.member: once[id(c.questionnaire)] for c in members}
            if any(q is None for q in changed.values()):
                rows.append({"parameter": variation.parameter, "level": variation.level, "change": variation.change,
                             "value": None, "section_bands_changed": None, "overall_bands_changed": None,
                             "rank_positions_changed": None})
                continue
            after = {c.member: _figures(c, changed[c.member], ta_catalogue) for c in members}  # type: ignore[arg-type]
            after_ranks = _ranks({m: f[2] for m, f in after.items()})
            params = next(iter(changed.values())).scoring  # type: ignore[union-attr]
            rows.append({
                "parameter": variation.parameter,
                "level": variation.level,
                "change": variation.change,
                "value": float(params.level_weights[variation.level]) if variation.level else float(params.cap_level),
                "section_bands_changed": sum(1 for m in base for s, band in base[m][0].items()
                                             if after[m][0].get(s) != band),
                "overall_bands_changed": sum(1 for m in base if after[m][1] != base[m][1]),
                "rank_positions_changed": sum(1 for m in base_ranks if after_ranks.get(m) != base_ranks[m]),
            })
        out.append({"scoring_version": version, "members": len(members),
                    "sections": sum(1 for f in base.values() for band in f[0].values() if band is not None),
                    "variations": rows})
    return out
