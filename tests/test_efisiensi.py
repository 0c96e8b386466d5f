"""Efisiensi compares capaian and serapan over the same span (docs/domain.md "Budget").

Worked example from the sample office (Dinas Perpustakaan dan Kearsipan, 2024, s.d. Triwulan
II): kegiatan 2.23.01.2.02 *Administrasi Keuangan Perangkat Daerah* has one indicator, IK-26
*Persentase realisasi anggaran* (posisi akhir, %), with RA targets 15 / 37,05 / 65 / 95 and
the annual PK target 95; its June value is 35,95. The pagu is Rp690.700.000 and
Rp251.509.000 was spent January to June.

* serapan s.d. TW II = 251.509.000 / 690.700.000 = 36,41 % (against the ANNUAL pagu);
* capaian s.d. TW II against the TW II target: 35,95 / 37,05 = 97,03 % — the old comparison,
  97,03 - 36,41 = +60,62 → "efisien", whatever the spending;
* capaian against the ANNUAL target: 35,95 / 95 = 37,84 %; 37,84 - 36,41 = +1,43 →
  "cukup efisien" (within ±5 points), the rule now.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kinerja_lib.domain import contract as c
from kinerja_lib.domain import engine
from kinerja_lib.domain.model import YearData, empty_frame
from kinerja_lib.domain.periods import tahunan, triwulan
from kinerja_lib.domain.settings import Settings

KEG = "2.23.01.2.02"
PAGU = 690_700_000.0
#: monthly spending Jan..Jun (sums to 251.509.000 by June), then 60.000.000 a month
SPENT = [30_000_000.0, 40_000_000.0, 45_000_000.0, 46_000_000.0, 45_509_000.0,
         45_000_000.0] + [60_000_000.0] * 6
#: IK-26 monthly level (posisi akhir): June 35,95
IK26 = [5.0, 10.0, 15.0, 22.0, 29.0, 35.95, 45.0, 52.0, 60.0, 70.0, 82.0, 95.0]


def _frame(columns, rows):
    df = pd.DataFrame(rows)
    for col in columns:
        if col not in df.columns:
            df[col] = None
    return df[list(columns)]


def _data() -> YearData:
    pk = _frame(c.PK_COLUMNS, [{
        "opd": "X", "tahun": 2024, "kode": "IK-26", "kode_sasaran": "SS-1", "sasaran": "S",
        "indikator": "Persentase realisasi anggaran", "satuan": "%", "unit": "SEKRE",
        "polaritas": "positif", "agregasi": "posisi_akhir", "target_tahunan": 95.0,
        "kode_kegiatan": KEG, "iku": "Ya", "baseline": np.nan, "target_renstra": np.nan,
        "tahun_renstra": np.nan, "sumber_file": "pk.xlsx", "sumber_sheet": "PK",
        "sumber_baris": 2}])
    ra = _frame(c.RA_COLUMNS, [{"opd": "X", "tahun": 2024, "kode": "IK-26",
                                "jenis_target": "kumulatif", "triwulan": q, "target_ra": t,
                                "sumber_file": "pk.xlsx", "sumber_sheet": "RA",
                                "sumber_baris": 2}
                               for q, t in zip((1, 2, 3, 4), (15.0, 37.05, 65.0, 95.0),
                                               strict=True)])
    ra["triwulan"] = ra["triwulan"].astype("int64")
    real = _frame(c.REALISASI_COLUMNS, [
        {"opd": "X", "tahun": 2024, "bulan": m, "unit": "SEKRE", "kode": "IK-26",
         "realisasi": v, "pembilang": np.nan, "penyebut": np.nan,
         "tanggal_kirim": pd.Timestamp(2024, m, 28), "sumber_file": f"SEKRE_{m}.xlsx",
         "sumber_sheet": "Realisasi", "sumber_baris": 2} for m, v in enumerate(IK26, 1)])
    real[["bulan", "tahun"]] = real[["bulan", "tahun"]].astype("int64")
    ang = _frame(c.ANGGARAN_COLUMNS, [{"opd": "X", "tahun": 2024, "kode_kegiatan": KEG,
                                       "program": "P", "unit": "SEKRE", "pagu": PAGU,
                                       "kegiatan": "Administrasi Keuangan Perangkat Daerah"}])
    ra_ = _frame(c.REALISASI_ANGGARAN_COLUMNS, [
        {"opd": "X", "tahun": 2024, "bulan": m, "unit": "SEKRE", "kode_kegiatan": KEG,
         "realisasi_anggaran": v} for m, v in enumerate(SPENT, 1)])
    ra_["bulan"] = ra_["bulan"].astype("int64")
    return YearData(tahun=2024, pk=pk, ra=ra, anggaran=ang, realisasi=real,
                    realisasi_anggaran=ra_, pengiriman=empty_frame(c.PENGIRIMAN_COLUMNS),
                    kualitas=empty_frame(c.KUALITAS_COLUMNS),
                    karantina=empty_frame(c.KARANTINA_COLUMNS),
                    sumber=empty_frame(("file", "sha256", "ukuran")))


def test_quarterly_efficiency_uses_the_annual_target_like_the_annual_pagu():
    t = engine.compute_period(_data(), triwulan(2024, 2), Settings())
    cap = t["capaian"].set_index("kode").loc["IK-26"]
    # the period's own target would give 97,03 % ...
    assert cap.capaian_sd == pytest.approx(35.95 / 37.05 * 100)
    k = t["anggaran"].set_index("kode_kegiatan").loc[KEG]
    assert k.realisasi_anggaran_sd == 251_509_000.0
    assert round(k.serapan_sd, 2) == 36.41
    # ... but the pagu is annual, so the capaian is against the annual target: 37,84 %
    assert round(k.capaian_rata, 2) == 37.84
    assert round(k.selisih, 2) == 1.43
    assert k.efisiensi == "cukup efisien"


def test_annual_efficiency_is_unchanged():
    t = engine.compute_period(_data(), tahunan(2024), Settings())
    cap = t["capaian"].set_index("kode").loc["IK-26"]
    k = t["anggaran"].set_index("kode_kegiatan").loc[KEG]
    # for the year the span-to-date target IS the annual target: both readings agree
    assert cap.capaian_sd == pytest.approx(cap.capaian_tahunan) == pytest.approx(100.0)
    assert k.capaian_rata == pytest.approx(100.0)
    assert k.serapan_sd == pytest.approx(sum(SPENT) / PAGU * 100)  # 90,4 %
    assert k.efisiensi == "efisien"
