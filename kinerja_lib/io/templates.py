"""Fill-in workbooks for the office and its units, written with openpyxl from ``contract``.

Two workbooks follow the data contract (:mod:`kinerja_lib.contract`):

* the **PK workbook** (:func:`write_pk_workbook`): sheets ``Perjanjian Kinerja``,
  ``Rencana Aksi`` and ``Anggaran`` filled (or blank) by the analyst;
* the per-unit **Laporan Progres Bulanan** (:func:`write_monthly_template`): ``Identitas``,
  ``Realisasi`` and ``Anggaran`` pre-filled with the unit's indicators and kegiatan, which the
  unit completes and sends back.

Both carry a ``Petunjuk`` sheet in Bahasa Indonesia (ignored by ingest). Headers sit on row 1
(bold, filled, frozen, locked); input cells are unlocked and tinted; the sheets are protected
**without a password** (protection only prevents accidental edits of headers and pre-filled
cells). Dropdown lists and number checks come from the column declarations. Every sheet is
set up to print on landscape A4, fitted to the page width.

Cells, styles (the *form* family) and the byte-deterministic save come from
:mod:`kinerja_lib.io.excel` (:func:`excel.save_workbook`: a fixed time derived from the year in
the document properties and on every zip entry, so the same input gives the same file). The
``Petunjuk`` texts live in :mod:`kinerja_lib.io.petunjuk`; the user documentation
``docs/kontrak-data.md`` is rendered by :mod:`kinerja_lib.io.contract_doc`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from kinerja_lib.domain import contract as c
from kinerja_lib.domain.errors import UserError
from kinerja_lib.domain.numbers import format_number
from kinerja_lib.domain.organisasi import Organisasi
from kinerja_lib.domain.periods import nama_bulan
from kinerja_lib.domain.settings import Settings
from kinerja_lib.domain.text import aman
from kinerja_lib.io.excel import (
    FMT_TANGGAL,
    FORM_BOLD,
    FORM_BORDER,
    INPUT_FILL,
    LEFT_WRAP_TOP,
    LOCKED,
    PREFILLED_FILL,
    UNLOCKED,
    fixed_time,
    print_setup,
    protect,
    save_workbook,
    set_cell,
    set_widths,
)
from kinerja_lib.io.form_sheet import (
    cell_value,
    column_validation,
    number_format_for,
    write_form_table,
)
from kinerja_lib.io.ingest_pk import read_pk_light
from kinerja_lib.io.petunjuk import (
    monthly_petunjuk,
    page_header,
    pk_petunjuk,
    write_doc,
    write_unit_list,
)
from kinerja_lib.io.reader import unit_problem
from kinerja_lib.io.workbook import Issues, open_book

PK_BLANK_ROWS = 200
"""Unlocked, validated rows in a blank PK template (per sheet)."""
PK_EXTRA_ROWS = 30
"""Unlocked, validated rows after the last filled row of a filled PK workbook."""
PK_BLANK_PRINT_ROWS = 25
"""Bordered (printable) empty rows in a blank PK template."""

# --------------------------------------------------------------------------- helpers


def _records(rows) -> list[dict]:
    """Rows as a list of dicts; DataFrame NaN/NaT become None."""
    if rows is None:
        return []
    if isinstance(rows, pd.DataFrame):
        recs = rows.to_dict("records")
    else:
        recs = [dict(r) for r in rows]
    out = []
    for r in recs:
        out.append({k: (None if _is_missing(v) else v) for k, v in r.items()})
    return out


def _is_missing(v) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    try:
        return bool(pd.isna(v)) if not isinstance(v, (str, bytes, list, dict, tuple)) else False
    except (TypeError, ValueError):
        return False


def _col_letter(spec: c.SheetSpec, name: str) -> str:
    return get_column_letter([col.name for col in spec.columns].index(name) + 1)


# --------------------------------------------------------------------------- PK workbook


def _year_from_path(path: Path) -> int | None:
    m = re.search(r"(20\d\d)", Path(path).name)
    return int(m[1]) if m else None


def write_pk_workbook(path, pk_rows, ra_rows, anggaran_rows, settings: Settings, *,
                      tahun: int | None = None) -> Path:
    """Write the Perjanjian Kinerja workbook (PK, Rencana Aksi, Anggaran, Petunjuk).

    Parameters
    ----------
    path : Path
        Target file (``.xlsx``); parent folders are created.
    pk_rows, ra_rows, anggaran_rows : list of dict or DataFrame
        Rows keyed by the ``Column.name`` of ``contract.PK_SHEET``, ``RA_SHEET`` (wide:
        ``target_tw1`` .. ``target_tw4``) and ``ANGGARAN_SHEET``. Enum codes are written as
        their labels (``posisi_akhir`` -> ``posisi akhir``), unit codes as official names.
        Empty lists give a blank template.
    settings : Settings
    tahun : int, optional
        Year for the title and the fixed file timestamp; defaults to the year in the file
        name.

    Returns
    -------
    Path
    """
    path = Path(path)
    tahun = tahun or _year_from_path(path) or 2000
    pk, ra, ang = _records(pk_rows), _records(ra_rows), _records(anggaran_rows)
    pk, ang = _unit_names(pk, settings), _unit_names(ang, settings)
    blank = not (pk or ra or ang)
    wb = Workbook()
    ws_pk = wb.active
    ws_pk.title = c.PK_SHEET.name
    ws_ra = wb.create_sheet(c.RA_SHEET.name)
    ws_ang = wb.create_sheet(c.ANGGARAN_SHEET.name)
    ws_doc = wb.create_sheet(c.PETUNJUK_SHEET_NAME)
    unit_ref = write_unit_list(ws_doc, settings.organisasi)

    def n_rows(recs):
        return PK_BLANK_ROWS if blank else len(recs) + PK_EXTRA_ROWS

    bordered = PK_BLANK_PRINT_ROWS if blank else 0
    last_pk = 1 + n_rows(pk)
    last_ang = 1 + n_rows(ang)
    kode_ref = f"'{c.PK_SHEET.name}'!$A$2:$A${last_pk}"
    keg_ref = f"{c.ANGGARAN_SHEET.name}!$A$2:$A${last_ang}"
    specs = (
        (ws_pk, c.PK_SHEET, pk, {"kode_kegiatan": keg_ref}),
        (ws_ra, c.RA_SHEET, ra, {"kode": kode_ref}),
        (ws_ang, c.ANGGARAN_SHEET, ang, {}),
    )
    satuan_by_kode = {r.get("kode"): r.get("satuan") for r in pk}
    for ws, spec, recs, refs in specs:
        write_form_table(ws, spec, recs, unlocked_rows=n_rows(recs), bordered_rows=bordered,
                         is_input=lambda col, rec: True, unit_list_ref=unit_ref, kode_refs=refs,
                         tint_input=blank, min_height=22 if blank else None,
                         satuan_of=lambda rec: (rec.get("satuan")
                                                or satuan_by_kode.get(rec.get("kode"))))
        shown = len(recs) if recs else bordered
        print_setup(ws, title_rows="1:1",
                    header=page_header(settings, f"{spec.name} Tahun {tahun}"),
                    print_area=f"A1:{get_column_letter(len(spec.columns))}{1 + shown}")
    write_doc(ws_doc, pk_petunjuk(tahun, settings),
              page_header(settings, f"Petunjuk Perjanjian Kinerja {tahun}"))
    return save_workbook(wb, path, fixed_time(tahun))


# --------------------------------------------------------------------------- monthly template


@dataclass(frozen=True)
class MonthlyLayout:
    """Where things were written in a monthly workbook (for locating cells).

    Attributes
    ----------
    realisasi_rows : dict
        Indicator code -> row on the ``Realisasi`` sheet.
    anggaran_rows : dict
        Kegiatan code -> row on the ``Anggaran`` sheet.
    identitas_rows : dict
        Field name -> row on the ``Identitas`` sheet (value in column B).
    """

    realisasi_rows: dict
    anggaran_rows: dict
    identitas_rows: dict

    def cell(self, sheet: str, key: str, column: str | None = None) -> str:
        """A1 reference of a value: ``cell("Realisasi", "IK-07", "realisasi")`` -> ``"E3"``.

        For ``Identitas`` give the field name as ``key`` (column is B).
        """
        if sheet == c.IDENTITAS_SHEET.name:
            return f"B{self.identitas_rows[key]}"
        if sheet == c.REALISASI_SHEET.name:
            return f"{_col_letter(c.REALISASI_SHEET, column)}{self.realisasi_rows[key]}"
        if sheet == c.REALISASI_ANGGARAN_SHEET.name:
            return f"{_col_letter(c.REALISASI_ANGGARAN_SHEET, column)}{self.anggaran_rows[key]}"
        raise KeyError(sheet)


def _unit_names(recs: list[dict], settings: Settings) -> list[dict]:
    """Rows with their unit codes replaced by the office's official unit names."""
    org = settings.organisasi
    return [{**r, "unit": org.nama_unit(r["unit"])} if org.unit(r.get("unit")) else r
            for r in recs]


