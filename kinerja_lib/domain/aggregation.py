"""Month -> period roll-up by jenis agregasi, completeness, and Rencana Aksi targets per period.

Design: the monthly rows of every indicator are scattered once into dense
``(indicators x 12)`` matrices (one per value: realisasi, pembilang, penyebut). A period is a
set of month columns, so every roll-up is a vectorised NumPy reduction over those columns;
there is no per-indicator Python loop and no repeated ``groupby``. The month axis is small
and fixed, so the matrices cost ``12 x 8`` bytes per indicator and value.

Aggregation rules (``contract.AGREGASI``; DHIS2 period aggregation types, ``domain.md``):

* ``kumulatif`` -- SUM of the reported months (the monthly value is a flow);
* ``posisi_akhir`` -- LAST: the value of the latest *reported* month in the span (a level);
* ``rata_rata`` -- AVERAGE of the reported months;
* ``rasio`` -- sum(pembilang) / sum(penyebut) x 100 over months that report both parts; never
  the mean of monthly percentages.

A month without a report is missing, never zero: it is skipped by every rule and listed in
``bulan_hilang``. A span with no reported month has a NaN value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kinerja_lib.domain.periods import NAMA_BULAN, Periode, triwulan_of_month

AGREGASI_CODES = {"kumulatif": 0, "posisi_akhir": 1, "rata_rata": 2, "rasio": 3}
"""Integer code of each jenis agregasi (used internally; -1 = unknown)."""
KUMULATIF, POSISI_AKHIR, RATA_RATA, RASIO = 0, 1, 2, 3

KEYS = ("opd", "kode")
"""Default key columns that identify an indicator."""


# --------------------------------------------------------------------------- keys


def _key_codes(col: pd.Series, uniques: pd.Index) -> np.ndarray:
    """Position of each value of ``col`` in ``uniques`` (-1 when absent)."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        cat_pos = uniques.get_indexer(col.cat.categories).astype(np.int64, copy=False)
        codes = col.cat.codes.to_numpy()
        if len(cat_pos) == 0:
            return np.full(len(codes), -1, dtype=np.int64)
        if len(codes) and codes.min() >= 0:  # no missing keys: one gather
            return cat_pos[codes]
        out = cat_pos[np.where(codes >= 0, codes, 0)]
        out[codes < 0] = -1
        return out
    return uniques.get_indexer(col).astype(np.int64, copy=False)


def indicator_positions(indicators: pd.DataFrame, frame: pd.DataFrame,
                        keys=KEYS) -> np.ndarray:
    """Row position in ``indicators`` of every row of ``frame``, matched on ``keys``.

    Parameters
    ----------
    indicators : DataFrame
        One row per indicator, unique on ``keys``.
    frame : DataFrame
        Rows to locate (monthly realisation, RA targets, ...).
    keys : sequence of str
        Key columns present in both frames (object or categorical).

    Returns
    -------
    ndarray of int64
        Position, or -1 when the key is not in ``indicators``.

    Notes
    -----
    Each key column is factorised on the indicators side, the frame's values are mapped to
    those codes (categoricals by their small category table), and the per-column codes are
    combined into one integer. The combined code is resolved with a dense lookup table when
    it is small enough, otherwise with a hash index.
    """
    keys = list(keys)
    n = len(indicators)
    if n == 0 or len(frame) == 0:
        return np.full(len(frame), -1, dtype=np.int64)
    ind_combined = np.zeros(n, dtype=np.int64)
    frm_combined = np.zeros(len(frame), dtype=np.int64)
    frm_valid = np.ones(len(frame), dtype=bool)
    size = 1
    for k in keys:
        codes, uniques = pd.factorize(indicators[k], sort=False)
        uniques = pd.Index(uniques)
        m = max(len(uniques), 1)
        fcodes = _key_codes(frame[k], uniques)
        bad = fcodes < 0
        if bad.any():
            frm_valid &= ~bad
            fcodes = np.where(bad, 0, fcodes)
        ind_combined = ind_combined * m + codes
        frm_combined *= m
        frm_combined += fcodes
        size *= m
    if size <= max(4 * n, 1 << 22):
        table = np.full(size, -1, dtype=np.int64)
        table[ind_combined] = np.arange(n, dtype=np.int64)
        pos = table[frm_combined]
    else:
        pos = pd.Index(ind_combined).get_indexer(frm_combined).astype(np.int64)
    if not frm_valid.all():
        pos[~frm_valid] = -1
    return pos


