"""Read and validate one year's submissions under ``data/raw/<tahun>/`` (SOP steps 1-2).

:func:`read_year` reads the Perjanjian Kinerja workbook and every monthly workbook of a year
and returns the canonical frames of :class:`store.YearData` plus a data-quality table:

* every problem is one row of ``kualitas`` (``contract.KUALITAS_COLUMNS``): file (relative to
  ``data/raw``, POSIX), sheet, cell (A1 reference, ``""`` for a file-level problem), rule code
  (``contract.ATURAN``), an Indonesian message naming the value found and what is expected, and
  the severity;
* a data row with at least one error-level problem is quarantined (``karantina``, with the
  joined messages as ``alasan``); rows with warnings only are accepted;
* accepted rows carry lineage (``sumber_file``, ``sumber_sheet``, ``sumber_baris`` = Excel row);
* for every sheet type, rows read == rows accepted + rows quarantined
  (:attr:`IngestResult.counts`). A "row read" is a row from row 2 down with at least one
  non-empty cell; a Rencana Aksi row counts once although it becomes four long-form rows.

Decisions worth knowing (also in the user docs):

* Files are never modified: each file is read once into memory (``sha256`` and size go to
  the ``sumber`` table) and parsed from those bytes.
* The monthly folder is searched recursively, sorted by relative path. Excel/LibreOffice lock
  files (``~$x.xlsx``, ``.~lock.x.xlsx#``), hidden files (leading dot) and ``Thumbs.db`` /
  ``desktop.ini`` are skipped silently: they are not submissions and appear while a file is
  open. Every other file is read; a non-workbook gives ``bukan_excel``/``format_xls``/...
* File type is decided by content, not extension (a real .xlsx renamed .txt is read, with a
  file-name warning); a ``.xls`` extension or an OLE2 header (old .xls, or a password-protected
  workbook) gives ``format_xls``.
* A formula cell with a cached value is read as that value; without one (file written by a
  program, never opened in Excel) it is ``rumus_tanpa_nilai``.
* A numeric cell formatted as a percentage (shown ``85,5%``, stored ``0.855``) is read as the
  percentage the unit sees (``85.5``); a ``%`` that the format prints as literal text
  (``0" %"``, ``0\\%``) does not scale, so such a cell is read as stored.
* Merged cells (``sel_gabungan`` warning): text columns take the top-left value across the
  whole range (e.g. a *Sasaran* merged over several indicator rows); number columns only keep
  it in the top-left cell so a number is never counted twice.
* Identitas problems (missing sheet, unknown unit, month outside 1-12, wrong year, missing or
  invalid *Tanggal Kirim*) quarantine every data row of the file. The office code ``opd`` of
  every frame is ``settings.kode_opd``.
* Two accepted files for the same unit and month (``kiriman_ganda``): the one with the latest
  *Tanggal Kirim* (then the later file name) is used; the other file's rows are quarantined and
  the error is reported on that file.
* Codes are matched to the Perjanjian Kinerja without regard to case or extra spaces and are
  stored with the spelling of the Perjanjian Kinerja.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import math
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter

from kinerja_lib.domain import contract as c
from kinerja_lib.domain.errors import IngestError, NumberParseError
from kinerja_lib.domain.model import YearData
from kinerja_lib.domain.numbers import format_number, format_tanggal, parse_number, parse_tanggal
from kinerja_lib.domain.periods import NAMA_BULAN, due_date, nama_bulan
from kinerja_lib.domain.settings import Settings
from kinerja_lib.io.paths import Paths

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"

JENIS = ("pk", "ra", "anggaran", "realisasi", "realisasi_anggaran")
"""Sheet types counted by the invariant rows read = accepted + quarantined."""

_SKIP_NAMES = {"thumbs.db", "desktop.ini", ".ds_store"}

_NUMBER_COLS = {
    "target_tahunan", "baseline", "target_renstra", "tahun_renstra", "target_ra", "pagu",
    "realisasi", "pembilang", "penyebut", "realisasi_anggaran",
}
_INT_COLS = {"tahun", "bulan", "triwulan", "sumber_baris"}
_DATE_COLS = {"tanggal_kirim"}




# --------------------------------------------------------------------------- results


@dataclass
class IngestResult:
    """Outcome of :func:`read_year`.

    Attributes
    ----------
    data : YearData
        The canonical frames (accepted rows, quality table, quarantine, sources).
    files_read : int
        Files read under ``data/raw/<tahun>`` (Perjanjian Kinerja workbook included).
    counts : dict
        ``jenis -> {"dibaca", "diterima", "dikarantina"}`` for each sheet type in
        :data:`JENIS`; ``dibaca == diterima + dikarantina`` always holds.
    """

    data: YearData
    files_read: int
    counts: dict[str, dict[str, int]]

    @property
    def rows_read(self) -> int:
        return sum(v["dibaca"] for v in self.counts.values())

    @property
    def rows_accepted(self) -> int:
        return sum(v["diterima"] for v in self.counts.values())

    @property
    def rows_quarantined(self) -> int:
        return sum(v["dikarantina"] for v in self.counts.values())

    @property
    def errors(self) -> int:
        """Number of error-level rows in the quality table."""
        return int((self.data.kualitas["tingkat"] == "error").sum())

    @property
    def warnings(self) -> int:
        """Number of warning-level (``peringatan``) rows in the quality table."""
        return int((self.data.kualitas["tingkat"] == "peringatan").sum())


@dataclass
class _Issues:
    """Collects quality-table rows for one file."""

    rows: list[dict] = field(default_factory=list)

    def add(self, file, sheet, sel, aturan, pesan, tingkat=None) -> str:
        if aturan not in c.ATURAN:  # pragma: no cover - programming error
            raise KeyError(aturan)
        t = tingkat or c.ATURAN[aturan][0]
        self.rows.append({"file": file, "sheet": sheet, "sel": sel, "aturan": aturan,
                          "pesan": pesan, "tingkat": t})
        return t


# --------------------------------------------------------------------------- small helpers


def _empty(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _show(v) -> str:
    """A cell value as quoted in messages."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return format_number(v, 4)
    if isinstance(v, _dt.datetime):
        return format_tanggal(v.date())
    if isinstance(v, _dt.date):
        return format_tanggal(v)
    s = str(v).replace("\n", " ").strip()
    return s if len(s) <= 60 else s[:57] + "..."


def _as_text(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, _dt.datetime):
        return v.date().isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    return str(v).replace("\r\n", "\n").strip()


def _code_key(v) -> str:
    return re.sub(r"\s+", "", _as_text(v)).upper()


def _resolve_unit(value) -> tuple[str | None, bool]:
    """(unit code or None, True when written exactly as code or official name)."""
    kode = c.resolve_unit(value)
    if kode is None:
        return None, False
    exact = c._norm(value) in (c._norm(kode), c._norm(c.nama_unit(kode)))
    return kode, exact


