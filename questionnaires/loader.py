"""Read, validate and build questionnaires and catalogues.

Contract: :func:`check_document` returns **every** problem in a document (JSON Schema errors, then the
semantic checks, which still run where the schema check failed as far as they can) as :class:`Problem`
records with a JSONPath (``$.modules[0].sections[2].questions[4].level``). The ``load_*`` functions
raise :class:`DefinitionError` carrying those problems, or return frozen dataclasses from
:mod:`questionnaires.model`. Nothing here imports Flask or SQLAlchemy.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import best_match
from referencing import Registry, Resource

from questionnaires import conditions
from questionnaires.migration import migration_problems
from questionnaires.model import (
    CORE_LEVELS,
    DEFAULT_SCORING,
    PARTY_QUESTION_IDS,
    Choice,
    Component,
    Element,
    ElementCatalogue,
    LevelPart,
    Module,
    Question,
    Questionnaire,
    ScoringParams,
    Section,
    Source,
    Special,
    TACatalogue,
    TAItem,
    TARule,
    strongest_level,
)
from questionnaires.types import TYPES, YesNoType, condition_values

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
SCHEMA_DIR = PACKAGE_DIR / "schemas"
ELEMENTS_FILE = DATA_DIR / "elements.json"
TA_CATALOGUE_FILE = DATA_DIR / "ta_catalogue.json"
RESOURCES_FILE_NAME = "resources.json"

#: document kind → schema file name
SCHEMAS = {
    "questionnaire": "questionnaire.schema.json",
    "elements": "elements.schema.json",
    "ta_catalogue": "ta_catalogue.schema.json",
    "resources": "resources.schema.json",
    "answers": "answers.schema.json",
    "result": "result.schema.json",
    "backup": "backup.schema.json",
}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a document: where (JSONPath) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class DefinitionError(ValueError):
    """A questionnaire or catalogue that cannot be used; ``problems`` lists every reason."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: {len(problems)} problem(s); first: {problems[0] if problems else '-'}")


# --------------------------------------------------------------------------- schemas


@functools.cache
def _schema_files() -> dict[str, dict[str, Any]]:
    """Every schema of ``schemas/`` by file name, parsed once for both validators."""
    return {path.name: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(SCHEMA_DIR.glob("*.schema.json"))}


@functools.cache
def _registry() -> Registry:
    return Registry().with_resources((schema["$id"], Resource.from_contents(schema))
                                     for schema in _schema_files().values())


@functools.cache
def validator(kind: str) -> Draft202012Validator:
    """The JSON Schema validator for a document kind (``questionnaire``, ``answers``, ...).

    :raises KeyError: for an unknown kind
    """
    schema = _schema_files()[SCHEMAS[kind]]
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=_registry(), format_checker=FormatChecker())


@functools.cache
def _quick_validator(kind: str, definition: str | None) -> Any:
    schema = _schema_files()[SCHEMAS[kind]]
    if definition is not None:
        schema = {"$ref": f"{schema['$id']}#/$defs/{definition}"}
    registry = jsonschema_rs.Registry([(document["$id"], document) for document in _schema_files().values()])
    return jsonschema_rs.Draft202012Validator(schema, registry=registry, validate_formats=True)


#: what a document parsed from JSON is made of; jsonschema-rs also takes a tuple for an array, jsonschema does not
_JSON_TYPES = (dict, list, str, int, float, bool, type(None))


def _made_of_json(document: Any) -> bool:
    """Whether ``document`` holds only what JSON parses into (no tuples, dates, bytes...)."""
    stack = [document]
    while stack:
        item = stack.pop()
        if type(item) not in _JSON_TYPES:
            return False
        if type(item) is dict:
            if any(type(key) is not str for key in item):
                return False
            stack.extend(item.values())
        elif type(item) is list:
            stack.extend(item)
    return True


