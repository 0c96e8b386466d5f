"""One workbook reader driven by the contract's sheet specs (``contract.SheetSpec``).

Every data sheet of the raw-data contract (Perjanjian Kinerja, Rencana Aksi, Anggaran,
Realisasi and the monthly Anggaran) is read the same way:

1. :func:`~kinerja_lib.io.workbook.open_book` opens workbook bytes or records why they
   cannot be read, :func:`~kinerja_lib.io.workbook.match_sheets` maps its sheets to the
   contract's sheet names (both re-exported here);
2. :func:`find_headers` is the one header lookup (normalised header text or column name);
3. :func:`read_table` reads a header-on-row-1 sheet into raw rows;
4. :func:`check_rows` is the one quarantine loop: every row goes through a per-sheet check
   callback that reads typed cells through :class:`RowCheck` and then to a ``put`` callback
   with its error messages (rows with errors are quarantined by the caller).

:func:`~kinerja_lib.io.workbook.open_values` and :func:`read_table_lenient` serve readers
that only need values (the templates' light Perjanjian Kinerja read): same sheet specs and
header lookup, no quality table.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from kinerja_lib.domain import contract as c
from kinerja_lib.domain.errors import NumberParseError
from kinerja_lib.domain.numbers import (
    bacaan_ganda,
    format_number,
    format_tanggal,
    parse_number,
)
from kinerja_lib.domain.organisasi import Organisasi
from kinerja_lib.io.workbook import (
    Book,
    Issues,
    content_notes,
    match_sheets,
    open_book,
    open_values,
)

__all__ = [
    "JENIS", "Book", "Issues", "Part", "RawRow", "RowCheck", "Table", "as_text", "check_rows",
    "code_key", "find_headers", "header_lookup", "is_empty", "lineage", "match_sheets",
    "open_book", "open_values", "read_table", "read_table_lenient", "resolve_unit", "show",
    "unit_choices", "unit_problem",
]

JENIS = ("pk", "ra", "anggaran", "realisasi", "realisasi_anggaran")
"""Sheet types counted by the invariant rows read = accepted + quarantined."""


# --------------------------------------------------------------------------- quarantine


@dataclass
class Part:
    """Rows of one file (merged into the year only if the file was processed completely)."""

    rel: str
    issues: Issues = field(default_factory=Issues)
    accepted: dict = field(default_factory=lambda: {j: [] for j in JENIS})
    quarantined: dict = field(default_factory=lambda: {j: [] for j in JENIS})
    read: dict = field(default_factory=lambda: {j: 0 for j in JENIS})

    def put(self, jenis, record, errors, sheet, excel_row):
        """Count a row read and accept it, or quarantine it when it has errors."""
        self.read[jenis] += 1
        if errors:
            self.quarantined[jenis].append({
                "sumber_file": self.rel, "sumber_sheet": sheet, "sumber_baris": excel_row,
                "alasan": "; ".join(dict.fromkeys(errors)),
            })
        else:
            self.accepted[jenis].append(record)


def lineage(rel, sheet, excel_row) -> dict:
    """The lineage columns of an accepted row."""
    return {"sumber_file": rel, "sumber_sheet": sheet, "sumber_baris": excel_row}


# --------------------------------------------------------------------------- cell values


def is_empty(v) -> bool:
    """True for a blank cell (None or whitespace-only text)."""
    return v is None or (isinstance(v, str) and not v.strip())


def show(v) -> str:
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


def as_text(v) -> str:
    """A cell value as stored text (integral floats without ``.0``, dates ISO)."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, _dt.datetime):
        return v.date().isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    return str(v).replace("\r\n", "\n").strip()


def code_key(v) -> str:
    """Matching key of a code: no whitespace, upper case."""
    return re.sub(r"\s+", "", as_text(v)).upper()


def resolve_unit(value, org: Organisasi) -> tuple[str | None, bool]:
    """(unit code or None, True when written exactly as code or official name)."""
    m = org.cari(value)
    return m.kode, m.exact


def unit_choices(org: Organisasi) -> str:
    """The office's units, as listed in messages (``KODE (Nama), ...``)."""
    return org.pilihan()


