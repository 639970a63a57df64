"""Elements as JSON for the API (``/api/v1/elements``): the element, its resources and the regional examples
the token's owner may see (the same as on the element pages)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from assessment.elements.queries import Example
from questionnaires.model import Element, tr
from questionnaires.resources import Reference


def _when(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def reference_json(reference: Reference) -> dict[str, Any]:
    resource = reference.resource
    return {"id": resource.id, "title": tr(resource.title), "publisher": resource.publisher, "year": resource.year,
            "kind": resource.kind, "provision": reference.provision.provision,
            "criteria": list(reference.provision.criteria), "url": reference.url}


def example_json(example: Example) -> dict[str, Any]:
    citation = example.citation
    mark = example.mark
    return {"member": example.member_code, "member_name": example.member_name, "cycle": example.cycle_code,
            "question": citation.question, "act": citation.act, "section": citation.section, "year": citation.year,
            "url": citation.url, "validated_at": _when(example.validated_at),
            "model_provision": {"note": mark.note, "marked_at": _when(mark.marked_at)} if mark else None}


def element_json(element: Element, references: tuple[Reference, ...] | list[Reference],
                 examples: list[Example]) -> dict[str, Any]:
    return {
        "id": element.id, "section": element.section, "title": tr(element.title),
        "description": tr(element.description), "level": element.level,
        "levels": [{"part": part.part, "level": part.level} for part in element.levels],
        "critical": element.critical,
        "sources": [{"instrument": s.instrument, "article": s.article, "note": s.note} for s in element.sources],
        "resources": [reference_json(r) for r in references],
        "examples": [example_json(e) for e in examples],
    }
