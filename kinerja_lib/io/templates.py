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

Files are byte-deterministic: document properties carry a fixed time derived from the year and
the zip entries a fixed timestamp (:func:`save_workbook`), so the same input gives the same
file. :func:`contract_markdown` renders the user documentation ``docs/kontrak-data.md`` from
the contract.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

from kinerja_lib.domain import contract as c
from kinerja_lib.domain.errors import NumberParseError, UserError
from kinerja_lib.domain.numbers import format_tanggal, parse_number
from kinerja_lib.domain.periods import NAMA_BULAN, due_date, nama_bulan
from kinerja_lib.domain.settings import Settings
from kinerja_lib.io.excel import fixed_time, save_workbook
from kinerja_lib.io.paths import default_root

# --------------------------------------------------------------------------- styles

_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(name="Calibri", size=11, bold=True, color="FFFFFF")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
"""Light yellow: cells the unit fills in."""
UNUSED_FILL = PatternFill("solid", fgColor="BFBFBF")
"""Grey: cells not used for this row (pembilang/penyebut of non-rasio indicators)."""
PREFILLED_FILL = PatternFill("solid", fgColor="F2F2F2")
"""Very light grey: pre-filled, locked cells."""
SECTION_FILL = PatternFill("solid", fgColor="DDEBF7")
LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")

PK_BLANK_ROWS = 200
"""Unlocked, validated rows in a blank PK template (per sheet)."""
PK_EXTRA_ROWS = 30
"""Unlocked, validated rows after the last filled row of a filled PK workbook."""
PK_BLANK_PRINT_ROWS = 25
"""Bordered (printable) empty rows in a blank PK template."""

COUNT_SATUAN = {
    "orang", "eksemplar", "judul", "berkas", "kegiatan", "perpustakaan", "dokumen",
    "perangkat daerah", "opd", "unit", "buku", "kali", "laporan", "desa", "sekolah",
    "arsip", "khazanah", "rp",
}
"""Satuan shown without decimals (``#,##0``); other numbers show two decimals."""

TIPE_LABEL = {
    "text": "teks",
    "number": "angka",
    "int": "bilangan bulat",
    "date": "tanggal (dd/mm/yyyy)",
    "enum": "pilihan",
    "unit": "unit (kode, nama atau alias)",
}
"""Indonesian names of the column types, for the Petunjuk sheet and the docs."""


# --------------------------------------------------------------------------- saving








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
        return "#,##0"
    return "#,##0.00"


def _col_letter(spec: c.SheetSpec, name: str) -> str:
    return get_column_letter([col.name for col in spec.columns].index(name) + 1)


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


def _estimate_lines(text, width: float) -> int:
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


def _set_widths(ws, widths: Iterable[float]) -> None:
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _print_setup(ws, *, title_rows: str | None, header: str, print_area: str | None) -> None:
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


