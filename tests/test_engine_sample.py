"""Engine results on the deterministic sample, checked by hand against the raw workbooks.

The sample is written, ingested and saved, and the engine tables of TW II, Semester I and
the year 2024 are computed and written to Parquet (``engine.compute_and_write_year``) and read
back. Independently of ingest, the monthly values are read straight from the units' workbooks
with openpyxl (text typed by a unit, such as ``"3.787"`` or ``"31,6%"``, is parsed here by
hand), and every expected number is computed with plain Python next to the arithmetic written
out in comments. The literal numbers in the comments are asserted too, so they cannot go
stale.

Rules being checked (``aggregation.py``, ``formulas.py``): kumulatif = sum of the reported
months; posisi akhir = the last reported month; rasio = sum(pembilang) / sum(penyebut) x 100;
rata-rata = mean of the reported months. Target to date: per_triwulan RA targets are summed,
kumulatif ("s.d. triwulan") RA targets are read as typed; levels take the last quarter's
target. Capaian positif R / T x 100, negatif A (2T - R) / T x 100, negatif B T / R x 100, capped
at 100 (``Settings.batas_capaian``) and floored at 0. Predikat by lower bounds 91 / 76 / 66 /
51 (Permendagri 86/2017).
"""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from kinerja_lib.domain import engine
from kinerja_lib.domain.periods import semester, tahunan, triwulan
from kinerja_lib.io import ingest, store
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample import sample_settings

SETTINGS = sample_settings()
PERIODS = {"tw2": triwulan(2024, 2), "s1": semester(2024, 1), "tahunan": tahunan(2024)}


# --------------------------------------------------------------------------- raw reading


def _num(v):
    """A raw cell as a number, parsing Indonesian text by hand ("3.787" -> 3787,
    "31,6%" -> 31.6); None for an empty cell or "-"."""
    if v is None:
        return None
    if isinstance(v, (int, float)):
        return float(v)
    s = str(v).strip().rstrip("%").strip()
    if s in ("", "-"):
        return None
    return float(s.replace(".", "").replace(",", "."))


def _raw_monthly(paths: Paths, tahun: int) -> dict:
    """``{kode: {bulan: {"realisasi", "pembilang", "penyebut"}}}`` from every monthly
    workbook (month from the Identitas sheet, columns found by their header text)."""
    out: dict = {}
    for f in sorted(paths.monthly_dir(tahun).glob("*.xlsx")):
        wb = load_workbook(f, read_only=True, data_only=True)
        ident = {a: b for a, b in wb["Identitas"].iter_rows(min_col=1, max_col=2,
                                                            values_only=True)}
        rows = list(wb["Realisasi"].iter_rows(values_only=True))
        wb.close()
        head = rows[0]
        for row in rows[1:]:
            rec = dict(zip(head, row, strict=False))
            out.setdefault(rec["Kode Indikator"], {})[int(ident["Bulan"])] = {
                "realisasi": _num(rec["Realisasi Bulan Ini"]),
                "pembilang": _num(rec["Pembilang"]),
                "penyebut": _num(rec["Penyebut"]),
            }
    return out


def _raw_pk(paths: Paths, tahun: int) -> tuple[dict, dict]:
    """PK rows by kode (header -> value) and RA by kode: (jenis target, [TW I..TW IV])."""
    wb = load_workbook(paths.pk_workbook(tahun), read_only=True, data_only=True)
    rows = list(wb["Perjanjian Kinerja"].iter_rows(values_only=True))
    pk = {r[0]: dict(zip(rows[0], r, strict=False)) for r in rows[1:] if r[0]}
    rows = list(wb["Rencana Aksi"].iter_rows(values_only=True))
    ra = {}
    for r in rows[1:]:
        rec = dict(zip(rows[0], r, strict=False))
        if rec["Kode Indikator"]:
            ra[rec["Kode Indikator"]] = (rec["Jenis Target"], [
                float(rec[f"Target TW {q}"]) for q in ("I", "II", "III", "IV")])
    wb.close()
    return pk, ra


