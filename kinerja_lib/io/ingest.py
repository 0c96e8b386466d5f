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
* for every sheet type, rows read == rows accepted + rows quarantined + rows superseded by a
  revision (:attr:`IngestResult.counts`). A "row read" is a row from row 2 down with at least one
  non-empty cell; a Rencana Aksi row counts once although it becomes four long-form rows.

Every data sheet is read by the one spec-driven reader (:mod:`kinerja_lib.io.reader`:
header lookup, table read, cell checks, quarantine loop). The Perjanjian Kinerja workbook is
read by :mod:`kinerja_lib.io.ingest_pk`, each monthly workbook by
:mod:`kinerja_lib.io.ingest_monthly`; this module puts the year together.

Decisions worth knowing (also in the user docs):

* Files are never modified: each file is read once into memory (``sha256`` and size go to
  the ``sumber`` table) and parsed from those bytes.
* The monthly folder is searched recursively, sorted by relative path. Excel/LibreOffice lock
  files (``~$x.xlsx``, ``.~lock.x.xlsx#``) and hidden files or folders (leading dot) are not
  read but listed in one ``berkas_dilewati`` warning (a unit may have hidden its real
  report); ``Thumbs.db`` / ``desktop.ini`` / ``.DS_Store`` are skipped silently. Every other
  file is read; a non-workbook gives ``bukan_excel``/``format_xls``/...
* Input limits (``settings.batas_*``) are checked before a workbook is parsed: the file size
  on disk before it is read into memory, then the ZIP directory and the sheet XML (streamed):
  a file over a limit is one ``batas_berkas`` error, no row of it is read (0 rows read).
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
  invalid *Tanggal Kirim*, a *Kode OPD* other than ``settings.kode_opd``) quarantine every
  data row of the file. The office code ``opd`` of every frame is ``settings.kode_opd``.
* A hidden sheet is never read in place of a visible one of the same (normalised) name
  (``lembar_tersembunyi``); hidden rows holding data are read with a ``baris_tersembunyi``
  warning (units hide rows by accident); a formula whose cached value comes from another
  workbook is read with a ``tautan_eksternal`` warning.
* Revisions: a unit may send a month again; nothing has to be deleted. Of the usable files
  for one unit and month the current one has the highest Identitas *Revisi ke-* (blank = 0),
  then the latest *Tanggal Kirim*, then the later file name. Every other file is superseded:
  a ``kiriman_revisi`` warning on it names its successor and the current file, its own
  problems are no longer listed, its rows count as ``digantikan`` and each value that changed
  becomes a row of the revision table ``revisi`` (``contract.REVISI_COLUMNS``). Two files
  with equal *Revisi ke-* and *Tanggal Kirim* but different bytes cannot be ordered:
  ``kiriman_ganda`` error on the earlier file name (rows quarantined), naming both files;
  identical copies are simply superseded. Punctuality is judged on the earliest *Tanggal
  Kirim* (``pengiriman.tanggal_kirim_pertama``).
* Codes are matched to the Perjanjian Kinerja without regard to case or extra spaces and are
  stored with the spelling of the Perjanjian Kinerja.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kinerja_lib.domain import contract as c
from kinerja_lib.domain.errors import IngestError
from kinerja_lib.domain.model import YearData
from kinerja_lib.domain.numbers import format_number, format_tanggal
from kinerja_lib.domain.periods import nama_bulan
from kinerja_lib.domain.settings import Settings
from kinerja_lib.domain.text import aman
from kinerja_lib.io.ingest_monthly import Monthly, check_outliers, read_monthly
from kinerja_lib.io.ingest_pk import PkInfo, read_pk
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.reader import JENIS, Part, lineage

__all__ = ["JENIS", "IngestResult", "monthly_files", "problem_lines", "read_year"]

_SKIP_NAMES = {"thumbs.db", "desktop.ini", ".ds_store"}