def _unit_rows(df, unit_kode: str, org: Organisasi) -> list[dict]:
    recs = _records(df)
    if recs and "unit" in recs[0]:
        recs = [r for r in recs if r.get("unit") is not None
                and (r["unit"] == unit_kode or org.resolve_unit(r["unit"]) == unit_kode)]
    return recs


def write_monthly_template(path, unit: str, tahun: int, bulan: int, indicators_df,
                           kegiatan_df, settings: Settings, values: dict | None = None
                           ) -> MonthlyLayout:
    """Write one unit's Laporan Progres Bulanan for one month.

    Parameters
    ----------
    path : Path
        Target file; parent folders are created.
    unit : str
        Unit code (or a name/alias that ``settings.resolve_unit`` knows).
    tahun, bulan : int
    indicators_df : DataFrame or list of dict
        Indicators with ``kode, indikator, satuan, agregasi`` (code or label) and, if present,
        ``unit``: then only the rows of this unit are written, in the given order.
    kegiatan_df : DataFrame or list of dict
        Kegiatan with ``kode_kegiatan, kegiatan, pagu`` and optionally ``unit`` (filtered
        the same way).
    settings : Settings
        ``kode_opd`` pre-fills Identitas; ``hari_batas_laporan`` gives the due date shown.
    values : dict, optional
        Filled-in values (used by the sample generator), keys: ``tanggal_kirim`` (date),
        ``pengisi`` (str), ``revisi_ke`` (int, *Revisi ke-* of a resubmission), ``unit``
        (text for the Identitas unit cell instead of the official
        name), ``realisasi`` ({kode: {realisasi, pembilang, penyebut, kendala, tindak_lanjut,
        bukti}}) and ``anggaran`` ({kode_kegiatan: realisasi_anggaran}). Strings are written
        as typed (text cells).

    Returns
    -------
    MonthlyLayout
        Rows of every indicator/kegiatan/field written.
    """
    org = settings.organisasi
    kode_unit = unit if org.unit(unit) else (org.resolve_unit(unit) or unit)
    nama = org.nama_unit(kode_unit)
    nama_bln = nama_bulan(bulan)
    values = values or {}
    header = page_header(settings, f"Laporan Progres Bulanan {nama} - {nama_bln} {tahun}")

    wb = Workbook()
    ws_id = wb.active
    ws_id.title = c.IDENTITAS_SHEET.name
    ws_re = wb.create_sheet(c.REALISASI_SHEET.name)
    ws_an = wb.create_sheet(c.REALISASI_ANGGARAN_SHEET.name)
    ws_doc = wb.create_sheet(c.PETUNJUK_SHEET_NAME)
    pre = {
        "opd": settings.kode_opd,
        "unit": values.get("unit", nama),
        "tahun": int(tahun),
        "bulan": int(bulan),
        "tanggal_kirim": values.get("tanggal_kirim"),
        "pengisi": values.get("pengisi"),
        "revisi_ke": values.get("revisi_ke"),
    }
    id_rows = _identitas_sheet(ws_id, pre, header)
    real_rows = _realisasi_sheet(ws_re, _unit_rows(indicators_df, kode_unit, org),
                                 values.get("realisasi", {}) or {}, header)
    ang_rows = _anggaran_sheet(ws_an, _unit_rows(kegiatan_df, kode_unit, org),
                               values.get("anggaran", {}) or {}, header)
    write_doc(ws_doc, monthly_petunjuk(kode_unit, tahun, bulan, settings),
              page_header(settings, f"Petunjuk Laporan Progres Bulanan {nama_bln} {tahun}"))
    save_workbook(wb, Path(path), fixed_time(tahun))
    return MonthlyLayout(real_rows, ang_rows, id_rows)