def _series(raw: dict, kode: str, key: str = "realisasi") -> list:
    """Twelve monthly values (None where the month is missing)."""
    months = raw.get(kode, {})
    return [months[b][key] if b in months else None for b in range(1, 13)]


def _predikat(capaian: float) -> str:
    """Permendagri 86/2017 bands by lower bound."""
    for bound, label in ((91, "Sangat Tinggi"), (76, "Tinggi"), (66, "Sedang"),
                         (51, "Rendah")):
        if round(capaian, 2) >= bound:
            return label
    return "Sangat Rendah"


def _cap(x: float) -> float:
    return min(max(x, 0.0), 100.0)


# --------------------------------------------------------------------------- fixture


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    """Sample written, ingested, saved; engine tables of tw2, s1, tahunan 2024 on disk."""
    from kinerja_lib.io.sample import write_sample

    paths = Paths(tmp_path_factory.mktemp("engine_sample"))
    write_sample(paths, (2023, 2024))
    for tahun in (2023, 2024):
        store.save_year(ingest.read_year(paths, tahun, SETTINGS).data, paths)
    store.compute_and_write_year(paths, 2024, SETTINGS, periods=list(PERIODS.values()))
    tables = {k: store.load_period_tables(paths, 2024, k) for k in PERIODS}
    raw = {t: _raw_monthly(paths, t) for t in (2023, 2024)}
    pk = {t: _raw_pk(paths, t) for t in (2023, 2024)}

    class S:
        pass

    out = S()
    out.paths, out.tables, out.raw, out.pk = paths, tables, raw, pk
    return out


def _row(s, periode: str, kode: str, table: str = "capaian") -> dict:
    t = s.tables[periode][table]
    hit = t[t["kode"] == kode]
    assert len(hit) == 1, (periode, kode)
    return hit.iloc[0].to_dict()


def _same(actual, expected):
    assert actual == pytest.approx(expected, rel=1e-12, abs=1e-9)


def test_settings_used_by_the_hand_computations():
    assert SETTINGS.batas_capaian == 100
    assert [b for b, _ in SETTINGS.predikat_scale][:4] == [91, 76, 66, 51]


def test_all_three_periods_written(s):
    for k in PERIODS:
        assert set(s.tables[k]) == set(engine.TABLES)
        assert len(s.tables[k]["capaian"]) == 27


# --------------------------------------------------------------------------- kumulatif


