"""Open raw workbooks: file type by content, one load, sheets matched to the contract.

Problems that keep a file from being read at all (empty, old ``.xls``, not a workbook,
damaged) are file-level rows of the quality table (:class:`Issues`). Used by
:mod:`kinerja_lib.io.reader` and the ingest modules.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from kinerja_lib.domain import contract as c
from kinerja_lib.domain.errors import UserError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"


# --------------------------------------------------------------------------- quality table


@dataclass
class Issues:
    """Collects quality-table rows (``contract.KUALITAS_COLUMNS``) for one file."""

    rows: list[dict] = field(default_factory=list)

    def add(self, file, sheet, sel, aturan, pesan, tingkat=None) -> str:
        """Record one problem and return its severity (the rule's default unless given)."""
        if aturan not in c.ATURAN:  # pragma: no cover - programming error
            raise KeyError(aturan)
        t = tingkat or c.ATURAN[aturan][0]
        self.rows.append({"file": file, "sheet": sheet, "sel": sel, "aturan": aturan,
                          "pesan": pesan, "tingkat": t})
        return t


# --------------------------------------------------------------------------- workbook opening


@dataclass
class Book:
    """A workbook read twice only when needed: cached values and formulas."""

    values: openpyxl.Workbook
    formulas: openpyxl.Workbook | None  # None when the workbook holds no formula


def _file_problem(data: bytes, name: str) -> tuple[str, str] | None:
    """(rule, message) when the bytes are not an .xlsx package at all, judged by content."""
    suffix = Path(name).suffix.lower()
    if len(data) == 0:
        return ("berkas_kosong",
                f"Berkas '{name}' kosong (0 byte). Kirim ulang berkas laporan yang sudah diisi.")
    if data.startswith(OLE2_MAGIC) or suffix == ".xls":
        return ("format_xls",
                f"Berkas '{name}' berformat Excel lama (.xls) atau terkunci kata sandi. Buka di "
                "Excel, hapus kata sandi bila ada, lalu simpan sebagai 'Excel Workbook (.xlsx)'.")
    if not data.startswith(ZIP_MAGIC):
        jenis = "teks biasa" if _looks_text(data[:200]) else "data biner yang tidak dikenal"
        return ("bukan_excel",
                f"Berkas '{name}' bukan workbook Excel (isinya {jenis}). Kirim laporan dalam "
                "format .xlsx sesuai templat.")
    return None


def _package_problem(names: set[str], name: str) -> tuple[str, str] | None:
    """(rule, message) when a ZIP package is not an Excel workbook."""
    if "xl/workbook.xml" in names:
        return None
    if "content.xml" in names and "mimetype" in names:
        # LibreOffice's own format: the unit only needs to save as .xlsx
        return ("bukan_excel",
                f"Berkas '{name}' berformat OpenDocument (.ods, LibreOffice), bukan "
                ".xlsx. Di LibreOffice pilih File > Simpan Sebagai > 'Excel 2007-365 "
                "(.xlsx)', lalu kirim kembali.")
    return ("bukan_excel",
            f"Berkas '{name}' adalah arsip ZIP atau dokumen lain (mis. Word), bukan "
            "workbook Excel. Kirim laporan dalam format .xlsx sesuai templat.")


def open_book(data: bytes, rel: str, issues: Issues) -> Book | None:
    """Open workbook bytes or record why they cannot be read (file-level problem).

    Parameters
    ----------
    data : bytes
        The whole file (files are never modified; they are read once).
    rel : str
        File name relative to ``data/raw`` (POSIX), used in the quality table.
    issues : Issues
        Receives the file-level problems.

    Returns
    -------
    Book or None
        None after an error-level problem (the file cannot be read at all).
    """
    name = rel.rsplit("/", 1)[-1]
    problem = _file_problem(data, name)
    if problem is None:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            problem = ("berkas_rusak",
                       f"Berkas '{name}' rusak dan tidak dapat dibuka ({exc}). Simpan ulang dari "
                       "Excel lalu kirim kembali.")
        else:
            problem = _package_problem(names, name)
    if problem is not None:
        issues.add(rel, "", "", *problem)
        return None
    if Path(name).suffix.lower() == ".xlsm" or "xl/vbaProject.bin" in names:
        issues.add(rel, "", "", "format_xlsm",
                   f"Berkas '{name}' berisi makro (.xlsm); makro diabaikan dan data tetap dibaca. "
                   "Sebaiknya simpan sebagai .xlsx.")
    try:
        return _load(data)
    except Exception as exc:  # noqa: BLE001 - any parser failure is a damaged file
        issues.add(rel, "", "", "berkas_rusak",
                   f"Berkas '{name}' tidak dapat dibaca sebagai workbook Excel "
                   f"({type(exc).__name__}: {exc}). Buka di Excel, simpan ulang sebagai .xlsx, "
                   "lalu kirim kembali.")
        return None


def _load(data: bytes) -> Book:
    # The formula view tells "formula without cached value" apart from an empty cell; a
    # second (cached values) load is only needed when there is a formula at all.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb_f = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
        has_formula = any(
            cell.data_type == "f"
            for ws in wb_f.worksheets for row in ws.iter_rows() for cell in row
        )
        if not has_formula:
            return Book(wb_f, None)
        return Book(openpyxl.load_workbook(io.BytesIO(data), data_only=True), wb_f)


def _looks_text(head: bytes) -> bool:
    if not head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(b >= 9 for b in head)


def match_sheets(book: Book, rel: str, wanted: tuple[str, ...], issues: Issues):
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


def open_values(path: Path) -> openpyxl.Workbook:
    """Open a workbook for its cached values only (lenient readers).

    Raises
    ------
    UserError
        When the file cannot be opened as an Excel workbook (Indonesian message).
    """
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is a user error here
        raise UserError(f"Berkas {path} tidak dapat dibuka sebagai workbook Excel: {exc}") from exc
