"""The pages' band colours are the one ordered scale the words module defines (shared with the workbooks)."""

from __future__ import annotations

import re
from pathlib import Path

from questionnaires.words import BAND_COLOURS

CSS = Path(__file__).resolve().parents[1] / "assessment" / "static" / "app.css"
VARIABLES = {"aligned": "--band-aligned", "largely_aligned": "--band-largely", "partly_aligned": "--band-partly",
             "not_aligned": "--band-not"}


def _lightness(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return (max(r, g, b) + min(r, g, b)) / 2


def test_the_stylesheet_uses_the_shared_band_colours():
    css = CSS.read_text()
    for band, variable in VARIABLES.items():
        found = re.search(rf"{variable}:\s*#([0-9a-fA-F]{{6}})", css)
        assert found, variable
        assert found.group(1).upper() == BAND_COLOURS[band]


def test_the_scale_runs_blue_to_orange_and_lightens_towards_the_middle():
    aligned, largely, partly, not_aligned = (BAND_COLOURS[b] for b in VARIABLES)
    # blue ends (more blue than red) on the aligned side, orange (more red than blue) on the other
    assert int(aligned[4:6], 16) > int(aligned[0:2], 16)
    assert int(not_aligned[0:2], 16) > int(not_aligned[4:6], 16)
    assert _lightness(largely) > _lightness(aligned)
    assert _lightness(partly) > _lightness(not_aligned)
