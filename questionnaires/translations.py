"""Translations of the questionnaire, the TA catalogue and the fixed words, one companion file per language.

Contract: ``data/translations/<lang>.json`` holds ``{"language", "name", "strings": {key: {"source", "text",
"state"}}}``. A key names a text by ids, never by position, so that versions of a questionnaire that share a
question share its translation:

- ``questionnaire.<id>.title`` / ``.description``; ``module.<id>.title`` / ``.description``;
  ``section.<id>.title`` / ``.intro``
- ``question.<id>.text`` / ``.help`` / ``.rubric.<status>``; ``question.<id>.component.<id>.label`` / ``.help``;
  ``question.<id>.choice.<id>.label`` / ``.short_label``; ``question.<id>.special.<id>.label``
- ``ta.category.<id>.title`` / ``.description``; ``ta.item.<id>.text`` (its ``reference`` cites publications
  and treaty articles by their own titles and is kept as data)
- ``element.<id>.title`` / ``.description``; ``element_section.<id>.title`` (the legal element catalogue; an
  element's sources, level notes and critical note are kept as data)
- ``resource.<id>.title`` / ``.note`` (the resources catalogue; publishers, provisions and their notes are kept
  as data)
- ``word.<group>.<id>``: band words and the fixed answer words of :mod:`questionnaires.words`, and the sentence
  templates of :mod:`scoring.words`, :mod:`scoring.review` and :mod:`scoring.capacity` (:func:`word_groups`)
- ``workbook.<name>.<key>``: the label tables of the workbooks (:data:`WORKBOOK_TABLES`)

``source`` is the English the translation was made from. A translation is used only while its source is the
current English; otherwise it is *stale* and the English shows (marked in the page). Each string carries a
state (``machine``, ``draft``, ``reviewed``); a language is reviewed when every string is.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

STATES = ("machine", "draft", "reviewed")
#: the directory of the shipped companion files (``ASSESSMENT_TRANSLATIONS_DIR`` points elsewhere)
DEFAULT_DIR = Path(__file__).resolve().parent / "data" / "translations"
#: ``{name}``, ``%(name)s`` and ``%s``: what a translation must keep exactly
PLACEHOLDER = re.compile(r"\{[A-Za-z0-9_]*\}|%\([A-Za-z0-9_]+\)[sdf]|%[sdf]")


def translations_dir() -> Path:
    return Path(os.environ.get("ASSESSMENT_TRANSLATIONS_DIR") or DEFAULT_DIR)


@dataclass(frozen=True)
class Entry:
    key: str
    source: str
    text: str
    state: str = "machine"
    #: translations of earlier English wordings of the same key (a questionnaire version that still words the
    #: text so keeps its translation when a newer version rewords it)
    earlier: tuple[Entry, ...] = ()

    def for_source(self, english: str) -> Entry | None:
        """This entry, or the earlier one, translated from ``english`` (``None``: none is)."""
        if self.source == english:
            return self
        return next((e for e in self.earlier if e.source == english), None)

    def replaced_by(self, new: Entry) -> Entry:
        """``new``, keeping this entry among the earlier ones when ``new`` translates another wording."""
        if new.source == self.source or not self.text:
            return replace(new, earlier=self.earlier)
        kept = tuple(e for e in (replace(self, earlier=()), *self.earlier) if e.source != new.source)
        return replace(new, earlier=kept)


@dataclass(frozen=True)
class Catalogue:
    """One language's strings."""

    language: str
    name: str
    strings: Mapping[str, Entry] = field(default_factory=dict)

    def text(self, key: str, english: str) -> str | None:
        """The translation of ``key`` if it was made from ``english`` (else ``None``: English shows)."""
        entry = self.strings.get(key)
        found = entry.for_source(english) if entry is not None else None
        return found.text if found is not None and found.text else None

    def state_of(self, key: str, english: str) -> str:
        """``missing``, ``stale`` or the entry's state."""
        entry = self.strings.get(key)
        if entry is None or not entry.text:
            return "missing"
        found = entry.for_source(english)
        return "stale" if found is None or not found.text else found.state

    def overall_state(self, sources: Mapping[str, str]) -> str:
        """``reviewed`` when every one of ``sources`` has a current reviewed translation, else the least state
        among them (``missing`` and ``stale`` count as ``machine``)."""
        states = {self.state_of(k, en) for k, en in sources.items()}
        if states <= {"reviewed"}:
            return "reviewed"
        return "draft" if states <= {"reviewed", "draft"} else "machine"

    def to_json(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "name": self.name,
            "strings": {k: _entry_json(e) for k, e in sorted(self.strings.items())},
        }


