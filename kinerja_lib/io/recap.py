"""The consolidated recap for people: one formatted Excel workbook per year (SOP step 2).

:func:`write_year_recap` (called by ``kinerja validasi``) computes the year's engine tables
(``store.compute_and_write_year``) and :func:`write_recap` writes
``data/processed/<tahun>/rekap_<tahun>.xlsx`` with the sheets *Capaian* (first: per sasaran
and indicator target, realisasi, capaian and predikat from the engine's *tahunan* tables
``capaian`` and ``sasaran``, unchanged; predikat cells coloured by the office's scale; a
*Jumlah* row), *Rekap Realisasi* (one row per indicator and reporting unit, months as
columns), *Realisasi Bulanan* (long form, one row per accepted monthly value with its source),
*Realisasi Anggaran* (per kegiatan, per triwulan), *Anggaran Bulanan* (long form),
*Kualitas Data* (severity and rule in words: ``Galat``/``Peringatan``, the rule's description
from ``contract.ATURAN``), *Karantina*, *Pengiriman* (and *Ketepatan Waktu* when the
tracker's tables are given) and *Keterangan*. The Parquet side of the recap is
:func:`store.save_year`.

Print: every sheet is A4 landscape, fitted to the page width with its header row repeated and
panes frozen below it; column widths are chosen so that the fit keeps the text at 8 pt or more
(wide content is wrapped, split into a long-form sheet or left out, never shrunk further).
Counts of whole things (``contract.satuan_cacah``: orang, berkas, eksemplar, ...) are shown
without decimals, percentages and indices with two.

Determinism: the workbook is saved with :func:`excel.save_workbook` stamped with
:func:`excel.fixed_time` of the data's year (1 January), so the same data always gives a
byte-identical file (openpyxl would otherwise stamp the clock into ``docProps/core.xml`` and
every zip entry).

Formatting: bold header row with filter buttons, frozen header (and key columns), fixed
column widths, numbers with the format codes ``#,##0.00`` / ``#,##0`` and dates
``DD/MM/YYYY``. Excel stores format codes locale-independently and shows them with the
reader's locale, so an Indonesian Excel displays ``1.234,50``.

Formula-injection safety: every cell is written with :func:`excel.set_cell` (text is a
string cell, never a formula; text starting with a formula trigger gets Excel's quotePrefix;
characters XML cannot hold are removed). Tables use :func:`excel.write_table` and the table
styles of :mod:`kinerja_lib.io.excel`.
"""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.styles import Border, PatternFill, Side

from kinerja_lib.domain import contract as c
from kinerja_lib.domain.engine import KODE_SASARAN_OPD
from kinerja_lib.domain.model import YearData
from kinerja_lib.domain.numbers import format_number
from kinerja_lib.domain.organisasi import Organisasi
from kinerja_lib.domain.periods import nama_bulan, tahunan
from kinerja_lib.domain.settings import PREDIKAT_PERMENDAGRI_86, Settings
from kinerja_lib.io import store
from kinerja_lib.io.excel import (
    FMT_ANGKA,
    FMT_RIBUAN,
    TABLE_BOLD,
    TABLE_BORDER,
    TABLE_NOTE_TITLE_FONT,
    WRAP_TOP,
    fixed_time,
    print_setup,
    save_workbook,
    set_cell,
    write_table,
)
from kinerja_lib.io.paths import Paths

# --------------------------------------------------------------------------- recap tables

BULAN_COLS = [f"b{m:02d}" for m in range(1, 13)]


