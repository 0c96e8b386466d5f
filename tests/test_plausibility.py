"""Plausibility checks (DHIS2-style): ambiguous separators, percentages above 100, 0/0
ratios, Rencana Aksi consistency, zero targets and monthly outliers.

Every ingest test writes real workbooks with openpyxl (``corpus``) and runs the real
``read_year``; the engine checks run ``compute_period`` on the frames read back.
"""

from __future__ import annotations

import dataclasses
import math

import corpus
import numpy as np
import pandas as pd
import pytest
from corpus import TAHUN

from kinerja_lib.domain import formulas
from kinerja_lib.domain import plausibility as pl
from kinerja_lib.domain.engine import compute_period
from kinerja_lib.domain.numbers import bacaan_ganda
from kinerja_lib.domain.periods import triwulan
from kinerja_lib.io.ingest import read_year
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample_catalogue import sample_settings

E, F, G = corpus.E, corpus.F, corpus.G  # Realisasi, Pembilang, Penyebut columns
DIR = f"{TAHUN}/bulanan/"


@pytest.fixture
def paths(tmp_path):
    return Paths(tmp_path)


def _settings():
    return sample_settings()


def _issues(r, aturan):
    k = r.data.kualitas
    return k[k["aturan"] == aturan]


def _real(unit, bulan, **values):
    """The corpus rows of a unit-month with some values replaced: ``{kode: {col: value}}``."""
    rows = corpus.realisasi_rows(unit, bulan)
    for row in rows:
        row.update(values.get(row["kode"].replace("-", "_"), {}))
    return rows


# --------------------------------------------------------------------------- separators


def test_bacaan_ganda_readings():
    assert bacaan_ganda("22,955") == (22.955, 22955.0)
    assert bacaan_ganda("3.250") == (3250.0, 3.25)
    assert bacaan_ganda("'1,500") == (1.5, 1500.0)
    for one_reading in ("1.234,5", "12,5", "1.500.000", "22955", "12.50", 22955, 22.955, None):
        assert bacaan_ganda(one_reading) is None, one_reading


def test_english_thousands_in_a_count_is_an_error_showing_both_readings(paths):
    corpus.write_pk(paths)
    corpus.write_monthly(paths, "PUS-LAY", 1, real=_real("PUS-LAY", 1,
                                                         IK_01={"realisasi": "22,955"}))
    r = read_year(paths, TAHUN, _settings())
    hit = _issues(r, "pemisah_ambigu")
    assert len(hit) == 1, r.data.kualitas.to_string()
    row = hit.iloc[0]
    assert (row.file, row.sheet, row.sel, row.tingkat) == (
        DIR + "PUS-LAY_2024-01.xlsx", "Realisasi", f"{E}2", "error")
    assert "'22,955' dapat dibaca 22,955 (desimal) atau 22.955 (ribuan)" in row.pesan
    assert "tanpa pemisah ribuan" in row.pesan and "format Indonesia" in row.pesan
    # the row is quarantined, never read as 22,955 visitors
    assert "IK-01" not in set(r.data.realisasi["kode"])
    kar = r.data.karantina
    assert ((kar.sumber_file == DIR + "PUS-LAY_2024-01.xlsx") & (kar.sumber_baris == 2)).any()
    corpus.assert_invariant(r, paths)


