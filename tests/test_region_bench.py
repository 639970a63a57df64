"""The regional benchmark runs on every configured database and reports the documented row format."""

from bench.bench_region import TARGET_RATIO, VISIBLE_PAGES, run
from bench.common import ROW_KEYS, database_kinds


def test_quick_run_reports_overview_workbook_and_statement_rows():
    rows = run(quick=True)
    kinds = database_kinds()
    timed = [(r["name"], r["size"]) for r in rows if not r["name"].startswith("SQL statements")]
    # the overview and the workbook, then the summary-first regional pages against a bare route showing the
    # same words
    visible = "bare route: the same paragraphs and table rows"
    assert timed == [(name, size) for kind in kinds for size in (20, 45)
                     for name in [f"overview ({kind})", f"comparison workbook ({kind})",
                                  *(f"{label} ({kind}; {visible})" for label, _who, _path in VISIBLE_PAGES)]]
    for row in rows:
        assert tuple(row) == ROW_KEYS
        assert row["baseline_ms"] > 0
        assert 0 < row["p50_ms"] <= row["p95_ms"]
    for row in rows:
        if row["name"].startswith("SQL statements"):
            assert row["pass"] is (row["ratio"] == 1)
            assert row["size"] == 20
        else:
            assert row["pass"] is (row["ratio"] <= TARGET_RATIO)
    counted = [r for r in rows if r["name"].startswith("SQL statements")]
    assert len(counted) == 9 * len(kinds)
    assert all(r["pass"] for r in counted), [r["name"] for r in counted if not r["pass"]]
