"""Month -> period roll-up, completeness and RA targets (hand arithmetic in comments)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_lib.domain import aggregation as ag
from kinerja_lib.domain.periods import semester, tahunan, triwulan

NAN = np.nan


def _ind(rows):
    """rows: (kode, agregasi)"""
    return pd.DataFrame({"opd": "X", "kode": [k for k, _ in rows],
                         "agregasi": [a for _, a in rows]})


def _monthly(rows):
    """rows: (kode, bulan, realisasi, pembilang, penyebut)"""
    return pd.DataFrame(rows, columns=["kode", "bulan", "realisasi", "pembilang", "penyebut"]
                        ).assign(opd="X")


IND = _ind([("K", "kumulatif"), ("P", "posisi_akhir"), ("R", "rata_rata"), ("Q", "rasio")])
MON = _monthly([
    # kumulatif: Jan 10, Feb 20, Mar missing (no row), Apr 5, May NaN (blank cell), Jun 7
    ("K", 1, 10, NAN, NAN), ("K", 2, 20, NAN, NAN), ("K", 4, 5, NAN, NAN),
    ("K", 5, NAN, NAN, NAN), ("K", 6, 7, NAN, NAN),
    # posisi_akhir: Jan 3, Feb 8, Mar NaN; Apr 9, May 12, Jun missing
    ("P", 1, 3, NAN, NAN), ("P", 2, 8, NAN, NAN), ("P", 3, NAN, NAN, NAN),
    ("P", 4, 9, NAN, NAN), ("P", 5, 12, NAN, NAN),
    # rata_rata: Jan 60, Feb 80, Mar 70, Apr 90
    ("R", 1, 60, NAN, NAN), ("R", 2, 80, NAN, NAN), ("R", 3, 70, NAN, NAN),
    ("R", 4, 90, NAN, NAN),
    # rasio: Jan 9/10 (90 %), Feb 1/2 (50 %), Mar 40/50 (80 %); Apr realisasi typed but
    # penyebut missing -> not reported
    ("Q", 1, 90, 9, 10), ("Q", 2, 50, 1, 2), ("Q", 3, 80, 40, 50), ("Q", 4, 70, 7, NAN),
])


def test_rollup_tw1_each_type():
    out = ag.rollup(MON, IND, triwulan(2024, 1).months).set_index("kode")
    # K: 10 + 20 (March missing, not 0) = 30
    assert out.loc["K", "realisasi"] == 30
    # P: last REPORTED month is Feb (Mar blank) -> 8
    assert out.loc["P", "realisasi"] == 8
    # R: (60 + 80 + 70) / 3 = 70
    assert out.loc["R", "realisasi"] == pytest.approx(70.0)
    # Q: (9 + 1 + 40) / (10 + 2 + 50) * 100 = 50/62*100 = 80.645...; the mean of the
    # monthly percentages would be (90 + 50 + 80)/3 = 73.33, which is NOT what we use
    assert out.loc["Q", "realisasi"] == pytest.approx(50 / 62 * 100)
    assert out.loc["Q", "realisasi"] != pytest.approx((90 + 50 + 80) / 3)
    assert out.loc["Q", "pembilang"] == 50 and out.loc["Q", "penyebut"] == 62
    assert np.isnan(out.loc["K", "pembilang"])
    # completeness
    assert out.loc["K", "bulan_hilang"] == "Maret"
    assert out.loc["P", "bulan_hilang"] == "Maret"
    assert bool(out.loc["R", "lengkap"]) and out.loc["R", "bulan_hilang"] == ""
    assert out.loc["K", "bulan_dilaporkan"] == 2 and out.loc["K", "bulan_diharapkan"] == 3


def test_rollup_tw2_and_semester():
    tw2 = ag.rollup(MON, IND, triwulan(2024, 2).months).set_index("kode")
    # K: Apr 5 + Jun 7 = 12 (May blank)
    assert tw2.loc["K", "realisasi"] == 12
    assert tw2.loc["K", "bulan_hilang"] == "Mei"
    # P: May 12 (June missing) -> last reported
    assert tw2.loc["P", "realisasi"] == 12
    assert tw2.loc["P", "bulan_hilang"] == "Juni"
    # R: only April 90
    assert tw2.loc["R", "realisasi"] == 90
    assert tw2.loc["R", "bulan_hilang"] == "Mei, Juni"
    # Q: April lacks penyebut -> nothing reported in TW II -> NaN (not 0)
    assert np.isnan(tw2.loc["Q", "realisasi"])
    assert tw2.loc["Q", "bulan_hilang"] == "April, Mei, Juni"
    s1 = ag.rollup(MON, IND, semester(2024, 1).months).set_index("kode")
    assert s1.loc["K", "realisasi"] == 42            # 10 + 20 + 5 + 7
    assert s1.loc["P", "realisasi"] == 12            # May
    assert s1.loc["R", "realisasi"] == 75            # (60+80+70+90)/4
    assert s1.loc["Q", "realisasi"] == pytest.approx(50 / 62 * 100)
    assert s1.loc["K", "bulan_hilang"] == "Maret, Mei"


def test_missing_month_is_never_zero():
    # a posisi_akhir indicator: Jan 50, Feb missing. If the missing month were 0 the
    # last value would be 0; a rata_rata would halve.
    ind = _ind([("P", "posisi_akhir"), ("R", "rata_rata"), ("K", "kumulatif")])
    mon = _monthly([("P", 1, 50, NAN, NAN), ("R", 1, 50, NAN, NAN), ("R", 2, NAN, NAN, NAN)])
    out = ag.rollup(mon, ind, [1, 2]).set_index("kode")
    assert out.loc["P", "realisasi"] == 50
    assert out.loc["R", "realisasi"] == 50
    assert np.isnan(out.loc["K", "realisasi"])  # nothing reported: NaN, not 0
    assert out.loc["K", "bulan_hilang"] == "Januari, Februari"


def test_rollup_to_each_month_matches_rollup_months():
    mm = ag.month_matrix(MON, IND)
    cum = ag.rollup_to_each_month(mm, 6)
    for m in range(1, 7):
        ru = ag.rollup_months(mm, range(1, m + 1))
        np.testing.assert_allclose(cum[:, m - 1], ru.realisasi, equal_nan=True)


def test_duplicates_rejected_and_unknown_rows_ignored():
    dup = pd.concat([MON, MON.iloc[[0]]])
    with pytest.raises(ValueError):
        ag.month_matrix(dup, IND)
    extra = pd.concat([MON, _monthly([("ZZ", 1, 1, NAN, NAN), ("K", 13, 1, NAN, NAN)])])
    mm = ag.month_matrix(extra, IND)
    assert np.nansum(mm.realisasi[0]) == 10 + 20 + 5 + 7


def test_categorical_and_multi_keys_positions():
    ind = pd.DataFrame({"opd": ["A", "A", "B"], "kode": ["k1", "k2", "k1"]})
    fr = pd.DataFrame({"opd": pd.Categorical(["B", "A", "C", "A"]),
                       "kode": pd.Categorical(["k1", "k2", "k1", "k9"])})
    assert ag.indicator_positions(ind, fr).tolist() == [2, 1, -1, -1]
    assert ag.indicator_positions(ind, fr.astype(object)).tolist() == [2, 1, -1, -1]


def test_bulan_hilang_text():
    assert ag.bulan_hilang_text([0, 0b110000, 1 | 1 << 11]).tolist() == [
        "", "Mei, Juni", "Januari, Desember"]


@settings(max_examples=60, deadline=None)
@given(vals=st.lists(st.one_of(st.none(), st.floats(0, 1000)), min_size=12, max_size=12))
def test_property_rollup_matches_pandas_definitions(vals):
    months = [m + 1 for m, v in enumerate(vals) if v is not None]
    rows = []
    for kode in ("K", "P", "R"):
        rows += [(kode, m + 1, v, NAN, NAN) for m, v in enumerate(vals) if v is not None]
    ind = _ind([("K", "kumulatif"), ("P", "posisi_akhir"), ("R", "rata_rata")])
    out = ag.rollup(_monthly(rows) if rows else _monthly([]), ind, range(1, 13)
                    ).set_index("kode")
    reported = [v for v in vals if v is not None]
    if not reported:
        assert out["realisasi"].isna().all()
        return
    assert out.loc["K", "realisasi"] == pytest.approx(sum(reported))
    assert out.loc["P", "realisasi"] == reported[-1]
    assert out.loc["R", "realisasi"] == pytest.approx(sum(reported) / len(reported))
    assert out.loc["K", "bulan_dilaporkan"] == len(months)


# --------------------------------------------------------------------------- RA targets

RA_IND = _ind([("F1", "kumulatif"), ("F2", "kumulatif"), ("L1", "posisi_akhir"),
               ("L2", "rasio"), ("N", "kumulatif")])
RA = pd.DataFrame(
    [("F1", "per_triwulan", q, t) for q, t in zip((1, 2, 3, 4), (100, 150, 150, 100), strict=True)]
    + [("F2", "kumulatif", q, t) for q, t in zip((1, 2, 3, 4), (100, 250, 400, 500), strict=True)]
    + [("L1", "kumulatif", q, t) for q, t in zip((1, 2, 3, 4), (20, 40, 60, 80), strict=True)]
    + [("L2", "per_triwulan", q, t) for q, t in zip((1, 2, 3, 4), (90, 90, 95, 95), strict=True)],
    columns=["kode", "jenis_target", "triwulan", "target_ra"],
).assign(opd="X")


def _targets(periode):
    rat = ag.ra_targets(RA, RA_IND, target_tahunan=[500, 500, 80, 95, 12])
    codes = ag.agregasi_codes(RA_IND["agregasi"])
    tp, tsd = ag.period_targets(rat, codes, periode)
    return dict(zip(RA_IND["kode"], zip(tp, tsd, strict=True), strict=True))


def test_ra_targets_triwulan():
    t = _targets(triwulan(2024, 2))
    # F1 per_triwulan: TW II alone = t2 = 150; s.d. = 100 + 150 = 250
    assert t["F1"] == (150, 250)
    # F2 kumulatif typed to date: TW II alone = 250 - 100 = 150; s.d. = 250
    assert t["F2"] == (150, 250)
    # L1 level: last quarter's target, both = 40
    assert t["L1"] == (40, 40)
    assert t["L2"] == (90, 90)
    # N has no RA: only spans ending in TW IV have a target (PK annual)
    assert np.isnan(t["N"][0]) and np.isnan(t["N"][1])
    t1 = _targets(triwulan(2024, 1))
    assert t1["F1"] == (100, 100) and t1["F2"] == (100, 100)
    t4 = _targets(triwulan(2024, 4))
    # F1 TW IV alone = 100; s.d. = 500. F2: 500 - 400 = 100; s.d. 500
    assert t4["F1"] == (100, 500) and t4["F2"] == (100, 500)
    assert np.isnan(t4["N"][0]) and t4["N"][1] == 12


def test_ra_targets_semester_and_year():
    s1 = _targets(semester(2024, 1))
    assert s1["F1"] == (250, 250)   # 100 + 150
    assert s1["F2"] == (250, 250)   # t2 - 0
    assert s1["L1"] == (40, 40)
    s2 = _targets(semester(2024, 2))
    assert s2["F1"] == (250, 500)   # 150 + 100 ; 500
    assert s2["F2"] == (250, 500)   # 500 - 250 ; 500
    assert s2["L1"] == (80, 80)
    assert s2["L2"] == (95, 95)
    y = _targets(tahunan(2024))
    assert y["F1"] == (500, 500) and y["F2"] == (500, 500) and y["L1"] == (80, 80)
    assert y["N"] == (12, 12)       # no RA -> PK annual target for the year


def test_ra_nan_quarter_is_not_zero():
    ra = RA[RA["kode"] == "F1"].copy()
    ra.loc[ra["triwulan"] == 2, "target_ra"] = NAN
    ind = RA_IND.iloc[[0]]
    rat = ag.ra_targets(ra, ind)
    codes = ag.agregasi_codes(ind["agregasi"])
    assert np.isnan(ag.targets_for_span(rat, codes, 1, 3)[0])
    assert np.isnan(ag.targets_for_span(rat, codes, 2, 2)[0])
    assert ag.targets_for_span(rat, codes, 1, 1)[0] == 100


def test_monthly_target_sd_steps_per_quarter():
    rat = ag.ra_targets(RA, RA_IND)
    steps = ag.monthly_target_sd(rat, ag.agregasi_codes(RA_IND["agregasi"]), 6)
    assert steps[0].tolist() == [100, 100, 100, 250, 250, 250]
    assert steps[2].tolist() == [20, 20, 20, 40, 40, 40]


def test_posisi_akhir_trend_carries_the_last_value_over_gap_months():
    # P: Jan 3, Feb 8, Mar blank, Apr 9, May 12, Jun no row. s.d. March is still February's
    # 8 (a gap is never 0, never NaN once a month was reported), s.d. June still May's 12.
    mm = ag.month_matrix(MON, IND)
    cum = ag.rollup_to_each_month(mm, 6)
    assert cum[1].tolist() == [3.0, 8.0, 8.0, 9.0, 12.0, 12.0]
    # a gap at the start: nothing reported yet -> NaN until the first report
    ind = _ind([("P", "posisi_akhir")])
    mon = _monthly([("P", 2, 4, NAN, NAN), ("P", 5, 7, NAN, NAN)])
    trend = ag.rollup_to_each_month(ag.month_matrix(mon, ind), 6)[0]
    assert np.isnan(trend[0])
    assert trend[1:].tolist() == [4.0, 4.0, 4.0, 7.0, 7.0]