def test_indonesian_thousands_numeric_cells_and_decimal_measures_are_fine(paths):
    corpus.write_pk(paths)
    corpus.write_monthly(paths, "PUS-LAY", 1, real=_real("PUS-LAY", 1,
                                                         IK_01={"realisasi": "22.955"}))
    corpus.write_monthly(paths, "PUS-LAY", 2, real=_real("PUS-LAY", 2,
                                                         IK_01={"realisasi": 22955}))
    # IK-03 is measured in poin (not a count): '22,955' is the decimal 22,955
    corpus.write_monthly(paths, "ARS-PEN", 1, real=_real("ARS-PEN", 1,
                                                         IK_03={"realisasi": "22,955"}))
    r = read_year(paths, TAHUN, _settings())
    assert _issues(r, "pemisah_ambigu").empty
    assert r.errors == 0, r.data.kualitas.to_string()
    real = r.data.realisasi.set_index(["kode", "bulan"])["realisasi"]
    assert real[("IK-01", 1)] == 22955.0 and real[("IK-01", 2)] == 22955.0
    assert real[("IK-03", 1)] == pytest.approx(22.955)
    # text numbers still get the usual warning; the numeric cell none
    teks = _issues(r, "angka_sebagai_teks")
    assert sorted(teks["file"]) == [DIR + "ARS-PEN_2024-01.xlsx", DIR + "PUS-LAY_2024-01.xlsx"]


def test_ambiguous_rupiah_and_ratio_parts(paths):
    corpus.write_pk(paths)
    corpus.write_monthly(paths, "PUS-LAY", 1,
                         real=_real("PUS-LAY", 1, IK_02={"pembilang": "1,500",
                                                         "penyebut": 3000}),
                         ang=[{"kode_kegiatan": "KG-01", "realisasi_anggaran": "Rp 5,000"}])
    r = read_year(paths, TAHUN, _settings())
    hit = _issues(r, "pemisah_ambigu")
    assert sorted(zip(hit.sheet, hit.sel, strict=True)) == [("Anggaran", "D2"),
                                                            ("Realisasi", f"{F}3")]
    assert set(hit.tingkat) == {"error"}
    assert r.data.realisasi_anggaran.empty


# --------------------------------------------------------------------------- percentages


PK_PERSEN = [
    *corpus.PK_ROWS,
    {**corpus.PK_ROWS[2], "kode": "IK-05", "indikator": "Persentase arsip terdigitalisasi",
     "satuan": "%", "target_tahunan": 60},
    {**corpus.PK_ROWS[2], "kode": "IK-06",
     "indikator": "Persentase peningkatan jumlah pengguna arsip", "satuan": "persen",
     "target_tahunan": 100},
]
RA_PERSEN = [
    *corpus.RA_ROWS,
    {**corpus.RA_ROWS[2], "kode": "IK-05", "target_tw4": 60},
    {**corpus.RA_ROWS[2], "kode": "IK-06", "target_tw1": 85, "target_tw2": 90,
     "target_tw3": 95, "target_tw4": 100},
]


def test_percent_above_100_is_an_error(paths):
    corpus.write_pk(paths, wb=corpus.pk_workbook(PK_PERSEN, RA_PERSEN))
    rows = [*corpus.realisasi_rows("ARS-PEN", 1),
            {"kode": "IK-05", "realisasi": 150}, {"kode": "IK-06", "realisasi": 150}]
    corpus.write_monthly(paths, "ARS-PEN", 1, real=rows)
    r = read_year(paths, TAHUN, _settings())
    hit = _issues(r, "persen_di_atas_100")
    got = {(s, t) for s, t in zip(hit.sel, hit.tingkat, strict=True)}
    # IK-05 (row 4) is a share: error; IK-06 (row 5) a growth percentage: a warning only
    assert got == {(f"{E}4", "error"), (f"{E}5", "peringatan")}
    err = hit[hit.tingkat == "error"].iloc[0]
    assert "150" in err.pesan and "100" in err.pesan and err.file.endswith("ARS-PEN_2024-01.xlsx")
    assert set(r.data.realisasi["kode"]) == {"IK-03", "IK-04", "IK-06"}


def test_percent_target_above_100_is_an_error(paths):
    pk = [*corpus.PK_ROWS, {**PK_PERSEN[4], "target_tahunan": 160},
          {**PK_PERSEN[4], "kode": "IK-06", "baseline": 120}]
    corpus.write_pk(paths, wb=corpus.pk_workbook(pk, corpus.RA_ROWS))
    r = read_year(paths, TAHUN, _settings())
    hit = _issues(r, "persen_di_atas_100")
    # the annual target quarantines the indicator; the informative baseline only warns
    assert list(zip(hit.sheet, hit.sel, hit.tingkat, strict=True)) == [
        ("Perjanjian Kinerja", "J6", "error"), ("Perjanjian Kinerja", "K7", "peringatan")]
    assert "IK-05" not in set(r.data.pk["kode"]) and "IK-06" in set(r.data.pk["kode"])


