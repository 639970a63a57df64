"""Benchmark of the regional views: the overview page and the comparison workbook for 45 and 500 synthetic
members (``S0001``…) over 3 cycles, against a bare Flask route that renders a table of the same size.

Each size gets its own SQLite database filled by :func:`assessment.synthetic.seed_region` (full-size stored
results and answers; a few drafts, submitted and reopened assessments among them). Timings are per request
through Flask's test client, signed in as an RSO analyst:

- ``overview``: ``GET /region/`` (newest cycle, validated results: the matrix of members × sections), against
  a bare route that renders an HTML table with the same rows and columns from a list in memory, each cell
  holding the same number and band word;
- ``workbook``: ``GET /region/export.xlsx`` (six sheets, aggregates, colour scale, chart), against a bare
  route that writes the same sheets with the same number of cells as plain values in openpyxl's write-only
  mode (the cheapest way to produce the same workbook-sized table).

The target is a median within 3× of the bare route.

    python -m bench.bench_region [--quick] [--json]
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TARGET_RATIO = 3.0
SIZES = (45, 500)
CYCLES = ("2022", "2024", "2026")
PASSWORD = "bench-password-123456"
BARE_TABLE = """<!doctype html><html lang="en"><head><title>table</title></head><body><main><table>
<caption>{{ rows|length }} members</caption>
<thead><tr><th scope="col">Member</th>{% for c in columns %}<th scope="col">{{ c }}</th>{% endfor %}</tr></thead>
<tbody>{% for name, cells in rows %}<tr><th scope="row">{{ name }}</th>{% for gap, band in cells %}
<td class="band-{{ band }}"><span class="n">{{ '%.1f'|format(gap) }}</span><span class="w">{{ band }}</span></td>
{% endfor %}</tr>{% endfor %}</tbody>
</table></main></body></html>"""


def _times(call: Callable[[], object], runs: int) -> list[float]:
    out = []
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(runs):
            start = time.perf_counter_ns()
            call()
            out.append((time.perf_counter_ns() - start) / 1e6)
    finally:
        if enabled:
            gc.enable()
    return out


def _row(name: str, size: int, times: list[float], baseline: list[float]) -> dict:
    p50 = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else p50
    base = statistics.median(baseline)
    ratio = p50 / base if base > 0 else None
    return {
        "name": name,
        "size": size,
        "p50_ms": round(p50, 2),
        "p95_ms": round(p95, 2),
        "baseline_ms": round(base, 2),
        "ratio": round(ratio, 2) if ratio is not None else None,
        "target": f"ratio <= {TARGET_RATIO:g}",
        "pass": ratio is not None and ratio <= TARGET_RATIO,
    }


def _bare_app(columns: list[str], rows: list[tuple[str, list[tuple[float, str]]]], sheets: list[list[list[object]]]):
    from flask import Flask, render_template_string, send_file
    from openpyxl import Workbook

    bare = Flask("bare")

    @bare.route("/table")
    def table():
        return render_template_string(BARE_TABLE, columns=columns, rows=rows)

    @bare.route("/table.xlsx")
    def table_xlsx():
        workbook = Workbook(write_only=True)
        for n, cells in enumerate(sheets):
            ws = workbook.create_sheet(f"Sheet{n + 1}")
            for line in cells:
                ws.append(line)
        buffer = io.BytesIO()
        workbook.save(buffer)
        buffer.seek(0)
        return send_file(buffer, download_name="table.xlsx")

    return bare


def bench_size(size: int, runs: int, workbook_runs: int, directory: Path) -> list[dict]:
    """Rows for one region size: the overview and the workbook, each against its bare route."""
    from openpyxl import load_workbook

    from assessment import create_app
    from assessment.auth.operations import create_user
    from assessment.extensions import db
    from assessment.synthetic import seed_region

    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{directory / f'region{size}.sqlite'}",
                      "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        seed_region(size, CYCLES)
        create_user("bench@rso.example", "rso_analyst", password=PASSWORD)
        db.session.commit()
    client = app.test_client()
    client.post("/auth/login", data={"email": "bench@rso.example", "password": PASSWORD})

    def overview():
        response = client.get("/region/")
        assert response.status_code == 200, response.status_code

    def workbook():
        response = client.get("/region/export.xlsx")
        assert response.status_code == 200, response.status_code
        return response.data

    overview()  # warm caches (questionnaire, templates) as a running server would have them
    data = workbook()
    book = load_workbook(io.BytesIO(data), read_only=True)
    sheets = [[list(r) for r in book[name].iter_rows(values_only=True)] for name in book.sheetnames]
    matrix = sheets[0]
    header = next(r for r in matrix if r and r[0] == "Member")
    body = matrix[matrix.index(header) + 1:]
    # the overview's columns: the overall gap and one per section (Matrix sheet: E, then I onwards)
    columns = [str(c) for c in (header[4], *header[8:])]
    rows = [(str(r[0]), [(float(v or 0), "partly_aligned") for v in (r[4], *r[8:])]) for r in body]
    bare = _bare_app(columns, rows, sheets).test_client()

    def bare_table():
        assert bare.get("/table").status_code == 200

    def bare_xlsx():
        assert bare.get("/table.xlsx").status_code == 200

    bare_table()
    bare_xlsx()
    out = [
        _row("overview", size, _times(overview, runs), _times(bare_table, runs)),
        _row("comparison workbook", size, _times(workbook, workbook_runs), _times(bare_xlsx, workbook_runs)),
    ]
    with app.app_context():
        db.engine.dispose()
    return out


def run(quick: bool = False) -> list[dict]:
    """Benchmark rows for 45 and 500 members (quick: 20 and 45 members, fewer repetitions, for tests)."""
    sizes = (20, 45) if quick else SIZES
    runs, workbook_runs = (3, 2) if quick else (25, 7)
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as directory:
        for size in sizes:
            rows += bench_size(size, runs, workbook_runs, Path(directory))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_region", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller regions, fewer repetitions")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)
    rows = run(quick=args.quick)
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for r in rows:
            print(f"{r['name']:<22} {r['size']:>4} p50 {r['p50_ms']:>9.2f} ms  p95 {r['p95_ms']:>9.2f} ms  "
                  f"bare {r['baseline_ms']:>8.2f} ms  ratio {r['ratio']:>5.2f}  {'ok' if r['pass'] else 'OVER'}")
    return 0 if all(r["pass"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