_NUMBER_COLS = {
    "target_tahunan", "baseline", "target_renstra", "tahun_renstra", "target_ra", "pagu",
    "realisasi", "pembilang", "penyebut", "realisasi_anggaran",
}
_NUMBER_COLS |= {"nilai_lama", "nilai_baru"}
_INT_COLS = {"tahun", "bulan", "triwulan", "sumber_baris", "revisi_ke"}
_DATE_COLS = {"tanggal_kirim", "tanggal_kirim_pertama", "tanggal_kirim_lama",
              "tanggal_kirim_baru"}


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
        ``jenis -> {"dibaca", "diterima", "dikarantina", "digantikan"}`` for each sheet type
        in :data:`JENIS`; ``dibaca == diterima + dikarantina + digantikan`` always holds.
        ``digantikan`` counts the rows of monthly files superseded by a revision (neither
        accepted nor quarantined; their changed values are in ``data.revisi``).
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
    def rows_superseded(self) -> int:
        """Rows of files superseded by a revision (``digantikan``)."""
        return sum(v["digantikan"] for v in self.counts.values())

    @property
    def errors(self) -> int:
        """Number of error-level rows in the quality table."""
        return int((self.data.kualitas["tingkat"] == "error").sum())

    @property
    def warnings(self) -> int:
        """Number of warning-level (``peringatan``) rows in the quality table."""
        return int((self.data.kualitas["tingkat"] == "peringatan").sum())


# --------------------------------------------------------------------------- files


def _skip_file(p: Path) -> bool:
    n = p.name
    return n.startswith(("~$", ".")) or n.lower() in _SKIP_NAMES


def _rel(paths: Paths, p: Path) -> str:
    try:
        return p.relative_to(paths.raw).as_posix()
    except ValueError:
        return p.as_posix()


def _sumber(rel: str, data: bytes) -> dict:
    return {"file": rel, "sha256": hashlib.sha256(data).hexdigest(), "ukuran": len(data)}


def monthly_files(paths: Paths, tahun: int, skipped: list[Path] | None = None) -> list[Path]:
    """Files under the monthly folder to read, sorted by relative path (lock files skipped).

    ``skipped`` receives the lock files and hidden files (or files in hidden folders) that
    are not read, for the ``berkas_dilewati`` warning; OS metadata files are left out.
    """
    folder = paths.monthly_dir(tahun)
    if not folder.is_dir():
        return []
    out, skip = [], []
    for p in folder.rglob("*"):
        if not p.is_file() or p.name.lower() in _SKIP_NAMES:
            continue
        rel_parts = p.relative_to(folder).parts
        if any(part.startswith(".") for part in rel_parts[:-1]) or _skip_file(p):
            skip.append(p)
        else:
            out.append(p)
    if skipped is not None:
        skipped.extend(sorted(skip, key=lambda p: p.relative_to(folder).as_posix()))
    return sorted(out, key=lambda p: p.relative_to(folder).as_posix())


def _skipped_warning(paths: Paths, tahun: int, skipped: list[Path], issues) -> None:
    if not skipped:
        return
    folder = _rel(paths, paths.monthly_dir(tahun))
    names = ", ".join(f"'{p.relative_to(paths.monthly_dir(tahun)).as_posix()}'"
                      for p in skipped)
    issues.add(folder, "", "", "berkas_dilewati",
               f"Berkas berikut di folder bulanan tidak dibaca karena berkas kunci Excel (~$...) "
               f"atau berkas/folder tersembunyi (diawali titik): {names}. Bila salah satunya "
               "laporan yang sebenarnya, ganti namanya lalu jalankan validasi lagi.")


def _read_bounded(p: Path, rel: str, settings: Settings) -> tuple[bytes | None, dict, str]:
    """(bytes or None when over ``batas_ukuran_berkas_mb``, sumber row, message).

    An over-size file is hashed in chunks and never held in memory whole.
    """
    size = p.stat().st_size
    limit = settings.batas_ukuran_berkas_mb
    if size <= limit * 1024 * 1024:
        data = p.read_bytes()
        return data, _sumber(rel, data), ""
    h = hashlib.sha256()
    with p.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    msg = (f"Berkas '{p.name}' berukuran {size / 1024 / 1024:.1f} MB, melebihi batas {limit} MB "
           "(pengaturan batas_ukuran_berkas_mb); berkas ditolak tanpa dibaca. Kirim hanya data "
           "templat, atau naikkan batas di data/pengaturan.toml.")
    return None, {"file": rel, "sha256": h.hexdigest(), "ukuran": size}, msg


# --------------------------------------------------------------------------- the year


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
    sumber: list[dict] = []
    pk_part, info = _read_pk_file(paths, tahun, settings, sumber)
    skipped: list[Path] = []
    monthly = _read_monthly_files(paths, tahun, info, sumber, settings, skipped)
    _skipped_warning(paths, tahun, skipped, pk_part.issues)
    rev = _resolve_revisions(monthly, tahun, settings.kode_opd)
    parts = [pk_part]
    pengiriman, digantikan = _put_monthly_rows(monthly, tahun, settings.kode_opd, parts, rev)
    check_outliers(monthly, info)  # year-level plausibility (pencilan warnings)
    return _result(tahun, parts, pengiriman, sumber, rev.rows, digantikan)


