"""The consolidated recap for people: one formatted Excel workbook per year (SOP step 2).

:func:`write_recap` writes ``data/processed/<tahun>/rekap_<tahun>.xlsx`` with the sheets
*Rekap Realisasi* (one row per indicator and reporting unit, months as columns),
*Realisasi Bulanan* (long form, one row per accepted monthly value with its source),
*Realisasi Anggaran* (one row per kegiatan, months as columns), *Kualitas Data*,
*Karantina*, *Pengiriman* (and *Ketepatan Waktu* when the tracker's tables are given) and
*Keterangan*. The Parquet side of the recap is :func:`store.save_year`.

Determinism: the workbook is saved with :func:`excel.save_workbook` stamped with
:func:`excel.fixed_time` of the data's year (1 January), so the same data always gives a
byte-identical file (openpyxl would otherwise stamp the clock into ``docProps/core.xml`` and
every zip entry).

Formatting: bold header on row 1 with filter buttons, frozen header (and key columns), fixed
column widths, numbers with the format code ``#,##0.00`` (rupiah ``#,##0``) and dates
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

from kinerja_lib.domain import contract as c
from kinerja_lib.domain.model import YearData
from kinerja_lib.domain.organisasi import Organisasi
from kinerja_lib.domain.periods import NAMA_BULAN, nama_bulan
from kinerja_lib.io.excel import (
    TABLE_NOTE_TITLE_FONT,
    WRAP_TOP,
    fixed_time,
    save_workbook,
    set_cell,
    write_table,
)

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


def _month_spec(kind: str) -> list[tuple]:
    return [(col, NAMA_BULAN[i], kind, 11) for i, col in enumerate(BULAN_COLS)]


def write_recap(data: YearData, path: Path, *, org: Organisasi,
                status: pd.DataFrame | None = None,
                ketepatan: pd.DataFrame | None = None) -> Path:
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

    Returns
    -------
    Path
    """
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    _sheet_rekap_realisasi(wb, data, org)
    _sheet_realisasi_bulanan(wb, data, org)
    _sheet_realisasi_anggaran(wb, data)
    _sheet_kualitas(wb, data)
    _sheet_karantina(wb, data)
    _sheet_pengiriman(wb, data, status, org)
    if ketepatan is not None:
        _sheet_ketepatan(wb, ketepatan)
    _sheet_keterangan(wb, data)
    # fixed document and zip timestamps: the same data gives a byte-identical workbook
    return save_workbook(wb, Path(path), fixed_time(data.tahun))


def _sheet_rekap_realisasi(wb, data: YearData, org: Organisasi) -> None:
    write_table(wb.create_sheet("Rekap Realisasi"), rekap_realisasi(data, org), [
        ("kode", "Kode", "teks", 10), ("kode_sasaran", "Kode Sasaran", "teks", 9),
        ("sasaran", "Sasaran Strategis", "teks", 30), ("indikator", "Indikator Kinerja", "teks", 40),
        ("satuan", "Satuan", "teks", 10), ("agregasi", "Jenis Agregasi", "teks", 12),
        ("target_tahunan", "Target Tahunan", "angka", 11), ("unit", "Unit", "teks", 9),
        ("nama_unit", "Nama Unit", "teks", 24),
        ("penanggung_jawab", "Penanggung Jawab", "teks", 11),
        *_month_spec("angka"), ("bulan_terisi", "Bulan Terisi", "bulat", 8),
    ], freeze_cols=4)


def _sheet_realisasi_bulanan(wb, data: YearData, org: Organisasi) -> None:
    real = data.realisasi.copy()
    pk = data.pk.set_index("kode")
    real["nama_bulan"] = [nama_bulan(b) for b in real["bulan"]]
    real["nama_unit"] = [org.nama_unit(u) for u in real["unit"]]
    real["indikator"] = [pk["indikator"].get(k) for k in real["kode"]]
    real["satuan"] = [pk["satuan"].get(k) for k in real["kode"]]
    write_table(wb.create_sheet("Realisasi Bulanan"), real, [
        ("unit", "Unit", "teks", 9), ("nama_unit", "Nama Unit", "teks", 24),
        ("bulan", "Bulan Ke", "bulat", 7), ("nama_bulan", "Bulan", "teks", 11),
        ("kode", "Kode", "teks", 10), ("indikator", "Indikator Kinerja", "teks", 40),
        ("satuan", "Satuan", "teks", 10), ("realisasi", "Realisasi", "angka", 12),
        ("pembilang", "Pembilang", "angka", 11), ("penyebut", "Penyebut", "angka", 11),
        ("kendala", "Kendala", "teks", 30), ("tindak_lanjut", "Tindak Lanjut", "teks", 30),
        ("bukti", "Bukti Dukung", "teks", 20), ("tanggal_kirim", "Tanggal Kirim", "tanggal", 12),
        ("sumber_file", "Berkas", "teks", 30), ("sumber_sheet", "Lembar", "teks", 12),
        ("sumber_baris", "Baris", "bulat", 7),
    ], freeze_cols=5)


