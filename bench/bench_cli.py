"""Benchmark of the command line's start: ``assessment --help`` against ``python -c 'import flask'``.

Listing the commands builds no application and imports none of them (:mod:`assessment.cli`), so the
command starts about as fast as Flask itself: the target is the median within 3x the baseline's, both
started as fresh processes in alternating rounds.

    python -m bench.bench_cli [--quick] [--json]
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.common import alternating, module_main, ratio_row

LIMIT = 3.0
ASSESSMENT = Path(sys.executable).with_name("assessment")


def _start(*command: str) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def run(quick: bool = False) -> list[dict]:
    runs = 5 if quick else 21
    ours, baseline = alternating(lambda: _start(str(ASSESSMENT), "--help"),
                                 lambda: _start(sys.executable, "-c", "import flask"), runs)
    return [ratio_row("cli: assessment --help", 1, ours, baseline, limit=LIMIT)]


if __name__ == "__main__":
    sys.exit(module_main("python -m bench.bench_cli", __doc__ or "", run))
