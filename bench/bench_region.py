"""Benchmark of the regional views: the overview page and the comparison workbook for 45 and 500 synthetic
members (``S0001``…) over 3 cycles, against a bare Flask route that renders a table of the same size.

Each size gets its own SQLite database filled by :func:`assessment.demo.synthetic.seed_region` (full-size stored
results and answers on the newest questionnaire version; a few drafts, submitted and reopened assessments among
them). Timings are per request
through Flask's test client, signed in as an RSO analyst:

- ``overview``: ``GET /region/`` (newest cycle, validated results: the matrix of members × sections), against
  a bare route that renders the same table from a list in memory with a template: the same rows (pick box,
  member link, sub-region) and columns, each cell holding the same number, a band word and a completeness;
- ``workbook``: ``GET /region/export.xlsx`` (six sheets, aggregates, colour scale, chart), against a bare
  route that writes the same sheets with the same number of cells as plain values in openpyxl's write-only
  mode (the cheapest way to produce the same workbook-sized table);
- the summary-first, paged regional pages (elements most often missed, TA demand, "Shared with us" and its two
  tabs), each against a bare route that renders the same visible content from lists in memory: every table row
  with its cells, and every other run of text of the page's body (header and navigation, filters and their
  options, headings, paragraphs, lists, footer), taken from the page itself. A page's figures and body are kept
  in the cache once worked out and rendered (``compare.views.kept_body``), so the row also names the figure with
  that cache off: the first view of a page after any change of the stored results.

The target is a median within 3× of the bare route; the two are timed in alternating rounds. Each runs on
SQLite and, when ``TEST_DATABASE_URL`` names one, on PostgreSQL.

It also counts the SQL statements each page issues, for 5 and for 500 members (the regional pages, a member's
"Shared with us", home, results and section pages): a row per page whose ``ratio`` is statements at 500 ÷
statements at 5, with the page's median time at 500 members against its time at 5 as p50 and baseline; the
target is the same count for both.

    python -m bench.bench_region [--quick] [--json]
"""

from __future__ import annotations

import io
import statistics
import sys

from bench.common import (
    BENCH_PASSWORD,
    alternating,
    bench_app,
    counting,
    database_kinds,
    module_main,
    ratio_row,
    scratch_database,
    timed,
)

TARGET_RATIO = 3.0
SIZES = (45, 500)
CYCLES = ("2022", "2024", "2026")
#: the questionnaire the synthetic members answer: the newest shipped version, the one new cycles use (with its
#: capacity figures, which the TA and "Shared with us" pages work out across members)
QUESTIONNAIRE = ("legislative_framework", 2)
COUNT_SIZES = (5, 500)
BARE_TABLE = """<!doctype html><html lang="en"><head><title>table</title></head><body><main><table>
<caption>{{ rows|length }} members</caption>
<thead><tr><th scope="col">Pick</th><th scope="col">Member</th>{% for c in columns %}<th scope="col">{{ c }}</th>
{% endfor %}</tr></thead>
<tbody>{% for name, code, sub_region, cells in rows %}<tr><td><input type="checkbox" name="member" value="{{ code }}"
 id="pick-{{ code }}" aria-label="Choose {{ name }} for side by side"></td><th scope="row"><a
 href="/region/members/{{ code }}?cycle=2026&amp;status=validated">{{ name }}</a><span class="w small muted">
{{ sub_region }}</span></th>{% for gap, band, completeness in cells %}<td class="cell band-{{ band }}"><span
 class="n">{{ '%.1f'|format(gap) }}</span><span class="w">{{ band }}</span><span class="w c">{{ completeness }} %</span>
</td>{% endfor %}</tr>
{% endfor %}</tbody>
</table></main></body></html>"""


BARE_VISIBLE = """<!doctype html><html lang="en"><head><title>page</title></head><body><main>
{% for p in paragraphs %}<p>{{ p }}</p>
{% endfor %}<table><tbody>{% for cells in rows %}<tr>{% for c in cells %}<td>{{ c }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table></main></body></html>"""
#: the regional pages given a time target at 500 members, with who asks for them
VISIBLE_PAGES = (("elements most often missed", "analyst", "/region/elements"),
                 ("regional TA demand", "analyst", "/region/ta"),
                 ("shared with us", "member", "/region/shared"),
                 ("shared with us: elements", "member", "/region/shared?show=elements"),
                 ("shared with us: TA demand", "member", "/region/shared?show=ta"))


