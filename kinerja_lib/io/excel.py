"""The one Excel writer: styles, injection-safe cells, tables, page setup and deterministic,
atomic saves. Every workbook the product writes (fill-in templates and the sample, the recap,
the per-unit request sheets) goes through this module.

Styles. Each style is defined once here. Two families differ on purpose, by role, and must
stay apart so the written workbooks stay byte-identical:

* **form** styles (``FORM_*``): the fill-in workbooks units complete (templates, sample). A
  darker grey grid (``808080``) that stays visible on the tinted input cells and on print,
  fonts with an explicit size 11;
* **table** styles (``TABLE_*``): the output workbooks people read (recap, request sheets). A
  lighter grey grid (``A6A6A6``) over plain white cells, fonts without an explicit size (the
  workbook default, Calibri 11).

Formula-injection safety (:func:`set_cell`): submitted text is untrusted. Any text cell is
written as a string cell (``data_type = "s"``), never a formula, and text that starts with
``=``, ``+``, ``-``, ``@``, tab or carriage return additionally gets Excel's *quotePrefix*
style -- exactly what Excel stores when a person types a leading apostrophe -- so it stays
text even when someone edits the cell. The text itself is left unchanged (a literal
apostrophe would be visible and alter the data). Characters that XML cannot hold are removed.

Determinism (:func:`save_workbook`): document properties and every zip entry carry a fixed
timestamp (:func:`fixed_time` of the data's year), so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as _dt
import io
import math
import zipfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.xml.functions import tostring

from kinerja_lib.io.store import atomic_write_bytes

# --------------------------------------------------------------------------- number formats

FMT_ANGKA = "#,##0.00"
"""Numbers with two decimals (Indonesian Excel shows ``1.234,50``)."""
FMT_RIBUAN = "#,##0"
"""Whole numbers with a thousands separator (counts, rupiah, pembilang/penyebut)."""
FMT_RUPIAH = FMT_RIBUAN
FMT_BULAT = "0"
FMT_TANGGAL = "DD/MM/YYYY"

# --------------------------------------------------------------------------- styles

BIRU_TUA = "1F4E78"
"""Dark blue of header fills and titles."""

HEADER_FILL = PatternFill("solid", fgColor=BIRU_TUA)
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
LEFT_WRAP_TOP = Alignment(horizontal="left", vertical="top", wrap_text=True)
NO_WRAP = Alignment(wrap_text=False)

# Form styles: fill-in workbooks (templates, sample). Darker grey grid, explicit size 11.
_FORM_SIDE = Side(style="thin", color="808080")
FORM_BORDER = Border(left=_FORM_SIDE, right=_FORM_SIDE, top=_FORM_SIDE, bottom=_FORM_SIDE)
"""Mid-grey grid of fill-in forms: visible on tinted input cells and on paper."""
FORM_HEADER_FONT = Font(name="Calibri", size=11, bold=True, color="FFFFFF")
FORM_BOLD = Font(name="Calibri", size=11, bold=True)
FORM_TITLE_FONT = Font(name="Calibri", bold=True, size=14, color=BIRU_TUA)
FORM_HEADING_FONT = Font(name="Calibri", bold=True, size=12)
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
"""Light yellow: cells the unit fills in."""
UNUSED_FILL = PatternFill("solid", fgColor="BFBFBF")
"""Grey: cells not used for this row (pembilang/penyebut of non-rasio indicators)."""
PREFILLED_FILL = PatternFill("solid", fgColor="F2F2F2")
"""Very light grey: pre-filled, locked cells."""
SECTION_FILL = PatternFill("solid", fgColor="DDEBF7")
"""Light blue band of a section heading on a Petunjuk sheet."""
LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)

# Table styles: output workbooks people read (recap, request sheets). Lighter grey grid,
# fonts at the workbook's default size.
_TABLE_SIDE = Side(style="thin", color="A6A6A6")
TABLE_BORDER = Border(left=_TABLE_SIDE, right=_TABLE_SIDE, top=_TABLE_SIDE, bottom=_TABLE_SIDE)
"""Light-grey grid of output tables: quiet lines around white cells."""
TABLE_HEADER_FONT = Font(name="Calibri", bold=True, color="FFFFFF")
TABLE_BOLD = Font(name="Calibri", bold=True)
TABLE_TITLE_FONT = Font(name="Calibri", bold=True, size=14)
"""Title of a request sheet."""
TABLE_NOTE_TITLE_FONT = Font(name="Calibri", bold=True, size=13)
"""Title line of the recap's Keterangan sheet."""