def _read_pk_file(paths: Paths, tahun: int, settings: Settings,
                  sumber: list[dict]) -> tuple[Part, PkInfo]:
    pk_path = paths.pk_workbook(tahun)
    if not pk_path.is_file():
        raise IngestError(
            f"Berkas Perjanjian Kinerja tahun {tahun} tidak ditemukan: {pk_path}. Data bulanan "
            "tidak dapat diperiksa tanpa berkas ini. Letakkan berkas "
            f"'{c.pk_filename(tahun)}' di folder {pk_path.parent} (templat: kinerja templat "
            f"--tahun {tahun}).")
    pk_rel = _rel(paths, pk_path)
    pk_bytes, row, msg = _read_bounded(pk_path, pk_rel, settings)
    if pk_bytes is None:
        raise IngestError(f"Berkas Perjanjian Kinerja {pk_rel} tidak dapat dibaca: {msg}")
    sumber.append(row)
    pk_part = Part(pk_rel)
    try:
        info = read_pk(tahun, settings, pk_rel, pk_bytes, pk_part)
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise IngestError(
            f"Berkas Perjanjian Kinerja {pk_rel} tidak dapat diproses "
            f"({type(exc).__name__}: {exc}).") from exc
    return pk_part, info


def _read_monthly_files(paths: Paths, tahun: int, info: PkInfo, sumber: list[dict],
                        settings: Settings, skipped: list[Path]) -> list[Monthly]:
    monthly: list[Monthly] = []
    for p in monthly_files(paths, tahun, skipped):
        rel = _rel(paths, p)
        data, row, msg = _read_bounded(p, rel, settings)
        sumber.append(row)
        if data is None:  # over the size limit: one error, no row read
            m = Monthly(Part(rel), row["sha256"])
            m.part.issues.add(rel, "", "", "batas_berkas", msg)
            m.ident_errors = ["berkas melebihi batas ukuran"]
            monthly.append(m)
            continue
        try:
            m = read_monthly(rel, data, tahun, info, settings)
        except Exception as exc:  # noqa: BLE001 - never a traceback for a bad file
            # the file's partial results are dropped: only this problem remains
            m = Monthly(Part(rel), hashlib.sha256(data).hexdigest())
            m.part.issues.add(rel, "", "", "berkas_rusak",
                              f"Berkas '{p.name}' tidak dapat diproses "
                              f"({type(exc).__name__}: {exc}); semua isinya diabaikan.")
            m.ident_errors = ["berkas tidak dapat diproses"]
        monthly.append(m)
    return monthly


_RANK_LABEL = {"revisi": "Revisi ke- lebih tinggi", "tanggal": "Tanggal Kirim lebih baru",
               "salinan": "isi kedua berkas sama persis (salinan)"}


@dataclass
class _Revisions:
    """How resubmissions of a unit-month were resolved (see :func:`_resolve_revisions`)."""

    superseded: set = field(default_factory=set)      # id() of the superseded Monthly
    first_date: dict = field(default_factory=dict)    # (unit, bulan) -> earliest tanggal_kirim
    rows: list = field(default_factory=list)          # revision-table records


def _rank(m: Monthly) -> tuple:
    """Order of submissions of one unit-month: Revisi ke-, then Tanggal Kirim, then file name."""
    return (m.ident["revisi_ke"], m.ident["tanggal_kirim"], m.part.rel)


