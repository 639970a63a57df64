"""Every interface string is extracted and translated in each shipped language: the strings pybabel finds in
the Python and Jinja sources are all in each catalogue with a translation that keeps their placeholders, and
every template has no text left outside it."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from types import MappingProxyType

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from assessment.services.catalogues import DIRECTORY, compile_catalogues
from assessment.web.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
METHODS = [("assessment/**.py", "python"), ("templates/**.html", "jinja2")]
OPTIONS = {"templates/**.html": {"trim_blocks": "True", "lstrip_blocks": "True"}}
SHIPPED = sorted(code for code in LANGUAGES if code != "en")
#: every template: each text it shows goes through gettext
TEMPLATES = sorted(str(p.relative_to(ROOT / "templates")) for p in (ROOT / "templates").rglob("*.html"))
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{\w*\}")


@functools.cache
def extracted() -> MappingProxyType[str, str]:
    """msgid → where it was found, straight from the sources (as ``pybabel extract -F babel.cfg`` does); read
    once per test process (the sources do not change while the tests run)."""
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), METHODS, OPTIONS, keywords={"_": None, "gettext": None, "_l": None, "lazy_gettext": None,
                                                   "ngettext": (1, 2)},
            # every folder but hidden ones (Babel's default also skips templates/_macros)
            directory_filter=lambda path: not Path(path).name.startswith(".")):
        # a plural message is kept under its singular form
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, f"{filename}:{lineno}")
    return MappingProxyType(found)


def catalogue(language: str):
    with (DIRECTORY / language / "LC_MESSAGES" / "messages.po").open("rb") as source:
        return read_po(source, locale=language)


def test_sources_have_strings_to_translate():
    found = extracted()
    assert "Your language is saved." in found
    assert found["Your language is saved."].startswith("assessment/profile/views.py")
    assert found["Previous"].startswith("templates/_macros/paging.html")
    # the shared macros are read too
    assert found["Question %(number)s:"].startswith("templates/_macros/questions.html")


@pytest.mark.parametrize("language", SHIPPED)
def test_every_extracted_string_is_translated_with_its_placeholders(language):
    po = catalogue(language)
    problems = []
    for msgid, where in sorted(extracted().items()):
        message = po.get(msgid)
        if message is None:
            problems.append(f"{where}: {msgid!r} is not in the {language} catalogue (run pybabel update)")
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            problems.append(f"{where}: {msgid!r} has no {language} translation")
            continue
        for text in strings:
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(msgid)):
                problems.append(f"{where}: {msgid!r}: the {language} translation {text!r} changes the placeholders")
    assert problems == []


def text_outside_gettext(source: str) -> list[str]:
    """Words a template shows that do not go through gettext: what is left once comments, statements,
    expressions, trans blocks, scripts and tags are taken out."""
    source = re.sub(r"\{#.*?#\}", " ", source, flags=re.S)
    source = re.sub(r"\{%-?\s*trans\b.*?endtrans\s*-?%\}", " ", source, flags=re.S)
    source = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", source, flags=re.S)
    source = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.S)
    source = re.sub(r"<[^>]*>", " ", source)
    source = re.sub(r"&[a-z]+;|&#\d+;", " ", source)
    return [bit for bit in (b.strip() for b in re.split(r"\s{2,}|\n", source)) if re.search(r"[A-Za-z]{2}", bit)]


@pytest.mark.parametrize("name", TEMPLATES)
def test_templates_show_no_text_outside_gettext(name):
    assert text_outside_gettext((ROOT / "templates" / name).read_text(encoding="utf-8")) == []


def test_the_scan_finds_a_bare_word():
    assert text_outside_gettext("<p>{{ _('Saved') }}</p><p>Not wrapped</p>{# note #}") == ["Not wrapped"]


def test_catalogues_compile_to_what_the_pages_read(tmp_path):
    import shutil

    shutil.copytree(DIRECTORY, tmp_path / "translations", ignore=shutil.ignore_patterns("*.mo"))
    written = compile_catalogues(tmp_path / "translations")
    assert sorted(p.parent.parent.name for p in written) == SHIPPED
    assert compile_catalogues(tmp_path / "translations") == []  # up to date: nothing to do
