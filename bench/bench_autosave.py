"""Benchmark of autosave under a whole team at work: 50 people of one member, each signed in with their own
account, each autosaving their own question every 2 seconds for 60 seconds, into one assessment served by
gunicorn (2 workers) over loopback, on PostgreSQL (SQLite when no server is configured).

Every tenth save of each person is deliberately sent on a stale version and must be answered 409 with the
other version; every other save must be applied (200); each save changes the answer's comment, and a status
answer's value too. Afterwards each answer's version and text must be
those of its last applied save, and the audit log must hold exactly one event per applied save: no error,
no lost write. The baseline is a bare Flask route answering the same JSON posts under the same pacing
(:func:`bench.bare_app.create_echo`), served the same way in the same run; the target is a p95 within 15× the
baseline's p95, and no error. It replaces a p95 of at most 50 ms, which a busy host moves: the bare route's p95
is about 3 ms on this machine (50 ms is 15-17× that), and autosave's is 6-7× it.

    python -m bench.bench_autosave [--quick] [--json]
"""

from __future__ import annotations

import json
import statistics
import sys
import threading
import time
from typing import Any

from bench.common import (
    BENCH_PASSWORD,
    Browser,
    bench_app,
    database_kinds,
    gunicorn,
    module_main,
    p95,
    prepare_draft,
    request,
    scratch_database,
    served_env,
)

PEOPLE = 50
EVERY_S = 2.0
FOR_S = 60.0
BASELINE_FOR_S = 20.0
STALE_EVERY = 10
#: autosave's p95, at most this many times the bare route's p95
TARGET_RATIO = 15.0
STATUS = ("in_place", "largely", "partially", "not_in_place")


def _questions(url: str, assessment_id: int, count: int) -> list[tuple[str, str, int, str, Any]]:
    """``count`` shown, scored questions of the draft with a stored value, status questions first:
    (question id, section id, current version, type, stored value)."""
    from assessment.extensions import db
    from assessment.models import Assessment
    from assessment.services.answer_store import answers_of
    from assessment.services.registry import registry
    from questionnaires.conditions import visibility

    app = bench_app(url)
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        questionnaire = registry().get(assessment.questionnaire_id, assessment.questionnaire_version)
        answers = answers_of(assessment)
        shown = visibility(questionnaire, answers)
        found = [(q.id, q.section_id, answers[q.id]["version"], q.type, answers[q.id]["value"])
                 for q in questionnaire.questions
                 if q.scored and shown.get(q.id) and answers.get(q.id, {}).get("value") is not None]
        db.session.remove()  # return its connection before closing the pool
        db.engine.dispose()
    found.sort(key=lambda item: item[3] != "status")
    if len(found) < count:
        raise RuntimeError(f"the draft has {len(found)} answered questions, {count} people need one each")
    return found[:count]


def _events_and_rows(url: str, assessment_id: int) -> tuple[int, dict[str, tuple[int, Any, str]]]:
    from sqlalchemy import func, select

    from assessment.extensions import db
    from assessment.models import Answer, AuditEvent

    app = bench_app(url)
    with app.app_context():
        events = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.assessment_id == assessment_id, AuditEvent.action == "answer.update"))
        rows = {r.question_id: (r.version, r.value, r.comment)
                for r in db.session.scalars(select(Answer).where(Answer.assessment_id == assessment_id))}
        db.session.remove()  # return its connection before closing the pool
        db.engine.dispose()
    return events, rows


def paced(people: int, every: float, duration: float, save: Any) -> tuple[list[float], list[str]]:
    """``people`` threads calling ``save(person, k)`` every ``every`` seconds for ``duration`` seconds (starts
    spread over the first interval); the milliseconds of every call and every failure message."""
    times: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    begin = time.monotonic() + 0.5

    def person(n: int) -> None:
        start = begin + every * n / people
        k = 0
        while True:
            due = start + k * every
            if due - begin > duration:
                return
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            began = time.perf_counter_ns()
            problem = save(n, k)
            elapsed = (time.perf_counter_ns() - began) / 1e6
            with lock:
                times.append(elapsed)
                if problem:
                    failures.append(problem)
            k += 1

    threads = [threading.Thread(target=person, args=(n,)) for n in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 120)
    return times, failures