def passes_schema(kind: str, document: Any, definition: str | None = None) -> bool:
    """Whether ``document`` (or, with ``definition``, a part of that kind such as ``answer``) is valid, by a
    compiled validator (jsonschema-rs) that takes about a hundredth of :func:`validator`'s time. A document it
    does not pass, or one holding what JSON does not parse into (which the two read differently: a tuple is an
    array to one of them only), is read again by :func:`validator`, whose errors say what and where. Both check
    the same schemas, formats included, and ``tests/test_questionnaire_format.py`` holds them to the same
    verdicts."""
    if not _made_of_json(document):
        return False
    try:
        return bool(_quick_validator(kind, definition).is_valid(document))
    except (TypeError, ValueError):  # let the full reading say what and where
        return False


def schema_problems(kind: str, document: Any) -> list[Problem]:
    """Every JSON Schema error of ``document``, sorted by path."""
    if passes_schema(kind, document):
        return []
    errors = sorted(validator(kind).iter_errors(document), key=lambda e: (list(map(str, e.path)), e.message))
    return [Problem(error.json_path, _message(error)) for error in errors]


def _message(error: Any) -> str:
    if error.validator == "oneOf" and error.context:
        # "... is not valid under any of the given schemas" says nothing; name the closest alternative's complaint
        return f"matches none of the allowed forms; closest: {best_match(error.context).message}"
    return str(error.message)


# --------------------------------------------------------------------------- reading