def _resolve_revisions(monthly: list[Monthly], tahun: int, opd: str) -> _Revisions:
    """Decide the current submission of every unit-month; the others are superseded.

    The rule (also in the user docs): the highest *Revisi ke-* (blank = 0) wins, then the
    later *Tanggal Kirim*, then the later file name. Each superseded file gets a
    ``kiriman_revisi`` warning naming the file that replaced it and the current one; its
    own problems are no longer reported (its values are not used) and its rows are counted as
    ``digantikan``. Every value that changed between consecutive submissions becomes a
    revision-table row. Two files with the same *Revisi ke-* and *Tanggal Kirim* but
    different content cannot be ordered: ``kiriman_ganda`` error on the earlier file name
    (its rows are quarantined), the later one is kept. The earliest *Tanggal Kirim* of every
    unit-month is kept for punctuality.
    """
    groups: dict[tuple, list[Monthly]] = {}
    for m in monthly:
        if m.ident is not None and not m.ident_errors:
            groups.setdefault((m.ident["unit"], m.ident["bulan"]), []).append(m)
    rev = _Revisions()
    for (unit, bulan), ms in groups.items():
        rev.first_date[(unit, bulan)] = min(m.ident["tanggal_kirim"] for m in ms)
        if len(ms) < 2:
            continue
        chain: list[Monthly] = []
        for m in sorted(ms, key=_rank):
            if chain and _rank(chain[-1])[:2] == _rank(m)[:2] and chain[-1].sha256 != m.sha256:
                _ambiguous(chain.pop(), m, tahun)
            chain.append(m)
        current = chain[-1]
        for old, new in zip(chain, chain[1:], strict=False):
            rev.superseded.add(id(old))
            changed = _changed_values(old, new, opd, tahun)
            rev.rows.extend(changed)
            _superseded_warning(old, new, current, len(changed), tahun)
    return rev


def _ambiguous(older: Monthly, newer: Monthly, tahun: int) -> None:
    """``kiriman_ganda``: two different files that cannot be ordered; quarantine ``older``."""
    i = older.ident
    msg = (f"Berkas '{older.part.rel}' dan '{newer.part.rel}' sama-sama laporan unit "
           f"{i['unit']} bulan {nama_bulan(i['bulan'])} {tahun} dengan Revisi ke-{i['revisi_ke']} "
           f"dan Tanggal Kirim {format_tanggal(i['tanggal_kirim'])}, tetapi isinya berbeda, "
           f"sehingga tidak jelas mana yang terbaru. Diutamakan '{newer.part.rel}' (nama "
           "berkas urutan terakhir); semua baris berkas ini dikarantina. Bila salah satunya "
           "revisi, minta unit mengirim ulang dengan 'Revisi ke-' (1, 2, ...) lebih tinggi pada "
           "lembar Identitas.")
    older.part.issues.add(older.part.rel, "", "", "kiriman_ganda", msg)
    older.ident_errors.append(msg)


def _superseded_warning(old: Monthly, new: Monthly, current: Monthly, n_changed: int,
                        tahun: int) -> None:
    """Replace the problems of a superseded file by one ``kiriman_revisi`` warning."""
    o, n = old.ident, new.ident
    if old.sha256 == new.sha256:
        why = "salinan"
    else:
        why = "revisi" if n["revisi_ke"] > o["revisi_ke"] else "tanggal"
    dropped = len(old.part.issues.rows)
    old.part.issues.rows.clear()
    msg = (f"Laporan unit {o['unit']} bulan {nama_bulan(o['bulan'])} {tahun} dikirim ulang. "
           f"Berkas ini (Revisi ke-{o['revisi_ke']}, Tanggal Kirim "
           f"{format_tanggal(o['tanggal_kirim'])}) digantikan oleh '{new.part.rel}' (Revisi "
           f"ke-{n['revisi_ke']}, Tanggal Kirim {format_tanggal(n['tanggal_kirim'])}): "
           f"{_RANK_LABEL[why]}.")
    if current is not new:
        msg += f" Yang dipakai sekarang '{current.part.rel}'."
    msg += (f" {format_number(n_changed, 0)} nilai berubah (lihat tabel revisi); berkas "
            "lama tetap disimpan, tidak perlu dihapus.")
    if dropped:
        msg += (f" {format_number(dropped, 0)} masalah pada berkas ini tidak dilaporkan lagi "
                "karena isinya tidak dipakai.")
    old.part.issues.add(old.part.rel, "", "", "kiriman_revisi", msg)


_REVISI_KOLOM = {"realisasi": ("kode", ("realisasi", "pembilang", "penyebut")),
                 "anggaran": ("kode_kegiatan", ("realisasi_anggaran",))}


def _values_in_use(m: Monthly) -> dict[tuple, float]:
    """(kode, kolom) -> value of the rows the file would have accepted (others absent)."""
    out: dict[tuple, float] = {}
    for attr, (key, cols) in _REVISI_KOLOM.items():
        for rec, errs, _sheet, _row in getattr(m, attr):
            if errs or not rec or rec.get(key) is None:
                continue
            for col in cols:
                out[(attr, rec[key], col)] = _as_float(rec.get(col))
    return out


def _as_float(v) -> float:
    try:
        return math.nan if v is None else float(v)
    except (TypeError, ValueError):
        return math.nan