def rekap_realisasi(data: YearData, org: Organisasi) -> pd.DataFrame:
    """One row per indicator and reporting unit with the 12 monthly values (``b01``..``b12``).

    Indicators of the Perjanjian Kinerja without any accepted value still appear (empty
    months). For rasio indicators the month's value is pembilang / penyebut x 100.
    """
    pk = data.pk
    real = data.realisasi
    keys = pk[["kode", "unit"]].copy()
    if len(real):
        keys = pd.concat([keys, real[["kode", "unit"]]]).drop_duplicates()
    pivot = (real.pivot_table(index=["kode", "unit"], columns="bulan", values="realisasi",
                              aggfunc="last")
             if len(real) else pd.DataFrame())
    info = pk.set_index("kode")
    rows = []
    order = {k: i for i, k in enumerate(pk["kode"])}
    unit_order = org.urutan  # the office's declared unit order
    for kode, unit in sorted(keys.itertuples(index=False, name=None),
                             key=lambda t: (order.get(t[0], len(order)), str(t[0]),
                                            unit_order.get(t[1], 99), str(t[1]))):
        meta = info.loc[kode] if kode in info.index else None
        rec = {
            "kode": kode, "unit": unit, "nama_unit": org.nama_unit(unit) if unit else None,
            "kode_sasaran": None if meta is None else meta["kode_sasaran"],
            "sasaran": None if meta is None else meta["sasaran"],
            "indikator": None if meta is None else meta["indikator"],
            "satuan": None if meta is None else meta["satuan"],
            "agregasi": None if meta is None else c.AGREGASI_LABEL.get(meta["agregasi"]),
            "target_tahunan": math.nan if meta is None else meta["target_tahunan"],
            "penanggung_jawab": "Ya" if meta is not None and meta["unit"] == unit else "Tidak",
        }
        filled = 0
        for m, col in zip(range(1, 13), BULAN_COLS, strict=True):
            v = math.nan
            if (kode, unit) in pivot.index and m in pivot.columns:
                v = pivot.loc[(kode, unit), m]
            rec[col] = v
            filled += 0 if pd.isna(v) else 1
        rec["bulan_terisi"] = filled
        rows.append(rec)
    cols = ["kode", "kode_sasaran", "sasaran", "indikator", "satuan", "agregasi",
            "target_tahunan", "unit", "nama_unit", "penanggung_jawab", *BULAN_COLS,
            "bulan_terisi"]
    return pd.DataFrame(rows, columns=cols)


def rekap_anggaran(data: YearData) -> pd.DataFrame:
    """One row per kegiatan with pagu, the 12 monthly spendings and their sum."""
    ang = data.anggaran
    ra = data.realisasi_anggaran
    pivot = (ra.groupby(["kode_kegiatan", "bulan"])["realisasi_anggaran"].sum(min_count=1)
             .unstack("bulan") if len(ra) else pd.DataFrame())
    kodes = list(ang["kode_kegiatan"])
    kodes += sorted(set(ra["kode_kegiatan"]) - set(kodes)) if len(ra) else []
    info = ang.set_index("kode_kegiatan")
    rows = []
    for k in kodes:
        meta = info.loc[k] if k in info.index else None
        rec = {"kode_kegiatan": k,
               "program": None if meta is None else meta["program"],
               "kegiatan": None if meta is None else meta["kegiatan"],
               "unit": None if meta is None else meta["unit"],
               "pagu": math.nan if meta is None else meta["pagu"]}
        total = math.nan
        for m, col in zip(range(1, 13), BULAN_COLS, strict=True):
            v = math.nan
            if k in pivot.index and m in pivot.columns:
                v = pivot.loc[k, m]
            rec[col] = v
            if not pd.isna(v):
                total = v if math.isnan(total) else total + v
        rec["jumlah"] = total
        rows.append(rec)
    cols = ["kode_kegiatan", "program", "kegiatan", "unit", "pagu", *BULAN_COLS, "jumlah"]
    return pd.DataFrame(rows, columns=cols)


BULAN_SINGKAT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov",
                 "Des")
"""Month headers of the month-column sheets (full names would not fit a printed A4 width)."""

TINGKAT_LABEL = {"error": "Galat", "peringatan": "Peringatan"}
"""Severity as shown to people (the quality table stores the contract's codes)."""