def read_json(path: str | Path) -> tuple[Any, list[Problem]]:
    """Parse a JSON file; a syntax error becomes a problem at ``$`` with line and column."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem("$", f"cannot read file: {exc}")]
    try:
        return json.loads(text), []
    except json.JSONDecodeError as exc:
        return None, [Problem("$", f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")]


def detect_kind(document: Any, path: str | Path | None = None) -> str:
    """Which schema a document follows, from its file name or, failing that, its top-level keys."""
    name = Path(path).name if path else ""
    if name == ELEMENTS_FILE.name:
        return "elements"
    if name == TA_CATALOGUE_FILE.name:
        return "ta_catalogue"
    if name == RESOURCES_FILE_NAME:
        return "resources"
    if isinstance(document, dict):
        if "resources" in document and "modules" not in document:
            return "resources"
        if "elements" in document and "modules" not in document:
            return "elements"
        if "items" in document and "categories" in document:
            return "ta_catalogue"
    return "questionnaire"


# --------------------------------------------------------------------------- semantic checks


def _dups(ids: Iterable[tuple[str, Any]], what: str) -> Iterator[Problem]:
    """Yield a problem for every repeat of an id; ``ids`` are (path, id) pairs."""
    seen: dict[str, str] = {}
    for path, ident in ids:
        if not isinstance(ident, str):
            continue
        if ident in seen:
            yield Problem(path, f"duplicate {what} id {ident!r} (first used at {seen[ident]})")
        else:
            seen[ident] = path


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _walk_questions(document: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    for mi, module in enumerate(_as_list(_as_dict(document).get("modules"))):
        for si, section in enumerate(_as_list(_as_dict(module).get("sections"))):
            for qi, question in enumerate(_as_list(_as_dict(section).get("questions"))):
                if isinstance(question, dict):
                    yield f"$.modules[{mi}].sections[{si}].questions[{qi}]", question


def questionnaire_semantics(
    document: Any, elements: ElementCatalogue | None, ta: TACatalogue | None
) -> Iterator[Problem]:
    """Yield every semantic problem of a questionnaire document, tolerating schema errors."""
    doc = _as_dict(document)
    modules = _as_list(doc.get("modules"))
    yield from _dups(((f"$.modules[{i}].id", _as_dict(m).get("id")) for i, m in enumerate(modules)), "module")
    yield from _dups(
        (
            (f"$.modules[{mi}].sections[{si}].id", _as_dict(s).get("id"))
            for mi, m in enumerate(modules)
            for si, s in enumerate(_as_list(_as_dict(m).get("sections")))
        ),
        "section",
    )
    questions = list(_walk_questions(doc))
    yield from _dups(((f"{p}.id", q.get("id")) for p, q in questions), "question")
    yield from _scoring_semantics(doc.get("scoring"), questions)

    position = {q.get("id"): i for i, (_, q) in enumerate(questions) if isinstance(q.get("id"), str)}
    by_id = {q.get("id"): q for _, q in questions if isinstance(q.get("id"), str)}
    for index, (path, question) in enumerate(questions):
        yield from _question_semantics(path, index, question, position, by_id, elements, ta)
    version = doc.get("version")
    if isinstance(version, int) and version >= conditions.BLANK_SHOWS_FROM:
        yield from _facts_only_conditions(questions, by_id)
    if isinstance(version, int) and version >= STANDARD_SOURCES_FROM:
        for path, question in questions:
            yield from _source_precision(path, question)
            if question.get("critical") and question.get("precluded_allowed"):
                yield Problem(f"{path}.precluded_allowed", "a critical question cannot allow 'precluded by fundamental "
                                                           "principles': a qualified duty is not critical")
    if isinstance(doc.get("migration"), dict):
        yield from migration_problems(doc, _previous_version(doc), by_id)


def _facts_only_conditions(
    questions: list[tuple[str, dict[str, Any]]], by_id: Mapping[Any, dict[str, Any]]
) -> Iterator[Problem]:
    """From version 2 on (scoring method 2) a condition may refer only to unscored facts, never to a scored answer."""
    for path, question in questions:
        holders = [(f"{path}.show_if", question.get("show_if"))] + [
            (f"{path}.components[{i}].show_if", _as_dict(c).get("show_if"))
            for i, c in enumerate(_as_list(question.get("components")))
        ]
        for where, condition in holders:
            if not isinstance(condition, dict):
                continue
            for ref, _leaf in conditions.referenced_questions(condition):
                if _as_dict(by_id.get(ref)).get("scored"):
                    yield Problem(where, f"show_if refers to the scored question {ref!r}; from version "
                                         f"{conditions.BLANK_SHOWS_FROM} on a condition may refer only to unscored "
                                         "facts: make the follow-up a component of its question, or ask it of everyone")


#: the first questionnaire version whose FATF sources name criterion and Methodology text, treaty sources a paragraph
STANDARD_SOURCES_FROM = 2
#: treaty articles of a single paragraph, cited without one
SINGLE_PARAGRAPH_ARTICLES = frozenset({("UNTOC", "19"), ("UNTOC", "21"), ("UNTOC", "22"), ("SOMP", "5"), ("SOMP", "7"),
                                       ("SOMP", "13"), ("TIPP", "13")})
_FATF_NUMBER = re.compile(r"^(?:INR|R)\.(\d+)")


def _source_precision(path: str, question: Mapping[str, Any]) -> Iterator[Problem]:
    """From version 2 on: a FATF source names its criterion (or null) and its Methodology text; a treaty source
    names the paragraph."""
    for i, source in enumerate(_as_list(question.get("sources"))):
        source = _as_dict(source)
        where = f"{path}.sources[{i}]"
        instrument, article = source.get("instrument"), source.get("article")
        if not isinstance(article, str):
            continue
        if instrument == "FATF":
            if "criterion" not in source:
                yield Problem(where, f"FATF source {article!r} must name its criterion (null where the Methodology "
                                     "gives none) and its Methodology text")
            elif "methodology" not in source:
                yield Problem(where, f"FATF source {article!r} must name its Methodology text (2013, or the year of "
                                     "the amendment that introduced the point)")
            criterion = source.get("criterion")
            number = _FATF_NUMBER.match(article)
            expected = number.group(1) if number else ("3" if article.startswith("Glossary") else None)
            if isinstance(criterion, str) and expected is not None and criterion.split(".")[0] != expected:
                yield Problem(f"{where}.criterion", f"criterion {criterion!r} is not a criterion of R.{expected}")
        elif instrument in ("UNTOC", "TIPP", "SOMP", "UNCAC", "ACTIP") and "(" not in article and \
                (instrument, article) not in SINGLE_PARAGRAPH_ARTICLES:
            yield Problem(where, f"{instrument} art. {article} must name the paragraph, for example "
                                 f"'{article}(1)'")


def _previous_version(document: Mapping[str, Any]) -> Questionnaire | None:
    """The shipped questionnaire that ``document``'s migration block starts from (``None``: there is none)."""
    block = _as_dict(document.get("migration"))
    key = (document.get("id"), block.get("from_version"))
    path = shipped_questionnaires().get(key) if isinstance(key[1], int) else None  # type: ignore[arg-type]
    if path is None:
        return None
    try:
        return load_questionnaire(path)
    except DefinitionError:
        return None


