"""Open raw workbooks: file type by content, one load, sheets matched to the contract.

Problems that keep a file from being read at all (empty, old ``.xls``, not a workbook,
damaged, over an input limit) are file-level rows of the quality table (:class:`Issues`).
The input limits (``Settings.batas_*``) are checked on the ZIP directory and on the sheet XML,
streamed with expat, before openpyxl loads anything, so memory for one input stays bounded.
Hidden sheets are never matched in place of visible ones (:func:`match_sheets`);
:func:`content_notes` reports hidden data rows and external links and cuts over-long cells.
Used by :mod:`kinerja_lib.io.reader` and the ingest modules.
"""

from __future__ import annotations

import io
import posixpath
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree
from xml.parsers import expat

import openpyxl
from openpyxl.utils import column_index_from_string, get_column_letter

from kinerja_lib.domain import contract as c
from kinerja_lib.domain.errors import UserError
from kinerja_lib.domain.settings import Settings

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
    batas_karakter: int = Settings.batas_karakter_sel  # longest cell text read whole


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


# --------------------------------------------------------------------------- input limits

_MB = 1024 * 1024
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class _Past(Exception):
    """Raised inside the XML scan once a sheet is past a limit (the scan stops there)."""


def _too_big(name: str, what: str, size: int, limit_mb: int, key: str) -> str:
    return (f"Berkas '{name}' {what} {size / _MB:.1f} MB, melebihi batas {limit_mb} MB "
            f"(pengaturan {key}); berkas ditolak tanpa dibaca. Kirim hanya data templat (tanpa "
            "gambar atau lembar besar lain), atau naikkan batas di data/pengaturan.toml.")


def _limit_problem(zf: zipfile.ZipFile, name: str, s: Settings) -> tuple[str, str] | None:
    """(rule, message) when the package is over a limit; judged without inflating it.

    Sizes come from the ZIP directory: :mod:`zipfile` never inflates a part beyond its
    declared size (a part that does is damaged), so the check cannot be lied around.
    """
    infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    if total > s.batas_isi_zip_mb * _MB:
        return ("batas_berkas", _too_big(name, "berisi (setelah dibuka)", total,
                                         s.batas_isi_zip_mb, "batas_isi_zip_mb"))
    for i in infos:
        if i.file_size > s.batas_bagian_zip_mb * _MB:
            return ("batas_berkas", _too_big(name, f"memuat bagian '{i.filename}' sebesar",
                                             i.file_size, s.batas_bagian_zip_mb,
                                             "batas_bagian_zip_mb"))
        if i.file_size >= _MB and i.file_size > s.batas_rasio_kompresi * max(i.compress_size, 1):
            return ("batas_berkas",
                    f"Berkas '{name}': bagian '{i.filename}' memuai "
                    f"{i.file_size // max(i.compress_size, 1)} kali saat dibuka (batas "
                    f"{s.batas_rasio_kompresi} kali, pengaturan batas_rasio_kompresi); berkas "
                    "ditolak tanpa dibaca. Salin data ke templat baru lalu kirim kembali.")
    for title, part in _sheet_parts(zf):
        last_r, last_c = _sheet_extent(zf, part, s.batas_baris, s.batas_kolom)
        if last_r > s.batas_baris:
            return ("batas_berkas",
                    f"Berkas '{name}', lembar '{title}': sel terpakai sampai baris {last_r} atau "
                    f"lebih, melebihi batas {s.batas_baris} baris (pengaturan batas_baris); "
                    "berkas ditolak tanpa dibaca. Hapus baris kosong yang berformat di bawah "
                    "data, bagi data ke beberapa berkas, atau naikkan batas di "
                    "data/pengaturan.toml.")
        if last_c > s.batas_kolom:
            kolom = get_column_letter(last_c) if last_c <= 18278 else str(last_c)
            return ("batas_berkas",
                    f"Berkas '{name}', lembar '{title}': sel terpakai sampai kolom {kolom} "
                    f"(kolom ke-{last_c}), melebihi batas {s.batas_kolom} kolom (pengaturan "
                    "batas_kolom); berkas ditolak tanpa dibaca. Hapus kolom kosong yang "
                    "berformat di kanan data.")
    return None


