"""The platform-competition model of the strategy chapter: shares are shares, a larger lead never
hurts the leader, more openness never hurts the open platform, runs are deterministic. The model is
written out in the strategy lab, beside its equations; these tests run the lab's own cell."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from labcode import lab_code

LAB = lab_code("strategy")
Params, simulate = LAB.Params, LAB.simulate

SETTINGS = list(itertools.product([0.0, 0.3, 1.0], [-1.0, 0.0, 2.0], [0.0, 1.0], [0.0, 1.5, 4.0]))


def run(**values):
    return simulate(Params(**values))


def final_share(**values):
    return run(**values)["open_users"].iloc[-1]


@pytest.mark.parametrize("openness, gap, fee, network", SETTINGS)
def test_shares_stay_in_unit_interval_and_sum_to_one(openness, gap, fee, network):
    result = run(openness=openness, capability_gap=gap, licence_fee=fee, network_strength=network)
    for side in ("users", "developers"):
        assert result[f"open_{side}"].between(0, 1).all()
        assert result[f"closed_{side}"].between(0, 1).all()
        assert ((result[f"open_{side}"] + result[f"closed_{side}"]) - 1).abs().max() < 1e-12
    assert list(result["period"]) == list(range(Params().periods + 1))


def test_the_run_starts_split_evenly_with_the_lead():
    first = run(capability_gap=1.7).iloc[0]
    assert first.open_users == first.open_developers == 0.5
    assert first.gap == 1.7


def test_deterministic():
    pd.testing.assert_frame_equal(simulate(), simulate())


def test_symmetric_start_without_openness_or_lead_stays_even():
    result = run(openness=0, capability_gap=0, licence_fee=0)
    assert (result["open_users"] - 0.5).abs().max() < 1e-12


@pytest.mark.parametrize(
    "openness, fee, network", list(itertools.product([0.0, 0.5, 1.0], [0.0, 1.0], [0.0, 1.5, 4.0]))
)
def test_a_larger_lead_never_hurts_the_leader(openness, fee, network):
    gaps = [-1.0, 0.0, 0.5, 1.0, 2.0, 4.0]
    runs = [run(openness=openness, licence_fee=fee, network_strength=network, capability_gap=g) for g in gaps]
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
    assert run(openness=0)["gap"].nunique() == 1
    assert (run(openness=1)["gap"].diff().dropna() < 0).all()


@pytest.mark.parametrize("values", [{"openness": 1.5}, {"openness": -0.1}, {"speed": 0}, {"periods": 0}])
def test_impossible_dials_are_refused(values):
    with pytest.raises(ValueError):
        Params(**values)