def _scoring_semantics(scoring: Any, questions: list[tuple[str, dict[str, Any]]]) -> Iterator[Problem]:
    merged = {**DEFAULT_SCORING, **_as_dict(scoring)}
    weights = _as_dict(merged.get("level_weights"))
    for path, question in questions:
        if question.get("scored") and isinstance(question.get("level"), str) and question["level"] not in weights:
            yield Problem(f"{path}.level", f"no weight for level {question['level']!r} in scoring.level_weights")
        for ci, component in enumerate(_as_list(question.get("components"))):
            level = _as_dict(component).get("level")
            if question.get("scored") and isinstance(level, str) and level not in weights:
                yield Problem(f"{path}.components[{ci}].level", f"no weight for level {level!r}")
    bands = [b for b in _as_list(merged.get("bands")) if isinstance(b, dict)]
    gaps: list[float] = [b["max_gap"] for b in bands if isinstance(b.get("max_gap"), int | float)]
    if gaps and gaps != sorted(gaps):
        yield Problem("$.scoring.bands", "bands must be listed in ascending order of max_gap")
    if gaps and max(gaps) < 100:
        yield Problem("$.scoring.bands", "the last band must reach max_gap 100 so that every gap has a band")
    yield from _dups(((f"$.scoring.bands[{i}].band", b.get("band")) for i, b in enumerate(bands)), "band")


def _question_semantics(
    path: str,
    index: int,
    question: dict[str, Any],
    position: Mapping[Any, int],
    by_id: Mapping[Any, dict[str, Any]],
    elements: ElementCatalogue | None,
    ta: TACatalogue | None,
) -> Iterator[Problem]:
    qid = question.get("id")
    kind = question.get("type")
    components = [_as_dict(c) for c in _as_list(question.get("components"))]
    component_ids = {c.get("id") for c in components}

    yield from _dups(((f"{path}.components[{i}].id", c.get("id")) for i, c in enumerate(components)), "component")
    yield from _dups(
        ((f"{path}.choices[{i}].id", _as_dict(c).get("id")) for i, c in enumerate(_as_list(question.get("choices")))),
        "choice",
    )
    yield from _dups(
        ((f"{path}.special[{i}].id", _as_dict(s).get("id")) for i, s in enumerate(_as_list(question.get("special")))),
        "special answer",
    )
    answer_type = TYPES.get(kind) if isinstance(kind, str) else None
    if answer_type is not None:
        yield from (Problem(where, message) for where, message in answer_type.document_problems(path, question))

    if qid in PARTY_QUESTION_IDS.values() and (answer_type is not YesNoType or question.get("scored")):
        yield Problem(path, f"{qid!r} is a reserved Profile id: it must be an unscored yes_no question")

    # show_if: earlier questions only, valid values, existing components
    for where, condition in [(f"{path}.show_if", question.get("show_if"))] + [
        (f"{path}.components[{i}].show_if", c.get("show_if")) for i, c in enumerate(components)
    ]:
        if not isinstance(condition, dict):
            continue
        for ref, leaf in conditions.referenced_questions(condition):
            if ref not in position:
                yield Problem(where, f"show_if refers to unknown question {ref!r}")
                continue
            if position[ref] >= index:
                yield Problem(where, f"show_if may refer only to earlier questions; {ref!r} comes at or after {qid!r}")
                continue
            target = by_id[ref]
            if "includes" in leaf:
                target_components = {_as_dict(c).get("id") for c in _as_list(target.get("components"))}
                if not getattr(TYPES.get(str(target.get("type"))), "has_components", False):
                    yield Problem(where, f"'includes' needs a coverage question; {ref!r} is {target.get('type')!r}")
                elif leaf["includes"] not in target_components:
                    yield Problem(where, f"{ref!r} has no component {leaf['includes']!r}")
            if "in" in leaf:
                allowed = condition_values(target)
                for value in _as_list(leaf["in"]):
                    if allowed is not None and not any(
                        value is a or (not isinstance(value, bool) and not isinstance(a, bool) and value == a)
                        for a in allowed
                    ):
                        yield Problem(where, f"{value!r} is not a possible answer to {ref!r}")

    for i, ref in enumerate(_as_list(question.get("depends_on"))):
        if ref == qid:
            yield Problem(f"{path}.depends_on[{i}]", "a question cannot depend on itself")
        elif ref not in position:
            yield Problem(f"{path}.depends_on[{i}]", f"unknown question {ref!r}")

    for i, rule in enumerate(_as_list(question.get("ta"))):
        rule = _as_dict(rule)
        item = rule.get("item")
        if ta is not None and isinstance(item, str) and item not in ta.ids:
            yield Problem(f"{path}.ta[{i}].item", f"unknown TA item {item!r}")
        when = _as_dict(rule.get("when"))
        if "missing_component" in when:
            if answer_type is None or not answer_type.has_components:
                yield Problem(f"{path}.ta[{i}].when", "missing_component rules need a coverage question")
            elif when["missing_component"] not in component_ids:
                yield Problem(f"{path}.ta[{i}].when", f"no component {when['missing_component']!r} in this question")

    yield from _element_semantics(path, question, components, elements)


