"""Self-hosting an open model: the hosting assumptions and the build-or-buy break-even.

The capability lab derives both from the formula beside them and shows :func:`break_even`
with ``literalinclude``; they live here so that tests can check that the break-even lies
on both cost curves. Every number about hosting is an assumption the reader sets: the
defaults are ``data/capability_assumptions.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Hosting", "break_even"]


@dataclass(frozen=True)
class Hosting:
    """How you would serve a model yourself (every field an assumption; see capability_assumptions)."""

    gpu_hour_usd: float
    gpus_per_replica: int
    tokens_per_second: float
    utilisation: float
    fixed_monthly_usd: float
    hours_per_month: float = 730.0

    def __post_init__(self) -> None:
        if self.gpus_per_replica < 1 or self.gpus_per_replica != int(self.gpus_per_replica):
            raise ValueError("A replica needs a whole number of GPUs, at least one.")
        if self.tokens_per_second <= 0:
            raise ValueError("A replica that serves no tokens cannot serve anyone: throughput must be above 0.")
        if not 0 < self.utilisation <= 1:
            raise ValueError("Utilisation is a share of the paid hours, above 0 and at most 1.")
        if self.gpu_hour_usd < 0 or self.fixed_monthly_usd < 0:
            raise ValueError("Prices and fixed costs cannot be negative.")

    @classmethod
    def from_assumptions(cls, table: pd.DataFrame, **changes: float) -> Hosting:
        """The defaults of ``capability_assumptions`` (one row per parameter), with any ``changes``."""
        values = (table.set_index("parameter") if "parameter" in table.columns else table)["value"]
        fields = {name: float(values[name]) for name in cls.__dataclass_fields__}
        return cls(**(fields | {"gpus_per_replica": int(values["gpus_per_replica"])} | changes))

    @property
    def replica_capacity(self) -> float:
        """Tokens one always-on replica serves in a month."""
        return self.tokens_per_second * 3600 * self.utilisation * self.hours_per_month

    @property
    def floor(self) -> float:
        """The monthly bill at zero volume: the fixed cost plus one replica running all month."""
        return self.fixed_monthly_usd + self.gpus_per_replica * self.gpu_hour_usd * self.hours_per_month

    @property
    def marginal_per_token(self) -> float:
        """Dollars of GPU time per token once the first replica is full."""
        return self.gpus_per_replica * self.gpu_hour_usd / (self.tokens_per_second * 3600 * self.utilisation)

    def monthly_cost(self, tokens: float | np.ndarray) -> float | np.ndarray:
        """The floor, plus GPU time in proportion to the volume above one replica's capacity."""
        return self.floor + np.maximum(0.0, np.asarray(tokens) - self.replica_capacity) * self.marginal_per_token


def break_even(api_usd_per_mtok: float, hosting: Hosting) -> float | None:
    """Tokens a month above which self-hosting is cheaper; None if never."""
    a, k = api_usd_per_mtok / 1e6, hosting.marginal_per_token
    if a <= k:
        # each extra token costs the API no more than your own GPUs
        return None
    # the API line meets the flat part of the self-hosting curve ...
    volume = hosting.floor / a
    if volume > hosting.replica_capacity:
        # ... or, past one replica's capacity, its rising part
        volume = hosting.fixed_monthly_usd / (a - k)
    return volume
