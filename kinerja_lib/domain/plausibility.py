"""Plausibility rules in the manner of DHIS2's data-quality tools (pure, no files).

Ingest (:mod:`kinerja_lib.io.ingest_pk`, :mod:`kinerja_lib.io.ingest_monthly`) calls these
functions and turns their findings into rows of the data-quality table with Indonesian
messages naming file, sheet and cell. The rules and their parameters are summarised in
``docs/domain.md`` ("Plausibility checks").

* Rencana Aksi consistency (:func:`ra_menurun`, :func:`ra_vs_tahunan`): a target to date of a
  flow indicator never decreases; the quarters add up to (or end at) the annual PK target.
* Monthly outliers (:func:`pencilan_bulanan`): a month far outside the same unit's other
  months for the same indicator, by the median and the median absolute deviation (MAD).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

TOLERANSI_TARGET = 0.005
"""Relative tolerance (0,5 %) between the Rencana Aksi and the annual PK target."""

K_PENCILAN = 5.0
"""A month is an outlier when ``|x - median| > K_PENCILAN x skala`` (see
:func:`pencilan_bulanan`). 5 robust standard deviations: with the scaled MAD this is wider
than the Iglewicz-Hoaglin modified z-score cut-off of 3,5, because a monthly series of one
unit is short and lumpy (activities happen in some months only)."""

SKALA_MAD = 1.4826
"""MAD x 1,4826 estimates the standard deviation of normally distributed values."""

MIN_BULAN_LAIN = 4
"""Months (or month-on-month changes) besides the one tested needed to judge it."""

LANTAI_ALIRAN = 0.5
"""Floor of the scale for flows and averages, as a fraction of the typical non-zero value of
the other months: a month is never flagged for being less than ``K_PENCILAN x 0,5`` = 2,5
typical months away from the median (a busy month is not an error; a value typed 10 times
too large is)."""

LANTAI_TINGKAT = 0.1
"""Floor of the scale for month-on-month changes of a level (posisi akhir), as a fraction of
the typical level: a change is never flagged below ``K_PENCILAN x 0,1`` = half the level."""

PENCILAN_COLUMNS = (
    "baris", "dasar", "bulan", "nilai", "median", "bawah", "atas", "bulan_sebelum",
    "nilai_sebelum", "nilai_bawah", "nilai_atas",
)
"""Columns of :func:`pencilan_bulanan`: ``baris`` is the input row label; ``dasar`` is
``"nilai"`` (the month's value was compared) or ``"perubahan"`` (its change from the previous
reported month, ``bulan_sebelum`` / ``nilai_sebelum``); ``nilai``, ``median``, ``bawah``,
``atas`` are in the compared quantity; ``nilai_bawah`` / ``nilai_atas`` is the expected range
of the month's value itself (never below 0)."""


# --------------------------------------------------------------------------- Rencana Aksi


def ra_menurun(jenis_target: str | None, agregasi: str | None, targets) -> list[int]:
    """Quarters (2-4) whose cumulative RA target is below the previous quarter's.

    Only for ``jenis_target == "kumulatif"`` on a ``kumulatif`` (flow) indicator: the target
    of a quarter alone is then ``t_q - t_(q-1)``, which a decrease makes negative. For levels,
    averages and ratios a target to date may fall (a negatif indicator's level), so nothing
    is returned. Missing (NaN) quarters are skipped.
    """
    if jenis_target != "kumulatif" or agregasi != "kumulatif":
        return []
    t = [float(x) if x is not None else math.nan for x in targets]
    return [q + 1 for q in range(1, len(t))
            if not math.isnan(t[q]) and not math.isnan(t[q - 1]) and t[q] < t[q - 1]]


def ra_vs_tahunan(jenis_target: str | None, agregasi: str | None, targets,
                  target_tahunan, toleransi: float = TOLERANSI_TARGET
                  ) -> tuple[str, float] | None:
    """How the Rencana Aksi disagrees with the annual PK target, or None.

    Returns
    -------
    (str, float) or None
        ``("jumlah", sum of TW I-IV)`` for a ``per_triwulan`` flow (kumulatif) indicator whose
        quarters do not add up to the annual target; ``("tw4", TW IV target)`` for a
        ``kumulatif`` (to-date) flow or for any ``posisi_akhir`` indicator whose TW IV target
        is not the annual target. Equal means within ``toleransi`` x |target_tahunan| (and
        0,000001 in absolute terms). None when it agrees, when a value is missing, or for
        ``rata_rata`` / ``rasio`` indicators (a quarter's level is not tied to the year's).
    """
    t = np.asarray([np.nan if x is None else x for x in targets], dtype="float64")
    tt = math.nan if target_tahunan is None else float(target_tahunan)
    if len(t) != 4 or math.isnan(tt):
        return None
    if agregasi == "kumulatif" and jenis_target == "per_triwulan":
        what, got = "jumlah", float(t.sum())
    elif (agregasi == "kumulatif" and jenis_target == "kumulatif") or agregasi == "posisi_akhir":
        what, got = "tw4", float(t[3])
    else:
        return None
    if math.isnan(got) or abs(got - tt) <= max(toleransi * abs(tt), 1e-6):
        return None
    return what, got