def _element_semantics(
    path: str, question: dict[str, Any], components: list[dict[str, Any]], elements: ElementCatalogue | None
) -> Iterator[Problem]:
    listed = [e for e in _as_list(question.get("elements")) if isinstance(e, str)]
    known: list[Element] = []
    for i, element_id in enumerate(listed):
        element = elements.get(element_id) if elements is not None else None
        if elements is not None and element is None:
            yield Problem(f"{path}.elements[{i}]", f"unknown element {element_id!r}")
        elif element is not None:
            known.append(element)

    level = question.get("level")
    critical = bool(question.get("critical", False))
    if known and isinstance(level, str):
        part_levels = set().union(*(e.part_levels for e in known))
        if level not in part_levels:
            yield Problem(
                f"{path}.level",
                f"level {level!r} is not a level of the listed elements ({', '.join(sorted(part_levels))})",
            )
        should_be_critical = level in CORE_LEVELS and any(e.critical for e in known)
        if critical != should_be_critical:
            reason = (
                "it is a required-level question on a critical element"
                if should_be_critical
                else "only questions of level M, Mq or F on a critical element are critical"
            )
            yield Problem(f"{path}.critical", f"must be {str(should_be_critical).lower()}: {reason}")
    if critical and question.get("na_allowed"):
        yield Problem(f"{path}.na_allowed", "a critical question cannot allow 'not applicable'")
    for i, component in enumerate(components):
        for j, element_id in enumerate(_as_list(component.get("elements"))):
            if elements is not None and isinstance(element_id, str) and element_id not in elements:
                yield Problem(f"{path}.components[{i}].elements[{j}]", f"unknown element {element_id!r}")
        if component.get("critical") and component.get("level") not in CORE_LEVELS:
            yield Problem(f"{path}.components[{i}].critical", "only components of level M, Mq or F can be critical")
        if component.get("critical") and not critical:
            yield Problem(f"{path}.components[{i}].critical", "a critical component needs a critical question")


def element_semantics(document: Any) -> Iterator[Problem]:
    """Yield every semantic problem of an element catalogue document."""
    rows = [_as_dict(e) for e in _as_list(_as_dict(document).get("elements"))]
    yield from _dups(((f"$.elements[{i}].id", e.get("id")) for i, e in enumerate(rows)), "element")
    ids = {e.get("id") for e in rows}
    for i, row in enumerate(rows):
        ident = row.get("id")
        if isinstance(ident, str) and row.get("section") != ident[:1]:
            yield Problem(f"$.elements[{i}].section", f"section must be {ident[:1]!r}, the letter of {ident!r}")
        parts: list[str] = [
            p["level"] for p in map(_as_dict, _as_list(row.get("levels"))) if isinstance(p.get("level"), str)
        ]
        if parts and row.get("level") != strongest_level(parts):
            yield Problem(f"$.elements[{i}].level", f"must be {strongest_level(parts)!r}, the strongest part level")
        for j, dep in enumerate(_as_list(row.get("depends_on"))):
            if dep not in ids:
                yield Problem(f"$.elements[{i}].depends_on[{j}]", f"unknown element {dep!r}")
            elif dep == ident:
                yield Problem(f"$.elements[{i}].depends_on[{j}]", "an element cannot depend on itself")


