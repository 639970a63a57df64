"""Benchmark of a section page as a focal point gets it: the app served by gunicorn with 2 workers over
loopback, under 1 and under 20 concurrent clients, each signed in and asking for the same section page
(the largest criminalisation section, its draft filled in) again and again.

The baseline is a bare Flask app (:mod:`bench.bare_app`), also served by gunicorn with 2 workers, whose one
route renders a template producing the same HTML, byte for byte, under the same load. The two are measured in
alternating rounds (180 requests each under 1 client, 600 under 20), so that a slow moment of the machine
falls on both alike. The target is a p95 within 3× the baseline's p95, with the question-fragment cache warm as
a running server has it; the 1-client row also names, for comparison, the p95 of the same page served with that
cache off. A further row gives the page's weight as sent with Brotli (what browsers ask for), beside gzip and
uncompressed; its target is under 100 KB as sent. Runs on SQLite and, when ``TEST_DATABASE_URL`` names one, on
PostgreSQL.

    python -m bench.bench_pages [--quick] [--json]
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.common import (
    BENCH_PASSWORD,
    Browser,
    database_kinds,
    gunicorn,
    module_main,
    p95,
    prepare_draft,
    ratio_row,
    request,
    scratch_database,
    served_env,
)

SECTION = "crim_smuggling"
LIMIT = 3.0


def load(host: str, port: int, path: str, headers: dict[str, str], clients: int, each: int,
         seconds: float) -> list[float]:
    """``clients`` threads, each asking for ``path`` ``each`` times in a row (stopping after ``seconds``);
    the milliseconds of every request. Any answer but 200 stops the run with an error."""
    times: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    start_together = threading.Barrier(clients)

    def client() -> None:
        start_together.wait(timeout=30)
        for _ in range(each):
            if time.monotonic() > deadline:
                return
            start = time.perf_counter_ns()
            status, _, body = request(host, port, "GET", path, headers=headers)
            elapsed = (time.perf_counter_ns() - start) / 1e6
            with lock:
                if status != 200 or not body:
                    failures.append(f"GET {path} answered {status}")
                    return
                times.append(elapsed)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    if failures:
        raise RuntimeError(failures[0])
    if not times:
        raise RuntimeError(f"no request to {path} finished")
    return times


def bench_kind(kind: str, quick: bool) -> list[dict]:
    # (clients, requests per client per round); rounds alternate between the app and the bare server, so a
    # slow moment of the machine falls on both alike
    loads = ((1, 5), (4, 2)) if quick else ((1, 30), (20, 5))
    rounds = 2 if quick else 6
    workers = 1 if quick else 2  # the quick form checks the benchmark's working, not the figures
    with scratch_database(kind, "pages") as url, tempfile.TemporaryDirectory() as directory:
        draft = prepare_draft(url, members=6 if quick else 45)
        path = f"/assessments/{draft['assessment']}/sections/{SECTION}"
        rows = []
        with gunicorn("assessment.wsgi:app", served_env(url), workers=workers) as (host, port):
            browser = Browser(host, port)
            browser.sign_in(draft["emails"][0], BENCH_PASSWORD)
            html = browser.open_page(path)
            page = Path(directory) / "page.html"
            page.write_bytes(html)
            headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in browser.cookies.items())}
            sent = {encoding: len(request(host, port, "GET", path, headers={**headers, "Accept-Encoding": encoding})[2])
                    for encoding in ("br", "gzip", "identity")}
            with gunicorn("bench.bare_app:create()", {"BENCH_BARE_HTML": str(page)},
                          workers=workers) as (bare_host, bare_port):
                bare_size = len(request(bare_host, bare_port, "GET", "/page")[2])
                if abs(bare_size - len(html)) > len(html) // 100:
                    raise RuntimeError(f"the bare page has {bare_size} bytes, the section page {len(html)}")
                load(host, port, path, headers, 4, 5, 60)  # every worker warm, as a running server is
                load(bare_host, bare_port, "/page", {}, 4, 5, 60)
                measured: dict[int, list[float]] = {clients: [] for clients, _ in loads}
                baseline: dict[int, list[float]] = {clients: [] for clients, _ in loads}
                for _ in range(rounds):
                    for clients, each in loads:
                        measured[clients] += load(host, port, path, headers, clients, each, 120)
                        baseline[clients] += load(bare_host, bare_port, "/page", {}, clients, each, 120)
                # the same page with the question-fragment cache off (every question rendered on every request),
                # one client, in alternating rounds with the bare page again: reported beside the warm figure
                cold_env = {**served_env(url), "ASSESSMENT_FRAGMENT_CACHE_MB": "0"}
                cold: list[float] = []
                cold_baseline: list[float] = []
                with gunicorn("assessment.wsgi:app", cold_env, workers=workers) as (cold_host, cold_port):
                    load(cold_host, cold_port, path, headers, 4, 5, 60)
                    for _ in range(rounds):
                        cold += load(cold_host, cold_port, path, headers, 1, loads[0][1], 120)
                        cold_baseline += load(bare_host, bare_port, "/page", {}, 1, loads[0][1], 120)
        for clients, _ in loads:
            name = f"section page, {clients} client{'s' if clients > 1 else ''} ({kind}, {len(html) // 1024} KB)"
            if clients == 1:
                name += (f"; fragment cache off: p95 {p95(cold):.1f} ms, "
                         f"{p95(cold) / p95(cold_baseline):.2f}x the bare page's p95")
            rows.append(ratio_row(name, draft["sections"][SECTION], measured[clients], baseline[clients],
                                  limit=LIMIT, on="p95"))
        rows.append(weight_row(kind, draft["sections"][SECTION], sent))
    return rows


#: what a section page may weigh as sent (compressed, as every browser asks for it)
WEIGHT_LIMIT = 100 * 1024


def weight_row(kind: str, size: int, sent: dict[str, int]) -> dict:
    """The section page's weight as sent with Brotli (what browsers ask for), beside gzip and uncompressed; the
    target is under :data:`WEIGHT_LIMIT` as sent."""
    return {
        "name": f"section page weight ({kind}): {sent['br'] / 1024:.1f} KB as sent with Brotli "
                f"({sent['gzip'] / 1024:.1f} KB gzip, {sent['identity'] / 1024:.1f} KB uncompressed)",
        "size": size, "p50_ms": 0.0, "p95_ms": 0.0, "baseline_ms": 0.0,
        "ratio": round(sent["br"] / WEIGHT_LIMIT, 3),
        "target": f"under {WEIGHT_LIMIT // 1024} KB as sent (Brotli)",
        "pass": sent["br"] < WEIGHT_LIMIT,
    }


def run(quick: bool = False) -> list[dict]:
    """Rows per database: the section page under 1 and 20 clients (quick: 1 and 4, a few requests)."""
    rows: list[dict] = []
    for kind in database_kinds():
        rows += bench_kind(kind, quick)
    return rows


def main(argv: list[str] | None = None) -> int:
    return module_main("python -m bench.bench_pages", __doc__, run, argv)


if __name__ == "__main__":
    sys.exit(main())