_FORMAT_LITERAL = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')
"""Parts of a number format that print literally or style: quoted text, ``\\x``, ``_x``,
``*x`` and ``[...]`` (colour, locale, condition)."""


def _is_percent_format(fmt) -> bool:
    """True when an Excel number format scales the value by 100 (a real ``%`` code).

    A ``%`` inside quotes (``0" %"``) or escaped (``0\\%``) is literal text: Excel shows the
    stored number unchanged, so the value must not be multiplied.
    """
    return "%" in _FORMAT_LITERAL.sub("", fmt or "")


def _unit_choices() -> str:
    return ", ".join(u.kode for u in c.UNITS)


def _skip_file(p: Path) -> bool:
    n = p.name
    return n.startswith(("~$", ".")) or n.lower() in _SKIP_NAMES


# --------------------------------------------------------------------------- workbook opening


@dataclass
class _Book:
    values: openpyxl.Workbook
    formulas: openpyxl.Workbook | None  # None when the workbook holds no formula


def _open_book(data: bytes, rel: str, issues: _Issues) -> _Book | None:
    """Open workbook bytes or record why they cannot be read (file-level problem)."""
    name = rel.rsplit("/", 1)[-1]
    suffix = Path(name).suffix.lower()
    if len(data) == 0:
        issues.add(rel, "", "", "berkas_kosong",
                   f"Berkas '{name}' kosong (0 byte). Kirim ulang berkas laporan yang sudah diisi.")
        return None
    if data.startswith(OLE2_MAGIC) or suffix == ".xls":
        issues.add(rel, "", "", "format_xls",
                   f"Berkas '{name}' berformat Excel lama (.xls) atau terkunci kata sandi. Buka di "
                   "Excel, hapus kata sandi bila ada, lalu simpan sebagai 'Excel Workbook (.xlsx)'.")
        return None
    if not data.startswith(ZIP_MAGIC):
        head = data[:200]
        jenis = "teks biasa" if _looks_text(head) else "data biner yang tidak dikenal"
        issues.add(rel, "", "", "bukan_excel",
                   f"Berkas '{name}' bukan workbook Excel (isinya {jenis}). Kirim laporan dalam "
                   "format .xlsx sesuai templat.")
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        issues.add(rel, "", "", "berkas_rusak",
                   f"Berkas '{name}' rusak dan tidak dapat dibuka ({exc}). Simpan ulang dari "
                   "Excel lalu kirim kembali.")
        return None
    if "xl/workbook.xml" not in names:
        if "content.xml" in names and "mimetype" in names:
            # LibreOffice's own format: the unit only needs to save as .xlsx
            issues.add(rel, "", "", "bukan_excel",
                       f"Berkas '{name}' berformat OpenDocument (.ods, LibreOffice), bukan "
                       ".xlsx. Di LibreOffice pilih File > Simpan Sebagai > 'Excel 2007-365 "
                       "(.xlsx)', lalu kirim kembali.")
            return None
        issues.add(rel, "", "", "bukan_excel",
                   f"Berkas '{name}' adalah arsip ZIP atau dokumen lain (mis. Word), bukan "
                   "workbook Excel. Kirim laporan dalam format .xlsx sesuai templat.")
        return None
    if suffix == ".xlsm" or "xl/vbaProject.bin" in names:
        issues.add(rel, "", "", "format_xlsm",
                   f"Berkas '{name}' berisi makro (.xlsm); makro diabaikan dan data tetap dibaca. "
                   "Sebaiknya simpan sebagai .xlsx.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb_f = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
            has_formula = any(
                cell.data_type == "f"
                for ws in wb_f.worksheets for row in ws.iter_rows() for cell in row
            )
            wb_v = (openpyxl.load_workbook(io.BytesIO(data), data_only=True)
                    if has_formula else wb_f)
    except Exception as exc:  # noqa: BLE001 - any parser failure is a damaged file
        issues.add(rel, "", "", "berkas_rusak",
                   f"Berkas '{name}' tidak dapat dibaca sebagai workbook Excel "
                   f"({type(exc).__name__}: {exc}). Buka di Excel, simpan ulang sebagai .xlsx, "
                   "lalu kirim kembali.")
        return None
    return _Book(wb_v, wb_f if has_formula else None)


def _looks_text(head: bytes) -> bool:
    if not head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(b >= 9 for b in head)


def _match_sheets(book: _Book, rel: str, wanted: tuple[str, ...], issues: _Issues):
    """Map wanted sheet names to worksheets (normalised names); report extras.

    Returns None (after a ``lembar_grafik`` error) when the workbook has chart sheets only.
    """
    wb = book.values
    if not wb.worksheets:
        issues.add(rel, "", "", "lembar_grafik" if wb.chartsheets else "berkas_kosong",
                   "Workbook hanya berisi lembar grafik, tanpa lembar data "
                   f"({', '.join(repr(s) for s in wb.sheetnames)}). Gunakan templat dan isi "
                   "lembar " + ", ".join(repr(w) for w in wanted) + "."
                   if wb.chartsheets else "Workbook tidak berisi lembar apa pun.")
        return None
    want = {c._norm(w): w for w in wanted}
    found: dict[str, object] = {}
    for ws in wb.worksheets:
        key = c._norm(ws.title)
        if key in want and want[key] not in found:
            found[want[key]] = ws
        elif key != c._norm(c.PETUNJUK_SHEET_NAME):
            issues.add(rel, ws.title, "", "sheet_tambahan",
                       f"Lembar '{ws.title}' bukan bagian templat dan diabaikan (lembar yang "
                       "dibaca: " + ", ".join(wanted) + ").")
    for cs in wb.chartsheets:
        issues.add(rel, cs.title, "", "sheet_tambahan",
                   f"Lembar grafik '{cs.title}' diabaikan.")
    return found


# --------------------------------------------------------------------------- table reading


@dataclass
class _RawRow:
    excel_row: int
    values: dict
    refs: dict
    formula: dict  # name -> formula text, for formula cells without a cached value


@dataclass
class _Table:
    sheet: str
    rows: list[_RawRow]
    present: set
    fatal: list[str]  # messages that quarantine every row of the sheet


def _read_table(book: _Book, ws, spec: c.SheetSpec, essential: set[str], rel: str,
                issues: _Issues) -> _Table:
    """Read a header-on-row-1 sheet into raw rows, reporting header and merge problems."""
    sheet = ws.title
    ws_f = book.formulas[sheet] if book.formulas is not None else None
    lookup = {}
    for col in spec.columns:
        lookup.setdefault(c._norm(col.header), col)
        lookup.setdefault(c._norm(col.name), col)
    header: dict[str, int] = {}
    max_col = ws.max_column or 1
    for j in range(1, max_col + 1):
        v = ws.cell(1, j).value
        if _empty(v):
            continue
        col = lookup.get(c._norm(v))
        ref = f"{get_column_letter(j)}1"
        if col is None:
            issues.add(rel, sheet, ref, "kolom_tambahan",
                       f"Kolom '{_show(v)}' (sel {ref}) bukan kolom templat; isinya diabaikan.")
        elif col.name in header:
            first = f"{get_column_letter(header[col.name])}1"
            issues.add(rel, sheet, ref, "kolom_tambahan",
                       f"Kolom '{col.header}' muncul dua kali (sel {first} dan {ref}); yang "
                       f"dibaca kolom pertama ({first}).")
        else:
            header[col.name] = j
    fatal = []
    for col in spec.columns:
        if col.name in header:
            continue
        if col.name in essential:
            msg = (f"Kolom wajib '{col.header}' tidak ditemukan pada baris judul (baris 1) "
                   f"lembar '{sheet}'; semua baris lembar ini dikarantina.")
            issues.add(rel, sheet, "", "kolom_hilang", msg)
            fatal.append(msg)
        elif col.input:
            issues.add(rel, sheet, "", "kolom_hilang",
                       f"Kolom '{col.header}' tidak ditemukan pada baris judul (baris 1) lembar "
                       f"'{sheet}'; isinya dianggap kosong.", "peringatan")

    # merged ranges: warn; text columns take the top-left value over the whole range
    by_index = {j: spec.column(n) for n, j in header.items()}
    fill: dict[tuple[int, int], object] = {}
    for mr in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        issues.add(rel, sheet, mr.coord, "sel_gabungan",
                   f"Sel {mr.coord} digabung (merge); nilai sel kiri atas "
                   f"{get_column_letter(mr.min_col)}{mr.min_row} dipakai. Sebaiknya pisahkan "
                   "gabungan sel dan isi setiap sel.")
        top = ws.cell(mr.min_row, mr.min_col).value
        for r in range(mr.min_row, mr.max_row + 1):
            for j in range(mr.min_col, mr.max_col + 1):
                if (r, j) == (mr.min_row, mr.min_col):
                    continue
                col = by_index.get(j)
                if col is not None and col.dtype in ("text", "enum", "unit"):
                    fill[(r, j)] = top

    rows = []
    for r in range(2, (ws.max_row or 1) + 1):
        if all(_empty(ws.cell(r, j).value)
               and (ws_f is None or ws_f.cell(r, j).data_type != "f")
               for j in range(1, max_col + 1)):
            continue
        values, refs, formula = {}, {}, {}
        for name, j in header.items():
            cell = ws.cell(r, j)
            v = fill.get((r, j), cell.value)
            if (isinstance(v, (int, float)) and not isinstance(v, bool)
                    and _is_percent_format(cell.number_format)):
                v = round(v * 100, 10)
            ref = f"{get_column_letter(j)}{r}"
            if ws_f is not None and v is None:
                fc = ws_f.cell(r, j)
                if fc.data_type == "f":
                    formula[name] = str(fc.value)
            values[name] = v
            refs[name] = ref
        rows.append(_RawRow(r, values, refs, formula))
    return _Table(sheet, rows, set(header), fatal)


class _Check:
    """Typed reading of one row; error-level problems are collected for the quarantine."""

    def __init__(self, issues: _Issues, rel: str, table: _Table, row: _RawRow,
                 spec: c.SheetSpec):
        self.issues, self.rel, self.sheet, self.row, self.spec = issues, rel, table.sheet, row, spec
        self.errors: list[str] = []

    def add(self, aturan, sel, pesan, tingkat=None):
        t = self.issues.add(self.rel, self.sheet, sel, aturan, pesan, tingkat)
        if t == "error":
            self.errors.append(f"{sel}: {pesan}" if sel else pesan)

    def ref(self, name) -> str:
        return self.row.refs.get(name, "")

    def _formula(self, name) -> bool:
        f = self.row.formula.get(name)
        if f is None:
            return False
        ref = self.ref(name)
        self.add("rumus_tanpa_nilai", ref,
                 f"Sel {ref} ('{self.spec.column(name).header}') berisi rumus '{f}' tanpa nilai "
                 "tersimpan; buka berkas di Excel, simpan ulang, lalu kirim kembali.")
        return True

    def text(self, name) -> str | None:
        col = self.spec.column(name)
        if self._formula(name):
            return None
        v = self.row.values.get(name)
        if _empty(v):
            if col.required:
                ref = self.ref(name)
                self.add("wajib_diisi", ref,
                         f"Kolom '{col.header}' wajib diisi"
                         + (f" (sel {ref} kosong)." if ref else " (kolom tidak ada)."))
            return None
        return _as_text(v)

    def number(self, name) -> tuple[float, str]:
        """(value or NaN, status) with status ``ok``, ``kosong`` or ``salah``."""
        col = self.spec.column(name)
        if self._formula(name):
            return math.nan, "salah"
        v = self.row.values.get(name)
        ref = self.ref(name)
        try:
            num = parse_number(v)
        except NumberParseError as exc:
            self.add("bukan_angka", ref,
                     f"Kolom '{col.header}' berisi {exc}.")
            return math.nan, "salah"
        if num is None:
            if col.required:
                self.add("wajib_diisi", ref,
                         f"Kolom '{col.header}' wajib diisi angka"
                         + (f" (sel {ref} kosong)." if ref else " (kolom tidak ada)."))
                return math.nan, "salah"
            return math.nan, "kosong"
        if isinstance(v, str):
            self.add("angka_sebagai_teks", ref,
                     f"Kolom '{col.header}' berisi teks '{_show(v)}'; dibaca sebagai angka "
                     f"{format_number(num, 6)}. Ketik angka tanpa tanda kutip.")
        lo, hi = col.min, col.max
        if (lo is not None and num < lo) or (hi is not None and num > hi):
            if lo is not None and hi is not None:
                batas = f"{format_number(lo, 6)} sampai {format_number(hi, 6)}"
            elif lo is not None:
                batas = f"paling kecil {format_number(lo, 6)}"
            else:
                batas = f"paling besar {format_number(hi, 6)}"
            self.add("di_luar_rentang", ref,
                     f"Nilai {format_number(num, 6)} pada kolom '{col.header}' di luar rentang "
                     f"yang diizinkan ({batas}).")
            return math.nan, "salah"
        return num, "ok"

    def enum(self, name) -> str | None:
        col = self.spec.column(name)
        raw = self.text(name)
        if raw is None:
            return None
        code = c.parse_enum(raw, col.choices)
        if code is None:
            pilihan = ", ".join(col.choices.values())
            self.add("pilihan_tidak_sah", self.ref(name),
                     f"Kolom '{col.header}' berisi '{_show(raw)}'; pilihan yang sah: {pilihan}.")
        return code

    def unit(self, name) -> str | None:
        col = self.spec.column(name)
        raw = self.text(name)
        if raw is None:
            return None
        kode, exact = _resolve_unit(raw)
        ref = self.ref(name)
        if kode is None:
            self.add("unit_tidak_dikenal", ref,
                     f"Unit '{_show(raw)}' pada kolom '{col.header}' tidak dikenal; gunakan kode "
                     f"unit ({_unit_choices()}) atau nama resminya.")
        elif not exact:
            self.add("unit_alias", ref,
                     f"Unit ditulis '{_show(raw)}'; dikenali sebagai {kode} "
                     f"({c.nama_unit(kode)}). Gunakan kode atau nama resmi unit.")
        return kode


def _duplicates(chk: _Check, key: str | None, seen: dict, label: str):
    if key is None:
        return
    k = _code_key(key)
    if k in seen:
        chk.add("baris_ganda", chk.ref(label),
                f"Kode {key} sudah ada pada baris {seen[k]}; baris ganda ini dikarantina.")
    else:
        seen[k] = chk.row.excel_row


# --------------------------------------------------------------------------- per-file collector


@dataclass
class _Part:
    """Rows of one file (merged into the year only if the file was processed completely)."""

    rel: str
    issues: _Issues = field(default_factory=_Issues)
    accepted: dict = field(default_factory=lambda: {j: [] for j in JENIS})
    quarantined: dict = field(default_factory=lambda: {j: [] for j in JENIS})
    read: dict = field(default_factory=lambda: {j: 0 for j in JENIS})

    def put(self, jenis, record, errors, sheet, excel_row):
        self.read[jenis] += 1
        if errors:
            self.quarantined[jenis].append({
                "sumber_file": self.rel, "sumber_sheet": sheet, "sumber_baris": excel_row,
                "alasan": "; ".join(dict.fromkeys(errors)),
            })
        else:
            self.accepted[jenis].append(record)


def _lineage(rel, sheet, excel_row) -> dict:
    return {"sumber_file": rel, "sumber_sheet": sheet, "sumber_baris": excel_row}


# --------------------------------------------------------------------------- PK workbook


@dataclass
class _PkInfo:
    kode: dict            # code key -> canonical kode
    unit: dict            # canonical kode -> unit
    agregasi: dict        # canonical kode -> agregasi
    kegiatan: dict        # code key -> canonical kode_kegiatan
    kegiatan_unit: dict   # canonical kode_kegiatan -> unit
    quarantined_kode: set  # code keys of quarantined PK rows


def _read_pk(paths: Paths, tahun: int, settings: Settings, rel: str, data: bytes,
             part: _Part) -> _PkInfo:
    issues = part.issues
    book = _open_book(data, rel, issues)
    if book is None:
        msg = issues.rows[-1]["pesan"] if issues.rows else "berkas tidak dapat dibaca"
        raise IngestError(
            f"Berkas Perjanjian Kinerja {rel} tidak dapat dibaca: {msg} Data bulanan tidak dapat "
            "diperiksa tanpa berkas ini.")
    names = tuple(s.name for s in c.PK_WORKBOOK.sheets)
    sheets = _match_sheets(book, rel, names, issues)
    if sheets is None or c.PK_SHEET.name not in sheets:
        raise IngestError(
            f"Berkas Perjanjian Kinerja {rel} tidak memiliki lembar '{c.PK_SHEET.name}'. Data "
            "bulanan tidak dapat diperiksa tanpa daftar indikator.")
    for name in names:
        if name not in sheets:
            issues.add(rel, "", "", "sheet_hilang",
                       f"Lembar wajib '{name}' tidak ada pada berkas Perjanjian Kinerja.")
    opd = settings.kode_opd
    info = _PkInfo({}, {}, {}, {}, {}, set())

    # Anggaran (pagu) first: PK rows refer to its kegiatan codes.
    if c.ANGGARAN_SHEET.name in sheets:
        spec = c.ANGGARAN_SHEET
        t = _read_table(book, sheets[spec.name], spec,
                        spec.required, rel, issues)
        seen: dict = {}
        for row in t.rows:
            if t.fatal:  # structure broken: no per-cell checks, quarantine the row
                part.put("anggaran", None, t.fatal, t.sheet, row.excel_row)
                continue
            chk = _Check(issues, rel, t, row, spec)
            kode = chk.text("kode_kegiatan")
            _duplicates(chk, kode, seen, "kode_kegiatan")
            rec = {"opd": opd, "tahun": tahun, "kode_kegiatan": kode,
                   "program": chk.text("program"), "kegiatan": chk.text("kegiatan"),
                   "unit": chk.unit("unit"), "pagu": chk.number("pagu")[0],
                   **_lineage(rel, t.sheet, row.excel_row)}
            errs = t.fatal + chk.errors
            if not errs:
                info.kegiatan[_code_key(kode)] = kode
                info.kegiatan_unit[kode] = rec["unit"]
            part.put("anggaran", rec, errs, t.sheet, row.excel_row)

    spec = c.PK_SHEET
    t = _read_table(book, sheets[spec.name], spec,
                    spec.required, rel, issues)
    seen = {}
    for row in t.rows:
        if t.fatal:  # structure broken: no per-cell checks, quarantine the row
            part.put("pk", None, t.fatal, t.sheet, row.excel_row)
            continue
        chk = _Check(issues, rel, t, row, spec)
        kode = chk.text("kode")
        _duplicates(chk, kode, seen, "kode")
        polaritas = chk.enum("polaritas")
        metode = chk.enum("metode_negatif")
        if polaritas == "negatif":
            metode = metode or settings.metode_negatif_default
        else:
            metode = None
        tahun_renstra, _ = chk.number("tahun_renstra")
        kegiatan = chk.text("kode_kegiatan")
        if kegiatan is not None:
            if _code_key(kegiatan) in info.kegiatan:
                kegiatan = info.kegiatan[_code_key(kegiatan)]
            elif c.ANGGARAN_SHEET.name in sheets:
                chk.add("kode_tidak_dikenal", chk.ref("kode_kegiatan"),
                        f"Kode kegiatan '{_show(kegiatan)}' tidak ada pada lembar Anggaran; "
                        "indikator tetap dibaca tanpa kaitan anggaran.", "peringatan")
        iku = chk.enum("iku") or "Tidak"
        rec = {
            "opd": opd, "tahun": tahun, "kode": kode,
            "kode_sasaran": chk.text("kode_sasaran"), "sasaran": chk.text("sasaran"),
            "indikator": chk.text("indikator"), "satuan": chk.text("satuan"),
            "unit": chk.unit("unit"), "polaritas": polaritas, "metode_negatif": metode,
            "agregasi": chk.enum("agregasi"), "target_tahunan": chk.number("target_tahunan")[0],
            "baseline": chk.number("baseline")[0],
            "target_renstra": chk.number("target_renstra")[0],
            "tahun_renstra": tahun_renstra, "kode_kegiatan": kegiatan, "iku": iku,
            **_lineage(rel, t.sheet, row.excel_row),
        }
        errs = t.fatal + chk.errors
        if not errs:
            info.kode[_code_key(kode)] = kode
            info.unit[kode] = rec["unit"]
            info.agregasi[kode] = rec["agregasi"]
        elif kode is not None:
            info.quarantined_kode.add(_code_key(kode))
        part.put("pk", rec, errs, t.sheet, row.excel_row)

    if c.RA_SHEET.name in sheets:
        spec = c.RA_SHEET
        t = _read_table(book, sheets[spec.name], spec,
                        spec.required, rel, issues)
        seen = {}
        for row in t.rows:
            if t.fatal:  # structure broken: no per-cell checks, quarantine the row
                part.put("ra", None, t.fatal, t.sheet, row.excel_row)
                continue
            chk = _Check(issues, rel, t, row, spec)
            kode = chk.text("kode")
            _duplicates(chk, kode, seen, "kode")
            kode = _known_kode(chk, kode, info, "kode")
            jenis = chk.enum("jenis_target")
            targets = [chk.number(f"target_tw{i}")[0] for i in (1, 2, 3, 4)]
            errs = t.fatal + chk.errors
            if errs:
                part.put("ra", None, errs, t.sheet, row.excel_row)
            else:
                part.read["ra"] += 1
                for i, target in enumerate(targets, start=1):
                    part.accepted["ra"].append({
                        "opd": opd, "tahun": tahun, "kode": kode, "jenis_target": jenis,
                        "triwulan": i, "target_ra": target,
                        **_lineage(rel, t.sheet, row.excel_row)})
        if not t.fatal:
            # Without RA targets the quarterly capaian cannot be assessed before TW IV.
            with_ra = {_code_key(r["kode"]) for r in part.accepted["ra"]}
            for key, kode in info.kode.items():
                if key not in with_ra:
                    issues.add(rel, spec.name, "", "target_ra_hilang",
                               f"Indikator {kode} tidak punya baris Rencana Aksi; capaian "
                               "triwulan tidak dapat dinilai sebelum Triwulan IV.")
    return info


def _known_kode(chk: _Check, kode, info: _PkInfo, name: str):
    """Map an indicator code to its PK spelling or report ``kode_tidak_dikenal``."""
    if kode is None:
        return None
    key = _code_key(kode)
    if key in info.kode:
        return info.kode[key]
    if key in info.quarantined_kode:
        why = "ada pada Perjanjian Kinerja tetapi baris indikatornya dikarantina (lihat galatnya)"
    else:
        why = "tidak ada pada lembar Perjanjian Kinerja tahun ini"
    chk.add("kode_tidak_dikenal", chk.ref(name), f"Kode indikator '{_show(kode)}' {why}.")
    return kode


# --------------------------------------------------------------------------- monthly workbooks

_FILENAME = re.compile(r"^(?P<unit>.+)_(?P<tahun>\d{4})-(?P<bulan>\d{1,2})$")


@dataclass
class _Monthly:
    part: _Part
    sha256: str
    ident: dict | None = None       # unit, tahun, bulan, tanggal_kirim when the file is usable
    ident_errors: list = field(default_factory=list)
    realisasi: list = field(default_factory=list)   # (record, errors, sheet, excel_row)
    anggaran: list = field(default_factory=list)


def _read_identitas(book: _Book, ws, rel: str, tahun: int, issues: _Issues):
    """Read the key/value Identitas sheet; return (ident dict, error messages)."""
    spec = c.IDENTITAS_SHEET
    sheet = ws.title
    lookup = {}
    for f in spec.fields:
        lookup[c._norm(f.header)] = f
        lookup[c._norm(f.name)] = f
    ws_f = book.formulas[sheet] if book.formulas is not None else None
    got: dict[str, tuple] = {}
    for r in range(1, (ws.max_row or 1) + 1):
        label = ws.cell(r, 1).value
        if _empty(label):
            continue
        f = lookup.get(c._norm(label))
        if f is None or f.name in got:
            continue
        v = ws.cell(r, 2).value
        if v is None and ws_f is not None and ws_f.cell(r, 2).data_type == "f":
            v = _FormulaMissing(str(ws_f.cell(r, 2).value))
        got[f.name] = (v, f"B{r}")
    errors: list[str] = []

    def err(aturan, sel, pesan):
        issues.add(rel, sheet, sel, aturan, pesan)
        errors.append(f"Identitas {sel}: {pesan}" if sel else f"Identitas: {pesan}")

    values = {}
    for f in spec.fields:
        v, ref = got.get(f.name, (None, ""))
        if isinstance(v, _FormulaMissing):
            err("rumus_tanpa_nilai", ref,
                f"Sel {ref} ('{f.header}') berisi rumus '{v.formula}' tanpa nilai tersimpan; "
                "buka berkas di Excel, simpan ulang, lalu kirim kembali.")
            values[f.name] = _BAD
            continue
        if _empty(v):
            if f.required and f.name != "opd":
                where = f"sel {ref} kosong" if ref else f"baris '{f.header}' tidak ada di kolom A"
                err("wajib_diisi", ref,
                    f"Isian '{f.header}' pada lembar Identitas wajib diisi ({where}); semua baris "
                    "berkas ini dikarantina.")
                values[f.name] = _BAD
            else:
                values[f.name] = None
            continue
        values[f.name] = (v, ref)

    ident = {}
    # unit
    if values["unit"] not in (None, _BAD):
        v, ref = values["unit"]
        kode, exact = _resolve_unit(v)
        if kode is None:
            err("unit_tidak_dikenal", ref,
                f"Unit '{_show(v)}' tidak dikenal; gunakan kode unit ({_unit_choices()}) atau "
                "nama resminya. Semua baris berkas ini dikarantina.")
        else:
            if not exact:
                issues.add(rel, sheet, ref, "unit_alias",
                           f"Unit ditulis '{_show(v)}'; dikenali sebagai {kode} "
                           f"({c.nama_unit(kode)}). Gunakan kode atau nama resmi unit.")
            ident["unit"] = kode
    # tahun
    if values["tahun"] not in (None, _BAD):
        v, ref = values["tahun"]
        th = _as_int(v)
        if th is None:
            err("tahun_tidak_sesuai", ref,
                f"Tahun pada Identitas berisi '{_show(v)}', bukan tahun; seharusnya {tahun}. "
                "Semua baris berkas ini dikarantina.")
        elif th != tahun:
            extra = " (tahun yang akan datang)" if th > tahun else ""
            err("tahun_tidak_sesuai", ref,
                f"Tahun pada Identitas {th}{extra}, sedangkan yang diproses tahun {tahun}. "
                "Semua baris berkas ini dikarantina.")
        else:
            ident["tahun"] = th
    # bulan
    if values["bulan"] not in (None, _BAD):
        v, ref = values["bulan"]
        bl = _as_month(v)
        if bl is None or not 1 <= bl <= 12:
            err("bulan_tidak_sah", ref,
                f"Bulan pada Identitas berisi '{_show(v)}'; seharusnya angka 1 sampai 12 atau "
                "nama bulan. Semua baris berkas ini dikarantina.")
        else:
            ident["bulan"] = bl
    # tanggal kirim
    if values["tanggal_kirim"] not in (None, _BAD):
        v, ref = values["tanggal_kirim"]
        tgl = None
        try:
            if isinstance(v, (int, float)) and not isinstance(v, bool) and 1 <= v < 2958466:
                from openpyxl.utils.datetime import from_excel

                tgl = from_excel(v).date()
            else:
                tgl = parse_tanggal(v)
        except (ValueError, TypeError, OverflowError):
            tgl = None
        if tgl is None:
            err("bukan_tanggal", ref,
                f"Tanggal Kirim berisi '{_show(v)}', bukan tanggal yang sah (contoh: "
                "05/02/2024). Semua baris berkas ini dikarantina.")
        else:
            ident["tanggal_kirim"] = tgl
    if not errors and {"unit", "tahun", "bulan", "tanggal_kirim"} <= set(ident):
        bl, th, tgl = ident["bulan"], ident["tahun"], ident["tanggal_kirim"]
        akhir = (due_date(th, bl, 1) - _dt.timedelta(days=1))
        if tgl < akhir:
            _, ref = values["tanggal_kirim"]
            issues.add(rel, sheet, ref, "tanggal_masa_depan",
                       f"Tanggal Kirim {format_tanggal(tgl)} lebih awal dari akhir bulan laporan "
                       f"({format_tanggal(akhir)}); periksa tanggal atau bulan laporan.")
        return ident, errors
    return None, errors


class _FormulaMissing:
    def __init__(self, formula):
        self.formula = formula


_BAD = object()


def _as_int(v) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return int(v) if v.is_integer() else None
    s = str(v).strip()
    return int(s) if re.fullmatch(r"\d{1,4}", s) else None


def _as_month(v) -> int | None:
    n = _as_int(v)
    if n is not None:
        return n
    key = c._norm(v)
    for i, name in enumerate(NAMA_BULAN, start=1):
        if key in (c._norm(name), c._norm(name)[:3]):
            return i
    return None


def _read_monthly(rel: str, data: bytes, tahun: int, settings: Settings,
                  info: _PkInfo) -> _Monthly:
    part = _Part(rel)
    m = _Monthly(part, hashlib.sha256(data).hexdigest())
    issues = part.issues
    book = _open_book(data, rel, issues)
    if book is None:
        m.ident_errors.append("berkas tidak dapat dibaca")
        return m
    names = tuple(s.name for s in c.BULANAN_WORKBOOK.sheets)
    sheets = _match_sheets(book, rel, names, issues)
    if sheets is None:
        m.ident_errors.append("berkas tanpa lembar data")
        return m
    for name in names:
        if name not in sheets:
            msg = f"Lembar wajib '{name}' tidak ada pada berkas laporan bulanan."
            if name == c.IDENTITAS_SHEET.name:
                msg += " Unit, tahun dan bulan tidak dapat diketahui; semua baris dikarantina."
                m.ident_errors.append(msg)
            issues.add(rel, "", "", "sheet_hilang", msg)
    if c.IDENTITAS_SHEET.name in sheets:
        m.ident, errs = _read_identitas(book, sheets[c.IDENTITAS_SHEET.name], rel, tahun, issues)
        m.ident_errors.extend(errs)
    ident = m.ident
    if ident is not None:
        m.ident = dict(ident)
        name = rel.rsplit("/", 1)[-1]
        stem = name.rsplit(".", 1)[0] if "." in name else name
        expected = c.bulanan_filename(ident["unit"], ident["tahun"], ident["bulan"])
        fm = _FILENAME.match(stem)
        ok = bool(fm) and (
            c.resolve_unit(fm["unit"]) == ident["unit"] and int(fm["tahun"]) == ident["tahun"]
            and int(fm["bulan"]) == ident["bulan"])
        ext_ok = Path(name).suffix.lower() in (".xlsx", ".xlsm")
        if not (ok and ext_ok):
            issues.add(rel, "", "", "nama_berkas_tidak_sesuai",
                       f"Nama berkas '{name}' tidak sesuai isi lembar Identitas (unit "
                       f"{ident['unit']}, {nama_bulan(ident['bulan'])} {ident['tahun']}); nama "
                       f"yang diharapkan '{expected}'. Data dibaca menurut lembar Identitas.")
    unit = ident["unit"] if ident else None

    if c.REALISASI_SHEET.name in sheets:
        spec = c.REALISASI_SHEET
        t = _read_table(book, sheets[spec.name], spec, {"kode", "realisasi"}, rel, issues)
        seen: dict = {}
        for row in t.rows:
            if t.fatal:  # structure broken: no per-cell checks, quarantine the row
                m.realisasi.append((None, t.fatal, t.sheet, row.excel_row))
                continue
            chk = _Check(issues, rel, t, row, spec)
            rec = _check_realisasi(chk, seen, info, unit)
            m.realisasi.append((rec, t.fatal + chk.errors, t.sheet, row.excel_row))
    if c.REALISASI_ANGGARAN_SHEET.name in sheets:
        spec = c.REALISASI_ANGGARAN_SHEET
        t = _read_table(book, sheets[spec.name], spec, {"kode_kegiatan", "realisasi_anggaran"},
                        rel, issues)
        seen = {}
        for row in t.rows:
            if t.fatal:
                m.anggaran.append((None, t.fatal, t.sheet, row.excel_row))
                continue
            chk = _Check(issues, rel, t, row, spec)
            kode = chk.text("kode_kegiatan")
            _duplicates(chk, kode, seen, "kode_kegiatan")
            if kode is not None:
                key = _code_key(kode)
                if key in info.kegiatan:
                    kode = info.kegiatan[key]
                    owner = info.kegiatan_unit.get(kode)
                    if unit and owner and owner != unit:
                        chk.add("indikator_bukan_unit", chk.ref("kode_kegiatan"),
                                f"Kegiatan {kode} dilaksanakan oleh {owner} menurut lembar "
                                f"Anggaran, tetapi dilaporkan oleh {unit}.")
                else:
                    chk.add("kode_tidak_dikenal", chk.ref("kode_kegiatan"),
                            f"Kode kegiatan '{_show(kode)}' tidak ada pada lembar Anggaran "
                            "berkas Perjanjian Kinerja tahun ini.")
            nilai, status = chk.number("realisasi_anggaran")
            if status == "kosong":
                chk.add("realisasi_kosong", chk.ref("realisasi_anggaran"),
                        f"Realisasi anggaran kegiatan {kode or '(tanpa kode)'} kosong; isi 0 bila "
                        "tidak ada belanja bulan ini.")
            rec = {"kode_kegiatan": kode, "realisasi_anggaran": nilai}
            m.anggaran.append((rec, t.fatal + chk.errors, t.sheet, row.excel_row))
    return m


def _check_realisasi(chk: _Check, seen: dict, info: _PkInfo, unit: str | None) -> dict:
    kode = chk.text("kode")
    _duplicates(chk, kode, seen, "kode")
    kode = _known_kode(chk, kode, info, "kode")
    agregasi = info.agregasi.get(kode)
    owner = info.unit.get(kode)
    if unit and owner and owner != unit:
        chk.add("indikator_bukan_unit", chk.ref("kode"),
                f"Indikator {kode} menjadi tanggung jawab {owner} menurut Perjanjian Kinerja, "
                f"tetapi dilaporkan oleh {unit}.")
    realisasi, st_r = chk.number("realisasi")
    pembilang, st_p = chk.number("pembilang")
    penyebut, st_q = chk.number("penyebut")
    if agregasi == "rasio":
        if st_p == "kosong" and st_q == "kosong":
            if st_r == "kosong":
                chk.add("realisasi_kosong", chk.ref("realisasi"),
                        f"Realisasi indikator rasio {kode} kosong (pembilang dan penyebut tidak "
                        "diisi); bulan ini dianggap tidak melapor untuk indikator ini.")
            elif st_r == "ok":
                chk.add("rasio_tidak_lengkap", chk.ref("pembilang") or chk.ref("realisasi"),
                        f"Indikator {kode} adalah rasio: isi Pembilang dan Penyebut, bukan hanya "
                        f"Realisasi ({format_number(realisasi, 4)}).")
            realisasi = math.nan
        elif st_p == "kosong" or st_q == "kosong":
            which, ref = (("Pembilang", chk.ref("pembilang")) if st_p == "kosong"
                          else ("Penyebut", chk.ref("penyebut")))
            chk.add("rasio_tidak_lengkap", ref,
                    f"Indikator rasio {kode}: {which} kosong; isi Pembilang dan Penyebut.")
            realisasi = math.nan
        elif st_p == "ok" and st_q == "ok":
            if pembilang > penyebut:
                chk.add("pembilang_lebih_besar", chk.ref("pembilang"),
                        f"Pembilang {format_number(pembilang, 4)} lebih besar dari penyebut "
                        f"{format_number(penyebut, 4)} untuk indikator {kode}.")
                realisasi = math.nan
            else:
                realisasi = pembilang / penyebut * 100 if penyebut > 0 else math.nan
        else:
            realisasi = math.nan
    elif st_r == "kosong":
        chk.add("realisasi_kosong", chk.ref("realisasi"),
                f"Realisasi indikator {kode or '(tanpa kode)'} kosong atau '-'; bulan ini "
                "dianggap tidak melapor untuk indikator ini.")
    return {
        "kode": kode, "realisasi": realisasi, "pembilang": pembilang, "penyebut": penyebut,
        "kendala": chk.text("kendala"), "tindak_lanjut": chk.text("tindak_lanjut"),
        "bukti": chk.text("bukti"),
    }


# --------------------------------------------------------------------------- frames


def _frame(records: list[dict], columns) -> pd.DataFrame:
    df = pd.DataFrame.from_records(records, columns=list(columns)) if records else \
        pd.DataFrame({col: [] for col in columns})
    out = {}
    for col in columns:
        s = df[col]
        if col in _NUMBER_COLS:
            out[col] = pd.to_numeric(s, errors="coerce").astype("float64")
        elif col in _INT_COLS or col == "ukuran":
            out[col] = s.astype("int64")
        elif col in _DATE_COLS:
            out[col] = pd.to_datetime(s).astype("datetime64[ns]")
        else:
            out[col] = s.astype(object).where(s.notna(), None)
    return pd.DataFrame(out, columns=list(columns))


def _sorted(df: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    if df.empty:
        return df.reset_index(drop=True)
    return df.sort_values(by, kind="mergesort", na_position="last").reset_index(drop=True)


def _rel(paths: Paths, p: Path) -> str:
    try:
        return p.relative_to(paths.raw).as_posix()
    except ValueError:
        return p.as_posix()


def monthly_files(paths: Paths, tahun: int) -> list[Path]:
    """Files under the monthly folder to read, sorted by relative path (lock files skipped)."""
    folder = paths.monthly_dir(tahun)
    if not folder.is_dir():
        return []
    out = []
    for p in folder.rglob("*"):
        rel_parts = p.relative_to(folder).parts
        if any(part.startswith(".") for part in rel_parts[:-1]):
            continue
        if p.is_file() and not _skip_file(p):
            out.append(p)
    return sorted(out, key=lambda p: p.relative_to(folder).as_posix())


def read_year(paths: Paths, tahun: int, settings: Settings) -> IngestResult:
    """Read and validate every workbook of one year.

    Parameters
    ----------
    paths : Paths
        Project tree; reads ``paths.pk_workbook(tahun)`` and ``paths.monthly_dir(tahun)``.
    tahun : int
        The year processed (Identitas years that differ are ``tahun_tidak_sesuai``).
    settings : Settings
        Supplies ``kode_opd`` and ``metode_negatif_default``.

    Returns
    -------
    IngestResult

    Raises
    ------
    IngestError
        When the Perjanjian Kinerja workbook is missing, unreadable or has no
        *Perjanjian Kinerja* sheet (message in Indonesian).
    """
    pk_path = paths.pk_workbook(tahun)
    if not pk_path.is_file():
        raise IngestError(
            f"Berkas Perjanjian Kinerja tahun {tahun} tidak ditemukan: {pk_path}. Data bulanan "
            "tidak dapat diperiksa tanpa berkas ini. Letakkan berkas "
            f"'{c.pk_filename(tahun)}' di folder {pk_path.parent} (templat: kinerja templat "
            f"--tahun {tahun}).")
    sumber = []
    parts: list[_Part] = []
    pk_bytes = pk_path.read_bytes()
    pk_rel = _rel(paths, pk_path)
    sumber.append({"file": pk_rel, "sha256": hashlib.sha256(pk_bytes).hexdigest(),
                   "ukuran": len(pk_bytes)})
    pk_part = _Part(pk_rel)
    try:
        info = _read_pk(paths, tahun, settings, pk_rel, pk_bytes, pk_part)
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise IngestError(
            f"Berkas Perjanjian Kinerja {pk_rel} tidak dapat diproses "
            f"({type(exc).__name__}: {exc}).") from exc
    parts.append(pk_part)

    monthly: list[_Monthly] = []
    for p in monthly_files(paths, tahun):
        data = p.read_bytes()
        rel = _rel(paths, p)
        sumber.append({"file": rel, "sha256": hashlib.sha256(data).hexdigest(),
                       "ukuran": len(data)})
        try:
            m = _read_monthly(rel, data, tahun, settings, info)
        except Exception as exc:  # noqa: BLE001 - never a traceback for a bad file
            m = _Monthly(_Part(rel), hashlib.sha256(data).hexdigest())
            m.part.issues.add(rel, "", "", "berkas_rusak",
                              f"Berkas '{p.name}' tidak dapat diproses "
                              f"({type(exc).__name__}: {exc}); semua isinya diabaikan.")
            m.realisasi, m.anggaran, m.ident = [], [], None
            m.ident_errors = ["berkas tidak dapat diproses"]
        monthly.append(m)

    # one submission per unit and month: the latest tanggal_kirim wins
    groups: dict[tuple, list[_Monthly]] = {}
    for m in monthly:
        if m.ident is not None and not m.ident_errors:
            groups.setdefault((m.ident["unit"], m.ident["bulan"]), []).append(m)
    for (unit, bulan), ms in groups.items():
        if len(ms) < 2:
            continue
        ms = sorted(ms, key=lambda m: (m.ident["tanggal_kirim"], m.part.rel))
        keep = ms[-1]
        for m in ms[:-1]:
            msg = (f"Laporan unit {unit} bulan {nama_bulan(bulan)} {tahun} dikirim lebih dari "
                   f"sekali; yang dipakai '{keep.part.rel}' (tanggal kirim "
                   f"{format_tanggal(keep.ident['tanggal_kirim'])}). Semua baris berkas ini "
                   "dikarantina; hapus salah satu berkas.")
            m.part.issues.add(m.part.rel, "", "", "kiriman_ganda", msg)
            m.ident_errors.append(msg)

    opd = settings.kode_opd
    pengiriman = []
    for m in monthly:
        file_errors = list(m.ident_errors)
        ident = m.ident or {}
        tgl = ident.get("tanggal_kirim")
        for rec, errs, sheet, r in m.realisasi:
            full = {"opd": opd, "tahun": tahun, "bulan": ident.get("bulan"),
                    "unit": ident.get("unit"), **(rec or {}), "tanggal_kirim": tgl,
                    **_lineage(m.part.rel, sheet, r)}
            m.part.put("realisasi", full, file_errors + errs, sheet, r)
        for rec, errs, sheet, r in m.anggaran:
            full = {"opd": opd, "tahun": tahun, "bulan": ident.get("bulan"),
                    "unit": ident.get("unit"), **(rec or {}), "tanggal_kirim": tgl,
                    **_lineage(m.part.rel, sheet, r)}
            m.part.put("realisasi_anggaran", full, file_errors + errs, sheet, r)
        if not file_errors and m.ident is not None:
            pengiriman.append({"opd": opd, "tahun": tahun, "bulan": ident["bulan"],
                               "unit": ident["unit"], "tanggal_kirim": tgl,
                               "sumber_file": m.part.rel, "sha256": m.sha256})
        parts.append(m.part)

    acc = {j: [] for j in JENIS}
    kar, kual = [], []
    counts = {j: {"dibaca": 0, "diterima": 0, "dikarantina": 0} for j in JENIS}
    for part in parts:
        kual.extend(part.issues.rows)
        for j in JENIS:
            acc[j].extend(part.accepted[j])
            kar.extend(part.quarantined[j])
            counts[j]["dibaca"] += part.read[j]
            counts[j]["dikarantina"] += len(part.quarantined[j])
            n_acc = (len({r["sumber_baris"] for r in part.accepted[j]}) if j == "ra"
                     else len(part.accepted[j]))
            counts[j]["diterima"] += n_acc

    data = YearData(
        tahun=tahun,
        pk=_sorted(_frame(acc["pk"], c.PK_COLUMNS), ["kode"]),
        ra=_sorted(_frame(acc["ra"], c.RA_COLUMNS), ["kode", "triwulan"]),
        anggaran=_sorted(_frame(acc["anggaran"], c.ANGGARAN_COLUMNS), ["kode_kegiatan"]),
        realisasi=_sorted(_frame(acc["realisasi"], c.REALISASI_COLUMNS),
                          ["unit", "bulan", "kode", "sumber_file", "sumber_baris"]),
        realisasi_anggaran=_sorted(
            _frame(acc["realisasi_anggaran"], c.REALISASI_ANGGARAN_COLUMNS),
            ["unit", "bulan", "kode_kegiatan", "sumber_file", "sumber_baris"]),
        pengiriman=_sorted(_frame(pengiriman, c.PENGIRIMAN_COLUMNS),
                           ["unit", "bulan", "sumber_file"]),
        kualitas=_sorted(_frame(kual, c.KUALITAS_COLUMNS), ["file"]),
        karantina=_sorted(_frame(kar, c.KARANTINA_COLUMNS),
                          ["sumber_file", "sumber_sheet", "sumber_baris"]),
        sumber=_sorted(_frame(sumber, ("file", "sha256", "ukuran")), ["file"]),
    )
    return IngestResult(data, len(sumber), counts)


# --------------------------------------------------------------------------- CLI




def problem_lines(kualitas: pd.DataFrame, limit: int | None = 60) -> list[str]:
    """Problems as printable Indonesian lines (errors first), at most ``limit`` of them."""
    if kualitas.empty:
        return []
    order = kualitas.assign(_e=(kualitas["tingkat"] != "error").astype(int))
    order = order.sort_values(["_e", "file"], kind="mergesort")
    lines = []
    for _, r in order.iterrows():
        tanda = "GALAT" if r["tingkat"] == "error" else "PERINGATAN"
        where = " | ".join(x for x in (r["file"], r["sheet"], r["sel"]) if x)
        lines.append(f"  [{tanda}] {where}: {r['pesan']}")
    if limit is not None and len(lines) > limit:
        rest = len(lines) - limit
        lines = lines[:limit] + [f"  ... dan {format_number(rest, 0)} masalah lain (lihat lembar "
                                 "'Kualitas Data' pada rekap)."]
    return lines