def bench_kind(kind: str, quick: bool) -> dict[str, Any]:
    people, every, duration, baseline_duration = (5, 0.2, 1.0, 1.0) if quick else (PEOPLE, EVERY_S, FOR_S,
                                                                                BASELINE_FOR_S)
    stale_every = 3 if quick else STALE_EVERY
    workers = 1 if quick else 2  # the quick form checks the benchmark's working, not the figures
    with scratch_database(kind, "autosave") as url:
        draft = prepare_draft(url, members=6 if quick else 45, people=people)
        questions = _questions(url, draft["assessment"], people)
        events_before, _ = _events_and_rows(url, draft["assessment"])
        autosave = f"/assessments/{draft['assessment']}/autosave"
        applied: dict[str, tuple[int, str, str]] = {}
        counts = {"applied": 0, "conflicts": 0}
        lock = threading.Lock()
        with gunicorn("assessment.wsgi:app", served_env(url), workers=workers) as (host, port):
            browsers = []
            for n, email in enumerate(draft["emails"]):
                browser = Browser(host, port)
                browser.sign_in(email, BENCH_PASSWORD)
                browser.open_page(f"/assessments/{draft['assessment']}/sections/{questions[n][1]}")
                browsers.append(browser)
            versions = [item[2] for item in questions]

            def save(n: int, k: int) -> str | None:
                qid = questions[n][0]
                stale = k % stale_every == stale_every - 1 and versions[n] > 0
                value = STATUS[(n + k) % len(STATUS)] if questions[n][3] == "status" else questions[n][4]
                comment = f"person {n}, save {k}"
                base = versions[n] - 1 if stale else versions[n]
                body = json.dumps({"question_id": qid, "base_version": base,
                                   "answer": {"value": value, "comment": comment}}).encode()
                status, data = browsers[n].post_json(autosave, body)
                try:
                    answer = json.loads(data)
                except ValueError:
                    return f"{qid}: answered {status} without JSON"
                if stale:
                    if status != 409 or answer.get("status") != "conflict":
                        return f"{qid}: a stale save answered {status} {answer.get('status')}"
                    with lock:
                        counts["conflicts"] += 1
                    return None
                if status != 200 or answer.get("status") != "saved":
                    return f"{qid}: answered {status} {answer.get('status')} {answer.get('message', '')}"
                if answer["version"] != versions[n] + 1:
                    return f"{qid}: version {answer['version']} after {versions[n]}"
                versions[n] = answer["version"]
                with lock:
                    counts["applied"] += 1
                    applied[qid] = (answer["version"], value, comment)
                return None

            times, failures = paced(people, every, duration, save)
        events_after, rows = _events_and_rows(url, draft["assessment"])
    lost = [qid for qid, (version, value, comment) in applied.items() if rows.get(qid) != (version, value, comment)]
    if events_after - events_before != counts["applied"]:
        failures.append(f"{events_after - events_before} audit events for {counts['applied']} applied saves")
    failures += [f"{qid}: the stored answer is not the last applied save" for qid in lost]

    with gunicorn("bench.bare_app:create_echo()", {}, workers=workers) as (host, port):
        def echo(n: int, k: int) -> str | None:
            body = json.dumps({"question_id": f"q{n}", "base_version": k,
                               "answer": {"value": "in_place", "comment": f"person {n}, save {k}"}}).encode()
            status, _, _ = request(host, port, "POST", "/save", body=body,
                                   headers={"Content-Type": "application/json"})
            return None if status == 200 else f"bare route answered {status}"

        baseline, bare_failures = paced(people, every, baseline_duration, echo)
    if bare_failures:
        raise RuntimeError(bare_failures[0])
    high = p95(times)
    base = p95(baseline)
    return {
        "name": f"autosave, {people} people every {every:g} s for {duration:g} s ({kind}; "
                f"{counts['applied']} applied, {counts['conflicts']} deliberate conflicts, {len(failures)} errors)",
        "size": people,
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(high, 2),
        "baseline_ms": round(base, 3),
        "ratio": round(high / base, 2) if base > 0 else None,
        "target": f"p95 <= {TARGET_RATIO:g}x baseline, no error",
        "pass": (base > 0 and high <= TARGET_RATIO * base and not failures and counts["applied"] > 0
                 and counts["conflicts"] > 0),
        "_failures": failures,
    }


def run(quick: bool = False) -> list[dict]:
    """One row: on PostgreSQL when a server is configured, else on SQLite (quick: 5 people for 1 s)."""
    kind = "postgresql" if "postgresql" in database_kinds() else "sqlite"
    row = bench_kind(kind, quick)
    for failure in row.pop("_failures")[:10]:
        print(f"autosave: {failure}", file=sys.stderr)
    return [row]


def main(argv: list[str] | None = None) -> int:
    return module_main("python -m bench.bench_autosave", __doc__, run, argv)


if __name__ == "__main__":
    sys.exit(main())
