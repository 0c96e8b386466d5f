"""Indonesian-formatted display tables for the reports.

:func:`format_table` turns an engine table into a frame of display strings (Indonesian
headers, ``1.234,5`` numbers, ``85,5%`` percentages, ``Rp3.521.689.000`` amounts);
:func:`to_html` renders such a frame as an escaped HTML table. Text typed by units into their
workbooks (indicator names, kendala, tindak lanjut) is never trusted as HTML: a ``<script>``
typed into a workbook shows as the text ``<script>``.
"""

from __future__ import annotations

import datetime as _dt
import html
import math
import re
from collections.abc import Callable, Mapping

import pandas as pd

from kinerja_lib.domain.numbers import format_number, format_percent, format_rupiah, format_tanggal

#: CSS class of every report table (styled by the report's print CSS).
CSS_CLASS = "tabel-kinerja"

#: Extra CSS class of tables with more than :data:`KOLOM_LEBAR` columns: the report's print
#: CSS sets them in a smaller font so they fit the width of an A4 page.
CSS_CLASS_LEBAR = "tabel-lebar"
KOLOM_LEBAR = 10

#: Format kinds accepted by :func:`format_table`.
FORMATS = ("angka", "bulat", "persen", "rupiah", "tanggal", "ya_tidak", "teks", "tahun")

_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character


def escape_md(value) -> str:
    """Text from the data (workbooks, settings, reviewers) made inert inside Markdown.

    Whitespace (newlines included) is collapsed, so the text cannot start a heading, list or
    paragraph; every ASCII punctuation character is backslash-escaped (CommonMark), so
    ``**x**``, ``[a](javascript:...)`` and ``<img onerror=...>`` show as typed instead of
    becoming bold text, a link or an HTML element.
    """
    text = "-" if _is_missing(value) else " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def _is_missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(pd.isna(value)) if not isinstance(value, (list, tuple, dict)) else False
    except (TypeError, ValueError):
        return False


def _teks(value) -> str:
    return "-" if _is_missing(value) else " ".join(str(value).split()) or "-"


def _tanggal(value) -> str:
    if _is_missing(value):
        return "-"
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, (_dt.date, _dt.datetime)):
        return format_tanggal(value)
    return str(value)


def _tahun(value) -> str:
    """A year as ``2026`` (never ``2.026``); text that is not a whole number is kept."""
    if _is_missing(value):
        return "-"
    try:
        f = float(value)
    except (TypeError, ValueError):
        return _teks(value)
    return str(int(f)) if f.is_integer() else _teks(value)


def _ya_tidak(value) -> str:
    if _is_missing(value):
        return "-"
    return "Ya" if bool(value) else "Tidak"


def formatter(kind: str | Callable, decimals: int = 2) -> Callable[[object], str]:
    """Return the cell formatter for a format kind.

    Parameters
    ----------
    kind : str or callable
        One of :data:`FORMATS` (``angka`` number with up to ``decimals`` decimals, ``bulat``
        integer, ``persen`` percentage, ``rupiah`` amount, ``tanggal`` date, ``ya_tidak``
        boolean, ``teks`` text, ``tahun`` a year without thousands separator) or a callable
        ``value -> str`` used as is.
    decimals : int
        Decimals for ``angka`` and ``persen``.
    """
    if callable(kind):
        return kind
    if kind == "angka":
        return lambda v: format_number(v, decimals)
    if kind == "bulat":
        return lambda v: format_number(v, 0)
    if kind == "persen":
        return lambda v: format_percent(v, decimals)
    if kind == "rupiah":
        return format_rupiah
    if kind == "tanggal":
        return _tanggal
    if kind == "ya_tidak":
        return _ya_tidak
    if kind == "teks":
        return _teks
    if kind == "tahun":
        return _tahun
    raise ValueError(f"unknown format kind {kind!r}; use one of {FORMATS}")