def ta_semantics(document: Any) -> Iterator[Problem]:
    """Yield every semantic problem of a TA catalogue document."""
    doc = _as_dict(document)
    categories = [_as_dict(c) for c in _as_list(doc.get("categories"))]
    items = [_as_dict(i) for i in _as_list(doc.get("items"))]
    yield from _dups(((f"$.categories[{i}].id", c.get("id")) for i, c in enumerate(categories)), "category")
    yield from _dups(((f"$.items[{i}].id", it.get("id")) for i, it in enumerate(items)), "TA item")
    known = {c.get("id") for c in categories}
    for i, item in enumerate(items):
        if isinstance(item.get("category"), str) and item["category"] not in known:
            yield Problem(f"$.items[{i}].category", f"category {item['category']!r} is not listed in categories")


# --------------------------------------------------------------------------- building


def _text(value: Any) -> Any:
    return dict(value) if isinstance(value, dict) else None


def _sources(rows: Any) -> tuple[Source, ...]:
    return tuple(
        Source(s["instrument"], s["article"], s.get("note", ""), s.get("criterion"), s.get("methodology"))
        for s in rows or ()
    )


def build_questionnaire(document: Mapping[str, Any], translated: bool = True) -> Questionnaire:
    """Build the dataclasses from a document that passed :func:`check_document`; the texts' locale maps also
    hold the current translations of the companion files (:mod:`questionnaires.translations`) unless not
    ``translated``. The questionnaire keeps ``document`` itself, untranslated."""
    original = document
    if translated:
        from questionnaires.translations import localize_document, questionnaire_sources

        document = localize_document(document, questionnaire_sources(document))
    scoring = {**DEFAULT_SCORING, **document.get("scoring", {})}
    params = ScoringParams(
        status_scores=dict(scoring["status_scores"]),
        level_weights=dict(scoring["level_weights"]),
        bands=tuple((b["band"], float(b["max_gap"])) for b in scoring["bands"]),
        cap_level=float(scoring["cap_level"]),
        completeness_threshold=float(scoring["completeness_threshold"]),
        critical_multiplier=float(scoring["critical_multiplier"]),
    )
    modules = []
    for m in document["modules"]:
        sections = []
        for s in m["sections"]:
            questions = tuple(_build_question(q, m["id"], s["id"]) for q in s["questions"])
            sections.append(Section(s["id"], _text(s["title"]), m["id"], questions, _text(s.get("intro"))))
        modules.append(
            Module(
                m["id"],
                _text(m["title"]),
                int(m["estimated_minutes"]),
                tuple(sections),
                m.get("kind", "assessment"),
                _text(m.get("description")),
            )
        )
    return Questionnaire(
        id=document["id"],
        version=int(document["version"]),
        title=_text(document["title"]),
        schema_version=int(document["schema_version"]),
        review_status=dict(document["review_status"]),
        scoring=params,
        modules=tuple(modules),
        description=_text(document.get("description")),
        document=original,
    )


def _build_question(q: Mapping[str, Any], module_id: str, section_id: str) -> Question:
    return Question(
        id=q["id"],
        type=q["type"],
        scored=bool(q["scored"]),
        text=_text(q["text"]),
        module_id=module_id,
        section_id=section_id,
        help=_text(q.get("help")),
        rubric={k: _text(v) for k, v in q.get("rubric", {}).items()},
        elements=tuple(q.get("elements", ())),
        sources=_sources(q.get("sources")),
        level=q.get("level"),
        critical=bool(q.get("critical", False)),
        na_allowed=bool(q.get("na_allowed", False)),
        precluded_allowed=bool(q.get("precluded_allowed", False)),
        components=tuple(
            Component(
                c["id"], _text(c["label"]), c["level"], bool(c.get("critical", False)), _text(c.get("help")),
                c.get("show_if"), tuple(c.get("elements", ())),
            )
            for c in q.get("components", ())
        ),
        choices=tuple(
            Choice(c["id"], _text(c["label"]), c.get("value"), _text(c.get("short_label")))
            for c in q.get("choices", ())
        ),
        compliant_answer=q.get("compliant_answer"),
        threshold=q.get("threshold"),
        direction=q.get("direction"),
        unit=q.get("unit"),
        special=tuple(Special(s["id"], _text(s["label"]), float(s["score"])) for s in q.get("special", ())),
        show_if=q.get("show_if"),
        depends_on=tuple(q.get("depends_on", ())),
        ta=tuple(TARule(r["item"], r["when"]) for r in q.get("ta", ())),
        audience=tuple(q.get("audience", ())),
    )