TIDAK_DINILAI = "Tidak dapat dinilai"

_PREDIKAT_TINTS = ("C6EFCE", "E2EFDA", "FFF2CC", "FCE4D6", "F8CBAD")
"""Light cell tints of predikat bands, top band (green) to bottom band (red)."""
_GREY_FILL = PatternFill("solid", fgColor="EDEDED")
_SASARAN_FILL = PatternFill("solid", fgColor="DDEBF7")
_TOTAL_FILL = PatternFill("solid", fgColor="BDD7EE")
_TOTAL_TOP = Border(top=Side(style="medium", color="1F4E78"), left=TABLE_BORDER.left,
                    right=TABLE_BORDER.right, bottom=TABLE_BORDER.bottom)

CAPAIAN_HEADER_ROW = 3
"""Header row of the *Capaian* sheet (rows 1-2: title and the predikat scale)."""


def predikat_fills(skala) -> dict[str, PatternFill]:
    """Cell fill of each band of a predikat scale (top band green ... bottom band red)."""
    labels = [label for _, label in skala]
    n = len(labels)
    out = {}
    for i, label in enumerate(labels):
        k = 0 if n == 1 else round(i * (len(_PREDIKAT_TINTS) - 1) / (n - 1))
        out[label] = PatternFill("solid", fgColor=_PREDIKAT_TINTS[k])
    out[TIDAK_DINILAI] = _GREY_FILL
    return out


def skala_text(skala) -> str:
    """The predikat scale as one Indonesian line: ``≥ 91: Sangat Tinggi; ...; < 51: ...``."""
    parts = []
    for i, (lo, label) in enumerate(skala):
        if lo == float("-inf"):
            parts.append(f"< {format_number(skala[i - 1][0], 0)}: {label}")
        else:
            parts.append(f"≥ {format_number(lo, 0)}: {label}")
    return "Skala predikat (capaian %) — " + "; ".join(parts) + "."


