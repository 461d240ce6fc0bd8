"""The shared reading of typed input (llmcourse.inputs) that every calculator uses."""

from __future__ import annotations

import math

import numpy as np
import pytest

from llmcourse import press
from llmcourse.inputs import InputError, flag, number


@pytest.mark.parametrize(
    "typed, expected",
    [
        (2, 2.0),
        (np.float64(2.5), 2.5),
        ("1,500", 1500.0),
        ("1_000", 1000.0),
        (" 3e9 ", 3e9),
        ("$2.50", 2.5),
        ("24.6 %", 24.6),
        (".5", 0.5),
        ("-4", -4.0),
    ],
)
def test_numbers_are_read_forgivingly(typed, expected):
    assert number(typed, "the value") == expected


def test_a_decimal_comma_where_asked():
    assert number("0,5", "openness", decimal_comma=True) == 0.5
    assert number("1,500", "tokens") == 1500.0


@pytest.mark.parametrize(
    "typed, words",
    [
        (True, "The value must be a number, not yes or no."),
        (None, "Please enter the value, for example 7."),
        ("  ", "Please enter the value, for example 7."),
        ("lots", "'lots' is not a number: write the value with digits, for example 7."),
        ("12abc", "is not a number"),
        ([1], "The value must be a number; got list."),
        (math.nan, "The value must be a finite, ordinary number."),
        (math.inf, "The value must be a finite, ordinary number."),
        ("1e999", "finite, ordinary number"),
    ],
)
def test_bad_numbers_get_one_plain_sentence(typed, words):
    with pytest.raises(InputError) as info:
        number(typed, "the value", example="7")
    assert words in str(info.value)
    assert "Traceback" not in str(info.value)


@pytest.mark.parametrize("typed, expected", [(True, True), (False, False), ("Yes", True), (" n ", False), ("1", True)])
def test_yes_no_answers(typed, expected):
    assert flag(typed, "commercial") is expected


@pytest.mark.parametrize("typed", ["maybe", "", 3, None])
def test_other_answers_are_refused(typed):
    with pytest.raises(InputError, match="Please answer yes or no for 'commercial'"):
        flag(typed, "commercial")


def test_every_calculator_raises_the_same_error_class():
    """One class, so a live view can catch bad input from any calculator in one place."""
    for module in (press,):
        assert module.InputError is InputError
    assert issubclass(InputError, ValueError)
