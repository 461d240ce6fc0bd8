"""The capability chapter's calculators: costs grow with price and volume, the break-even
point lies on both curves, and bad input gets a plain message."""

from __future__ import annotations

import math

import pytest

import llmcourse as lc
from llmcourse import costs
from llmcourse.costs import InputError


def test_training_cost_of_llama_2_from_table_2():
    compute = lc.load("capability_compute")
    llama2 = compute[compute.family == "Llama 2"]
    assert llama2.gpu_hours.sum() == 3_311_616  # Table 2's total
    assert llama2.tco2eq.sum() == pytest.approx(539.0, abs=0.05)  # rows add up to 538.98
    assert costs.training_cost(llama2.gpu_hours.sum(), 2) == pytest.approx(6_623_232)


@pytest.mark.parametrize("hours, low, high", [(1000, 1, 2), (1000, 2.5, 4)])
def test_training_cost_grows_with_price(hours, low, high):
    assert costs.training_cost(hours, low) < costs.training_cost(hours, high)
    assert costs.training_cost(hours, 0) == 0


def test_api_cost_is_linear_in_volume_and_price():
    assert costs.api_monthly_cost(1_000_000, 2) == pytest.approx(2)
    assert costs.api_monthly_cost(2e9, 2) == pytest.approx(2 * costs.api_monthly_cost(1e9, 2))
    assert costs.api_monthly_cost(1e9, 3) > costs.api_monthly_cost(1e9, 2)


def test_blended_price():
    assert costs.blended_price(1, 3, 0.25) == pytest.approx(1.5)
    assert costs.blended_price(2, 2) == pytest.approx(2)


def test_self_hosting_has_a_floor_and_then_grows():
    floor = costs.self_host_monthly_cost(0)
    d = costs.DEFAULTS
    assert floor == pytest.approx(d["fixed_monthly_usd"] + d["gpus_per_replica"] * d["gpu_hour_usd"] * 730)
    volumes = [0, 1e9, 1e10, 1e11, 1e12]
    bills = [costs.self_host_monthly_cost(v) for v in volumes]
    assert bills == sorted(bills) and bills[-1] > bills[0]
    assert costs.self_host_monthly_cost(1e11, gpu_hour_usd=4) > costs.self_host_monthly_cost(1e11, gpu_hour_usd=2)


@pytest.mark.parametrize("price", [0.5, 2, 10, 60])
@pytest.mark.parametrize("fixed", [0, 8000, 50_000])
def test_break_even_lies_on_both_curves(price, fixed):
    result = costs.break_even(price, fixed_monthly_usd=fixed)
    marginal = costs.self_host_marginal_cost()
    if price <= marginal:
        assert not result.exists and "cheaper at every volume" in result.reason
        for v in (1e6, 1e9, 1e12):
            assert costs.api_monthly_cost(v, price) <= costs.self_host_monthly_cost(v, fixed_monthly_usd=fixed)
        return
    v = result.tokens_per_month
    api = costs.api_monthly_cost(v, price)
    host = costs.self_host_monthly_cost(v, fixed_monthly_usd=fixed)
    assert api == pytest.approx(host, rel=1e-9) and result.monthly_cost == pytest.approx(api)
    # below: the API is cheaper; above: self-hosting is
    assert costs.api_monthly_cost(v * 0.9, price) < costs.self_host_monthly_cost(v * 0.9, fixed_monthly_usd=fixed)
    assert costs.api_monthly_cost(v * 1.1, price) > costs.self_host_monthly_cost(v * 1.1, fixed_monthly_usd=fixed)


def test_break_even_moves_the_right_way():
    cheap_gpu = costs.break_even(10, gpu_hour_usd=1).tokens_per_month
    dear_gpu = costs.break_even(10, gpu_hour_usd=3).tokens_per_month
    assert cheap_gpu < dear_gpu
    assert costs.break_even(30).tokens_per_month < costs.break_even(10).tokens_per_month


def test_cost_curves_match_the_functions():
    curves = costs.cost_curves([1e8, 1e10], 5, {"gpu_hour_usd": 3})
    assert curves["api"] == [pytest.approx(500), pytest.approx(50_000)]
    assert curves["self_host"][1] == pytest.approx(costs.self_host_monthly_cost(1e10, gpu_hour_usd=3))


def test_numbers_typed_as_text_are_understood():
    assert costs.parse_number("1,500", "x") == 1500
    assert costs.parse_number(" $2.5 ", "x") == 2.5
    assert costs.parse_number("3e9", "x") == 3e9


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: costs.self_host_monthly_cost(1e9, tokens_per_second=0), "greater than zero"),
        (lambda: costs.self_host_monthly_cost(1e9, tokens_per_second=-5), "^The throughput .* cannot be negative"),
        (lambda: costs.break_even(5, tokens_per_second="fast"), "not a number"),
        (lambda: costs.break_even(0), "greater than zero"),
        (lambda: costs.self_host_monthly_cost(1e9, utilisation=1.5), "between 0 and 1"),
        (lambda: costs.self_host_monthly_cost(1e9, utilisation=0), "greater than zero"),
        (lambda: costs.self_host_monthly_cost(1e9, gpus_per_replica=1.5), "whole number"),
        (lambda: costs.self_host_monthly_cost(1e9, gpus_per_replica=0), "greater than zero"),
        (lambda: costs.api_monthly_cost("", 2), "Please enter"),
        (lambda: costs.api_monthly_cost(None, 2), "Please enter"),
        (lambda: costs.api_monthly_cost(-1, 2), "cannot be negative"),
        (lambda: costs.api_monthly_cost(1e20, 2), "far too large"),
        (lambda: costs.api_monthly_cost(math.nan, 2), "ordinary number"),
        (lambda: costs.api_monthly_cost(True, 2), "not yes or no"),
        (lambda: costs.api_monthly_cost([1], 2), "must be a number"),
        (lambda: costs.training_cost(1000, -2), "cannot be negative"),
        (lambda: costs.training_cost("lots", 2), "not a number"),
        (lambda: costs.blended_price(1, 2, 2), "between 0 and 1"),
        (lambda: costs.cost_curves([], 2), "at least one"),
    ],
)
def test_bad_input_gets_a_plain_message(call, message):
    with pytest.raises(InputError, match=message):
        call()


def test_input_error_is_a_value_error_so_live_views_show_it():
    assert issubclass(InputError, ValueError)


def test_mmlu_dates_repeat_the_release_table():
    mmlu = lc.load("capability_mmlu")
    releases = lc.load("llm_releases").set_index("id")
    for row in mmlu.itertuples():
        assert row.release_date == releases.loc[row.release_id, "release_date"], row.model
        assert row.access == releases.loc[row.release_id, "access"], row.model


def test_assumptions_table_matches_the_defaults():
    table = lc.load("capability_assumptions").set_index("parameter")["value"]
    for name, value in costs.DEFAULTS.items():
        assert table[name] == pytest.approx(value), name
    assert table["hours_per_month"] == costs.HOURS_PER_MONTH
