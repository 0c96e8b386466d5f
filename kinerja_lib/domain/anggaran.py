"""Budget per kegiatan for a period: pagu, spending, serapan and efisiensi (engine table
``anggaran``), and the office-wide serapan read from that table. Formulas: docs/domain.md."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kinerja_lib.domain import formulas
from kinerja_lib.domain.aggregation import bulan_hilang_text, indicator_positions
from kinerja_lib.domain.model import YearData
from kinerja_lib.domain.model import text_column as _text
from kinerja_lib.domain.periods import Periode
from kinerja_lib.domain.settings import Settings


def anggaran_table(data: YearData, cap: pd.DataFrame, periode: Periode, settings: Settings,
                    meta: dict) -> pd.DataFrame:
    cols = ["opd", *meta, "kode_kegiatan", "program", "kegiatan", "unit", "pagu",
            "realisasi_anggaran_periode", "realisasi_anggaran_sd", "serapan_sd",
            "capaian_rata", "selisih", "efisiensi", "jumlah_indikator", "bulan_dilaporkan",
            "bulan_hilang"]
    ang = data.anggaran
    if ang is None or ang.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    ang = ang.copy()
    for col in ("opd", "program", "kegiatan", "unit"):
        if col not in ang.columns:
            ang[col] = None
    ang["pagu"] = pd.to_numeric(ang["pagu"], errors="coerce").astype("float64")
    ang = ang.drop_duplicates(["opd", "kode_kegiatan"], keep="first")
    ang = ang.sort_values(["kode_kegiatan", "unit", "opd"], kind="stable").reset_index(
        drop=True)
    keys = ["opd", "kode_kegiatan"]
    n = len(ang)
    ra_ = data.realisasi_anggaran
    spent = np.full((n, 12), np.nan)
    if ra_ is not None and not ra_.empty:
        r = ra_
        if "tahun" in r.columns:
            r = r[pd.to_numeric(r["tahun"], errors="coerce") == data.tahun]
        pos = indicator_positions(ang, r, keys)
        b = pd.to_numeric(r["bulan"], errors="coerce").to_numpy(dtype="float64")
        v = pd.to_numeric(r["realisasi_anggaran"], errors="coerce").to_numpy(dtype="float64")
        ok = (pos >= 0) & (b >= 1) & (b <= 12) & ~np.isnan(v)
        flat = pos[ok] * 12 + b[ok].astype(np.int64) - 1
        sums = np.bincount(flat, weights=v[ok], minlength=n * 12)
        counts = np.bincount(flat, minlength=n * 12)
        spent = np.where(counts > 0, sums, np.nan).reshape(n, 12)

    def span(months):
        c = np.asarray(months) - 1
        block = spent[:, c]
        rep = ~np.isnan(block)
        total = np.where(rep.any(axis=1), np.nansum(block, axis=1), np.nan)
        return total, rep

    per, _ = span(periode.months)
    sd, rep_sd = span(periode.months_to_date)
    serap = formulas.serapan(sd, ang["pagu"].to_numpy()).to_numpy()
    # same span on both sides: the pagu is annual (there is no quarterly budget plan), so the
    # capaian is the realisation to date against the ANNUAL target (``capaian_tahunan``), the
    # mean over the assessable indicators linked by kode_kegiatan (docs/domain.md "Budget")
    linked = cap[cap["dinilai"] & cap["kode_kegiatan"].notna()]
    mean = linked.groupby(["opd", "kode_kegiatan"], sort=False)["capaian_tahunan"].agg(
        ["mean", "size"])
    idx = pd.MultiIndex.from_frame(ang[keys])
    m = mean.reindex(idx)
    cap_rata = m["mean"].to_numpy(dtype="float64")
    weights = np.left_shift(1, np.asarray(periode.months_to_date) - 1).astype(np.int64)
    out = pd.DataFrame({
        "opd": _text(ang["opd"]),
        **{k: [v] * n for k, v in meta.items()},
        "kode_kegiatan": _text(ang["kode_kegiatan"]),
        "program": _text(ang["program"]),
        "kegiatan": _text(ang["kegiatan"]),
        "unit": _text(ang["unit"]),
        "pagu": ang["pagu"].to_numpy(),
        "realisasi_anggaran_periode": per,
        "realisasi_anggaran_sd": sd,
        "serapan_sd": serap,
        "capaian_rata": cap_rata,
        "selisih": formulas.selisih_efisiensi(cap_rata, serap).to_numpy(),
        "efisiensi": formulas.efisiensi(cap_rata, serap, settings.ambang_efisiensi
                                        ).to_numpy(dtype=object),
        "jumlah_indikator": m["size"].fillna(0).to_numpy(dtype=np.int64),
        "bulan_dilaporkan": rep_sd.sum(axis=1).astype(np.int64),
        "bulan_hilang": bulan_hilang_text(((~rep_sd) * weights).sum(axis=1)),
    }, columns=cols)
    out["tahun"] = out["tahun"].astype(np.int64)
    return out


@dataclass(frozen=True)
class SerapanOPD:
    """Office-wide budget: total pagu, total spending to date and serapan (%)."""

    pagu: float
    realisasi: float
    serapan: float


def serapan_opd(anggaran: pd.DataFrame) -> SerapanOPD:
    """Office-wide serapan from the engine ``anggaran`` table (every kegiatan of the period).

    ``pagu`` is the sum of the kegiatan's pagu; ``realisasi`` the sum of their
    ``realisasi_anggaran_sd`` (NaN when no kegiatan reported spending: missing is never 0);
    ``serapan`` is :func:`formulas.serapan` of the two, so it is NaN when the total pagu is
    0, negative or missing, or when no spending was reported.
    """
    pagu = float(pd.to_numeric(anggaran["pagu"], errors="coerce").sum())
    real = float(pd.to_numeric(anggaran["realisasi_anggaran_sd"], errors="coerce"
                               ).sum(min_count=1))
    return SerapanOPD(pagu=pagu, realisasi=real,
                      serapan=float(formulas.serapan([real], [pagu]).iloc[0]))