def _protect(ws) -> None:
    """Protect the sheet without a password; columns/rows may still be resized."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False


def _write_header(ws, columns: Iterable[c.Column]) -> None:
    for j, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=j, value=col.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGN
        cell.border = BORDER
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


def _num(v) -> str:
    if v is None:
        return ""
    f = float(v)
    return str(int(f)) if f.is_integer() else repr(f)


def _enum_label(col: c.Column, v):
    if v is None:
        return None
    if isinstance(v, bool) and col.choices and set(col.choices) == {"Ya", "Tidak"}:
        return "Ya" if v else "Tidak"
    if col.choices and v in col.choices:
        return col.choices[v]
    return v


def _cell_value(col: c.Column, v):
    if v is None:
        return None
    if col.dtype == "enum":
        return _enum_label(col, v)
    if col.dtype == "unit":
        return c.nama_unit(v) if v in c.UNIT_BY_KODE else v
    if col.dtype in ("number", "int"):
        if isinstance(v, str):
            return v  # kept as typed (the sample plants text numbers on purpose)
        return _clean_number(v)
    if col.dtype == "date":
        if isinstance(v, _dt.datetime):
            return v.date()
        return v
    return v


# --------------------------------------------------------------------------- table writer


def _write_table(
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
    _set_widths(ws, [col.width for col in cols])
    n_valid = max(unlocked_rows, len(records))
    last = 1 + n_valid
    for i in range(n_valid):
        r = 2 + i
        rec = records[i] if i < len(records) else None
        lines = 1
        for j, col in enumerate(cols, start=1):
            cell = ws.cell(row=r, column=j)
            if rec is not None:
                v = value_of(col, rec) if value_of else _cell_value(col, rec.get(col.name))
                if v is not None:
                    cell.value = v
                if col.dtype in ("text", "unit", "enum") and v is not None:
                    lines = max(lines, _estimate_lines(v, col.width))
                unused = is_unused(col, rec)
                inp = is_input(col, rec) and not unused
            else:
                unused = False
                inp = is_input(col, {})
            cell.protection = UNLOCKED if inp else LOCKED
            if i < max(bordered_rows, len(records)):
                cell.border = BORDER
                cell.alignment = WRAP_TOP
                if unused:
                    cell.fill = UNUSED_FILL
                elif inp and tint_input:
                    cell.fill = INPUT_FILL
                elif not inp:
                    cell.fill = PREFILLED_FILL
            if col.name in ("pembilang", "penyebut"):
                cell.number_format = "#,##0"
            elif col.dtype == "number":
                cell.number_format = number_format_for(col.satuan or satuan_of(rec or {}))
            elif col.dtype == "date":
                cell.number_format = "DD/MM/YYYY"
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
    _protect(ws)


# --------------------------------------------------------------------------- Petunjuk


@dataclass
class _Doc:
    """Rows of a Petunjuk sheet: (kind, cells)."""

    rows: list[tuple[str, tuple]] = field(default_factory=list)

    def title(self, text):
        self.rows.append(("title", (text,)))

    def heading(self, text):
        self.rows.append(("blank", ()))
        self.rows.append(("heading", (text,)))

    def text(self, label, text="", extra=""):
        self.rows.append(("text", (label, text, extra)))

    def table_header(self, *cells):
        self.rows.append(("thead", cells))

    def table_row(self, *cells):
        self.rows.append(("trow", cells))


PETUNJUK_WIDTHS = (30, 82, 30)
UNIT_LIST_COL = 6  # column F of the Petunjuk sheet holds the unit dropdown list


def _write_doc(ws, doc: _Doc, header: str) -> None:
    _set_widths(ws, PETUNJUK_WIDTHS)
    r = 0
    for kind, cells in doc.rows:
        r += 1
        if kind == "blank":
            continue
        if kind == "title":
            cell = ws.cell(row=r, column=1, value=cells[0])
            cell.font = Font(name="Calibri", bold=True, size=14, color="1F4E78")
            ws.row_dimensions[r].height = 22
            continue
        if kind == "heading":
            for j in range(1, 4):
                ws.cell(row=r, column=j).fill = SECTION_FILL
            ws.cell(row=r, column=1, value=cells[0]).font = Font(name="Calibri", bold=True, size=12)
            continue
        lines = 1
        for j, v in enumerate(cells, start=1):
            if v in (None, ""):
                continue
            cell = ws.cell(row=r, column=j, value=v)
            cell.alignment = WRAP_TOP
            lines = max(lines, _estimate_lines(v, PETUNJUK_WIDTHS[j - 1]))
            if kind == "thead":
                cell.font = Font(name="Calibri", size=11, bold=True)
                cell.fill = PREFILLED_FILL
            if kind in ("thead", "trow"):
                cell.border = BORDER
            if kind == "text" and j == 1:
                cell.font = Font(name="Calibri", size=11, bold=True)
        if kind in ("thead", "trow"):
            for j in range(len(cells) + 1, 4):
                ws.cell(row=r, column=j).border = BORDER
        if lines > 1:
            ws.row_dimensions[r].height = 15 * lines + 1
    _print_setup(ws, title_rows=None, header=header, print_area=f"A1:C{max(r, 1)}")
    ws.sheet_view.showGridLines = False
    _protect(ws)


def _doc_columns(doc: _Doc, spec: c.SheetSpec, unlocked_note: bool) -> None:
    doc.table_header("Judul kolom", "Isi", "Tipe / wajib")
    for col in spec.columns:
        tipe = TIPE_LABEL.get(col.dtype, col.dtype)
        if col.choices:
            tipe += ": " + " / ".join(col.choices.values())
        wajib = "wajib" if col.required else "boleh kosong"
        if unlocked_note and not col.input:
            wajib = "sudah terisi, terkunci"
        doc.table_row(col.header, col.meaning, f"{tipe}; {wajib}")


def _doc_angka(doc: _Doc) -> None:
    doc.heading("Cara menulis angka")
    doc.text("Ketik sebagai angka", "Ketik angkanya saja, tanpa %, Rp, spasi, atau satuan. "
             "Pada Excel berbahasa Indonesia desimal memakai koma dan ribuan memakai titik "
             "(1.234,5); Excel menampilkannya sendiri, jangan mengetik titik ribuan.")
    doc.text("Persen", "Untuk satuan %, ketik 85,5 (bukan 0,855 dan bukan 85,5%).")
    doc.text("Nihil dan kosong", "Bila tidak ada capaian bulan ini, ketik 0. Sel kosong atau "
             "tanda '-' berarti belum melapor untuk indikator itu.")
    doc.text("Tanggal", "Tulis tanggal sebagai dd/mm/yyyy, mis. 05/02/2024.")


def _doc_agregasi(doc: _Doc) -> None:
    doc.heading("Arti jenis agregasi")
    doc.text("kumulatif", "Isi capaian bulan ini saja (bukan total s.d. bulan ini). "
             "Capaian triwulan dan tahunan adalah jumlah bulan-bulannya.")
    doc.text("posisi akhir", "Isi nilai/posisi pada akhir bulan (mis. jumlah koleksi per "
             "akhir bulan, nilai indeks terbaru). Capaian periode memakai nilai bulan terakhir "
             "yang dilaporkan.")
    doc.text("rata-rata", "Isi nilai bulan ini. Capaian periode adalah rata-rata bulan yang "
             "dilaporkan.")
    doc.text("rasio", "Isi Pembilang dan Penyebut bulan ini; Realisasi boleh diisi "
             "persentasenya. Capaian periode = jumlah pembilang / jumlah penyebut x 100 "
             "(persentase bulanan tidak dirata-rata).")


def _doc_unit_table(doc: _Doc) -> None:
    doc.heading("Daftar unit")
    doc.table_header("Kode unit", "Nama resmi", "Ejaan lain yang dikenali")
    for u in c.UNITS:
        doc.table_row(u.kode, u.nama, ", ".join(u.alias))


def _write_unit_list(ws) -> str:
    """Write unit names and codes in column F of Petunjuk; return the list range."""
    letter = get_column_letter(UNIT_LIST_COL)
    head = ws.cell(row=1, column=UNIT_LIST_COL, value="Pilihan isian unit")
    head.font = Font(name="Calibri", size=11, bold=True)
    items = [u.nama for u in c.UNITS] + [u.kode for u in c.UNITS]
    for i, v in enumerate(items, start=2):
        ws.cell(row=i, column=UNIT_LIST_COL, value=v)
    ws.column_dimensions[letter].width = 44
    return f"{c.PETUNJUK_SHEET_NAME}!${letter}$2:${letter}${1 + len(items)}"


def _page_header(settings: Settings, title: str) -> str:
    return f"{settings.nama_opd} {settings.nama_pemda} - {title}"


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
    blank = not (pk or ra or ang)
    wb = Workbook()
    ws_pk = wb.active
    ws_pk.title = c.PK_SHEET.name
    ws_ra = wb.create_sheet(c.RA_SHEET.name)
    ws_ang = wb.create_sheet(c.ANGGARAN_SHEET.name)
    ws_doc = wb.create_sheet(c.PETUNJUK_SHEET_NAME)
    unit_ref = _write_unit_list(ws_doc)

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
        _write_table(ws, spec, recs, unlocked_rows=n_rows(recs), bordered_rows=bordered,
                     is_input=lambda col, rec: True, unit_list_ref=unit_ref, kode_refs=refs,
                     tint_input=blank, min_height=22 if blank else None,
                     satuan_of=lambda rec: rec.get("satuan") or satuan_by_kode.get(rec.get("kode")))
        shown = len(recs) if recs else bordered
        _print_setup(ws, title_rows="1:1",
                     header=_page_header(settings, f"{spec.name} Tahun {tahun}"),
                     print_area=f"A1:{get_column_letter(len(spec.columns))}{1 + shown}")
    _write_doc(ws_doc, _pk_petunjuk(tahun, settings),
               _page_header(settings, f"Petunjuk Perjanjian Kinerja {tahun}"))
    return save_workbook(wb, path, fixed_time(tahun))


def _pk_petunjuk(tahun: int, settings: Settings) -> _Doc:
    d = _Doc()
    d.title(f"Petunjuk Pengisian Perjanjian Kinerja dan Rencana Aksi Tahun {tahun}")
    d.text("Perangkat daerah", f"{settings.nama_opd} {settings.nama_pemda} "
           f"(kode {settings.kode_opd})")
    d.text("Nama berkas", f"data/raw/{tahun}/{c.pk_filename(tahun)}")
    d.text("Isi workbook", "Lembar Perjanjian Kinerja (satu baris per indikator), Rencana Aksi "
           "(target per triwulan) dan Anggaran (pagu per kegiatan). Judul kolom di baris 1, data "
           "mulai baris 2.")
    d.text("Jangan", "Jangan mengganti nama lembar atau judul kolom, jangan menggabungkan sel "
           "(merge), jangan memakai rumus; ketik nilainya. Lembar diproteksi tanpa kata sandi "
           "hanya agar judul tidak terubah (Tinjau > Buka Proteksi Lembar bila perlu).")
    d.text("Pilihan", "Kolom bertanda pilihan (Polaritas, Jenis Agregasi, Jenis Target, Unit, "
           "IKU) memakai daftar tarik-turun.")
    for spec in (c.PK_SHEET, c.RA_SHEET, c.ANGGARAN_SHEET):
        d.heading(f"Lembar {spec.name}")
        d.text("Keterangan", spec.meaning)
        _doc_columns(d, spec, unlocked_note=False)
    d.heading("Polaritas dan metode capaian")
    d.text("positif", "Makin tinggi makin baik: capaian = realisasi / target x 100.")
    d.text("negatif", "Makin rendah makin baik. Metode A: (2 x target - realisasi) / target x 100; "
           f"metode B: target / realisasi x 100. Bila kosong dipakai metode "
           f"{settings.metode_negatif_default}.")
    d.heading("Jenis target Rencana Aksi")
    d.text("per triwulan", "Target triwulan itu saja (mis. 10, 12, 15, 13 untuk target tahunan 50).")
    d.text("kumulatif s.d. triwulan", "Target sampai dengan triwulan itu (mis. 10, 22, 37, 50); "
           "target TW IV sama dengan target tahunan.")
    _doc_agregasi(d)
    _doc_angka(d)
    _doc_unit_table(d)
    return d


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


def _unit_rows(df, unit_kode: str) -> list[dict]:
    recs = _records(df)
    if recs and "unit" in recs[0]:
        recs = [r for r in recs if r.get("unit") is not None
                and (r["unit"] == unit_kode or c.resolve_unit(r["unit"]) == unit_kode)]
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
        Unit code (or a name/alias that :func:`contract.resolve_unit` knows).
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
        ``pengisi`` (str), ``unit`` (text for the Identitas unit cell instead of the official
        name), ``realisasi`` ({kode: {realisasi, pembilang, penyebut, kendala, tindak_lanjut,
        bukti}}) and ``anggaran`` ({kode_kegiatan: realisasi_anggaran}). Strings are written
        as typed (text cells).

    Returns
    -------
    MonthlyLayout
        Rows of every indicator/kegiatan/field written.
    """
    kode_unit = unit if unit in c.UNIT_BY_KODE else (c.resolve_unit(unit) or unit)
    nama = c.nama_unit(kode_unit)
    nama_bln = nama_bulan(bulan)
    values = values or {}
    vreal = values.get("realisasi", {}) or {}
    vang = values.get("anggaran", {}) or {}
    header = _page_header(settings, f"Laporan Progres Bulanan {nama} - {nama_bln} {tahun}")

    wb = Workbook()
    ws_id = wb.active
    ws_id.title = c.IDENTITAS_SHEET.name
    ws_re = wb.create_sheet(c.REALISASI_SHEET.name)
    ws_an = wb.create_sheet(c.REALISASI_ANGGARAN_SHEET.name)
    ws_doc = wb.create_sheet(c.PETUNJUK_SHEET_NAME)

    # Identitas: label A, value B, from row 1.
    pre = {
        "opd": settings.kode_opd,
        "unit": values.get("unit", nama),
        "tahun": int(tahun),
        "bulan": int(bulan),
        "tanggal_kirim": values.get("tanggal_kirim"),
        "pengisi": values.get("pengisi"),
    }
    _set_widths(ws_id, (22, 46))
    id_rows = {}
    for r, col in enumerate(c.IDENTITAS_SHEET.fields, start=1):
        id_rows[col.name] = r
        a = ws_id.cell(row=r, column=1, value=col.header)
        a.font = Font(name="Calibri", size=11, bold=True)
        a.fill = PREFILLED_FILL
        a.border = BORDER
        a.protection = LOCKED
        b = ws_id.cell(row=r, column=2, value=_cell_value(col, pre.get(col.name)))
        b.border = BORDER
        b.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        b.protection = UNLOCKED if col.input else LOCKED
        b.fill = INPUT_FILL if col.input else PREFILLED_FILL
        if col.dtype == "date":
            b.number_format = "DD/MM/YYYY"
        dv = column_validation(col)
        if dv is not None and col.input:
            dv.add(f"B{r}")
            ws_id.add_data_validation(dv)
    _protect(ws_id)
    _print_setup(ws_id, title_rows=None, header=header,
                 print_area=f"A1:B{len(c.IDENTITAS_SHEET.fields)}")

    # Realisasi
    ind = _unit_rows(indicators_df, kode_unit)
    rows = []
    for rec in ind:
        agr = c.parse_enum(rec.get("agregasi"), c.AGREGASI_LABEL) or rec.get("agregasi")
        row = {"kode": rec.get("kode"), "indikator": rec.get("indikator"),
               "satuan": rec.get("satuan"), "agregasi": c.AGREGASI_LABEL.get(agr, agr),
               "_agr": agr}
        row.update(vreal.get(rec.get("kode"), {}) or {})
        rows.append(row)
    real_rows = {r["kode"]: i for i, r in enumerate(rows, start=2)}
    _write_table(
        ws_re, c.REALISASI_SHEET, rows, unlocked_rows=0, bordered_rows=0,
        is_input=lambda col, rec: col.input,
        is_unused=lambda col, rec: col.name in ("pembilang", "penyebut")
        and rec.get("_agr") != "rasio",
        min_height=None if vreal else 30,
    )
    ws_re.freeze_panes = "C2"
    _print_setup(ws_re, title_rows="1:1", header=header,
                 print_area=f"A1:{get_column_letter(len(c.REALISASI_SHEET.columns))}"
                 f"{1 + len(rows)}")

    # Anggaran
    keg = _unit_rows(kegiatan_df, kode_unit)
    arows = []
    for rec in keg:
        row = {k: rec.get(k) for k in ("kode_kegiatan", "kegiatan", "pagu")}
        row["realisasi_anggaran"] = vang.get(rec.get("kode_kegiatan"))
        row["satuan"] = "Rp"
        arows.append(row)
    ang_rows = {r["kode_kegiatan"]: i for i, r in enumerate(arows, start=2)}
    _write_table(ws_an, c.REALISASI_ANGGARAN_SHEET, arows, unlocked_rows=0, bordered_rows=0,
                 is_input=lambda col, rec: col.input, min_height=None if vang else 30)
    _print_setup(ws_an, title_rows="1:1", header=header,
                 print_area=f"A1:D{1 + len(arows)}")

    _write_doc(ws_doc, _monthly_petunjuk(kode_unit, tahun, bulan, settings),
               _page_header(settings, f"Petunjuk Laporan Progres Bulanan {nama_bln} {tahun}"))
    save_workbook(wb, Path(path), fixed_time(tahun))
    return MonthlyLayout(real_rows, ang_rows, id_rows)


