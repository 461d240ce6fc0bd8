"""The book's colour vocabulary stays distinguishable for readers with red-green colour blindness.

Each named set of colours in llmcourse.figures (access classes, levels, press verdicts, series)
is simulated as a reader with deuteranopia or protanopia sees it (Machado, Oliveira and
Fernandes 2009) and every pair within a set must differ by at least ``CLEAR`` in CIEDE2000, for
normal vision too. Shapes, patterns and words back every colour as well; this guards the colours.
"""

from __future__ import annotations

import itertools

import pytest
from colour_vision import ciede2000, difference, simulate

import llmcourse as lc

#: CIEDE2000 difference below which two flat colours in a small mark are easily confused.
CLEAR = 10.0
VISION = (None, "deuteranopia", "protanopia")
SETS = {
    "access classes": list(lc.ACCESS_COLOURS.values()),
    "levels": list(lc.LEVEL_COLOURS),
    "press verdicts": list(lc.VERDICT_COLOURS.values()),
    "series": list(lc.SERIES_COLOURS),
}


@pytest.mark.parametrize("name", SETS)
def test_every_pair_of_a_colour_set_stays_apart_with_colour_blindness(name):
    close = [
        f"{a} and {b}: {difference(a, b, vision):.1f} ({vision or 'normal vision'})"
        for a, b in itertools.combinations(SETS[name], 2)
        for vision in VISION
        if difference(a, b, vision) < CLEAR
    ]
    assert not close, f"{name}: colours a reader may confuse: {close}"


def test_the_check_itself():
    # CIEDE2000 against Sharma, Wu and Dalal (2005), pair 1; a simulation that loses red and green
    assert ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert difference("#FF0000", "#00FF00") > 60  # red and green, normal vision
    assert difference("#CC79A7", "#999999", "deuteranopia") < CLEAR  # the pink and light grey the series had
    grey = simulate("#808080", "deuteranopia")
    assert max(grey) - min(grey) < 0.02  # greys stay grey
