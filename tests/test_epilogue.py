"""The epilogue's AI Act checker and Llama terms grid: every rule, the 10^25 boundary, plain messages."""

from __future__ import annotations

import pandas as pd
import pytest

import llmcourse as lc
from llmcourse import epilogue
from llmcourse.epilogue import InputError, ai_act_duties, parse_flop


def applies(duties):
    return {d.key: d.applies for d in duties}


@pytest.mark.parametrize(
    "typed, expected",
    [("3.8e25", 3.8e25), ("10^25", 1e25), ("2x10^24", 2e24), ("1,000,000", 1e6), (" 5e23 FLOP ", 5e23), (0, 0.0), (1e24, 1e24)],
)
def test_parse_flop_accepts_common_spellings(typed, expected):
    assert parse_flop(typed) == pytest.approx(expected)


@pytest.mark.parametrize(
    "bad, words",
    [("", "Please enter"), (None, "Please enter"), ("lots", "not a number"), (-1, "negative"), ("-3e24", "negative"),
     (1e40, "beyond"), (float("nan"), "finite"), (float("inf"), "finite"), (True, "yes or no"), ([1], "must be a number")],
)
def test_parse_flop_refuses_bad_input_in_plain_words(bad, words):
    with pytest.raises(InputError, match=words):
        parse_flop(bad)


def test_open_model_below_threshold_is_exempt_from_documentation_only():
    duties = applies(ai_act_duties("3e24", open_licence=True, weights_public=True))
    assert duties == {"tech_doc": False, "downstream_doc": False, "copyright": True, "training_summary": True,
                      "representative": False, "systemic": False}


def test_the_threshold_is_strictly_greater_than():
    at = applies(ai_act_duties(1e25, open_licence=True, weights_public=True))
    above = applies(ai_act_duties(1.0000001e25, open_licence=True, weights_public=True))
    assert at["systemic"] is False and at["tech_doc"] is False
    assert above["systemic"] is True and above["tech_doc"] is True and above["representative"] is True


@pytest.mark.parametrize("kwargs, words", [
    ({"open_licence": False, "weights_public": True}, "not free and open-source"),
    ({"open_licence": True, "weights_public": False}, "not all public"),
    ({"open_licence": True, "weights_public": True, "monetised": True}, "monetised"),
])
def test_each_condition_of_the_exemption_matters(kwargs, words):
    duties = ai_act_duties("1e24", **kwargs)
    assert applies(duties)["tech_doc"] is True
    assert words in duties[0].reason


def test_provider_in_the_eu_needs_no_representative():
    assert applies(ai_act_duties("5e25", provider_in_eu=True))["representative"] is False
    assert applies(ai_act_duties("5e25", provider_in_eu="no"))["representative"] is True


def test_flags_must_be_yes_or_no():
    with pytest.raises(InputError, match="yes or no"):
        ai_act_duties("1e24", open_licence="maybe")


def test_duties_table_has_one_row_per_duty():
    table = epilogue.duties_table(ai_act_duties("1e24"))
    assert list(table.columns) == ["article", "applies", "why"] and len(table) == len(epilogue.DUTIES)


def test_terms_grid_from_the_course_data():
    terms = lc.load("epilogue_llama_terms")
    grid = epilogue.terms_grid(terms)
    assert list(grid.columns)[0].startswith("Llama 2") and list(grid.columns)[-1].startswith("Llama 4")
    assert grid.loc["outputs_for_other_models"].tolist() == [0, 0, 1, 1, 1, 1]
    assert grid.loc["user_threshold"].eq(1).all()
    assert grid.loc["eu_licensees", "Llama 3.2 (Sep 2024)"] == 0


def test_terms_grid_refuses_empty_or_wrong_tables():
    with pytest.raises(InputError, match="empty"):
        epilogue.terms_grid(pd.DataFrame(columns=["release_id", "version", "term", "score"]))
    with pytest.raises(InputError, match="lacks"):
        epilogue.terms_grid(pd.DataFrame({"term": ["x"]}))