def month_index(bulan) -> np.ndarray:
    """Column index 0-11 of each month value (int64), -1 when not a month 1-12."""
    s = pd.Series(bulan) if not isinstance(bulan, pd.Series) else bulan
    if pd.api.types.is_integer_dtype(s.dtype) and not isinstance(s.dtype, pd.CategoricalDtype):
        b = s.to_numpy().astype(np.int64)
        b -= 1
    else:
        f = pd.to_numeric(s, errors="coerce").to_numpy(dtype="float64")
        ok = (f == np.floor(f))
        b = np.where(ok, np.nan_to_num(f, nan=0.0), 0.0).astype(np.int64) - 1
        b[~ok] = -1
    b[(b < 0) | (b > 11)] = -1
    return b


def agregasi_codes(values) -> np.ndarray:
    """Map agregasi names to :data:`AGREGASI_CODES` (int8; -1 for unknown/missing)."""
    s = pd.Series(values)
    if isinstance(s.dtype, pd.CategoricalDtype):
        cats = np.array([AGREGASI_CODES.get(c, -1) for c in s.cat.categories], dtype=np.int8)
        codes = s.cat.codes.to_numpy()
        out = cats[np.where(codes >= 0, codes, 0)] if len(cats) else np.full(len(s), -1)
        return np.where(codes >= 0, out, -1).astype(np.int8)
    return s.map(AGREGASI_CODES).fillna(-1).to_numpy(dtype=np.int8)


# --------------------------------------------------------------------------- month matrix


@dataclass
class MonthMatrix:
    """Monthly values of ``n`` indicators as dense ``(n, 12)`` arrays (column 0 = January).

    Attributes
    ----------
    realisasi, pembilang, penyebut : ndarray (n, 12)
        NaN where the month has no value.
    agregasi : ndarray (n,) of int8
        :data:`AGREGASI_CODES` per indicator.
    """

    realisasi: np.ndarray
    pembilang: np.ndarray
    penyebut: np.ndarray
    agregasi: np.ndarray
    _reported: np.ndarray | None = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return self.realisasi.shape[0]

    @property
    def reported(self) -> np.ndarray:
        """(n, 12) bool: the month counts as reported (both parts for rasio). Cached."""
        if self._reported is None:
            rasio = (self.agregasi == RASIO)[:, None]
            parts = ~np.isnan(self.pembilang) & ~np.isnan(self.penyebut)
            self._reported = np.where(rasio, parts, ~np.isnan(self.realisasi))
        return self._reported


