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

from kinerja_lib.domain.errors import NumberParseError
from kinerja_lib.domain.periods import NAMA_BULAN

LOCALE = "id_ID"

_EMPTY = {"", "-", "--", "—", "–", "n/a", "na", "nihil", "tidak ada", "kosong", "null", "none"}
_ID_NUMBER = re.compile(
    r"""^(?P<sign>[-+])?\s*
        (?P<int>\d{1,3}(?:\.\d{3})+|\d+)
        (?:,(?P<frac>\d+))?$""",
    re.X,
)
_APOSTROPHES = "'\u2018\u2019`"
"""Leading quote marks left over from "type as text" (``'1.234``) or a copy from chat apps."""
_NO_CENTS = re.compile(r"[,.]\s*-+$")
"""The rupiah "no cents" suffix: ``Rp 52.932.000,-`` or ``Rp 5.000.-``."""
_EN_DECIMAL = re.compile(r"^(?P<sign>[-+])?\s*(?P<int>\d+)\.(?P<frac>\d{1,2}|\d{4,})$")




def parse_number(value) -> float | None:
    """Parse a cell value typed the Indonesian way into a float.

    Parameters
    ----------
    value : object
        A cell value: int/float pass through; text such as ``"1.234"``, ``"1.234,5"``,
        ``"85,5%"``, ``"Rp 3.521.689.000"``, ``"Rp. 52.932.000,-"`` (the rupiah "no cents"
        suffix ``,-``) or ``"'1.234"`` (a leading apostrophe or quote mark is dropped);
        ``None``/empty/``"-"`` mean no value.

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
    t = text.lstrip(_APOSTROPHES).lstrip()
    if t.lower() in _EMPTY:
        return None
    if t.lower().startswith("rp"):
        t = t[2:].lstrip(". ")
    t = _NO_CENTS.sub("", t).rstrip()
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


_AMBIGU = re.compile(r"^(?P<sign>[-+])?(?P<int>\d{1,3})(?P<sep>[.,])(?P<grp>\d{3})$")
"""One separator followed by exactly three digits: ``22,955`` or ``3.250``."""


def bacaan_ganda(value) -> tuple[float, float] | None:
    """The two readings of a text number whose meaning depends on the convention.

    Parameters
    ----------
    value : object
        A cell value. Real numbers (int/float, what Excel stores for a numeric cell) are
        never ambiguous.

    Returns
    -------
    (float, float) or None
        ``(indonesian, english)`` when the text has one ``,`` or ``.`` followed by exactly
        three digits and no other separator, so that the Indonesian reading (``,`` decimal,
        ``.`` thousands) and the English one (``.`` decimal, ``,`` thousands) differ:
        ``"22,955"`` -> ``(22.955, 22955.0)``; ``"3.250"`` -> ``(3250.0, 3.25)``. None
        otherwise (``"1.234,5"``, ``"12,5"``, ``"1.500.000"`` have one reading only).

    Notes
    -----
    :func:`parse_number` always returns the Indonesian reading. The caller decides whether
    the other reading is plausible: for a count (``contract.SATUAN_CACAH``) a reading with a
    fraction is not, so ``"22,955"`` is ambiguous there while ``"3.250"`` (3.250 as a count,
    3,25 otherwise) is not.
    """
    if value is None or isinstance(value, (bool, int, float)):
        return None
    t = str(value).replace("\u00a0", " ").strip().lstrip(_APOSTROPHES).strip()
    if t.lower().startswith("rp"):
        t = t[2:].lstrip(". ")
    t = _NO_CENTS.sub("", t).rstrip()
    if t.endswith("%"):
        t = t[:-1].rstrip()
    m = _AMBIGU.match(t.replace(" ", ""))
    if not m:
        return None
    whole, frac = float(m["int"] + m["grp"]), float(f"{m['int']}.{m['grp']}")
    ind, eng = (frac, whole) if m["sep"] == "," else (whole, frac)
    if m["sign"] == "-":
        ind, eng = -ind, -eng
    return ind, eng


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


_DATE_TEXT = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4}|\d{2})$")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_HARI = re.compile(r"^(senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad)\b\W*", re.I)
_JAM = re.compile(r"(\s+|\s*,\s*)(pukul\s+|jam\s+)?\d{1,2}[:.]\d{2}([:.]\d{2})?"
                  r"(\s*(wib|wita|wit))?$", re.I)
_BULAN_EXTRA = {
    "pebruari": 2, "peb": 2, "nopember": 11, "nop": 11, "agust": 8, "agt": 8, "ags": 8,
    "sept": 9, "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "aug": 8, "october": 10, "oct": 10, "december": 12, "dec": 12,
}


def _bulan_kata(word: str) -> int | None:
    """Month number of a month word: Indonesian name, its first three letters, old
    spellings (``Pebruari``, ``Nopember``) or an English name; None otherwise."""
    w = word.lower().strip(".")
    for i, name in enumerate(NAMA_BULAN, start=1):
        if w in (name.lower(), name.lower()[:3]):
            return i
    return _BULAN_EXTRA.get(w)


def parse_tanggal(value) -> _dt.date | None:
    """Parse a date cell: a real date, or text such as ``"05/02/2024"`` (day first; also
    ``05-02-2024``, ``05.02.2024`` and a two-digit year ``05/02/24`` = 2024),
    ``"2024-02-05"`` or ``"2024/02/05"``, ``"5 Februari 2024"`` (also ``5 Feb 2024``,
    ``5 Pebruari 2024``, ``Februari 5, 2024``). A leading weekday (``"Senin, 5 Februari
    2024"``) and a trailing time (``"05/02/2024 09:30"``) are ignored. Returns None for an
    empty cell; raises ValueError (Indonesian message) otherwise."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    if text.lower() in _EMPTY:
        return None
    t = _JAM.sub("", _HARI.sub("", text)).strip()
    try:
        m = _DATE_TEXT.match(t)
        if m:
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return _dt.date(year, int(m[2]), int(m[1]))
        m = _ISO.match(t)
        if m:
            return _dt.date(int(m[1]), int(m[2]), int(m[3]))
        parts = t.replace(",", " ").split()
        if len(parts) == 3 and parts[2].isdigit() and len(parts[2]) == 4:
            if parts[0].isdigit() and _bulan_kata(parts[1]):
                return _dt.date(int(parts[2]), _bulan_kata(parts[1]), int(parts[0]))
            if parts[1].isdigit() and _bulan_kata(parts[0]):
                return _dt.date(int(parts[2]), _bulan_kata(parts[0]), int(parts[1]))
    except ValueError:
        pass
    raise ValueError(f"'{text}' bukan tanggal yang sah (contoh: 05/02/2024)")
