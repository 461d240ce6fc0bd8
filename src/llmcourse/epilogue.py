"""Helpers for the epilogue chapter: the EU AI Act checker and the Llama terms grid.

:func:`ai_act_duties` answers a reader's question "which of the AI Act's duties for
general-purpose AI models would apply to my model?" from four facts: training compute,
whether the licence is free and open-source, whether the weights and the information
on architecture and usage are public, and whether the release is monetised. It encodes
Articles 51(2), 53 and 54 of Regulation (EU) 2024/1689 as summarised in
``data/epilogue_ai_act.csv``; it is a teaching aid, not legal advice, and it ignores
the Commission's power to designate models below the compute threshold.

Bad input (empty, negative, not a number, absurdly large) is refused with a plain
:class:`InputError` message, never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from llmcourse import inputs
from llmcourse.inputs import InputError

__all__ = [
    "DUTIES",
    "Duty",
    "InputError",
    "SYSTEMIC_RISK_FLOP",
    "TERM_LABELS",
    "ai_act_duties",
    "duties_table",
    "parse_flop",
    "terms_grid",
]

#: Article 51(2): presumption of high-impact capabilities above this training compute.
SYSTEMIC_RISK_FLOP = 1e25
#: Far beyond any training run reported by 2026; a larger number is a typo.
MAX_FLOP = 1e32

#: The duties the checker knows, in the order of the Regulation.
DUTIES = {
    "tech_doc": ("Technical documentation for the AI Office", "Art. 53(1)(a)"),
    "downstream_doc": ("Documentation for downstream providers", "Art. 53(1)(b)"),
    "copyright": ("Copyright policy (text-and-data-mining opt-outs)", "Art. 53(1)(c)"),
    "training_summary": ("Public summary of training content", "Art. 53(1)(d)"),
    "representative": ("EU authorised representative (providers outside the EU)", "Art. 54"),
    "systemic": ("Systemic-risk duties: evaluation, risk mitigation, incidents, security", "Art. 55"),
}

#: Row labels of the Llama terms grid, in reading order.
TERM_LABELS = {
    "user_threshold": "No 700M-user test",
    "use_policy": "No use policy",
    "outputs_for_other_models": "Outputs may train other models",
    "naming_of_derivatives": "No naming rule",
    "public_attribution": "No public attribution",
    "eu_licensees": "Licensed to EU-based users",
}


@dataclass(frozen=True)
class Duty:
    key: str
    duty: str
    article: str
    applies: bool
    reason: str


def parse_flop(value: Any) -> float:
    """Turn what the reader typed ("3.8e25", "10^24", "2,000,000") into a FLOP count, or explain why not."""
    if isinstance(value, str):
        # Spellings a plain number box does not know: "10^25", "2x10^24", a trailing "FLOP".
        text = re.sub(r"\s*flops?\s*$", "", value.strip(), flags=re.IGNORECASE)
        power = re.fullmatch(r"([0-9.]+)?\s*[x*]?\s*10\s*\^\s*([+-]?[0-9]+)", text, flags=re.IGNORECASE)
        value = f"{power.group(1) or '1'}e{power.group(2)}" if power else text
    number = inputs.number(value, "the training compute in floating-point operations", example="3e24")
    if number < 0:
        raise InputError("Training compute cannot be negative.")
    if number > MAX_FLOP:
        raise InputError(
            f"{number:.1e} FLOP is far beyond any training run reported so far; check the exponent."
        )
    return number


def ai_act_duties(
    training_flop: Any,
    open_licence: Any = False,
    weights_public: Any = False,
    monetised: Any = False,
    provider_in_eu: Any = False,
) -> list[Duty]:
    """Which Chapter V duties apply to a general-purpose AI model, with the reason for each."""
    flop = parse_flop(training_flop)
    licence = inputs.flag(open_licence, "free and open-source licence")
    public = inputs.flag(weights_public, "weights, architecture and usage information public")
    paid = inputs.flag(monetised, "monetised")
    in_eu = inputs.flag(provider_in_eu, "provider established in the EU")
    systemic = flop > SYSTEMIC_RISK_FLOP
    if systemic:
        why_not_open = f"{flop:.1e} FLOP is above 10^25, so systemic risk is presumed (Art. 51(2)) and the open-source exception does not apply."
    elif not licence:
        why_not_open = "the licence is not free and open-source, so the exception of Art. 53(2) does not apply."
    elif not public:
        why_not_open = "the weights, architecture and usage information are not all public, as Art. 53(2) requires."
    elif paid:
        why_not_open = "the release is monetised; Recital 103 withholds the open-source exceptions."
    else:
        why_not_open = ""
    exempt = not why_not_open
    duties = []
    for key, (duty, article) in DUTIES.items():
        if key in ("tech_doc", "downstream_doc"):
            applies = not exempt
            reason = "Exempt under Art. 53(2): free and open-source licence, public weights, no systemic risk." if exempt \
                else "Applies: " + why_not_open
        elif key in ("copyright", "training_summary"):
            applies, reason = True, "Applies to every provider: Art. 53(2) exempts only points (a) and (b)."
        elif key == "representative":
            if in_eu:
                applies, reason = False, "Not needed: the provider is established in the EU."
            elif exempt:
                applies, reason = False, "Exempt under Art. 54(6): open-source release without systemic risk."
            else:
                applies, reason = True, "Applies to providers outside the EU: " + why_not_open
        else:
            applies = systemic
            reason = (f"Applies: {flop:.1e} FLOP is above the 10^25 presumption of Art. 51(2), whatever the licence."
                      if systemic else f"Does not apply: {flop:.1e} FLOP is not above 10^25 (unless the Commission designates the model).")
        duties.append(Duty(key, duty, article, applies, reason))
    return duties


def duties_table(duties: Sequence[Duty]) -> pd.DataFrame:
    """The checker's answer as a small table for a notebook."""
    return pd.DataFrame(
        {"article": [d.article for d in duties], "applies": ["yes" if d.applies else "no" for d in duties],
         "why": [d.reason for d in duties]},
        index=pd.Index([d.duty for d in duties], name="duty"),
    )


def terms_grid(terms: pd.DataFrame, column: str = "score") -> pd.DataFrame:
    """Pivot ``epilogue_llama_terms`` into terms (rows) by versions (columns), in release order."""
    if terms.empty:
        raise InputError("The table of licence terms is empty.")
    missing = {"release_id", "version", "term", column} - set(terms.columns)
    if missing:
        raise InputError(f"The table of licence terms lacks the column(s) {sorted(missing)}.")
    versions = list(dict.fromkeys(terms["version"]))
    rows = [t for t in TERM_LABELS if t in set(terms["term"])]
    grid = terms.pivot(index="term", columns="version", values=column)
    return grid.loc[rows, versions]