def _identitas_sheet(ws, pre: dict, header: str) -> dict:
    """Identitas: label in A, value in B, from row 1. Returns field name -> row."""
    set_widths(ws, (22, 46))
    id_rows = {}
    for r, col in enumerate(c.IDENTITAS_SHEET.fields, start=1):
        id_rows[col.name] = r
        a = set_cell(ws, r, 1, col.header)
        a.font = FORM_BOLD
        a.fill = PREFILLED_FILL
        a.border = FORM_BORDER
        a.protection = LOCKED
        b = set_cell(ws, r, 2, cell_value(col, pre.get(col.name)), quote_prefix=not col.input)
        b.border = FORM_BORDER
        b.alignment = LEFT_WRAP_TOP
        b.protection = UNLOCKED if col.input else LOCKED
        b.fill = INPUT_FILL if col.input else PREFILLED_FILL
        if col.dtype == "date":
            b.number_format = FMT_TANGGAL
        dv = column_validation(col)
        if dv is not None and col.input:
            dv.add(f"B{r}")
            ws.add_data_validation(dv)
    protect(ws)
    print_setup(ws, title_rows=None, header=header,
                print_area=f"A1:B{len(c.IDENTITAS_SHEET.fields)}")
    return id_rows


def _realisasi_sheet(ws, ind: list[dict], vreal: dict, header: str) -> dict:
    """Realisasi: one row per indicator of the unit. Returns indicator code -> row."""
    rows = []
    for rec in ind:
        agr = c.parse_enum(rec.get("agregasi"), c.AGREGASI_LABEL) or rec.get("agregasi")
        row = {"kode": rec.get("kode"), "indikator": rec.get("indikator"),
               "satuan": rec.get("satuan"), "agregasi": c.AGREGASI_LABEL.get(agr, agr),
               "_agr": agr}
        row.update(vreal.get(rec.get("kode"), {}) or {})
        rows.append(row)
    write_form_table(
        ws, c.REALISASI_SHEET, rows, unlocked_rows=0, bordered_rows=0,
        is_input=lambda col, rec: col.input,
        is_unused=lambda col, rec: col.name in ("pembilang", "penyebut")
        and rec.get("_agr") != "rasio",
        min_height=None if vreal else 30,
    )
    ws.freeze_panes = "C2"
    print_setup(ws, title_rows="1:1", header=header,
                print_area=f"A1:{get_column_letter(len(c.REALISASI_SHEET.columns))}"
                f"{1 + len(rows)}")
    return {r["kode"]: i for i, r in enumerate(rows, start=2)}