# --------------------------------------------------------------------------- 0/0 ratios


def test_zero_over_zero_ratio_warns_and_is_not_reported(paths):
    corpus.write_pk(paths)
    for b in (1, 2, 3):
        extra = {"IK_02": {"pembilang": 0, "penyebut": 0}} if b == 2 else {}
        corpus.write_monthly(paths, "PUS-LAY", b, real=_real("PUS-LAY", b, **extra))
    settings = _settings()
    r = read_year(paths, TAHUN, settings)
    hit = _issues(r, "rasio_nol_per_nol")
    assert len(hit) == 1
    row = hit.iloc[0]
    assert (row.file, row.sel, row.tingkat) == (DIR + "PUS-LAY_2024-02.xlsx", f"{G}3",
                                                "peringatan")
    assert "0/0 tidak dapat dihitung; bulan ini dianggap belum dilaporkan" in row.pesan
    assert r.errors == 0
    feb = r.data.realisasi[(r.data.realisasi.kode == "IK-02") & (r.data.realisasi.bulan == 2)]
    assert len(feb) == 1 and feb[["realisasi", "pembilang", "penyebut"]].isna().all(axis=None)
    # the engine does not count February as reported
    cap = compute_period(r.data, triwulan(TAHUN, 1), settings)["capaian"].set_index("kode")
    assert cap.loc["IK-02", "bulan_dilaporkan"] == 2
    assert not cap.loc["IK-02", "lengkap"] and cap.loc["IK-02", "bulan_hilang"] == "Februari"
    assert cap.loc["IK-02", "pembilang_sd"] == 11 + 13
    assert cap.loc["IK-01", "bulan_dilaporkan"] == 3


# --------------------------------------------------------------------------- PK / RA


def _ra(kode, jenis, *targets):
    ra = next(dict(r) for r in corpus.RA_ROWS if r["kode"] == kode)
    ra.update(jenis_target=jenis, target_tw1=targets[0], target_tw2=targets[1],
              target_tw3=targets[2], target_tw4=targets[3])
    return ra


def test_decreasing_cumulative_ra_is_an_error(paths):
    ra = [_ra("IK-01", "kumulatif s.d. triwulan", 300, 600, 500, 1200), *corpus.RA_ROWS[1:]]
    corpus.write_pk(paths, wb=corpus.pk_workbook(ra_rows=ra))
    r = read_year(paths, TAHUN, _settings())
    hit = _issues(r, "target_ra_menurun")
    assert len(hit) == 1
    row = hit.iloc[0]
    assert (row.sheet, row.sel, row.tingkat) == ("Rencana Aksi", "F2", "error")
    assert "F2" in row.pesan and "E2" in row.pesan and "500" in row.pesan and "600" in row.pesan
    assert "IK-01" not in set(r.data.ra["kode"])  # quarantined: no negative TW III target


def test_ra_quarters_not_adding_up_warn(paths):
    ra = [_ra("IK-01", "per triwulan", 1, 1, 1, 1), corpus.RA_ROWS[1],
          _ra("IK-03", "kumulatif", 45, 50, 55, 58), corpus.RA_ROWS[3]]
    pk = [{**corpus.PK_ROWS[0], "target_tahunan": 42000}, *corpus.PK_ROWS[1:]]
    corpus.write_pk(paths, wb=corpus.pk_workbook(pk, ra))
    r = read_year(paths, TAHUN, _settings())
    hit = _issues(r, "target_ra_tidak_sesuai").set_index("sel")
    assert set(hit.index) == {"D2:G2", "G4"}
    assert set(hit.tingkat) == {"peringatan"}
    assert "= 4," in hit.loc["D2:G2", "pesan"] and "42.000" in hit.loc["D2:G2", "pesan"]
    assert "0,5 %" in hit.loc["D2:G2", "pesan"]
    assert "58" in hit.loc["G4", "pesan"] and "60" in hit.loc["G4", "pesan"]
    assert set(r.data.ra["kode"]) == {"IK-01", "IK-02", "IK-03", "IK-04"}  # warnings only