def _monthly_petunjuk(unit: str, tahun: int, bulan: int, settings: Settings) -> _Doc:
    batas = due_date(tahun, bulan, settings.hari_batas_laporan)
    d = _Doc()
    d.title(f"Petunjuk Pengisian Laporan Progres Bulanan - {nama_bulan(bulan)} {tahun}")
    d.text("Unit", f"{c.nama_unit(unit)} ({unit})")
    d.text("Perangkat daerah", f"{settings.nama_opd} {settings.nama_pemda}")
    d.text("Batas pengiriman", f"{format_tanggal(batas)} (tanggal {settings.hari_batas_laporan} "
           "bulan berikutnya). Kirim kepada Staf Penyusun Evaluasi Kinerja, Subbagian Program "
           "dan Keuangan.")
    d.text("Nama berkas", f"{c.bulanan_filename(unit, tahun, bulan)} (jangan diganti; simpan "
           "sebagai .xlsx, bukan .xls).")
    d.heading("Langkah pengisian")
    d.text("1. Identitas", "Isi Tanggal Kirim (dd/mm/yyyy) dan Nama Pengisi. Kode OPD, Unit, "
           "Tahun dan Bulan sudah terisi dan terkunci.")
    d.text("2. Realisasi", "Untuk setiap indikator isi Realisasi Bulan Ini, lalu Kendala, "
           "Tindak Lanjut dan Bukti Dukung bila ada. Kode, indikator, satuan dan jenis agregasi "
           "sudah terisi.")
    d.text("3. Rasio", "Untuk indikator berjenis rasio isi juga Pembilang dan Penyebut bulan "
           "ini. Sel abu-abu tidak perlu diisi.")
    d.text("4. Anggaran", "Isi Realisasi Anggaran Bulan Ini (Rp): belanja bulan ini saja, bukan "
           "jumlah s.d. bulan ini.")
    d.text("5. Kirim", f"Simpan dan kirim paling lambat {format_tanggal(batas)}.")
    d.text("Warna sel", "Kuning = diisi unit; abu-abu muda = sudah terisi (terkunci); abu-abu "
           "tua = tidak dipakai.")
    d.text("Jangan", "Jangan mengganti nama lembar, judul kolom atau kode indikator; jangan "
           "menambah atau menghapus kolom; jangan menggabungkan sel (merge); jangan memakai "
           "rumus, ketik nilainya. Lembar diproteksi tanpa kata sandi hanya untuk mencegah "
           "salah ubah.")
    _doc_agregasi(d)
    _doc_angka(d)
    for spec in (c.REALISASI_SHEET, c.REALISASI_ANGGARAN_SHEET):
        d.heading(f"Kolom lembar {spec.name}")
        _doc_columns(d, spec, unlocked_note=True)
    return d


