"""Contract-driven sheets of the fill-in workbooks: a header row and data rows written from a
``contract.SheetSpec`` with the form styles, cell protection, number formats and the data
validations (dropdowns, number and date checks) declared on each column.

:func:`write_form_table` writes one such sheet; :func:`column_validation` gives a column's
validation; :func:`cell_value` turns a stored value into what the form shows (enum labels,
official unit names, clean numbers). Used by :mod:`kinerja_lib.io.templates`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kinerja_lib.domain import contract as c
from kinerja_lib.io.excel import (
    FMT_ANGKA,
    FMT_RIBUAN,
    FMT_TANGGAL,
    FORM_BORDER,
    FORM_HEADER_FONT,
    HEADER_ALIGN,
    HEADER_FILL,
    INPUT_FILL,
    LOCKED,
    PREFILLED_FILL,
    UNLOCKED,
    UNUSED_FILL,
    WRAP_TOP,
    estimate_lines,
    protect,
    set_cell,
    set_widths,
)
from kinerja_lib.io.excel import formula_number as _num

COUNT_SATUAN = {
    "orang", "eksemplar", "judul", "berkas", "kegiatan", "perpustakaan", "dokumen",
    "perangkat daerah", "opd", "unit", "buku", "kali", "laporan", "desa", "sekolah",
    "arsip", "khazanah", "rp",
}
"""Satuan shown without decimals (``#,##0``); other numbers show two decimals."""


def _clean_number(v):
    """Numbers as int when integral (clean display), other values unchanged."""
    if isinstance(v, bool):
        return v
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return int(v)
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):  # numpy scalar
        return _clean_number(v.item())
    return v


def number_format_for(satuan: str | None) -> str:
    """Excel number format for a value of this satuan (``#,##0`` or ``#,##0.00``)."""
    s = c._norm(satuan or "")
    if s in COUNT_SATUAN:
        return FMT_RIBUAN
    return FMT_ANGKA


def _write_header(ws, columns: Iterable[c.Column]) -> None:
    for j, col in enumerate(columns, start=1):
        cell = set_cell(ws, 1, j, col.header)
        cell.font = FORM_HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGN
        cell.border = FORM_BORDER
        cell.protection = LOCKED
    ws.row_dimensions[1].height = 45
    ws.freeze_panes = "A2"


def _list_formula(labels: Iterable[str]) -> str:
    return '"' + ",".join(labels) + '"'


def column_validation(col: c.Column, unit_list_ref: str | None = None,
                      kode_list_ref: str | None = None) -> DataValidation | None:
    """The data validation (dropdown or number check) for a column, or None.

    Parameters
    ----------
    col : Column
    unit_list_ref : str, optional
        Range holding unit names and codes (e.g. ``Petunjuk!$F$2:$F$17``) for ``unit``
        columns; without it unit columns get no dropdown.
    kode_list_ref : str, optional
        Range of valid codes offered (as a warning-only list) for code columns.
    """
    prompt = (col.meaning or "")[:250] or None
    title = col.header[:32]
    dv = None
    if col.dtype == "enum" and col.choices:
        dv = DataValidation(type="list", formula1=_list_formula(col.choices.values()),
                            allow_blank=True)
        dv.error = "Pilih salah satu: " + ", ".join(col.choices.values())
    elif col.dtype == "unit" and unit_list_ref:
        dv = DataValidation(type="list", formula1=unit_list_ref, allow_blank=True)
        dv.error = "Pilih nama atau kode unit dari daftar (lihat lembar Petunjuk)."
    elif col.dtype == "number" and col.min is not None:
        if col.max is not None:
            dv = DataValidation(type="decimal", operator="between", formula1=_num(col.min),
                                formula2=_num(col.max), allow_blank=True)
            dv.error = f"Isi angka antara {_num(col.min)} dan {_num(col.max)}."
        else:
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual",
                                formula1=_num(col.min), allow_blank=True)
            dv.error = (f"Isi angka (tidak boleh kurang dari {_num(col.min)}); tanpa %, Rp, "
                        "spasi atau tanda '-'.")
    elif col.dtype == "int" and col.min is not None:
        dv = DataValidation(type="whole", operator="between", formula1=_num(col.min),
                            formula2=_num(col.max if col.max is not None else 10**9),
                            allow_blank=True)
        dv.error = f"Isi bilangan bulat antara {_num(col.min)} dan {_num(col.max)}."
    elif col.dtype == "date":
        dv = DataValidation(type="date", operator="greaterThanOrEqual",
                            formula1="DATE(2000,1,1)", allow_blank=True)
        dv.error = "Isi tanggal dengan format dd/mm/yyyy, mis. 05/02/2024."
    elif col.dtype == "text" and kode_list_ref:
        dv = DataValidation(type="list", formula1=kode_list_ref, allow_blank=True)
        dv.errorStyle = "warning"
        dv.error = "Kode ini tidak ada pada daftar; periksa kembali."
    if dv is None:
        return None
    dv.errorTitle = "Isian tidak sah"
    dv.showErrorMessage = True
    if prompt:
        dv.promptTitle = title
        dv.prompt = prompt
        dv.showInputMessage = True
    return dv


