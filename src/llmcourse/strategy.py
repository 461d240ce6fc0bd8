"""The strategy chapter's model of two platforms competing, one open and one closed.

The equations, what every parameter means and why, are in the strategy lab, right above
this code (shown there with ``literalinclude``): read them there. The model is a teaching
toy, not a forecast; every default is an illustrative assumption. It lives here rather
than in the lab so that its properties (shares stay in [0, 1], a larger lead never helps
the challenger, more openness never hurts it) are tested.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

__all__ = ["DEFAULTS", "Params", "simulate"]


@dataclass(frozen=True)
class Params:
    """The model's dials, with illustrative defaults (assumptions, not calibrated facts)."""

    openness: float = 0.7  # theta: 0 fully closed, 1 fully open
    capability_gap: float = 1.0  # g_0: the closed platform's initial lead
    licence_fee: float = 0.0  # f: what the open platform's owner charges developers
    network_strength: float = 1.5  # n
    quality_weight: float = 1.5  # beta: the weight users give to quality
    adoption_cost: float = 1.0  # a: the cost of adopting a closed platform
    contribution_rate: float = 0.1  # r: how fast outside developers close the gap
    speed: float = 0.3  # lambda: the share of each side that moves each period
    periods: int = 40

    def __post_init__(self) -> None:
        for name in ("openness", "contribution_rate", "speed"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} is a share: it must lie between 0 and 1.")
        if self.speed == 0:
            raise ValueError("speed must be above 0: with no one switching, nothing happens.")
        if self.periods < 1:
            raise ValueError("The model needs at least one period.")


DEFAULTS = Params()


def logistic(x: float) -> float:
    """s(A) = 1 / (1 + e^-A), computed without overflow for large |A|."""
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


def simulate(p: Params = DEFAULTS) -> pd.DataFrame:
    """Run the model: one row per period."""
    beta, n, a = p.quality_weight, p.network_strength, p.adoption_cost
    theta, f, lam, r = p.openness, p.licence_fee, p.speed, p.contribution_rate
    u, d, g = 0.5, 0.5, p.capability_gap
    rows = []
    for t in range(p.periods + 1):
        rows.append((t, u, 1 - u, d, 1 - d, g))
        a_u = -beta * g + n * (2 * d - 1) + a * theta  # the open platform's
        a_d = n * (2 * u - 1) + a * theta - f  # advantage, for each side
        u, d, g = (
            (1 - lam) * u + lam * logistic(a_u),
            (1 - lam) * d + lam * logistic(a_d),
            g - r * theta * d,
        )
    columns = ["period", "open_users", "closed_users"]
    columns += ["open_developers", "closed_developers", "gap"]
    return pd.DataFrame(rows, columns=columns)