# --------------------------------------------------------------------------- light PK reader


def _header_map(ws, spec: c.SheetSpec) -> dict[str, int]:
    first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    by_norm = {c._norm(col.header): col.name for col in spec.columns}
    by_norm.update({c._norm(col.name): col.name for col in spec.columns})
    out = {}
    for j, v in enumerate(first):
        if v is not None and c._norm(v) in by_norm:
            out.setdefault(by_norm[c._norm(v)], j)
    return out


def read_pk_light(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read the indicators and kegiatan of a PK workbook, just enough to write templates.

    Parameters
    ----------
    path : Path
        ``perjanjian_kinerja_<tahun>.xlsx``.

    Returns
    -------
    (DataFrame, DataFrame)
        Indicators ``kode, indikator, satuan, unit, agregasi`` (unit as code, agregasi as
        code) and kegiatan ``kode_kegiatan, kegiatan, unit, pagu``.

    Raises
    ------
    kinerja_lib.cli.UserError
        With an Indonesian message naming file, sheet and cell when the workbook cannot be
        used. Full validation is the job of ``kinerja validasi``.
    """
    path = Path(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is a user error here
        raise UserError(f"Berkas {path} tidak dapat dibuka sebagai workbook Excel: {exc}") from exc
    try:
        def sheet(spec, required):
            if spec.name in wb.sheetnames:
                return wb[spec.name]
            if required:
                raise UserError(f"Berkas {path.name}: lembar '{spec.name}' tidak ada.")
            return None

        ws = sheet(c.PK_SHEET, True)
        hm = _header_map(ws, c.PK_SHEET)
        need = ("kode", "indikator", "satuan", "unit", "agregasi")
        for name in need:
            if name not in hm:
                raise UserError(f"Berkas {path.name}, lembar '{c.PK_SHEET.name}': kolom "
                                f"'{c.PK_SHEET.column(name).header}' tidak ada pada baris 1.")
        ind = []
        for r, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
            get = {k: (row[j] if j < len(row) else None) for k, j in hm.items()}
            if get["kode"] in (None, "") or str(get["kode"]).strip() == "":
                continue
            unit = c.resolve_unit(get["unit"])
            if unit is None:
                ref = f"{get_column_letter(hm['unit'] + 1)}{r}"
                raise UserError(f"Berkas {path.name}, lembar '{c.PK_SHEET.name}', sel {ref}: "
                                f"unit '{get['unit']}' tidak dikenal.")
            agr = c.parse_enum(get["agregasi"], c.AGREGASI_LABEL)
            if agr is None:
                ref = f"{get_column_letter(hm['agregasi'] + 1)}{r}"
                raise UserError(f"Berkas {path.name}, lembar '{c.PK_SHEET.name}', sel {ref}: "
                                f"jenis agregasi '{get['agregasi']}' tidak sah (pilihan: "
                                + ", ".join(c.AGREGASI_LABEL.values()) + ").")
            ind.append({"kode": str(get["kode"]).strip(),
                        "indikator": "" if get["indikator"] is None else str(get["indikator"]),
                        "satuan": "" if get["satuan"] is None else str(get["satuan"]),
                        "unit": unit, "agregasi": agr})
        keg = []
        ws = sheet(c.ANGGARAN_SHEET, False)
        if ws is not None:
            hm = _header_map(ws, c.ANGGARAN_SHEET)
            if "kode_kegiatan" in hm and "unit" in hm:
                for r, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
                    get = {k: (row[j] if j < len(row) else None) for k, j in hm.items()}
                    if get.get("kode_kegiatan") in (None, ""):
                        continue
                    unit = c.resolve_unit(get.get("unit"))
                    if unit is None:
                        ref = f"{get_column_letter(hm['unit'] + 1)}{r}"
                        raise UserError(f"Berkas {path.name}, lembar '{c.ANGGARAN_SHEET.name}', "
                                        f"sel {ref}: unit '{get.get('unit')}' tidak dikenal.")
                    try:
                        pagu = parse_number(get.get("pagu"))
                    except NumberParseError as exc:
                        ref = f"{get_column_letter(hm['pagu'] + 1)}{r}"
                        raise UserError(f"Berkas {path.name}, lembar '{c.ANGGARAN_SHEET.name}', "
                                        f"sel {ref}: {exc}.") from exc
                    keg.append({"kode_kegiatan": str(get["kode_kegiatan"]).strip(),
                                "kegiatan": "" if get.get("kegiatan") is None
                                else str(get["kegiatan"]),
                                "unit": unit, "pagu": pagu})
    finally:
        wb.close()
    return (pd.DataFrame(ind, columns=["kode", "indikator", "satuan", "unit", "agregasi"]),
            pd.DataFrame(keg, columns=["kode_kegiatan", "kegiatan", "unit", "pagu"]))


# --------------------------------------------------------------------------- CLI


def write_templates(paths, settings: Settings, tahun: int, bulan: Iterable[int] | None = None,
                    units: Iterable[str] | None = None, out_dir: Path | None = None
                    ) -> list[Path]:
    """Write the monthly templates of a year (and a blank PK template) from its PK workbook.

    Returns the written paths (blank PK template first).
    """
    pk_path = paths.pk_workbook(tahun)
    out = Path(out_dir) if out_dir else paths.templates_out / str(tahun)
    blank = write_pk_workbook(out / f"perjanjian_kinerja_{tahun}_templat.xlsx", [], [], [],
                              settings, tahun=tahun)
    if not pk_path.exists():
        # Without a PK there are no indicators to pre-fill: only the blank PK form is written.
        return [blank]
    months = sorted(set(bulan)) if bulan else list(range(1, 13))
    for b in months:
        if not 1 <= int(b) <= 12:
            raise UserError(f"Bulan {b} tidak sah (harus 1-12).")
    if units:
        kodes = []
        for u in units:
            k = c.resolve_unit(u)
            if k is None:
                raise UserError(f"Unit '{u}' tidak dikenal. Pilihan: "
                                + ", ".join(x.kode for x in c.UNITS))
            kodes.append(k)
    else:
        kodes = [u.kode for u in c.UNITS]
    ind, keg = read_pk_light(pk_path)
    written = [blank]
    for k in kodes:
        for b in months:
            p = out / c.bulanan_filename(k, tahun, b)
            write_monthly_template(p, k, tahun, b, ind, keg, settings)
            written.append(p)
    return written




# --------------------------------------------------------------------------- user documentation


def _md(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _allowed(col: c.Column) -> str:
    if col.choices:
        return ", ".join(f"`{v}`" for v in col.choices.values())
    if col.dtype == "unit":
        return "lihat Daftar unit"
    if col.min is not None and col.max is not None:
        return f"{_num(col.min)}-{_num(col.max)}"
    if col.min is not None:
        return f">= {_num(col.min)}"
    return ""


def _md_table(spec_name: str, columns: Iterable[c.Column], first: str) -> list[str]:
    lines = [f"| {first} | Nama kolom (kode) | Tipe | Wajib | Diisi | Satuan | "
             "Keterangan | Nilai yang diizinkan |",
             "|---|---|---|---|---|---|---|---|"]
    for col in columns:
        lines.append(
            f"| {_md(col.header)} | `{col.name}` | {TIPE_LABEL.get(col.dtype, col.dtype)} | "
            f"{'ya' if col.required else 'tidak'} | {'ya' if col.input else 'terisi di templat'} | "
            f"{_md(col.satuan)} | {_md(col.meaning)} | {_allowed(col)} |"
        )
    return lines


def contract_markdown(settings: Settings | None = None) -> str:
    """Render the user documentation of the data contract (Bahasa Indonesia, Markdown).

    The committed ``docs/kontrak-data.md`` equals this text for the default settings; update
    it with :func:`write_contract_doc` after changing ``contract.py``.
    """
    s = settings or Settings()
    L: list[str] = []
    L += [
        "# Kontrak data",
        "",
        "<!-- Dibuat otomatis dari kinerja_lib/domain/contract.py oleh "
        "kinerja_lib.io.templates.contract_markdown(); jangan disunting langsung. -->",
        "",
        "Dokumen ini menjelaskan berkas Excel yang dibaca `kinerja`: workbook, lembar (sheet), "
        "kolom, pilihan isian, daftar unit, kalender pengiriman dan aturan pemeriksaan. "
        "Templat isian dibuat dengan `kinerja templat --tahun <tahun>`.",
        "",
        "## Letak berkas",
        "",
        "```",
        f"{'data/pengaturan.toml':<52}pengaturan (boleh tidak ada)",
        f"{'data/raw/<tahun>/' + c.pk_filename(0).replace('0.xlsx', '<tahun>.xlsx'):<52}"
        "Perjanjian Kinerja, Rencana Aksi, Anggaran",
        f"{'data/raw/<tahun>/bulanan/<UNIT>_<tahun>-<MM>.xlsx':<52}laporan progres bulanan "
        "satu unit",
        "```",
        "",
        "## Aturan umum",
        "",
        "- Judul kolom ada di baris 1 dan data mulai baris 2. Kolom dikenali dari judulnya "
        "(huruf besar/kecil, spasi dan tanda baca diabaikan), bukan dari urutannya.",
        f"- Lembar `{c.IDENTITAS_SHEET.name}` berbentuk label-isian: label di kolom A, isian di "
        "kolom B, mulai baris 1.",
        "- Nama berkas laporan bulanan hanya keterangan: unit, tahun dan bulan dibaca dari "
        f"lembar `{c.IDENTITAS_SHEET.name}` (nama berkas yang tidak sesuai menjadi peringatan).",
        f"- Lembar `{c.PETUNJUK_SHEET_NAME}` diabaikan. Lembar lain di luar templat dan kolom "
        "tambahan diabaikan dengan peringatan.",
        "- Angka diketik sebagai angka. Angka yang terketik sebagai teks dibaca dengan format "
        "Indonesia (`1.234` = seribu dua ratus tiga puluh empat, `85,5%` = 85,5) dengan "
        "peringatan. Sel kosong atau `-` berarti tidak ada nilai.",
        "- Tanggal ditulis dd/mm/yyyy (mis. `05/02/2024`).",
        "- Berkas harus .xlsx; .xls lama ditolak, .xlsm dibaca tanpa makro.",
        "",
    ]
    for wbspec in c.WORKBOOKS:
        L += [f"## Workbook {wbspec.name}", "",
              f"Nama berkas: `{wbspec.filename_pattern}`. {wbspec.meaning}", ""]
        for sh in wbspec.sheets:
            if isinstance(sh, c.KeyValueSheetSpec):
                L += [f"### Lembar `{sh.name}` (label di kolom A, isian di kolom B)", "",
                      sh.meaning, ""]
                L += _md_table(sh.name, sh.fields, "Label (kolom A)")
            else:
                key = ", ".join(sh.column(k).header for k in sh.key)
                L += [f"### Lembar `{sh.name}`", "",
                      f"{sh.meaning} Kunci unik: {key}." if key else sh.meaning, ""]
                L += _md_table(sh.name, sh.columns, "Judul kolom")
            L.append("")
        L += [f"Lembar `{c.PETUNJUK_SHEET_NAME}` berisi petunjuk pengisian dan tidak dibaca.", ""]
    L += ["## Pilihan isian", ""]
    enums = (
        ("Polaritas", c.PK_SHEET.column("polaritas")),
        ("Metode capaian negatif", c.PK_SHEET.column("metode_negatif")),
        ("Jenis agregasi", c.PK_SHEET.column("agregasi")),
        ("Jenis target Rencana Aksi", c.RA_SHEET.column("jenis_target")),
        ("IKU", c.PK_SHEET.column("iku")),
    )
    for title, col in enums:
        L += [f"### {title}", "", f"Kolom `{col.header}`: {col.meaning}.", "",
              "| Isian | Kode |", "|---|---|"]
        L += [f"| `{label}` | `{code}` |" for code, label in col.choices.items()]
        L.append("")
    L += [f"Bila metode capaian negatif kosong dipakai metode `{s.metode_negatif_default}` "
          "(pengaturan `metode_negatif_default`).", ""]
    L += ["## Daftar unit", "",
          "Kolom unit boleh diisi kode, nama resmi atau salah satu ejaan lain (alias) di bawah; "
          "alias diterima dengan peringatan `unit_alias`.", "",
          "| Kode | Nama resmi | Induk | Alias yang dikenali |", "|---|---|---|---|"]
    for u in c.UNITS:
        L.append(f"| `{u.kode}` | {u.nama} | {u.induk or '-'} | "
                 f"{', '.join(u.alias) if u.alias else '-'} |")
    L += ["", "## Kalender pengiriman", "",
          f"Laporan progres bulanan dikirim paling lambat tanggal {s.hari_batas_laporan} bulan "
          "berikutnya (pengaturan `hari_batas_laporan`). Tanggal kirim diambil dari lembar "
          f"`{c.IDENTITAS_SHEET.name}`; kiriman sesudah batas tercatat *terlambat*, unit-bulan "
          "tanpa berkas tercatat *belum ada*.", "",
          "| Bulan laporan | Batas pengiriman |", "|---|---|"]
    for i, nama in enumerate(NAMA_BULAN, start=1):
        nxt = NAMA_BULAN[i % 12]
        tail = " tahun berikutnya" if i == 12 else ""
        L.append(f"| {nama} | {s.hari_batas_laporan} {nxt}{tail} |")
    L += ["", "## Aturan pemeriksaan", "",
          "Setiap masalah dicatat pada tabel kualitas data dengan berkas, lembar dan sel. "
          "Tingkat `error` mengarantina baris (tidak dihitung); `peringatan` tetap dihitung.", "",
          "| Kode aturan | Tingkat | Keterangan |", "|---|---|---|"]
    for kode, (tingkat, ket) in c.ATURAN.items():
        L.append(f"| `{kode}` | {tingkat} | {_md(ket)} |")
    L.append("")
    return "\n".join(L)


def write_contract_doc(root: Path | None = None) -> Path:
    """Write ``docs/kontrak-data.md`` under ``root`` (default: the repository checkout)."""
    target = Path(root or default_root()) / "docs" / "kontrak-data.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(contract_markdown(), encoding="utf-8")
    return target


__all__ = [
    "write_pk_workbook", "write_monthly_template", "MonthlyLayout",
    "column_validation", "number_format_for", "read_pk_light", "write_templates",
    "contract_markdown", "write_contract_doc",
]
