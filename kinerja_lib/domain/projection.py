"""Year-end projection from the months to date, and the early warning (berisiko).

Usable from the first quarter: the projection only needs the reported months so far.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kinerja_lib.domain import formulas
from kinerja_lib.domain.aggregation import (
    KUMULATIF,
    POSISI_AKHIR,
    RASIO,
    RATA_RATA,
    MonthMatrix,
    RATargets,
    rollup_months,
    targets_for_span,
)

ALASAN_BELUM_ADA_DATA = "Belum ada bulan yang dilaporkan untuk proyeksi"

DASAR_PROYEKSI = (
    "laju rata-rata bulanan x 12",
    "nilai terakhir x (target tahunan / target s.d. periode)",
    "nilai terakhir",
    "rata-rata bulan yang dilaporkan",
    "jumlah pembilang / jumlah penyebut",
    "nilai terakhir x (target tahunan / target RA pada bulan nilai terakhir)",
)
"""How a projection was made (``dasar_proyeksi`` column), by method code 0-5."""


def target_triwulan_sd(ra: RATargets, agregasi) -> np.ndarray:
    """(n, 4) RA target to date at the end of each quarter (a level's quarter target).

    Column ``q - 1`` is :func:`aggregation.targets_for_span` of quarters ``1..q``: the
    trajectory :func:`plan_at_month` interpolates.
    """
    ag = np.asarray(agregasi)
    return np.stack([targets_for_span(ra, ag, 1, q) for q in (1, 2, 3, 4)], axis=1)


def plan_at_month(target_tw, bulan) -> np.ndarray:
    """The RA trajectory at month ``bulan`` (1-12) of every indicator.

    The quarter-end targets ``target_tw`` (``(n, 4)``: month 3, 6, 9, 12) joined by
    straight lines; before the end of TW I the line from TW I to TW II is extended back to
    month 0 (``2 x t1 - t2``; flat at ``t1`` when TW II has no target). At a quarter end
    the value is that quarter's target. NaN where a point it needs is NaN.

    Examples: RA 30/60/90/120 at month 8 -> 80; a flat plan 80/80/80/80 -> 80 at any month.
    """
    tw = np.asarray(target_tw, dtype="float64").reshape(-1, 4)
    n = len(tw)
    start = np.where(np.isfinite(tw[:, 1]), 2.0 * tw[:, 0] - tw[:, 1], tw[:, 0])
    pts = np.column_stack([start, tw])  # months 0, 3, 6, 9, 12
    m = np.broadcast_to(np.asarray(bulan, dtype="float64"), (n,))
    k = np.clip(np.floor(m / 3.0).astype(np.int64), 0, 3)
    frac = (m - 3.0 * k) / 3.0
    rows = np.arange(n)
    lo, hi = pts[rows, k], pts[rows, k + 1]
    with np.errstate(invalid="ignore"):
        return np.where(frac == 0, lo, lo + frac * (hi - lo))


def _latest_month(mm: MonthMatrix, upto: int) -> np.ndarray:
    """Latest reported month ``1..upto`` of every indicator (0 when none)."""
    rep = mm.reported[:, :upto]
    return np.where(rep.any(axis=1), upto - np.argmax(rep[:, ::-1], axis=1), 0)


def project_year_end(mm: MonthMatrix, upto: int, target_tahunan=None, target_sd=None,
                     target_tw=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Projected year-end realisation of every indicator from months ``1..upto``.

    Parameters
    ----------
    mm : MonthMatrix
    upto : int
        Last month of data to use (the period's last month).
    target_tahunan, target_sd : array-like of float, optional
        PK annual target and RA target to date; used for posisi_akhir (see Notes).
    target_tw : array-like (n, 4), optional
        RA target to date at each quarter end (:func:`target_triwulan_sd`): the plan at the
        latest reported month when the period's last months are missing (posisi_akhir).

    Returns
    -------
    proyeksi : ndarray of float
        NaN when no month to date is reported.
    bulan_dasar : ndarray of int
        Number of reported months the projection rests on.
    metode : ndarray of int8
        Index into :data:`DASAR_PROYEKSI`.

    Notes
    -----
    One rule for a missing month, whatever the jenis agregasi: **the projection rests on
    the months actually reported, each judged against the plan at the time it covers**; a
    missing month is never read as zero and never as a copy of an earlier month.

    * ``kumulatif`` (flow): run rate ``sum to date / reported months x 12``. The divisor is
      the number of *reported* months, so a missing month is extrapolated from the others
      instead of being read as zero (a flat monthly pace is assumed).
    * ``posisi_akhir`` (level): the latest reported value, scaled by the Rencana Aksi
      trajectory when one is known: ``latest x target_tahunan / plan``, where ``plan`` is
      the RA target at the month of that latest value -- ``target_sd`` when it is the
      period's last month, else :func:`plan_at_month` of ``target_tw`` (when the period's
      last months are missing, the latest level is compared with the plan of the month it
      was reported in, not with the period end's target). A level that is planned to grow
      (e.g. % of archives digitised, RA 20/40/60/80) and is on plan is then projected to
      reach its annual target, instead of being projected to stay where it is; with a flat
      plan (RA equal to the annual target) or without a plan (> 0) this is the latest value
      itself. A missing month before the latest report costs a level nothing: the later
      level already includes it.
    * ``rata_rata``: the mean of the reported months.
    * ``rasio``: sum(pembilang) / sum(penyebut) x 100 over the reported months.

    Hence a level that is the running total of a flow, with an even (linear) RA plan, is
    projected exactly as that flow typed as kumulatif, with or without missing last months
    (``docs/domain.md``, "Projection and early warning", has the worked example).
    """
    ru = rollup_months(mm, range(1, upto + 1))
    n = len(mm)
    ag = mm.agregasi
    with np.errstate(divide="ignore", invalid="ignore"):
        run_rate = ru.realisasi / ru.bulan_dilaporkan * 12.0
        trailing = np.zeros(n, dtype=bool)
        if target_tahunan is not None and target_sd is not None:
            tt = np.asarray(target_tahunan, dtype="float64")
            tsd = np.asarray(target_sd, dtype="float64")
            if target_tw is not None:
                latest = _latest_month(mm, upto)
                trailing = (latest > 0) & (latest < upto)
                tsd = np.where(trailing, plan_at_month(target_tw, np.maximum(latest, 1)), tsd)
            plan = np.isfinite(tt) & np.isfinite(tsd) & (tsd > 0)
            scaled = np.where(plan, ru.realisasi * tt / np.where(plan, tsd, 1.0),
                              ru.realisasi)
        else:
            plan = np.zeros(n, dtype=bool)
            scaled = ru.realisasi
    proj = np.select([ag == KUMULATIF, ag == POSISI_AKHIR], [run_rate, scaled], ru.realisasi)
    proj = np.where(ru.bulan_dilaporkan > 0, proj, np.nan)
    posisi_plan = (ag == POSISI_AKHIR) & plan
    metode = np.select(
        [ag == KUMULATIF, posisi_plan & trailing, posisi_plan, ag == POSISI_AKHIR,
         ag == RATA_RATA],
        [0, 5, 1, 2, 3], 4).astype(np.int8)
    return proj, ru.bulan_dilaporkan, metode


def proyeksi(mm: MonthMatrix, upto: int, target_tahunan, polaritas, metode,
             cap: float = 100.0, ambang_risiko: float = 91.0, target_sd=None,
             ra: RATargets | None = None) -> pd.DataFrame:
    """Projection table: projected value, its capaian vs the annual target, risk flag, gap.

    Parameters
    ----------
    mm : MonthMatrix
    upto : int
        Last month of data (e.g. 6 for TW II).
    target_tahunan : array-like of float
        PK annual targets, aligned with ``mm``.
    polaritas, metode : str or array-like
        As for :func:`kinerja_lib.formulas.capaian`.
    cap : float
        ``settings.batas_capaian``.
    ambang_risiko : float
        ``settings.ambang_risiko``: a projected capaian below this (in %) flags the indicator.
    target_sd : array-like of float, optional
        RA target to date (for posisi_akhir, see :func:`project_year_end`).
    ra : RATargets, optional
        The indicators' RA targets: the plan at the latest reported month of a posisi_akhir
        indicator whose last months are missing (:func:`target_triwulan_sd`).

    Returns
    -------
    DataFrame
        ``proyeksi_akhir_tahun, target_tahunan, capaian_proyeksi (capped),
        capaian_proyeksi_mentah, berisiko (bool), selisih_target, bulan_dasar,
        dasar_proyeksi, dinilai, alasan``.

    Notes
    -----
    A rasio indicator whose reported months sum to a zero penyebut has no projection; its
    reason is :data:`formulas.ALASAN_PENYEBUT_NOL` (as in the capaian table), not "no
    realisation".

    ``berisiko`` is True only for an assessable projection whose capped capaian, rounded to
    :data:`formulas.DESIMAL` decimals, is below ``ambang_risiko``; an indicator that cannot
    be assessed carries ``dinilai == False`` and a reason instead.

    ``selisih_target`` is in the indicator's own unit and positive means *short by*: for a
    positif indicator ``target - proyeksi``; for a negatif one ``proyeksi - target`` (the
    amount above the ceiling). Negative values mean the target is projected to be beaten.
    """
    tt = np.asarray(target_tahunan, dtype="float64")
    tw = target_triwulan_sd(ra, mm.agregasi) if ra is not None else None
    proj, dasar, how = project_year_end(mm, upto, tt, target_sd, tw)
    cp = formulas.capaian(proj, tt, polaritas, metode, cap)
    zero_q = (mm.agregasi == RASIO) & (dasar > 0) & np.isnan(proj)
    alasan = formulas.alasan_penyebut_nol(cp["alasan"].to_numpy(dtype=object), zero_q).copy()
    alasan[(dasar == 0) & ~np.isnan(tt) & (tt != 0)] = ALASAN_BELUM_ADA_DATA
    n = len(tt)
    neg = formulas._flag(polaritas, "negatif", n)
    gap = np.where(neg, proj - tt, tt - proj)
    capped = cp["capaian"].to_numpy()
    berisiko = cp["dinilai"].to_numpy() & (np.round(capped, formulas.DESIMAL) < ambang_risiko)
    return pd.DataFrame({
        "proyeksi_akhir_tahun": proj,
        "target_tahunan": tt,
        "capaian_proyeksi": capped,
        "capaian_proyeksi_mentah": cp["capaian_mentah"].to_numpy(),
        "berisiko": berisiko,
        "selisih_target": np.where(np.isnan(tt), np.nan, gap),
        "bulan_dasar": dasar,
        "dasar_proyeksi": np.array(DASAR_PROYEKSI, dtype=object)[how],
        "dinilai": cp["dinilai"].to_numpy(),
        "alasan": alasan,
    })