def _anggaran_sheet(ws, keg: list[dict], vang: dict, header: str) -> dict:
    """Anggaran: one row per kegiatan of the unit. Returns kegiatan code -> row."""
    arows = []
    for rec in keg:
        row = {k: rec.get(k) for k in ("kode_kegiatan", "kegiatan", "pagu")}
        row["realisasi_anggaran"] = vang.get(rec.get("kode_kegiatan"))
        row["satuan"] = "Rp"
        arows.append(row)
    write_form_table(ws, c.REALISASI_ANGGARAN_SHEET, arows, unlocked_rows=0, bordered_rows=0,
                     is_input=lambda col, rec: col.input, min_height=None if vang else 30)
    print_setup(ws, title_rows="1:1", header=header, print_area=f"A1:D{1 + len(arows)}")
    return {r["kode_kegiatan"]: i for i, r in enumerate(arows, start=2)}


# --------------------------------------------------------------------------- CLI


def check_input_limits(path: Path, settings: Settings) -> None:
    """Apply the input limits (``settings.batas_*``) to a workbook before a lenient read.

    The same checks as ``kinerja validasi`` (:func:`workbook.open_book`: file size, ZIP
    directory, streamed sheet extent, cell length): a PK workbook over a limit is refused
    with the Indonesian message of the ``batas_berkas`` rule instead of being parsed.

    Raises
    ------
    UserError
    """
    path = Path(path)
    limit = settings.batas_ukuran_berkas_mb
    size = path.stat().st_size
    if size > limit * 1024 * 1024:  # refused before the bytes are read
        raise UserError(f"Templat tidak dibuat dari {aman(path)}: berkas berukuran "
                        f"{format_number(size / 1024 / 1024, 1)} MB, melebihi batas {limit} MB "
                        "(pengaturan batas_ukuran_berkas_mb); berkas tidak dibaca.")
    issues = Issues()
    if open_book(path.read_bytes(), path.name, issues, settings) is None:
        pesan = next((r["pesan"] for r in issues.rows if r["tingkat"] == "error"),
                     "berkas tidak dapat dibaca")
        raise UserError(f"Templat tidak dibuat dari {aman(path)}: {pesan}")


