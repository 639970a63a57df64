"""The regional benchmark runs on every configured database and reports the documented row format."""

import re

import pytest

from bench.bench_region import QUICK_COUNT_SIZES, QUICK_SIZES, TARGET_RATIO, VISIBLE_PAGES, run
from bench.common import ROW_KEYS, database_kinds


@pytest.mark.bench
def test_quick_run_reports_overview_workbook_and_statement_rows():
    rows = run(quick=True)
    kinds = database_kinds()
    timed = [(r["name"], r["size"]) for r in rows if not r["name"].startswith("SQL statements")]
    # the overview and the workbook, then the summary-first regional pages against a bare route showing the
    # same words
    visible = "bare route: the same text and table rows"
    cold = re.compile(r"; nothing kept \(cache off\): p50 ([\d.]+) ms, ([\d.]+)x the bare route's p50\)$")
    assert [(cold.sub(")", name), size) for name, size in timed] == [
        (name, size) for kind in kinds for size in QUICK_SIZES
        for name in [f"overview ({kind})", f"comparison workbook ({kind})",
                     *(f"{label} ({kind}; {visible})" for label, _who, _path in VISIBLE_PAGES)]]
    # beside each regional page's figure, the same page with its figures and body made on every request
    named = [cold.search(name) for name, _size in timed if visible in name]
    assert len(named) == len(VISIBLE_PAGES) * 2 * len(kinds)
    assert all(named)
    assert all(float(found[1]) > 0 and float(found[2]) > 0 for found in named if found)
    for row in rows:
        assert tuple(row) == ROW_KEYS
        assert row["baseline_ms"] > 0
        assert 0 < row["p50_ms"] <= row["p95_ms"]
    for row in rows:
        if row["name"].startswith("SQL statements"):
            assert row["pass"] is (row["ratio"] == 1)
            assert row["size"] == QUICK_COUNT_SIZES[1]
        else:
            assert row["pass"] is (row["ratio"] <= TARGET_RATIO)
    counted = [r for r in rows if r["name"].startswith("SQL statements")]
    assert len(counted) == 9 * len(kinds)
    assert all(r["pass"] for r in counted), [r["name"] for r in counted if not r["pass"]]


def test_the_bare_route_shows_every_run_of_text_of_the_page_and_its_table_rows():
    from bench.bench_region import visible_content

    page = """<html><head><title>Not shown</title><style>p { color: red }</style></head><body>
    <header><nav><ul><li><a href="/">Home</a></li><li><a href="/region/">Regional views</a></li></ul></nav></header>
    <main><h1>Elements</h1><form><label for="c">Cycle</label><select id="c"><option>Cycle 2026</option>
    <option>Cycle 2024</option></select><button>Apply</button></form>
    <p>Over <strong>45</strong> members.</p><table><caption>Elements</caption><tr><th>A6</th><td>3 of 45</td></tr>
    <tr><th>B1</th><td>1 of 45</td></tr></table></main><footer><p>Self-assessed.</p></footer>
    <script>var hidden = 1;</script></body></html>"""
    text, rows = visible_content(page)
    assert text == ["Home", "Regional views", "Elements", "Cycle", "Cycle 2026", "Cycle 2024", "Apply", "Over", "45",
                    "members.", "Elements", "Self-assessed."]
    assert rows == [["A6", "3 of 45"], ["B1", "1 of 45"]]