def format_table(
    df: pd.DataFrame,
    columns: Mapping[str, str],
    formats: Mapping[str, str | Callable] | None = None,
    decimals: int = 2,
) -> pd.DataFrame:
    """Select, rename and format columns for display.

    Parameters
    ----------
    df : DataFrame
        Source table (engine output or canonical frame).
    columns : mapping
        Source column -> Indonesian header, in display order. A source column missing from
        ``df`` is shown as ``-`` (so a report never fails on a missing optional column).
    formats : mapping, optional
        Source column -> format kind (see :func:`formatter`). Without a format, float
        columns are ``angka``, bool columns ``ya_tidak`` and everything else (integers
        included: years, months, codes) ``teks``.
    decimals : int
        Decimals for ``angka``/``persen``.

    Returns
    -------
    DataFrame
        Only strings; index reset; columns are the Indonesian headers.
    """
    formats = dict(formats or {})
    out = {}
    for src, header in columns.items():
        if src not in df.columns:
            out[header] = ["-"] * len(df)
            continue
        kind = formats.get(src)
        if kind is None:
            if pd.api.types.is_bool_dtype(df[src]):
                kind = "ya_tidak"
            elif pd.api.types.is_float_dtype(df[src]):
                kind = "angka"
            else:  # integers are codes or years here (tahun 2024, not 2.024)
                kind = "teks"
        fmt = formatter(kind, decimals)
        out[header] = [fmt(v) for v in df[src].tolist()]
    return pd.DataFrame(out, index=range(len(df)), columns=list(columns.values()), dtype=object)


def _align_right(body: str, positions: set[int]) -> str:
    """Add ``style="text-align:right"`` to the header and cells of the columns at
    ``positions`` (0-based) of a table rendered by :func:`to_html`."""
    def row(m: re.Match) -> str:
        cells = re.split(r"(<t[hd](?=[ >]))", m.group(0))
        out, n = [cells[0]], -1
        for i in range(1, len(cells), 2):
            n += 1
            tag = cells[i]
            out.append(tag + (' style="text-align:right"' if n in positions else "")
                       + cells[i + 1])
        return "".join(out)
    return re.sub(r"<tr[ >].*?</tr>", row, body, flags=re.S)


def to_html(df: pd.DataFrame, css_class: str = CSS_CLASS, caption: str | None = None,
            index: bool = False, kanan=()) -> str:
    """Render a display table as escaped HTML.

    Parameters
    ----------
    df : DataFrame
        Usually the output of :func:`format_table`.
    css_class : str
        Extra CSS class(es) of the ``<table>``.
    caption : str, optional
        Table caption (escaped).
    index : bool
        Show the frame's index.
    kanan : sequence of str
        Headers of the columns to align right (amounts, so their digits line up).

    Returns
    -------
    str
        ``<table class="dataframe tabel-kinerja">...``; every cell and header is escaped.
        A table with more than :data:`KOLOM_LEBAR` columns also gets the class
        :data:`CSS_CLASS_LEBAR` (smaller print font).
    """
    if df is not None and len(df.columns) + (1 if index else 0) > KOLOM_LEBAR:
        css_class = f"{css_class} {CSS_CLASS_LEBAR}"
    if df is None or df.empty:
        cols = list(df.columns) if df is not None else []
        body = (
            f'<table class="dataframe {html.escape(css_class)}"><thead><tr>'
            + "".join(f"<th>{html.escape(str(c))}</th>" for c in cols)
            + "</tr></thead><tbody><tr><td colspan=\"" + str(max(1, len(cols)))
            + '" class="kosong">Tidak ada data</td></tr></tbody></table>'
        )
    else:
        body = df.to_html(escape=True, index=index, classes=css_class, border=0,
                          na_rep="-", justify="left")
    pos = {list(df.columns).index(c) + (1 if index else 0) for c in kanan
           if df is not None and c in df.columns}
    if pos and df is not None and not df.empty:
        body = _align_right(body, pos)
    if caption:
        body = body.replace(
            ">", f"><caption>{html.escape(caption)}</caption>", 1
        ) if body.startswith("<table") else body
    return body


def display_table(df: pd.DataFrame, columns: Mapping[str, str] | None = None,
                  formats: Mapping[str, str | Callable] | None = None,
                  caption: str | None = None):
    """Format (when ``columns`` is given) and return an ``IPython.display.HTML`` table."""
    from IPython.display import HTML

    shown = format_table(df, columns, formats) if columns is not None else df
    return HTML(to_html(shown, caption=caption))


__all__ = ["format_table", "to_html", "display_table", "formatter", "escape_md", "CSS_CLASS",
           "CSS_CLASS_LEBAR", "KOLOM_LEBAR", "FORMATS"]