def build_elements(document: Mapping[str, Any], translated: bool = False) -> ElementCatalogue:
    if translated:
        from questionnaires.translations import element_sources, localize_document

        document = localize_document(document, element_sources(document))
    elements = tuple(
        Element(
            id=e["id"],
            section=e["section"],
            title=_text(e["title"]),
            sources=_sources(e["sources"]),
            levels=tuple(LevelPart(p["part"], p["level"], p.get("note", "")) for p in e["levels"]),
            level=e["level"],
            critical=bool(e["critical"]),
            depends_on=tuple(e["depends_on"]),
            ta_default=tuple(e["ta_default"]),
            description=_text(e.get("description")),
            critical_note=e.get("critical_note", ""),
            scored=bool(e.get("scored", True)),
        )
        for e in document["elements"]
    )
    sections = {s["id"]: _text(s["title"]) for s in document.get("sections", ())}
    return ElementCatalogue(elements, sections)


def build_ta_catalogue(document: Mapping[str, Any], translated: bool = True) -> TACatalogue:
    if translated:
        from questionnaires.translations import localize_document, ta_sources

        document = localize_document(document, ta_sources(document))
    return TACatalogue(
        categories={c["id"]: _text(c["title"]) for c in document["categories"]},
        items=tuple(
            TAItem(i["id"], i["category"], _text(i["text"]), _text(i["reference"]), tuple(i["audience"]),
                   i.get("kind", "other"))
            for i in document["items"]
        ),
    )


# --------------------------------------------------------------------------- entry points


def check_document(
    document: Any,
    kind: str,
    elements: ElementCatalogue | None = None,
    ta: TACatalogue | None = None,
) -> list[Problem]:
    """Every problem of ``document`` as a ``kind`` document: schema errors first, then semantic ones.

    :param elements: the element catalogue questionnaire and resource ids are checked against (default: shipped)
    :param ta: the TA catalogue TA rules are checked against (default: shipped)
    """
    problems = schema_problems(kind, document)
    if kind == "questionnaire":
        if elements is None:
            elements = default_elements()
        if ta is None:
            ta = default_ta_catalogue()
        problems += questionnaire_semantics(document, elements, ta)
    elif kind == "elements":
        problems += element_semantics(document)
    elif kind == "ta_catalogue":
        problems += ta_semantics(document)
    elif kind == "resources":
        from questionnaires.resources import resource_semantics

        problems += resource_semantics(document, elements if elements is not None else default_elements())
    return sorted(set(problems), key=lambda p: (_path_key(p.path), p.message))


def _path_key(path: str) -> list[Any]:
    # sort "$.a[10]" after "$.a[9]"
    key: list[Any] = []
    for token in path.replace("[", ".[").split("."):
        if token.startswith("[") and token.endswith("]") and token[1:-1].isdigit():
            key.append((1, int(token[1:-1]), ""))
        else:
            key.append((0, 0, token))
    return key


@dataclass(frozen=True)
class Report:
    """What ``validate`` says about one file."""

    path: str
    kind: str
    problems: tuple[Problem, ...]
    count: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        if self.ok:
            noun = {"questionnaire": "questions", "elements": "elements", "ta_catalogue": "items",
                    "resources": "resources"}.get(self.kind, "")
            return [f"{self.path}: ok ({self.count} {noun})"]
        return [f"{self.path}: {p}" for p in self.problems]


