"""Submission tracker (SOP step 1): who sent which monthly report, when, and what is owed.

* :func:`submission_status` -- one row per reporting unit x month up to ``sampai_bulan`` with
  status ``tepat waktu`` / ``terlambat`` / ``belum ada`` / ``belum jatuh tempo``;
* :func:`on_time_rate` -- per unit counts and the on-time percentage;
* :func:`request_sheet` / :func:`write_request_sheets` -- per unit, the months still owed and
  the data problems to fix, as a printable Excel sheet under
  ``data/processed/<tahun>/permintaan/``.

Rules. A unit must report when it is the penanggung jawab of at least one Perjanjian Kinerja
indicator or the pelaksana of at least one kegiatan. A month's report is due on day
``settings.hari_batas_laporan`` of the next month (:func:`periods.due_date`); a report with
*Tanggal Kirim* on or before that date is *tepat waktu*, after it *terlambat*
(``hari_terlambat`` = days after the due date). A missing report is *belum ada* when the
reference date ``tanggal_acuan`` is after the due date (``hari_terlambat`` counts days
overdue at the reference date), otherwise *belum jatuh tempo*. The reference date is always
a parameter (never the clock); its default, for the CLI and every report, is
:func:`periods.tanggal_acuan`: the day after the due date of the last expected month, so a
period is judged once all its months are overdue and a month still missing is *belum ada*.
A received report counts whatever the reference date. A month sent again (a revision, see
``io.ingest``) is judged on its first *Tanggal Kirim* (``pengiriman.tanggal_kirim_pertama``):
correcting a report never makes it late; the revision's date is ``tanggal_revisi``.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd

from kinerja_lib.domain import contract as c
from kinerja_lib.domain import periods
from kinerja_lib.domain.numbers import format_number, format_tanggal
from kinerja_lib.domain.organisasi import Organisasi
from kinerja_lib.domain.periods import due_date, nama_bulan
from kinerja_lib.domain.settings import Settings
from kinerja_lib.io.excel import (
    NO_WRAP,
    TABLE_BOLD,
    TABLE_TITLE_FONT,
    fit_landscape,
    fixed_time,
    save_workbook,
    set_cell,
    write_table,
)
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.store import write_parquet

STATUS = ("tepat waktu", "terlambat", "belum ada", "belum jatuh tempo")

STATUS_COLUMNS = ("opd", "tahun", "unit", "nama_unit", "bulan", "nama_bulan", "batas",
                  "tanggal_kirim", "status", "hari_terlambat", "sumber_file", "tanggal_revisi")
"""Columns of :func:`submission_status`. ``tanggal_kirim`` is the first submission's date
(status and ``hari_terlambat`` are judged on it); ``sumber_file`` the current file;
``tanggal_revisi`` the current submission's *Tanggal Kirim* when the month was revised (a
later date than the first), else NaT. (``batas``/``tanggal_*`` datetime64, date at
midnight; ``hari_terlambat`` int64)."""

ON_TIME_COLUMNS = ("unit", "nama_unit", "jumlah_wajib", "tepat_waktu", "terlambat",
                   "belum_ada", "persen_tepat_waktu")

TINGKAT_LABEL = {"error": "galat (wajib diperbaiki)", "peringatan": "peringatan (periksa)"}

TOTAL_UNIT = "JUMLAH"
"""``unit`` value of the all-units row of :func:`on_time_rate`."""

def required_units(pk: pd.DataFrame, anggaran: pd.DataFrame | None = None,
                   org: Organisasi | None = None) -> list[str]:
    """Units that must send monthly reports, in the office's declared unit order."""
    units = set(pk["unit"].dropna()) if len(pk) else set()
    if anggaran is not None and len(anggaran):
        units |= set(anggaran["unit"].dropna())
    order = org.urutan if org is not None else {}
    return sorted(units, key=lambda u: (order.get(u, len(order)), str(u)))


def _as_date(v) -> _dt.date | None:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date()
    if isinstance(v, _dt.datetime):
        return v.date()
    return v


