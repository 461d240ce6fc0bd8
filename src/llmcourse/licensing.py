"""The "Can I use this model for ...?" checker of the licensing chapter.

The checker reads the structured fields of ``data/licences.csv`` (one row per licence
or terms-of-use document) and answers a reader's scenario with a verdict and the
clause that decides it. It is a teaching aid, not legal advice: it encodes a handful of
clauses, as summarised in the data, and says so in every answer.

Input handling is deliberately forgiving and plain-spoken: numbers may be written with
thousands separators or underscores (``"1,000,000"``), and anything that cannot be a
number of monthly active users (empty, negative, not a number, more people than live
on Earth) is refused with a sentence the reader understands, never a traceback.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from llmcourse import inputs
from llmcourse.inputs import InputError

__all__ = [
    "ALLOWED",
    "CONDITIONS",
    "InputError",
    "NOT_ALLOWED",
    "PERMISSION",
    "Scenario",
    "Verdict",
    "check",
    "check_all",
    "parse_users",
    "scenario",
]

ALLOWED = "allowed"
CONDITIONS = "allowed, with conditions"
PERMISSION = "needs the licensor's permission"
NOT_ALLOWED = "not allowed"
#: From most to least permissive; a verdict is the worst outcome of all the rules.
SEVERITY = (ALLOWED, CONDITIONS, PERMISSION, NOT_ALLOWED)

#: A generous upper bound: more monthly users than people on Earth is a typo.
MAX_USERS = 10_000_000_000


@dataclass(frozen=True)
class Scenario:
    monthly_active_users: int
    commercial: bool
    fine_tune: bool
    redistribute: bool
    train_other_model: bool


@dataclass(frozen=True)
class Verdict:
    licence_id: str
    licence: str
    outcome: str
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def summary(self) -> str:
        because = " ".join(self.reasons) if self.reasons else "No clause in the summary stands in the way."
        return f"{self.licence}: {self.outcome}. {because}"


def parse_users(value: Any) -> int:
    """Turn what the reader typed into a number of monthly active users, or explain why not."""
    number = inputs.number(
        value, "the number of monthly active users", example="2,500,000 (or 0 if the product has none yet)"
    )
    if number < 0:
        raise InputError("Monthly active users cannot be negative. Enter 0 if the product has no users yet.")
    if number != int(number):
        raise InputError("Monthly active users are counted in whole people: enter a whole number.")
    if number > MAX_USERS:
        raise InputError(
            f"{int(number):,} monthly active users is more than the number of people on Earth: "
            "please check the number."
        )
    return int(number)


def scenario(
    monthly_active_users: Any,
    commercial: Any = False,
    fine_tune: Any = False,
    redistribute: Any = False,
    train_other_model: Any = False,
) -> Scenario:
    """Build a :class:`Scenario` from what a reader typed or clicked."""
    return Scenario(
        monthly_active_users=parse_users(monthly_active_users),
        commercial=inputs.flag(commercial, "commercial use"),
        fine_tune=inputs.flag(fine_tune, "fine-tune the model"),
        redistribute=inputs.flag(redistribute, "redistribute the model"),
        train_other_model=inputs.flag(train_other_model, "use its outputs to train another model"),
    )


def _get(licence: Mapping[str, Any], key: str) -> str:
    value = licence.get(key)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _cap(licence: Mapping[str, Any]) -> int | None:
    raw = licence.get("user_cap_mau")
    if raw is None or (isinstance(raw, float) and math.isnan(raw)) or str(raw).strip() in {"", "<NA>"}:
        return None
    return int(float(raw))


def check(licence: Mapping[str, Any], case: Scenario) -> Verdict:
    """Apply one licence's summarised clauses to a scenario.

    Each reason ends with the clause that decides it, taken from the licence's
    ``clause_*`` columns where the data give one.
    """
    rules: list[tuple[str, str]] = []
    name = _get(licence, "name") or _get(licence, "id")

    def cite(text: str, column: str) -> str:
        clause = _get(licence, column)
        return f"{text} [{clause}]" if clause else text

    commercial = _get(licence, "commercial_use")
    if case.commercial and commercial == "no":
        rules.append((NOT_ALLOWED, cite("The licence does not allow commercial use.", "clause_commercial")))
    elif case.commercial and commercial == "conditional":
        rules.append((CONDITIONS, cite("Commercial use is allowed only under the licence's conditions.", "clause_commercial")))

    unknown = "The course could not establish this clause from the text it read: check the licence itself."
    asked = {
        "commercial_use": case.commercial,
        "output_use_restriction": case.train_other_model,
        "modification": case.fine_tune,
        "redistribution": case.redistribute,
    }
    for column, relevant in asked.items():
        if relevant and not _get(licence, column):
            rules.append((CONDITIONS, f"{column.replace('_', ' ').capitalize()}: {unknown}"))

    cap = _cap(licence)
    if cap is not None and case.monthly_active_users > cap:
        rules.append(
            (
                PERMISSION,
                cite(
                    f"Above {cap:,} monthly active users a separate licence must be requested from the "
                    "licensor, which may refuse it."
                    + (f" ({_get(licence, 'user_cap_note')})" if _get(licence, "user_cap_note") else ""),
                    "clause_user_cap",
                ),
            )
        )

    if case.train_other_model:
        outputs = _get(licence, "output_use_restriction")
        if outputs == "yes":
            rules.append(
                (NOT_ALLOWED, cite("The terms forbid using the model's outputs to improve or train other models.", "clause_outputs"))
            )
        elif outputs == "partial":
            rules.append(
                (CONDITIONS, cite("Using outputs to train other models is restricted; read the exception in the clause.", "clause_outputs"))
            )

    if case.fine_tune:
        modification = _get(licence, "modification")
        if modification == "no":
            rules.append((NOT_ALLOWED, cite("The terms do not allow modifying the model.", "clause_redistribution")))
        elif modification == "conditional":
            rules.append((CONDITIONS, cite("Modified versions carry the licence's conditions.", "clause_redistribution")))

    if case.redistribute:
        redistribution = _get(licence, "redistribution")
        if redistribution == "no":
            rules.append((NOT_ALLOWED, cite("The terms do not allow redistributing the model.", "clause_redistribution")))
        elif redistribution == "conditional" or _get(licence, "attribution") == "yes":
            rules.append(
                (CONDITIONS, cite("Redistribution must pass on the licence and its notices (attribution).", "clause_redistribution"))
            )

    if _get(licence, "use_restrictions") == "yes":
        rules.append((CONDITIONS, cite("Every use must respect the licence's list of prohibited uses.", "clause_use_restrictions")))

    outcome = max((r[0] for r in rules), key=SEVERITY.index, default=ALLOWED)
    decisive = tuple(text for level, text in rules if level == outcome) or ()
    return Verdict(_get(licence, "id"), name, outcome, decisive)


def check_all(licences: Iterable[Mapping[str, Any]], case: Scenario) -> list[Verdict]:
    return [check(licence, case) for licence in licences]
