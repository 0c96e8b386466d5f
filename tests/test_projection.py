"""Year-end projection: the run rate of kumulatif indicators and the other rules by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kinerja_lib.domain import aggregation as ag
from kinerja_lib.domain import projection

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
