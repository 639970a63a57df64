"""What every benchmark shares: timing loops, the row format, the databases to run on, a gunicorn server on
loopback, a small HTTP client that signs in like a browser, and the machine's description.

A row is ``{"name", "size", "p50_ms", "p95_ms", "baseline_ms", "ratio", "target", "pass"}``; ``pass`` is a
boolean and ``ratio`` compares the measured figure with the baseline measured in the same run.
"""

from __future__ import annotations

import gc
import http.client
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ROW_KEYS = ("name", "size", "p50_ms", "p95_ms", "baseline_ms", "ratio", "target", "pass")
BENCH_SECRET = "bench-only-secret-key-0123456789abcdef"
BENCH_PASSWORD = "bench-password-123456"

# ----------------------------------------------------------------------------------------------- timing


def timed(call: Callable[[], object], runs: int, *, collect: bool = False) -> list[float]:
    """Milliseconds of ``runs`` calls, the garbage collector off while timing (``collect``: run it between
    calls, for workloads that make much garbage)."""
    out = []
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(runs):
            start = time.perf_counter_ns()
            call()
            out.append((time.perf_counter_ns() - start) / 1e6)
            if collect:
                gc.collect()
    finally:
        if enabled:
            gc.enable()
    return out


def alternating(call: Callable[[], object], baseline: Callable[[], object], runs: int, rounds: int | None = None,
                *, collect: bool = False) -> tuple[list[float], list[float]]:
    """``runs`` timings of ``call`` and of ``baseline``, taken in alternating rounds (by default one run each
    in turn) so that a slow moment of the machine falls on both alike."""
    ours: list[float] = []
    theirs: list[float] = []
    per_round = max(1, -(-runs // (rounds or runs)))
    while len(ours) < runs:
        ours += timed(call, min(per_round, runs - len(ours)), collect=collect)
        theirs += timed(baseline, min(per_round, runs - len(theirs)), collect=collect)
    return ours, theirs


def p95(times: list[float]) -> float:
    """The 95th percentile (the median for a single run)."""
    if len(times) < 2:
        return times[0]
    return max(statistics.quantiles(times, n=20)[-1], statistics.median(times))


def ratio_row(name: str, size: int, times: list[float], baseline: list[float], *, limit: float = 3.0,
              on: str = "p50") -> dict[str, Any]:
    """A row whose target is ``on`` (``p50`` or ``p95``) within ``limit`` × the baseline's same figure."""
    p50 = statistics.median(times)
    high = p95(times)
    base = statistics.median(baseline) if on == "p50" else p95(baseline)
    measured = p50 if on == "p50" else high
    ratio = measured / base if base > 0 else None
    return {
        "name": name,
        "size": size,
        "p50_ms": round(p50, 2),
        "p95_ms": round(high, 2),
        "baseline_ms": round(base, 3),
        "ratio": None if ratio is None else round(ratio, 2),
        "target": f"{on} <= {limit:g}x baseline",
        "pass": ratio is not None and ratio <= limit,
    }


# -------------------------------------------------------------------------------------------- databases


def postgres_url() -> str | None:
    """The PostgreSQL server to benchmark on: ``BENCH_DATABASE_URL``, else ``TEST_DATABASE_URL``."""
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL") or ""
    return url if url.startswith("postgresql") else None


def database_kinds() -> list[str]:
    """SQLite always; PostgreSQL when a server is configured."""
    return ["sqlite", "postgresql"] if postgres_url() else ["sqlite"]


@contextmanager
def scratch_database(kind: str, purpose: str) -> Iterator[str]:
    """An empty database of ``kind`` for one benchmark, removed afterwards; yields its SQLAlchemy URL.

    PostgreSQL: a database named after the configured one and ``purpose``, beside it on the same server.
    """
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix=f"bench-{purpose}-") as directory:
            yield f"sqlite:///{Path(directory) / 'bench.sqlite'}"
        return
    base = postgres_url()
    if base is None:
        raise RuntimeError("no PostgreSQL server configured (TEST_DATABASE_URL or BENCH_DATABASE_URL)")
    with postgres_database(base, f"bench_{purpose}") as url:
        yield url


@contextmanager
def postgres_database(base: str, suffix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database named ``<base database>_<suffix>`` on the server of ``base``, dropped
    afterwards (connections to it included); yields its URL."""
    import sqlalchemy as sa

    url = sa.engine.make_url(base)
    name = f"{url.database}_{suffix}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def counting(engine: Any) -> Iterator[list[str]]:
    """The SQL statements ``engine`` sends while the block runs."""
    from sqlalchemy import event

    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def bench_app(url: str, **settings: Any):
    """The application on ``url`` with its tables created (CSRF off: for in-process benchmarks only), with
    ``settings`` over the defaults."""
    from assessment import create_app
    from assessment.extensions import db

    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": BENCH_SECRET,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", **settings})
    with app.app_context():
        db.create_all()
    return app


# ------------------------------------------------------------------------------------- gunicorn and HTTP


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(spec: str, env: dict[str, str], *, workers: int = 2, worker_class: str = "sync",
             threads: int = 1, ready_path: str = "/health") -> Iterator[tuple[str, int]]:
    """``gunicorn SPEC`` on 127.0.0.1 with ``workers`` processes; yields (host, port) once it answers."""
    port = free_port()
    binary = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    command = [binary, "--workers", str(workers), "--worker-class", worker_class, "--threads", str(threads),
               "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "120", spec]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=log,
                                   stderr=subprocess.STDOUT)
        try:
            _wait_until_ready(process, log, port, spec, ready_path)
            yield "127.0.0.1", port
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_ready(process: subprocess.Popen, log: Any, port: int, spec: str, path: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"gunicorn {spec} exited: {log.read().decode(errors='replace')[-2000:]}")
        try:
            if request("127.0.0.1", port, "GET", path)[0] == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn {spec} did not answer {path} within 60 s")
        time.sleep(0.1)


def request(host: str, port: int, method: str, path: str, body: bytes | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request on a new connection: (status, headers with lower-case names, body)."""
    connection = http.client.HTTPConnection(host, port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        found: dict[str, str] = {}
        for key, value in response.getheaders():
            key = key.lower()
            found[key] = f"{found[key]}\n{value}" if key in found else value
        return response.status, found, data
    finally:
        connection.close()


CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*? value="([^"]+)"')
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


class Browser:
    """Cookies and the CSRF token of one signed-in person, over plain HTTP to a local server."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def _remember(self, headers: dict[str, str]) -> None:
        for line in headers.get("set-cookie", "").split("\n"):
            if "=" in line:
                name, _, rest = line.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        return {**headers, **(extra or {})}

    def get(self, path: str) -> tuple[int, bytes]:
        status, headers, body = request(self.host, self.port, "GET", path, headers=self._headers())
        self._remember(headers)
        return status, body

    def post_json(self, path: str, payload: bytes) -> tuple[int, bytes]:
        status, headers, body = request(self.host, self.port, "POST", path, body=payload, headers=self._headers(
            {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": self.csrf}))
        self._remember(headers)
        return status, body

    def post(self, path: str, body: bytes, content_type: str) -> tuple[int, bytes]:
        status, headers, reply = request(self.host, self.port, "POST", path, body=body,
                                         headers=self._headers({"Content-Type": content_type}))
        self._remember(headers)
        return status, reply

    def sign_in(self, email: str, password: str) -> None:
        status, page = self.get("/auth/login")
        match = CSRF_FIELD.search(page.decode())
        if status != 200 or match is None:
            raise RuntimeError(f"sign-in page answered {status}")
        form = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": match.group(1)})
        status, headers, _ = request(self.host, self.port, "POST", "/auth/login", body=form.encode(),
                                     headers=self._headers({"Content-Type": "application/x-www-form-urlencoded"}))
        self._remember(headers)
        if status != 302:
            raise RuntimeError(f"signing in as {email} answered {status}")

    def open_page(self, path: str) -> bytes:
        """GET a page that must answer 200 and keep its CSRF token for later JSON posts."""
        status, body = self.get(path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        match = CSRF_META.search(body.decode())
        if match:
            self.csrf = match.group(1)
        return body


# ------------------------------------------------------------------------------------------------ output


def table(rows: list[dict]) -> str:
    """Rows as a fixed-width table, one line each."""
    width = max([len("benchmark")] + [len(r["name"]) for r in rows])
    lines = [f"{'benchmark':<{width}} {'size':>5} {'p50 ms':>9} {'p95 ms':>9} {'baseline':>10} {'ratio':>7}  "
             f"{'target':<22} pass"]
    for r in rows:
        ratio = "" if r["ratio"] is None else f"{r['ratio']:.2f}"
        lines.append(f"{r['name']:<{width}} {r['size']:>5} {r['p50_ms']:>9.2f} {r['p95_ms']:>9.2f} "
                     f"{r['baseline_ms']:>10.3f} {ratio:>7}  {r['target']:<22} {'yes' if r['pass'] else 'NO'}")
    return "\n".join(lines)


def module_main(prog: str, doc: str, run: Callable[..., list[dict]], argv: list[str] | None = None,
                questionnaire: bool = False) -> int:
    """The command line of one benchmark module: ``[QUESTIONNAIRE.json] [--quick] [--json]``; exit 1 when a
    row misses its target."""
    import argparse
    import json

    parser = argparse.ArgumentParser(prog=prog, description=doc.splitlines()[0])
    if questionnaire:
        parser.add_argument("questionnaire", nargs="?", help="questionnaire JSON file (default: the full one)")
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer runs")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)
    rows = run(quick=args.quick, questionnaire_path=args.questionnaire) if questionnaire else run(quick=args.quick)
    print(json.dumps(rows, indent=2) if args.json else table(rows))
    return 0 if all(r["pass"] for r in rows) else 1


# ---------------------------------------------------------------------------------------------- machine


def machine() -> dict[str, Any]:
    """CPU model, cores, Python version and platform of this run."""
    model = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": model or "unknown", "cores": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform(), "databases": database_kinds()}


# ------------------------------------------------------------------------------------------ a draft to use


def prepare_draft(url: str, *, members: int = 45, people: int = 1) -> dict[str, Any]:
    """A region of ``members`` synthetic members with one draft in the newest cycle, filled in (every visible
    question answered, citations and comments included), and ``people`` focal points of that member.

    Returns the assessment id, its member code, the people's e-mails and the scored questions of the draft.
    """
    from sqlalchemy import select

    from assessment.audit import Actor
    from assessment.auth.operations import create_user
    from assessment.demo import invented_answers
    from assessment.demo.synthetic import seed_region
    from assessment.extensions import db
    from assessment.models import Assessment, Cycle
    from assessment.responses.operations import save_answer
    from assessment.services.registry import registry

    app = bench_app(url)
    with app.app_context():
        region = seed_region(members)
        newest = db.session.scalars(select(Cycle).order_by(Cycle.opened_at.desc())).first()
        draft = db.session.scalars(select(Assessment).where(
            Assessment.cycle_id == newest.id, Assessment.status == "draft").order_by(Assessment.id)).first()
        if draft is None:
            raise RuntimeError(f"a region of {len(region)} members has no draft in cycle {newest.code}")
        questionnaire = registry().get(draft.questionnaire_id, draft.questionnaire_version)
        actor = Actor(label="bench")
        for qid, answer in invented_answers(questionnaire, draft.member, "bench", 0.95).items():
            save_answer(draft, questionnaire.question(qid), answer, 0, actor)
        emails = []
        for n in range(people):
            email = f"fp{n:03d}@{draft.member.code.lower()}.bench.example"
            create_user(email, "focal_point", member=draft.member, password=BENCH_PASSWORD)
            emails.append(email)
        db.session.commit()
        out = {"assessment": draft.id, "member": draft.member.code, "emails": emails,
               "scored": [q.id for q in questionnaire.questions if q.scored],
               "sections": {s.id: len(s.questions) for m in questionnaire.modules for s in m.sections}}
        db.session.remove()  # return its connection before closing the pool
        db.engine.dispose()
    return out


def served_env(url: str) -> dict[str, str]:
    """Environment for ``gunicorn assessment.wsgi:app`` on ``url`` (sign-in limit raised for many people)."""
    return {"ASSESSMENT_DATABASE_URL": url, "ASSESSMENT_SECRET_KEY": BENCH_SECRET,
            "ASSESSMENT_LOGIN_RATE_LIMIT": "10000 per minute", "ASSESSMENT_DEMO": "false"}