def test_kumulatif_with_the_missing_month_ik04(s):
    """IK-04 peserta gemar membaca (PUS-BIN), kumulatif, RA typed 'kumulatif s.d. triwulan';
    PUS-BIN's May 2024 report is the planted missing one."""
    pk, ra = s.pk[2024]
    assert pk["IK-04"]["Jenis Agregasi"] == "kumulatif"
    jenis, t = ra["IK-04"]
    assert jenis == "kumulatif s.d. triwulan" and t == [456, 1080, 1752, 2400]
    m = _series(s.raw[2024], "IK-04")
    assert m == [90, 184, 191, 266, None, 231, 309, 357, 284, 332, 281, 185]

    # TW II s.d.: Jan..Jun without May = 90 + 184 + 191 + 266 + 231 = 962
    # target s.d. TW II is typed to date: 1 080; capaian = 962 / 1 080 x 100 = 89,07 % -> Tinggi
    real_sd = sum(v for v in m[:6] if v is not None)
    assert real_sd == 962
    cap_sd = real_sd / t[1] * 100
    assert round(cap_sd, 2) == 89.07
    # TW II alone: Apr..Jun = 266 + 231 = 497; target TW II alone = 1 080 - 456 = 624;
    # 497 / 624 x 100 = 79,65 %
    real_p = sum(v for v in m[3:6] if v is not None)
    assert (real_p, t[1] - t[0]) == (497, 624)
    # against the PK annual target 2 400: 962 / 2 400 x 100 = 40,08 %
    r = _row(s, "tw2", "IK-04")
    _same(r["realisasi_sd"], real_sd)
    _same(r["target_sd"], t[1])
    _same(r["capaian_sd"], cap_sd)
    assert r["predikat"] == _predikat(cap_sd) == "Tinggi"
    _same(r["realisasi_periode"], real_p)
    _same(r["target_periode"], t[1] - t[0])
    _same(r["capaian_periode"], real_p / (t[1] - t[0]) * 100)
    assert round(r["capaian_periode"], 2) == 79.65
    _same(r["capaian_tahunan"], real_sd / pk["IK-04"]["Target Tahunan"] * 100)
    assert s.tables["tw2"]["capaian"]["lengkap"].dtype == bool
    assert not r["lengkap"]
    assert r["bulan_hilang"] == "Mei"
    assert (r["bulan_diharapkan"], r["bulan_dilaporkan"]) == (6, 5)
    assert not r["lengkap_periode"]
    assert r["bulan_hilang_periode"] == "Mei"

    # Semester I: same months and target as TW II s.d. (Jan..Jun, s.d. TW II)
    r = _row(s, "s1", "IK-04")
    _same(r["realisasi_sd"], 962)
    _same(r["realisasi_periode"], 962)
    _same(r["target_periode"], 1080)
    assert r["bulan_hilang"] == "Mei" and r["predikat"] == "Tinggi"

    # Year: 962 + 309 + 357 + 284 + 332 + 281 + 185 = 2 710; target 2 400;
    # 2 710 / 2 400 x 100 = 112,92 % -> capped at 100 -> Sangat Tinggi; May still missing
    real_y = sum(v for v in m if v is not None)
    assert real_y == 2710
    r = _row(s, "tahunan", "IK-04")
    _same(r["realisasi_sd"], real_y)
    _same(r["target_sd"], t[3])
    _same(r["capaian_sd_mentah"], real_y / t[3] * 100)
    assert round(r["capaian_sd_mentah"], 2) == 112.92
    _same(r["capaian_sd"], 100.0)
    assert r["predikat"] == "Sangat Tinggi"
    assert r["bulan_hilang"] == "Mei" and r["bulan_dilaporkan"] == 11


def test_kumulatif_per_triwulan_with_a_number_typed_as_text_ik07(s):
    """IK-07 kunjungan (PUS-LAY), kumulatif, RA per triwulan; February was typed as the text
    "3.787" (planted angka_sebagai_teks) and must count as 3 787."""
    jenis, t = s.pk[2024][1]["IK-07"]
    assert jenis == "per triwulan" and t == [9450, 10290, 11550, 10710]
    m = _series(s.raw[2024], "IK-07")
    assert m == [4533, 3787, 3234, 2474, 3399, 3936, 4412, 4024, 3177, 3516, 3686, 3972]

    # TW II s.d.: 4 533 + 3 787 + 3 234 + 2 474 + 3 399 + 3 936 = 21 363
    # target s.d. TW II = 9 450 + 10 290 = 19 740; 21 363 / 19 740 x 100 = 108,22 % -> 100
    real_sd, target_sd = sum(m[:6]), t[0] + t[1]
    assert (real_sd, target_sd) == (21363, 19740)
    r = _row(s, "tw2", "IK-07")
    _same(r["realisasi_sd"], real_sd)
    _same(r["target_sd"], target_sd)
    _same(r["capaian_sd_mentah"], real_sd / target_sd * 100)
    assert round(r["capaian_sd_mentah"], 2) == 108.22
    _same(r["capaian_sd"], 100.0)
    assert r["predikat"] == "Sangat Tinggi" and r["lengkap"] and r["bulan_hilang"] == ""
    # TW II alone: 2 474 + 3 399 + 3 936 = 9 809 vs 10 290 -> 95,33 %
    assert sum(m[3:6]) == 9809
    _same(r["realisasi_periode"], 9809)
    _same(r["target_periode"], t[1])
    _same(r["capaian_periode"], 9809 / t[1] * 100)
    assert round(r["capaian_periode"], 2) == 95.33
    # the trend table holds February as the number
    b = s.tables["tw2"]["bulanan"]
    feb = b[(b["kode"] == "IK-07") & (b["bulan"] == 2)].iloc[0]
    _same(feb["realisasi"], 3787)
    _same(feb["realisasi_sd"], 4533 + 3787)

    # Year: sum of 12 months = 44 150; target 9 450 + 10 290 + 11 550 + 10 710 = 42 000;
    # 44 150 / 42 000 x 100 = 105,12 % -> 100
    assert (sum(m), sum(t)) == (44150, 42000)
    r = _row(s, "tahunan", "IK-07")
    _same(r["realisasi_sd"], 44150)
    _same(r["target_sd"], 42000)
    _same(r["capaian_sd_mentah"], 44150 / 42000 * 100)
    _same(r["capaian_tahunan_mentah"], 44150 / 42000 * 100)  # RA total = PK target


