"""Numbers, shares and changes formatted for the active language (Django's l10n).

Grouping is forced (``1.234`` in Dutch, ``1,234`` in English) whatever
``USE_THOUSAND_SEPARATOR`` says: a report is read, not parsed.
"""

from __future__ import annotations

import math

from django.utils.formats import number_format

__all__ = ["counted", "delta", "number", "significant", "value"]


def number(amount: float | int | None, decimals: int = 0) -> str:
    """``amount`` rounded to ``decimals`` decimals, thousands grouped, per the active language."""
    if amount is None:
        return "–"
    # Django cuts the decimals beyond ``decimal_pos`` off (0.2083 → "0.20"): round first.
    amount = round(amount) if decimals == 0 else round(amount, decimals)
    return number_format(amount, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def significant(amount: float, digits: int = 2, *, up: bool = False) -> str:
    """``amount`` (≥ 0) to ``digits`` significant digits: ``0.0012``, ``0.21``, ``1.35``.

    With ``up`` it is rounded up, for a bound: one shown smaller than it is would not hold.
    """
    if amount <= 0:
        return number(0)
    decimals = max(0, digits - 1 - math.floor(math.log10(amount)))
    if up:
        scale = 10**decimals
        # The tolerance keeps 0.172 (stored as 0.17200000000000001) from becoming 0.173.
        amount = math.ceil(amount * scale * (1 - 1e-12)) / scale
    return number(amount, decimals)


def counted(phrase: str, amount: int) -> str:
    """``phrase``, chosen by ``ngettext`` for ``amount``, with the amount put in its ``%(count)s``.

    The caller passes ``ngettext("%(count)s tie", "%(count)s ties", amount)``, so a sentence
    agrees with its number ("1 tie", "2 ties"; Dutch "1 band werd warm", "2 banden werden warm")
    and makemessages still finds both forms.
    """
    return phrase % {"count": number(amount)}


def value(amount: float | int | None, kind: str = "count") -> str:
    """A figure as shown: counts whole, shares as percentages, ratios with two decimals."""
    if amount is None:
        return "–"
    if kind == "share":
        return f"{number(amount * 100)}%"
    if kind == "ratio":
        return number(amount, 3 if abs(amount) < 1 else 2)
    if kind == "signed":
        return _signed(number(amount, 2), amount)
    return number(amount)


def delta(change: float | None, kind: str = "count") -> str:
    """A change against last year with its sign: ``+12``, ``−3``, ``+4 pp`` for shares."""
    if change is None:
        return ""
    if kind == "share":
        points = abs(change) * 100
        # Below one point a whole number would read "0 pp" next to "better": show a decimal.
        return _signed(f"{number(points, 1 if points < 1 else 0)} pp", change * 100)
    if kind == "ratio":
        # Enough decimals that a real change never reads as "−0.000" next to "worse".
        decimals = 3
        while decimals < 6 and change and round(abs(change), decimals) == 0:
            decimals += 1
        return _signed(number(abs(change), decimals), change)
    if kind == "signed":
        return _signed(number(abs(change), 2), change)
    return _signed(number(abs(change)), change)


def _signed(text: str, amount: float) -> str:
    text = text.lstrip("-")
    if round(amount, 6) > 0:
        return f"+{text}"
    if round(amount, 6) < 0:
        return f"−{text}"
    return f"±{text}"