def number_format_for(value, satuan) -> str:
    """Counts of whole things (``contract.satuan_cacah``) without decimals, else two."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) \
            and c.satuan_cacah(satuan) and float(value).is_integer():
        return FMT_RIBUAN
    return FMT_ANGKA


def _satuan_formats(ws, satuan_col: int, number_cols: list[int], first_row: int = 2,
                    whole_cols: tuple[int, ...] = ()) -> None:
    """Per-row number formats after :func:`excel.write_table`: by the row's satuan; columns
    in ``whole_cols`` (pembilang, penyebut: counts) without decimals when whole."""
    for r in range(first_row, ws.max_row + 1):
        satuan = ws.cell(r, satuan_col).value
        for col in number_cols:
            cell = ws.cell(r, col)
            if isinstance(cell.value, (int, float)):
                cell.number_format = (FMT_RIBUAN if col in whole_cols
                                      and float(cell.value).is_integer()
                                      else number_format_for(cell.value, satuan))


def _finish(ws, header: str, *, title_row: int | None = 1) -> None:
    """A4 landscape, fitted to the page width, header row repeated, page numbers."""
    print_setup(ws, title_rows=f"{title_row}:{title_row}" if title_row else None,
                header=header, print_area=None)


def write_recap(data: YearData, path: Path, *, org: Organisasi,
                status: pd.DataFrame | None = None,
                ketepatan: pd.DataFrame | None = None,
                capaian: pd.DataFrame | None = None,
                sasaran: pd.DataFrame | None = None,
                skala=PREDIKAT_PERMENDAGRI_86, nama_opd: str = "") -> Path:
    """Write the people's recap workbook of one year.

    Parameters
    ----------
    data : YearData
        Output of ingest.
    path : Path
        Target ``.xlsx`` (written atomically).
    org : contract.Organisasi
        The office's units (``settings.organisasi``): unit names and order.
    status, ketepatan : DataFrame, optional
        ``tracker.submission_status`` and ``tracker.on_time_rate`` output; when given the
        *Pengiriman* sheet shows every unit x month with its status, and a *Ketepatan Waktu*
        sheet is added.
    capaian, sasaran : DataFrame, optional
        The engine tables ``capaian`` and ``sasaran`` of the year's *tahunan* period
        (``store.load_period_tables``), shown as they are on the first sheet *Capaian*;
        without them that sheet says the capaian has not been computed.
    skala : sequence of (lower bound, label)
        The office's predikat scale (``settings.predikat_scale``): colours and legend.
    nama_opd : str
        Office name for titles and the printed page header.

    Returns
    -------
    Path
    """
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    header = f"Rekap Data Kinerja Tahun {data.tahun} {nama_opd}".strip()
    _sheet_capaian(wb, data.tahun, capaian, sasaran, skala, nama_opd)
    _sheet_rekap_realisasi(wb, data, org)
    _sheet_realisasi_bulanan(wb, data)
    _sheet_realisasi_anggaran(wb, data)
    _sheet_anggaran_bulanan(wb, data)
    _sheet_kualitas(wb, data)
    _sheet_karantina(wb, data)
    _sheet_pengiriman(wb, data, status, org)
    if ketepatan is not None:
        _sheet_ketepatan(wb, ketepatan)
    _sheet_keterangan(wb, data, org)
    for ws in wb.worksheets:
        if ws.title == "Capaian":
            _finish(ws, header, title_row=CAPAIAN_HEADER_ROW)
        else:
            _finish(ws, header, title_row=None if ws.title == "Keterangan" else 1)
    # fixed document and zip timestamps: the same data gives a byte-identical workbook
    return save_workbook(wb, Path(path), fixed_time(data.tahun))


def write_year_recap(data: YearData, paths: Paths, settings: Settings, *,
                     status: pd.DataFrame | None = None,
                     ketepatan: pd.DataFrame | None = None) -> Path:
    """Compute the year's engine tables, then write ``rekap_<tahun>.xlsx`` with its capaian.

    Called by ``kinerja validasi`` after :func:`store.save_year`: the recap's *Capaian*
    sheet needs the engine's tables, so the period tables of every period of the year are
    computed and written here (:func:`store.compute_and_write_year`, the same call
    ``kinerja jalankan`` makes). A validated year therefore also has its
    ``tahunan/bulanan.parquet``, which the exploration notebook reads.

    Returns
    -------
    Path
        ``data/processed/<tahun>/rekap_<tahun>.xlsx``.
    """
    tahun = data.tahun
    store.compute_and_write_year(paths, tahun, settings)
    tables = store.load_period_tables(paths, tahun, tahunan(tahun).kode)
    return write_recap(data, paths.processed_year(tahun) / f"rekap_{tahun}.xlsx",
                       org=settings.organisasi, status=status, ketepatan=ketepatan,
                       capaian=tables.get("capaian"), sasaran=tables.get("sasaran"),
                       skala=settings.predikat_scale, nama_opd=settings.nama_opd)


# --------------------------------------------------------------------------- Capaian sheet

CAPAIAN_SPEC = [
    ("kode", "Kode", "teks", 9), ("indikator", "Indikator Kinerja / Sasaran", "teks", 44),
    ("satuan", "Satuan", "teks", 10), ("unit", "Unit", "teks", 9),
    ("target", "Target", "angka", 12), ("realisasi", "Realisasi", "angka", 12),
    ("capaian", "Capaian (%)", "angka", 10), ("predikat", "Predikat", "teks", 14),
    ("keterangan", "Keterangan", "teks", 26),
]
"""Columns of the *Capaian* sheet: (key, header, kind, width)."""


def capaian_rows(capaian: pd.DataFrame, sasaran: pd.DataFrame) -> list[dict]:
    """Rows of the *Capaian* sheet from the engine tables, in the capaian table's order.

    Each sasaran (engine ``sasaran`` row) is followed by its indicators; the office-wide row
    (``kode_sasaran == KODE_SASARAN_OPD``) comes last. Values are the engine's, unchanged:
    ``target_sd``, ``realisasi_sd``, ``capaian_sd``, ``predikat``. Each row has a ``jenis``
    (``sasaran``, ``indikator``, ``jumlah``).
    """
    sas = sasaran.set_index("kode_sasaran") if len(sasaran) else pd.DataFrame()
    rows: list[dict] = []
    order = list(dict.fromkeys(capaian["kode_sasaran"]))
    for kode_s in order:
        if kode_s in sas.index:
            s = sas.loc[kode_s]
            rows.append({"jenis": "sasaran", "kode": kode_s, "indikator": s["sasaran"],
                         "capaian": s["capaian_sd"], "predikat": _predikat(s, True),
                         "keterangan": f"rata-rata {s['jumlah_dinilai']} dari "
                                       f"{s['jumlah_indikator']} indikator"})
        for r in capaian[capaian["kode_sasaran"] == kode_s].itertuples(index=False):
            rows.append({"jenis": "indikator", "kode": r.kode, "indikator": r.indikator,
                         "satuan": r.satuan, "unit": r.unit, "target": r.target_sd,
                         "realisasi": r.realisasi_sd, "capaian": r.capaian_sd,
                         "predikat": _predikat(r._asdict(), bool(r.dinilai)),
                         "keterangan": _keterangan(r)})
    if KODE_SASARAN_OPD in sas.index:
        s = sas.loc[KODE_SASARAN_OPD]
        rows.append({"jenis": "jumlah", "kode": "Jumlah", "indikator": s["sasaran"],
                     "capaian": s["capaian_sd"], "predikat": _predikat(s, True),
                     "keterangan": f"rata-rata {s['jumlah_dinilai']} dari "
                                   f"{s['jumlah_indikator']} indikator"})
    return rows


def _predikat(rec, dinilai: bool) -> str:
    value = rec["predikat"]
    if not dinilai or value is None or (isinstance(value, float) and math.isnan(value)):
        return TIDAK_DINILAI
    return str(value)


def _keterangan(r) -> str | None:
    if not bool(r.dinilai):
        return str(r.alasan) if isinstance(r.alasan, str) and r.alasan else TIDAK_DINILAI
    if not bool(r.lengkap) and isinstance(r.bulan_hilang, str) and r.bulan_hilang:
        return f"Belum dilaporkan: {r.bulan_hilang}"
    return None


def _sheet_capaian(wb, tahun: int, capaian, sasaran, skala, nama_opd: str) -> None:
    """The first sheet: title, predikat scale, one styled row per sasaran/indicator/total."""
    ws = wb.create_sheet("Capaian")
    title = set_cell(ws, 1, 1, f"Capaian Kinerja Tahun {tahun} {nama_opd}".strip())
    title.font = TABLE_NOTE_TITLE_FONT
    if capaian is None or sasaran is None:
        set_cell(ws, 2, 1, "Capaian belum dihitung untuk rekap ini; jalankan "
                 f"kinerja validasi --tahun {tahun}.")
        write_table(ws, pd.DataFrame(columns=[s[0] for s in CAPAIAN_SPEC]), CAPAIAN_SPEC,
                    start_row=CAPAIAN_HEADER_ROW, freeze_cols=2)
        return
    set_cell(ws, 2, 1, skala_text(skala) + " Target dan realisasi s.d. bulan terakhir yang "
             "dilaporkan; capaian dan predikat dari tabel capaian perhitungan.")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(CAPAIAN_SPEC))
    ws.cell(2, 1).alignment = WRAP_TOP
    ws.row_dimensions[2].height = 30
    rows = capaian_rows(capaian, sasaran)
    frame = pd.DataFrame(rows, columns=["jenis", *[s[0] for s in CAPAIAN_SPEC]])
    write_table(ws, frame, CAPAIAN_SPEC, start_row=CAPAIAN_HEADER_ROW, freeze_cols=2)
    fills = predikat_fills(skala)
    keys = [s[0] for s in CAPAIAN_SPEC]
    for i, rec in enumerate(rows, start=CAPAIAN_HEADER_ROW + 1):
        for key in ("target", "realisasi"):
            cell = ws.cell(i, keys.index(key) + 1)
            if isinstance(cell.value, (int, float)):
                cell.number_format = number_format_for(cell.value, rec.get("satuan"))
        pred = ws.cell(i, keys.index("predikat") + 1)
        if pred.value in fills:
            pred.fill = fills[pred.value]
        if rec["jenis"] == "indikator":
            continue
        for j in range(1, len(keys) + 1):
            cell = ws.cell(i, j)
            cell.font = TABLE_BOLD
            if j != keys.index("predikat") + 1:
                cell.fill = _SASARAN_FILL if rec["jenis"] == "sasaran" else _TOTAL_FILL
            if rec["jenis"] == "jumlah":
                cell.border = _TOTAL_TOP


# --------------------------------------------------------------------------- data sheets


def _month_spec(kind: str, width: float) -> list[tuple]:
    return [(col, BULAN_SINGKAT[i], kind, width) for i, col in enumerate(BULAN_COLS)]


def _sheet_rekap_realisasi(wb, data: YearData, org: Organisasi) -> None:
    ws = wb.create_sheet("Rekap Realisasi")
    spec = [
        ("kode", "Kode", "teks", 8), ("indikator", "Indikator Kinerja", "teks", 30),
        ("satuan", "Satuan", "teks", 9), ("agregasi", "Jenis Agregasi", "teks", 10),
        ("target_tahunan", "Target Tahunan", "angka", 10), ("unit", "Unit", "teks", 9),
        *_month_spec("angka", 8), ("bulan_terisi", "Bulan Terisi", "bulat", 7),
    ]
    write_table(ws, rekap_realisasi(data, org), spec, freeze_cols=2)
    keys = [s[0] for s in spec]
    _satuan_formats(ws, keys.index("satuan") + 1,
                    [keys.index(k) + 1 for k in ("target_tahunan", *BULAN_COLS)])


def _sheet_realisasi_bulanan(wb, data: YearData) -> None:
    real = data.realisasi.copy()
    pk = data.pk.set_index("kode")
    real["nama_bulan"] = [nama_bulan(b) for b in real["bulan"]]
    real["indikator"] = [pk["indikator"].get(k) for k in real["kode"]]
    real["satuan"] = [pk["satuan"].get(k) for k in real["kode"]]
    real["sumber"] = [f"{f}, lembar {s} baris {b}" for f, s, b in
                      zip(real["sumber_file"], real["sumber_sheet"], real["sumber_baris"],
                          strict=True)]
    ws = wb.create_sheet("Realisasi Bulanan")
    spec = [
        ("unit", "Unit", "teks", 8), ("nama_bulan", "Bulan", "teks", 10),
        ("kode", "Kode", "teks", 8), ("indikator", "Indikator Kinerja", "teks", 26),
        ("satuan", "Satuan", "teks", 8), ("realisasi", "Realisasi", "angka", 10),
        ("pembilang", "Pembilang", "angka", 9), ("penyebut", "Penyebut", "angka", 9),
        ("kendala", "Kendala", "teks", 22), ("tindak_lanjut", "Tindak Lanjut", "teks", 22),
        ("bukti", "Bukti Dukung", "teks", 16), ("tanggal_kirim", "Tanggal Kirim", "tanggal", 11),
        ("sumber", "Asal (berkas, lembar, baris)", "teks", 20),
    ]
    write_table(ws, real, spec, freeze_cols=3)
    keys = [s[0] for s in spec]
    cols = [keys.index(k) + 1 for k in ("realisasi", "pembilang", "penyebut")]
    _satuan_formats(ws, keys.index("satuan") + 1, cols, whole_cols=tuple(cols[1:]))


def rekap_anggaran_triwulan(data: YearData) -> pd.DataFrame:
    """:func:`rekap_anggaran` with the months summed per triwulan (``tw1``..``tw4``)."""
    df = rekap_anggaran(data)
    for tw in range(1, 5):
        cols = BULAN_COLS[3 * (tw - 1):3 * tw]
        df[f"tw{tw}"] = df[cols].sum(axis=1, min_count=1)
    return df


def _sheet_realisasi_anggaran(wb, data: YearData) -> None:
    write_table(wb.create_sheet("Realisasi Anggaran"), rekap_anggaran_triwulan(data), [
        ("kode_kegiatan", "Kode Kegiatan", "teks", 13), ("kegiatan", "Kegiatan", "teks", 34),
        ("unit", "Unit", "teks", 8), ("pagu", "Pagu (Rp)", "rupiah", 15),
        *[(f"tw{tw}", f"Triwulan {r} (Rp)", "rupiah", 14)
          for tw, r in zip(range(1, 5), ("I", "II", "III", "IV"), strict=True)],
        ("jumlah", "Jumlah (Rp)", "rupiah", 15),
    ], freeze_cols=2)


def _sheet_anggaran_bulanan(wb, data: YearData) -> None:
    ra = data.realisasi_anggaran.copy()
    keg = data.anggaran.drop_duplicates("kode_kegiatan").set_index("kode_kegiatan")
    ra["kegiatan"] = [keg["kegiatan"].get(k) for k in ra["kode_kegiatan"]]
    ra["nama_bulan"] = [nama_bulan(b) for b in ra["bulan"]]
    ra = ra.sort_values(["kode_kegiatan", "bulan", "unit"], kind="stable")
    write_table(wb.create_sheet("Anggaran Bulanan"), ra, [
        ("kode_kegiatan", "Kode Kegiatan", "teks", 13), ("kegiatan", "Kegiatan", "teks", 36),
        ("unit", "Unit", "teks", 8), ("nama_bulan", "Bulan", "teks", 10),
        ("realisasi_anggaran", "Realisasi (Rp)", "rupiah", 15),
        ("tanggal_kirim", "Tanggal Kirim", "tanggal", 11), ("sumber_file", "Berkas", "teks", 30),
    ], freeze_cols=2)


def aturan_label(kode) -> str:
    """The Indonesian description of a rule code (``contract.ATURAN``)."""
    if kode in c.ATURAN:
        return c.ATURAN[kode][1]
    return str(kode).replace("_", " ") if kode is not None else ""


def _sheet_kualitas(wb, data: YearData) -> None:
    k = data.kualitas.copy()
    k["tingkat"] = [TINGKAT_LABEL.get(t, t) for t in k["tingkat"]]
    k["aturan"] = [aturan_label(a) for a in k["aturan"]]
    write_table(wb.create_sheet("Kualitas Data"), k, [
        ("tingkat", "Tingkat", "teks", 11), ("file", "Berkas", "teks", 26),
        ("sheet", "Lembar", "teks", 12), ("sel", "Sel", "teks", 7),
        ("aturan", "Jenis Masalah", "teks", 32), ("pesan", "Pesan", "teks", 60),
    ], freeze_cols=0)


def _sheet_karantina(wb, data: YearData) -> None:
    write_table(wb.create_sheet("Karantina"), data.karantina, [
        ("sumber_file", "Berkas", "teks", 30), ("sumber_sheet", "Lembar", "teks", 12),
        ("sumber_baris", "Baris", "bulat", 7), ("alasan", "Alasan", "teks", 90),
    ])


def _sheet_pengiriman(wb, data: YearData, status: pd.DataFrame | None,
                      org: Organisasi) -> None:
    ws = wb.create_sheet("Pengiriman")
    if status is not None:
        write_table(ws, status, [
            ("unit", "Unit", "teks", 9), ("nama_unit", "Nama Unit", "teks", 30),
            ("nama_bulan", "Bulan", "teks", 11),
            ("batas", "Batas Kirim", "tanggal", 12),
            ("tanggal_kirim", "Tanggal Kirim", "tanggal", 12),
            ("status", "Status", "teks", 16), ("hari_terlambat", "Hari Terlambat", "bulat", 9),
            ("sumber_file", "Berkas", "teks", 32),
        ], freeze_cols=2)
        return
    peng = data.pengiriman.copy()
    peng["nama_unit"] = [org.nama_unit(u) for u in peng["unit"]]
    peng["nama_bulan"] = [nama_bulan(b) for b in peng["bulan"]]
    write_table(ws, peng, [
        ("unit", "Unit", "teks", 9), ("nama_unit", "Nama Unit", "teks", 30),
        ("nama_bulan", "Bulan", "teks", 11),
        ("tanggal_kirim", "Tanggal Kirim", "tanggal", 12),
        ("sumber_file", "Berkas", "teks", 32), ("sha256", "Sidik Berkas (SHA-256)", "teks", 20),
    ], freeze_cols=2)


def _sheet_ketepatan(wb, ketepatan: pd.DataFrame) -> None:
    write_table(wb.create_sheet("Ketepatan Waktu"), ketepatan, [
        ("unit", "Unit", "teks", 9), ("nama_unit", "Nama Unit", "teks", 30),
        ("jumlah_wajib", "Laporan Wajib", "bulat", 10),
        ("tepat_waktu", "Tepat Waktu", "bulat", 10), ("terlambat", "Terlambat", "bulat", 10),
        ("belum_ada", "Belum Ada", "bulat", 10),
        ("persen_tepat_waktu", "Tepat Waktu (%)", "angka", 12),
    ], freeze_cols=2)


def _sheet_keterangan(wb, data: YearData, org: Organisasi) -> None:
    ws = wb.create_sheet("Keterangan")
    notes = [
        f"Rekap data kinerja tahun {data.tahun}",
        "Capaian: per sasaran dan indikator, target dan realisasi s.d. bulan terakhir yang "
        "dilaporkan, capaian (%) dan predikat; baris sasaran dan baris Jumlah berisi rata-rata "
        "capaian indikator yang dapat dinilai.",
        "Rekap Realisasi: satu baris per indikator dan unit pelapor; kolom Jan-Des berisi "
        "realisasi bulan itu (untuk indikator rasio: pembilang/penyebut x 100).",
        "Realisasi Bulanan: setiap nilai yang diterima beserta berkas, lembar dan baris asalnya.",
        "Realisasi Anggaran: pagu dan realisasi per triwulan; rincian per bulan pada lembar "
        "Anggaran Bulanan.",
        "Kualitas Data: setiap masalah yang ditemukan. Baris bertingkat Galat dikarantina dan "
        "tidak ikut dihitung; baris bertingkat Peringatan tetap dihitung.",
        "Karantina: baris yang tidak dipakai dan alasannya.",
        "Angka ditampilkan menurut pengaturan bahasa Excel (Indonesia: 1.234,50); satuan "
        "cacah (orang, berkas, eksemplar, ...) tanpa desimal.",
        f"Jumlah berkas dibaca: {len(data.sumber)}.",
        "Kode unit:",
        *[f"{u.kode}: {u.nama}" for u in org.units],
    ]
    ws.column_dimensions["A"].width = 120
    for i, text in enumerate(notes, start=1):
        cell = set_cell(ws, i, 1, text)
        cell.alignment = WRAP_TOP
        if i == 1:
            cell.font = TABLE_NOTE_TITLE_FONT