def validate_file(path: str | Path, kind: str | None = None) -> Report:
    """Validate one file against the schema of its kind (detected when not given) and the semantic checks."""
    document, problems = read_json(path)
    if problems:
        return Report(str(path), kind or "unknown", tuple(problems))
    kind = kind or detect_kind(document, path)
    problems = check_document(document, kind)
    count = 0
    if not problems:
        if kind == "questionnaire":
            count = sum(1 for _ in _walk_questions(document))
        elif kind == "elements":
            count = len(document["elements"])
        elif kind == "ta_catalogue":
            count = len(document["items"])
        elif kind == "resources":
            count = len(document["resources"])
    return Report(str(path), kind, tuple(problems), count)


def shipped_files() -> list[Path]:
    """Every JSON file under ``questionnaires/data/``, catalogues first."""
    files = sorted(DATA_DIR.glob("*.json"))
    return sorted(files, key=lambda p: (p not in (ELEMENTS_FILE, TA_CATALOGUE_FILE), p.name))


def _load(path: Path, kind: str) -> Any:
    document, problems = read_json(path)
    if not problems:
        problems = check_document(document, kind)
    if problems:
        raise DefinitionError(str(path), problems)
    return document


def default_elements() -> ElementCatalogue:
    """The shipped element catalogue with its translations. :raises DefinitionError: if it is broken"""
    from questionnaires.translations import stamp

    return _elements(stamp())


@functools.lru_cache(maxsize=4)
def _elements(_translations: Any) -> ElementCatalogue:
    return build_elements(_load(ELEMENTS_FILE, "elements"), translated=True)


def default_ta_catalogue() -> TACatalogue:
    """The shipped TA catalogue with its translations. :raises DefinitionError: if it is broken"""
    from questionnaires.translations import stamp

    return _ta_catalogue(stamp())


@functools.lru_cache(maxsize=4)
def _ta_catalogue(_translations: Any) -> TACatalogue:
    return build_ta_catalogue(_load(TA_CATALOGUE_FILE, "ta_catalogue"))


def load_questionnaire_document(document: Any, source: str = "<document>") -> Questionnaire:
    """Validate and build a questionnaire from a parsed document. :raises DefinitionError:"""
    problems = check_document(document, "questionnaire")
    if problems:
        raise DefinitionError(source, problems)
    return build_questionnaire(document)


@functools.lru_cache(maxsize=32)
def _load_questionnaire_cached(path: str, mtime_ns: int, _translations: Any = None) -> Questionnaire:
    document, problems = read_json(path)
    if problems:
        raise DefinitionError(path, problems)
    return load_questionnaire_document(document, path)


def load_questionnaire(path: str | Path) -> Questionnaire:
    """Load a questionnaire file (parsed once per file version). :raises DefinitionError:"""
    resolved = Path(path).resolve()
    try:
        mtime = resolved.stat().st_mtime_ns
    except OSError as exc:
        raise DefinitionError(str(path), [Problem("$", f"cannot read file: {exc}")]) from exc
    from questionnaires.translations import stamp

    return _load_questionnaire_cached(str(resolved), mtime, stamp())


def shipped_questionnaires() -> dict[tuple[str, int], Path]:
    """``(id, version)`` → file for every questionnaire shipped under ``questionnaires/data/``."""
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in shipped_files())
    return dict(_shipped(stamp))


@functools.lru_cache(maxsize=4)
def _shipped(stamp: tuple[tuple[str, int], ...]) -> tuple[tuple[tuple[str, int], Path], ...]:
    found: dict[tuple[str, int], Path] = {}
    for path in shipped_files():
        if path in (ELEMENTS_FILE, TA_CATALOGUE_FILE):
            continue
        document, problems = read_json(path)
        if not problems and isinstance(document, dict) and "id" in document and "version" in document:
            found[(str(document["id"]), int(document["version"]))] = path
    return tuple(found.items())


def structure_checksum(questionnaire: Questionnaire) -> str:
    """A short hash of the questionnaire's answerable structure (ids, types, components, choices).

    Offline workbooks carry it so that an upload made against another structure is refused.
    """
    parts = [questionnaire.id, str(questionnaire.version)]
    for q in questionnaire.questions:
        parts.append(
            "|".join(
                [q.id, q.type, ",".join(c.id for c in q.components), ",".join(c.id for c in q.choices),
                 ",".join(s.id for s in q.special)]
            )
        )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
