"""Money: amounts typed by people become integer minor units of a currency, and back."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnernet.money import (
    MAX_MAJOR_UNITS,
    MoneyError,
    format_money,
    parse_amount,
    precision,
    to_decimal_string,
)

CURRENCIES = ["USD", "EUR", "GBP", "JPY", "BHD", "KWD"]


def test_minor_unit_digits_follow_iso_4217():
    assert {c: precision(c) for c in CURRENCIES} == {
        "USD": 2, "EUR": 2, "GBP": 2, "JPY": 0, "BHD": 3, "KWD": 3}


@pytest.mark.parametrize(("text", "currency", "minor"), [
    ("1,250.00", "USD", 125_000),
    ("1250", "USD", 125_000),
    ("1250.5", "USD", 125_050),
    ("0.01", "USD", 1),
    ("  1 250.50 ", "USD", 125_050),
    ("1\u00a0250", "USD", 125_000),  # a no-break space as thousands separator
    ("1\u202f250.75", "EUR", 125_075),  # a narrow no-break space, as French keyboards type
    ("980", "EUR", 98_000),
    ("5000", "JPY", 5_000),
    ("5,000", "JPY", 5_000),
    ("1", "JPY", 1),
    ("1.234", "BHD", 1_234),
    ("0.005", "KWD", 5),
    ("1,234.5", "KWD", 1_234_500),
    ("12", "KWD", 12_000),
    ("100000000", "USD", 10_000_000_000),  # the maximum itself is allowed
    ("100,000,000.000", "BHD", 100_000_000_000),
    ("100000000", "JPY", 100_000_000),
])
def test_parse_amount(text, currency, minor):
    assert parse_amount(text, currency) == minor


@pytest.mark.parametrize(("value", "currency", "minor"), [
    (1250, "USD", 125_000),
    (Decimal("12.5"), "USD", 1_250),
    (Decimal("7.125"), "BHD", 7_125),
    (5000, "JPY", 5_000),
])
def test_parse_amount_accepts_numbers_too(value, currency, minor):
    assert parse_amount(value, currency) == minor


@pytest.mark.parametrize(("text", "currency", "message"), [
    ("-5", "USD", "positive"),
    ("-0.01", "USD", "positive"),
    ("0", "USD", "positive"),
    ("0.00", "USD", "positive"),
    ("0", "JPY", "positive"),
    ("", "USD", "Enter the amount"),
    ("   ", "USD", "Enter the amount"),
    (None, "USD", "Enter the amount"),
    ("abc", "USD", "as a number"),
    ("1e5", "USD", "as a number"),
    ("1E5", "USD", "as a number"),
    ("Infinity", "USD", "as a number"),
    ("NaN", "USD", "as a number"),
    ("+5", "USD", "as a number"),
    ("1.2.3", "USD", "as a number"),
    ("12.", "USD", "as a number"),
    (".5", "USD", "as a number"),
    ("$12", "USD", "as a number"),
    ("1.234", "USD", "at most 2 decimal places"),
    ("0.001", "EUR", "at most 2 decimal places"),
    ("1.5", "JPY", "no minor unit"),
    ("1.0001", "BHD", "at most 3 decimal places"),
    ("1.0001", "KWD", "at most 3 decimal places"),
    ("100000000.01", "USD", "more than 100,000,000"),
    ("100000001", "JPY", "more than 100,000,000"),
    ("100000000.001", "BHD", "more than 100,000,000"),
    ("999999999999999999999", "USD", "more than 100,000,000"),
])
def test_parse_amount_refuses(text, currency, message):
    with pytest.raises(MoneyError, match=message):
        parse_amount(text, currency)


@pytest.mark.parametrize(("text", "currency", "minor"), [
    ("1,250", "USD", 125_000),
    ("12,345,678.90", "USD", 1_234_567_890),
    ("1,000,000", "JPY", 1_000_000),
    ("999,999.999", "KWD", 999_999_999),
])
def test_commas_group_thousands(text, currency, minor):
    assert parse_amount(text, currency) == minor


@pytest.mark.parametrize("text", [
    "1,25",  # 1.25 written with a decimal comma: must not become 125.00
    "12,50",
    "1.250,00",
    "1,2,3",
    "1,2345",
    ",5",
    "1,",
    "1,250,00",
])
def test_a_comma_that_is_not_a_thousands_separator_is_refused(text):
    with pytest.raises(MoneyError, match="as a number"):
        parse_amount(text, "EUR")


@pytest.mark.parametrize(("minor", "currency", "text"), [
    (125_000, "USD", "1250.00"),
    (1, "USD", "0.01"),
    (98_000, "EUR", "980.00"),
    (5_000, "JPY", "5000"),
    (1, "JPY", "1"),
    (1_234, "BHD", "1.234"),
    (5, "KWD", "0.005"),
    (1_234_500, "KWD", "1234.500"),
    (10_000_000_000, "USD", "100000000.00"),
])
def test_to_decimal_string(minor, currency, text):
    assert to_decimal_string(minor, currency) == text


@pytest.mark.parametrize(("minor", "currency", "locale", "text"), [
    (125_000, "USD", "en", "$1,250.00"),
    (5, "USD", "en", "$0.05"),
    (98_000, "EUR", "en", "€980.00"),
    (125_000, "EUR", "de_DE", "1.250,00\u00a0€"),
    (5_000, "JPY", "en", "¥5,000"),
    (1_234_567, "KWD", "en", "KWD1,234.567"),
    (1_234, "BHD", "en", "BHD1.234"),
])
def test_format_money(minor, currency, locale, text):
    assert format_money(minor, currency, locale) == text


@st.composite
def amounts(draw, max_major=MAX_MAJOR_UNITS):
    """A currency and an amount in its minor units, within what parse_amount accepts."""
    currency = draw(st.sampled_from(CURRENCIES))
    return currency, draw(st.integers(1, max_major * 10 ** precision(currency)))


@settings(max_examples=300)
@given(amounts())
def test_decimal_string_round_trips(amount):
    currency, minor = amount
    assert parse_amount(to_decimal_string(minor, currency), currency) == minor


@settings(max_examples=200)
@given(st.sampled_from(CURRENCIES), st.data())
def test_sum_of_minor_units_is_the_minor_units_of_the_summed_strings(currency, data):
    digits = precision(currency)
    # Twenty entries at most, each small enough that their total stays under the maximum.
    ceiling = MAX_MAJOR_UNITS * 10 ** digits // 20
    minors = data.draw(st.lists(st.integers(1, ceiling), min_size=1, max_size=20))
    strings = [to_decimal_string(m, currency) for m in minors]

    total = sum(Decimal(s) for s in strings)

    assert int(total.scaleb(digits)) == sum(minors)
    assert parse_amount(f"{total:f}", currency) == sum(minors)
    assert to_decimal_string(sum(minors), currency) == f"{total:.{digits}f}"