def month_matrix(monthly: pd.DataFrame, indicators: pd.DataFrame, keys=KEYS,
                 positions: np.ndarray | None = None) -> MonthMatrix:
    """Scatter monthly rows into a :class:`MonthMatrix` aligned with ``indicators``.

    Parameters
    ----------
    monthly : DataFrame
        Columns ``keys``, ``bulan`` (1-12), ``realisasi`` and, optionally, ``pembilang`` and
        ``penyebut``; at most one row per indicator and month.
    indicators : DataFrame
        One row per indicator with ``keys`` and ``agregasi``; fixes the matrix row order.
    keys : sequence of str
    positions : ndarray, optional
        Precomputed :func:`indicator_positions` of ``monthly`` (saves a lookup).

    Returns
    -------
    MonthMatrix

    Raises
    ------
    ValueError
        When an indicator has two rows for the same month (resolve duplicates first, as
        :mod:`kinerja_lib.engine` does).

    Notes
    -----
    Rows whose key is not an indicator, or whose month is outside 1-12, are ignored. For a
    rasio indicator whose parts are missing the matrix keeps NaN parts (the month is then
    not reported), whatever ``realisasi`` holds.
    """
    n = len(indicators)
    pos = indicator_positions(indicators, monthly, keys) if positions is None else positions
    col = month_index(monthly["bulan"]) if len(monthly) else np.zeros(0, np.int64)
    ok = (pos >= 0) & (col >= 0)
    flat = pos * 12 + col
    if not ok.all():
        flat = flat[ok]
    if len(flat) and np.bincount(flat, minlength=n * 12).max() > 1:
        raise ValueError("ada lebih dari satu baris realisasi untuk indikator dan bulan yang sama")

    def scatter(col: str) -> np.ndarray:
        out = np.full(n * 12, np.nan)
        if col in monthly.columns and len(flat):
            vals = pd.to_numeric(monthly[col], errors="coerce").to_numpy(dtype="float64")
            out[flat] = vals if ok.all() else vals[ok]
        return out.reshape(n, 12)

    return MonthMatrix(
        realisasi=scatter("realisasi"),
        pembilang=scatter("pembilang"),
        penyebut=scatter("penyebut"),
        agregasi=agregasi_codes(indicators["agregasi"]) if n else np.zeros(0, np.int8),
    )


# --------------------------------------------------------------------------- roll-up


@dataclass
class Rollup:
    """Result of rolling a span of months up, one entry per indicator.

    Attributes
    ----------
    realisasi : ndarray of float
        Rolled-up value (NaN when no month in the span is reported).
    pembilang, penyebut : ndarray of float
        Sums of the reported parts (rasio indicators; NaN otherwise).
    bulan_diharapkan : int
        Months in the span.
    bulan_dilaporkan : ndarray of int
        Reported months in the span.
    hilang_mask : ndarray of int
        Bit ``m-1`` set when month ``m`` of the span is missing.
    """

    realisasi: np.ndarray
    pembilang: np.ndarray
    penyebut: np.ndarray
    bulan_diharapkan: int
    bulan_dilaporkan: np.ndarray
    hilang_mask: np.ndarray

    @property
    def lengkap(self) -> np.ndarray:
        return self.bulan_dilaporkan == self.bulan_diharapkan

    @property
    def bulan_hilang(self) -> np.ndarray:
        """Missing months as Indonesian text (``"Mei, Juni"``; ``""`` when complete)."""
        return bulan_hilang_text(self.hilang_mask)


def _months_cols(months) -> np.ndarray:
    cols = np.asarray(sorted(set(int(m) for m in months)), dtype=np.int64) - 1
    if len(cols) == 0 or cols[0] < 0 or cols[-1] > 11:
        raise ValueError("bulan harus 1-12 dan tidak kosong")
    return cols


@dataclass
class _Folded:
    """Running statistics of the reported months, folded over a span of month columns.

    Every array has the shape of the fold: ``(n,)`` for a whole span, ``(n, k)`` for the
    value at the end of each of its ``k`` months. ``pembilang``/``penyebut`` are only
    computed for rasio rows (NaN elsewhere).
    """

    count: np.ndarray
    total: np.ndarray
    last: np.ndarray
    pembilang: np.ndarray
    penyebut: np.ndarray


