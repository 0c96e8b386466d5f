"""Property tests for Indonesian number parsing/formatting (numbers.py)."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_lib.domain.errors import NumberParseError
from kinerja_lib.domain.numbers import (
    format_number,
    format_percent,
    format_rupiah,
    parse_number,
    parse_tanggal,
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


@pytest.mark.parametrize("text, value", [
    ("'3234", 3234.0), ("\u201948.501", 48501.0), ("' 12,5%", 12.5),
    ("Rp. 52.932.000,-", 52_932_000.0), ("52.932.000,-", 52_932_000.0),
    ("Rp 5.000.-", 5000.0), ("5,-", 5.0),
])
def test_leading_apostrophe_and_rupiah_no_cents_suffix(text, value):
    # regression: these were 'bukan angka' errors that quarantined the row
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["'", "'-"])
def test_apostrophe_alone_is_empty(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text, value", [
    ("05/02/2024", (2024, 2, 5)), ("5-2-2024", (2024, 2, 5)), ("05.02.24", (2024, 2, 5)),
    ("2024-02-05", (2024, 2, 5)), ("2024/02/05", (2024, 2, 5)),
    ("2024-02-05 00:00:00", (2024, 2, 5)), ("5 Februari 2024", (2024, 2, 5)),
    ("5 Pebruari 2024", (2024, 2, 5)), ("5 Feb 2024", (2024, 2, 5)),
    ("5 Nopember 2024", (2024, 11, 5)), ("5 Agt 2024", (2024, 8, 5)),
    ("Februari 5, 2024", (2024, 2, 5)), ("5 April, 2024", (2024, 4, 5)),
    ("Senin, 5 Februari 2024", (2024, 2, 5)), ("Jum'at 5 April 2024", (2024, 4, 5)),
    ("05/04/2024 09:30", (2024, 4, 5)), ("5 April 2024 pukul 10.15 WITA", (2024, 4, 5)),
])
def test_parse_tanggal_text_forms(text, value):
    assert parse_tanggal(text) == dt.date(*value)


@pytest.mark.parametrize("text", ["31/02/2024", "13/13/2024", "Senin", "2024", "1/2/3",
                                  "5 Bulan 2024", "besok"])
def test_parse_tanggal_rejects_with_indonesian_message(text):
    with pytest.raises(ValueError, match="bukan tanggal yang sah"):
        parse_tanggal(text)