# --------------------------------------------------------------------------- posisi akhir


def test_posisi_akhir_ik20(s):
    """IK-20 digitalisasi arsip statis (%), posisi akhir: the last reported month counts.
    April was typed as the text "31,6%" (planted)."""
    pk, ra = s.pk[2024]
    assert pk["IK-20"]["Jenis Agregasi"] == "posisi akhir"
    jenis, t = ra["IK-20"]
    assert jenis == "kumulatif s.d. triwulan" and t == [30.48, 33.65, 36.83, 40]
    m = _series(s.raw[2024], "IK-20")
    assert m[3:6] == [31.6, 32.4, 34.01] and m[11] == 41.6

    # TW II: the June level 34,01 against the TW II target 33,65 (a level: the quarter's own
    # target, never a sum): 34,01 / 33,65 x 100 = 101,07 % -> 100 -> Sangat Tinggi
    r = _row(s, "tw2", "IK-20")
    _same(r["realisasi_sd"], m[5])
    _same(r["realisasi_periode"], m[5])
    _same(r["target_sd"], t[1])
    _same(r["target_periode"], t[1])
    _same(r["capaian_sd_mentah"], m[5] / t[1] * 100)
    assert round(r["capaian_sd_mentah"], 2) == 101.07
    _same(r["capaian_sd"], 100.0)
    assert r["predikat"] == "Sangat Tinggi"
    b = s.tables["tw2"]["bulanan"]
    apr = b[(b["kode"] == "IK-20") & (b["bulan"] == 4)].iloc[0]
    _same(apr["realisasi"], 31.6)  # "31,6%" read as the percentage the unit sees
    # Semester I: the same June level and TW II target
    _same(_row(s, "s1", "IK-20")["realisasi_sd"], 34.01)
    # Year: December 41,6 vs 40 -> 104 % -> 100
    r = _row(s, "tahunan", "IK-20")
    _same(r["realisasi_sd"], 41.6)
    _same(r["target_sd"], 40.0)
    _same(r["capaian_sd_mentah"], 41.6 / 40 * 100)


# --------------------------------------------------------------------------- rasio


