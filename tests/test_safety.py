"""The safety chapter's helpers: the survival judgement, the paper's relative changes, bad input."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import llmcourse as lc
from llmcourse import safety as S


# --------------------------------------------------------------------------- the mapping


def test_every_rated_safeguard_has_every_channel_with_a_reason():
    assert set(S.SURVIVAL) <= set(S.SAFEGUARDS)
    for safeguard, rules in S.SURVIVAL.items():
        assert set(rules) == set(S.CHANNELS), safeguard
        for channel, rule in rules.items():
            assert rule.level in S.LEVELS, (safeguard, channel)
            assert len(rule.reason) > 20, (safeguard, channel)


def test_documentation_is_not_rated():
    assert "safety_evaluation" not in S.SURVIVAL and "reward_models" not in S.SURVIVAL
    with pytest.raises(S.InputError, match="documentation"):
        S.survives("yes", "safety_evaluation", "api")


def test_the_api_enforces_what_downloaded_weights_leave_to_the_user():
    for safeguard in S.SURVIVAL:
        api = S.survives("yes", safeguard, "api").level
        for channel in S.WEIGHT_CHANNELS:
            assert api >= S.survives("yes", safeguard, channel).level, (safeguard, channel)
    assert S.survives("yes", "provider_controls", "gated").level == 0
    assert S.survives("yes", "usage_policy", "gated").label == "legal only"
    assert S.survives("yes", "safety_tuning", "mirror").label == "default"
    assert S.survives("yes", "gated_access", "mirror").label == "absent"


def test_status_decides_before_the_channel():
    assert S.survives("no", "usage_policy", "api").level == 0
    assert S.survives("unknown", "usage_policy", "api").level is None
    assert S.survives("not_applicable", "gated_access", "api").label == "n/a"
    partial = S.survives("partial", "system_prompt", "gated")
    assert partial.level == 2 and partial.reason.startswith("Only partly")


def test_api_only_models_have_no_weight_channels():
    out = S.survives("yes", "safety_tuning", "mirror", weights_published=False)
    assert out.level is None and "never published" in out.reason
    assert S.survives("yes", "safety_tuning", "api", weights_published=False).level == 3


def test_survival_table_shape_and_missing_safeguards():
    table = S.survival_table({"usage_policy": "yes"})
    assert len(table) == len(S.SURVIVAL) * len(S.CHANNELS)
    assert list(table.columns) == ["safeguard", "channel", "level", "label", "reason"]
    unknown = table[table.safeguard == "gated_access"]
    assert unknown.level.isna().all(), "a safeguard not given counts as unknown"
    assert S.counts(table.level)["enforced"] == 1


def test_survival_table_on_the_course_data():
    matrix = lc.load("safety_safeguards")
    llama2 = S.survival_table(S.statuses_of(matrix, "llama-2"))
    api = llama2[llama2.channel == "api"].set_index("safeguard").level
    assert api["provider_controls"] == 0, "Meta serves no API for the downloaded weights"
    gpt4 = S.survival_table(S.statuses_of(matrix, "gpt-4"), weights_published=False)
    assert gpt4[gpt4.channel == "mirror"].level.isna().all()


# --------------------------------------------------------------------------- the paper's arithmetic


def test_relative_change_reproduces_the_papers_toxigen_decrease():
    # Section 4.1: Llama 2-7B shows "a 7.61% decrease in toxicity" against Llama 1-7B (Table 11).
    assert round(S.relative_change(23.00, 21.25), 2) == -7.61


def test_relative_change_truthfulqa_is_close_to_the_papers_figure():
    # The paper says 21.37%; the rounded table values give 21.41% (the text likely used unrounded scores).
    assert math.isclose(S.relative_change("27.42", "33.29 %"), 21.41, abs_tol=0.01)


def test_relative_change_from_zero_is_refused():
    with pytest.raises(S.InputError, match="undefined"):
        S.relative_change(0, 5)


@pytest.mark.parametrize(
    "value, message",
    [
        ("", "Please enter"),
        (None, "Please enter"),
        ("lots", "not a number"),
        (-3, "cannot be negative"),
        ("150", "more than 100"),
        (float("nan"), "ordinary number"),
        (float("inf"), "ordinary number"),
        (True, "not yes or no"),
        ([1], "must be a number"),
    ],
)
def test_bad_percentages_get_plain_messages(value, message):
    with pytest.raises(S.InputError, match=message):
        S.parse_percentage(value)


def test_percentages_accept_commas_and_percent_signs():
    assert S.parse_percentage("24,6 %") == 24.6
    assert S.parse_percentage(0) == 0.0 and S.parse_percentage(100) == 100.0


# --------------------------------------------------------------------------- names


def test_channels_and_safeguards_by_id_or_label():
    assert S.parse_channel("API") == "api"
    assert S.parse_channel(" Leaked or mirrored weights ") == "mirror"
    assert S.parse_channel("community-fine-tune") == "finetune"
    assert S.parse_safeguard("Usage policy") == "usage_policy"
    assert S.parse_status("N/A") == "not_applicable"


@pytest.mark.parametrize("value", ["", "   ", None, 3, True, "torrent"])
def test_bad_channels_are_refused_plainly(value):
    with pytest.raises(S.InputError) as info:
        S.parse_channel(value)
    assert "Traceback" not in str(info.value)


def test_bad_status_and_model():
    with pytest.raises(S.InputError, match="not a status"):
        S.status_score("maybe")
    assert S.status_score("partial") == 0.5 and S.status_score("unknown") is None
    matrix = pd.DataFrame({"model_id": ["a"], "safeguard": ["usage_policy"], "status": ["yes"]})
    with pytest.raises(S.InputError, match="Known models: a"):
        S.statuses_of(matrix, "b")
    with pytest.raises(S.InputError, match="choose a model"):
        S.statuses_of(matrix, "")
    with pytest.raises(S.InputError, match="mapping"):
        S.survival_table(["usage_policy"])


def test_input_error_is_a_value_error_for_the_widgets():
    # llmcourse.widgets.figure_or_message shows ValueError messages instead of tracebacks.
    assert issubclass(S.InputError, ValueError)


# --------------------------------------------------------------------------- the data


def test_benchmarks_reproduce_the_papers_70b_sentence():
    bench = lc.load("safety_benchmarks").set_index("id")
    # Section 4.4: "truthfulness (50.18 -> 64.14 for 70B) and toxicity (24.60 -> 0.01 for 70B)".
    assert bench.loc["llama-2-pretrained-70b", ["truthfulqa_pct", "toxigen_pct"]].tolist() == [50.18, 24.60]
    assert bench.loc["llama-2-fine-tuned-70b", ["truthfulqa_pct", "toxigen_pct"]].tolist() == [64.14, 0.01]


def test_safeguards_table_covers_every_model_and_safeguard():
    matrix = lc.load("safety_safeguards")
    assert matrix.model_id.nunique() >= 8
    per_model = matrix.groupby("model_id").safeguard.nunique()
    assert (per_model == len(S.SAFEGUARDS)).all()
    assert set(matrix.safeguard) == set(S.SAFEGUARDS)