def unit_problem(raw, org: Organisasi, where: str) -> tuple[str, str]:
    """(aturan, Indonesian message) for a unit text that does not resolve.

    ``where`` describes the cell (``"pada kolom 'Unit'"``). An alias shared by several units is
    ``unit_ambigu``; anything else is ``unit_tidak_dikenal`` with the valid units listed (and
    the likely ones first when the text's words occur in some unit names).
    """
    m = org.cari(raw)
    if m.ambigu:
        return "unit_ambigu", (f"Unit '{show(raw)}' {where} cocok dengan lebih dari satu unit: "
                               f"{org.pilihan(m.kandidat)}. Tulis kode unit atau nama resminya.")
    if not org.units:
        return "unit_tidak_dikenal", (
            f"Unit '{show(raw)}' {where} tidak dikenal: belum ada unit yang didefinisikan di "
            "data/pengaturan.toml (lihat: kinerja kantor baru).")
    hint = f" Mungkin maksudnya: {org.pilihan(m.kandidat)}." if m.kandidat else ""
    return "unit_tidak_dikenal", (f"Unit '{show(raw)}' {where} tidak dikenal.{hint} Gunakan "
                                  f"kode atau nama resmi salah satu unit: {unit_choices(org)}.")


_FORMAT_LITERAL = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')
"""Parts of a number format that print literally or style: quoted text, ``\\x``, ``_x``,
``*x`` and ``[...]`` (colour, locale, condition)."""


def _is_percent_format(fmt) -> bool:
    """True when an Excel number format scales the value by 100 (a real ``%`` code).

    A ``%`` inside quotes (``0" %"``) or escaped (``0\\%``) is literal text: Excel shows the
    stored number unchanged, so the value must not be multiplied.
    """
    return "%" in _FORMAT_LITERAL.sub("", fmt or "")


# --------------------------------------------------------------------------- headers


def header_lookup(columns) -> dict[str, c.Column]:
    """Normalised header text and column name -> column (first declaration wins)."""
    lookup: dict[str, c.Column] = {}
    for col in columns:
        lookup.setdefault(c._norm(col.header), col)
        lookup.setdefault(c._norm(col.name), col)
    return lookup


def find_headers(first_row, spec: c.SheetSpec,
                 extras: list[tuple[str, str]] | None = None) -> dict[str, int]:
    """Locate the spec's columns on row 1: the one header lookup of every data sheet.

    Parameters
    ----------
    first_row : sequence
        The values of row 1 (the header row), column A first.
    spec : contract.SheetSpec
        Its columns are matched by header text or column name, ignoring case, accents,
        punctuation and extra spaces.
    extras : list, optional
        Receives ``(cell, message)`` for every ``kolom_tambahan`` problem (unknown or
        repeated header), in column order. Lenient readers leave it out.

    Returns
    -------
    dict
        Column name -> 1-based column index; a repeated column keeps its first occurrence.
    """
    lookup = header_lookup(spec.columns)
    header: dict[str, int] = {}
    for j, v in enumerate(first_row, start=1):
        if is_empty(v):
            continue
        col = lookup.get(c._norm(v))
        ref = f"{get_column_letter(j)}1"
        if col is not None and col.name not in header:
            header[col.name] = j
        elif extras is None:
            continue
        elif col is None:
            extras.append(
                (ref, f"Kolom '{show(v)}' (sel {ref}) bukan kolom templat; isinya diabaikan."))
        else:  # the same column again: the first one is read
            first = f"{get_column_letter(header[col.name])}1"
            extras.append((ref, f"Kolom '{col.header}' muncul dua kali (sel {first} dan {ref}); "
                                f"yang dibaca kolom pertama ({first})."))
    return header


# --------------------------------------------------------------------------- tables


@dataclass
class RawRow:
    """One data row as found: cell values, their A1 references and missing-value formulas."""

    excel_row: int
    values: dict
    refs: dict
    formula: dict  # name -> formula text, for formula cells without a cached value
    panjang: set = field(default_factory=set)  # non-text columns over batas_karakter_sel


@dataclass
class Table:
    """A data sheet read by :func:`read_table`."""

    sheet: str
    rows: list[RawRow]
    present: set
    fatal: list[str]  # messages that quarantine every row of the sheet


