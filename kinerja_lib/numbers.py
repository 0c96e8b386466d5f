"""Indonesian number, percent and date parsing and formatting.

Units type numbers the Indonesian way: ``.`` groups thousands, ``,`` is the decimal mark
(``1.234``, ``85,5%``), and ``-`` means "no value". Formatting uses babel's ``id`` locale.
"""

from __future__ import annotations

import datetime as _dt
import math
import re

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "id_ID"

_EMPTY = {"", "-", "--", "—", "–", "n/a", "na", "nihil", "tidak ada", "kosong", "null", "none"}
_ID_NUMBER = re.compile(
    r"""^(?P<sign>[-+])?\s*
        (?P<int>\d{1,3}(?:\.\d{3})+|\d+)
        (?:,(?P<frac>\d+))?$""",
    re.X,
)
_EN_DECIMAL = re.compile(r"^(?P<sign>[-+])?\s*(?P<int>\d+)\.(?P<frac>\d{1,2}|\d{4,})$")


class NumberParseError(ValueError):
    """A text that is not a number; ``str()`` is an Indonesian message."""


def parse_number(value) -> float | None:
    """Parse a cell value typed the Indonesian way into a float.

    Parameters
    ----------
    value : object
        A cell value: int/float pass through; text such as ``"1.234"``, ``"1.234,5"``,
        ``"85,5%"``, ``"Rp 3.521.689.000"``; ``None``/empty/``"-"`` mean no value.

    Returns
    -------
    float or None
        ``None`` when the cell holds no value. A trailing ``%`` is dropped, the number is the
        percentage itself (``"85,5%"`` -> ``85.5``).

    Raises
    ------
    NumberParseError
        When the text is not a number.

    Notes
    -----
    ``"1.234"`` is one thousand two hundred thirty-four (Indonesian grouping). A dot followed
    by 1, 2 or 4+ digits with no comma (``"12.5"``) cannot be grouping, so it is read as a
    decimal point, which is what a unit on an English-locale spreadsheet meant.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise NumberParseError(f"'{value}' bukan angka")
    if isinstance(value, (int, float)):
        f = float(value)
        if math.isnan(f):
            return None
        if math.isinf(f):
            raise NumberParseError("nilai tak hingga bukan angka yang sah")
        return f
    text = str(value).replace("\u00a0", " ").strip()
    if text.lower() in _EMPTY:
        return None
    t = text
    if t.lower().startswith("rp"):
        t = t[2:].lstrip(". ")
    t = t.rstrip()
    if t.endswith("%"):
        t = t[:-1].rstrip()
    t = t.replace(" ", "")
    m = _ID_NUMBER.match(t)
    if m:
        num = float(m["int"].replace(".", "") + ("." + m["frac"] if m["frac"] else ""))
        return -num if m["sign"] == "-" else num
    m = _EN_DECIMAL.match(t)
    if m:
        num = float(f"{m['int']}.{m['frac']}")
        return -num if m["sign"] == "-" else num
    raise NumberParseError(f"'{text}' bukan angka (contoh penulisan yang benar: 1.234 atau 85,5)")


def format_number(value, decimals: int = 2, *, strip_zeros: bool = True) -> str:
    """Format a number the Indonesian way: ``1234.5`` -> ``"1.234,5"``; None/NaN -> ``"-"``."""
    if value is None:
        return "-"
    try:
        f = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(f):
        return "-"
    fmt = "#,##0" + ("." + ("#" if strip_zeros else "0") * decimals if decimals > 0 else "")
    return format_decimal(round(f, decimals), format=fmt, locale=LOCALE)


def format_percent(value, decimals: int = 2) -> str:
    """``85.5`` -> ``"85,5 %"``; None/NaN -> ``"-"``."""
    s = format_number(value, decimals)
    return s if s == "-" else f"{s}%"


def format_rupiah(value) -> str:
    """``3521689000`` -> ``"Rp3.521.689.000"``."""
    s = format_number(value, 0)
    return s if s == "-" else f"Rp{s}"


def format_tanggal(d: _dt.date | _dt.datetime | None) -> str:
    """``date(2026, 11, 26)`` -> ``"26 November 2026"``."""
    if d is None:
        return "-"
    return format_date(d, format="d MMMM y", locale=LOCALE)


def format_waktu(d: _dt.datetime) -> str:
    """``datetime(2026, 11, 26, 9, 5)`` -> ``"26 November 2026 pukul 09.05"``."""
    return f"{format_tanggal(d)} pukul {d:%H.%M}"


_DATE_TEXT = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_tanggal(value) -> _dt.date | None:
    """Parse a date cell: a real date, ``"05/02/2024"`` (day first), ``"2024-02-05"``,
    or ``"5 Februari 2024"``. Returns None for an empty cell; raises ValueError (Indonesian
    message) otherwise."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    if text.lower() in _EMPTY:
        return None
    m = _DATE_TEXT.match(text)
    try:
        if m:
            return _dt.date(int(m[3]), int(m[2]), int(m[1]))
        m = _ISO.match(text)
        if m:
            return _dt.date(int(m[1]), int(m[2]), int(m[3]))
        parts = text.split()
        if len(parts) == 3:
            from .periods import NAMA_BULAN

            names = [n.lower() for n in NAMA_BULAN]
            if parts[1].lower() in names:
                return _dt.date(int(parts[2]), names.index(parts[1].lower()) + 1, int(parts[0]))
    except ValueError:
        pass
    raise ValueError(f"'{text}' bukan tanggal yang sah (contoh: 05/02/2024)")
