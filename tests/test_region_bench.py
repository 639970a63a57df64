"""The regional benchmark runs and reports the documented row format."""

from bench.bench_region import TARGET_RATIO, run


def test_quick_run_reports_overview_and_workbook_rows():
    rows = run(quick=True)
    assert [(r["name"], r["size"]) for r in rows] == [("overview", 20), ("comparison workbook", 20),
                                                      ("overview", 45), ("comparison workbook", 45)]
    for row in rows:
        assert list(row) == ["name", "size", "p50_ms", "p95_ms", "baseline_ms", "ratio", "target", "pass"]
        assert row["baseline_ms"] > 0
        assert 0 < row["p50_ms"] <= row["p95_ms"]
        assert row["pass"] is (row["ratio"] <= TARGET_RATIO)
