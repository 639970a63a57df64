"""The served benchmarks (section page under gunicorn, autosave by a team) run end to end on a small scale,
and ``python -m bench`` writes its rows and the machine to a JSON file."""

import json
import re

import pytest

from assessment import create_app
from bench import bench_autosave, bench_pages
from bench.__main__ import main, markdown, table
from bench.common import (
    BENCH_PASSWORD,
    BENCH_SECRET,
    ROW_KEYS,
    Browser,
    database_kinds,
    prepare_draft,
    scratch_database,
)
from tests.browser_support import LiveServer

#: each runs a benchmark's quick form or serves under gunicorn
pytestmark = pytest.mark.bench


def test_section_page_rows_for_each_database():
    rows = bench_pages.run(quick=True)
    assert [r["name"].split(" (")[0] for r in rows] == [
        "section page, 1 client", "section page, 4 clients", "section page weight"] * len(database_kinds())
    weights = [r for r in rows if r["name"].startswith("section page weight")]
    rows = [r for r in rows if r not in weights]
    for row in weights:
        assert tuple(row) == ROW_KEYS
        # as sent with Brotli, well under the uncompressed page
        sent, raw = re.search(r"([\d.]+) KB as sent with Brotli .* ([\d.]+) KB uncompressed", row["name"]).groups()
        assert 0 < float(sent) < float(raw) / 3
        assert row["pass"] is (row["ratio"] < 1)
    for row in rows:
        assert tuple(row) == ROW_KEYS
        assert row["size"] == 15
        assert 0 < row["p50_ms"] <= row["p95_ms"]
        assert row["pass"] is (row["ratio"] <= bench_pages.LIMIT)
    # beside the warm figure, the one client's page with the question-fragment cache off
    cold = [re.search(r"fragment cache off: p95 ([\d.]+) ms, ([\d.]+)x the bare page's p95", r["name"]) for r in rows
            if r["name"].startswith("section page, 1 client")]
    assert len(cold) == len(database_kinds())
    assert all(found is not None for found in cold), [r["name"] for r in rows]
    assert all(float(found[1]) > 0 and float(found[2]) > 0 for found in cold), cold


def test_autosave_row_counts_applied_saves_and_deliberate_conflicts():
    [row] = bench_autosave.run(quick=True)
    assert tuple(row) == ROW_KEYS
    assert " 0 errors" in row["name"]
    assert "0 deliberate conflicts" not in row["name"]
    assert row["size"] == 5
    assert row["p50_ms"] <= row["p95_ms"]
    assert row["pass"] is (row["ratio"] <= bench_autosave.TARGET_RATIO)


def test_a_browser_needs_the_right_password():
    """The benchmarks' HTTP client stops at a refused sign-in (the application served from a thread here: what
    is checked is the client, not the server)."""
    with scratch_database("sqlite", "signin") as url:
        draft = prepare_draft(url, members=6)
        server = LiveServer(create_app({"DATABASE_URL": url, "SECRET_KEY": BENCH_SECRET})).start()
        try:
            with pytest.raises(RuntimeError, match="answered 200"):
                Browser("127.0.0.1", server.server.server_port).sign_in(draft["emails"][0], "not-the-password")
            browser = Browser("127.0.0.1", server.server.server_port)
            browser.sign_in(draft["emails"][0], BENCH_PASSWORD)
            assert browser.open_page(f"/assessments/{draft['assessment']}/sections/crim_smuggling")
        finally:
            server.stop()


def test_bench_command_writes_rows_and_machine(tmp_path, capsys):
    out = tmp_path / "results.json"
    code = main(["--quick", "--only", "bench_scoring", "-o", str(out), "--markdown"])
    document = json.loads(out.read_text())
    assert set(document) == {"machine", "seconds", "rows"}
    assert document["machine"]["cores"] >= 1
    assert document["machine"]["python"].startswith("3.")
    assert [tuple(r) for r in document["rows"]] == [ROW_KEYS] * len(document["rows"])
    assert code == (0 if all(r["pass"] for r in document["rows"]) else 1)
    printed = capsys.readouterr().out
    assert table(document["rows"]) in printed
    assert markdown(document["rows"]) in printed