def _sheet_realisasi_anggaran(wb, data: YearData) -> None:
    write_table(wb.create_sheet("Realisasi Anggaran"), rekap_anggaran(data), [
        ("kode_kegiatan", "Kode Kegiatan", "teks", 14), ("program", "Program", "teks", 30),
        ("kegiatan", "Kegiatan", "teks", 36), ("unit", "Unit", "teks", 9),
        ("pagu", "Pagu (Rp)", "rupiah", 16), *_month_spec("rupiah"),
        ("jumlah", "Jumlah (Rp)", "rupiah", 16),
    ], freeze_cols=3)


def _sheet_kualitas(wb, data: YearData) -> None:
    write_table(wb.create_sheet("Kualitas Data"), data.kualitas, [
        ("tingkat", "Tingkat", "teks", 11), ("file", "Berkas", "teks", 32),
        ("sheet", "Lembar", "teks", 16), ("sel", "Sel", "teks", 8),
        ("aturan", "Aturan", "teks", 22), ("pesan", "Pesan", "teks", 90),
    ], freeze_cols=0)


def _sheet_karantina(wb, data: YearData) -> None:
    write_table(wb.create_sheet("Karantina"), data.karantina, [
        ("sumber_file", "Berkas", "teks", 32), ("sumber_sheet", "Lembar", "teks", 16),
        ("sumber_baris", "Baris", "bulat", 7), ("alasan", "Alasan", "teks", 100),
    ])


def _sheet_pengiriman(wb, data: YearData, status: pd.DataFrame | None,
                      org: Organisasi) -> None:
    ws = wb.create_sheet("Pengiriman")
    if status is not None:
        write_table(ws, status, [
            ("unit", "Unit", "teks", 9), ("nama_unit", "Nama Unit", "teks", 30),
            ("bulan", "Bulan Ke", "bulat", 7), ("nama_bulan", "Bulan", "teks", 11),
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
        ("bulan", "Bulan Ke", "bulat", 7), ("nama_bulan", "Bulan", "teks", 11),
        ("tanggal_kirim", "Tanggal Kirim", "tanggal", 12),
        ("sumber_file", "Berkas", "teks", 32), ("sha256", "SHA-256", "teks", 20),
    ], freeze_cols=2)


def _sheet_ketepatan(wb, ketepatan: pd.DataFrame) -> None:
    write_table(wb.create_sheet("Ketepatan Waktu"), ketepatan, [
        ("unit", "Unit", "teks", 9), ("nama_unit", "Nama Unit", "teks", 30),
        ("jumlah_wajib", "Laporan Wajib", "bulat", 10),
        ("tepat_waktu", "Tepat Waktu", "bulat", 10), ("terlambat", "Terlambat", "bulat", 10),
        ("belum_ada", "Belum Ada", "bulat", 10),
        ("persen_tepat_waktu", "Tepat Waktu (%)", "angka", 12),
    ], freeze_cols=2)


def _sheet_keterangan(wb, data: YearData) -> None:
    ws = wb.create_sheet("Keterangan")
    notes = [
        f"Rekap data kinerja tahun {data.tahun}",
        "Rekap Realisasi: satu baris per indikator dan unit pelapor; kolom Januari-Desember "
        "berisi realisasi bulan itu (untuk indikator rasio: pembilang/penyebut x 100).",
        "Realisasi Bulanan: setiap nilai yang diterima beserta berkas, lembar dan baris asalnya.",
        "Kualitas Data: setiap masalah yang ditemukan. Baris dengan tingkat 'error' dikarantina "
        "dan tidak ikut dihitung; 'peringatan' tetap dihitung.",
        "Karantina: baris yang tidak dipakai dan alasannya.",
        "Angka ditampilkan menurut pengaturan bahasa Excel (Indonesia: 1.234,50).",
        f"Jumlah berkas dibaca: {len(data.sumber)}.",
    ]
    ws.column_dimensions["A"].width = 120
    for i, text in enumerate(notes, start=1):
        cell = set_cell(ws, i, 1, text)
        cell.alignment = WRAP_TOP
        if i == 1:
            cell.font = TABLE_NOTE_TITLE_FONT
