"""A readable plain-text report of a result document (what ``assessment score`` prints).

Contract: :func:`text_report` is pure: it reads a result from :func:`scoring.engine.score` (and, when given,
the questionnaire for question texts) and returns text with the overall, module and section figures and
bands, completeness and "provisional", the critical gaps, and the top TA items. It always says that the
results are self-assessed and that the bands are not FATF ratings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from questionnaires.model import Questionnaire, tr
from scoring.words import CAP_REASONS, cap_words, method_words, next_band_words, profile_words, weakest_words

DISCLAIMER = (
    "These results are self-assessed by the member and have not been verified by any assessment body. "
    "The bands (aligned, largely aligned, partly aligned, not aligned) describe the member's own answers "
    "against the instruments; they are not FATF ratings."
)
BAND_LABELS = {
    "aligned": "aligned",
    "largely_aligned": "largely aligned",
    "partly_aligned": "partly aligned",
    "not_aligned": "not aligned",
    None: "no score",
}


def _gap(value: float | None) -> str:
    return "  –  " if value is None else f"{value:5.1f}"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def _band(figures: Mapping[str, Any]) -> str:
    text = BAND_LABELS[figures["band"]]
    return text + (" (provisional)" if figures["provisional"] else "")


def _figures_line(label: str, figures: Mapping[str, Any], width: int) -> str:
    line = (f"{label:<{width}}  gap {_gap(figures['gap'])}  {_band(figures):<32}"
            f"complete {_percent(figures['completeness']):>4}")
    if figures.get("critical_gaps"):
        line += f"  critical gaps: {figures['critical_gaps']}"
    return line.rstrip()


def text_report(result: Mapping[str, Any], questionnaire: Questionnaire | None = None, *, top: int = 10) -> str:
    """The result as plain text for a terminal or an e-mail.

    :param result: a result document from :func:`scoring.engine.score`
    :param questionnaire: the questionnaire scored, to show question texts beside critical gaps (optional)
    :param top: how many TA items to list
    """
    ref = result["questionnaire"]
    who = ", ".join(part for part in (
        f"member {result['member']}" if result.get("member") else "",
        f"cycle {result['cycle']}" if result.get("cycle") else "",
    ) if part)
    overall = result["overall"]
    lines = [
        f"Legislative self-assessment: {ref['id']} version {ref['version']}" + (f" ({who})" if who else ""),
        f"Scoring method version {result['scoring_version']}. {method_words(result['scoring_version'])}",
        "",
        DISCLAIMER,
        "",
        f"Overall gap {_gap(overall['gap']).strip()} — {_band(overall)}; "
        f"completeness {_percent(overall['completeness'])}; critical gaps: {overall['critical_gaps']}",
    ]
    extras = []
    if overall["beyond_minimum_gap"] is not None:
        extras.append(f"beyond the minimum: gap {overall['beyond_minimum_gap']:.1f}")
    if overall["if_bills_pass_gap"] is not None and overall["if_bills_pass_gap"] != overall["gap"]:
        extras.append(f"if pending bills pass: gap {overall['if_bills_pass_gap']:.1f}")
    if overall.get("obligations_gap") is not None and overall["obligations_gap"] != overall["gap"]:
        extras.append(f"obligations only: gap {overall['obligations_gap']:.1f}")
    if overall.get("best_case_gap") is not None and overall["best_case_gap"] != overall["gap"]:
        extras.append(f"best case: gap {overall['best_case_gap']:.1f}")
    if extras:
        lines.append("  (" + "; ".join(extras) + ")")
    sections = {s["id"]: s["title"] for s in result["sections"]}
    if overall.get("weakest"):
        lines.append(f"{weakest_words(overall, sections)} Sections by band: {profile_words(overall['profile'])}.")
    if overall.get("unanswered") or overall.get("unknown"):
        lines.append(f"{overall['unknown']} unknown and {overall['unanswered']} unanswered questions score 0.")
    lines.append("Gap = 100 × (1 − score): 0 means the law as answered meets every core requirement.")

    width = max([len(m["title"]) for m in result["modules"]]
                + [len(s["title"]) + 2 for s in result["sections"]] + [10])
    lines += ["", "Modules and sections"]
    for module in result["modules"]:
        lines.append(_figures_line(module["title"], module, width))
        for section in (s for s in result["sections"] if s["module"] == module["id"]):
            line = _figures_line("  " + section["title"], {**section, "critical_gaps": 0}, width)
            if section["capped_by"]:
                line += f"  capped by: {'; '.join(cap_words(c) for c in section['capped_by'])}"
            lines.append(line)
            if section.get("next_band"):
                lines.append(f"  {' ' * width}  what it would take: {next_band_words(section['next_band'])}")

    lines += ["", "Critical gaps (each keeps its section at partly aligned or below)"]
    gaps = [(s, q) for s in result["sections"] if s["explanation"]["cap"] for q in s["explanation"]["cap"]["questions"]]
    if not gaps:
        lines.append("  none")
    for section, item in gaps:
        text = ""
        if questionnaire is not None and questionnaire.has_question(item["question"]):
            text = f" — {tr(questionnaire.question(item['question']).text)}"
        component = f", component {item['component']}" if item.get("component") else ""
        reason = CAP_REASONS.get(item["reason"], item["reason"])
        lines.append(f"  {item['question']} ({section['title']}{component}): {reason}{text}")

    items = list(result["ta"])[:top]
    lines += ["", f"Recommended technical assistance (top {len(items)} of {len(result['ta'])})"]
    if not items:
        lines.append("  none")
    for n, item in enumerate(items, 1):
        tags = [f"priority {item['priority']:g}"]
        if item["self_requested"]:
            tags.append("requested by the member")
        lines.append(f"  {n}. [{item['category'] or '?'}] {item['id']} ({'; '.join(tags)})")
        if item["text"]:
            lines.append(f"     {item['text']}")
        if item["triggered_by"]:
            lines.append(f"     triggered by: {', '.join(item['triggered_by'])}")
        for request in item["self_requested"]:
            note = f": {request['note']}" if request["note"] else ""
            challenge = f" (challenge: {request['challenge'].replace('_', ' ')})" if request["challenge"] else ""
            lines.append(f"     requested on {request['question']}{challenge}{note}")

    if result["warnings"]:
        lines += ["", "Warnings"]
        lines += [f"  {w['question'] or '-'}: {w['message']}" for w in result["warnings"]]
    return "\n".join(lines) + "\n"