def submission_status(pk: pd.DataFrame, pengiriman: pd.DataFrame, tahun: int,
                      sampai_bulan: int, settings: Settings,
                      tanggal_acuan: _dt.date | None = None,
                      anggaran: pd.DataFrame | None = None) -> pd.DataFrame:
    """Status of every required unit x month from January to ``sampai_bulan``.

    Parameters
    ----------
    pk : DataFrame
        Perjanjian Kinerja frame (``unit`` column).
    pengiriman : DataFrame
        Accepted monthly workbooks (``contract.PENGIRIMAN_COLUMNS``).
    tahun, sampai_bulan : int
    settings : Settings
        ``hari_batas_laporan`` and ``kode_opd``.
    tanggal_acuan : date, optional
        Reference date deciding *belum ada* vs *belum jatuh tempo*; default
        :func:`periods.tanggal_acuan` of ``sampai_bulan`` (the day after its due date).
    anggaran : DataFrame, optional
        Pagu frame; its units must report too.

    Returns
    -------
    DataFrame
        :data:`STATUS_COLUMNS`, sorted by unit (registry order) and month.
    """
    acuan = (periods.tanggal_acuan(tahun, int(sampai_bulan), settings.hari_batas_laporan,
                                   settings.libur)
             if tanggal_acuan is None else _as_date(tanggal_acuan))
    got: dict[tuple, tuple] = {}
    if len(pengiriman):
        ordered = pengiriman.sort_values(["tanggal_kirim", "sumber_file"], kind="mergesort")
        for r in ordered.itertuples(index=False):
            # punctuality from the first submission (ingest keeps it for revised months)
            first = _as_date(getattr(r, "tanggal_kirim_pertama", None)) \
                or _as_date(r.tanggal_kirim)
            got[(r.unit, int(r.bulan))] = (first, r.sumber_file, _as_date(r.tanggal_kirim))
    rows = []
    for unit in required_units(pk, anggaran, settings.organisasi):
        for bulan in range(1, int(sampai_bulan) + 1):
            batas = due_date(tahun, bulan, settings.hari_batas_laporan, settings.libur)
            tgl, berkas, terkini = got.get((unit, bulan), (None, None, None))
            if tgl is not None:
                late = (tgl - batas).days
                status = "terlambat" if late > 0 else "tepat waktu"
                hari = max(late, 0)
            elif acuan > batas:
                status, hari = "belum ada", (acuan - batas).days
            else:
                status, hari = "belum jatuh tempo", 0
            rows.append({"opd": settings.kode_opd, "tahun": tahun, "unit": unit,
                         "nama_unit": settings.nama_unit(unit), "bulan": bulan,
                         "nama_bulan": nama_bulan(bulan), "batas": batas, "tanggal_kirim": tgl,
                         "status": status, "hari_terlambat": hari, "sumber_file": berkas,
                         "tanggal_revisi": terkini if terkini != tgl else None})
    df = pd.DataFrame(rows, columns=list(STATUS_COLUMNS))
    for col in ("tahun", "bulan", "hari_terlambat"):
        df[col] = df[col].astype("int64")
    for col in ("batas", "tanggal_kirim", "tanggal_revisi"):
        df[col] = pd.to_datetime(df[col]).astype("datetime64[ns]")
    for col in ("opd", "unit", "nama_unit", "nama_bulan", "status", "sumber_file"):
        df[col] = df[col].astype(object).where(df[col].notna(), None)
    return df


def on_time_rate(status: pd.DataFrame, total: bool = True) -> pd.DataFrame:
    """Per unit: reports due, on time, late, missing and the on-time percentage.

    ``jumlah_wajib`` counts months whose status is not *belum jatuh tempo*;
    ``persen_tepat_waktu`` = tepat_waktu / jumlah_wajib x 100 (NaN when nothing is due).
    With ``total`` a last row ``unit == "JUMLAH"`` sums all units.
    """
    rows = []
    units = list(dict.fromkeys(status["unit"]))
    names = dict(zip(status["unit"], status["nama_unit"], strict=True))

    def count(df, unit, nama):
        due = df[df["status"] != "belum jatuh tempo"]
        n = len(due)
        tepat = int((due["status"] == "tepat waktu").sum())
        return {"unit": unit, "nama_unit": nama, "jumlah_wajib": n, "tepat_waktu": tepat,
                "terlambat": int((due["status"] == "terlambat").sum()),
                "belum_ada": int((due["status"] == "belum ada").sum()),
                "persen_tepat_waktu": tepat / n * 100 if n else float("nan")}

    for u in units:
        rows.append(count(status[status["unit"] == u], u, names.get(u) or u))
    if total:
        rows.append(count(status, TOTAL_UNIT, "Seluruh unit"))
    df = pd.DataFrame(rows, columns=list(ON_TIME_COLUMNS))
    for col in ("jumlah_wajib", "tepat_waktu", "terlambat", "belum_ada"):
        df[col] = df[col].astype("int64")
    df["persen_tepat_waktu"] = df["persen_tepat_waktu"].astype("float64")
    return df


