"""Helpers for the safety chapter: which safeguards survive each way of obtaining a model.

The course's table ``data/safety_safeguards.csv`` records, with sources, which safeguards a
release had (a usage policy, a download gate, a safety-tuned chat model ...). This module
adds a *judgement* that is not in any source: how much of each safeguard still holds when
someone gets the model in one of four ways.

* **api** - through a hosted API, the developer's or a host's;
* **gated** - by the official download, after the request or licence acceptance;
* **mirror** - from a leaked or mirrored copy of the same weights;
* **finetune** - as a community fine-tune built on the weights.

Each (safeguard, channel) pair gets one of four levels:

* 3 **enforced**: someone who controls access can see misuse and stop it;
* 2 **default**: in place as shipped, but anyone holding the weights can remove it;
* 1 **legal only**: binding on paper, invisible in practice;
* 0 **absent**: nothing is left.

The mapping in :data:`SURVIVAL` is the course's reasoning, written out with a reason for
every cell so a reader can disagree with it cell by cell. It rests on two documented facts:
a provider that serves a model sees the traffic (GPT-4 System Card, section 4.1), and
safety fine-tuning of downloadable weights can be undone for under 200 dollars (Lermen et
al. 2023; Gade et al. 2023; see ``data/safety_studies.csv``).

Bad input (an unknown channel, a status that is not in the table's vocabulary, a
percentage of -3 or "lots") is refused with an :class:`InputError` whose message a reader
understands; the live widgets show that message instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from llmcourse import inputs
from llmcourse.inputs import InputError

__all__ = [
    "CHANNELS",
    "InputError",
    "LEVELS",
    "Outcome",
    "SAFEGUARDS",
    "STATUSES",
    "SURVIVAL",
    "WEIGHT_CHANNELS",
    "parse_channel",
    "parse_percentage",
    "parse_safeguard",
    "parse_status",
    "relative_change",
    "status_score",
    "survival_table",
    "survives",
]


#: The safeguard kinds of ``data/safety_safeguards.csv``, in the order the chapter uses.
SAFEGUARDS = {
    "usage_policy": "Usage policy",
    "licence_restrictions": "Use restrictions in licence or terms",
    "gated_access": "Gated access to weights",
    "safety_tuning": "Safety-tuned chat model",
    "system_prompt": "Safety system prompt",
    "safety_evaluation": "Safety evaluation published",
    "reward_models": "Reward models released",
    "provider_controls": "Provider monitors or filters use",
}

#: Status values of the table and the score the heatmap draws (None = shown grey).
STATUSES = {"yes": 1.0, "partial": 0.5, "no": 0.0, "unknown": None, "not_applicable": None}

#: Ways of obtaining a model.
CHANNELS = {
    "api": "Hosted API",
    "gated": "Official gated download",
    "mirror": "Leaked or mirrored weights",
    "finetune": "Community fine-tune",
}
#: Channels that exist only if the weights were published (or leaked).
WEIGHT_CHANNELS = ("gated", "mirror", "finetune")

LEVELS = {3: "enforced", 2: "default", 1: "legal only", 0: "absent"}


@dataclass(frozen=True)
class _Rule:
    level: int
    reason: str


_POLICY_LEGAL = (
    "The user accepted it, but nobody can see what runs on their own hardware: it binds in law only."
)

#: The course's judgement, safeguard by safeguard and channel by channel. Safety evaluations
#: and released reward models are left out on purpose: they are documentation and research
#: material, not controls on how a model is used.
SURVIVAL: dict[str, dict[str, _Rule]] = {
    "usage_policy": {
        "api": _Rule(3, "The provider sees the requests and can refuse service or close accounts that break the policy."),
        "gated": _Rule(1, _POLICY_LEGAL),
        "mirror": _Rule(1, "It still applies in law, but whoever took a mirrored or leaked copy may never have accepted it, and nobody sees the use."),
        "finetune": _Rule(1, "A licence like Llama 2's must be passed on with derivatives, so the policy follows the fine-tune on paper; compliance stays invisible."),
    },
    "licence_restrictions": {
        "api": _Rule(3, "The terms of service are enforced by whoever controls access to the model."),
        "gated": _Rule(1, _POLICY_LEGAL),
        "mirror": _Rule(1, "Copyright-based licence terms may still bind, but the holder of a leaked copy never signed them and cannot be observed."),
        "finetune": _Rule(1, "Derivatives inherit the licence (Llama 2 s.1.b.i; RAIL s.4-5), on paper only."),
    },
    "gated_access": {
        "api": _Rule(3, "An account and an API key stand between user and model, and the provider can revoke them."),
        "gated": _Rule(3, "Holds at the moment of download: the request is checked before a link is sent. It does nothing afterwards."),
        "mirror": _Rule(0, "A mirrored or leaked copy skips the gate entirely (LLaMA's weights leaked about a week after access opened)."),
        "finetune": _Rule(0, "A fine-tune is published by whoever made it, under whatever access they choose."),
    },
    "safety_tuning": {
        "api": _Rule(3, "The provider chooses which weights answer; users cannot change them (a provider offering fine-tuning must screen the training data, see Qi et al. 2023)."),
        "gated": _Rule(2, "Shipped in the chat weights, but whoever holds them can fine-tune it away: under 200 dollars on one GPU for Llama 2-Chat (Lermen et al.; Gade et al.)."),
        "mirror": _Rule(2, "Same weights, same safety tuning, and just as removable as after an official download."),
        "finetune": _Rule(0, "The fine-tuner decides; even benign fine-tuning can degrade safety (Qi et al. 2023), so nothing of the original guarantee is left."),
    },
    "system_prompt": {
        "api": _Rule(2, "The developer calling the API writes the system message; a provider's other controls are separate from it."),
        "gated": _Rule(2, "At release Meta's reference code added it when a conversation had none; Meta removed that default on 7 August 2023 (false refusals), and one line of code removes it anyway."),
        "mirror": _Rule(2, "Works if the user keeps it; nothing forces them to."),
        "finetune": _Rule(0, "A fine-tune ships its own prompt template, or none."),
    },
    "provider_controls": {
        "api": _Rule(3, "Monitoring, classifiers and account actions run on the provider's servers."),
        "gated": _Rule(0, "Nothing reports back from the user's hardware."),
        "mirror": _Rule(0, "Nothing reports back from the user's hardware."),
        "finetune": _Rule(0, "Nothing reports back from the user's hardware."),
    },
}


@dataclass(frozen=True)
class Outcome:
    """How much of one safeguard holds in one channel."""

    safeguard: str
    channel: str
    level: int | None  # None: not applicable or not known
    reason: str

    @property
    def label(self) -> str:
        return "n/a" if self.level is None else LEVELS[self.level]


# --------------------------------------------------------------------------- parsing


def _key(value: Any, what: str) -> str:
    if value is None or isinstance(value, bool) or not isinstance(value, str):
        raise InputError(f"Please choose a {what} by name; got {value!r}.")
    text = value.strip().lower().replace("-", "_").replace(" ", "_")
    if not text:
        raise InputError(f"Please choose a {what}; the field is empty.")
    return text


def _lookup(value: Any, options: Mapping[str, str], what: str) -> str:
    text = _key(value, what)
    for key, label in options.items():
        if text in (key, label.lower().replace("-", "_").replace(" ", "_")):
            return key
    known = ", ".join(f"{k} ({v})" for k, v in options.items())
    raise InputError(f"{value!r} is not a {what} the course knows. Choose one of: {known}.")


def parse_channel(value: Any) -> str:
    """A channel id from an id or a label, case-insensitive: ``"API"`` and ``"Hosted API"`` give ``"api"``."""
    return _lookup(value, CHANNELS, "way of obtaining a model")


def parse_safeguard(value: Any) -> str:
    """A safeguard id from an id or a label, case-insensitive."""
    return _lookup(value, SAFEGUARDS, "safeguard")


def parse_status(value: Any) -> str:
    """A status of ``data/safety_safeguards.csv`` (yes, partial, no, unknown, not_applicable)."""
    text = _key(value, "status")
    if text in ("n/a", "na", "not applicable"):
        text = "not_applicable"
    if text not in STATUSES:
        raise InputError(f"{value!r} is not a status. Use one of: {', '.join(STATUSES)}.")
    return text


def status_score(status: Any) -> float | None:
    """The number the heatmap draws for a status: 1 yes, 0.5 partial, 0 no, None otherwise."""
    return STATUSES[parse_status(status)]


def parse_percentage(value: Any, name: str = "value") -> float:
    """A percentage between 0 and 100 from a number or a string such as ``"24.6"`` or ``"24.6 %"``."""
    number = inputs.number(value, f"the {name}", example="24.6", decimal_comma=True)
    if number < 0:
        raise InputError(f"The {name} cannot be negative: a benchmark percentage lies between 0 and 100.")
    if number > 100:
        raise InputError(f"{number:g} is more than 100: the {name} is a percentage of generations.")
    return number


def relative_change(before: Any, after: Any) -> float:
    """Relative change in percent from ``before`` to ``after`` (both percentages).

    The Llama 2 paper reports changes this way: from Llama 1 7B to Llama 2 7B, ToxiGen
    falls from 23.00 to 21.25, ``relative_change(23.00, 21.25)`` = -7.61 ("a 7.61% decrease").
    """
    start = parse_percentage(before, "starting value")
    end = parse_percentage(after, "new value")
    if start == 0:
        raise InputError("A relative change from 0 is undefined: the starting value must be above 0.")
    return (end - start) / start * 100


# --------------------------------------------------------------------------- survival


def survives(status: Any, safeguard: Any, channel: Any, weights_published: bool = True) -> Outcome:
    """How much of a safeguard that a release had (``status``) holds in a channel.

    ``weights_published`` is False for API-only models: the download, mirror and fine-tune
    channels then do not exist.
    """
    status = parse_status(status)
    safeguard = parse_safeguard(safeguard)
    channel = parse_channel(channel)
    if safeguard not in SURVIVAL:
        raise InputError(
            f"'{SAFEGUARDS[safeguard]}' is documentation, not a control on use, so the course does not "
            f"rate whether it 'survives'. Rated safeguards: {', '.join(SURVIVAL)}."
        )
    if channel in WEIGHT_CHANNELS and not weights_published:
        return Outcome(safeguard, channel, None, "No such channel: the weights were never published.")
    if status == "unknown":
        return Outcome(safeguard, channel, None, "Not established: the course could not tell whether the release had it.")
    if status == "not_applicable":
        return Outcome(safeguard, channel, None, "Does not apply to this release.")
    if status == "no":
        return Outcome(safeguard, channel, 0, "The release did not have this safeguard.")
    rule = SURVIVAL[safeguard][channel]
    reason = rule.reason if status == "yes" else "Only partly in place at release. " + rule.reason
    return Outcome(safeguard, channel, rule.level, reason)


def survival_table(statuses: Mapping[str, Any], weights_published: bool = True) -> pd.DataFrame:
    """Every rated safeguard in every channel for one release.

    ``statuses`` maps safeguard ids to the release's status, as in ``data/safety_safeguards.csv``;
    a rated safeguard missing from it counts as unknown. Returns one row per (safeguard,
    channel) with the level, its label and the reason.
    """
    if not isinstance(statuses, Mapping):
        raise InputError("Give the release's safeguards as a mapping from safeguard to status.")
    given = {parse_safeguard(k): v for k, v in statuses.items()}
    rows = []
    for safeguard in SURVIVAL:
        for channel in CHANNELS:
            out = survives(given.get(safeguard, "unknown"), safeguard, channel, weights_published)
            rows.append(
                {
                    "safeguard": safeguard,
                    "channel": channel,
                    "level": out.level,
                    "label": out.label,
                    "reason": out.reason,
                }
            )
    frame = pd.DataFrame(rows)
    frame["level"] = frame["level"].astype("Int64")
    return frame


def statuses_of(matrix: pd.DataFrame, model_id: Any) -> dict[str, str]:
    """The safeguard statuses of one model from the long table ``safety_safeguards``."""
    if not isinstance(model_id, str) or not model_id.strip():
        raise InputError("Please choose a model.")
    rows = matrix[matrix["model_id"] == model_id.strip()]
    if rows.empty:
        known = ", ".join(sorted(matrix["model_id"].unique()))
        raise InputError(f"{model_id!r} is not in the safeguards table. Known models: {known}.")
    return dict(zip(rows["safeguard"], rows["status"]))


def counts(values: Iterable[Any]) -> dict[str, int]:
    """How many of each level a set of outcomes has, by label (for summaries in the lab)."""
    out = {label: 0 for label in (*LEVELS.values(), "n/a")}
    for value in values:
        out["n/a" if value is None or value is pd.NA else LEVELS[int(value)]] += 1
    return out


__all__ += ["counts", "statuses_of"]
