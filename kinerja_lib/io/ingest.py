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

Every data sheet is read by the one spec-driven reader (:mod:`kinerja_lib.io.reader`:
header lookup, table read, cell checks, quarantine loop). The Perjanjian Kinerja workbook is
read by :mod:`kinerja_lib.io.ingest_pk`, each monthly workbook by
:mod:`kinerja_lib.io.ingest_monthly`; this module puts the year together.

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

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kinerja_lib.domain import contract as c
from kinerja_lib.domain.errors import IngestError
from kinerja_lib.domain.model import YearData
from kinerja_lib.domain.numbers import format_number, format_tanggal
from kinerja_lib.domain.periods import nama_bulan
from kinerja_lib.domain.settings import Settings
from kinerja_lib.io.ingest_monthly import Monthly, read_monthly
from kinerja_lib.io.ingest_pk import PkInfo, read_pk
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.reader import JENIS, Part, lineage

__all__ = ["JENIS", "IngestResult", "monthly_files", "problem_lines", "read_year"]

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
    monthly = _read_monthly_files(paths, tahun, info, sumber)
    _quarantine_double_submissions(monthly, tahun)
    parts = [pk_part]
    pengiriman = _put_monthly_rows(monthly, tahun, settings.kode_opd, parts)
    return _result(tahun, parts, pengiriman, sumber)


def _read_pk_file(paths: Paths, tahun: int, settings: Settings,
                  sumber: list[dict]) -> tuple[Part, PkInfo]:
    pk_path = paths.pk_workbook(tahun)
    if not pk_path.is_file():
        raise IngestError(
            f"Berkas Perjanjian Kinerja tahun {tahun} tidak ditemukan: {pk_path}. Data bulanan "
            "tidak dapat diperiksa tanpa berkas ini. Letakkan berkas "
            f"'{c.pk_filename(tahun)}' di folder {pk_path.parent} (templat: kinerja templat "
            f"--tahun {tahun}).")
    pk_bytes = pk_path.read_bytes()
    pk_rel = _rel(paths, pk_path)
    sumber.append(_sumber(pk_rel, pk_bytes))
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


def _read_monthly_files(paths: Paths, tahun: int, info: PkInfo,
                        sumber: list[dict]) -> list[Monthly]:
    monthly: list[Monthly] = []
    for p in monthly_files(paths, tahun):
        data = p.read_bytes()
        rel = _rel(paths, p)
        sumber.append(_sumber(rel, data))
        try:
            m = read_monthly(rel, data, tahun, info)
        except Exception as exc:  # noqa: BLE001 - never a traceback for a bad file
            # the file's partial results are dropped: only this problem remains
            m = Monthly(Part(rel), hashlib.sha256(data).hexdigest())
            m.part.issues.add(rel, "", "", "berkas_rusak",
                              f"Berkas '{p.name}' tidak dapat diproses "
                              f"({type(exc).__name__}: {exc}); semua isinya diabaikan.")
            m.ident_errors = ["berkas tidak dapat diproses"]
        monthly.append(m)
    return monthly


def _quarantine_double_submissions(monthly: list[Monthly], tahun: int) -> None:
    """One submission per unit and month: the latest tanggal_kirim (then file name) wins."""
    groups: dict[tuple, list[Monthly]] = {}
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


def _put_monthly_rows(monthly: list[Monthly], tahun: int, opd: str,
                      parts: list[Part]) -> list[dict]:
    """Put every monthly row (file errors quarantine all of them); return pengiriman rows."""
    pengiriman = []
    for m in monthly:
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
                               "sumber_file": m.part.rel, "sha256": m.sha256})
        parts.append(m.part)
    return pengiriman


def _result(tahun: int, parts: list[Part], pengiriman: list[dict],
            sumber: list[dict]) -> IngestResult:
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
        where = " | ".join(x for x in (r["file"], r["sheet"], r["sel"]) if x)
        lines.append(f"  [{tanda}] {where}: {r['pesan']}")
    if limit is not None and len(lines) > limit:
        rest = len(lines) - limit
        lines = lines[:limit] + [f"  ... dan {format_number(rest, 0)} masalah lain (lihat lembar "
                                 "'Kualitas Data' pada rekap)."]
    return lines