def _fold(mm: MonthMatrix, sel, running: bool) -> tuple[_Folded, np.ndarray]:
    """Fold the months ``sel`` (a slice or column indices) of every indicator.

    ``running=False`` reduces the span to one value per indicator (``ufunc.reduce``);
    ``running=True`` keeps the value at the end of every month (``ufunc.accumulate``, the
    same operation prefix by prefix). Returns the folded statistics and the ``reported``
    block of the span.
    """
    def fold(op: np.ufunc, x: np.ndarray, dtype=None) -> np.ndarray:
        if running:
            return op.accumulate(x, axis=1, dtype=dtype)
        return op.reduce(x, axis=1, dtype=dtype)

    rep = mm.reported[:, sel]
    r = mm.realisasi[:, sel]
    n, k = r.shape
    # latest reported month: the largest reported column index so far (-1 = none yet)
    last_idx = np.maximum(fold(np.maximum, np.where(rep, np.arange(k)[None, :], -1)), 0)
    if running:
        last = r[np.arange(n)[:, None], last_idx] if n else np.zeros((0, k))
    else:
        last = np.take_along_axis(r, last_idx[:, None], axis=1)[:, 0] if n else np.zeros(0)
    shape = (n, k) if running else (n,)
    p, q = np.full(shape, np.nan), np.full(shape, np.nan)
    rows = np.flatnonzero(mm.agregasi == RASIO)  # parts only where they matter
    if len(rows):
        rep_r = rep[rows]
        p[rows] = fold(np.add, np.where(rep_r, mm.pembilang[rows][:, sel], 0.0))
        q[rows] = fold(np.add, np.where(rep_r, mm.penyebut[rows][:, sel], 0.0))
    folded = _Folded(count=fold(np.add, rep, np.int64), total=fold(np.add, np.where(rep, r, 0.0)),
                     last=last, pembilang=p, penyebut=q)
    return folded, rep


def _rasio_value(pembilang: np.ndarray, penyebut: np.ndarray) -> np.ndarray:
    """sum(pembilang) / sum(penyebut) x 100; NaN when the summed penyebut is not > 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(penyebut > 0, pembilang / penyebut * 100.0, np.nan)


def _apply_rules(agregasi: np.ndarray, f: _Folded) -> np.ndarray:
    """The value of every indicator by its jenis agregasi -- the one place the rules live.

    kumulatif = sum, posisi_akhir = latest reported value, rata_rata = mean of the reported
    months, rasio = :func:`_rasio_value`. NaN where no month is reported (never zero).
    ``agregasi`` is broadcast against the folded arrays.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = f.total / f.count
    value = np.select(
        [agregasi == KUMULATIF, agregasi == POSISI_AKHIR, agregasi == RATA_RATA,
         agregasi == RASIO],
        [f.total, f.last, mean, _rasio_value(f.pembilang, f.penyebut)],
        np.nan,
    )
    return np.where(f.count > 0, value, np.nan)


def rollup_months(mm: MonthMatrix, months) -> Rollup:
    """Roll the given months up for every indicator, by its jenis agregasi.

    Parameters
    ----------
    mm : MonthMatrix
    months : iterable of int
        Months of the span (1-12), e.g. ``Periode.months`` (period alone) or
        ``Periode.months_to_date`` (cumulative s.d. the period's end).

    Returns
    -------
    Rollup

    Notes
    -----
    kumulatif = sum, posisi_akhir = value of the latest reported month, rata_rata = mean of
    the reported months, rasio = sum(pembilang) / sum(penyebut) x 100 (NaN when the summed
    penyebut is 0). Missing months are skipped, never read as zero. The rules are
    :func:`_apply_rules`, shared with :func:`rollup_to_each_month`.
    """
    cols = _months_cols(months)
    if cols[-1] - cols[0] + 1 == len(cols):  # contiguous span: views, no copies
        sel = slice(int(cols[0]), int(cols[-1]) + 1)
    else:
        sel = cols
    f, rep = _fold(mm, sel, running=False)
    has_rasio = (mm.agregasi == RASIO) & (f.count > 0)
    weights = np.left_shift(1, cols).astype(np.int64)
    mask = (~rep) @ weights if rep.shape[1] else np.zeros(len(mm), np.int64)
    return Rollup(
        realisasi=_apply_rules(mm.agregasi, f),
        pembilang=np.where(has_rasio, f.pembilang, np.nan),
        penyebut=np.where(has_rasio, f.penyebut, np.nan),
        bulan_diharapkan=rep.shape[1],
        bulan_dilaporkan=f.count,
        hilang_mask=mask,
    )


def rollup_to_each_month(mm: MonthMatrix, upto: int) -> np.ndarray:
    """Cumulative roll-up at the end of every month ``1..upto`` -> ``(n, upto)`` array.

    Column ``m-1`` is ``rollup_months(mm, range(1, m+1)).realisasi`` (used for the monthly
    trend table: realisation s.d. each month): the same rules (:func:`_apply_rules`) over
    running instead of whole-span statistics. Sums run month by month here, so a sum of
    eight or more months may differ from :func:`rollup_months` in the last bit (NumPy sums
    a whole span pairwise).
    """
    f, _ = _fold(mm, slice(0, upto), running=True)
    return _apply_rules(mm.agregasi[:, None], f)


