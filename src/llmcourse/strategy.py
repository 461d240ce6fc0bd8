"""A small, transparent model of two platforms competing: one open, one closed.

The strategy chapter asks why a company would give away a platform (Android in 2007,
Llama 2 in 2023). This module lets a reader try the argument out. It is a teaching toy,
not a forecast: every number in :data:`DEFAULTS` is an illustrative assumption, not a
calibrated fact, and the reader is meant to change them.

The model, in discrete time ``t = 0, 1, ..., periods``
------------------------------------------------------

Two sides choose between the platforms: **users** (people and firms who use products
built on a platform) and **developers** (those who build on it). ``u`` and ``d`` are the
open platform's shares of users and of developers; the closed platform has ``1 - u`` and
``1 - d``. ``gap`` is the closed platform's capability lead (its quality minus the open
platform's).

Each period, each side compares the two platforms. The advantage of the open platform is

* for users:       ``A_u = -quality_weight * gap + network * (2d - 1) + adoption_cost * openness``
* for developers:  ``A_d =  network * (2u - 1) + adoption_cost * openness - licence_fee``

``network * (2d - 1)`` is the network effect: users value the platform with more
developers (and developers the one with more users). ``adoption_cost * openness`` is the
cost that openness saves: a fully closed platform costs ``adoption_cost`` to take up, an
open one ``adoption_cost * (1 - openness)``. ``licence_fee`` is what the open platform's
owner charges developers anyway (Google's licences for its services; Llama 2's clause for
the largest platforms).

The share that the open platform *would* have if everyone chose afresh is the logistic
(logit) function of the advantage, ``s(A) = 1 / (1 + exp(-A))``. People switch slowly, so
only a fraction ``speed`` of each side moves towards it each period:

* ``u[t+1] = (1 - speed) * u[t] + speed * s(A_u)``
* ``d[t+1] = (1 - speed) * d[t] + speed * s(A_d)``

Outside developers improve what is open: the gap closes in proportion to openness and to
the open platform's developer share (both platforms make the same in-house progress, which
cancels out of the gap):

* ``gap[t+1] = gap[t] - contribution_rate * openness * d[t]``

Both sides start split evenly (``u = d = 0.5``); the closed platform starts with the lead
``capability_gap``.

Properties the tests check: shares stay in [0, 1] and the two platforms' shares sum to 1;
the model is deterministic; a larger initial lead never lowers the closed platform's
share in any period (every effect in the model pushes in the same direction, so the
system is *monotone*); more openness never lowers the open platform's share, a higher
licence fee never raises it; and impossible parameters are refused with a plain message
(:class:`InputError`), never a traceback.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from llmcourse import inputs
from llmcourse.inputs import InputError

__all__ = [
    "DEFAULTS",
    "LIMITS",
    "InputError",
    "Params",
    "final_share",
    "grid",
    "params",
    "simulate",
]


@dataclass(frozen=True)
class Params:
    openness: float = 0.7
    capability_gap: float = 1.0
    licence_fee: float = 0.0
    network_strength: float = 1.5
    quality_weight: float = 1.5
    adoption_cost: float = 1.0
    contribution_rate: float = 0.1
    speed: float = 0.3
    periods: int = 40


#: Illustrative assumptions, not calibrated facts: the reader is meant to change them.
DEFAULTS = Params()

#: Allowed range of each parameter (inclusive), with the words used in messages.
LIMITS: dict[str, tuple[float, float, str]] = {
    "openness": (0.0, 1.0, "openness (0 = fully closed, 1 = fully open)"),
    "capability_gap": (-5.0, 5.0, "the closed platform's capability lead"),
    "licence_fee": (0.0, 5.0, "the open platform's licence fee"),
    "network_strength": (0.0, 5.0, "the strength of network effects"),
    "quality_weight": (0.0, 5.0, "the weight users give to quality"),
    "adoption_cost": (0.0, 5.0, "the cost of adopting a closed platform"),
    "contribution_rate": (0.0, 1.0, "the rate of outside contributions"),
    "speed": (0.01, 1.0, "the speed at which users and developers switch"),
    "periods": (1, 500, "the number of periods"),
}


def _number(name: str, value: Any) -> float:
    label = LIMITS[name][2]
    number = inputs.number(value, label, example="0.5", decimal_comma=True)
    low, high, _ = LIMITS[name]
    if not low <= number <= high:
        raise InputError(f"{label.capitalize()} must lie between {low:g} and {high:g}; got {number:g}.")
    return number


def params(**values: Any) -> Params:
    """Build :class:`Params` from what a reader typed or slid, checking every value.

    Unnamed parameters keep their defaults. An unknown name, a value of the wrong type or
    outside :data:`LIMITS` raises :class:`InputError` with a sentence the reader understands.
    """
    unknown = sorted(set(values) - set(LIMITS))
    if unknown:
        raise InputError(f"Unknown parameter {unknown[0]!r}; the model knows: {', '.join(LIMITS)}.")
    merged = asdict(DEFAULTS) | values
    checked = {name: _number(name, merged[name]) for name in LIMITS}
    if checked["periods"] != int(checked["periods"]):
        raise InputError("The number of periods must be a whole number.")
    checked["periods"] = int(checked["periods"])
    return Params(**checked)


def _logistic(x: float) -> float:
    # Numerically safe for large |x|.
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def simulate(p: Params | Mapping[str, Any] | None = None, **values: Any) -> pd.DataFrame:
    """Run the model and return one row per period.

    Pass a :class:`Params`, a mapping of parameters, or keyword arguments (checked by
    :func:`params`). Columns: ``period``; ``open_users`` and ``closed_users`` (shares of
    users, summing to 1); ``open_developers`` and ``closed_developers``; ``gap`` (the closed
    platform's capability lead).
    """
    if p is None:
        p = params(**values)
    elif isinstance(p, Mapping):
        p = params(**(dict(p) | values))
    elif isinstance(p, Params):
        p = params(**(asdict(p) | values))
    else:
        raise InputError("simulate needs model parameters (a Params, a dict, or keyword arguments).")

    u, d, gap = 0.5, 0.5, p.capability_gap
    saving = p.adoption_cost * p.openness
    rows = []
    for t in range(p.periods + 1):
        rows.append((t, u, 1.0 - u, d, 1.0 - d, gap))
        a_users = -p.quality_weight * gap + p.network_strength * (2 * d - 1) + saving
        a_developers = p.network_strength * (2 * u - 1) + saving - p.licence_fee
        u, d, gap = (
            (1 - p.speed) * u + p.speed * _logistic(a_users),
            (1 - p.speed) * d + p.speed * _logistic(a_developers),
            gap - p.contribution_rate * p.openness * d,
        )
    return pd.DataFrame(
        rows, columns=["period", "open_users", "closed_users", "open_developers", "closed_developers", "gap"]
    )


def final_share(p: Params | Mapping[str, Any] | None = None, **values: Any) -> float:
    """The open platform's share of users in the last period."""
    return float(simulate(p, **values)["open_users"].iloc[-1])


def grid(base: Params | Mapping[str, Any] | None = None, **axes: Iterable[Any]) -> pd.DataFrame:
    """Run the model over every combination of the values given for some parameters.

    ``grid(openness=[0, 0.5, 1], capability_gap=[0, 1])`` returns one row per run, with the
    varied parameters and the open platform's final shares of users and developers.
    """
    if not axes:
        raise InputError("grid needs at least one parameter to vary, for example openness=[0, 0.5, 1].")
    start = asdict(base) if isinstance(base, Params) else dict(base or {})
    names = list(axes)
    combos: list[dict[str, Any]] = [{}]
    for name in names:
        values = list(axes[name])
        if not values:
            raise InputError(f"Give at least one value for {name}.")
        combos = [c | {name: v} for c in combos for v in values]
    rows = []
    for combo in combos:
        run = simulate(start | combo)
        rows.append(combo | {"open_users": run["open_users"].iloc[-1],
                             "open_developers": run["open_developers"].iloc[-1]})
    return pd.DataFrame(rows, columns=names + ["open_users", "open_developers"])
