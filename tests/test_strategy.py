"""The platform-competition model of the strategy chapter: shares are shares, a larger lead never
hurts the leader, runs are deterministic, and bad input gets a plain message."""

from __future__ import annotations

import itertools
import math

import pandas as pd
import pytest

from llmcourse import strategy
from llmcourse.strategy import DEFAULTS, InputError, Params, final_share, grid, params, simulate

SETTINGS = list(itertools.product([0.0, 0.3, 1.0], [-1.0, 0.0, 2.0], [0.0, 1.0], [0.0, 1.5, 4.0]))


@pytest.mark.parametrize("openness, gap, fee, network", SETTINGS)
def test_shares_stay_in_unit_interval_and_sum_to_one(openness, gap, fee, network):
    run = simulate(openness=openness, capability_gap=gap, licence_fee=fee, network_strength=network)
    for side in ("users", "developers"):
        assert run[f"open_{side}"].between(0, 1).all()
        assert run[f"closed_{side}"].between(0, 1).all()
        assert ((run[f"open_{side}"] + run[f"closed_{side}"]) - 1).abs().max() < 1e-12
    assert len(run) == DEFAULTS.periods + 1
    assert list(run["period"]) == list(range(DEFAULTS.periods + 1))


def test_the_run_starts_split_evenly_with_the_lead():
    first = simulate(capability_gap=1.7).iloc[0]
    assert first.open_users == first.open_developers == 0.5
    assert first.gap == 1.7


def test_deterministic():
    pd.testing.assert_frame_equal(simulate(), simulate())


def test_symmetric_start_without_openness_or_lead_stays_even():
    run = simulate(openness=0, capability_gap=0, licence_fee=0)
    assert (run["open_users"] - 0.5).abs().max() < 1e-12


@pytest.mark.parametrize("openness, fee, network", list(itertools.product([0.0, 0.5, 1.0], [0.0, 1.0], [0.0, 1.5, 4.0])))
def test_a_larger_lead_never_hurts_the_leader(openness, fee, network):
    gaps = [-1.0, 0.0, 0.5, 1.0, 2.0, 4.0]
    runs = [simulate(openness=openness, licence_fee=fee, network_strength=network, capability_gap=g) for g in gaps]
    for smaller, larger in zip(runs, runs[1:]):
        assert (larger["closed_users"] >= smaller["closed_users"] - 1e-12).all()
        assert (larger["closed_developers"] >= smaller["closed_developers"] - 1e-12).all()


@pytest.mark.parametrize("gap, network", list(itertools.product([0.0, 1.0, 2.0], [0.5, 3.0])))
def test_openness_helps_the_open_platform_and_fees_hurt_it(gap, network):
    shares = [final_share(openness=o, capability_gap=gap, network_strength=network) for o in (0, 0.25, 0.5, 0.75, 1)]
    assert shares == sorted(shares)
    by_fee = [final_share(licence_fee=f, capability_gap=gap, network_strength=network) for f in (0, 0.5, 1, 2)]
    assert by_fee == sorted(by_fee, reverse=True)


def test_outside_contributions_close_the_gap_only_when_open():
    assert simulate(openness=0)["gap"].nunique() == 1
    gap = simulate(openness=1)["gap"]
    assert (gap.diff().dropna() < 0).all()


def test_accepts_params_dicts_and_text():
    assert final_share(Params()) == final_share() == final_share({"openness": "0.7"})
    assert params(openness="0,5").openness == 0.5
    assert params(periods=10.0).periods == 10
    assert len(simulate(params(periods=3))) == 4


def test_grid_has_one_row_per_combination():
    table = grid(openness=[0, 1], capability_gap=[0, 1, 2])
    assert len(table) == 6
    assert list(table.columns) == ["openness", "capability_gap", "open_users", "open_developers"]
    assert table.open_users.between(0, 1).all()


@pytest.mark.parametrize(
    "values, message",
    [
        ({"openness": -0.1}, "between 0 and 1"),
        ({"openness": 1.5}, "between 0 and 1"),
        ({"openness": "lots"}, "not a number"),
        ({"openness": ""}, "Please enter openness"),
        ({"openness": None}, "Please enter openness"),
        ({"openness": True}, "not yes or no"),
        ({"openness": [0.5]}, "must be a number"),
        ({"openness": math.nan}, "ordinary number"),
        ({"capability_gap": math.inf}, "ordinary number"),
        ({"capability_gap": 1e9}, "between -5 and 5"),
        ({"licence_fee": -1}, "between 0 and 5"),
        ({"network_strength": -2}, "between 0 and 5"),
        ({"speed": 0}, "between 0.01 and 1"),
        ({"periods": 0}, "between 1 and 500"),
        ({"periods": 2.5}, "whole number"),
        ({"periods": 10**9}, "between 1 and 500"),
        ({"opennness": 0.5}, "Unknown parameter 'opennness'"),
    ],
)
def test_bad_input_gets_a_plain_message(values, message):
    with pytest.raises(InputError, match=message):
        simulate(**values)


def test_input_error_is_a_value_error_for_the_live_widgets():
    assert issubclass(InputError, ValueError)
    with pytest.raises(InputError, match="Params"):
        simulate(42)
    with pytest.raises(InputError, match="at least one parameter"):
        grid()
    with pytest.raises(InputError, match="at least one value"):
        grid(openness=[])


def test_limits_cover_every_parameter():
    assert set(strategy.LIMITS) == set(Params.__dataclass_fields__)