# --------------------------------------------------------------------------- cells

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make spreadsheet software treat text as a formula (OWASP)."""

KIND_FORMAT = {"angka": FMT_ANGKA, "rupiah": FMT_RUPIAH, "bulat": FMT_BULAT,
               "tanggal": FMT_TANGGAL, "teks": None}
"""Number format of each column kind of :func:`write_table`."""


def _plain(value):
    """Convert pandas/numpy scalars to what openpyxl writes; NaN/NaT/None -> None."""
    if value is None:
        return None
    if isinstance(value, (pd.Timestamp, _dt.datetime)):
        if pd.isna(value):
            return None
        return value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
    if value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def set_cell(ws, row: int, col: int, value, number_format: str | None = None, *,
             quote_prefix: bool = True):
    """Write one value safely: text can never become a formula (see module docstring).

    Parameters
    ----------
    ws : Worksheet
    row, col : int
    value
        Any scalar; pandas/numpy values are converted, NaN/NaT give an empty cell, booleans
        are written ``Ya``/``Tidak``.
    number_format : str, optional
        Applied to a non-empty, non-text value.
    quote_prefix : bool
        Give text starting with a formula trigger Excel's quotePrefix. Fill-in forms pass
        False for input cells: Excel keeps quotePrefix on the cell, so a number the unit
        later types there would be stored as text. The value is a string cell either way.

    Returns
    -------
    Cell
    """
    value = _plain(value)
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = text
        cell.data_type = "s"
        if quote_prefix and text.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    elif isinstance(value, bool):
        cell.value = "Ya" if value else "Tidak"
    else:
        cell.value = value
        if number_format and value is not None:
            cell.number_format = number_format
    return cell


def formula_number(v) -> str:
    """A bound as text for a validation formula or the docs: ``5`` not ``5.0``; None -> ""."""
    if v is None:
        return ""
    f = float(v)
    return str(int(f)) if f.is_integer() else repr(f)


def set_widths(ws, widths: Iterable[float]) -> None:
    """Set the widths of columns A, B, ... in order."""
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def fit_landscape(ws) -> None:
    """Print landscape, fitted to the page width (any number of pages down)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def print_setup(ws, *, title_rows: str | None, header: str, print_area: str | None) -> None:
    """Landscape A4, fitted to page width, repeating header rows, page numbers."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.7, bottom=0.6, header=0.3,
                                  footer=0.3)
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows
    if print_area:
        ws.print_area = print_area
    ws.oddHeader.left.text = header.replace("&", "&&")
    ws.oddHeader.left.size = 9
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.left.size = 8
    ws.oddFooter.right.text = "Halaman &P dari &N"
    ws.oddFooter.right.size = 8


def protect(ws) -> None:
    """Protect the sheet without a password; columns/rows may still be resized."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False


_NARROW = set("iljtfrI.,;:'!|()[] -/")
_WIDE = set("mwMW@%")


def _text_width(word: str) -> float:
    """Approximate printed width of a word in 'average characters' (proportional font)."""
    w = 0.0
    for ch in word:
        if ch in _NARROW:
            w += 0.6
        elif ch in _WIDE:
            w += 1.4
        elif ch.isupper() or ch.isdigit():
            w += 1.15
        else:
            w += 1.1
    return w


def estimate_lines(text, width: float) -> int:
    """Lines a wrapped text needs in a column of ``width`` characters (greedy word wrap on
    approximate glyph widths, slightly pessimistic so rows are not cut)."""
    if text is None:
        return 1
    cap = max(width * 1.1, 4.0)
    total = 0
    for para in str(text).split("\n"):
        lines, cur = 1, 0.0
        for word in para.split():
            n = _text_width(word)
            if cur == 0:
                cur = n
            elif cur + 0.6 + n <= cap:
                cur += 0.6 + n
            else:
                lines += 1
                cur = n
            while cur > cap:
                lines += 1
                cur -= cap
        total += lines
    return max(total, 1)