def _changed_values(old: Monthly, new: Monthly, opd: str, tahun: int) -> list[dict]:
    """Revision-table rows: every value in use that differs between two submissions."""
    a, b = _values_in_use(old), _values_in_use(new)
    order = {col: i for i, col in enumerate(
        col for _k, cols in _REVISI_KOLOM.values() for col in cols)}
    keys = sorted(set(a) | set(b), key=lambda k: (k[0] != "realisasi", str(k[1]), order[k[2]]))
    rows = []
    for k in keys:
        lama, baru = a.get(k, math.nan), b.get(k, math.nan)
        if (math.isnan(lama) and math.isnan(baru)) or lama == baru:
            continue
        rows.append({"opd": opd, "tahun": tahun, "unit": new.ident["unit"],
                     "bulan": new.ident["bulan"], "kode": k[1], "kolom": k[2],
                     "nilai_lama": lama, "nilai_baru": baru, "file_lama": old.part.rel,
                     "file_baru": new.part.rel, "tanggal_kirim_lama": old.ident["tanggal_kirim"],
                     "tanggal_kirim_baru": new.ident["tanggal_kirim"],
                     "revisi_ke": new.ident["revisi_ke"]})
    return rows


def _put_monthly_rows(monthly: list[Monthly], tahun: int, opd: str, parts: list[Part],
                      rev: _Revisions) -> tuple[list[dict], dict[str, int]]:
    """Put every monthly row (file errors quarantine all of them).

    Rows of superseded files are not put: they are only counted. Returns the pengiriman rows
    and the superseded row count per sheet type.
    """
    pengiriman = []
    digantikan = dict.fromkeys(JENIS, 0)
    for m in monthly:
        if id(m) in rev.superseded:
            digantikan["realisasi"] += len(m.realisasi)
            digantikan["realisasi_anggaran"] += len(m.anggaran)
            parts.append(m.part)
            continue
        file_errors = list(m.ident_errors)
        ident = m.ident or {}
        tgl = ident.get("tanggal_kirim")
        for jenis, rows in (("realisasi", m.realisasi), ("realisasi_anggaran", m.anggaran)):
            for rec, errs, sheet, r in rows:
                full = {"opd": opd, "tahun": tahun, "bulan": ident.get("bulan"),
                        "unit": ident.get("unit"), **(rec or {}), "tanggal_kirim": tgl,
                        **lineage(m.part.rel, sheet, r)}
                m.part.put(jenis, full, file_errors + errs, sheet, r)
        if not file_errors and m.ident is not None:
            pengiriman.append({"opd": opd, "tahun": tahun, "bulan": ident["bulan"],
                               "unit": ident["unit"], "tanggal_kirim": tgl,
                               "sumber_file": m.part.rel, "sha256": m.sha256,
                               "revisi_ke": ident["revisi_ke"],
                               "tanggal_kirim_pertama":
                                   rev.first_date[(ident["unit"], ident["bulan"])]})
        parts.append(m.part)
    return pengiriman, digantikan


def _result(tahun: int, parts: list[Part], pengiriman: list[dict], sumber: list[dict],
            revisi: list[dict], digantikan: dict[str, int]) -> IngestResult:
    acc = {j: [] for j in JENIS}
    kar, kual = [], []
    counts = {j: {"dibaca": digantikan.get(j, 0), "diterima": 0, "dikarantina": 0,
                  "digantikan": digantikan.get(j, 0)} for j in JENIS}
    for part in parts:
        kual.extend(part.issues.rows)
        for j in JENIS:
            acc[j].extend(part.accepted[j])
            kar.extend(part.quarantined[j])
            counts[j]["dibaca"] += part.read[j]
            counts[j]["dikarantina"] += len(part.quarantined[j])
            # a Rencana Aksi row is accepted as four quarterly rows
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
        revisi=_sorted(_frame(revisi, c.REVISI_COLUMNS),
                       ["unit", "bulan", "revisi_ke", "tanggal_kirim_baru", "file_baru"]),
    )
    return IngestResult(data, len(sumber), counts)


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
        # file names and cell text come from outside: a newline must not forge a new line
        where = " | ".join(aman(x) for x in (r["file"], r["sheet"], r["sel"]) if x)
        lines.append(f"  [{tanda}] {where}: {aman(r['pesan'])}")
    if limit is not None and len(lines) > limit:
        rest = len(lines) - limit
        lines = lines[:limit] + [f"  ... dan {format_number(rest, 0)} masalah lain (lihat lembar "
                                 "'Kualitas Data' pada rekap)."]
    return lines