_MASK_TEXT = np.array(
    [", ".join(NAMA_BULAN[m] for m in range(12) if u >> m & 1) for u in range(4096)],
    dtype=object,
)
"""Text of every 12-bit month mask (4096 short strings, built once)."""


def bulan_hilang_text(mask) -> np.ndarray:
    """Indonesian list of the months whose bit is set: ``0b110000`` -> ``"Mei, Juni"``.

    Bit ``m - 1`` stands for month ``m``. Vectorised: one table lookup per row.
    """
    mask = np.asarray(mask, dtype=np.int64).reshape(-1)
    if len(mask) and (mask.min() < 0 or mask.max() > 4095):
        raise ValueError("mask bulan harus 0..4095")
    return _MASK_TEXT[mask]


def rollup(monthly: pd.DataFrame, indicators: pd.DataFrame, months, keys=KEYS
           ) -> pd.DataFrame:
    """Convenience: roll monthly rows up over ``months`` and return a frame.

    Returns
    -------
    DataFrame
        ``keys`` of ``indicators`` (same order) plus ``realisasi``, ``pembilang``,
        ``penyebut``, ``bulan_diharapkan``, ``bulan_dilaporkan``, ``lengkap``,
        ``bulan_hilang``.
    """
    mm = month_matrix(monthly, indicators, keys)
    ru = rollup_months(mm, months)
    out = indicators[list(keys)].reset_index(drop=True).copy()
    out["realisasi"] = ru.realisasi
    out["pembilang"] = ru.pembilang
    out["penyebut"] = ru.penyebut
    out["bulan_diharapkan"] = ru.bulan_diharapkan
    out["bulan_dilaporkan"] = ru.bulan_dilaporkan
    out["lengkap"] = ru.lengkap
    out["bulan_hilang"] = ru.bulan_hilang
    return out


# --------------------------------------------------------------------------- RA targets


@dataclass
class RATargets:
    """Rencana Aksi targets of ``n`` indicators.

    Attributes
    ----------
    nilai : ndarray (n, 4)
        Quarter targets as typed (per quarter or cumulative, see ``kumulatif``).
    kumulatif : ndarray (n,) of bool
        True when typed as cumulative to date (``jenis_target == "kumulatif"``).
    ada : ndarray (n,) of bool
        True when the indicator has RA rows.
    """

    nilai: np.ndarray
    kumulatif: np.ndarray
    ada: np.ndarray


def ra_targets(ra: pd.DataFrame, indicators: pd.DataFrame, keys=KEYS,
               target_tahunan=None) -> RATargets:
    """Scatter the long RA frame (``contract.RA_COLUMNS``) into per-indicator quarter targets.

    Parameters
    ----------
    ra : DataFrame
        Columns ``keys``, ``jenis_target``, ``triwulan`` (1-4), ``target_ra``.
    indicators : DataFrame
        One row per indicator (fixes the row order).
    target_tahunan : array-like, optional
        PK annual targets. An indicator without any RA row gets ``[NaN, NaN, NaN,
        target_tahunan]`` typed as cumulative, so only spans ending in TW IV have a target
        (the PK annual target), and earlier quarters are *tidak dapat dinilai*.
    """
    n = len(indicators)
    nilai = np.full((n, 4), np.nan)
    kum = np.zeros(n, dtype=bool)
    ada = np.zeros(n, dtype=bool)
    if len(ra) and n:
        pos = indicator_positions(indicators, ra, keys)
        tw = pd.to_numeric(ra["triwulan"], errors="coerce").to_numpy(dtype="float64")
        ok = (pos >= 0) & (tw >= 1) & (tw <= 4)
        pos, twi = pos[ok], tw[ok].astype(np.int64) - 1
        vals = pd.to_numeric(ra["target_ra"], errors="coerce").to_numpy(dtype="float64")[ok]
        jenis = ra["jenis_target"]
        is_kum = (jenis == "kumulatif").fillna(False).to_numpy(dtype=bool)[ok]
        nilai[pos, twi] = vals
        kum[pos] = is_kum
        ada[pos] = True
    if target_tahunan is not None and n:
        tt = np.asarray(target_tahunan, dtype="float64")
        missing = ~ada
        nilai[missing, 3] = tt[missing]
        kum[missing] = True
    return RATargets(nilai=nilai, kumulatif=kum, ada=ada)