def save_status(status: pd.DataFrame, paths: Paths, tahun: int) -> Path:
    """Write the status table to ``data/processed/<tahun>/pengiriman_status.parquet``."""
    out = paths.processed_year(tahun) / "pengiriman_status.parquet"
    write_parquet(status, out)
    return out


# --------------------------------------------------------------------------- request sheets

_NAME = re.compile(r"^(?P<unit>.+)_(?P<tahun>\d{4})-(?P<bulan>\d{1,2})$")


def unit_of_file(file: str, pengiriman: pd.DataFrame,
                 org: Organisasi | None = None) -> str | None:
    """The unit a monthly file belongs to: from the accepted submissions, else its name.

    Files whose Identitas could not be used (e.g. wrong year) are matched by the standard
    file name ``<UNIT>_<tahun>-<MM>.xlsx``; returns None when neither works (the problem then
    stays with the analyst, in the recap's *Kualitas Data* sheet).
    """
    if len(pengiriman):
        hit = pengiriman.loc[pengiriman["sumber_file"] == file, "unit"]
        if len(hit):
            return hit.iloc[0]
    name = file.rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0]
    m = _NAME.match(stem)
    if not m:
        return None
    return org.resolve_unit(m["unit"]) if org is not None else m["unit"]


@dataclass
class Permintaan:
    """What one unit owes: missing months and data to fix.

    Attributes
    ----------
    unit, nama_unit : str
    tunggakan : DataFrame
        Missing reports (``status == "belum ada"``): bulan, nama_bulan, batas, hari_terlambat.
    perbaikan : DataFrame
        Quality-table rows of the unit's files, errors first: file, sheet, sel, tingkat, pesan.
    ringkasan : dict
        The unit's row of :func:`on_time_rate`.
    """

    unit: str
    nama_unit: str
    tunggakan: pd.DataFrame
    perbaikan: pd.DataFrame
    ringkasan: dict


def request_sheet(unit: str, status: pd.DataFrame, kualitas: pd.DataFrame,
                  pengiriman: pd.DataFrame, org: Organisasi | None = None) -> Permintaan:
    """Collect what ``unit`` still owes (missing months) and must fix (its quality rows).

    ``org`` (the office's units) names the unit and matches files by their name.
    """
    st = status[status["unit"] == unit]
    tung = st[st["status"] == "belum ada"][["bulan", "nama_bulan", "batas", "hari_terlambat"]]
    if len(kualitas):
        files = kualitas["file"].map(lambda f: unit_of_file(f, pengiriman, org))
        perb = kualitas[files == unit].copy()
        perb["_e"] = (perb["tingkat"] != "error").astype(int)
        perb = perb.sort_values(["_e", "file"], kind="mergesort")
        perb = perb[["file", "sheet", "sel", "tingkat", "pesan"]]
    else:
        perb = pd.DataFrame(columns=["file", "sheet", "sel", "tingkat", "pesan"])
    rate = on_time_rate(st, total=False)
    ringkasan = rate.iloc[0].to_dict() if len(rate) else {}
    return Permintaan(unit, org.nama_unit(unit) if org is not None else unit,
                      tung.reset_index(drop=True),
                      perb.reset_index(drop=True), ringkasan)