def test_ra_within_tolerance_is_fine(paths):
    ra = [_ra("IK-01", "per triwulan", 300, 300, 300, 304), *corpus.RA_ROWS[1:]]  # +0,33 %
    corpus.write_pk(paths, wb=corpus.pk_workbook(ra_rows=ra))
    r = read_year(paths, TAHUN, _settings())
    assert _issues(r, "target_ra_tidak_sesuai").empty and r.errors == 0


def test_zero_target_on_positive_indicator_is_an_error(paths):
    pk = [{**corpus.PK_ROWS[0], "target_tahunan": 0}, *corpus.PK_ROWS[1:3],
          {**corpus.PK_ROWS[3], "target_tahunan": 0}]  # IK-04 is negatif: a warning
    corpus.write_pk(paths, wb=corpus.pk_workbook(pk))
    r = read_year(paths, TAHUN, _settings())
    hit = _issues(r, "target_nol").set_index("sel")
    assert dict(hit["tingkat"]) == {"J2": "error", "J5": "peringatan"}
    assert "target 0 tidak dapat dinilai" in hit.loc["J2", "pesan"]
    assert set(r.data.pk["kode"]) == {"IK-02", "IK-03", "IK-04"}


def test_engine_reason_for_zero_annual_target_is_never_empty(paths):
    """A PK target of 0 with positive RA targets: no predikat, the reason says target 0."""
    corpus.make_year(paths, months=(1, 2, 3))
    settings = _settings()
    data = read_year(paths, TAHUN, settings).data
    pk = data.pk.copy()
    pk.loc[pk.kode == "IK-01", "target_tahunan"] = 0.0
    data = dataclasses.replace(data, pk=pk)
    for periode in (triwulan(TAHUN, 1), triwulan(TAHUN, 4)):
        cap = compute_period(data, periode, settings)["capaian"].set_index("kode")
        ik1 = cap.loc["IK-01"]
        assert ik1["target_sd"] > 0  # the RA target alone would give a capaian
        assert not ik1["dinilai"] and math.isnan(ik1["capaian_sd"])
        assert ik1["predikat"] == formulas.TIDAK_DAPAT_DINILAI
        assert ik1["alasan"] and "0" in ik1["alasan"] and "target" in ik1["alasan"].lower()
        assert ik1["alasan"] == formulas.ALASAN_TARGET_TAHUNAN_NOL
        if periode.nomor == 1:  # TW IV alone has no month yet: "belum dilaporkan"
            assert ik1["alasan_periode"] == formulas.ALASAN_TARGET_TAHUNAN_NOL
        # every assessed row has a predikat and every unassessed row a reason
        assert (cap["alasan"].notna() | cap["dinilai"]).all()
        assert (cap.loc[cap["dinilai"], "predikat"] != formulas.TIDAK_DAPAT_DINILAI).all()


def test_ra_rules_pure():
    assert pl.ra_menurun("kumulatif", "kumulatif", [300, 600, 500, 400]) == [3, 4]
    assert pl.ra_menurun("kumulatif", "posisi_akhir", [10, 9, 8, 7]) == []  # a falling level
    assert pl.ra_menurun("per_triwulan", "kumulatif", [300, 200, 100, 50]) == []
    assert pl.ra_vs_tahunan("per_triwulan", "kumulatif", [1, 1, 1, 1], 42000) == ("jumlah", 4)
    assert pl.ra_vs_tahunan("per_triwulan", "kumulatif", [300, 300, 300, 301], 1200) is None
    assert pl.ra_vs_tahunan("kumulatif", "kumulatif", [10, 20, 30, 35], 40) == ("tw4", 35)
    assert pl.ra_vs_tahunan("per_triwulan", "posisi_akhir", [45, 50, 55, 58], 60) == ("tw4", 58)
    assert pl.ra_vs_tahunan("per_triwulan", "rasio", [1, 2, 3, 4], 80) is None