def write_templates(paths, settings: Settings, tahun: int, bulan: Iterable[int] | None = None,
                    units: Iterable[str] | None = None, out_dir: Path | None = None
                    ) -> list[Path]:
    """Write the monthly templates of a year (and a blank PK template) from its PK workbook.

    Returns the written paths (blank PK template first).
    """
    pk_path = paths.pk_workbook(tahun)
    out = Path(out_dir) if out_dir else paths.templates_out / str(tahun)
    org = settings.organisasi
    if units:
        kodes = []
        for u in units:
            k = org.resolve_unit(u)
            if k is None:
                raise UserError(unit_problem(u, org, "pada --unit")[1])
            kodes.append(k)
    else:
        kodes = list(org.kodes)
    blank = write_pk_workbook(out / f"perjanjian_kinerja_{tahun}_templat.xlsx", [], [], [],
                              settings, tahun=tahun)
    if not pk_path.exists():
        # Without a PK there are no indicators to pre-fill: only the blank PK form is written.
        return [blank]
    months = sorted(set(bulan)) if bulan else list(range(1, 13))
    for b in months:
        if not 1 <= int(b) <= 12:
            raise UserError(f"Bulan {b} tidak sah (harus 1-12).")
    check_input_limits(pk_path, settings)
    ind, keg = read_pk_light(pk_path, org)
    if not units:  # a unit without indicators in the PK has nothing to report
        owners = set(ind["unit"].dropna())
        kodes = [k for k in kodes if k in owners]
    written = [blank]
    for k in kodes:
        for b in months:
            p = out / c.bulanan_filename(k, tahun, b)
            write_monthly_template(p, k, tahun, b, ind, keg, settings)
            written.append(p)
    return written




__all__ = [
    "write_pk_workbook", "write_monthly_template", "MonthlyLayout",
    "column_validation", "number_format_for", "read_pk_light", "write_templates",
]