def _sheet_parts(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, ZIP part) of every worksheet, from the workbook part and its relations."""
    names = set(zf.namelist())
    targets = {}
    if "xl/_rels/workbook.xml.rels" in names:
        for el in ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels")):
            t = el.get("Target") or ""
            targets[el.get("Id")] = (t.lstrip("/") if t.startswith("/")
                                     else posixpath.normpath("xl/" + t))
    out = []
    for el in ElementTree.fromstring(zf.read("xl/workbook.xml")).iter():
        if el.tag.rpartition("}")[2] == "sheet":
            part = targets.get(el.get(f"{{{_NS_REL}}}id"))
            if part in names and "worksheets/" in part:
                out.append((el.get("name") or part, part))
    return out


def _sheet_extent(zf: zipfile.ZipFile, part: str, rows: int, cols: int) -> tuple[int, int]:
    """(last row, last column) holding a cell element, streamed; stops past either limit.

    Every ``<c>`` counts, formatted empty cells too: openpyxl keeps each of them in memory
    and the readers walk up to the last one.
    """
    st = {"r": 0, "j": 0, "row": 0, "col": 0}

    def start(tag, attrs):
        tag = tag.rpartition(":")[2]
        if tag == "row":
            st["r"], st["j"] = int(attrs.get("r") or st["r"] + 1), 0
        elif tag == "c":
            m = _CELL_REF.fullmatch(attrs.get("r") or "")
            r, j = ((int(m[2]), column_index_from_string(m[1].upper())) if m
                    else (st["r"], st["j"] + 1))
            st["j"], st["row"], st["col"] = j, max(st["row"], r), max(st["col"], j)
            if st["row"] > rows or st["col"] > cols:
                raise _Past

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    with zf.open(part) as fh:
        try:
            parser.ParseFile(fh)
        except _Past:
            pass
    return st["row"], st["col"]


# --------------------------------------------------------------------------- open_book


def open_book(data: bytes, rel: str, issues: Issues,
              settings: Settings | None = None) -> Book | None:
    """Open workbook bytes or record why they cannot be read (file-level problem).

    The input limits of ``settings`` (``batas_*``) are checked on the ZIP directory and the
    sheet XML (streamed) before openpyxl parses anything: a file over a limit is a
    ``batas_berkas`` error and is never inflated whole.

    Parameters
    ----------
    data : bytes
        The whole file (files are never modified; they are read once).
    rel : str
        File name relative to ``data/raw`` (POSIX), used in the quality table.
    issues : Issues
        Receives the file-level problems.
    settings : Settings, optional
        Supplies the limits (default: the documented defaults).

    Returns
    -------
    Book or None
        None after an error-level problem (the file cannot be read at all).
    """
    s = settings if settings is not None else Settings()
    name = rel.rsplit("/", 1)[-1]
    problem = _file_problem(data, name)
    if problem is None and len(data) > s.batas_ukuran_berkas_mb * _MB:
        problem = ("batas_berkas", _too_big(name, "berukuran", len(data),
                                            s.batas_ukuran_berkas_mb, "batas_ukuran_berkas_mb"))
    if problem is None:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
                problem = _package_problem(names, name) or _limit_problem(zf, name, s)
        except (zipfile.BadZipFile, OSError, ValueError, KeyError, ElementTree.ParseError,
                expat.ExpatError) as exc:
            problem = ("berkas_rusak",
                       f"Berkas '{name}' rusak dan tidak dapat dibuka ({_sebab_rusak(exc)}). "
                       "Simpan ulang dari Excel lalu kirim kembali.")
    if problem is not None:
        issues.add(rel, "", "", *problem)
        return None
    if Path(name).suffix.lower() == ".xlsm" or "xl/vbaProject.bin" in names:
        issues.add(rel, "", "", "format_xlsm",
                   f"Berkas '{name}' berisi makro (.xlsm); makro diabaikan dan data tetap dibaca. "
                   "Sebaiknya simpan sebagai .xlsx.")
    try:
        book = _load(data)
        book.batas_karakter = s.batas_karakter_sel
        return book
    except Exception as exc:  # noqa: BLE001 - any parser failure is a damaged file
        issues.add(rel, "", "", "berkas_rusak",
                   f"Berkas '{name}' tidak dapat dibaca sebagai workbook Excel "
                   f"({_sebab_rusak(exc)}). Buka di Excel, simpan ulang sebagai .xlsx, "
                   "lalu kirim kembali.")
        return None


def _sebab_rusak(exc: BaseException) -> str:
    """The cause of a damaged workbook in words a sender can act on (the library's own
    English text would mean nothing to them)."""
    if isinstance(exc, zipfile.BadZipFile | EOFError):
        return "isi berkas tidak utuh, mungkin terpotong saat disalin atau dikirim"
    if isinstance(exc, KeyError):
        return "ada bagian isi workbook yang hilang"
    if isinstance(exc, ElementTree.ParseError | expat.ExpatError):
        return "isi XML di dalam workbook rusak"
    if isinstance(exc, OSError):
        return "berkas tidak dapat dibaca dari disk"
    return "struktur workbook tidak lengkap atau rusak"


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
    hidden = []
    for ws in wb.worksheets:
        key = c._norm(ws.title)
        if key in want and ws.sheet_state != "visible":  # never read in place of a visible one
            hidden.append(ws)
        elif key in want and want[key] not in found:
            found[want[key]] = ws
        elif key != c._norm(c.PETUNJUK_SHEET_NAME):
            issues.add(rel, ws.title, "", "sheet_tambahan",
                       f"Lembar '{ws.title}' bukan bagian templat dan diabaikan (lembar yang "
                       "dibaca: " + ", ".join(wanted) + ").")
    for cs in wb.chartsheets:
        issues.add(rel, cs.title, "", "sheet_tambahan",
                   f"Lembar grafik '{cs.title}' diabaikan.")
    for ws in hidden:
        w = want[c._norm(ws.title)]
        if w in found:
            issues.add(rel, ws.title, "", "lembar_tersembunyi",
                       f"Lembar tersembunyi '{ws.title}' bernama seperti lembar '{w}' dan "
                       f"diabaikan; yang dibaca lembar '{found[w].title}' yang tampak.")
        else:
            issues.add(rel, ws.title, "", "lembar_tersembunyi",
                       f"Lembar '{ws.title}' tersembunyi (hidden) dan tidak dibaca sebagai lembar "
                       f"'{w}'. Tampilkan lembar itu di Excel (klik kanan tab lembar > Unhide), "
                       "periksa isinya, lalu kirim kembali.", "error")
    return found


# --------------------------------------------------------------------------- sheet content notes

_EXTERNAL = re.compile(r"\[(\d+|[^\]]*\.xl\w*)\]", re.IGNORECASE)
"""An external workbook reference in a formula: ``[1]Sheet!A1`` or ``'[other.xlsx]S'!A1``."""

_TEXT_TYPES = ("text", "enum", "unit")


def content_notes(ws, ws_f, spec: c.SheetSpec, rows: list, rel: str, issues: Issues,
                  limit: int) -> None:
    """Warn about hidden data rows and external links; cut over-long cells.

    Parameters
    ----------
    ws, ws_f : Worksheet
        The sheet's cached values and formulas (``ws_f`` None when the workbook has none).
    spec : contract.SheetSpec
        The sheet's columns (a text column's over-long value is cut with a
        ``sel_terlalu_panjang`` warning; any other column's goes to ``row.panjang`` and the
        row check makes it an error).
    rows : list of reader.RawRow
        The rows read (changed in place).
    rel, issues
        File name and the quality table.
    limit : int
        ``settings.batas_karakter_sel``.

    Hidden rows holding data are still read (units hide rows by accident, and a hidden row
    may hold a real report): a ``baris_tersembunyi`` warning names them.
    """
    hid = {i for i, d in ws.row_dimensions.items() if d.hidden}
    shown = [r.excel_row for r in rows if r.excel_row in hid]
    if shown:
        daftar = ", ".join(str(r) for r in shown[:20]) + (" dst." if len(shown) > 20 else "")
        issues.add(rel, ws.title, f"A{shown[0]}", "baris_tersembunyi",
                   f"Baris {daftar} lembar '{ws.title}' tersembunyi (hidden) tetapi berisi data; "
                   "baris itu tetap dibaca. Tampilkan baris (Unhide) dan periksa isinya.")
    for row in rows:
        for name, ref in row.refs.items():
            f = ws_f[ref].value if ws_f is not None else None
            if isinstance(f, str) and _EXTERNAL.search(f):
                issues.add(rel, ws.title, ref, "tautan_eksternal",
                           f"Sel {ref} berisi rumus '{f[:80]}' yang mengambil nilai dari "
                           "workbook lain; nilai tersimpan dipakai tetapi bisa sudah usang. "
                           "Ganti rumus dengan nilainya (Tempel Spesial > Nilai).")
            v = row.values.get(name)
            if not (isinstance(v, str) and len(v) > limit):
                continue
            if spec.column(name).dtype in _TEXT_TYPES:
                row.values[name] = v[:limit]
                issues.add(rel, ws.title, ref, "sel_terlalu_panjang",
                           f"Sel {ref} ('{spec.column(name).header}') berisi {len(v)} karakter, "
                           f"melebihi batas {limit} (pengaturan batas_karakter_sel); hanya "
                           f"{limit} karakter pertama yang disimpan.")
            else:
                row.panjang.add(name)


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