def _entry_json(entry: Entry) -> dict[str, Any]:
    out: dict[str, Any] = {"source": entry.source, "text": entry.text, "state": entry.state}
    if entry.earlier:
        out["earlier"] = [{"source": e.source, "text": e.text, "state": e.state} for e in entry.earlier]
    return out


# --------------------------------------------------------------------------- what there is to translate


def _texts(prefix: str, node: Mapping[str, Any], fields: Iterable[str]) -> Iterator[tuple[str, str]]:
    for name in fields:
        value = node.get(name)
        if isinstance(value, Mapping) and isinstance(value.get("en"), str) and value["en"]:
            yield f"{prefix}.{name}", value["en"]


def questionnaire_sources(document: Mapping[str, Any]) -> dict[str, str]:
    """Every translatable text of a questionnaire document: key → English."""
    out: dict[str, str] = dict(_texts(f"questionnaire.{document.get('id')}", document, ("title", "description")))
    review = document.get("review_status")
    if isinstance(review, Mapping):
        out.update(_texts(f"questionnaire.{document.get('id')}.review_status", review, ("text",)))
    for module in document.get("modules", ()):
        out.update(_texts(f"module.{module['id']}", module, ("title", "description")))
        for section in module.get("sections", ()):
            out.update(_texts(f"section.{section['id']}", section, ("title", "intro")))
            for q in section.get("questions", ()):
                base = f"question.{q['id']}"
                out.update(_texts(base, q, ("text", "help")))
                out.update(_texts(f"{base}.rubric", q.get("rubric") or {}, sorted(q.get("rubric") or {})))
                for c in q.get("components", ()):
                    out.update(_texts(f"{base}.component.{c['id']}", c, ("label", "help")))
                for c in q.get("choices", ()):
                    out.update(_texts(f"{base}.choice.{c['id']}", c, ("label", "short_label")))
                for s in q.get("special", ()):
                    out.update(_texts(f"{base}.special.{s['id']}", s, ("label",)))
    return out


