"""The resource catalogue: the shipped file validates and serves every required element; every kind of
mistake is reported with its JSONPath, all at once; the validator command reads the file by name."""

from __future__ import annotations

import copy
import json

import pytest
from click.testing import CliRunner

from assessment.cli import main
from questionnaires.loader import ELEMENTS_FILE, build_elements, validate_file
from questionnaires.resources import RESOURCES_FILE, build_resources, check_resources, default_resources

SHIPPED = json.loads(RESOURCES_FILE.read_text(encoding="utf-8"))
ELEMENTS = json.loads(ELEMENTS_FILE.read_text(encoding="utf-8"))
CORE = {"M", "Mq", "F"}


def _required_ids() -> set[str]:
    """Required elements read straight from elements.json: a core level on any part, or critical."""
    return {e["id"] for e in ELEMENTS["elements"]
            if e["critical"] or any(part["level"] in CORE for part in e["levels"])}


def _problems(document, elements=None):
    return [(p.path, p.message) for p in check_resources(document, elements)]


def test_shipped_catalogue_validates_and_serves_every_required_element():
    assert _problems(SHIPPED) == []
    served = {element for resource in SHIPPED["resources"] for provision in resource["provisions"]
              for element in provision["elements"]}
    required = _required_ids()
    assert len(required) > 100
    assert sorted(required - served) == []
    # and each has a page's worth: a resource with a title, a publisher and a provision
    catalogue = default_resources()
    for element_id in sorted(required):
        references = catalogue.for_element(element_id)
        assert references, element_id
        assert all(r.resource.title["en"] and r.resource.publisher and r.provision.provision for r in references)


def test_every_link_in_the_shipped_catalogue_is_http():
    links = [r.get("url") for r in SHIPPED["resources"]] + [
        p.get("url") for r in SHIPPED["resources"] for p in r["provisions"]]
    links = [link for link in links if link]
    assert len(links) > 30
    assert all(link.startswith(("https://", "http://")) for link in links)


def _model_law(document) -> dict:
    return next(r for r in document["resources"] if r["id"] == "unodc-model-law-tip-2009")


def test_unknown_element_is_reported_with_its_path():
    document = copy.deepcopy(SHIPPED)
    index = document["resources"].index(_model_law(document))
    _model_law(document)["provisions"][1]["elements"].append("Z9")
    position = len(_model_law(document)["provisions"][1]["elements"]) - 1
    assert _problems(document) == [(f"$.resources[{index}].provisions[1].elements[{position}]",
                                    "unknown element 'Z9': the element catalogue has no such id")]


def test_required_element_without_resource_is_a_problem_and_every_mistake_comes_at_once():
    document = copy.deepcopy(SHIPPED)
    for resource in document["resources"]:
        for provision in resource["provisions"]:
            provision["elements"] = [e for e in provision["elements"] if e != "A6"] or ["A1"]
    document["resources"][1]["id"] = document["resources"][0]["id"]
    document["resources"][2]["kind"] = "podcast"
    document["resources"][3]["url"] = "javascript:alert(1)"
    document["resources"][4]["provisions"][0]["criteria"] = ["41.2"]
    found = _problems(document)
    paths = [path for path, _message in found]
    assert ("$.resources", "required element 'A6' (Consent of the victim irrelevant once improper means are "
                           "shown) has no resource; add a provision that serves it") in found
    assert ("$.resources[1].id", f"duplicate resource id {document['resources'][0]['id']!r} "
                                 "(first used at $.resources[0].id)") in found
    assert "$.resources[2].kind" in paths
    assert "$.resources[3].url" in paths
    assert "$.resources[4].provisions[0].criteria[0]" in paths


def test_a_new_required_element_needs_a_resource():
    grown = copy.deepcopy(ELEMENTS)
    new = copy.deepcopy(next(e for e in grown["elements"] if e["id"] == "A6"))
    new.update(id="A17", title={"en": "A new obligation"})
    grown["elements"].append(new)
    found = _problems(SHIPPED, build_elements(grown))
    assert found == [("$.resources", "required element 'A17' (A new obligation) has no resource; add a provision "
                                     "that serves it")]


@pytest.mark.parametrize("name", ["resources.json", "my-bibliography.json"])
def test_validate_reads_a_catalogue_by_name_or_by_its_keys(tmp_path, name):
    document = copy.deepcopy(SHIPPED)
    listed = _model_law(document)["provisions"][0]["elements"]
    listed.append("Q1")
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    report = validate_file(path)
    assert report.kind == "resources"
    assert [str(p) for p in report.problems] == [
        f"$.resources[0].provisions[0].elements[{len(listed) - 1}]: unknown element 'Q1': the element catalogue "
        "has no such id"]


def test_validate_command_prints_each_problem_with_its_path(tmp_path):
    document = copy.deepcopy(SHIPPED)
    document["resources"][0]["year"] = 1800
    path = tmp_path / "resources.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = CliRunner().invoke(main, ["questionnaires", "validate", str(path), str(RESOURCES_FILE)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{path}: $.resources[0].year: 1800 is less than the minimum of 1945")
    assert lines[-1] == f"{RESOURCES_FILE}: ok ({len(SHIPPED['resources'])} resources)"


def test_references_of_several_elements_come_once_each_in_order():
    catalogue = build_resources(SHIPPED)
    both = catalogue.for_elements(["A11", "A13"])
    lines = [r.line() for r in both]
    assert len(lines) == len(set(lines))
    first_a13 = next(i for i, r in enumerate(both) if "A13" in r.provision.elements and "A11" not in
                     r.provision.elements)
    assert all("A11" in r.provision.elements for r in both[:first_a13])
    assert ("Model Law against Trafficking in Persons (United Nations Office on Drugs and Crime (UNODC), 2009), "
            "arts 12-14 (accomplice; organizing and directing; attempt)") in lines
    assert catalogue.for_element("Z9") == ()
