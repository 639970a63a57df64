"""The one table of limits: the document says what the code enforces, and every way in uses the same words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from questionnaires import limits

DOC = Path(__file__).resolve().parent.parent / "docs" / "limits.md"


def test_the_document_lists_exactly_the_table_of_the_code():
    rows = re.findall(r"^\| (?!What |---)(.+?) \| (.+?) \|$", DOC.read_text(encoding="utf-8"), re.M)
    assert rows == [(row.what, row.limit) for row in limits.TABLE]


@pytest.mark.parametrize(("text", "year"), [("2015", 2015), (" 2015.0 ", 2015), (1800, 1800), (2100.0, 2100)])
def test_years_read_as_a_spreadsheet_may_write_them(text, year):
    assert limits.parse_year(text) == year


@pytest.mark.parametrize("text", ["1799", "2101", "20x5", "15", True, 2015.5, "", "２０１５"])
def test_years_outside_the_table_are_refused(text):
    with pytest.raises(ValueError, match=f"^{re.escape(str(text))}$"):
        limits.parse_year(text)
    assert limits.check_year(text) == limits.ENTER_YEAR


@pytest.mark.parametrize(("text", "number"), [("7", 7), ("7.0", 7), (" 7,5 ", 7.5), (0, 0), ("1e3", 1000),
                                              (10**12, 10**12)])
def test_numbers_read_with_a_comma_or_a_point(text, number):
    assert limits.parse_number(text) == number
    assert type(limits.parse_number(text)) is type(number)


@pytest.mark.parametrize("text", ["-1", -0.5, "ten", "nan", "inf", 10**12 + 1, 10**400, True, "7.5.1", ""])
def test_numbers_outside_the_table_are_refused(text):
    with pytest.raises(ValueError, match=f"^{re.escape(str(text))}$"):
        limits.parse_number(text)


@pytest.mark.parametrize(("url", "ok"), [
    ("https://example.org/act", True), ("http://x", True), ("www.example.org", False),
    ("https://example.org/my act", False), ("https://", False), ("ftp://example.org", False),
    ("https://example.org/" + "a" * 500, False),
])
def test_links(url, ok):
    assert (limits.check_url(url) is None) is ok


def test_dates_must_be_real_and_within_the_years():
    assert limits.parse_date("2004-12-25") == "2004-12-25"
    for bad in ("2004-02-30", "25/12/2004", "1799-12-31", "2101-01-01", "2004-1-5"):
        assert limits.check_date(bad) == limits.ENTER_DATE


def test_too_long_says_how_long():
    assert limits.check_length("x" * 20_001, limits.TEXT_MAX) == (
        "Shorten it to at most 20,000 characters (it has 20,001).")
    assert limits.check_length("x" * 20_000, limits.TEXT_MAX) is None
