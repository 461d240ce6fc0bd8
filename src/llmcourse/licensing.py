"""The "Can I use this model for ...?" checker, shared by the licensing and forks chapters.

The rules it applies are a table, ``data/licence_rules.csv``: the course's reading of
which answers in ``data/licences.csv`` matter for which question, and how much. Each
rule names the scenario question it answers (``asks``), the licence column it reads, a
test, the outcome and the reason. :func:`check` is a loop over that table; change a row
and every answer in both chapters follows. A teaching aid, not legal advice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from llmcourse.data import labels

__all__ = ["ALLOWED", "CONDITIONS", "NOT_ALLOWED", "PERMISSION", "SEVERITY", "Scenario", "Verdict", "check"]

#: The outcomes, from most to least permissive, as the schema of licence_rules labels them.
OUTCOMES = labels("licence_rules", "outcome")
SEVERITY = tuple(OUTCOMES.values())
ALLOWED, CONDITIONS, PERMISSION, NOT_ALLOWED = SEVERITY


@dataclass(frozen=True)
class Scenario:
    """What a reader plans to do with a model."""

    monthly_active_users: int = 0
    commercial: bool = False
    fine_tune: bool = False
    redistribute: bool = False
    train_other_model: bool = False

    def __post_init__(self) -> None:
        if self.monthly_active_users < 0:
            raise ValueError("Monthly active users cannot be negative: enter 0 if the product has none yet.")


@dataclass(frozen=True)
class Verdict:
    licence_id: str
    licence: str
    outcome: str
    reasons: tuple[str, ...] = field(default_factory=tuple)


def check(licence: pd.Series, case: Scenario, rules: pd.DataFrame) -> Verdict:
    """Apply every rule the scenario asks about to one licence (a row of licences).

    The outcome is the worst of the rules that fire; the reasons are theirs, each
    with the licence's own clause in brackets where the data give one.
    """
    fired = []
    for _, rule in rules.iterrows():
        if rule.asks != "any" and not getattr(case, rule.asks):
            continue  # the scenario does not ask this rule's question
        value = licence.get(rule.column)
        if rule.test == "blank":
            # the course could not establish the clause
            fires = pd.isna(value)
        elif rule.test == "is":
            fires = not pd.isna(value) and str(value) == rule.value
        else:
            # "below users": a user cap that the scenario's users exceed
            fires = not pd.isna(value) and case.monthly_active_users > value
        if fires:
            reason = rule.reason.format(**licence)
            clause = licence.get(rule.clause) if not pd.isna(rule.clause) else None
            if not pd.isna(clause):
                reason += f" [{clause}]"
            fired.append((OUTCOMES[rule.outcome], reason))
    worst = max((o for o, _ in fired), key=SEVERITY.index, default=ALLOWED)
    reasons = tuple(dict.fromkeys(r for o, r in fired if o == worst))
    return Verdict(licence["id"], licence["name"], worst, reasons)