def _sd_flow(ra: RATargets) -> np.ndarray:
    """(n, 5) flow targets to date; column 0 = 0 (before TW I), column q = s.d. TW q."""
    cum = np.cumsum(ra.nilai, axis=1)  # NaN propagates to later quarters: unknown
    sd = np.where(ra.kumulatif[:, None], ra.nilai, cum)
    return np.concatenate([np.zeros((len(sd), 1)), sd], axis=1)


def targets_for_span(ra: RATargets, agregasi: np.ndarray, first_tw: int, last_tw: int,
                     _sd: np.ndarray | None = None) -> np.ndarray:
    """Target of the span of quarters ``first_tw..last_tw`` for every indicator.

    Parameters
    ----------
    ra : RATargets
    agregasi : ndarray of int8
        :data:`AGREGASI_CODES` per indicator.
    first_tw, last_tw : int
        Quarters 1-4; use ``first_tw = 1`` for the target to date (s.d.).

    Returns
    -------
    ndarray of float

    Notes
    -----
    Rules (SOP step 3: capaian against the quarter's RA target):

    * ``kumulatif`` indicators (flows). Let ``sd(q)`` be the target to date at quarter q:
      for ``per_triwulan`` targets ``sd(q) = t1 + ... + tq``; for ``kumulatif`` (to-date)
      targets ``sd(q) = tq``. The span's target is ``sd(last) - sd(first - 1)`` with
      ``sd(0) = 0``. Hence TW II alone = t2 (per_triwulan) or t2 - t1 (kumulatif); s.d. TW II
      = t1 + t2 or t2; Semester II = t3 + t4 or t4 - t2.
    * ``posisi_akhir``, ``rata_rata``, ``rasio`` indicators (levels): summing quarter targets
      makes no sense, so the span's target is the target of its last quarter, ``t_last``,
      whatever ``jenis_target`` says (a level typed per quarter and a level typed to date are
      the same number). The period-alone and to-date targets are therefore equal.

    A NaN quarter target makes every span that needs it NaN (not assessable), it is never
    read as 0.
    """
    if not (1 <= first_tw <= last_tw <= 4):
        raise ValueError("triwulan tidak valid")
    sd = _sd_flow(ra) if _sd is None else _sd
    flow = sd[:, last_tw] - sd[:, first_tw - 1]
    level = ra.nilai[:, last_tw - 1]
    return np.where(agregasi == KUMULATIF, flow, level)


def period_targets(ra: RATargets, agregasi: np.ndarray, periode: Periode
                   ) -> tuple[np.ndarray, np.ndarray]:
    """``(target_periode, target_sd)`` of a period: its own quarters, and TW I..its end."""
    tws = periode.triwulan_list
    sd = _sd_flow(ra)
    return (targets_for_span(ra, agregasi, tws[0], tws[-1], sd),
            targets_for_span(ra, agregasi, 1, tws[-1], sd))


def monthly_target_sd(ra: RATargets, agregasi: np.ndarray, upto: int) -> np.ndarray:
    """(n, upto) target to date for each month, stepped per quarter (for trend charts)."""
    quarters = [triwulan_of_month(m) for m in range(1, upto + 1)]
    sd = _sd_flow(ra)
    per_q = {q: targets_for_span(ra, agregasi, 1, q, sd) for q in sorted(set(quarters))}
    if not quarters:
        return np.zeros((len(agregasi), 0))
    return np.stack([per_q[q] for q in quarters], axis=1)
