"""``python -m bench`` (``make bench``): run every ``bench_*`` module of this package and print its rows."""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    failed = False
    for module_info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name):
        if not module_info.name.startswith("bench_"):
            continue
        module = importlib.import_module(f"bench.{module_info.name}")
        rows = module.run(quick=quick)
        print(f"# {module_info.name}")
        print(json.dumps(rows, indent=2))
        failed = failed or not all(row["pass"] for row in rows)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
