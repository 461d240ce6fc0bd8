"""Build or buy: the self-hosting bill has a floor and then grows, the break-even lies on both
curves and moves the right way, and impossible hosting is refused. The cost model is written out in the
capability lab, beside its formula; these tests run the lab's own cell."""

from __future__ import annotations

import numpy as np
import pytest
from labcode import lab_code

import llmcourse as lc

LAB = lab_code("capability")
Hosting, break_even = LAB.Hosting, LAB.break_even

ASSUMED = Hosting.from_assumptions(lc.load("capability_assumptions"))


def hosting(**changes):
    return Hosting.from_assumptions(lc.load("capability_assumptions"), **changes)


def api(tokens, usd_per_mtok):
    return tokens / 1e6 * usd_per_mtok


def test_the_assumptions_table_gives_every_field():
    table = lc.load("capability_assumptions").set_index("parameter").value
    assert ASSUMED.gpu_hour_usd == table["gpu_hour_usd"] and ASSUMED.hours_per_month == table["hours_per_month"] == 730
    assert isinstance(ASSUMED.gpus_per_replica, int)


def test_self_hosting_has_a_floor_and_then_grows():
    assert ASSUMED.monthly_cost(0) == pytest.approx(
        ASSUMED.fixed_monthly_usd + ASSUMED.gpus_per_replica * ASSUMED.gpu_hour_usd * 730
    )
    bills = ASSUMED.monthly_cost(np.array([0, 1e9, 1e10, 1e11, 1e12]))
    assert (np.diff(bills) >= 0).all() and bills[-1] > bills[0]
    assert hosting(gpu_hour_usd=4).monthly_cost(1e11) > hosting(gpu_hour_usd=2).monthly_cost(1e11)


@pytest.mark.parametrize("price", [0.5, 2, 10, 60])
@pytest.mark.parametrize("fixed", [0, 8000, 50_000])
def test_break_even_lies_on_both_curves(price, fixed):
    host = hosting(fixed_monthly_usd=fixed)
    v = break_even(price, host)
    if price <= host.marginal_per_token * 1e6:
        assert v is None
        for volume in (1e6, 1e9, 1e12):
            assert api(volume, price) <= host.monthly_cost(volume)
        return
    assert api(v, price) == pytest.approx(host.monthly_cost(v), rel=1e-9)
    assert api(v * 0.9, price) < host.monthly_cost(v * 0.9), "below the break-even the API is cheaper"
    assert api(v * 1.1, price) > host.monthly_cost(v * 1.1), "above it, self-hosting is"


def test_break_even_moves_the_right_way():
    assert break_even(10, hosting(gpu_hour_usd=1)) < break_even(10, hosting(gpu_hour_usd=3))
    assert break_even(30, ASSUMED) < break_even(10, ASSUMED)


@pytest.mark.parametrize(
    "changes",
    [
        {"tokens_per_second": 0},
        {"utilisation": 0},
        {"utilisation": 1.5},
        {"gpus_per_replica": 0},
        {"gpus_per_replica": 1.5},
        {"gpu_hour_usd": -1},
    ],
)
def test_impossible_hosting_is_refused(changes):
    with pytest.raises(ValueError):
        hosting(**changes)
