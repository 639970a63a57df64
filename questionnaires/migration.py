"""What became of each question of the previous version: the ``migration`` block of a questionnaire.

Contract: a questionnaire of version N may carry ``migration`` with ``from_version`` (N - 1, or any earlier
version) and one entry per question of that version, keyed by its id:

- ``same``: asked again under the same id (with ``components`` / ``choices`` maps where ids changed);
- ``renamed``: the same question under the id in ``to`` (maps as for ``same``);
- ``inverted``: a yes/no question turned around; the answer is carried negated to ``to``;
- ``split``: its parts go to the questions listed in ``into``: each takes some old components (``components``:
  old id to its own id), or one old component as its yes or no (``from_component``), or the whole answer;
- ``merged``: it joins the question ``to``: a yes/no becomes its component ``component``; a coverage question's
  components become its components (``components``);
- ``changed``: ``to`` (if any) now asks something else; the answer is not carried and is listed with ``reason``;
- ``dropped``: no longer asked; listed with ``reason``.

:func:`migration_problems` checks a declaration against the previous version: every question accounted for,
every target and component existing, types that can carry the answer, and a reason wherever something is not
carried. :func:`read_migration` gives the parsed declaration. Carrying answers is :mod:`scoring.migration`.
Nothing here imports Flask or SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from questionnaires.model import Question, Questionnaire, Text
from questionnaires.types import TYPES

ACTIONS = ("same", "renamed", "inverted", "split", "merged", "changed", "dropped")



def _yes_no(type_name: Any) -> bool:
    return bool(getattr(TYPES.get(type_name), "is_yes_no", False))


def _listed(type_name: Any) -> bool:
    """A list of components (coverage)."""
    return bool(getattr(TYPES.get(type_name), "has_components", False))


def _chosen(type_name: Any) -> bool:
    return bool(getattr(TYPES.get(type_name), "has_choices", False))


if TYPE_CHECKING:
    from questionnaires.loader import Problem


@dataclass(frozen=True)
class Part:
    """One question of the new version fed by (part of) an old answer."""

    question: str
    #: ``whole`` (the answer as it is), ``negate`` (a yes/no turned around), ``component`` (a yes/no becomes
    #: the component ``component``), ``components`` (old components mapped), ``from_component`` (one old
    #: component becomes a yes/no), ``any_of`` (a yes/no that is "yes" when any of the old components is covered)
    kind: str
    component: str | None = None
    components: Mapping[str, str | None] = field(default_factory=dict)
    from_component: str | None = None
    choices: Mapping[str, str | None] = field(default_factory=dict)
    #: ``any_of`` parts: the old components any one of which makes the yes/no question "yes"
    any_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """What became of one old question."""

    old_id: str
    action: str
    parts: tuple[Part, ...]
    to: str | None = None
    reason: Text | None = None
    note: Text | None = None

    @property
    def targets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.question for p in self.parts))


@dataclass(frozen=True)
class Migration:
    from_version: int
    entries: Mapping[str, Entry]


def _entry(old_id: str, raw: Mapping[str, Any]) -> Entry:
    action = raw["action"]
    to: Any = raw.get("to")
    components = dict(raw.get("components") or {})
    choices = dict(raw.get("choices") or {})
    parts: list[Part] = []
    if action == "same":
        parts.append(Part(old_id, "whole", components=components, choices=choices))
    elif action == "renamed":
        parts.append(Part(to, "whole", components=components, choices=choices))
    elif action == "inverted":
        parts.append(Part(to, "negate"))
    elif action == "merged":
        if raw.get("component"):
            parts.append(Part(to, "component", component=raw["component"]))
        else:
            parts.append(Part(to, "components", components=components))
    elif action == "split":
        for part in raw["into"]:
            if part.get("from_component"):
                parts.append(Part(part["question"], "from_component", from_component=part["from_component"]))
            elif part.get("any_of"):
                parts.append(Part(part["question"], "any_of", any_of=tuple(part["any_of"])))
            elif "components" in part:
                parts.append(Part(part["question"], "components", components=dict(part["components"])))
            else:
                parts.append(Part(part["question"], "whole"))
    return Entry(old_id, action, tuple(parts), to, raw.get("reason"), raw.get("note"))


def read_migration(document: Mapping[str, Any]) -> Migration | None:
    """The parsed ``migration`` block of a questionnaire document that passed its checks (``None``: none)."""
    block = document.get("migration")
    if not isinstance(block, Mapping):
        return None
    return Migration(int(block["from_version"]),
                     {old_id: _entry(old_id, raw) for old_id, raw in block["questions"].items()})


# --------------------------------------------------------------------------- checks


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def migration_problems(
    document: Mapping[str, Any], previous: Questionnaire | None, current: Mapping[Any, Mapping[str, Any]]
) -> Iterator[Problem]:
    """Every problem of ``document``'s migration block.

    :param previous: the questionnaire version migrated from (``None``: it could not be found)
    :param current: question id → question object of ``document``
    """
    from questionnaires.loader import Problem

    block = _as_dict(document.get("migration"))
    if not block:
        return
    where = "$.migration"
    version = document.get("version")
    from_version = block.get("from_version")
    if isinstance(version, int) and isinstance(from_version, int) and from_version >= version:
        yield Problem(f"{where}.from_version", f"must be an earlier version than {version}")
        return
    if previous is None:
        yield Problem(f"{where}.from_version",
                      f"there is no version {from_version} of questionnaire {document.get('id')!r} to migrate from")
        return
    entries = _as_dict(block.get("questions"))
    old_ids = [q.id for q in previous.questions]
    for old_id in old_ids:
        if old_id not in entries:
            yield Problem(f"{where}.questions",
                          f"version {previous.version} question {old_id!r} is not accounted for: say what became of it")
    for old_id, raw in entries.items():
        path = f"{where}.questions.{old_id}"
        if not previous.has_question(old_id):
            yield Problem(path, f"version {previous.version} has no question {old_id!r}")
            continue
        raw = _as_dict(raw)
        if raw.get("action") not in ACTIONS:
            continue  # the schema says why
        yield from _entry_problems(path, previous.question(old_id), raw, current, Problem)


def _entry_problems(
    path: str, old: Question, raw: Mapping[str, Any], current: Mapping[Any, Mapping[str, Any]], problem: Any
) -> Iterator[Any]:
    action = raw["action"]
    to: Any = raw.get("to")
    has_reason = bool(_as_dict(raw.get("reason")).get("en"))
    if to is not None and to not in current:
        yield problem(f"{path}.to", f"this version has no question {to!r}")
        return
    if action == "same":
        if old.id not in current:
            yield problem(path, f"'same' but this version has no question {old.id!r}; say 'renamed', 'changed' or "
                                "'dropped'")
            return
        yield from _whole_problems(path, old, current[old.id], raw, has_reason, problem)
    elif action == "renamed":
        if to == old.id:
            yield problem(f"{path}.to", "a renamed question needs a new id; use 'same'")
        yield from _whole_problems(path, old, current[to], raw, has_reason, problem)
    elif action == "inverted":
        if not _yes_no(old.type) or not _yes_no(current[to].get("type")):
            yield problem(path, "only a yes/no question can be inverted into a yes/no question")
        elif old.scored and current[to].get("scored") and old.compliant_answer == current[to].get("compliant_answer"):
            yield problem(path, "an inverted question has the opposite compliant answer")
    elif action == "merged":
        target = current[to]
        target_components = {_as_dict(c).get("id") for c in target.get("components") or ()}
        if raw.get("component"):
            if not _yes_no(old.type):
                yield problem(path, "only a yes/no question can become one component of another question")
            if not _listed(target.get("type")) or raw["component"] not in target_components:
                yield problem(f"{path}.component", f"{to!r} has no component {raw['component']!r}")
        else:
            yield from _component_map_problems(path, old, target, raw.get("components"), has_reason, problem,
                                               complete=True)
    elif action == "split":
        mapped: set[str] = set()
        for i, part in enumerate(raw.get("into") or ()):
            part = _as_dict(part)
            qid = part.get("question")
            part_path = f"{path}.into[{i}]"
            if qid not in current:
                yield problem(f"{part_path}.question", f"this version has no question {qid!r}")
                continue
            target = current[qid]
            if part.get("from_component"):
                if old.component(part["from_component"]) is None:
                    yield problem(f"{part_path}.from_component", f"{old.id!r} has no component "
                                                                 f"{part['from_component']!r}")
                if not _yes_no(target.get("type")):
                    yield problem(part_path, f"{qid!r} must be a yes/no question to take one component")
                mapped.add(part["from_component"])
            elif part.get("any_of"):
                for component_id in part["any_of"]:
                    if old.component(component_id) is None:
                        yield problem(f"{part_path}.any_of", f"{old.id!r} has no component {component_id!r}")
                if not _yes_no(target.get("type")):
                    yield problem(part_path, f"{qid!r} must be a yes/no question to take 'any_of'")
            elif "components" in part:
                yield from _component_map_problems(part_path, old, target, part["components"], has_reason,
                                                   problem, complete=False)
                mapped.update(_as_dict(part["components"]))
            elif target.get("type") != old.type:
                yield problem(part_path, f"{qid!r} is a {target.get('type')} question and cannot take the whole "
                                         f"{old.type} answer")
            else:
                yield from _whole_problems(part_path, old, target, {}, has_reason, problem)
                mapped.update(c.id for c in old.components)
        if _listed(old.type):
            for c in old.components:
                if c.id not in mapped:
                    yield problem(f"{path}.into", f"component {c.id!r} of {old.id!r} goes nowhere")


def _whole_problems(
    path: str, old: Question, target: Mapping[str, Any], raw: Mapping[str, Any], has_reason: bool, problem: Any
) -> Iterator[Any]:
    if target.get("type") != old.type:
        yield problem(path, f"{old.id!r} was a {old.type} question and {target.get('id')!r} is a "
                            f"{target.get('type')} question: the answer cannot be carried as it is; say 'changed', "
                            "'split' or 'merged'")
        return
    if _listed(old.type):
        yield from _component_map_problems(path, old, target, raw.get("components"), has_reason, problem,
                                           complete=True)
    if _chosen(old.type):
        new_choices = {_as_dict(c).get("id") for c in target.get("choices") or ()}
        choices = _as_dict(raw.get("choices"))
        for c in old.choices:
            new = choices.get(c.id, c.id)
            if c.id in choices and new is None:
                if not has_reason:
                    yield problem(f"{path}.choices.{c.id}", "a choice that is not carried needs a reason")
            elif new not in new_choices:
                yield problem(f"{path}.choices", f"choice {c.id!r} of {old.id!r} has no counterpart in "
                                                 f"{target.get('id')!r}")
    if _yes_no(old.type) and old.scored and target.get("scored") and \
            old.compliant_answer != target.get("compliant_answer"):
        yield problem(path, "the compliant answer changed: the question is 'inverted'")


def _component_map_problems(
    path: str, old: Question, target: Mapping[str, Any], mapping: Any, has_reason: bool, problem: Any,
    complete: bool,
) -> Iterator[Any]:
    if not _listed(old.type) or not _listed(target.get("type")):
        yield problem(path, "components can be mapped only from a coverage question to a coverage question")
        return
    mapping = _as_dict(mapping)
    new_components = {_as_dict(c).get("id") for c in target.get("components") or ()}
    old_components = {c.id for c in old.components}
    for old_c, new_c in mapping.items():
        if old_c not in old_components:
            yield problem(f"{path}.components.{old_c}", f"{old.id!r} has no component {old_c!r}")
        elif new_c is None:
            if not has_reason:
                yield problem(f"{path}.components.{old_c}", "a component that is not carried needs a reason")
        elif new_c not in new_components:
            yield problem(f"{path}.components.{old_c}", f"{target.get('id')!r} has no component {new_c!r}")
    if complete:
        for c in old.components:
            if c.id not in mapping and c.id not in new_components:
                yield problem(f"{path}.components", f"component {c.id!r} of {old.id!r} is not in "
                                                    f"{target.get('id')!r}: map it or say why it is not carried")