def read_table(book: Book, ws, spec: c.SheetSpec, essential: set[str], rel: str,
               issues: Issues) -> Table:
    """Read a header-on-row-1 sheet into raw rows, reporting header and merge problems.

    Parameters
    ----------
    book : Book
        The workbook (its formula view tells formulas without cached value).
    ws : Worksheet
        The sheet in ``book.values``.
    spec : contract.SheetSpec
        The sheet's columns.
    essential : set of str
        Columns whose absence quarantines every row (``kolom_hilang`` error); other missing
        input columns are a warning and read as empty.
    rel : str
        File name for the quality table.
    issues : Issues
        Receives header, missing-column and merge problems.

    Returns
    -------
    Table
        Rows from row 2 with at least one non-empty cell (or formula).
    """
    sheet = ws.title
    extras: list[tuple[str, str]] = []
    header = find_headers([ws.cell(1, j).value for j in range(1, (ws.max_column or 1) + 1)],
                          spec, extras)
    for ref, msg in extras:
        issues.add(rel, sheet, ref, "kolom_tambahan", msg)
    fatal = _missing_columns(spec, header, essential, rel, sheet, issues)
    fill = _merged_fill(ws, spec, header, rel, issues)
    ws_f = book.formulas[sheet] if book.formulas is not None else None
    rows = [
        _raw_row(ws, ws_f, header, r, fill)
        for r in range(2, (ws.max_row or 1) + 1)
        if not _blank_row(ws, ws_f, r)
    ]
    content_notes(ws, ws_f, spec, rows, rel, issues, book.batas_karakter)
    return Table(sheet, rows, set(header), fatal)


def read_table_lenient(ws, spec: c.SheetSpec) -> tuple[dict[str, int], list[RawRow]]:
    """Header and every row from row 2 as stored, without any quality check.

    Values are the cached cell values as stored: no merge filling, no percentage scaling and
    no skipping of blank rows (the caller decides which rows count). Works on a read-only
    worksheet (:func:`open_values`): the sheet is streamed once.

    Returns
    -------
    header : dict
        Column name -> 1-based column index (as :func:`find_headers`).
    rows : list of RawRow
        One per sheet row from row 2; ``values``/``refs`` hold the columns found only.
    """
    first = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    header = find_headers(first, spec)
    rows = []
    for r, cells in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        values = {name: (cells[j - 1] if j <= len(cells) else None)
                  for name, j in header.items()}
        refs = {name: f"{get_column_letter(j)}{r}" for name, j in header.items()}
        rows.append(RawRow(r, values, refs, {}))
    return header, rows


def _missing_columns(spec, header, essential, rel, sheet, issues: Issues) -> list[str]:
    """Report spec columns absent from row 1; return the messages that quarantine the sheet."""
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
    return fatal


