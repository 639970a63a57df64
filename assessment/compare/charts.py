"""Coordinates for the server-rendered SVG trend chart (no chart library, no script): plain numbers that the
template turns into ``<polyline>``, ``<circle>`` and ``<line>`` elements."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _

from scoring.region import Trend

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 32, 20, 36
#: line styles per series: colour (Okabe–Ito, safe for colour-blind readers) and dash pattern, so that
#: series differ by more than colour
STYLES = [("#0b4f71", ""), ("#d55e00", "6 3"), ("#009e73", "2 3"), ("#cc79a7", "8 3 2 3"), ("#8a5300", "1 2")]


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    dash: str
    #: (x, y, gap) per cycle with a score
    points: tuple[tuple[float, float, float], ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in self.points)


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    series: tuple[Series, ...]
    #: (x, cycle code) along the bottom
    ticks: tuple[tuple[float, str], ...]
    #: (y, gap) gridlines
    grid: tuple[tuple[float, int], ...]
    #: (x, text) where the questionnaire or scoring version changed
    changes: tuple[tuple[float, str], ...]
    plot: tuple[int, int, int, int]


def trend_chart(trend: Trend, module_ids: list[str] | None = None,
                title: Callable[[str, str], str] | None = None) -> Chart:
    """The overall core gap per cycle (and each module's, when ``module_ids`` are given) on a 0–100 scale;
    ``title(module id, stored title)`` gives a module's label in the page's language."""
    cycles = [p.cycle for p in trend.points]
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(len(cycles) - 1, 1)

    def x(i: int) -> float:
        return LEFT + (i * step if len(cycles) > 1 else inner_w / 2)

    def y(gap: float) -> float:
        return TOP + inner_h * (1 - gap / 100)

    titles = dict(trend.modules)
    wanted: list[tuple[str, str | None]] = [(_("Overall"), None)] + [
        (title(m, titles.get(m, m)) if title else titles.get(m, m), m) for m in module_ids or []]
    series = []
    for n, (label, module) in enumerate(wanted):
        colour, dash = STYLES[n % len(STYLES)]
        points = []
        for i, point in enumerate(trend.points):
            cell = point.overall if module is None else point.modules.get(module)
            if cell is not None and cell.gap is not None:
                points.append((x(i), y(cell.gap), cell.gap))
        series.append(Series(label, colour, dash, tuple(points)))
    changes = []
    for i, point in enumerate(trend.points):
        if point.changed:
            words = []
            if "questionnaire" in point.changed:
                words.append(_("questionnaire v%(version)s", version=point.questionnaire_version))
            if "scoring" in point.changed:
                words.append(_("scoring %(version)s", version=point.scoring_version))
            changes.append((x(i) - step / 2 if len(cycles) > 1 else x(i), ", ".join(words)))
    return Chart(WIDTH, HEIGHT, tuple(series), tuple((x(i), c) for i, c in enumerate(cycles)),
                 tuple((y(g), g) for g in (0, 25, 50, 75, 100)), tuple(changes), (LEFT, TOP, inner_w, inner_h))
