"""Numbers follow the page's language; English reads as before; dates stay ISO 8601."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from midora.core import formatting

CASES = [
    # (value, English, German, French)
    (1234.5, "1,234.5", "1.234,5", "1\u00a0234,5"),
    (1234567, "1,234,567", "1.234.567", "1\u00a0234\u00a0567"),
    (Decimal("0.125"), "0.12", "0,12", "0,12"),
    (-2.5, "-2.5", "-2,5", "-2,5"),
]


@pytest.mark.parametrize(("value", "en", "de", "fr"), CASES)
def test_numbers_take_the_separators_of_the_language(value, en, de, fr):
    for language, expected in (("en-gb", en), ("de", de), ("fr", fr)):
        with translation.override(language):
            assert formatting.number(value) == expected, language


def test_percentages_and_amounts_follow_the_language():
    with translation.override("en-gb"):
        assert formatting.percent(54.44) == "54.4%"
        assert formatting.money(1125000) == "EUR 1,125,000"
        assert formatting.money(1234.5, "CHF") == "CHF 1,234.50"
    with translation.override("de"):
        assert formatting.percent(54.44) == "54,4\u00a0%"
        assert formatting.money(1125000) == "1.125.000\u00a0EUR"
        assert formatting.money(1234.5, "CHF") == "1.234,50\u00a0CHF"
    with translation.override("fr"):
        assert formatting.percent(54.44) == "54,4\u202f%"
        assert formatting.money(1125000) == "1\u00a0125\u00a0000\u00a0EUR"


def test_missing_values_text_and_dates_read_the_same_in_every_language():
    for language in ("en-gb", "de", "fr"):
        with translation.override(language):
            assert formatting.number(None) == formatting.MISSING
            assert formatting.percent("n/a") == "n/a"
            assert formatting.day(dt.date(2026, 3, 4)) == "2026-03-04"
            assert formatting.moment(dt.datetime(2026, 3, 4, 9, 5)) == "2026-03-04 09:05"


def test_yes_and_no_are_words_of_the_language():
    with translation.override("de"):
        assert formatting.display(True) == "Ja"
    with translation.override("fr"):
        assert formatting.display(False) == "Non"
    with translation.override("en-gb"):
        assert formatting.display(True) == "Yes"