def _write_request(req: Permintaan, tahun: int, sampai_bulan: int, acuan: _dt.date,
                   settings: Settings) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Permintaan"
    bold = TABLE_BOLD
    lines = [
        ("PERMINTAAN DATA KINERJA", TABLE_TITLE_FONT),
        (f"{settings.nama_opd} {settings.nama_pemda}", bold),
        (f"Kepada: {req.nama_unit} ({req.unit})", bold),
        (f"Tahun {tahun}, laporan s.d. {nama_bulan(sampai_bulan)}; keadaan per "
         f"{format_tanggal(acuan)}", None),
    ]
    r = 1
    for text, font in lines:
        cell = set_cell(ws, r, 1, text)
        if font:
            cell.font = font
        r += 1
    r += 1
    set_cell(ws, r, 1, "A. Laporan bulanan yang belum diterima").font = bold
    r += 1
    if len(req.tunggakan):
        t = req.tunggakan.assign(
            no=range(1, len(req.tunggakan) + 1),
            berkas=[c.bulanan_filename(req.unit, tahun, int(b)) for b in req.tunggakan["bulan"]])
        write_table(ws, t, [("no", "No", "bulat", 5), ("nama_bulan", "Bulan", "teks", 30),
                            ("batas", "Batas Kirim", "tanggal", 14),
                            ("hari_terlambat", "Hari Lewat Batas", "bulat", 12),
                            ("berkas", "Nama Berkas", "teks", 24)], start_row=r,
                    decorate=False)
        r += len(t) + 2
    else:
        set_cell(ws, r, 1, f"Tidak ada: semua laporan s.d. {nama_bulan(sampai_bulan)} {tahun} "
                           "yang sudah jatuh tempo telah diterima.")
        r += 2
    set_cell(ws, r, 1, "B. Data yang harus diperbaiki (galat) atau diperiksa (peringatan)").font = bold
    r += 1
    if len(req.perbaikan):
        p = req.perbaikan.assign(no=range(1, len(req.perbaikan) + 1),
                                 tingkat=req.perbaikan["tingkat"].map(TINGKAT_LABEL))
        write_table(ws, p, [("no", "No", "bulat", 5), ("file", "Berkas", "teks", 30),
                            ("sheet", "Lembar", "teks", 14), ("sel", "Sel", "teks", 12),
                            ("tingkat", "Tingkat", "teks", 24),
                            ("pesan", "Masalah", "teks", 80)], start_row=r, decorate=False)
        r += len(p) + 2
    else:
        set_cell(ws, r, 1, "Tidak ada masalah data pada berkas yang diterima.")
        r += 2
    set_cell(ws, r, 1, "C. Ketepatan waktu").font = bold
    r += 1
    k = req.ringkasan
    if k and k.get("jumlah_wajib"):
        set_cell(ws, r, 1,
                 f"Laporan wajib: {k['jumlah_wajib']}; tepat waktu: {k['tepat_waktu']}; "
                 f"terlambat: {k['terlambat']}; belum ada: {k['belum_ada']}; tepat waktu "
                 f"{format_number(k['persen_tepat_waktu'], 1)}%.")
    else:
        set_cell(ws, r, 1, "Belum ada laporan yang jatuh tempo.")
    r += 2
    set_cell(ws, r, 1,
             f"Laporan bulanan dikirim paling lambat tanggal {settings.hari_batas_laporan} bulan "
             "berikutnya dengan templat yang disediakan; nama berkas "
             f"{req.unit}_{tahun}-MM.xlsx (MM = nomor bulan, mis. 03 untuk Maret).")
    ws.cell(r, 1).alignment = NO_WRAP
    fit_landscape(ws)
    return wb


def request_filename(unit: str, tahun: int) -> str:
    return f"permintaan_{unit}_{tahun}.xlsx"


def write_request_sheets(paths: Paths, tahun: int, status: pd.DataFrame,
                         kualitas: pd.DataFrame, pengiriman: pd.DataFrame,
                         tanggal_acuan: _dt.date, settings: Settings) -> list[Path]:
    """Write one printable request workbook per required unit.

    Files go to ``data/processed/<tahun>/permintaan/permintaan_<UNIT>_<tahun>.xlsx``.
    ``sampai_bulan`` is the last month present in ``status``. Each file is saved with
    :func:`excel.save_workbook` stamped 1 January of ``tahun``, so the same inputs give
    byte-identical files (no clock time inside).

    Returns
    -------
    list of Path
        In unit order.
    """
    out_dir = paths.processed_year(tahun) / "permintaan"
    sampai = int(status["bulan"].max()) if len(status) else 12
    written = []
    for unit in dict.fromkeys(status["unit"]):
        req = request_sheet(unit, status, kualitas, pengiriman, settings.organisasi)
        wb = _write_request(req, tahun, sampai, _as_date(tanggal_acuan), settings)
        path = out_dir / request_filename(unit, tahun)
        # fixed timestamps (1 January of the year): same inputs, byte-identical file
        written.append(save_workbook(wb, path, fixed_time(tahun)))
    # a request sheet of a unit that no longer reports would still look current: remove it
    # (only files this function writes: data/processed/<tahun>/permintaan/permintaan_*.xlsx)
    keep = {p.name for p in written}
    for stale in sorted(out_dir.glob(f"permintaan_*_{int(tahun)}.xlsx")):
        if stale.name not in keep:
            stale.unlink()
    return written