def test_rasio_is_a_ratio_of_sums_ik08(s):
    """IK-08 pengunjung layanan digital (%), rasio: pembilang = digital visitors, penyebut =
    all visits (the IK-07 numbers)."""
    jenis, t = s.pk[2024][1]["IK-08"]
    assert t == [30, 30, 30, 30]
    p = _series(s.raw[2024], "IK-08", "pembilang")
    q = _series(s.raw[2024], "IK-08", "penyebut")
    pct = _series(s.raw[2024], "IK-08")
    assert p[:6] == [1312, 1123, 945, 834, 873, 1239]
    assert q == _series(s.raw[2024], "IK-07")  # penyebut = kunjungan

    # TW II s.d.: (1 312 + 1 123 + 945 + 834 + 873 + 1 239) / 21 363 x 100
    #           = 6 326 / 21 363 x 100 = 29,61 %; target 30 (a level, TW II's own)
    #           capaian = 29,61 / 30 x 100 = 98,71 % -> Sangat Tinggi
    num, den = sum(p[:6]), sum(q[:6])
    assert (num, den) == (6326, 21363)
    real_sd = num / den * 100
    assert round(real_sd, 2) == 29.61
    # never the mean of the monthly percentages: (28,94 + ... + 31,48) / 6 = 29,78
    assert round(sum(pct[:6]) / 6, 2) == 29.78
    r = _row(s, "tw2", "IK-08")
    _same(r["pembilang_sd"], num)
    _same(r["penyebut_sd"], den)
    _same(r["realisasi_sd"], real_sd)
    _same(r["target_sd"], t[1])
    _same(r["capaian_sd"], real_sd / t[1] * 100)
    assert round(r["capaian_sd"], 2) == 98.71
    assert r["predikat"] == _predikat(r["capaian_sd"]) == "Sangat Tinggi"
    # TW II alone: (834 + 873 + 1 239) / (2 474 + 3 399 + 3 936) = 2 946 / 9 809 = 30,03 %
    assert (sum(p[3:6]), sum(q[3:6])) == (2946, 9809)
    _same(r["realisasi_periode"], 2946 / 9809 * 100)
    # Year: 12 848 / 44 150 x 100 = 29,10 %; 29,10 / 30 x 100 = 97,00 % -> Sangat Tinggi
    assert (sum(p), sum(q)) == (12848, 44150)
    r = _row(s, "tahunan", "IK-08")
    _same(r["realisasi_sd"], 12848 / 44150 * 100)
    _same(r["capaian_sd"], 12848 / 44150 * 100 / 30 * 100)
    assert round(r["capaian_sd"], 2) == 97.00 and r["predikat"] == "Sangat Tinggi"


# --------------------------------------------------------------------------- negatif


def _negatif(metode: str, target: float, real: float) -> float:
    """The PK's method: A = (2T - R) / T x 100, B = T / R x 100."""
    return (2 * target - real) / target * 100 if metode == "A" else target / real * 100


def test_negatif_method_b_ik14(s):
    """IK-14 bahan pustaka rusak/hilang (lower is better), kumulatif, PK says method B."""
    pk, ra = s.pk[2024]
    assert (pk["IK-14"]["Polaritas"], pk["IK-14"]["Metode Capaian Negatif"]) == ("negatif", "B")
    jenis, t = ra["IK-14"]
    assert jenis == "per triwulan" and t == [33, 33, 32, 32]
    m = _series(s.raw[2024], "IK-14")
    assert m == [8, 9, 8, 8, 10, 9, 10, 8, 10, 9, 8, 7]

    # TW II s.d.: R = 8 + 9 + 8 + 8 + 10 + 9 = 52; T = 33 + 33 = 66
    # B: T / R x 100 = 66 / 52 x 100 = 126,92 % -> capped 100 -> Sangat Tinggi
    # (method A would give (132 - 52) / 66 x 100 = 121,21 %)
    real, target = sum(m[:6]), t[0] + t[1]
    assert (real, target) == (52, 66)
    expected = _negatif("B", target, real)
    assert round(expected, 2) == 126.92 and round(_negatif("A", target, real), 2) == 121.21
    r = _row(s, "tw2", "IK-14")
    assert r["metode_negatif"] == "B"
    _same(r["realisasi_sd"], real)
    _same(r["target_sd"], target)
    _same(r["capaian_sd_mentah"], expected)
    _same(r["capaian_sd"], _cap(expected))
    assert r["predikat"] == "Sangat Tinggi"
    # Year: R = 104, T = 130: B = 130 / 104 x 100 = 125 %
    assert sum(m) == 104
    r = _row(s, "tahunan", "IK-14")
    _same(r["capaian_sd_mentah"], _negatif("B", 130, 104))
    assert r["capaian_sd_mentah"] == pytest.approx(125.0)