# --------------------------------------------------------------------------- outliers


def _typical(values: np.ndarray) -> float:
    """Median of the non-zero absolute values (0 when all are 0)."""
    nz = np.abs(values[values != 0])
    return float(np.median(nz)) if len(nz) else 0.0


def _scale(others: np.ndarray, floor: float) -> float:
    med = float(np.median(others))
    mad = float(np.median(np.abs(others - med)))
    return max(SKALA_MAD * mad, floor)


def pencilan_bulanan(data: pd.DataFrame, keys=("unit", "kode"), k: float = K_PENCILAN,
                     min_lain: int = MIN_BULAN_LAIN) -> pd.DataFrame:
    """Months far outside the same unit's other months for the same indicator.

    Parameters
    ----------
    data : DataFrame
        One row per reported month: ``keys``, ``agregasi``, ``bulan``, ``realisasi`` (NaN =
        not reported, ignored). One year of one office is expected.
    keys : sequence of str
        Columns that identify a series (default unit and indicator code).
    k : float
        Width of the expected range in robust standard deviations (:data:`K_PENCILAN`).
    min_lain : int
        Other months (or changes) needed to judge one (:data:`MIN_BULAN_LAIN`).

    Returns
    -------
    DataFrame
        One row per flagged month, columns :data:`PENCILAN_COLUMNS`, in input order.

    Notes
    -----
    Leave-one-out: each month is compared with the *other* months of its series, so the
    outlier does not widen its own range. The compared quantity is

    * ``kumulatif`` (flows) and ``rata_rata``: the month's value;
    * ``posisi_akhir`` (levels): the change from the previous reported month (a level that
      grows steadily is not an outlier, a level typed 1.000 times too small is); when the
      next change goes back the other way, only the wrong month is flagged;
    * ``rasio``: not checked (the monthly ratio of small counts swings between 0 and 100 %
      legitimately; ``pembilang_lebih_besar`` and ``pemisah_ambigu`` guard its parts).

    The expected range is ``median +/- k x skala``, ``skala = max(1,4826 x MAD, floor)``;
    the floor (:data:`LANTAI_ALIRAN`, :data:`LANTAI_TINGKAT`) keeps a very regular series
    from flagging ordinary variation. When the other values are all 0 (an activity that
    happened in one month only) there is no basis and nothing is flagged.
    """
    keys = list(keys)
    rows: list[dict] = []
    d = data[data["realisasi"].notna()]
    if d.empty:
        return pd.DataFrame({c: [] for c in PENCILAN_COLUMNS})
    d = d.sort_values([*keys, "bulan"], kind="mergesort")
    for _, g in d.groupby(keys, sort=False, dropna=False):
        agregasi = g["agregasi"].iloc[0]
        if agregasi not in ("kumulatif", "rata_rata", "posisi_akhir"):
            continue
        rows.extend(_series_outliers(g, agregasi, k, min_lain))
    out = pd.DataFrame.from_records(rows, columns=list(PENCILAN_COLUMNS)) if rows else \
        pd.DataFrame({c: [] for c in PENCILAN_COLUMNS})
    if rows:
        order = {lab: i for i, lab in enumerate(data.index)}
        out = out.iloc[np.argsort([order[b] for b in out["baris"]], kind="stable")]
    return out.reset_index(drop=True)


def _series_outliers(g: pd.DataFrame, agregasi: str, k: float, min_lain: int) -> list[dict]:
    x = g["realisasi"].to_numpy(dtype="float64")
    bulan = g["bulan"].to_numpy()
    labels = list(g.index)
    change = agregasi == "posisi_akhir"
    if change:
        v, first = np.diff(x), 1
    else:
        v, first = x, 0
    out = []
    for i in range(len(v)):
        others = np.delete(v, i)
        if len(others) < min_lain:
            continue
        j = i + first  # position of the month in the series
        if change:
            floor = max(LANTAI_ALIRAN * _typical(others),
                        LANTAI_TINGKAT * _typical(np.delete(x, j)))
        else:
            floor = LANTAI_ALIRAN * _typical(others)
        s = _scale(others, floor)
        if s <= 0:
            continue  # the other months are all equal (0): no basis for a range
        med = float(np.median(others))
        lo, hi = med - k * s, med + k * s
        if lo <= v[i] <= hi:
            continue
        if change and out and out[-1]["bulan"] == int(bulan[j - 1]) \
                and np.sign(out[-1]["nilai"]) != np.sign(v[i]):
            continue  # the level returns after one wrong month: only that month is flagged
        base = x[j - 1] if change else 0.0
        out.append({
            "baris": labels[j], "dasar": "perubahan" if change else "nilai",
            "bulan": int(bulan[j]), "nilai": float(v[i]), "median": med, "bawah": lo,
            "atas": hi, "bulan_sebelum": int(bulan[j - 1]) if change else None,
            "nilai_sebelum": float(x[j - 1]) if change else None,
            "nilai_bawah": max(base + lo, 0.0), "nilai_atas": max(base + hi, 0.0),
        })
    return out
