"""Engine: a hand-made YearData in the canonical schema -> period tables, checked by hand.

Indicators (opd X, year 2024); monthly values per month Jan..Dec, ``-`` = no row, ``.`` =
row with a blank cell:

=====  ============  ======  =====  =========================  ===============================
kode   agregasi      polar.  met.   RA (jenis: TW I..IV)        months
=====  ============  ======  =====  =========================  ===============================
IK-01  kumulatif     pos     -      per_triwulan 100 150 150 100 30 40 20 | 50 - 60 | 40 x6
IK-02  posisi_akhir  pos     -      kumulatif 20 40 60 80        5 12 . | 25 30 38 | 45 50 55 |
                                                                 60 70 78  (+ Jan 999 by
                                                                 another unit, ignored)
IK-03  rasio         pos     -      per_triwulan 90 90 90 90     9/10 1/2 40/50 | 18/20 27/30
                                                                 45/50 | nothing after June
IK-04  kumulatif     neg     A      per_triwulan 10 10 10 10     3 4 5 | 4 5 6 | 2 x6
IK-05  kumulatif     neg     B      (as IK-04)                   (as IK-04)
IK-06  kumulatif     pos     -      per_triwulan 0 0 0 0         1 in January
IK-07  kumulatif     neg     B      per_triwulan 5 5 5 5         0 0 0 | ...
IK-08  rata_rata     pos     -      per_triwulan 70 75 80 85     60 80 70 | 75 85 .
IK-09  kumulatif     pos     -      (no RA; PK annual 12)        1 every month
=====  ============  ======  =====  =========================  ===============================
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from kinerja_lib.domain import anggaran, engine
from kinerja_lib.domain import contract as c
from kinerja_lib.domain import formulas as f
from kinerja_lib.domain.model import YearData, empty_frame
from kinerja_lib.domain.periods import all_periods, semester, tahunan, triwulan
from kinerja_lib.domain.settings import Settings
from kinerja_lib.io import store
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.store import save_year

NAN = np.nan
S = Settings()
PKFILE = "perjanjian_kinerja_2024.xlsx"


def _frame(columns, rows):
    df = pd.DataFrame(rows, columns=[k for k in columns if k in rows[0]]) if rows and \
        isinstance(rows[0], dict) else pd.DataFrame(rows)
    for col in columns:
        if col not in df.columns:
            df[col] = None
    return df[list(columns)]


def _pk(tahun=2024, override=None):
    base = dict(opd="X", tahun=tahun, baseline=NAN, target_renstra=NAN, tahun_renstra=NAN,
                iku="Ya", sumber_file=f"perjanjian_kinerja_{tahun}.xlsx",
                sumber_sheet="Perjanjian Kinerja")
    spec = [
        # kode, sasaran, unit, polaritas, metode, agregasi, target, kegiatan
        ("IK-01", "SS-1", "PUS-LAY", "positif", None, "kumulatif", 500, "KEG-1"),
        ("IK-02", "SS-1", "ARS-PEN", "positif", None, "posisi_akhir", 80, "KEG-2"),
        ("IK-03", "SS-1", "PUS-LAY", "positif", None, "rasio", 90, "KEG-1"),
        ("IK-04", "SS-2", "ARS-PEN", "negatif", "A", "kumulatif", 40, None),
        ("IK-05", "SS-2", "ARS-PEN", "negatif", "B", "kumulatif", 40, None),
        ("IK-06", "SS-2", "PUS-BIN", "positif", None, "kumulatif", 0, None),
        ("IK-07", "SS-2", "ARS-BIN", "negatif", "B", "kumulatif", 20, None),
        ("IK-08", "SS-2", "SEKRE", "positif", None, "rata_rata", 85, None),
        ("IK-09", "SS-2", "PROG", "positif", None, "kumulatif", 12, None),
    ]
    rows = []
    for i, (kode, ss, unit, pol, met, agg, target, keg) in enumerate(spec):
        rows.append({**base, "kode": kode, "kode_sasaran": ss,
                     "sasaran": "Meningkatnya literasi" if ss == "SS-1" else "Tertib arsip",
                     "indikator": f"Indikator {kode}", "satuan": "%" if agg != "kumulatif"
                     else "orang", "unit": unit, "polaritas": pol, "metode_negatif": met,
                     "agregasi": agg, "target_tahunan": float(target), "kode_kegiatan": keg,
                     "sumber_baris": i + 2})
    pk = _frame(c.PK_COLUMNS, rows)
    pk.loc[pk.kode == "IK-01", ["baseline", "target_renstra", "tahun_renstra"]] = [
        350.0, 600.0, 2026.0]
    if override:
        override(pk)
    return pk


def _ra(tahun=2024):
    spec = {
        "IK-01": ("per_triwulan", (100, 150, 150, 100)),
        "IK-02": ("kumulatif", (20, 40, 60, 80)),
        "IK-03": ("per_triwulan", (90, 90, 90, 90)),
        "IK-04": ("per_triwulan", (10, 10, 10, 10)),
        "IK-05": ("per_triwulan", (10, 10, 10, 10)),
        "IK-06": ("per_triwulan", (0, 0, 0, 0)),
        "IK-07": ("per_triwulan", (5, 5, 5, 5)),
        "IK-08": ("per_triwulan", (70, 75, 80, 85)),
    }
    rows = [{"opd": "X", "tahun": tahun, "kode": k, "jenis_target": j, "triwulan": q,
             "target_ra": float(t), "sumber_file": f"perjanjian_kinerja_{tahun}.xlsx",
             "sumber_sheet": "Rencana Aksi", "sumber_baris": 2}
            for k, (j, ts) in spec.items() for q, t in zip((1, 2, 3, 4), ts, strict=True)]
    ra = _frame(c.RA_COLUMNS, rows)
    ra["triwulan"] = ra["triwulan"].astype("int64")
    return ra


UNIT = {"IK-01": "PUS-LAY", "IK-02": "ARS-PEN", "IK-03": "PUS-LAY", "IK-04": "ARS-PEN",
        "IK-05": "ARS-PEN", "IK-06": "PUS-BIN", "IK-07": "ARS-BIN", "IK-08": "SEKRE",
        "IK-09": "PROG"}
X = "."  # row present, blank value


def _real_rows(tahun=2024):
    series = {
        "IK-01": [30, 40, 20, 50, None, 60, 40, 40, 40, 40, 40, 40],
        "IK-02": [5, 12, X, 25, 30, 38, 45, 50, 55, 60, 70, 78],
        "IK-04": [3, 4, 5, 4, 5, 6, 2, 2, 2, 2, 2, 2],
        "IK-05": [3, 4, 5, 4, 5, 6, 2, 2, 2, 2, 2, 2],
        "IK-06": [1] + [None] * 11,
        "IK-07": [0, 0, 0, 1, 1, 1] + [None] * 6,
        "IK-08": [60, 80, 70, 75, 85, X] + [None] * 6,
        "IK-09": [1] * 12,
    }
    rows = []
    for kode, vals in series.items():
        for m, v in enumerate(vals, start=1):
            if v is None:
                continue
            rows.append((kode, UNIT[kode], m, NAN if v == X else float(v), NAN, NAN))
    for m, (p, q) in enumerate([(9, 10), (1, 2), (40, 50), (18, 20), (27, 30), (45, 50)], 1):
        rows.append(("IK-03", "PUS-LAY", m, p / q * 100, float(p), float(q)))
    rows.append(("IK-02", "PUS-BIN", 1, 999.0, NAN, NAN))  # another unit, same month
    out = []
    for kode, unit, m, r, p, q in rows:
        out.append({"opd": "X", "tahun": tahun, "bulan": m, "unit": unit, "kode": kode,
                    "realisasi": r, "pembilang": p, "penyebut": q,
                    "tanggal_kirim": pd.Timestamp(tahun, m, 28),
                    "sumber_file": f"{unit}_{tahun}-{m:02d}.xlsx",
                    "sumber_sheet": "Realisasi", "sumber_baris": 2})
    df = _frame(c.REALISASI_COLUMNS, out)
    df["bulan"] = df["bulan"].astype("int64")
    df["tahun"] = df["tahun"].astype("int64")
    return df


def _anggaran(tahun=2024):
    rows = [
        {"opd": "X", "tahun": tahun, "kode_kegiatan": "KEG-1", "program": "Program A",
         "kegiatan": "Kegiatan Satu", "unit": "PUS-LAY", "pagu": 1_000_000.0},
        {"opd": "X", "tahun": tahun, "kode_kegiatan": "KEG-2", "program": "Program B",
         "kegiatan": "Kegiatan Dua", "unit": "ARS-PEN", "pagu": 0.0},
    ]
    return _frame(c.ANGGARAN_COLUMNS, rows)


def _real_anggaran(tahun=2024):
    rows = [{"opd": "X", "tahun": tahun, "bulan": m, "unit": "PUS-LAY",
             "kode_kegiatan": "KEG-1", "realisasi_anggaran": 100_000.0}
            for m in range(1, 13) if m != 7]
    rows.append({"opd": "X", "tahun": tahun, "bulan": 2, "unit": "ARS-PEN",
                 "kode_kegiatan": "KEG-2", "realisasi_anggaran": 5_000.0})
    df = _frame(c.REALISASI_ANGGARAN_COLUMNS, rows)
    df["bulan"] = df["bulan"].astype("int64")
    return df


def year_data(tahun=2024, realisasi=None, pk_override=None) -> YearData:
    return YearData(
        tahun=tahun, pk=_pk(tahun, pk_override), ra=_ra(tahun), anggaran=_anggaran(tahun),
        realisasi=_real_rows(tahun) if realisasi is None else realisasi,
        realisasi_anggaran=_real_anggaran(tahun),
        pengiriman=empty_frame(c.PENGIRIMAN_COLUMNS),
        kualitas=empty_frame(c.KUALITAS_COLUMNS), karantina=empty_frame(c.KARANTINA_COLUMNS),
        sumber=empty_frame(("file", "sha256", "ukuran")),
    )


def history_2023() -> YearData:
    # 2023: IK-01 30 per month -> 360; IK-02 last reported October 65 (Nov, Dec missing)
    rows = [{"opd": "X", "tahun": 2023, "bulan": m, "unit": "PUS-LAY", "kode": "IK-01",
             "realisasi": 30.0} for m in range(1, 13)]
    rows += [{"opd": "X", "tahun": 2023, "bulan": m, "unit": "ARS-PEN", "kode": "IK-02",
              "realisasi": float(6.5 * m)} for m in range(1, 11)]
    real = _frame(c.REALISASI_COLUMNS, rows)
    return year_data(2023, realisasi=real)


@pytest.fixture(scope="module")
def data():
    return year_data()


def _cap(data, periode):
    return engine.compute_period(data, periode, S, [history_2023()])["capaian"].set_index(
        "kode")


# --------------------------------------------------------------------------- capaian


def test_output_schema_and_order(data):
    t = engine.compute_period(data, triwulan(2024, 2), S, [history_2023()])
    assert set(t) == set(engine.TABLES)
    cap = t["capaian"]
    assert list(cap.columns) == list(engine.CAPAIAN_COLUMNS)
    assert cap["kode"].tolist() == sorted(cap["kode"])
    assert cap["dinilai"].dtype == bool and cap["lengkap"].dtype == bool
    assert cap["tahun"].dtype == "int64"
    for col in ("predikat", "alasan", "bulan_hilang", "sumber_file", "kode"):
        assert cap[col].dtype == object
    for name in ("sasaran", "anggaran", "proyeksi", "bulanan", "perbandingan"):
        assert {"opd", "tahun", "periode"} <= set(t[name].columns)
    assert {"kode", "proyeksi_akhir_tahun", "target_tahunan", "capaian_proyeksi", "berisiko",
            "selisih_target"} <= set(t["proyeksi"].columns)
    assert {"kode", "bulan", "nama_bulan", "realisasi", "realisasi_sd", "target_sd"} <= set(
        t["bulanan"].columns)
    assert {"kode_kegiatan", "program", "kegiatan", "unit", "pagu",
            "realisasi_anggaran_periode", "realisasi_anggaran_sd", "serapan_sd",
            "capaian_rata", "selisih", "efisiensi"} <= set(t["anggaran"].columns)
    assert {"kode", "baseline", "realisasi_2023", "realisasi_tahun_ini", "target_renstra",
            "tahun_renstra", "capaian_renstra"} <= set(t["perbandingan"].columns)


def test_kumulatif_per_triwulan_targets(data):
    tw1 = _cap(data, triwulan(2024, 1)).loc["IK-01"]
    # TW I: 30 + 40 + 20 = 90 vs t1 = 100 -> 90 % -> Tinggi (76 <= 90 < 91)
    assert tw1.realisasi_periode == 90 and tw1.target_periode == 100
    assert tw1.capaian_sd == pytest.approx(90.0) and tw1.predikat == "Tinggi"
    tw2 = _cap(data, triwulan(2024, 2)).loc["IK-01"]
    # TW II alone: April 50 + June 60 = 110 (May missing, not 0) vs t2 = 150 -> 73.33 %
    assert tw2.realisasi_periode == 110 and tw2.target_periode == 150
    assert tw2.capaian_periode == pytest.approx(110 / 150 * 100)
    # s.d. TW II: 90 + 110 = 200 vs 100 + 150 = 250 -> 80 % -> Tinggi
    assert tw2.realisasi_sd == 200 and tw2.target_sd == 250
    assert tw2.capaian_sd == pytest.approx(80.0) and tw2.predikat == "Tinggi"
    # vs PK annual 500: 200 / 500 = 40 %
    assert tw2.capaian_tahunan == pytest.approx(40.0)
    assert not tw2.lengkap and tw2.bulan_hilang == "Mei"
    assert tw2.bulan_dilaporkan == 5 and tw2.bulan_diharapkan == 6
    s1 = _cap(data, semester(2024, 1)).loc["IK-01"]
    assert (s1.realisasi_periode, s1.target_periode, s1.capaian_sd) == (200, 250, 80.0)
    s2 = _cap(data, semester(2024, 2)).loc["IK-01"]
    # S II alone: 6 x 40 = 240 vs t3 + t4 = 250 -> 96 %; s.d.: 440 vs 500 -> 88 %
    assert s2.realisasi_periode == 240 and s2.target_periode == 250
    assert s2.capaian_periode == pytest.approx(96.0)
    assert s2.capaian_sd == pytest.approx(88.0) and s2.predikat == "Tinggi"
    y = _cap(data, tahunan(2024)).loc["IK-01"]
    assert (y.realisasi_sd, y.target_sd, y.target_tahunan) == (440, 500, 500)
    assert y.capaian_sd == pytest.approx(88.0) and y.capaian_tahunan == pytest.approx(88.0)
    assert y.bulan_hilang == "Mei"


def test_posisi_akhir_level_targets(data):
    tw1 = _cap(data, triwulan(2024, 1)).loc["IK-02"]
    # last REPORTED month of TW I is Feb = 12 (March blank); the other unit's Jan 999 is
    # dropped in favour of the responsible unit's 5. Target level t1 = 20 -> 60 % -> Rendah
    assert tw1.realisasi_sd == 12 and tw1.target_sd == 20
    assert tw1.capaian_sd == pytest.approx(60.0) and tw1.predikat == "Rendah"
    assert tw1.bulan_hilang == "Maret"
    tw2 = _cap(data, triwulan(2024, 2)).loc["IK-02"]
    # June 38 vs level t2 = 40 (typed cumulative; a level is not differenced) -> 95 %
    assert tw2.realisasi_periode == 38 and tw2.target_periode == 40
    assert tw2.realisasi_sd == 38 and tw2.target_sd == 40
    assert tw2.capaian_sd == pytest.approx(95.0) and tw2.predikat == "Sangat Tinggi"
    # vs annual 80: 38/80 = 47.5 %
    assert tw2.capaian_tahunan == pytest.approx(47.5)
    y = _cap(data, tahunan(2024)).loc["IK-02"]
    # December 78 vs 80 -> 97.5 %
    assert y.realisasi_sd == 78 and y.capaian_sd == pytest.approx(97.5)


def test_rasio_sum_of_parts(data):
    tw1 = _cap(data, triwulan(2024, 1)).loc["IK-03"]
    # (9 + 1 + 40) / (10 + 2 + 50) * 100 = 80.645 %, not mean(90, 50, 80) = 73.33 %
    assert tw1.realisasi_sd == pytest.approx(50 / 62 * 100)
    assert tw1.pembilang_sd == 50 and tw1.penyebut_sd == 62
    # vs 90: 80.645 / 90 * 100 = 89.61 -> Tinggi
    assert tw1.capaian_sd == pytest.approx(50 / 62 / 0.9 * 100) and tw1.predikat == "Tinggi"
    tw2 = _cap(data, triwulan(2024, 2)).loc["IK-03"]
    # TW II alone: (18 + 27 + 45) / (20 + 30 + 50) = 90/100 = 90 % vs 90 -> 100
    assert tw2.realisasi_periode == pytest.approx(90.0)
    assert tw2.capaian_periode == pytest.approx(100.0)
    # s.d.: 140 / 162 = 86.42 % vs 90 -> 96.02 -> Sangat Tinggi
    assert tw2.realisasi_sd == pytest.approx(140 / 162 * 100)
    assert tw2.capaian_sd == pytest.approx(140 / 162 / 0.9 * 100)
    assert tw2.predikat == "Sangat Tinggi"
    s1 = _cap(data, semester(2024, 1)).loc["IK-03"]
    # Semester I alone = s.d.: 140/162 = 86.42 % (mean of the six monthly % would be
    # (90 + 50 + 80 + 90 + 90 + 90)/6 = 81.67 %)
    assert s1.realisasi_periode == pytest.approx(140 / 162 * 100)
    assert s1.realisasi_periode != pytest.approx(490 / 6)
    assert s1.target_periode == 90 and s1.capaian_periode == pytest.approx(96.0219, abs=1e-4)
    tw3 = _cap(data, triwulan(2024, 3)).loc["IK-03"]
    # nothing reported in TW III: period alone not assessable, s.d. keeps 140/162
    assert np.isnan(tw3.realisasi_periode) and not tw3.dinilai_periode
    assert tw3.alasan_periode == f.ALASAN_REALISASI_KOSONG
    assert tw3.realisasi_sd == pytest.approx(140 / 162 * 100)
    assert tw3.bulan_hilang == "Juli, Agustus, September"


def test_negatif_a_and_b(data):
    tw1 = _cap(data, triwulan(2024, 1))
    # R = 3 + 4 + 5 = 12, T = 10. A: (20 - 12)/10 = 80 %; B: 10/12 = 83.33 %
    assert tw1.loc["IK-04", "capaian_sd"] == pytest.approx(80.0)
    assert tw1.loc["IK-05", "capaian_sd"] == pytest.approx(1000 / 12)
    assert tw1.loc["IK-04", "metode_negatif"] == "A"
    assert tw1.loc["IK-05", "metode_negatif"] == "B"
    tw2 = _cap(data, triwulan(2024, 2))
    # TW II alone: R = 4 + 5 + 6 = 15, T = 10. A: (20 - 15)/10 = 50 -> Sangat Rendah (per.)
    assert tw2.loc["IK-04", "capaian_periode"] == pytest.approx(50.0)
    assert tw2.loc["IK-04", "predikat_periode"] == "Sangat Rendah"
    # B: 10/15 = 66.67
    assert tw2.loc["IK-05", "capaian_periode"] == pytest.approx(200 / 3)
    # s.d.: R = 27, T = 20. A: (40 - 27)/20 = 65 -> Rendah; B: 20/27 = 74.07 -> Sedang
    assert tw2.loc["IK-04", "capaian_sd"] == pytest.approx(65.0)
    assert tw2.loc["IK-04", "predikat"] == "Rendah"
    assert tw2.loc["IK-05", "capaian_sd"] == pytest.approx(2000 / 27)
    assert tw2.loc["IK-05", "predikat"] == "Sedang"
    y = _cap(data, tahunan(2024))
    # year: R = 27 + 12 = 39, T = 40. A: (80 - 39)/40 = 102.5 raw -> 100 capped;
    # B: 40/39 = 102.56 raw -> 100
    assert y.loc["IK-04", "capaian_sd_mentah"] == pytest.approx(102.5)
    assert y.loc["IK-04", "capaian_sd"] == 100.0
    assert y.loc["IK-05", "capaian_sd_mentah"] == pytest.approx(4000 / 39)
    assert y.loc["IK-05", "capaian_sd"] == 100.0 and y.loc["IK-05", "predikat"] == "Sangat Tinggi"


def test_rata_rata(data):
    tw2 = _cap(data, triwulan(2024, 2)).loc["IK-08"]
    # TW II alone: (75 + 85)/2 = 80 (June blank) vs level t2 = 75 -> 106.67 raw -> 100
    assert tw2.realisasi_periode == pytest.approx(80.0)
    assert tw2.capaian_periode_mentah == pytest.approx(80 / 75 * 100)
    assert tw2.capaian_periode == 100.0
    # s.d.: (60 + 80 + 70 + 75 + 85)/5 = 74 vs 75 -> 98.67
    assert tw2.realisasi_sd == pytest.approx(74.0)
    assert tw2.capaian_sd == pytest.approx(74 / 75 * 100)
    assert tw2.bulan_hilang == "Juni"


def test_not_assessable_rows(data):
    tw1 = _cap(data, triwulan(2024, 1))
    # target 0
    assert not tw1.loc["IK-06", "dinilai"]
    assert tw1.loc["IK-06", "alasan"] == f.ALASAN_TARGET_NOL
    assert tw1.loc["IK-06", "predikat"] == f.TIDAK_DAPAT_DINILAI
    assert np.isnan(tw1.loc["IK-06", "capaian_sd"])
    # negatif B with R = 0 + 0 + 0 = 0 (reported zeros, complete)
    assert tw1.loc["IK-07", "realisasi_sd"] == 0 and tw1.loc["IK-07", "lengkap"]
    assert tw1.loc["IK-07", "alasan"] == f.ALASAN_REALISASI_NOL_B
    # no RA: TW I has no target; the year falls back to the PK annual target 12
    assert tw1.loc["IK-09", "alasan"] == f.ALASAN_TARGET_KOSONG
    assert tw1.loc["IK-09", "jenis_target"] is None
    y = _cap(data, tahunan(2024)).loc["IK-09"]
    assert y.target_sd == 12 and y.capaian_sd == 100.0


def test_lineage(data):
    tw1 = _cap(data, triwulan(2024, 1))
    # IK-02: PK/RA workbook, the responsible unit's Jan-Mar files and the other unit's
    # January file (read, but its duplicate row was not used) is NOT listed
    assert tw1.loc["IK-02", "sumber_file"] == "; ".join(sorted([
        PKFILE, "ARS-PEN_2024-01.xlsx", "ARS-PEN_2024-02.xlsx", "ARS-PEN_2024-03.xlsx"]))
    assert tw1.loc["IK-09", "sumber_file"].startswith("PROG_2024-01.xlsx; PROG_2024-02")


# --------------------------------------------------------------------------- other tables


def test_sasaran_table(data):
    t = engine.compute_period(data, triwulan(2024, 2), S)
    cap = t["capaian"].set_index("kode")
    sas = t["sasaran"].set_index("kode_sasaran")
    # SS-1: IK-01 80, IK-02 95, IK-03 96.02 -> mean
    ss1 = np.mean([80.0, 95.0, 140 / 162 / 0.9 * 100])
    assert sas.loc["SS-1", "capaian_sd"] == pytest.approx(ss1)
    assert sas.loc["SS-1", "jumlah_indikator"] == 3 and sas.loc["SS-1", "jumlah_dinilai"] == 3
    ok = cap[cap["dinilai"]]
    assert sas.loc["OPD", "capaian_sd"] == pytest.approx(ok["capaian_sd"].mean())
    assert sas.loc["OPD", "jumlah_indikator"] == 9
    # SS-2: 6 indicators; IK-06 (target 0) and IK-09 (no RA target before TW IV) are not
    # assessable. IK-07 s.d. TW II: R = 0+0+0+1+1+1 = 3, T = 10 -> B: 10/3 = 333 -> 100.
    # Mean of IK-04 65, IK-05 74.07, IK-07 100, IK-08 98.67
    assert sas.loc["SS-2", "jumlah_indikator"] == 6
    assert sas.loc["SS-2", "jumlah_dinilai"] == 4
    assert cap.loc["IK-07", "capaian_sd_mentah"] == pytest.approx(1000 / 3)
    assert sas.loc["SS-2", "capaian_sd"] == pytest.approx(
        np.mean([65.0, 2000 / 27, 100.0, 74 / 75 * 100]))
    assert list(sas.index) == ["SS-1", "SS-2", "OPD"]
    assert sas.loc["SS-1", "predikat"] == f.predikat([ss1])[0]


def test_anggaran_table(data):
    t = engine.compute_period(data, triwulan(2024, 2), S)
    ang = t["anggaran"].set_index("kode_kegiatan")
    k1 = ang.loc["KEG-1"]
    # Jan..Jun 6 x 100.000 = 600.000 of 1.000.000 -> 60 %; TW II alone 300.000
    assert k1.realisasi_anggaran_sd == 600_000 and k1.realisasi_anggaran_periode == 300_000
    assert k1.serapan_sd == pytest.approx(60.0)
    # capaian_rata: realisation to date against the ANNUAL target, as the serapan is against
    # the annual pagu: mean(IK-01 160/400 = 40, IK-03 96.02) = 68.01; 68.01 - 60 = 8.01 > 5
    cr = np.mean([40.0, 140 / 162 / 0.9 * 100])
    assert k1.capaian_rata == pytest.approx(cr)
    assert k1.selisih == pytest.approx(cr - 60.0)
    assert k1.efisiensi == "efisien" and k1.jumlah_indikator == 2
    k2 = ang.loc["KEG-2"]
    assert np.isnan(k2.serapan_sd) and k2.efisiensi == "tidak dapat dinilai"  # pagu 0
    y = engine.compute_period(data, tahunan(2024), S)["anggaran"].set_index("kode_kegiatan")
    # July missing: 11 x 100.000 = 1.100.000 -> 110 %
    assert y.loc["KEG-1", "serapan_sd"] == pytest.approx(110.0)
    assert y.loc["KEG-1", "bulan_hilang"] == "Juli"


def test_proyeksi_table(data):
    p = engine.compute_period(data, triwulan(2024, 2), S)["proyeksi"].set_index("kode")
    # IK-01: 200 over 5 reported months -> 40/month x 12 = 480 vs 500 -> 96 % (not at risk)
    assert p.loc["IK-01", "proyeksi_akhir_tahun"] == pytest.approx(480.0)
    assert p.loc["IK-01", "capaian_proyeksi"] == pytest.approx(96.0)
    assert not p.loc["IK-01", "berisiko"]
    assert p.loc["IK-01", "selisih_target"] == pytest.approx(20.0)  # short by 20 orang
    assert p.loc["IK-01", "dasar_proyeksi"] == "laju rata-rata bulanan x 12"
    # IK-02 posisi_akhir, RA plan 20/40/60/80: latest 38 is 95 % of the plan to date (40),
    # so the year-end projection is 38 x 80/40 = 76 -> 95 % of 80, not at risk; short by 4
    assert p.loc["IK-02", "proyeksi_akhir_tahun"] == pytest.approx(76.0)
    assert p.loc["IK-02", "capaian_proyeksi"] == pytest.approx(95.0)
    assert not p.loc["IK-02", "berisiko"]
    assert p.loc["IK-02", "selisih_target"] == pytest.approx(4.0)
    # IK-08 rata_rata: mean of reported months 74 vs 85 -> 87.06 % -> at risk, short by 11
    assert p.loc["IK-08", "proyeksi_akhir_tahun"] == pytest.approx(74.0)
    assert p.loc["IK-08", "berisiko"] and p.loc["IK-08", "selisih_target"] == pytest.approx(11)
    # IK-03 rasio: 140/162 = 86.42 % vs 90 -> 96.02 %, not at risk
    assert p.loc["IK-03", "proyeksi_akhir_tahun"] == pytest.approx(140 / 162 * 100)
    assert not p.loc["IK-03", "berisiko"]
    # IK-04 negatif A kumulatif: 27 / 6 x 12 = 54 vs 40 -> (80 - 54)/40 = 65 % -> at risk,
    # above the ceiling by 14
    assert p.loc["IK-04", "proyeksi_akhir_tahun"] == pytest.approx(54.0)
    assert p.loc["IK-04", "capaian_proyeksi"] == pytest.approx(65.0)
    assert p.loc["IK-04", "berisiko"] and p.loc["IK-04", "selisih_target"] == pytest.approx(14)
    # IK-06 target 0: not assessable, not flagged
    assert not p.loc["IK-06", "berisiko"] and not p.loc["IK-06", "dinilai"]
    # usable from TW I: IK-01 90 / 3 x 12 = 360 -> 72 % -> at risk
    p1 = engine.compute_period(data, triwulan(2024, 1), S)["proyeksi"].set_index("kode")
    assert p1.loc["IK-01", "proyeksi_akhir_tahun"] == pytest.approx(360.0)
    assert p1.loc["IK-01", "berisiko"]


def test_bulanan_table(data):
    b = engine.compute_period(data, triwulan(2024, 2), S)["bulanan"]
    assert len(b) == 9 * 6
    k1 = b[b.kode == "IK-01"].set_index("bulan")
    assert k1["nama_bulan"].tolist() == ["Januari", "Februari", "Maret", "April", "Mei",
                                         "Juni"]
    assert k1["realisasi"].tolist()[:4] == [30, 40, 20, 50] and np.isnan(k1.loc[5, "realisasi"])
    # running sum skipping May: 30, 70, 90, 140, 140, 200
    assert k1["realisasi_sd"].tolist() == [30, 70, 90, 140, 140, 200]
    assert k1["target_sd"].tolist() == [100, 100, 100, 250, 250, 250]
    assert k1["dilaporkan"].tolist() == [True, True, True, True, False, True]
    k3 = b[b.kode == "IK-03"].set_index("bulan")
    assert k3.loc[2, "realisasi"] == pytest.approx(50.0)           # 1/2
    assert k3.loc[2, "realisasi_sd"] == pytest.approx(10 / 12 * 100)  # (9+1)/(10+2)


def test_perbandingan_table(data):
    t = engine.compute_period(data, tahunan(2024), S, [history_2023()])
    p = t["perbandingan"].set_index("kode")
    # 2023 computed the same way: IK-01 sum 12 x 30 = 360; IK-02 last reported Oct 65
    assert p.loc["IK-01", "realisasi_2023"] == 360
    assert p.loc["IK-02", "realisasi_2023"] == pytest.approx(65.0)
    assert np.isnan(p.loc["IK-04", "realisasi_2023"])
    assert p.loc["IK-01", "baseline"] == 350
    # Renstra: 440 vs 600 -> 73.33 %
    assert p.loc["IK-01", "realisasi_tahun_ini"] == 440
    assert p.loc["IK-01", "tahun_renstra"] == 2026
    assert p.loc["IK-01", "capaian_renstra"] == pytest.approx(440 / 600 * 100)
    # a history year that is not earlier is ignored
    t2 = engine.compute_period(data, tahunan(2024), S, [year_data(2024)])
    assert not any(col.startswith("realisasi_20") for col in t2["perbandingan"].columns)


def test_settings_cap_and_default_method(data):
    s120 = S.with_(batas_capaian=120.0, metode_negatif_default="B")

    def blank_method(pk):
        pk.loc[pk.kode == "IK-04", "metode_negatif"] = None

    d = year_data(pk_override=blank_method)
    y = engine.compute_period(d, tahunan(2024), s120)["capaian"].set_index("kode")
    # IK-04 blank method -> default B: 40/39 = 102.56, not capped at 120
    assert y.loc["IK-04", "metode_negatif"] == "B"
    assert y.loc["IK-04", "capaian_sd"] == pytest.approx(4000 / 39)
    assert y.loc["IK-01", "metode_negatif"] is None


def test_empty_realisasi_gives_not_assessable_rows():
    d = year_data(realisasi=empty_frame(c.REALISASI_COLUMNS))
    t = engine.compute_period(d, triwulan(2024, 1), S)
    cap = t["capaian"]
    assert len(cap) == 9 and not cap["dinilai"].any()
    assert (cap["bulan_hilang"] == "Januari, Februari, Maret").all()
    assert not t["proyeksi"]["berisiko"].any()


def test_wrong_year_period_rejected(data):
    with pytest.raises(ValueError):
        engine.compute_period(data, triwulan(2023, 1), S)


# --------------------------------------------------------------------------- writing


def test_write_period_byte_identical_and_readable(tmp_path, data):
    paths = Paths(tmp_path)
    p = semester(2024, 1)
    w1 = store.write_period(engine.compute_period(data, p, S, [history_2023()]), paths,
                             2024, p)
    first = {k: v.read_bytes() for k, v in w1.items()}
    w2 = store.write_period(engine.compute_period(data, p, S, [history_2023()]), paths,
                             2024, p)
    assert {k: v.read_bytes() for k, v in w2.items()} == first
    assert w1["capaian"] == tmp_path / "data" / "processed" / "2024" / "s1" / "capaian.parquet"
    back = pd.read_parquet(w1["capaian"])
    assert back["kode"].tolist() == sorted(back["kode"])
    assert back.set_index("kode").loc["IK-01", "capaian_sd"] == pytest.approx(80.0)


def test_compute_and_write_year(tmp_path):
    paths = Paths(tmp_path)
    save_year(history_2023(), paths)
    save_year(year_data(), paths)
    out = store.compute_and_write_year(paths, 2024, S)
    assert sorted(out) == sorted(p.kode for p in all_periods(2024))
    for files in out.values():
        assert sorted(files) == sorted(engine.TABLES)
        assert all(f.exists() for f in files.values())
    perb = pd.read_parquet(out["tahunan"]["perbandingan"]).set_index("kode")
    assert perb.loc["IK-01", "realisasi_2023"] == 360
    cap = pd.read_parquet(out["tw2"]["capaian"]).set_index("kode")
    assert cap.loc["IK-01", "capaian_sd"] == pytest.approx(80.0)


def test_period_tables_reused_only_when_nothing_they_depend_on_changed(tmp_path, monkeypatch):
    paths = Paths(tmp_path)
    save_year(history_2023(), paths)
    save_year(year_data(), paths)
    first = store.compute_and_write_year(paths, 2024, S)
    stamp = paths.processed_year(2024) / store.TABLES_STAMP
    assert stamp.is_file()
    written = {kode: {n: f.read_bytes() for n, f in files.items()}
               for kode, files in first.items()}
    computed = []
    real_compute = store.compute_period
    monkeypatch.setattr(store, "compute_period",
                        lambda *a, **k: computed.append(a[1].kode) or real_compute(*a, **k))

    # unchanged: the same paths, nothing computed, not even rewritten
    assert store.compute_and_write_year(paths, 2024, S, reuse=True) == first
    assert computed == []
    # without reuse (kinerja validasi): always computed
    store.compute_and_write_year(paths, 2024, S)
    assert len(computed) == len(first)
    # a table changed by hand, a setting, an earlier year: computed again, same result
    for change in ("table", "settings", "history"):
        computed.clear()
        settings = S
        if change == "table":
            first["tw2"]["capaian"].write_bytes(b"diubah")
        elif change == "settings":
            settings = dataclasses.replace(S, batas_capaian=S.batas_capaian + 20)
        else:
            h = history_2023()
            save_year(dataclasses.replace(h, realisasi=h.realisasi.iloc[1:]), paths)
        out = store.compute_and_write_year(paths, 2024, settings, reuse=True)
        assert len(computed) == len(first), change
        if change == "table":
            assert {n: f.read_bytes() for n, f in out["tw2"].items()} == written["tw2"]
        assert store.compute_and_write_year(paths, 2024, settings, reuse=True) == out
        assert len(computed) == len(first), change  # and reused right after
    # a rewrite interrupted before the stamp is written: no stamp, so no reuse
    monkeypatch.setattr(store, "write_period", lambda *a, **k: (_ for _ in ()).throw(OSError))
    with pytest.raises(OSError):
        store.compute_and_write_year(paths, 2024, S)
    assert not stamp.exists()


def test_duplicate_month_prefers_a_value_then_the_responsible_unit():
    real = _real_rows()
    # IK-01 May: the responsible unit sent nothing; another unit reported 25 -> used.
    # IK-01 June: the responsible unit's row is blank, another unit's holds 70 -> 70 used.
    # IK-04 January: both report a value -> the responsible unit's 3 is kept (not 9).
    extra = real[real.kode.isin(["IK-01", "IK-04"]) & (real.bulan == 1)].copy()
    may = extra[extra.kode == "IK-01"].assign(bulan=5, unit="PUS-BIN", realisasi=25.0)
    jun_other = extra[extra.kode == "IK-01"].assign(bulan=6, unit="SEKRE", realisasi=70.0)
    jan_other = extra[extra.kode == "IK-04"].assign(unit="PUS-BIN", realisasi=9.0)
    real.loc[(real.kode == "IK-01") & (real.bulan == 6), "realisasi"] = NAN
    d = year_data(realisasi=pd.concat([real, may, jun_other, jan_other], ignore_index=True))
    cap = engine.compute_period(d, triwulan(2024, 2), S)["capaian"].set_index("kode")
    # TW II alone: 50 + 25 + 70 = 145
    assert cap.loc["IK-01", "realisasi_periode"] == 145
    assert cap.loc["IK-01", "lengkap"]
    # IK-04 s.d. TW II: 3 + 4 + 5 + 4 + 5 + 6 = 27 (the other unit's 9 ignored)
    assert cap.loc["IK-04", "realisasi_sd"] == 27


def test_two_offices_do_not_mix():
    d = year_data()
    other = d.realisasi.assign(opd="Y", realisasi=d.realisasi["realisasi"] * 10)
    d.pk = pd.concat([d.pk, d.pk.assign(opd="Y")], ignore_index=True)
    d.ra = pd.concat([d.ra, d.ra.assign(opd="Y")], ignore_index=True)
    d.realisasi = pd.concat([d.realisasi, other], ignore_index=True)
    cap = engine.compute_period(d, triwulan(2024, 1), S)["capaian"]
    k1 = cap[cap.kode == "IK-01"].set_index("opd")
    assert k1.loc["X", "realisasi_sd"] == 90 and k1.loc["Y", "realisasi_sd"] == 900
    assert cap["kode"].tolist() == sorted(cap["kode"])


def test_inputs_are_not_modified(data):
    before = {name: getattr(data, name).copy(deep=True) for name in ("pk", "ra", "realisasi")}
    engine.compute_period(data, triwulan(2024, 2), S, [history_2023()])
    for name, frame in before.items():
        pd.testing.assert_frame_equal(getattr(data, name), frame)


def test_rasio_zero_penyebut_reason_in_capaian_and_proyeksi():
    # regression: the projection said "Realisasi belum dilaporkan" although six months
    # were reported (all 0/0); capaian and proyeksi now give the same, true reason
    real = _real_rows()
    m = real["kode"] == "IK-03"
    real.loc[m, ["pembilang", "penyebut", "realisasi"]] = [0.0, 0.0, NAN]
    t = engine.compute_period(year_data(realisasi=real), triwulan(2024, 2), S)
    cap = t["capaian"].set_index("kode").loc["IK-03"]
    pro = t["proyeksi"].set_index("kode").loc["IK-03"]
    assert cap["bulan_dilaporkan"] == 6 and not cap["dinilai"]
    assert cap["alasan"] == engine.ALASAN_PENYEBUT_NOL == f.ALASAN_PENYEBUT_NOL
    assert pro["bulan_dasar"] == 6 and not pro["dinilai"] and not pro["berisiko"]
    assert np.isnan(pro["proyeksi_akhir_tahun"])
    assert pro["alasan"] == f.ALASAN_PENYEBUT_NOL
    # an indicator with no report at all keeps its own reason
    assert t["proyeksi"].set_index("kode").loc["IK-06", "alasan"] != f.ALASAN_PENYEBUT_NOL


# --------------------------------------------------------------------------- rules, again


def test_bulanan_posisi_akhir_trend_over_a_blank_month(data):
    # IK-02 posisi_akhir: Jan 5 (the other unit's 999 is ignored), Feb 12, Mar blank,
    # Apr 25, May 30, Jun 38 -> s.d. March is February's 12, not 0 and not NaN
    b = engine.compute_period(data, triwulan(2024, 2), S)["bulanan"]
    k2 = b[b.kode == "IK-02"].set_index("bulan")
    assert k2["realisasi_sd"].tolist() == [5.0, 12.0, 12.0, 25.0, 30.0, 38.0]
    assert k2["dilaporkan"].tolist() == [True, True, False, True, True, True]
    # the earlier-year trend of the charts is the same computation
    h = engine.annual_trend(history_2023(), S)
    h2 = h[h.kode == "IK-02"].set_index("bulan")["realisasi_sd"]
    assert h2.tolist() == [6.5 * m for m in range(1, 11)] + [65.0, 65.0]  # Nov, Dec missing


def _ang_for_ik02(spent_sd: float) -> YearData:
    """IK-02 (38 by June against the annual target 80: capaian 47,5) is the only indicator of
    KEG-2 (pagu 1.000.000), which spent ``spent_sd`` by June."""
    d = year_data()
    ang = d.anggaran.copy()
    ang.loc[ang.kode_kegiatan == "KEG-2", "pagu"] = 1_000_000.0
    ra = d.realisasi_anggaran
    ra = ra[ra.kode_kegiatan != "KEG-2"]
    row = ra.iloc[[0]].assign(kode_kegiatan="KEG-2", unit="ARS-PEN", bulan=3,
                              realisasi_anggaran=spent_sd)
    return dataclasses.replace(d, anggaran=ang,
                               realisasi_anggaran=pd.concat([ra, row], ignore_index=True))


@pytest.mark.parametrize("spent,label", [
    (425_000.0, "cukup efisien"),  # 47.5 - 42.5 = +5: inside the band
    (424_900.0, "efisien"),        # 47.5 - 42.49 = 5.01
    (525_000.0, "cukup efisien"),  # 47.5 - 52.5 = -5: inside the band
    (525_100.0, "tidak efisien"),  # 47.5 - 52.51 = -5.01
])
def test_anggaran_efficiency_boundary_at_the_ambang(spent, label):
    ang = engine.compute_period(_ang_for_ik02(spent), triwulan(2024, 2), S)["anggaran"]
    k2 = ang.set_index("kode_kegiatan").loc["KEG-2"]
    assert k2.capaian_rata == pytest.approx(47.5) and k2.jumlah_indikator == 1
    assert k2.efisiensi == label


def test_sasaran_mean_skips_unassessable_indicators():
    def regroup(pk):
        # SS-3: IK-01 (80 s.d. TW II) with IK-06 (target 0: not assessable);
        # SS-4: IK-09 alone (no RA target before TW IV: not assessable)
        pk.loc[pk.kode.isin(["IK-01", "IK-06"]), "kode_sasaran"] = "SS-3"
        pk.loc[pk.kode == "IK-09", "kode_sasaran"] = "SS-4"

    t = engine.compute_period(year_data(pk_override=regroup), triwulan(2024, 2), S)
    sas = t["sasaran"].set_index("kode_sasaran")
    # 80, not (80 + 0) / 2: an unassessable indicator is left out, never counted as 0
    assert sas.loc["SS-3", "capaian_sd"] == pytest.approx(80.0)
    assert sas.loc["SS-3", "jumlah_indikator"] == 2 and sas.loc["SS-3", "jumlah_dinilai"] == 1
    assert sas.loc["SS-3", "predikat"] == f.predikat([80.0])[0]
    # nothing assessable: no mean and no predikat, not 0 / "Sangat Rendah"
    assert np.isnan(sas.loc["SS-4", "capaian_sd"])
    assert sas.loc["SS-4", "jumlah_dinilai"] == 0
    assert sas.loc["SS-4", "predikat"] == f.TIDAK_DAPAT_DINILAI


def test_office_serapan_follows_formulas_serapan():
    ang = pd.DataFrame({"pagu": [600.0, 400.0], "realisasi_anggaran_sd": [300.0, NAN]})
    tot = anggaran.serapan_opd(ang)
    assert (tot.pagu, tot.realisasi, tot.serapan) == (1000.0, 300.0, 30.0)
    # no spending reported: NaN, not 0 %
    tot = anggaran.serapan_opd(ang.assign(realisasi_anggaran_sd=NAN))
    assert tot.pagu == 1000.0 and np.isnan(tot.realisasi) and np.isnan(tot.serapan)
    # total pagu 0 or negative: no percentage (formulas.serapan)
    assert np.isnan(anggaran.serapan_opd(ang.assign(pagu=[0.0, 0.0])).serapan)
    assert np.isnan(anggaran.serapan_opd(ang.assign(pagu=[-600.0, 100.0])).serapan)


def test_iku_mask_reads_the_contract_code():
    assert engine.iku_mask(pd.Series(["Ya", "Tidak", None, NAN])).tolist() == [
        True, False, False, False]
    assert engine.iku_mask(pd.Series([True, False])).tolist() == [True, False]
