"""Property tests for Indonesian number parsing/formatting (numbers.py)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_lib.numbers import (
    NumberParseError,
    format_number,
    format_percent,
    format_rupiah,
    parse_number,
)

finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(finite)
def test_format_then_parse_round_trips_to_two_decimals(x):
    text = format_number(x, 2)
    back = parse_number(text)
    assert back is not None
    assert abs(back - x) <= 0.005 + 1e-9 * max(1.0, abs(x)), (x, text, back)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-10**12, max_value=10**12))
def test_integers_exact_with_thousands_grouping(n):
    text = format_number(n, 0)
    assert parse_number(text) == n
    grouped = f"{n:,}".replace(",", ".")  # 1.234.567 typed by hand
    assert parse_number(grouped) == n
    if abs(n) >= 1000:
        assert "." in text  # babel id locale groups with dots


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=0, max_value=1000, allow_nan=False))
def test_percent_round_trip(x):
    text = format_percent(x)
    assert text.endswith("%")
    assert parse_number(text) == pytest.approx(x, abs=0.005 + 1e-12)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10**13))
def test_rupiah_round_trip(n):
    text = format_rupiah(n)
    assert text.startswith("Rp")
    assert parse_number(text) == n
    assert parse_number(text.replace("Rp", "Rp. ")) == n


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20))
def test_any_text_parses_or_raises_indonesian_error(text):
    try:
        v = parse_number(text)
    except NumberParseError as exc:
        assert "bukan angka" in str(exc) or "tak hingga" in str(exc)
    else:
        assert v is None or math.isfinite(v)


@given(st.one_of(st.integers(-10**9, 10**9), finite))
def test_real_numbers_pass_through(x):
    assert parse_number(x) == float(x)


@pytest.mark.parametrize("text, value", [
    ("1.234", 1234.0), ("1.234,5", 1234.5), ("85,5%", 85.5), ("85,5 %", 85.5),
    ("12.5", 12.5), ("-7", -7.0), ("Rp 3.521.689.000", 3_521_689_000.0), ("0,25", 0.25),
    ("\u00a01.000\u00a0", 1000.0),
])
def test_examples(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", [None, "", " ", "-", "—", "nihil", "N/A", float("nan")])
def test_empty_values(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text", ["abc", "1,2,3", "1.23.4", "12 orang", "#DIV/0!", True,
                                  float("inf")])
def test_not_numbers(text):
    with pytest.raises(NumberParseError):
        parse_number(text)