# --------------------------------------------------------------------------- outliers


def test_outlier_month_warns_with_expected_range(paths):
    corpus.write_pk(paths)
    for b in range(1, 9):
        extra = {"IK_01": {"realisasi": 5000}} if b == 6 else {}
        corpus.write_monthly(paths, "PUS-LAY", b, real=_real("PUS-LAY", b, **extra))
        # IK-03 (posisi akhir, 101..108): May typed 10,5 instead of 105
        extra = {"IK_03": {"realisasi": 10.5}} if b == 5 else {}
        corpus.write_monthly(paths, "ARS-PEN", b, real=_real("ARS-PEN", b, **extra))
    r = read_year(paths, TAHUN, _settings())
    hit = _issues(r, "pencilan")
    assert sorted(zip(hit.file, hit.sel, strict=True)) == [
        (DIR + "ARS-PEN_2024-05.xlsx", f"{E}2"), (DIR + "PUS-LAY_2024-06.xlsx", f"{E}2")]
    assert set(hit.tingkat) == {"peringatan"} and r.errors == 0
    jun = hit[hit.file.str.contains("PUS-LAY")].iloc[0].pesan
    # others: 101..108 without 106 -> median 104, MAD 2 -> scale max(2,9652; 52) = 52
    assert "Juni" in jun and "5.000" in jun and "kisaran wajar 0 sampai 364 orang" in jun
    mei = hit[hit.file.str.contains("ARS-PEN")].iloc[0].pesan
    assert "Mei" in mei and "10,5" in mei and "April" in mei and "nilai yang wajar" in mei
    assert set(r.data.realisasi["kode"]) == {"IK-01", "IK-02", "IK-03", "IK-04"}  # kept


def _series(values, agregasi="kumulatif"):
    return pd.DataFrame({"unit": "U", "kode": "K", "agregasi": agregasi,
                         "bulan": np.arange(1, len(values) + 1), "realisasi": values})


def test_outlier_rule_pure():
    visits = [3500, 3700, 3300, 3600, 3900, 35000, 3400, 3550]
    out = pl.pencilan_bulanan(_series(visits))
    assert out["bulan"].tolist() == [6]
    assert out.loc[0, "nilai_bawah"] == 0 and 10000 < out.loc[0, "nilai_atas"] < 13000
    # a busy month (2x) is not an outlier; 3 other months are too few to judge
    assert pl.pencilan_bulanan(_series([3500, 3700, 3300, 3600, 7200])).empty
    assert pl.pencilan_bulanan(_series([3500, 3700, 3300, 35000])).empty
    # an activity held in one month only (others all 0): no basis, no warning
    assert pl.pencilan_bulanan(_series([0, 0, 0, 0, 0, 30, 0, 0])).empty
    # lumpy events (bimtek in some months) are fine
    assert pl.pencilan_bulanan(_series([0, 0, 29, 0, 31, 0, 0, 30, 0, 36, 0, 0])).empty
    # a level that steps once (evaluation result) is fine; a 1.000x slip in a level is not
    assert pl.pencilan_bulanan(_series([63.75] * 8 + [68.2] * 4, "posisi_akhir")).empty
    slip = [47000, 47400, 47800, 48200, 48.6, 49000, 49400, 49800]
    out = pl.pencilan_bulanan(_series(slip, "posisi_akhir"))
    assert out["bulan"].tolist() == [5] and out.loc[0, "dasar"] == "perubahan"
    # rasio is not checked
    assert pl.pencilan_bulanan(_series(visits, "rasio")).empty
