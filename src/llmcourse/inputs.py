"""Reading what a reader typed into a calculator, with plain messages for bad input.

Every calculator of the course (the licence checker, the platform model, the cost
calculators, the AI Act checker...) takes values from ipywidgets text boxes or from a
student's code. They share this module so that bad input gets the same kind of answer
everywhere: an :class:`InputError` whose message is one plain sentence, never a traceback.

:func:`number` does the part every calculator needs (yes/no, empty, words, other types,
NaN and infinity); range checks stay with each calculator, because only it knows what a
sensible value is and how to say so.
"""

from __future__ import annotations

import math
import numbers
import re
from typing import Any

__all__ = ["InputError", "flag", "number"]

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


class InputError(ValueError):
    """The reader's input cannot be used; the message says why, in plain words."""


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def number(value: Any, name: str, *, example: str = "1500", decimal_comma: bool = False) -> float:
    """Turn what a reader typed (``"1,500"``, ``2.5``, ``"3e9"``, ``"$2"``, ``"24.6 %"``) into a float.

    ``name`` is a noun phrase used in the messages ("the price per GPU hour"), ``example``
    a value shown to the reader. Commas separate thousands unless ``decimal_comma`` is set
    (for small quantities, where ``"0,5"`` means a half). The result is finite; whether it
    is in range is for the caller to check.
    """
    if isinstance(value, bool):
        raise InputError(f"{_capital(name)} must be a number, not yes or no.")
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InputError(f"Please enter {name}, for example {example}.")
    if isinstance(value, str):
        text = value.strip().lstrip("$").rstrip("%")
        text = text.replace(",", "." if decimal_comma else "").replace("_", "").replace(" ", "")
        if not _NUMBER.fullmatch(text):
            raise InputError(f"{value!r} is not a number: write {name} with digits, for example {example}.")
        result = float(text)
    elif isinstance(value, numbers.Real):  # int, float and numpy's numbers
        result = float(value)
    else:
        raise InputError(f"{_capital(name)} must be a number; got {type(value).__name__}.")
    if math.isnan(result) or math.isinf(result):
        raise InputError(f"{_capital(name)} must be a finite, ordinary number.")
    return result


def flag(value: Any, name: str) -> bool:
    """A yes/no answer from a checkbox (a bool) or a typed word (yes/no, y/n, true/false, 1/0)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _YES:
        return True
    if isinstance(value, str) and value.strip().lower() in _NO:
        return False
    raise InputError(f"Please answer yes or no for '{name}'.")