def _merged_fill(ws, spec, header, rel, issues: Issues) -> dict[tuple[int, int], object]:
    """Warn about merged ranges; text columns take the top-left value over the whole range.

    Number columns keep it in the top-left cell only, so a number is never counted twice.
    """
    by_index = {j: spec.column(n) for n, j in header.items()}
    fill: dict[tuple[int, int], object] = {}
    for mr in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        issues.add(rel, ws.title, mr.coord, "sel_gabungan",
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
    return fill


def _blank_row(ws, ws_f, r: int) -> bool:
    """A row without any value or formula in any column (not counted as read)."""
    return all(is_empty(ws.cell(r, j).value)
               and (ws_f is None or ws_f.cell(r, j).data_type != "f")
               for j in range(1, (ws.max_column or 1) + 1))


def _raw_row(ws, ws_f, header: dict[str, int], r: int, fill: dict) -> RawRow:
    values, refs, formula = {}, {}, {}
    for name, j in header.items():
        cell = ws.cell(r, j)
        v = fill.get((r, j), cell.value)
        # a cell shown as 85,5% stores 0.855: read what the unit sees
        if (isinstance(v, (int, float)) and not isinstance(v, bool)
                and _is_percent_format(cell.number_format)):
            v = round(v * 100, 10)
        if ws_f is not None and v is None:
            fc = ws_f.cell(r, j)
            if fc.data_type == "f":
                formula[name] = str(fc.value)
        values[name] = v
        refs[name] = f"{get_column_letter(j)}{r}"
    return RawRow(r, values, refs, formula)


# --------------------------------------------------------------------------- typed cells


class RowCheck:
    """Typed reading of one row; error-level problems are collected for the quarantine.

    Parameters
    ----------
    issues : Issues
        Receives every problem found in the row.
    rel : str
        File name for the quality table.
    table : Table
        The sheet the row belongs to.
    row : RawRow
        The row.
    spec : contract.SheetSpec
        The sheet's columns (headers for messages, required flags, ranges, choices).
    seen : dict
        Key code -> first Excel row, shared by the rows of one sheet (:meth:`key`).
    org : contract.Organisasi
        The office's units, for unit cells (:meth:`unit`).
    """

    def __init__(self, issues: Issues, rel: str, table: Table, row: RawRow,
                 spec: c.SheetSpec, seen: dict | None = None,
                 org: Organisasi | None = None):
        self.issues, self.rel, self.sheet, self.row, self.spec = issues, rel, table.sheet, row, spec
        self.seen = {} if seen is None else seen
        self.org = org if org is not None else Organisasi()
        self.errors: list[str] = []

    def add(self, aturan, sel, pesan, tingkat=None):
        """Record a problem of this row; errors also go to the quarantine reason."""
        t = self.issues.add(self.rel, self.sheet, sel, aturan, pesan, tingkat)
        if t == "error":
            self.errors.append(f"{sel}: {pesan}" if sel else pesan)

    def ref(self, name) -> str:
        """A1 reference of a column's cell in this row (``""`` when the column is absent)."""
        return self.row.refs.get(name, "")

    def lineage(self) -> dict:
        """The lineage columns of this row."""
        return lineage(self.rel, self.sheet, self.row.excel_row)

    def _formula(self, name) -> bool:
        """Report a formula without cached value or an over-long non-text cell; True if so."""
        f = self.row.formula.get(name)
        ref = self.ref(name)
        if name in self.row.panjang:
            self.add("sel_terlalu_panjang", ref,
                     f"Sel {ref} ('{self.spec.column(name).header}') berisi teks "
                     f"{len(str(self.row.values[name]))} karakter, terlalu panjang untuk "
                     "angka atau tanggal (pengaturan batas_karakter_sel).", "error")
            return True
        if f is None:
            return False
        self.add("rumus_tanpa_nilai", ref,
                 f"Sel {ref} ('{self.spec.column(name).header}') berisi rumus '{f}' tanpa nilai "
                 "tersimpan; buka berkas di Excel, simpan ulang, lalu kirim kembali.")
        return True

    def key(self) -> str | None:
        """The sheet's key code (``spec.key``) as text; a repeated code is ``baris_ganda``."""
        name = self.spec.key[0]
        kode = self.text(name)
        if kode is None:
            return None
        k = code_key(kode)
        if k in self.seen:
            self.add("baris_ganda", self.ref(name),
                     f"Kode {kode} sudah ada pada baris {self.seen[k]}; baris ganda ini "
                     "dikarantina.")
        else:
            self.seen[k] = self.row.excel_row
        return kode

    def text(self, name) -> str | None:
        """A text cell (None when blank; ``wajib_diisi`` when required)."""
        col = self.spec.column(name)
        if self._formula(name):
            return None
        v = self.row.values.get(name)
        if is_empty(v):
            if col.required:
                ref = self.ref(name)
                self.add("wajib_diisi", ref,
                         f"Kolom '{col.header}' wajib diisi"
                         + (f" (sel {ref} kosong)." if ref else " (kolom tidak ada)."))
            return None
        return as_text(v)

    def number(self, name, satuan: str | None = None) -> tuple[float, str]:
        """(value or NaN, status) with status ``ok``, ``kosong`` or ``salah``.

        ``satuan`` is the unit of the value (default: the column's fixed ``satuan``, e.g.
        ``Rp``). In a count or rupiah (``contract.satuan_cacah``) a text such as ``'22,955'``
        or ``'22,000'``, which the Indonesian convention reads as a decimal (22,955) and the
        English one as thousands (22.955), is ``pemisah_ambigu`` (error): a count is never
        written with three decimals. ``'3.250'`` is not (3.250 in Indonesian; its English
        reading 3,25 is no count). Numeric cells are never ambiguous.
        """
        col = self.spec.column(name)
        if self._formula(name):
            return math.nan, "salah"
        v = self.row.values.get(name)
        ref = self.ref(name)
        try:
            num = parse_number(v)
        except NumberParseError as exc:
            self.add("bukan_angka", ref, f"Kolom '{col.header}' berisi {exc}.")
            return math.nan, "salah"
        if num is not None and self._ambiguous(col, v, ref, col.satuan if satuan is None
                                               else satuan):
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
                     f"Kolom '{col.header}' berisi teks '{show(v)}'; dibaca sebagai angka "
                     f"{format_number(num, 6)}. Ketik angka tanpa tanda kutip.")
        if not self._in_range(col, num, ref):
            return math.nan, "salah"
        return num, "ok"

    def _ambiguous(self, col: c.Column, v, ref: str, satuan) -> bool:
        """Report ``pemisah_ambigu`` for a count typed like ``'22,955'``; True when reported."""
        readings = bacaan_ganda(v)
        if readings is None or not c.satuan_cacah(satuan):
            return False
        ind, eng = readings
        if abs(ind) >= abs(eng):  # '3.250' = 3.250 (the other reading, 3,25, is no count)
            return False
        self.add("pemisah_ambigu", ref,
                 f"Sel {ref} (kolom '{col.header}', satuan {satuan}): '{show(v)}' "
                 f"dapat dibaca {format_number(ind, 6)} (desimal) atau "
                 f"{format_number(eng, 6)} (ribuan); tulis angka tanpa pemisah ribuan "
                 f"({eng:.0f}) atau sesuai format Indonesia ({format_number(eng, 6)}).")
        return True

    def _in_range(self, col: c.Column, num: float, ref: str) -> bool:
        lo, hi = col.min, col.max
        if not ((lo is not None and num < lo) or (hi is not None and num > hi)):
            return True
        if lo is not None and hi is not None:
            batas = f"{format_number(lo, 6)} sampai {format_number(hi, 6)}"
        elif lo is not None:
            batas = f"paling kecil {format_number(lo, 6)}"
        else:
            batas = f"paling besar {format_number(hi, 6)}"
        self.add("di_luar_rentang", ref,
                 f"Nilai {format_number(num, 6)} pada kolom '{col.header}' di luar rentang "
                 f"yang diizinkan ({batas}).")
        return False

    def enum(self, name) -> str | None:
        """A choice cell as its code (``pilihan_tidak_sah`` when not a choice)."""
        col = self.spec.column(name)
        raw = self.text(name)
        if raw is None:
            return None
        code = c.parse_enum(raw, col.choices)
        if code is None:
            pilihan = ", ".join(col.choices.values())
            self.add("pilihan_tidak_sah", self.ref(name),
                     f"Kolom '{col.header}' berisi '{show(raw)}'; pilihan yang sah: {pilihan}.")
        return code

    def unit(self, name) -> str | None:
        """A unit cell as unit code (alias accepted with a warning)."""
        col = self.spec.column(name)
        raw = self.text(name)
        if raw is None:
            return None
        kode, exact = resolve_unit(raw, self.org)
        ref = self.ref(name)
        if kode is None:
            aturan, pesan = unit_problem(raw, self.org, f"pada kolom '{col.header}'")
            self.add(aturan, ref, pesan)
        elif not exact:
            self.add("unit_alias", ref,
                     f"Unit ditulis '{show(raw)}'; dikenali sebagai {kode} "
                     f"({self.org.nama_unit(kode)}). Gunakan kode atau nama resmi unit.")
        return kode


