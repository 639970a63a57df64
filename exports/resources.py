"""The matrix of resources as a workbook: for every legal element, what the law must do, where to read more and
how members did it.

Contract: :func:`build_resources_workbook` is a pure function of the element catalogue, the resource catalogue,
the regional examples to include (plain :class:`MatrixExample` records, already filtered by whoever may see
them) and a few words about where they come from. It returns an unsaved write-only :class:`openpyxl.Workbook`
with the sheets

- **About**: what the matrix is, when it was made, which examples it holds, and that results are self-assessed;
- **Matrix**: one row per element and resource provision serving it (an element without a resource still gets
  its row), with the element's level, the provision, FATF criteria, link, and how many examples the element has;
- **Examples**: one row per regional example (element, member, cycle, act, section, year, link, model provision
  and the RSO's note), in the order given (newest cycle first);
- **Elements**: each element with what the law must do, its sources and its counts of resources and examples;
- **Resources**: the bibliography, each reference with the elements it serves.

Texts are written with :mod:`exports.common` (nothing becomes a formula); the only links are to http or https
addresses. No Flask, no SQLAlchemy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from openpyxl.styles import Font
from openpyxl.workbook import Workbook

from exports.common import INTEGER, NOTE, TEXT, TITLE, WRAP, Link, SheetWriter, new_workbook, print_setup, write_table
from questionnaires.model import ElementCatalogue, tr
from questionnaires.resources import KIND_WORDS, ResourceCatalogue
from questionnaires.words import LEVEL_WORDS

LINK = TEXT.changed(font=Font(color="0563C1", underline="single"))
SELF_ASSESSED = (
    "Regional examples are provisions that members cite for answers meeting an element in their own validated, "
    "self-assessed results: the member's own statement of its law, not an assessment of it by anyone. A model "
    "provision mark and its note are the RSO's."
)


@dataclass(frozen=True)
class MatrixExample:
    """One regional example as the matrix shows it."""

    element: str
    member_code: str
    member_name: str
    cycle: str
    act: str
    section: str = ""
    year: int | None = None
    url: str | None = None
    is_model: bool = False
    note: str = ""


@dataclass(frozen=True)
class MatrixContext:
    generated_at: datetime
    #: which examples the workbook holds, in words (e.g. "every validated result")
    examples_from: str


def build_resources_workbook(elements: ElementCatalogue, resources: ResourceCatalogue,
                             examples: Sequence[MatrixExample], context: MatrixContext,
                             locale: str = "en") -> Workbook:
    """The matrix of resources.

    :param elements: the element catalogue (every element gets rows, in catalogue order)
    :param resources: the resource catalogue
    :param examples: the regional examples to include, in the order to list them
    :param context: when the workbook was made and which examples it holds
    :returns: an unsaved write-only workbook
    """
    counts = Counter(example.element for example in examples)
    wb = new_workbook()
    _about(wb.create_sheet("About"), elements, resources, examples, context)
    _matrix(wb.create_sheet("Matrix"), elements, resources, counts, locale)
    _examples(wb.create_sheet("Examples"), elements, examples, locale)
    _elements(wb.create_sheet("Elements"), elements, resources, counts, locale)
    _resources(wb.create_sheet("Resources"), resources, locale)
    wb.properties.title = "Matrix of resources"
    wb.properties.creator = "Legislative self-assessment toolkit"
    return wb


def _about(ws: Any, elements: ElementCatalogue, resources: ResourceCatalogue, examples: Sequence[MatrixExample],
           context: MatrixContext) -> None:
    print_setup(ws, landscape=False)
    out = SheetWriter(ws, [28, 90])
    out.append(["Matrix of resources"], TITLE, height=22)
    out.append(["For every legal element: what the law must do, where to read more, and how members did it."],
               NOTE)
    out.blank()
    required = sum(1 for e in elements.elements if e.is_required)
    served = sum(1 for e in elements.elements if resources.for_element(e.id))
    facts = [
        ("Made", context.generated_at.strftime("%Y-%m-%d %H:%M UTC")),
        ("Elements", f"{len(elements.elements)} ({required} required); {served} served by at least one resource"),
        ("Resources", f"{len(resources.resources)} references, cited as bibliography (title, publisher, year, "
                      "provision, link); follow the links for the texts"),
        ("Regional examples", f"{len(examples)} from {context.examples_from}"),
        ("Self-assessed", SELF_ASSESSED),
    ]
    for label, value in facts:
        out.append([label, value], [TEXT.changed(font=Font(bold=True)), WRAP])


def _matrix(ws: Any, elements: ElementCatalogue, resources: ResourceCatalogue, counts: Counter[str],
            locale: str) -> None:
    headers = ["Element", "Title", "Section", "Level", "Critical", "Resource", "Publisher", "Year", "Kind",
               "Provision", "FATF criteria", "Link", "Regional examples"]
    rows: list[list[Any]] = []
    for element in elements.elements:
        start = [element.id, tr(element.title, locale), tr(elements.sections.get(element.section), locale),
                 LEVEL_WORDS.get(element.level, element.level), "Critical" if element.critical else ""]
        references = resources.for_element(element.id)
        for reference in references or [None]:
            if reference is None:
                rows.append([*start, "", "", None, "", "", "", "", counts[element.id]])
                continue
            resource = reference.resource
            rows.append([*start, tr(resource.title, locale), resource.publisher, resource.year,
                         KIND_WORDS.get(resource.kind, resource.kind), reference.provision.provision,
                         ", ".join(reference.provision.criteria),
                         Link(reference.url, reference.url) if reference.url else "", counts[element.id]])
    write_table(ws, headers, rows, widths=[9, 40, 24, 14, 9, 44, 26, 7, 16, 36, 12, 40, 10], freeze_at="C1",
                paper="A3", styles=[TEXT, WRAP, WRAP, WRAP, TEXT, WRAP, WRAP, INTEGER, WRAP, WRAP, WRAP, LINK,
                                    INTEGER])


def _examples(ws: Any, elements: ElementCatalogue, examples: Sequence[MatrixExample], locale: str) -> None:
    headers = ["Element", "Element title", "Member", "Member name", "Cycle", "Act", "Section", "Year", "Link",
               "Model provision", "RSO note"]
    rows = []
    for example in examples:
        element = elements.get(example.element)
        rows.append([example.element, tr(element.title, locale) if element else "", example.member_code,
                     example.member_name, example.cycle, example.act, example.section, example.year,
                     Link(example.url, example.url) if example.url else "",
                     "Model provision" if example.is_model else "", example.note])
    write_table(ws, headers, rows, widths=[9, 36, 9, 24, 10, 36, 14, 7, 36, 14, 40], freeze_at="C1",
                note=SELF_ASSESSED, styles=[TEXT, WRAP, TEXT, WRAP, TEXT, WRAP, WRAP, INTEGER, LINK, TEXT, WRAP])


def _elements(ws: Any, elements: ElementCatalogue, resources: ResourceCatalogue, counts: Counter[str],
              locale: str) -> None:
    headers = ["Element", "Title", "Section", "Level", "Critical", "What the law must do", "Sources", "Resources",
               "Regional examples"]
    rows = [[e.id, tr(e.title, locale), tr(elements.sections.get(e.section), locale),
             LEVEL_WORDS.get(e.level, e.level), "Critical" if e.critical else "", tr(e.description, locale),
             "; ".join(s.label() for s in e.sources), len(resources.for_element(e.id)), counts[e.id]]
            for e in elements.elements]
    write_table(ws, headers, rows, widths=[9, 36, 24, 14, 9, 70, 36, 10, 10], freeze_at="C1", paper="A3",
                styles=[TEXT, WRAP, WRAP, WRAP, TEXT, WRAP, WRAP, INTEGER, INTEGER])


def _resources(ws: Any, resources: ResourceCatalogue, locale: str) -> None:
    headers = ["Id", "Title", "Publisher", "Year", "Kind", "Link", "What it offers", "Elements served"]
    rows = []
    for resource in resources.resources:
        served = list(dict.fromkeys(e for p in resource.provisions for e in p.elements))
        rows.append([resource.id, tr(resource.title, locale), resource.publisher, resource.year,
                     KIND_WORDS.get(resource.kind, resource.kind),
                     Link(resource.url, resource.url) if resource.url else "", tr(resource.note, locale),
                     ", ".join(served)])
    write_table(ws, headers, rows, widths=[30, 50, 30, 7, 18, 40, 50, 40], freeze_at="B1", paper="A3",
                styles=[TEXT, WRAP, WRAP, INTEGER, WRAP, LINK, WRAP, WRAP])
