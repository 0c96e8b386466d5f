"""Year-end projection: the run rate of kumulatif indicators and the other rules by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kinerja_lib.domain import aggregation as ag
from kinerja_lib.domain import projection
from kinerja_lib.domain.periods import Periode

NAN = np.nan


def _mm(rows, agregasi):
    """rows: (kode, bulan, realisasi[, pembilang, penyebut]); agregasi: {kode: jenis}."""
    ind = pd.DataFrame({"opd": "X", "kode": list(agregasi), "agregasi": list(agregasi.values())})
    mon = pd.DataFrame([(*r, NAN, NAN)[:5] for r in rows],
                       columns=["kode", "bulan", "realisasi", "pembilang", "penyebut"]
                       ).assign(opd="X")
    return ag.month_matrix(mon, ind)


def test_kumulatif_run_rate_divides_by_reported_months():
    # Jan 10, Feb missing, Mar 20, Apr 30 -> 60 over 3 reported months = 20/month x 12 =
    # 240 (a missing month is extrapolated; dividing by the 4 elapsed months gives 180)
    mm = _mm([("K", 1, 10.0), ("K", 3, 20.0), ("K", 4, 30.0)], {"K": "kumulatif"})
    proj, dasar, metode = projection.project_year_end(mm, 4)
    assert proj[0] == pytest.approx(240.0)
    assert dasar[0] == 3
    assert projection.DASAR_PROYEKSI[metode[0]] == "laju rata-rata bulanan x 12"
    # only the months up to ``upto`` count: s.d. February only January is reported,
    # 10 x 12 = 120 (not 10 / 2 x 12 = 60)
    assert projection.project_year_end(mm, 2)[0][0] == pytest.approx(120.0)
    # nothing reported yet: no projection
    empty = _mm([("K", 5, 1.0)], {"K": "kumulatif"})
    assert np.isnan(projection.project_year_end(empty, 4)[0][0])


def test_run_rate_in_the_projection_table_and_risk_flag():
    # 3 reported months of 30 -> 360 vs 400 -> 90 % < 91 -> berisiko, short by 40
    mm = _mm([("K", 1, 30.0), ("K", 2, 30.0), ("K", 3, 30.0)], {"K": "kumulatif"})
    t = projection.proyeksi(mm, 3, [400.0], "positif", "A", 100.0, 91.0)
    row = t.iloc[0]
    assert row.proyeksi_akhir_tahun == pytest.approx(360.0)
    assert row.capaian_proyeksi == pytest.approx(90.0)
    assert row.berisiko and row.selisih_target == pytest.approx(40.0)
    assert row.bulan_dasar == 3


# --------------------------------------------------- one rule for a missing month (docs/domain.md)

FLOWS = [8.0, 12.0, 9.0, 11.0, 10.0, 10.0, 13.0, 5.0, 10.0]  # January-September


def _ra(kinds, targets):
    """RA frame: every indicator in ``kinds`` gets quarter targets ``targets`` (to date)."""
    ind = pd.DataFrame({"opd": "X", "kode": list(kinds), "agregasi": list(kinds.values())})
    ra = pd.DataFrame([(k, "kumulatif", q, t) for k in kinds for q, t in enumerate(targets, 1)],
                      columns=["kode", "jenis_target", "triwulan", "target_ra"]).assign(opd="X")
    return ag.ra_targets(ra, ind)


def _flow_and_level(flows, upto, missing=(), targets=(30.0, 60.0, 90.0, 120.0),
                    annual=120.0):
    """The same data typed twice: K the monthly flows (kumulatif), P their running total
    (posisi_akhir), with the same RA plan; the months in ``missing`` are not reported for
    either. Returns the projection table (row 0 = K, row 1 = P)."""
    kinds = {"K": "kumulatif", "P": "posisi_akhir"}
    level = np.cumsum(flows)
    rows = [("K", m, f) for m, f in enumerate(flows, 1) if m not in missing]
    rows += [("P", m, lv) for m, lv in enumerate(level, 1) if m not in missing]
    mm = _mm(rows, kinds)
    ra = _ra(kinds, targets)
    periode = Periode(2024, "triwulan", (upto - 1) // 3 + 1)
    target_sd = ag.period_targets(ra, mm.agregasi, periode)[1]
    return projection.proyeksi(mm, upto, [annual, annual], "positif", "A", 100.0, 91.0,
                               target_sd=target_sd, ra=ra)


def test_missing_last_month_same_projection_for_flow_and_level():
    # TW III, September missing. Kumulatif: 78 over 8 months x 12 = 117. Posisi akhir: the
    # August level 78 against the plan in August (60 + 2/3 x (90 - 60) = 80) x 120 = 117 --
    # not 78 x 120 / 90 = 104 (the September target for an August value: 86,67 %)
    t = _flow_and_level(FLOWS, 9, missing={9})
    assert list(t.proyeksi_akhir_tahun) == pytest.approx([117.0, 117.0])
    assert list(t.capaian_proyeksi) == pytest.approx([97.5, 97.5])
    assert list(t.bulan_dasar) == [8, 8]
    assert t.dasar_proyeksi[1] == projection.DASAR_PROYEKSI[5]
    # same data complete (September 10 reported): both 88 x 12 / 9 = 117,33
    full = _flow_and_level(FLOWS, 9)
    assert list(full.proyeksi_akhir_tahun) == pytest.approx([88 / 9 * 12] * 2)
    assert full.dasar_proyeksi[1] == projection.DASAR_PROYEKSI[1]
    # two last months missing (TW II: May and June): the April level against April's plan
    t2 = _flow_and_level(FLOWS[:6], 6, missing={5, 6})
    assert t2.proyeksi_akhir_tahun[0] == pytest.approx(40.0 / 4 * 12)
    assert t2.proyeksi_akhir_tahun[1] == pytest.approx(t2.proyeksi_akhir_tahun[0])


def test_missing_middle_month_costs_a_level_nothing():
    # May missing, June reported. The June level already holds May's amount; the flow's
    # May is estimated at the mean pace of the reported months. When May's true amount is
    # that pace, both agree: 50 / 5 x 12 = 120 and 60 x 120 / 60 = 120
    t = _flow_and_level([10.0] * 6, 6, missing={5})
    assert list(t.proyeksi_akhir_tahun) == pytest.approx([120.0, 120.0])
    assert t.dasar_proyeksi[1] == projection.DASAR_PROYEKSI[1]
    # May was actually 16: the level knows it (66 x 2 = 132), the flow cannot (120)
    t = _flow_and_level([10.0, 10.0, 10.0, 10.0, 16.0, 10.0], 6, missing={5})
    assert list(t.proyeksi_akhir_tahun) == pytest.approx([120.0, 132.0])


def test_level_with_a_flat_plan_or_without_plan_stays_where_it_is():
    # a level planned flat (80 every quarter), June missing: the May level is the projection
    kinds = {"P": "posisi_akhir"}
    mm = _mm([("P", m, 78.0) for m in range(1, 6)], kinds)
    ra = _ra(kinds, (80.0, 80.0, 80.0, 80.0))
    t = projection.proyeksi(mm, 6, [80.0], "positif", "A", 100.0, 91.0,
                            target_sd=[80.0], ra=ra)
    assert t.proyeksi_akhir_tahun[0] == pytest.approx(78.0)
    no_plan = projection.proyeksi(mm, 6, [80.0], "positif", "A", 100.0, 91.0)
    assert no_plan.proyeksi_akhir_tahun[0] == pytest.approx(78.0)
    assert no_plan.dasar_proyeksi[0] == "nilai terakhir"


def test_plan_at_month_joins_the_quarter_targets():
    tw = [[30.0, 60.0, 90.0, 120.0], [80.0, 80.0, 80.0, 80.0], [30.0, NAN, 90.0, 120.0],
          [45.0, NAN, NAN, NAN]]
    got = projection.plan_at_month(tw, [8, 5, 8, 2])
    assert got[:2] == pytest.approx([80.0, 80.0])
    assert np.isnan(got[2])  # needs the missing TW II target
    assert got[3] == pytest.approx(45.0)  # before TW I without TW II: flat
    lin = projection.plan_at_month([[30.0, 60.0, 90.0, 120.0]] * 5, [1, 3, 6, 11, 12])
    assert lin == pytest.approx([10.0, 30.0, 60.0, 110.0, 120.0])