def _enum_label(col: c.Column, v):
    if v is None:
        return None
    if isinstance(v, bool) and col.choices and set(col.choices) == {"Ya", "Tidak"}:
        return "Ya" if v else "Tidak"
    if col.choices and v in col.choices:
        return col.choices[v]
    return v


def cell_value(col: c.Column, v):
    """What a form cell shows for a stored value: enum label, clean number (units as given:
    ``templates`` writes official unit names)."""
    if v is None:
        return None
    if col.dtype == "enum":
        return _enum_label(col, v)
    if col.dtype in ("number", "int"):
        if isinstance(v, str):
            return v  # kept as typed (the sample plants text numbers on purpose)
        return _clean_number(v)
    if col.dtype == "date":
        if isinstance(v, _dt.datetime):
            return v.date()
        return v
    return v


def write_form_table(
    ws,
    spec: c.SheetSpec,
    records: list[dict],
    *,
    unlocked_rows: int,
    bordered_rows: int,
    is_input: Callable[[c.Column, dict], bool],
    is_unused: Callable[[c.Column, dict], bool] = lambda col, rec: False,
    value_of: Callable[[c.Column, dict], object] | None = None,
    unit_list_ref: str | None = None,
    kode_refs: dict[str, str] | None = None,
    tint_input: bool = True,
    satuan_of: Callable[[dict], str | None] = lambda rec: rec.get("satuan"),
    min_height: float | None = None,
) -> None:
    """Write header + records of a sheet with styles, protection and validations.

    ``unlocked_rows`` data rows (from row 2) get validations; rows up to ``bordered_rows``
    get borders. Records fill the first rows.
    """
    cols = spec.columns
    _write_header(ws, cols)
    set_widths(ws, [col.width for col in cols])
    n_valid = max(unlocked_rows, len(records))
    last = 1 + n_valid
    for i in range(n_valid):
        r = 2 + i
        rec = records[i] if i < len(records) else None
        lines = 1
        for j, col in enumerate(cols, start=1):
            if rec is not None:
                v = value_of(col, rec) if value_of else cell_value(col, rec.get(col.name))
                if col.dtype in ("text", "unit", "enum") and v is not None:
                    lines = max(lines, estimate_lines(v, col.width))
                unused = is_unused(col, rec)
                inp = is_input(col, rec) and not unused
                # no quotePrefix on input cells: Excel would keep it and store what the unit
                # types later as text (the value is a string cell, never a formula, anyway)
                cell = set_cell(ws, r, j, v, quote_prefix=not inp)
            else:
                unused = False
                inp = is_input(col, {})
                cell = ws.cell(row=r, column=j)
            cell.protection = UNLOCKED if inp else LOCKED
            if i < max(bordered_rows, len(records)):
                _style_form_cell(cell, unused=unused, inp=inp, tint_input=tint_input)
            if col.name in ("pembilang", "penyebut"):
                cell.number_format = FMT_RIBUAN
            elif col.dtype == "number":
                cell.number_format = number_format_for(col.satuan or satuan_of(rec or {}))
            elif col.dtype == "date":
                cell.number_format = FMT_TANGGAL
        height = 15 * lines + 1 if (rec is not None and lines > 1) else None
        if min_height and i < max(bordered_rows, len(records)):
            height = max(height or 0, min_height)
        if height:
            ws.row_dimensions[r].height = height
    if n_valid:
        for j, col in enumerate(cols, start=1):
            dv = column_validation(col, unit_list_ref, (kode_refs or {}).get(col.name))
            if dv is not None:
                letter = get_column_letter(j)
                dv.add(f"{letter}2:{letter}{last}")
                ws.add_data_validation(dv)
    protect(ws)


def _style_form_cell(cell, *, unused: bool, inp: bool, tint_input: bool) -> None:
    """Grid, wrap and the fill telling what the cell is: unused, to fill in, or pre-filled."""
    cell.border = FORM_BORDER
    cell.alignment = WRAP_TOP
    if unused:
        cell.fill = UNUSED_FILL
    elif inp and tint_input:
        cell.fill = INPUT_FILL
    elif not inp:
        cell.fill = PREFILLED_FILL