# --------------------------------------------------------------------------- quarantine loop

Put = Callable[[object, list, str, int], None]
"""``put(record or None, error messages, sheet, excel_row)``: accept or quarantine one row
(the signature of :meth:`Part.put` after its ``jenis``)."""


def check_rows(book: Book, ws, spec: c.SheetSpec, essential: set[str], rel: str,
               issues: Issues, check: Callable[[RowCheck], object], put: Put,
               org: Organisasi | None = None) -> Table:
    """Read a sheet and pass every row through ``check`` then ``put``: the quarantine loop.

    Parameters
    ----------
    book, ws, spec, essential, rel, issues
        As for :func:`read_table`.
    check : callable
        ``check(RowCheck) -> record``: reads the row's typed cells (problems are recorded on
        the RowCheck) and returns the record to accept.
    put : callable
        ``put(record, errors, sheet, excel_row)``. When a missing essential column breaks the
        sheet the rows are not checked: ``put(None, fatal messages, ...)`` quarantines each.
    org : contract.Organisasi, optional
        The office's units, for sheets with unit cells.

    Returns
    -------
    Table
        The sheet as read (``fatal`` tells whether its rows were checked).
    """
    table = read_table(book, ws, spec, essential, rel, issues)
    seen: dict = {}
    for row in table.rows:
        if table.fatal:  # structure broken: no per-cell checks, quarantine the row
            put(None, table.fatal, table.sheet, row.excel_row)
            continue
        chk = RowCheck(issues, rel, table, row, spec, seen, org)
        record = check(chk)
        put(record, chk.errors, table.sheet, row.excel_row)
    return table