def test_negatif_method_a_rata_rata_ik13(s):
    """IK-13 waktu penyediaan bahan pustaka (hari, lower is better), rata-rata, method A."""
    pk, ra = s.pk[2024]
    assert (pk["IK-13"]["Polaritas"], pk["IK-13"]["Metode Capaian Negatif"]) == ("negatif", "A")
    assert pk["IK-13"]["Jenis Agregasi"] == "rata-rata"
    _, t = ra["IK-13"]
    assert t == [3, 3, 3, 3]
    m = _series(s.raw[2024], "IK-13")
    assert m[:6] == [3.6, 3.4, 3.3, 3.5, 3.5, 3.3]

    # TW II s.d.: R = (3,6 + 3,4 + 3,3 + 3,5 + 3,5 + 3,3) / 6 = 20,6 / 6 = 3,433 hari; T = 3
    # A: (2 x 3 - 3,433) / 3 x 100 = 85,56 % -> Tinggi (B would give 3 / 3,433 = 87,38 %)
    real = sum(m[:6]) / 6
    expected = _negatif("A", t[1], real)
    assert round(real, 3) == 3.433 and round(expected, 2) == 85.56
    r = _row(s, "tw2", "IK-13")
    assert r["metode_negatif"] == "A"
    _same(r["realisasi_sd"], real)
    _same(r["target_sd"], t[1])
    _same(r["capaian_sd"], expected)
    assert r["predikat"] == _predikat(expected) == "Tinggi"
    # Year: R = 40,9 / 12 = 3,408 hari; A = (6 - 3,408) / 3 x 100 = 86,39 % -> Tinggi
    real_y = sum(m) / 12
    r = _row(s, "tahunan", "IK-13")
    _same(r["realisasi_sd"], real_y)
    _same(r["capaian_sd"], _negatif("A", t[3], real_y))
    assert round(r["capaian_sd"], 2) == 86.39 and r["predikat"] == "Tinggi"


# --------------------------------------------------------------------------- year on year


def test_comparison_with_2023(s):
    """perbandingan: realisasi_2023 is 2023's annual value by the same rule, from the 2023
    workbooks; realisasi_tahun_ini is the period's s.d. value."""
    raw23 = s.raw[2023]
    m = {k: _series(raw23, k) for k in ("IK-04", "IK-07", "IK-20", "IK-13", "IK-14")}
    assert all(v is not None for vals in m.values() for v in vals)  # 2023 is complete
    p = _series(raw23, "IK-08", "pembilang")
    q = _series(raw23, "IK-08", "penyebut")
    expected = {
        # IK-04: 70 + 129 + 164 + 184 + 220 + 203 + 130 + 228 + 248 + 173 + 249 + 142 = 2 140
        "IK-04": sum(m["IK-04"]),
        # IK-07: sum of the 2023 visits = 36 870
        "IK-07": sum(m["IK-07"]),
        # IK-20: December 2023 level = 27,3
        "IK-20": m["IK-20"][-1],
        # IK-08: 7 890 / 36 870 x 100 = 21,40 %
        "IK-08": sum(p) / sum(q) * 100,
        # IK-13: 43,2 / 12 = 3,6 hari
        "IK-13": sum(m["IK-13"]) / 12,
        # IK-14: 15 + 13 + 12 + 14 + 16 + 10 + 11 + 15 + 13 + 14 + 14 + 15 = 162
        "IK-14": sum(m["IK-14"]),
    }
    assert (expected["IK-04"], expected["IK-07"], expected["IK-20"], expected["IK-14"]) == \
        (2140, 36870, 27.3, 162)
    assert (sum(p), sum(q)) == (7890, 36870) and round(expected["IK-08"], 2) == 21.40
    assert round(expected["IK-13"], 6) == 3.6
    for periode in PERIODS:
        for kode, v in expected.items():
            r = _row(s, periode, kode, "perbandingan")
            _same(r["realisasi_2023"], v)
            _same(r["realisasi_tahun_ini"], _row(s, periode, kode)["realisasi_sd"])
    # the 2024 PK's baseline column is the 2023 realisation as typed (rounded to 2 decimals)
    pk24 = s.pk[2024][0]
    for kode, v in expected.items():
        assert pk24[kode]["Baseline (Realisasi Tahun Lalu)"] == pytest.approx(v, abs=0.005)
    # year: IK-04 2 710 (2024) vs 2 140 (2023), up 570 people despite the missing May
    r = _row(s, "tahunan", "IK-04", "perbandingan")
    assert r["realisasi_tahun_ini"] - r["realisasi_2023"] == pytest.approx(570)
