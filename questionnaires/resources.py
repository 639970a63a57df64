"""The resource catalogue: where to read more about each legal element.

Contract: ``questionnaires/data/resources.json`` (schema ``resources.schema.json``) lists public references
(model laws, legislative guides, interpretative notes, issue papers, FATF guidance, case-law databases,
training courses, practice guides and practitioner networks) as bibliography only: title, publisher, year,
kind, a stable link where one exists, and per provision or paragraph the elements and FATF criteria it
serves. Notes are in the project's own words; the catalogue holds no text of a reference.

:func:`resource_semantics` yields every problem the schema cannot see, each with its JSONPath: a duplicate
resource id, a provision that names an element the element catalogue does not know, and a required element
(:attr:`questionnaires.model.Element.is_required`) that no resource serves. Elements are keyed by id only, so
the catalogue keeps working while the element catalogue grows. :func:`default_resources` loads the shipped
file (:raises DefinitionError: when it is broken); :func:`build_resources` builds the frozen dataclasses from a
checked document. Nothing here imports Flask or SQLAlchemy.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from questionnaires.loader import DATA_DIR, DefinitionError, Problem, check_document, default_elements, read_json
from questionnaires.model import ElementCatalogue, Text, tr

RESOURCES_FILE = DATA_DIR / "resources.json"

#: kind id → words
KIND_WORDS = {
    "model_law": "Model law",
    "legislative_guide": "Legislative guide",
    "interpretative_note": "Interpretative note",
    "issue_paper": "Issue paper",
    "fatf_guidance": "FATF guidance",
    "case_law_database": "Case-law database",
    "training_course": "Training course",
    "practice_guide": "Practice guide",
    "network": "Practitioner network",
}


@dataclass(frozen=True)
class Provision:
    """One provision or paragraph of a resource and what it serves."""

    provision: str
    elements: tuple[str, ...]
    criteria: tuple[str, ...] = ()
    url: str | None = None
    note: Text | None = None


@dataclass(frozen=True)
class Resource:
    id: str
    title: Text
    publisher: str
    kind: str
    provisions: tuple[Provision, ...]
    year: int | None = None
    url: str | None = None
    note: Text | None = None

    def citation(self, locale: str = "en") -> str:
        """``Title (Publisher, Year)``: the bibliographic line."""
        tail = f"{self.publisher}, {self.year}" if self.year else self.publisher
        return f"{tr(self.title, locale)} ({tail})"

@dataclass(frozen=True)
class Reference:
    """A resource's provision as it serves one element: what an element page and a workbook row show."""

    resource: Resource
    provision: Provision

    @property
    def url(self) -> str | None:
        """The provision's own link, or the resource's."""
        return self.provision.url or self.resource.url

    def line(self, locale: str = "en") -> str:
        """``Title (Publisher, Year), provision``."""
        return f"{self.resource.citation(locale)}, {self.provision.provision}"


@dataclass(frozen=True)
class ResourceCatalogue:
    resources: tuple[Resource, ...]
    _by_element: Mapping[str, tuple[Reference, ...]] = field(default_factory=dict, repr=False, compare=False)
    _by_id: Mapping[str, Resource] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        found: dict[str, list[Reference]] = {}
        for resource in self.resources:
            for provision in resource.provisions:
                for element_id in provision.elements:
                    found.setdefault(element_id, []).append(Reference(resource, provision))
        object.__setattr__(self, "_by_element", MappingProxyType({k: tuple(v) for k, v in found.items()}))
        object.__setattr__(self, "_by_id", MappingProxyType({r.id: r for r in self.resources}))

    def get(self, resource_id: str) -> Resource | None:
        return self._by_id.get(resource_id)

    def for_element(self, element_id: str) -> tuple[Reference, ...]:
        """Every provision that serves ``element_id``, in catalogue order (empty for an unknown id)."""
        return self._by_element.get(element_id, ())

    def for_elements(self, element_ids: Iterable[str]) -> list[Reference]:
        """The provisions serving any of ``element_ids``, each once, in the order of the ids."""
        seen: set[tuple[str, str]] = set()
        out = []
        for element_id in element_ids:
            for reference in self.for_element(element_id):
                key = (reference.resource.id, reference.provision.provision)
                if key not in seen:
                    seen.add(key)
                    out.append(reference)
        return out

    @property
    def element_ids(self) -> frozenset[str]:
        """The elements at least one provision serves."""
        return frozenset(self._by_element)


# --------------------------------------------------------------------------- checks


def _rows(value: Any) -> list[dict[str, Any]]:
    return [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []


def resource_semantics(document: Any, elements: ElementCatalogue) -> Iterator[Problem]:
    """Yield every semantic problem of a resource catalogue document, tolerating schema errors.

    :param elements: the element catalogue that element ids must resolve in
    """
    resources = _rows(document.get("resources") if isinstance(document, dict) else None)
    first: dict[str, str] = {}
    served: set[str] = set()
    for i, resource in enumerate(resources):
        ident = resource.get("id")
        if isinstance(ident, str):
            if ident in first:
                yield Problem(f"$.resources[{i}].id", f"duplicate resource id {ident!r} (first used at {first[ident]})")
            else:
                first[ident] = f"$.resources[{i}].id"
        for j, provision in enumerate(_rows(resource.get("provisions"))):
            listed = provision.get("elements")
            for k, element_id in enumerate(listed if isinstance(listed, list) else []):
                if not isinstance(element_id, str):
                    continue
                if element_id in elements:
                    served.add(element_id)
                else:
                    yield Problem(f"$.resources[{i}].provisions[{j}].elements[{k}]",
                                  f"unknown element {element_id!r}: the element catalogue has no such id")
    for element in elements.elements:
        if element.is_required and element.id not in served:
            yield Problem("$.resources", f"required element {element.id!r} ({tr(element.title)}) has no resource; "
                                         "add a provision that serves it")


def check_resources(document: Any, elements: ElementCatalogue | None = None) -> list[Problem]:
    """Every problem of a resource catalogue document: schema errors, then the checks above."""
    return check_document(document, "resources", elements=elements)


# --------------------------------------------------------------------------- building


def _text(value: Any) -> Text | None:
    return dict(value) if isinstance(value, dict) else None


def build_resources(document: Mapping[str, Any], translated: bool = False) -> ResourceCatalogue:
    """Build the catalogue from a document that passed :func:`check_resources` (with the shipped
    translations merged into its locale maps when ``translated``)."""
    if translated:
        from questionnaires.translations import localize_document, resource_sources

        document = localize_document(document, resource_sources(document))
    return ResourceCatalogue(tuple(
        Resource(
            id=r["id"], title=_text(r["title"]) or {}, publisher=r["publisher"], kind=r["kind"],
            provisions=tuple(Provision(p["provision"], tuple(p["elements"]), tuple(p.get("criteria", ())),
                                       p.get("url"), _text(p.get("note"))) for p in r["provisions"]),
            year=r.get("year"), url=r.get("url"), note=_text(r.get("note")),
        )
        for r in document["resources"]
    ))


def default_resources() -> ResourceCatalogue:
    """The shipped resource catalogue with its translations, checked against the shipped element catalogue.

    :raises DefinitionError: when it is broken
    """
    from questionnaires.translations import stamp

    return _resources(stamp())


@functools.lru_cache(maxsize=4)
def _resources(_translations: Any) -> ResourceCatalogue:
    document, problems = read_json(RESOURCES_FILE)
    if not problems:
        problems = check_resources(document, default_elements())
    if problems:
        raise DefinitionError(str(RESOURCES_FILE), problems)
    return build_resources(document, translated=True)
