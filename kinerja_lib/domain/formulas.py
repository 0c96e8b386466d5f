"""Performance formulas: capaian, predikat, serapan and efisiensi (vectorised).

Every function works on whole columns (NumPy/pandas, no per-row Python loops) so the engine
can apply it to any number of indicators at once. Sources are cited per function; the shared
summary is ``docs/domain.md``.

Conventions
-----------
* Percentages are plain numbers (``85.5`` means 85,5 %).
* A value that cannot be assessed is ``NaN`` with ``dinilai == False`` and a reason in
  Bahasa Indonesia in ``alasan``; it is never silently turned into 0 or 100.
* Rating and efficiency thresholds compare values rounded to :data:`DESIMAL` decimals, the
  precision printed in reports, so a capaian printed as ``91,00`` is never rated below 91
  because of floating-point noise (e.g. ``0.57 * 100 == 56.99999999999999``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kinerja_lib.domain.settings import PREDIKAT_PERMENDAGRI_86

DESIMAL = 2
"""Decimals used when comparing with rating/efficiency thresholds (as printed)."""

TIDAK_DAPAT_DINILAI = "Tidak dapat dinilai"
"""Predikat label of a capaian that cannot be assessed."""

ALASAN_TARGET_KOSONG = "Target tidak tersedia"
ALASAN_TARGET_NOL = "Target bernilai 0 sehingga capaian tidak dapat dihitung"
ALASAN_REALISASI_KOSONG = "Realisasi belum dilaporkan"
ALASAN_REALISASI_NOL_B = (
    "Realisasi 0 pada indikator negatif metode B (T/R) sehingga capaian tidak dapat dihitung"
)
ALASAN = (ALASAN_TARGET_KOSONG, ALASAN_TARGET_NOL, ALASAN_REALISASI_KOSONG,
          ALASAN_REALISASI_NOL_B)
"""Reasons for *tidak dapat dinilai*, in priority order (the first that applies is given)."""

ALASAN_PENYEBUT_NOL = "Jumlah penyebut rasio bernilai 0 sehingga capaian tidak dapat dihitung"
"""Reason for a rasio indicator whose months are reported but whose summed penyebut is 0."""


def alasan_penyebut_nol(alasan, penyebut_nol) -> np.ndarray:
    """Replace "no realisation" by :data:`ALASAN_PENYEBUT_NOL` where ``penyebut_nol``.

    :func:`capaian` only sees a NaN realisation; for a rasio indicator whose months *were*
    reported with a zero penyebut the true reason is the zero denominator, not a missing
    report. Other reasons (e.g. no target) are kept.
    """
    a = np.asarray(alasan, dtype=object)
    hit = np.asarray(penyebut_nol, dtype=bool) & (a == ALASAN_REALISASI_KOSONG)
    if not hit.any():
        return a
    a = a.copy()
    a[hit] = ALASAN_PENYEBUT_NOL
    return a


ALASAN_TARGET_TAHUNAN_NOL = (
    "Target tahunan Perjanjian Kinerja bernilai 0 (target 0 tidak dapat dinilai)"
)
"""Reason for every capaian of an indicator whose PK annual target is 0."""


def target_tahunan_nol(cp: pd.DataFrame, target_tahunan) -> pd.DataFrame:
    """Make a :func:`capaian` frame unassessable where the PK annual target is 0.

    A quarter's or the to-date capaian is measured against the Rencana Aksi target, which
    may be positive while the PK annual target is 0 (a data error that ingest reports as
    ``target_nol``). The headline predikat would then read e.g. "Sangat Tinggi" next to an
    annual capaian that cannot be computed and no reason. An indicator whose annual target
    is 0 is not assessed at all: where :func:`capaian` did assess it, capaian becomes NaN,
    ``dinilai`` False and the reason :data:`ALASAN_TARGET_TAHUNAN_NOL` (so its predikat is
    "Tidak dapat dinilai"). Rows already not assessed keep their reason (e.g. the target of
    the span is 0 too: :data:`ALASAN_TARGET_NOL`); other rows are returned unchanged.
    """
    hit = (_as_float(target_tahunan) == 0) & cp["dinilai"].to_numpy(dtype=bool)
    if not hit.any():
        return cp
    out = cp.copy()
    out.loc[hit, ["capaian_mentah", "capaian"]] = np.nan
    out.loc[hit, "dinilai"] = False
    alasan = out["alasan"].to_numpy(dtype=object).copy()
    alasan[hit] = ALASAN_TARGET_TAHUNAN_NOL
    out["alasan"] = alasan
    return out


EFISIEN = "efisien"
CUKUP_EFISIEN = "cukup efisien"
TIDAK_EFISIEN = "tidak efisien"
EFISIENSI_TIDAK_DINILAI = "tidak dapat dinilai"
EFISIENSI_LABELS = (EFISIEN, CUKUP_EFISIEN, TIDAK_EFISIEN, EFISIENSI_TIDAK_DINILAI)


def _as_float(values) -> np.ndarray:
    return np.asarray(values, dtype="float64")


def _index_of(*candidates):
    for c in candidates:
        if isinstance(c, (pd.Series, pd.DataFrame)):
            return c.index
    return None


def _flag(values, code: str, n: int) -> np.ndarray:
    """Boolean array: ``values == code`` for a scalar or a column (object or categorical)."""
    if isinstance(values, pd.Series):
        return (values == code).fillna(False).to_numpy(dtype=bool)
    if values is None or np.isscalar(values):
        return np.full(n, values == code, dtype=bool)
    arr = np.asarray(values, dtype=object)
    return arr == code


def capaian(realisasi, target, polaritas="positif", metode="A", cap: float = 100.0
            ) -> pd.DataFrame:
    """Capaian (achievement, %) of realisation against target, raw and capped.

    Parameters
    ----------
    realisasi, target : array-like of float
        Realisation and target (same length). NaN = no value.
    polaritas : str or array-like of str
        ``"positif"`` (higher is better) or ``"negatif"`` (lower is better).
    metode : str or array-like of str
        Variant for negatif indicators: ``"A"`` or ``"B"``. Anything other than ``"B"`` is
        read as A (the engine fills blanks with ``settings.metode_negatif_default`` first).
        Ignored for positif indicators.
    cap : float
        Upper limit of the capped capaian (``settings.batas_capaian``, default 100).

    Returns
    -------
    DataFrame
        Columns ``capaian_mentah`` (raw %), ``capaian`` (raw clipped to ``[0, cap]``),
        ``dinilai`` (bool) and ``alasan`` (None, or why it cannot be assessed). Index of the
        first Series argument, else a RangeIndex.

    Notes
    -----
    Formulas (see ``docs/domain.md``):

    * positif: ``R / T x 100`` -- universal (LKjIP Kabupaten Maluku Tengah 2021, p. 94).
    * negatif, method A: ``(2T - R) / T x 100``, written in LKjIPs as
      "(rencana - (realisasi - rencana)) / rencana" (LKjIP Kabupaten Maluku Tengah 2021; open
      e-SAKIP application of Kabupaten Banjarnegara). It goes below 0 when ``R > 2T``; the
      capped value is floored at 0.
    * negatif, method B: ``T / R x 100`` (other e-SAKIP applications).
    * Example: T = 88,82, R = 135,15 gives A = 47,84 and B = 65,72.
    * Cap: published LKjIP tables cap at 100 (Dispersip Kabupaten Lima Puluh Kota 2020:
      target 72,29, realisasi 79,29 printed as 100); some quarterly worksheets cap at 120, so
      the cap is a setting. The floor at 0 keeps method A meaningful when ``R > 2T``.

    Not assessable (``dinilai`` False, capaian NaN), first matching reason wins: no target;
    target 0 (no standard exists: applications return nothing, 100 or "not assessed", we
    choose "not assessed"); no realisation; ``R = 0`` under method B (division by zero).
    """
    idx = _index_of(realisasi, target, polaritas, metode)
    r = _as_float(realisasi)
    t = _as_float(target)
    if r.shape != t.shape:
        raise ValueError("realisasi dan target harus sama panjang")
    n = r.shape[0]
    neg = _flag(polaritas, "negatif", n)
    met_b = neg & _flag(metode, "B", n)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        raw = np.where(
            neg,
            np.where(met_b, t / r * 100.0, (2.0 * t - r) / t * 100.0),
            r / t * 100.0,
        )
    conds = [np.isnan(t), t == 0, np.isnan(r), met_b & (r == 0)]
    code = np.select(conds, [1, 2, 3, 4], 0)
    dinilai = code == 0
    raw = np.where(dinilai, raw, np.nan)
    capped = np.minimum(np.maximum(raw, 0.0), float(cap))  # NaN propagates
    reasons = np.array((None, *ALASAN), dtype=object)
    return pd.DataFrame(
        {"capaian_mentah": raw, "capaian": capped, "dinilai": dinilai, "alasan": reasons[code]},
        index=idx,
    )


def predikat(values, scale=PREDIKAT_PERMENDAGRI_86, desimal: int = DESIMAL) -> pd.Series:
    """Rating band (predikat) of capaian values by lower bounds.

    Parameters
    ----------
    values : array-like of float
        Capaian in %; NaN gives ``"Tidak dapat dinilai"``.
    scale : sequence of (float, str)
        ``(lower bound, label)`` from the top band down (``settings.predikat_scale``). A value
        below the lowest bound gets the lowest label.
    desimal : int
        Values are rounded to this many decimals before comparing (as printed).

    Returns
    -------
    Series (categorical)
        Categories: the scale's labels from the top, then ``"Tidak dapat dinilai"``.

    Notes
    -----
    Permendagri 86/2017 scale as used in LKjIPs: 91-100 Sangat Tinggi, 76-90 Tinggi,
    66-75 Sedang, 51-65 Rendah, <= 50 Sangat Rendah. The published bands leave gaps
    (90-91, ...), so bands are implemented by lower bounds only (>= 91, >= 76, >= 66, >= 51)
    and values above 100 fall in the top band (``docs/domain.md``). Other scales
    (Sangat Baik ... Sangat Kurang, traffic lights) are in ``settings.PREDIKAT_SCALES``.
    """
    idx = _index_of(values)
    v = np.round(_as_float(values), desimal)
    bounds = np.array([b for b, _ in scale], dtype="float64")
    labels = [lab for _, lab in scale]
    if np.any(np.diff(bounds) >= 0):
        raise ValueError("skala predikat harus berurutan dari batas bawah tertinggi")
    ascending = bounds[::-1]
    pos = np.searchsorted(ascending, v, side="right") - 1  # band from the bottom
    pos = np.clip(pos, 0, len(labels) - 1)
    codes = (len(labels) - 1 - pos).astype("int8" if len(labels) < 120 else "int32")
    codes[np.isnan(v)] = len(labels)
    cat = pd.Categorical.from_codes(codes, categories=[*labels, TIDAK_DAPAT_DINILAI])
    return pd.Series(cat, index=idx, name="predikat")


def serapan(realisasi, pagu) -> pd.Series:
    """Budget absorption (serapan, %) = realisasi anggaran / pagu x 100.

    Parameters
    ----------
    realisasi, pagu : array-like of float
        Spending and budget ceiling in rupiah.

    Returns
    -------
    Series of float
        NaN where the pagu is 0, missing or negative (no percentage, ``domain.md`` "Budget"),
        or where no spending was reported.

    Notes
    -----
    Standard definition; published example: Kantor Perpustakaan dan Arsip Provinsi Jawa
    Tengah 2016, anggaran 3.521.689.000, realisasi 3.452.723.215, serapan 98,04 %.
    """
    idx = _index_of(realisasi, pagu)
    r = _as_float(realisasi)
    p = _as_float(pagu)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(p > 0, r / p * 100.0, np.nan)
    return pd.Series(out, index=idx, name="serapan")


def efisiensi(capaian_values, serapan_values, ambang: float = 5.0,
              desimal: int = DESIMAL) -> pd.Series:
    """Efficiency class from capaian (%) minus serapan (%).

    Parameters
    ----------
    capaian_values, serapan_values : array-like of float
        Mean capaian of the kegiatan's indicators and its budget absorption.
    ambang : float
        Threshold (``settings.ambang_efisiensi``, default 5 percentage points).
    desimal : int
        The difference is rounded to this many decimals before comparing.

    Returns
    -------
    Series of str
        ``"efisien"`` when capaian - serapan > ambang; ``"cukup efisien"`` when within
        +/- ambang (inclusive); ``"tidak efisien"`` when below -ambang; ``"tidak dapat
        dinilai"`` when either value is NaN (e.g. pagu 0, no assessable indicator).

    Notes
    -----
    Rule of an open e-SAKIP application (``domain.md`` "Budget"): capaian - serapan > 5 is
    efisien, within +/- 5 cukup efisien, otherwise tidak efisien; no percentage for pagu 0.
    """
    idx = _index_of(capaian_values, serapan_values)
    d = np.round(_as_float(capaian_values) - _as_float(serapan_values), desimal)
    code = np.select(
        [np.isnan(d), d > ambang, d >= -ambang], [3, 0, 1], 2
    )
    return pd.Series(np.array(EFISIENSI_LABELS, dtype=object)[code], index=idx,
                     name="efisiensi")


def selisih_efisiensi(capaian_values, serapan_values) -> pd.Series:
    """capaian - serapan in percentage points (NaN when either is NaN)."""
    idx = _index_of(capaian_values, serapan_values)
    return pd.Series(_as_float(capaian_values) - _as_float(serapan_values), index=idx,
                     name="selisih")