def ta_sources(document: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for c in document.get("categories", ()):
        out.update(_texts(f"ta.category.{c['id']}", c, ("title", "description")))
    for i in document.get("items", ()):
        # an item's reference names publications and treaty articles: kept as data, in their own words
        out.update(_texts(f"ta.item.{i['id']}", i, ("text",)))
    return out


def element_sources(document: Mapping[str, Any]) -> dict[str, str]:
    """The translatable texts of the legal element catalogue: section titles, element titles and descriptions."""
    out: dict[str, str] = {}
    for s in document.get("sections", ()):
        out.update(_texts(f"element_section.{s['id']}", s, ("title",)))
    for e in document.get("elements", ()):
        out.update(_texts(f"element.{e['id']}", e, ("title", "description")))
    return out


def resource_sources(document: Mapping[str, Any]) -> dict[str, str]:
    """The translatable texts of the resources catalogue: each resource's title and note."""
    out: dict[str, str] = {}
    for r in document.get("resources", ()):
        out.update(_texts(f"resource.{r['id']}", r, ("title", "note")))
    return out


def word_groups() -> dict[str, Mapping[str, str]]:
    """The fixed words pages and workbooks share, by group (see :func:`_word_groups`)."""
    return dict(_word_groups())


@functools.cache
def _word_groups() -> dict[str, Mapping[str, str]]:
    """The fixed words pages and workbooks share, by group (``word.<group>.<id>``): the answer and band words of
    :mod:`questionnaires.words`, and the sentence templates of :mod:`scoring.words` (``score``),
    :mod:`scoring.capacity` (``capacity``) and :mod:`scoring.review` (``review``), and the problems a person is
    shown when an answer or an uploaded workbook does not fit (``advice`` of :mod:`questionnaires.limits`,
    ``value_problem`` of :mod:`questionnaires.types`, ``answer_problem`` of :mod:`scoring.answers`, ``upload`` of
    :mod:`exports.offline`), whose placeholders a translation keeps."""
    from exports import offline as offline_problems
    from questionnaires import limits, types, words
    from scoring import answers as answer_problems
    from scoring import capacity as capacity_words
    from scoring import review as review_words
    from scoring import words as score_words

    return {
        "band": {**words.BAND_WORDS, "provisional": "{band} (provisional)", "none": "No score"},
        "status": words.STATUS_WORDS,
        "flag": words.FLAG_WORDS,
        "component": words.COMPONENT_WORDS,
        "answer": {"yes": words.YES, "no": words.NO},
        "level": words.LEVEL_WORDS,
        "note": {"unofficial": "Unofficial translation, not yet reviewed: the English text is the reference."},
        "assessment_status": words.ASSESSMENT_STATUS_WORDS,
        "citation_status": words.CITATION_STATUS_WORDS,
        "challenge": words.CHALLENGE_WORDS,
        "audience": words.AUDIENCE_WORDS,
        "unit": words.UNIT_WORDS,
        "threshold": words.THRESHOLD_WORDS,
        "coverage": words.COVERAGE_WORDS,
        "question": words.QUESTION_WORDS,
        "state": words.STATE_WORDS,
        "question_flag": words.QUESTION_FLAG_WORDS,
        "obligation": words.OBLIGATION_WORDS,
        "element_state": words.ELEMENT_STATE_WORDS,
        "review_state": words.REVIEW_STATE_WORDS,
        "phrase": words.PHRASES,
        "score": score_words.SENTENCES,
        "capacity": capacity_words.SENTENCES,
        "review": review_words.SENTENCES,
        "advice": limits.WORDS,
        "value_problem": types.PROBLEMS,
        "answer_problem": answer_problems.PROBLEMS,
        "upload": offline_problems.PROBLEMS,
    }


def word_sources() -> dict[str, str]:
    return {f"word.{group}.{key}": text for group, table in word_groups().items() for key, text in table.items()}


def context_of(key: str) -> str:
    """Where a key's text appears, in words a translator reads (``question party_untoc, help``)."""
    parts = key.split(".")
    kind, ident, rest = parts[0], parts[1] if len(parts) > 1 else "", parts[2:]
    if kind == "ta" and ident in ("category", "item"):
        return f"TA {ident} {rest[0]}, {'.'.join(rest[1:])}" if rest else key
    return f"{kind} {ident}, {' '.join(rest)}" if rest else f"{kind} {ident}"


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


# --------------------------------------------------------------------------- reading and writing


@dataclass(frozen=True)
class Problem:
    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


def read_catalogue_document(document: Any, place: str) -> tuple[Catalogue | None, list[Problem]]:
    """A catalogue from a parsed companion file, or the problems that stop it."""
    problems: list[Problem] = []
    if not isinstance(document, dict) or not isinstance(document.get("strings"), dict):
        return None, [Problem(place, 'expected an object with "language", "name" and "strings"')]
    language = document.get("language")
    if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", language):
        problems.append(Problem(f"{place} $.language", f"{language!r} is not a language tag such as 'id'"))
    entries: dict[str, Entry] = {}
    for key, row in document["strings"].items():
        where = f"{place} $.strings[{key!r}]"
        if not isinstance(row, dict) or not all(isinstance(row.get(f), str) for f in ("source", "text", "state")):
            problems.append(Problem(where, 'expected {"source", "text", "state"} as texts'))
            continue
        if row["state"] not in STATES:
            problems.append(Problem(where, f"state {row['state']!r} is not one of {', '.join(STATES)}"))
            continue
        earlier = row.get("earlier", [])
        if not isinstance(earlier, list) or not all(
                isinstance(e, dict) and all(isinstance(e.get(f), str) for f in ("source", "text", "state"))
                and e["state"] in STATES for e in earlier):
            problems.append(Problem(f"{where}.earlier", 'expected a list of {"source", "text", "state"}'))
            continue
        entries[key] = Entry(key, row["source"], row["text"], row["state"],
                             tuple(Entry(key, e["source"], e["text"], e["state"]) for e in earlier))
    if problems:
        return None, problems
    return Catalogue(str(language), str(document.get("name") or language), entries), []


def catalogue_path(language: str, directory: Path | None = None) -> Path:
    return (directory or translations_dir()) / f"{language}.json"


def read_catalogue(path: Path) -> Catalogue:
    """:raises ValueError: with every problem, for a broken file"""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: cannot read: {exc}") from exc
    catalogue, problems = read_catalogue_document(document, str(path))
    if catalogue is None:
        raise ValueError("; ".join(map(str, problems)))
    return catalogue


def write_catalogue(catalogue: Catalogue, directory: Path | None = None) -> Path:
    path = catalogue_path(catalogue.language, directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(catalogue.to_json(), ensure_ascii=False, indent=1) + "\n"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    _catalogues.cache_clear()
    return path


@functools.lru_cache(maxsize=8)
def _catalogues(directory: str, stamp: tuple[tuple[str, int], ...]) -> tuple[Catalogue, ...]:
    return tuple(read_catalogue(Path(directory) / name) for name, _ in stamp)


def stamp() -> tuple[str, tuple[tuple[str, int], ...]]:
    """The companion files' directory and their names and times of change: part of the cache keys of
    whatever is built with their translations, so that a changed file is read again."""
    directory = translations_dir()
    try:
        listed = directory.stat().st_mtime_ns
    except OSError:
        return str(directory), ()
    found = []
    for name in _listing(str(directory), listed):
        try:
            found.append((name, os.stat(os.path.join(directory, name)).st_mtime_ns))
        except OSError:  # removed since it was listed
            continue
    return str(directory), tuple(found)


@functools.lru_cache(maxsize=8)
def _listing(directory: str, listed: int) -> tuple[str, ...]:
    """The companion files of ``directory`` (listed again when a file is added, removed or renamed there, which
    changes the directory's time of change ``listed``; a file changed in place is seen by its own time)."""
    return tuple(sorted(p.name for p in Path(directory).glob("*.json")))


def catalogues() -> dict[str, Catalogue]:
    """Every language with a companion file, by tag (read again when a file changes)."""
    return {c.language: c for c in _catalogues(*stamp())}


def catalogue(language: str) -> Catalogue:
    """One language's strings (empty when it has no file)."""
    return catalogues().get(language) or Catalogue(language, language, {})


# --------------------------------------------------------------------------- using them


def localize_document(document: Mapping[str, Any], sources: Mapping[str, str],
                      found: Mapping[str, Catalogue] | None = None) -> dict[str, Any]:
    """A copy of a questionnaire, TA, element or resources document whose locale maps also hold every current
    translation."""
    langs = catalogues() if found is None else found
    copy: dict[str, Any] = json.loads(json.dumps(document))
    if not langs:
        return copy
    for key, node_name, node in _locale_maps(copy):
        english = sources.get(key)
        if english is None:
            continue
        for language, cat in langs.items():
            text = cat.text(key, english)
            if text:
                node[node_name][language] = text
    return copy


def _locale_maps(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(key, field, the object holding the locale map) for every text :func:`questionnaire_sources` names."""

    def fields(prefix: str, node: dict[str, Any], names: Iterable[str]) -> Iterator[tuple[str, str, dict[str, Any]]]:
        for name in names:
            if isinstance(node.get(name), dict):
                yield f"{prefix}.{name}", name, node

    if "modules" in document:
        yield from fields(f"questionnaire.{document.get('id')}", document, ("title", "description"))
        if isinstance(document.get("review_status"), dict):
            yield from fields(f"questionnaire.{document.get('id')}.review_status", document["review_status"], ("text",))
        for module in document["modules"]:
            yield from fields(f"module.{module['id']}", module, ("title", "description"))
            for section in module.get("sections", ()):
                yield from fields(f"section.{section['id']}", section, ("title", "intro"))
                for q in section.get("questions", ()):
                    base = f"question.{q['id']}"
                    yield from fields(base, q, ("text", "help"))
                    if isinstance(q.get("rubric"), dict):
                        yield from fields(f"{base}.rubric", q["rubric"], list(q["rubric"]))
                    for c in q.get("components", ()):
                        yield from fields(f"{base}.component.{c['id']}", c, ("label", "help"))
                    for c in q.get("choices", ()):
                        yield from fields(f"{base}.choice.{c['id']}", c, ("label", "short_label"))
                    for s in q.get("special", ()):
                        yield from fields(f"{base}.special.{s['id']}", s, ("label",))
    for c in document.get("categories", ()):
        yield from fields(f"ta.category.{c['id']}", c, ("title", "description"))
    for i in document.get("items", ()):
        yield from fields(f"ta.item.{i['id']}", i, ("text",))
    if "elements" in document:
        for s in document.get("sections", ()):
            yield from fields(f"element_section.{s['id']}", s, ("title",))
        for e in document["elements"]:
            yield from fields(f"element.{e['id']}", e, ("title", "description"))
    for r in document.get("resources", ()):
        yield from fields(f"resource.{r['id']}", r, ("title", "note"))


class Sentences:
    """The sentences of one word group, said in a language with their ``{placeholders}`` filled:
    ``say = Sentences("review")`` then ``say("no_citation", "th")``."""

    def __init__(self, group: str):
        self.group = group

    def __call__(self, key: str, locale: str = "en", **values: Any) -> str:
        return word(self.group, key, locale).format(**values)


def word(group: str, key: str, locale: str = "en") -> str:
    """A fixed word in ``locale`` (English when it has no current translation)."""
    english = _word_groups()[group].get(key, key)
    if locale == "en":
        return english
    return catalogue(locale).text(f"word.{group}.{key}", english) or english


def words_in(group: str, locale: str = "en") -> dict[str, str]:
    """A whole group of fixed words in ``locale`` (each as :func:`word` says it)."""
    table = _word_groups()[group]
    if locale == "en":
        return dict(table)
    found = catalogue(locale)
    return {key: found.text(f"word.{group}.{key}", english) or english for key, english in table.items()}


# --------------------------------------------------------------------------- checking them


def check_catalogue(cat: Catalogue, sources: Mapping[str, str]) -> list[Problem]:
    """What is wrong with a language's strings against what there is to translate: unknown keys, lost or
    added placeholders, and translations made from an English text that has since changed (stale)."""
    problems = []
    for key, entry in sorted(cat.strings.items()):
        place = f"{cat.language} {key}"
        if key not in sources:
            problems.append(Problem(place, "no such text in the questionnaire, the catalogues or the words"))
            continue
        if entry.source != sources[key]:
            problems.append(Problem(place, "stale: the English has changed since this was translated "
                                           "(English shows until it is translated again)"))
        if entry.text and placeholders(entry.text) != placeholders(entry.source):
            problems.append(Problem(place, f"placeholders {', '.join(placeholders(entry.source)) or 'none'} "
                                           f"expected, found {', '.join(placeholders(entry.text)) or 'none'}"))
    return problems


def counts(cat: Catalogue, sources: Mapping[str, str]) -> dict[str, Any]:
    """``{"total", "translated", "reviewed", "state"}``: strings of ``sources`` with a current translation."""
    states = [cat.state_of(k, en) for k, en in sources.items()]
    translated = sum(s in STATES for s in states)
    return {"total": len(states), "translated": translated, "reviewed": states.count("reviewed"),
            "state": cat.overall_state(sources)}


def all_sources() -> dict[str, str]:
    """Everything the shipped files ask to translate: each shipped questionnaire (a text shared by versions
    as the newest version words it), the TA, element and resources catalogues and the fixed words."""
    return dict(_all_sources(sources_stamp()))


def sources_stamp() -> tuple[tuple[str, int], ...]:
    """The shipped questionnaires and the TA, element and resources catalogues with their times of change (what
    :func:`all_sources` is read from)."""
    from questionnaires.loader import ELEMENTS_FILE, TA_CATALOGUE_FILE, shipped_questionnaires
    from questionnaires.resources import RESOURCES_FILE

    return tuple((str(p), p.stat().st_mtime_ns)
                 for p in [*shipped_questionnaires().values(), TA_CATALOGUE_FILE, ELEMENTS_FILE, RESOURCES_FILE])


def is_reviewed(language: str) -> bool:
    """Whether every string of ``language`` has a current reviewed translation (English always is); worked out
    again only when a companion file or a shipped file changes."""
    return language == "en" or _is_reviewed(language, stamp(), sources_stamp())


@functools.lru_cache(maxsize=16)
def _is_reviewed(language: str, found: tuple[str, tuple[tuple[str, int], ...]],
                 sources: tuple[tuple[str, int], ...]) -> bool:
    cat = {c.language: c for c in _catalogues(*found)}.get(language) or Catalogue(language, language, {})
    return cat.overall_state(dict(_all_sources(sources))) == "reviewed"


def unofficial_note(language: str) -> str:
    """"Unofficial translation, not yet reviewed" in ``language``, or ``""`` for English or a reviewed one."""
    return "" if is_reviewed(language) else word("note", "unofficial", language)


@functools.lru_cache(maxsize=4)
def _all_sources(stamp: tuple[tuple[str, int], ...]) -> tuple[tuple[str, str], ...]:
    from questionnaires.loader import ELEMENTS_FILE, TA_CATALOGUE_FILE, read_json, shipped_questionnaires
    from questionnaires.resources import RESOURCES_FILE

    out: dict[str, str] = {}
    for _key, path in sorted(shipped_questionnaires().items(), key=lambda item: item[0][1]):
        document, problems = read_json(path)
        if not problems:
            out.update(questionnaire_sources(document))
    for path, sources_of in ((TA_CATALOGUE_FILE, ta_sources), (ELEMENTS_FILE, element_sources),
                             (RESOURCES_FILE, resource_sources)):
        document, problems = read_json(path)
        if not problems:
            out.update(sources_of(document))
    out.update(word_sources())
    out.update(workbook_sources())
    return tuple(out.items())


#: the label tables of the workbooks, translated as ``workbook.<name>.<key>``: name → (module, attribute)
WORKBOOK_TABLES = {
    "offline": ("exports.offline", "WORDS"),
    "results": ("exports.results", "WORDS"),
    "results_method": ("exports.results", "METHOD_TEXTS"),
    "profile": ("exports.profile", "WORDS"),
    "standards": ("exports.standards", "WORDS"),
    "compare": ("exports.compare", "WORDS"),
    "compare_method": ("exports.compare", "METHOD_TEXTS"),
}


def workbook_tables() -> dict[str, Mapping[str, Any]]:
    """Each workbook's label table by name (see :data:`WORKBOOK_TABLES`)."""
    import importlib

    return {name: getattr(importlib.import_module(module), attribute)
            for name, (module, attribute) in WORKBOOK_TABLES.items()}


def _flat(table: Mapping[str, Any], prefix: str) -> Iterator[tuple[str, str]]:
    """``(key, English)`` for every label of a table: ``<prefix>.<key>``, ``….<key>.<n>`` for the parts of a
    tuple and ``….<key>.<name>`` for the entries of a nested table."""
    for key, value in table.items():
        if isinstance(value, str):
            yield f"{prefix}.{key}", value
        elif isinstance(value, tuple):
            yield from _flat({str(n): part for n, part in enumerate(value)}, f"{prefix}.{key}")
        elif isinstance(value, Mapping):
            yield from _flat(value, f"{prefix}.{key}")


def workbook_sources() -> dict[str, str]:
    """The labels, titles, notes and instructions of the workbooks (``workbook.<name>.<key>``, ``….<key>.<n>``
    for the parts of a tuple), so that a focal point's colleagues and the RSO read them in their language too."""
    out: dict[str, str] = {}
    for name, table in workbook_tables().items():
        out.update(_flat(table, f"workbook.{name}"))
    return out


def localized_words(words: Mapping[str, Any], prefix: str, locale: str) -> dict[str, Any]:
    """A copy of a workbook's label table (see :func:`workbook_sources`) with each label in ``locale`` where
    it has a current translation, English elsewhere."""
    if locale == "en":
        return dict(words)
    cat = catalogue(locale)

    def one(key: str, value: Any) -> Any:
        if isinstance(value, str):
            return cat.text(key, value) or value
        if isinstance(value, tuple):
            return tuple(one(f"{key}.{n}", part) for n, part in enumerate(value))
        if isinstance(value, Mapping):
            return {name: one(f"{key}.{name}", part) for name, part in value.items()}
        return value

    return {key: one(f"{prefix}.{key}", value) for key, value in words.items()}


# --------------------------------------------------------------------------- bringing a file back in


@dataclass(frozen=True)
class Row:
    """One string of a translation file: where it is (``sheet Strings, row 12``, ``F.po line 30``) and what it says."""

    place: str
    key: str
    source: str
    text: str
    state: str


@dataclass(frozen=True)
class Change:
    key: str
    old: Entry | None
    new: Entry


@dataclass
class ImportPlan:
    language: str
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unchanged: int = 0

    def catalogue(self, current: Catalogue) -> Catalogue:
        strings = dict(current.strings)
        strings.update({c.key: c.old.replaced_by(c.new) if c.old is not None else c.new for c in self.changes})
        return Catalogue(current.language, current.name, strings)


def _ends_like(text: str, english: str) -> str:
    """``text`` (stripped: spreadsheets and editors add or drop spaces at the ends) with the spaces the English
    has at its ends, which join it to the words around it (``" · questionnaire {id}"``, ``"main challenge: "``)."""
    if not text:
        return text
    lead = english[: len(english) - len(english.lstrip())]
    trail = english[len(english.rstrip()):]
    return lead + text + trail


def plan_import(language: str, rows: Iterable[Row], sources: Mapping[str, str], current: Catalogue) -> ImportPlan:
    """What importing ``rows`` into ``language`` would change, and every problem with its place: an unknown
    key, an English text that is no longer the current one, a placeholder lost or added, an unknown state,
    a key twice, or a current translation emptied (no string is lost; a row left blank where the English
    changed keeps the earlier translation)."""
    plan = ImportPlan(language)
    seen: dict[str, str] = {}
    for row in rows:
        where = f"{row.place} ({row.key})" if row.key else row.place
        if not row.key:
            plan.problems.append(Problem(row.place, "no key: keep the key column as exported"))
            continue
        if row.key in seen:
            plan.problems.append(Problem(where, f"the same key is already at {seen[row.key]}"))
            continue
        seen[row.key] = row.place
        if row.key not in sources:
            plan.problems.append(Problem(where, "no such text in the questionnaire, the catalogues or the words"))
            continue
        if row.source != sources[row.key]:
            plan.problems.append(Problem(where, "the English text differs from the current one: export again and "
                                                "translate the current text"))
            continue
        if row.state not in STATES:
            plan.problems.append(Problem(where, f"state {row.state!r} is not one of {', '.join(STATES)}"))
            continue
        old = current.strings.get(row.key)
        text = _ends_like(row.text.strip(), row.source)
        if not text:
            if old is not None and old.text and old.source == row.source:
                plan.problems.append(Problem(where, "the translation is empty, and the current one would be lost"))
            # a text whose English changed and is not translated yet keeps the earlier translation (of the
            # earlier wording, still used where a questionnaire version words it that way)
            continue
        expected, found = placeholders(row.source), placeholders(text)
        if expected != found:
            plan.problems.append(Problem(where, f"placeholders {', '.join(expected) or 'none'} expected, "
                                                f"found {', '.join(found) or 'none'}: keep them exactly as in "
                                                "the English"))
            continue
        new = Entry(row.key, row.source, text, row.state)
        if old is not None and (old.source, old.text, old.state) == (new.source, new.text, new.state):
            plan.unchanged += 1
        else:
            plan.changes.append(Change(row.key, old, new))
    return plan
