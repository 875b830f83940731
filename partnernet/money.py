"""Money as integer minor units of a currency; never floats."""

import re
from decimal import Decimal, InvalidOperation

from babel.numbers import format_currency, get_currency_precision

# A sensible ceiling for one closed-business entry: 100 million in major units.
MAX_MAJOR_UNITS = 100_000_000
_AMOUNT = re.compile(r"^\d+(?:\.\d+)?$")
# Commas may only separate thousands: "1,25" is a decimal comma, and reading it as 125 would
# record a hundred times the amount.
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


class MoneyError(ValueError):
    pass


def precision(currency: str) -> int:
    return get_currency_precision(currency)


def parse_amount(text: str | int | float | Decimal | None, currency: str) -> int:
    """Minor units from "1,250.00", "1250" or "1 250.5"; refuses negative, zero, absurd."""
    raw = str(text if text is not None else "").strip().replace(" ", "")
    raw = raw.replace("\u00a0", "").replace("\u202f", "")
    if raw.startswith("-"):
        raise MoneyError("Enter a positive amount.")
    if not raw:
        raise MoneyError("Enter the amount.")
    if "," in raw and _GROUPED.match(raw):
        raw = raw.replace(",", "")
    if not _AMOUNT.match(raw):
        raise MoneyError("Enter the amount as a number, for example 1250.00.")
    digits = precision(currency)
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:
        raise MoneyError("Enter the amount as a number, for example 1250.00.") from exc
    if value.as_tuple().exponent < -digits:
        raise MoneyError(f"Use at most {digits} decimal places for {currency}." if digits
                         else f"{currency} has no minor unit: enter a whole amount.")
    if value <= 0:
        raise MoneyError("Enter a positive amount.")
    if value > MAX_MAJOR_UNITS:
        raise MoneyError(f"That is more than {MAX_MAJOR_UNITS:,} {currency}; check the amount.")
    return int(value.scaleb(digits))


def to_decimal_string(minor: int, currency: str) -> str:
    """Major units as a plain decimal string, as the API writes amounts: "1250.00"."""
    digits = precision(currency)
    return f"{Decimal(minor).scaleb(-digits):.{digits}f}"


def format_money(minor: int, currency: str, locale: str = "en") -> str:
    """For people: "$1,250.00", "€980.00", "¥5,000"."""
    return format_currency(Decimal(minor).scaleb(-precision(currency)), currency, locale=locale)
