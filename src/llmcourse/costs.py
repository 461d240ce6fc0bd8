"""Cost calculators of the capability chapter: training compute in dollars, and build versus buy.

Two questions, two small models.

**What did training cost?** Makers of open-weights models report GPU hours, not dollars
(the Llama 2 paper's Table 2, for example). :func:`training_cost` multiplies GPU hours by
a price per GPU hour *that the reader chooses*: the price is an assumption, the hours are
the source's.

**Build or buy?** Paying an API per token costs ``price x tokens``: a straight line
through zero. Hosting an open model yourself costs

* a fixed monthly amount (people, tooling: ``fixed_monthly_usd``), plus
* at least one replica running all month (``gpus_per_replica`` GPUs, 730 hours), and,
  once that replica is full, more GPU time in proportion to the volume.

A replica serves ``tokens_per_second x 3600 x utilisation`` tokens per paid hour. Above the
capacity of one replica the cost grows by ``gpus x gpu_hour_usd / tokens_per_paid_hour``
for every token: the *marginal* cost of self-hosting. The API line and the self-hosting
curve cross at most once, and only if the API's price per token is higher than that
marginal cost; :func:`break_even` finds the crossing or says why there is none.

Every number about self-hosting is an assumption the reader sets (defaults are in
``data/capability_assumptions.csv`` and :data:`DEFAULTS`). Bad input (empty, negative, not
a number, zero throughput, absurd values) raises :class:`InputError` with a sentence a
reader understands.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from llmcourse import inputs
from llmcourse.inputs import InputError

__all__ = [
    "DEFAULTS",
    "HOURS_PER_MONTH",
    "BreakEven",
    "InputError",
    "api_monthly_cost",
    "blended_price",
    "break_even",
    "cost_curves",
    "parse_number",
    "self_host_marginal_cost",
    "self_host_monthly_cost",
    "training_cost",
]

#: Hours in an average month: 8,760 hours a year divided by 12.
HOURS_PER_MONTH = 730.0

#: The lab's defaults. ASSUMPTIONS, not facts: change them (see data/capability_assumptions.csv).
DEFAULTS: dict[str, float] = {
    "gpu_hour_usd": 2.0,
    "gpus_per_replica": 2,
    "tokens_per_second": 1500.0,
    "utilisation": 0.5,
    "fixed_monthly_usd": 8000.0,
    "output_share": 0.25,
}

#: Generous upper bounds: anything above is almost certainly a typo.
_LIMITS = {
    "tokens": 1e16,  # ten million billion tokens a month
    "price": 10_000.0,  # dollars per million tokens or per GPU hour
    "gpus": 100_000,
    "tokens_per_second": 10_000_000.0,
    "money": 1e12,
    "gpu_hours": 1e10,
}


def parse_number(value: Any, name: str, *, allow_zero: bool = True, upper: float | None = None) -> float:
    """Turn what a reader typed (``"1,500"``, ``2.5``, ``"3e9"``) into a number, or explain why not."""
    number = inputs.number(value, name)
    if number < 0:
        raise _error(f"{name} cannot be negative.")
    if number == 0 and not allow_zero:
        raise _error(f"{name} must be greater than zero.")
    if upper is not None and number > upper:
        raise _error(f"{number:,.0f} is far too large for {name}: please check the number.")
    return number


def _error(text: str) -> InputError:
    """An InputError whose message starts with a capital letter, whatever the field name."""
    return InputError(text[:1].upper() + text[1:])


def training_cost(gpu_hours: Any, gpu_hour_usd: Any) -> float:
    """Dollars for ``gpu_hours`` at ``gpu_hour_usd`` per GPU hour (the price is the reader's assumption)."""
    hours = parse_number(gpu_hours, "GPU hours", upper=_LIMITS["gpu_hours"])
    price = parse_number(gpu_hour_usd, "the price per GPU hour", upper=_LIMITS["price"])
    return hours * price


def blended_price(input_usd_per_mtok: Any, output_usd_per_mtok: Any, output_share: Any = DEFAULTS["output_share"]) -> float:
    """One price per million tokens for a mix of input and output tokens.

    ``output_share`` is the share of all tokens that are generated output (an assumption
    about your workload, between 0 and 1).
    """
    inp = parse_number(input_usd_per_mtok, "the input price", upper=_LIMITS["price"])
    out = parse_number(output_usd_per_mtok, "the output price", upper=_LIMITS["price"])
    share = parse_number(output_share, "the share of output tokens")
    if share > 1:
        raise InputError("The share of output tokens is a fraction between 0 and 1 (0.25 means a quarter).")
    return (1 - share) * inp + share * out


def api_monthly_cost(tokens_per_month: Any, usd_per_mtok: Any) -> float:
    """Monthly bill of an API priced at ``usd_per_mtok`` dollars per million tokens."""
    tokens = parse_number(tokens_per_month, "tokens per month", upper=_LIMITS["tokens"])
    price = parse_number(usd_per_mtok, "the API price per million tokens", upper=_LIMITS["price"])
    return tokens / 1e6 * price


@dataclass(frozen=True)
class _Hosting:
    gpu_hour_usd: float
    gpus_per_replica: float
    tokens_per_second: float
    utilisation: float
    fixed_monthly_usd: float

    @property
    def tokens_per_paid_hour(self) -> float:
        return self.tokens_per_second * 3600 * self.utilisation

    @property
    def replica_capacity(self) -> float:
        """Tokens one always-on replica serves in a month."""
        return self.tokens_per_paid_hour * HOURS_PER_MONTH

    @property
    def floor(self) -> float:
        """The monthly cost at zero volume: staff plus one replica running all month."""
        return self.fixed_monthly_usd + self.gpus_per_replica * self.gpu_hour_usd * HOURS_PER_MONTH

    @property
    def marginal_per_token(self) -> float:
        return self.gpus_per_replica * self.gpu_hour_usd / self.tokens_per_paid_hour

    def cost(self, tokens: float) -> float:
        return self.floor + max(0.0, tokens - self.replica_capacity) * self.marginal_per_token


def _hosting(
    gpu_hour_usd: Any,
    gpus_per_replica: Any,
    tokens_per_second: Any,
    utilisation: Any,
    fixed_monthly_usd: Any,
) -> _Hosting:
    gpus = parse_number(gpus_per_replica, "GPUs per replica", allow_zero=False, upper=_LIMITS["gpus"])
    if gpus != int(gpus):
        raise InputError("GPUs come whole: enter a whole number of GPUs per replica.")
    tps = parse_number(tokens_per_second, "the throughput (tokens per second)", allow_zero=False,
                       upper=_LIMITS["tokens_per_second"])
    util = parse_number(utilisation, "the utilisation", allow_zero=False)
    if util > 1:
        raise InputError("Utilisation is a fraction between 0 and 1 (0.5 means busy half of the time).")
    return _Hosting(
        gpu_hour_usd=parse_number(gpu_hour_usd, "the price per GPU hour", upper=_LIMITS["price"]),
        gpus_per_replica=gpus,
        tokens_per_second=tps,
        utilisation=util,
        fixed_monthly_usd=parse_number(fixed_monthly_usd, "the fixed monthly cost", upper=_LIMITS["money"]),
    )


def self_host_monthly_cost(
    tokens_per_month: Any,
    gpu_hour_usd: Any = DEFAULTS["gpu_hour_usd"],
    gpus_per_replica: Any = DEFAULTS["gpus_per_replica"],
    tokens_per_second: Any = DEFAULTS["tokens_per_second"],
    utilisation: Any = DEFAULTS["utilisation"],
    fixed_monthly_usd: Any = DEFAULTS["fixed_monthly_usd"],
) -> float:
    """Monthly cost of serving ``tokens_per_month`` yourself (all defaults are assumptions).

    Fixed cost, plus one replica all month, plus extra GPU time in proportion to the
    volume above that replica's capacity.
    """
    tokens = parse_number(tokens_per_month, "tokens per month", upper=_LIMITS["tokens"])
    return _hosting(gpu_hour_usd, gpus_per_replica, tokens_per_second, utilisation, fixed_monthly_usd).cost(tokens)


def self_host_marginal_cost(
    gpu_hour_usd: Any = DEFAULTS["gpu_hour_usd"],
    gpus_per_replica: Any = DEFAULTS["gpus_per_replica"],
    tokens_per_second: Any = DEFAULTS["tokens_per_second"],
    utilisation: Any = DEFAULTS["utilisation"],
) -> float:
    """Dollars per million tokens of GPU time once the first replica is full."""
    hosting = _hosting(gpu_hour_usd, gpus_per_replica, tokens_per_second, utilisation, 0)
    return hosting.marginal_per_token * 1e6


@dataclass(frozen=True)
class BreakEven:
    """Where the API bill and the self-hosting bill are equal, or why they never are."""

    tokens_per_month: float | None
    monthly_cost: float | None
    reason: str

    @property
    def exists(self) -> bool:
        return self.tokens_per_month is not None


def break_even(
    usd_per_mtok: Any,
    gpu_hour_usd: Any = DEFAULTS["gpu_hour_usd"],
    gpus_per_replica: Any = DEFAULTS["gpus_per_replica"],
    tokens_per_second: Any = DEFAULTS["tokens_per_second"],
    utilisation: Any = DEFAULTS["utilisation"],
    fixed_monthly_usd: Any = DEFAULTS["fixed_monthly_usd"],
) -> BreakEven:
    """The monthly volume above which self-hosting is cheaper than the API.

    Below it the API is cheaper, above it self-hosting is. The API line starts at zero
    and rises with slope ``a`` (its price per token); the self-hosting curve starts at its
    floor and is flat up to one replica's capacity, then rises with slope ``k`` (the
    marginal cost). If ``a <= k`` the lines never cross and the API stays cheaper at
    every volume; otherwise they cross exactly once.
    """
    price = parse_number(usd_per_mtok, "the API price per million tokens", allow_zero=False, upper=_LIMITS["price"])
    hosting = _hosting(gpu_hour_usd, gpus_per_replica, tokens_per_second, utilisation, fixed_monthly_usd)
    a = price / 1e6
    k = hosting.marginal_per_token
    if a <= k:
        return BreakEven(None, None, (
            f"The API costs ${price:,.2f} per million tokens, no more than the ${k * 1e6:,.2f} of GPU time that "
            "self-hosting needs for each extra million: with these assumptions the API is cheaper at every volume."
        ))
    volume = hosting.floor / a
    if volume > hosting.replica_capacity:
        volume = (hosting.fixed_monthly_usd) / (a - k)
    return BreakEven(volume, a * volume, (
        f"Above {volume / 1e9:,.2f} billion tokens a month, self-hosting costs less than the API "
        f"(both about ${a * volume:,.0f} a month at that volume)."
    ))


def cost_curves(
    volumes: Iterable[float],
    usd_per_mtok: Any,
    hosting: Mapping[str, Any] | None = None,
) -> dict[str, list[float]]:
    """Monthly API and self-hosting costs at each volume, for plotting."""
    settings = dict(DEFAULTS) | dict(hosting or {})
    settings.pop("output_share", None)
    xs = [parse_number(v, "tokens per month", upper=_LIMITS["tokens"]) for v in volumes]
    if not xs:
        raise InputError("Please give at least one monthly volume.")
    host = _hosting(**settings)
    return {
        "tokens": xs,
        "api": [api_monthly_cost(x, usd_per_mtok) for x in xs],
        "self_host": [host.cost(x) for x in xs],
    }
