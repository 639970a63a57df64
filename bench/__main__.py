"""``python -m bench`` (``make bench``): run every ``bench_*`` module of this package, print one table and write
``bench/results.json`` (``{"machine": {...}, "rows": [...]}``). Exit 1 when any row misses its target.

    python -m bench [--quick] [--only NAME ...] [-o PATH]
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
import time
from pathlib import Path

from bench.common import ROW_KEYS, machine, table

HERE = Path(__file__).parent


def modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name.startswith("bench_"))


def markdown(rows: list[dict]) -> str:
    """The rows as a Markdown table (for docs/performance.md)."""
    lines = ["| benchmark | size | p50 ms | p95 ms | baseline ms | ratio | target | pass |",
             "|---|--:|--:|--:|--:|--:|---|---|"]
    for r in rows:
        ratio = "" if r["ratio"] is None else f"{r['ratio']:.2f}"
        lines.append(f"| {r['name']} | {r['size']} | {r['p50_ms']:.2f} | {r['p95_ms']:.2f} | "
                     f"{r['baseline_ms']:.3f} | {ratio} | {r['target']} | {'yes' if r['pass'] else 'no'} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer runs (a smoke test)")
    parser.add_argument("--only", nargs="*", default=[], help="module names, e.g. bench_pages")
    parser.add_argument("-o", "--output", default=str(HERE / "results.json"), help="where to write the rows")
    parser.add_argument("--markdown", action="store_true", help="also print the table as Markdown")
    args = parser.parse_args(argv)
    rows: list[dict] = []
    started = time.monotonic()
    for name in modules():
        if args.only and name not in args.only:
            continue
        began = time.monotonic()
        module = importlib.import_module(f"bench.{name}")
        found = module.run(quick=args.quick)
        for row in found:
            if tuple(row) != ROW_KEYS:
                raise RuntimeError(f"{name}: a row has keys {list(row)}, expected {list(ROW_KEYS)}")
        rows += found
        print(f"# {name}: {len(found)} rows in {time.monotonic() - began:.0f} s", file=sys.stderr, flush=True)
    document = {"machine": machine(), "seconds": round(time.monotonic() - started, 1), "rows": rows}
    Path(args.output).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(table(rows))
    if args.markdown:
        print()
        print(markdown(rows))
    failed = [r["name"] for r in rows if not r["pass"]]
    described = document["machine"]
    print(f"\n{len(rows) - len(failed)} of {len(rows)} targets met in {document['seconds']:.0f} s on "
          f"{described['cpu']} ({described['cores']} cores), Python {described['python']}, "
          f"databases: {', '.join(described['databases'])}; rows written to {args.output}")
    for name in failed:
        print(f"missed: {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