# --------------------------------------------------------------------------- tables


def _write_table_header(ws, spec: list[tuple], start_row: int) -> None:
    for j, (_, header, _, width) in enumerate(spec, start=1):
        cell = set_cell(ws, start_row, j, header)
        cell.font = TABLE_HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGN
        cell.border = TABLE_BORDER
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.row_dimensions[start_row].height = 32


def write_table(ws, df: pd.DataFrame, spec: list[tuple], *, freeze_cols: int = 0,
                start_row: int = 1, decorate: bool = True) -> None:
    """Write ``df`` as a formatted output table (table styles, injection-safe cells).

    Parameters
    ----------
    ws : Worksheet
    df : DataFrame
    spec : list of (column, header, kind, width)
        ``kind`` is a key of :data:`KIND_FORMAT`.
    freeze_cols : int
        Columns kept visible when scrolling right.
    start_row : int
        Row of the header.
    decorate : bool
        Freeze panes, filter buttons, print titles and landscape fit-to-width page setup
        (for a sheet that holds just this table).
    """
    _write_table_header(ws, spec, start_row)
    cols = [s[0] for s in spec]
    values = df[cols].itertuples(index=False, name=None) if len(df) else []
    for i, row in enumerate(values, start=start_row + 1):
        lines = 1
        for j, (value, (_, _, kind, width)) in enumerate(zip(row, spec, strict=True), start=1):
            cell = set_cell(ws, i, j, value, KIND_FORMAT[kind])
            cell.border = TABLE_BORDER
            if kind == "teks":
                cell.alignment = WRAP_TOP
                if isinstance(value, str):
                    lines = max(lines, math.ceil(len(value) * 1.1 / max(width, 1)))
        if lines > 1:  # readers do not re-fit wrapped rows written by openpyxl
            ws.row_dimensions[i].height = 15 * min(lines, 12)
    if not decorate:
        return
    ws.freeze_panes = ws.cell(row=start_row + 1, column=freeze_cols + 1).coordinate
    last = get_column_letter(len(spec))
    ws.auto_filter.ref = f"A{start_row}:{last}{max(start_row + len(df), start_row)}"
    ws.print_title_rows = f"{start_row}:{start_row}"
    fit_landscape(ws)


# --------------------------------------------------------------------------- saving

def fixed_time(tahun: int) -> _dt.datetime:
    """The timestamp stamped into workbooks of a year (1 January, midnight)."""
    return _dt.datetime(int(tahun), 1, 1)


def _normalise_zip(data: bytes, stamp: _dt.datetime, replace: dict | None = None) -> bytes:
    """Re-pack an xlsx zip with a fixed timestamp on every entry (byte-deterministic).

    ``replace`` maps entry names to new contents (used for ``docProps/core.xml``, whose
    modified time openpyxl sets to the clock when saving).
    """
    replace = replace or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            zi.create_system = 0
            body = replace.get(info.filename)
            dst.writestr(zi, body if body is not None else src.read(info.filename))
    return out.getvalue()


def save_workbook(wb: Workbook, path: Path, stamp: _dt.datetime) -> Path:
    """Save ``wb`` to ``path`` deterministically and atomically.

    Parameters
    ----------
    wb : Workbook
    path : Path
    stamp : datetime
        Written as the created/modified time of the document and of every zip entry.

    Returns
    -------
    Path
    """
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = "kinerja"
    wb.properties.lastModifiedBy = "kinerja"
    buf = io.BytesIO()
    wb.save(buf)  # openpyxl stamps properties.modified with the clock here
    wb.properties.modified = stamp
    core = tostring(wb.properties.to_tree())
    path = Path(path)
    atomic_write_bytes(path, _normalise_zip(buf.getvalue(), stamp, {"docProps/core.xml": core}))
    return path
