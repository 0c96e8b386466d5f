"""Formulas: capaian (positif, negatif A/B, cap, floor), predikat, serapan, efisiensi."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_lib.domain import formulas as f
from kinerja_lib.domain.settings import (
    PREDIKAT_LAMPU,
    PREDIKAT_PERMENDAGRI_86,
    PREDIKAT_SANGAT_BAIK,
)


def test_domain_example_negatif_a_and_b():
    # domain.md: T = 88,82, R = 135,15 -> A = (2*88.82 - 135.15)/88.82*100 = 42.49/88.82*100
    # = 47.838...; B = 88.82/135.15*100 = 65.719...
    out = f.capaian([135.15, 135.15], [88.82, 88.82], "negatif", pd.Series(["A", "B"]))
    assert round(out["capaian_mentah"][0], 2) == 47.84
    assert round(out["capaian_mentah"][1], 2) == 65.72
    assert out["dinilai"].all()
    assert out["alasan"].isna().all()


def test_positif_raw_and_capped():
    # R/T*100: 79.29/72.29*100 = 109.68 raw, capped 100 (Lima Puluh Kota 2020 style)
    out = f.capaian(pd.Series([79.29, 45.0]), pd.Series([72.29, 60.0]), "positif", None)
    assert out["capaian_mentah"][0] == pytest.approx(109.683, abs=1e-3)
    assert out["capaian"][0] == 100.0
    assert out["capaian"][1] == pytest.approx(75.0)  # 45/60*100
    out120 = f.capaian([79.29], [72.29], "positif", None, cap=120)
    assert out120["capaian"][0] == pytest.approx(109.683, abs=1e-3)


def test_negatif_a_floored_at_zero_when_r_above_2t():
    # A = (2*10 - 25)/10*100 = -50 raw, floored at 0
    out = f.capaian([25.0], [10.0], "negatif", "A")
    assert out["capaian_mentah"][0] == pytest.approx(-50.0)
    assert out["capaian"][0] == 0.0
    assert bool(out["dinilai"][0])


def test_metode_ignored_for_positif_and_blank_means_a():
    out = f.capaian([50.0, 50.0, 15.0], [100.0, 100.0, 10.0],
                    ["positif", "positif", "negatif"], ["B", None, None])
    assert out["capaian_mentah"].tolist()[:2] == [50.0, 50.0]
    assert out["capaian_mentah"][2] == pytest.approx(50.0)  # (20-15)/10*100


def test_not_assessable_reasons():
    out = f.capaian(
        [5.0, 5.0, np.nan, 0.0, 0.0, np.nan],
        [np.nan, 0.0, 5.0, 5.0, 5.0, 0.0],
        ["positif", "positif", "positif", "negatif", "negatif", "negatif"],
        [None, None, None, "B", "A", "B"],
    )
    assert out["alasan"].tolist() == [
        f.ALASAN_TARGET_KOSONG, f.ALASAN_TARGET_NOL, f.ALASAN_REALISASI_KOSONG,
        f.ALASAN_REALISASI_NOL_B, None, f.ALASAN_TARGET_NOL,
    ]
    assert out["dinilai"].tolist() == [False, False, False, False, True, False]
    # R = 0 under A is fine: (2*5 - 0)/5*100 = 200 raw, capped 100
    assert out["capaian_mentah"][4] == pytest.approx(200.0)
    assert out["capaian"][4] == 100.0
    assert out["capaian"].isna().tolist() == [True, True, True, True, False, True]


def test_keeps_series_index_and_categorical_inputs():
    idx = pd.Index([10, 20])
    pol = pd.Series(pd.Categorical(["negatif", "positif"]), index=idx)
    met = pd.Series(pd.Categorical(["B", None]), index=idx)
    out = f.capaian(pd.Series([20.0, 20.0], index=idx), pd.Series([10.0, 10.0], index=idx),
                    pol, met)
    assert list(out.index) == [10, 20]
    assert out["capaian_mentah"].tolist() == [50.0, 200.0]


finite = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(r=st.one_of(finite, st.just(float("nan"))), t=st.one_of(finite, st.just(float("nan"))),
       pol=st.sampled_from(["positif", "negatif"]), met=st.sampled_from(["A", "B"]),
       cap=st.sampled_from([100.0, 120.0]))
def test_property_capped_between_zero_and_cap(r, t, pol, met, cap):
    out = f.capaian([r], [t], pol, met, cap)
    c = out["capaian"][0]
    if out["dinilai"][0]:
        assert 0.0 <= c <= cap
        assert out["alasan"][0] is None
        raw = out["capaian_mentah"][0]
        assert c == min(max(raw, 0.0), cap)
    else:
        assert math.isnan(c)
        assert out["alasan"][0] in f.ALASAN


@settings(max_examples=100, deadline=None)
@given(t=st.floats(min_value=0.01, max_value=1e6), k=st.floats(min_value=0.0, max_value=3.0))
def test_property_negatif_a_plus_positif_is_200(t, k):
    # A = (2T - R)/T*100 = 200 - R/T*100, i.e. A + positif = 200 for the same R, T
    r = t * k
    a = f.capaian([r], [t], "negatif", "A")["capaian_mentah"][0]
    p = f.capaian([r], [t], "positif")["capaian_mentah"][0]
    assert a + p == pytest.approx(200.0, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("value,label", [
    (100.0, "Sangat Tinggi"), (150.0, "Sangat Tinggi"), (91.0, "Sangat Tinggi"),
    (90.99, "Tinggi"), (76.0, "Tinggi"), (75.99, "Sedang"), (66.0, "Sedang"),
    (65.99, "Rendah"), (51.0, "Rendah"), (50.99, "Sangat Rendah"), (50.0, "Sangat Rendah"),
    (0.0, "Sangat Rendah"), (float("nan"), "Tidak dapat dinilai"),
    (90.999, "Sangat Tinggi"),  # printed as 91,00 -> rated as printed
    (0.91 * 100, "Sangat Tinggi"),
])
def test_predikat_boundaries(value, label):
    assert f.predikat([value])[0] == label


def test_predikat_other_scales_and_categories():
    s = f.predikat([91, 90.99, np.nan], PREDIKAT_SANGAT_BAIK)
    assert s.tolist() == ["Sangat Baik", "Baik", "Tidak dapat dinilai"]
    lamp = f.predikat([90.0, 90.01, 69.99, 70.0], PREDIKAT_LAMPU)
    assert lamp.tolist() == ["Kuning", "Hijau", "Merah", "Kuning"]
    assert list(s.cat.categories)[-1] == f.TIDAK_DAPAT_DINILAI
    # a scale whose lowest bound is finite: below it -> lowest label
    six = ((85.0, "Memuaskan"), (30.0, "Cukup"), (0.0, "Kurang"))
    assert f.predikat([-5.0, 30.0, 84.99], six).tolist() == ["Kurang", "Cukup", "Cukup"]
    with pytest.raises(ValueError):
        f.predikat([1.0], ((0.0, "a"), (10.0, "b")))


@settings(max_examples=100, deadline=None)
@given(v=st.floats(min_value=-10, max_value=300, allow_nan=False))
def test_property_predikat_monotone(v):
    order = [lab for _, lab in PREDIKAT_PERMENDAGRI_86]
    a, b = f.predikat([v, v + 1.0])
    assert order.index(b) <= order.index(a)


def test_serapan():
    # 3.452.723.215 / 3.521.689.000 * 100 = 98,04 (Jawa Tengah 2016 example)
    s = f.serapan([3_452_723_215.0, 10.0, np.nan], [3_521_689_000.0, 0.0, 100.0])
    assert round(s[0], 2) == 98.04
    assert math.isnan(s[1]) and math.isnan(s[2])


@pytest.mark.parametrize("cap,ser,label", [
    (100.0, 94.99, "efisien"),        # 5.01 > 5
    (100.0, 95.0, "cukup efisien"),   # 5 is within +/-5
    (90.0, 95.0, "cukup efisien"),    # -5
    (89.99, 95.0, "tidak efisien"),   # -5.01
    (np.nan, 95.0, "tidak dapat dinilai"),
    (80.0, np.nan, "tidak dapat dinilai"),  # pagu 0 -> serapan NaN
])
def test_efisiensi(cap, ser, label):
    assert f.efisiensi([cap], [ser], 5.0)[0] == label


def test_efisiensi_threshold_is_a_parameter():
    assert f.efisiensi([100.0], [92.0], 10.0)[0] == "cukup efisien"
    assert f.efisiensi([100.0], [92.0], 5.0)[0] == "efisien"


@pytest.mark.parametrize("cap,ser,label", [
    # exactly +/- ambang once rounded to DESIMAL, although the float difference is not:
    # 64.01 - 59.01 = 5.000000000000007 and 59.01 - 64.01 = -5.000000000000007
    (64.01, 59.01, "cukup efisien"),
    (59.01, 64.01, "cukup efisien"),
    (64.02, 59.02, "cukup efisien"),   # 4.999999999999993
    (64.02, 59.01, "efisien"),         # 5.01
    (59.01, 64.02, "tidak efisien"),   # -5.01
])
def test_efisiensi_boundary_is_inclusive_at_the_printed_precision(cap, ser, label):
    assert f.efisiensi([cap], [ser], 5.0)[0] == label
    # the same boundary for another ambang: move capaian 5 points further from serapan
    wider = cap + 5.0 if cap > ser else cap - 5.0
    assert f.efisiensi([wider], [ser], 10.0)[0] == label