def visible_content(html: str) -> tuple[list[str], list[list[str]]]:
    """The words a page shows: each table row's cells, and every other run of text in its body (header,
    navigation, filters with their options, headings, paragraphs, lists, footer), in page order."""
    import re
    from html import unescape

    body = html[html.find("<body"):html.find("</body>")]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)

    def words(fragment: str) -> str:
        return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())

    rows = [[words(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]
    # a table leaves its caption in the text; its rows are apart
    outside = re.sub(r"<table.*?</table>",
                     lambda table: " ".join(f"<caption>{c}</caption>"
                                            for c in re.findall(r"<caption[^>]*>(.*?)</caption>", table[0], re.S)),
                     body, flags=re.S)
    paragraphs = [text for text in (words(run) for run in re.split(r"<[^>]+>", outside)) if text]
    return paragraphs, rows


def _bare_visible_app(pages: dict[str, tuple[list[str], list[list[str]]]]):
    """A bare route per page that renders the same text and table rows from lists in memory."""
    from flask import Flask, render_template_string

    bare = Flask("bare-visible")

    @bare.route("/<int:n>")
    def page(n: int):
        paragraphs, rows = list(pages.values())[n]
        return render_template_string(BARE_VISIBLE, paragraphs=paragraphs, rows=rows)

    return bare


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


def _signed_in(app, email: str, role: str, member_code: str | None = None):
    from sqlalchemy import select

    from assessment.auth.operations import create_user
    from assessment.extensions import db
    from assessment.models import Member

    with app.app_context():
        member = db.session.scalar(select(Member).where(Member.code == member_code)) if member_code else None
        create_user(email, role, member=member, password=BENCH_PASSWORD)
        db.session.commit()
    return _client(app, email)


def _client(app, email: str):
    """A test client of ``app`` signed in as the existing account ``email``."""
    client = app.test_client()
    response = client.post("/auth/login", data={"email": email, "password": BENCH_PASSWORD})
    if response.status_code != 302:
        raise RuntimeError(f"signing in as {email} answered {response.status_code}")
    return client


def bench_size(kind: str, size: int, runs: int, workbook_runs: int) -> list[dict]:
    """Rows for one region size: the overview and the workbook, each against its bare route."""
    from openpyxl import load_workbook

    from assessment.demo.synthetic import seed_region
    from assessment.extensions import db

    with scratch_database(kind, f"region{size}") as url:
        app = bench_app(url)
        with app.app_context():
            seed_region(size, CYCLES, questionnaire=QUESTIONNAIRE)
        client = _signed_in(app, "bench@rso.example", "rso_analyst")

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
        # the overview's columns: the overall gap and one per section (Matrix sheet: E, then N onwards, after the
        # scoring method's columns)
        first = header.index("Best case") + 1
        columns = [str(c) for c in (header[4], *header[first:])]
        # the same rows: pick box, member link and sub-region, then each cell's gap, band word and completeness
        # (a blank figure is explained in words in the workbook: a 0 in the bare table)
        rows = [(str(r[0]), str(r[1]), str(r[2]),
                 [(float(v) if isinstance(v, int | float) else 0.0, "partly_aligned", round(float(r[5] or 0) * 100))
                  for v in (r[4], *r[first:])])
                for r in body]
        bare = _bare_app(columns, rows, sheets).test_client()

        def bare_table():
            assert bare.get("/table").status_code == 200

        def bare_xlsx():
            assert bare.get("/table.xlsx").status_code == 200

        bare_table()
        bare_xlsx()
        out = [
            ratio_row(f"overview ({kind})", size, *alternating(overview, bare_table, runs)),
            ratio_row(f"comparison workbook ({kind})", size, *alternating(workbook, bare_xlsx, workbook_runs)),
        ]
        # the summary-first, paged regional pages against a bare route showing the same words
        member = _signed_in(app, "bench@s0001.example", "focal_point", "S0001")
        clients = {"analyst": client, "member": member}
        shown = {}
        for label, who, path in VISIBLE_PAGES:
            response = clients[who].get(path)  # warm, as a running server would be
            assert response.status_code == 200, (path, response.status_code)
            shown[label] = visible_content(response.get_data(as_text=True))
        visible = _bare_visible_app(shown).test_client()
        # the same pages with the cache off: figures worked out and each body rendered on every request, as the
        # first view after any change of the stored results is (fewer runs: at 500 members each takes a while)
        cold_app = bench_app(url, FRAGMENT_CACHE_MB=0)
        cold_clients = {"analyst": _client(cold_app, "bench@rso.example"),
                        "member": _client(cold_app, "bench@s0001.example")}
        for n, (label, who, path) in enumerate(VISIBLE_PAGES):
            def ours(c=clients[who], p=path):
                assert c.get(p).status_code == 200

            def cold(c=cold_clients[who], p=path):
                assert c.get(p).status_code == 200

            def bare_page(n=n):
                assert visible.get(f"/{n}").status_code == 200

            bare_page()
            cold()
            row = ratio_row(f"{label} ({kind}; bare route: the same text and table rows)", size,
                            *alternating(ours, bare_page, runs))
            cold_row = ratio_row("", size, *alternating(cold, bare_page, max(1, runs // 8)))
            row["name"] = row["name"][:-1] + (f"; nothing kept (cache off): p50 {cold_row['p50_ms']:.1f} ms, "
                                              f"{cold_row['ratio']:.2f}x the bare route's p50)")
            out.append(row)
        for each in (app, cold_app):
            with each.app_context():
                db.session.remove()  # return its connection before closing the pool
                db.engine.dispose()
    return out


def statements_per_page(kind: str, size: int, runs: int) -> dict[str, tuple[int, list[float]]]:
    """label → (SQL statements, milliseconds of ``runs`` requests) for each page, in a region of ``size``."""
    from sqlalchemy import select

    from assessment.demo.synthetic import seed_region
    from assessment.extensions import db
    from assessment.models import Assessment, Cycle, Member

    with scratch_database(kind, f"count{size}") as url:
        app = bench_app(url)
        with app.app_context():
            seed_region(size, CYCLES, questionnaire=QUESTIONNAIRE)
            newest = db.session.scalars(select(Cycle).order_by(Cycle.opened_at.desc())).first()
            own = db.session.scalar(select(Assessment.id).join(Member).where(
                Member.code == "S0001", Assessment.cycle_id == newest.id))
        analyst = _signed_in(app, "count@rso.example", "rso_analyst")
        member = _signed_in(app, "count@s0001.example", "focal_point", "S0001")
        pages = [
            ("region overview", analyst, "/region/"),
            ("region overview, sorted by gap", analyst, "/region/?status=validated&status=submitted&sort=gap"),
            ("elements most often missed", analyst, "/region/elements"),
            ("regional TA demand", analyst, "/region/ta"),
            ("member profile", analyst, "/region/members/S0002?status=validated&status=submitted"),
            ("shared with us (member)", member, "/region/shared"),
            ("home (member)", member, "/"),
            ("results (member)", member, f"/assessments/{own}/results"),
            ("section page (member)", member, f"/assessments/{own}/sections/crim_smuggling"),
        ]
        found = {}
        with app.app_context():
            engine = db.engine
        for label, client, path in pages:
            response = client.get(path)  # warm
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
            with counting(engine) as statements:
                client.get(path)
            found[label] = (len(statements), timed(lambda c=client, p=path: c.get(p), runs))
        engine.dispose()
    return found


def count_rows(kind: str, sizes: tuple[int, int], runs: int) -> list[dict]:
    small, large = (statements_per_page(kind, size, runs) for size in sizes)
    rows = []
    for label, (few, few_times) in small.items():
        many, many_times = large[label]
        rows.append({
            "name": f"SQL statements: {label} ({kind}; {few} at {sizes[0]} members, {many} at {sizes[1]})",
            "size": sizes[1],
            "p50_ms": round(statistics.median(many_times), 2),
            "p95_ms": round(max(statistics.quantiles(many_times, n=20)[-1], statistics.median(many_times)), 2)
            if len(many_times) > 1 else round(many_times[0], 2),
            "baseline_ms": round(statistics.median(few_times), 3),
            "ratio": round(many / few, 2) if few else None,
            "target": f"same statements at {sizes[1]} as at {sizes[0]}",
            "pass": many == few,
        })
    return rows


#: the quick form (for tests: it checks the benchmark's working, not the figures): the pages at 8 and 16 members,
#: the statements at 5 and 12
QUICK_SIZES = (8, 16)
QUICK_COUNT_SIZES = (5, 12)


def run(quick: bool = False) -> list[dict]:
    """Rows per database: overview and workbook for 45 and 500 members, statements for 5 and 500 (quick:
    :data:`QUICK_SIZES` and :data:`QUICK_COUNT_SIZES`, fewer repetitions)."""
    sizes = QUICK_SIZES if quick else SIZES
    counts = QUICK_COUNT_SIZES if quick else COUNT_SIZES
    runs, workbook_runs = (3, 2) if quick else (40, 8)
    rows: list[dict] = []
    for kind in database_kinds():
        for size in sizes:
            rows += bench_size(kind, size, runs, workbook_runs)
        rows += count_rows(kind, counts, 3 if quick else 9)
    return rows


def main(argv: list[str] | None = None) -> int:
    return module_main("python -m bench.bench_region", __doc__, run, argv)


if __name__ == "__main__":
    sys.exit(main())
