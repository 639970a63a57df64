"""Carry a draft's answers from one questionnaire version to a newer one, following its migration block.

Contract: :func:`carry` is pure. Given the answers to the old version (question id → answer, without the
``version`` key, only answers that carry something), it returns the answers to the new version and one
:class:`Moved` record per old answer saying what became of it:

- ``kept``: asked again under the same id and carried unchanged;
- ``moved``: carried to another id or shape (renamed, inverted, split, merged), every question it feeds
  determined by the answers it has;
- ``left``: a question it feeds is not determined by the old answers (a component nobody answered yet, a
  choice that has no counterpart): that question is left unanswered for the member, with a note;
- ``not_carried``: the question changed meaning or was dropped, or the answer does not fit the new question;
  listed with its reason and the old answer.

Citations, comments and TA requests go with the value: a question fed by several old answers gets all their
citations, their comments (each marked with the old question it came from) and the first TA request.
Without a migration block, answers are matched by question id (the rule before version 2). New questions
start unanswered. Nothing here imports Flask or SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from questionnaires.migration import Entry, Migration, Part
from questionnaires.model import Question, Questionnaire, tr
from questionnaires.types import answer_in_words, kind_of
from scoring.answers import answer_flag as flag_of
from scoring.answers import canonical_answer, check_answer

KEPT, MOVED, LEFT, NOT_CARRIED = "kept", "moved", "left", "not_carried"
#: a component's state from an old answer: covered, not covered, unknown, or undetermined (None)
_UNKNOWN = "unknown"


@dataclass(frozen=True)
class Moved:
    """What became of one old answer."""

    old_id: str
    action: str
    outcome: str
    #: the questions of the new version it feeds
    targets: tuple[str, ...]
    #: why it was not carried, or what the member should do (English)
    reason: str = ""
    #: the old answer in words
    old_answer: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"old_id": self.old_id, "action": self.action, "outcome": self.outcome, "targets": list(self.targets),
                "reason": self.reason, "old_answer": self.old_answer}


@dataclass
class Carried:
    """The answers to the new version and what became of each old answer."""

    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    moved: list[Moved] = field(default_factory=list)
    #: questions of the new version no old answer feeds (they start unanswered)
    new_questions: tuple[str, ...] = ()

    def by_outcome(self, outcome: str) -> list[Moved]:
        return [m for m in self.moved if m.outcome == outcome]


@dataclass
class _Feed:
    """What the old answers say about one question of the new version."""

    whole: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    states: dict[str, Any] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    undetermined: list[str] = field(default_factory=list)


def _entry(migration: Migration | None, old: Question, target: Questionnaire) -> Entry:
    if migration is not None and old.id in migration.entries:
        return migration.entries[old.id]
    if target.has_question(old.id):
        return Entry(old.id, "same", (Part(old.id, "whole"),))
    return Entry(old.id, "dropped", (), reason={"en": f"version {target.version} does not ask this question"})


def _component_states(question: Question, answer: Mapping[str, Any]) -> dict[str, Any]:
    """Each component of a coverage answer: True (covered), False, "unknown", or None (answer flagged N/A...)."""
    flag = flag_of(question, answer)
    if flag == "unknown":
        return {c.id: _UNKNOWN for c in question.components}
    if flag is not None or not isinstance(answer.get("value"), list):  # flagged N/A..., or no value (a comment)
        return {c.id: None for c in question.components}
    covered = set(answer.get("value") or ())
    unknown = set(answer.get("unknown_components") or ())
    return {c.id: True if c.id in covered else _UNKNOWN if c.id in unknown else False for c in question.components}


def _yes_no(question: Question, answer: Mapping[str, Any]) -> Any:
    flag = flag_of(question, answer)
    if flag == "unknown":
        return _UNKNOWN
    if flag is not None or not isinstance(answer.get("value"), bool):
        return None
    return answer["value"]


def _meta(answer: Mapping[str, Any]) -> dict[str, Any]:
    return {k: answer[k] for k in ("citations", "comment", "ta_request") if answer.get(k)}


def carry(
    previous: Questionnaire, target: Questionnaire, migration: Migration | None,
    answers: Mapping[str, Mapping[str, Any]],
) -> Carried:
    """Carry ``answers`` to ``previous`` over to ``target`` (see the module contract)."""
    feeds: dict[str, _Feed] = {}
    entries: dict[str, Entry] = {}
    result = Carried()
    pending: dict[str, Moved] = {}
    for old_id, answer in answers.items():
        if not previous.has_question(old_id):
            result.moved.append(Moved(old_id, "dropped", NOT_CARRIED, (), f"version {previous.version} has no such "
                                      "question", str(answer.get("value", ""))))
            continue
        old = previous.question(old_id)
        entry = entries[old_id] = _entry(migration, old, target)
        words = answer_in_words(old, answer)
        if entry.action in ("changed", "dropped"):
            targets = entry.targets or ((entry.to,) if entry.to else ())
            result.moved.append(Moved(old_id, entry.action, NOT_CARRIED, targets, tr(entry.reason), words))
            continue
        for part in entry.parts:
            feed = feeds.setdefault(part.question, _Feed())
            feed.sources.append(old_id)
            _feed(feed, old, answer, part, target.question(part.question))
        pending[old_id] = Moved(old_id, entry.action, KEPT if entry.action == "same" else MOVED, entry.targets,
                                tr(entry.note), words)

    outcome: dict[str, tuple[bool, str]] = {}
    for question_id, feed in feeds.items():
        question = target.question(question_id)
        answer, why = _settle(question, feed)
        if answer is not None:
            problems = check_answer(question, answer)
            if problems:
                answer, why = None, "the answer does not fit the new question: " + "; ".join(map(str, problems))
        if answer is not None:
            result.answers[question_id] = canonical_answer(question, answer)
        outcome[question_id] = (answer is not None, why)

    for old_id, moved in pending.items():
        failed = [(t, outcome[t][1]) for t in moved.targets if not outcome[t][0]]
        if failed:
            reasons = "; ".join(f"{t}: {why}" for t, why in failed)
            note = f"{reasons}. {moved.reason}".strip() if moved.reason else reasons
            result.moved.append(Moved(old_id, moved.action, LEFT, moved.targets, note, moved.old_answer))
        else:
            result.moved.append(moved)
    result.moved.sort(key=lambda m: (_ORDER[m.outcome], m.old_id))
    result.new_questions = new_questions(previous, target, migration)
    return result


_ORDER = {NOT_CARRIED: 0, LEFT: 1, MOVED: 2, KEPT: 3}


def new_questions(previous: Questionnaire, target: Questionnaire, migration: Migration | None) -> tuple[str, ...]:
    """The questions of ``target`` that no question of ``previous`` becomes: asked for the first time."""
    fed = {q.id for q in previous.questions if target.has_question(q.id)}
    for old in previous.questions:
        entry = _entry(migration, old, target)
        fed.update(entry.targets)
        if entry.to:
            fed.add(entry.to)
    return tuple(q.id for q in target.questions if q.id not in fed)


def _feed(feed: _Feed, old: Question, answer: Mapping[str, Any], part: Part, question: Question) -> None:
    """Add what ``answer`` (to ``old``) says about ``question`` through ``part``."""
    if part.kind == "whole":
        mapped = _mapped_whole(old, answer, part)
        if kind_of(question).has_components and flag_of(old, answer) is None and \
                isinstance(answer.get("value"), list):
            states = _component_states(old, mapped if mapped is not None else answer)
            for component_id, state in states.items():
                feed.states[component_id] = state
            feed.whole.append((old.id, _meta(answer)))
        elif mapped is None:
            feed.undetermined.append(f"the choice has no counterpart in version {question.id}")
        else:
            feed.whole.append((old.id, mapped))
    elif part.kind == "negate":
        value = _yes_no(old, answer)
        carried = dict(answer)
        if isinstance(value, bool):
            carried["value"] = not value
        feed.whole.append((old.id, carried))
    elif part.kind == "component":
        feed.states[part.component or ""] = _yes_no(old, answer)
        feed.whole.append((old.id, _meta(answer)))
    elif part.kind == "components":
        states = _component_states(old, answer)
        for old_c, new_c in part.components.items():
            if new_c is not None:
                feed.states[new_c] = states.get(old_c)
        feed.whole.append((old.id, _meta(answer)))
    elif part.kind in ("from_component", "any_of"):
        states = _component_states(old, answer)
        picked = [states.get(part.from_component or "")] if part.kind == "from_component" else \
            [states.get(c) for c in part.any_of]
        if any(s is True for s in picked):
            value: Any = True
        elif any(s is None for s in picked):
            value = None
        elif any(s == _UNKNOWN for s in picked):
            value = _UNKNOWN
        else:
            value = False
        feed.states["__value__"] = value
        feed.whole.append((old.id, _meta(answer)))


def _mapped_whole(old: Question, answer: Mapping[str, Any], part: Part) -> dict[str, Any] | None:
    """The old answer with component and choice ids mapped (``None``: a choice without counterpart)."""
    carried = dict(answer)
    if kind_of(old).has_components:
        def mapped(ids: Any) -> list[str]:
            return [part.components.get(i, i) for i in ids or () if part.components.get(i, i) is not None]
        if "value" in carried and isinstance(carried["value"], list):
            carried["value"] = mapped(carried["value"])
        if carried.get("unknown_components"):
            carried["unknown_components"] = mapped(carried["unknown_components"])
    if kind_of(old).has_choices and isinstance(carried.get("value"), str) and carried["value"] in part.choices:
        new = part.choices[carried["value"]]
        if new is None:
            return None
        carried["value"] = new
    return carried


def _settle(question: Question, feed: _Feed) -> tuple[dict[str, Any] | None, str]:
    """The answer to ``question`` the feeds determine, or ``None`` with the reason."""
    if feed.undetermined:
        return None, "; ".join(feed.undetermined)
    metas = [meta for _, meta in feed.whole]
    if kind_of(question).has_components and feed.states:
        missing = [c.id for c in question.components if feed.states.get(c.id) is None]
        if missing:
            labels = ", ".join(f"'{tr(question.component(c).label)}'" for c in missing if question.component(c))
            return None, f"answer it again: it now also asks about {labels}"
        answer = {"value": [c.id for c in question.components if feed.states[c.id] is True]}
        unknown = [c.id for c in question.components if feed.states[c.id] == _UNKNOWN]
        if unknown:
            answer["unknown_components"] = unknown
        return _with_meta(answer, feed, metas), ""
    if "__value__" in feed.states:
        value = feed.states["__value__"]
        if value is None:
            return None, "the old answer does not say"
        answer = {"unknown": True} if value == _UNKNOWN else {"value": value}
        return _with_meta(answer, feed, metas), ""
    if len(feed.whole) == 1:
        return dict(feed.whole[0][1]), ""
    return None, "several old answers feed it; answer it again"


def _with_meta(answer: dict[str, Any], feed: _Feed, metas: list[dict[str, Any]]) -> dict[str, Any]:
    citations: list[Any] = []
    for meta in metas:
        for citation in meta.get("citations") or ():
            if citation not in citations:
                citations.append(citation)
    if citations:
        answer["citations"] = citations
    comments = [(old_id, meta["comment"]) for old_id, meta in feed.whole if meta.get("comment")]
    if len(comments) == 1:
        answer["comment"] = comments[0][1]
    elif comments:
        answer["comment"] = "\n\n".join(f"[{old_id}] {text}" for old_id, text in comments)
    requests = [meta["ta_request"] for meta in metas if meta.get("ta_request")]
    if requests:
        answer["ta_request"] = requests[0]
    return answer
