"""The processing engine: a year's canonical frames -> the tables of one reporting period.

SOP step 3 (process the quarterly data with PK, RA and monthly progress reports), and the
roll-ups of steps 6 (two quarters -> semester) and 9 (two semesters -> year). The output
schema is documented in ``docs/dev/arsitektur.md`` ("Engine output").

Every computation is vectorised over indicators through :mod:`~kinerja_lib.aggregation`,
:mod:`~kinerja_lib.formulas` and :mod:`~kinerja_lib.projection`; the same functions run the
national-scale benchmark (``benchmarks/bench_engine.py``). Output rows are sorted by
``(kode, unit)`` with a stable sort and the Parquet files are byte-identical on a rerun.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kinerja_lib.domain import formulas
from kinerja_lib.domain.aggregation import (
    KEYS,
    RASIO,
    MonthMatrix,
    RATargets,
    Rollup,
    indicator_positions,
    month_index,
    month_matrix,
    monthly_target_sd,
    period_targets,
    ra_targets,
    rollup_months,
    rollup_to_each_month,
)
from kinerja_lib.domain.anggaran import anggaran_table
from kinerja_lib.domain.model import YearData
from kinerja_lib.domain.model import text_column as _text
from kinerja_lib.domain.periods import NAMA_BULAN, Periode, triwulan_of_month
from kinerja_lib.domain.projection import proyeksi as _proyeksi
from kinerja_lib.domain.settings import Settings

TABLES = ("capaian", "sasaran", "anggaran", "proyeksi", "bulanan", "perbandingan")
"""Names of the tables returned by :func:`compute_period` (and their Parquet files)."""

KODE_SASARAN_OPD = "OPD"
"""``kode_sasaran`` of the office-wide row of the ``sasaran`` table."""

ALASAN_PENYEBUT_NOL = formulas.ALASAN_PENYEBUT_NOL

CAPAIAN_COLUMNS = (
    "opd", "tahun", "periode", "kode", "kode_sasaran", "sasaran", "indikator", "satuan",
    "unit", "polaritas", "metode_negatif", "agregasi", "iku",
    "realisasi_periode", "realisasi_sd", "target_periode", "target_sd", "target_tahunan",
    "capaian_periode", "capaian_sd", "capaian_sd_mentah", "capaian_tahunan", "predikat",
    "dinilai", "alasan", "lengkap", "bulan_hilang", "sumber_file",
    # additions beyond the documented minimum
    "periode_label", "jenis_target", "kode_kegiatan", "pembilang_sd", "penyebut_sd",
    "capaian_periode_mentah", "capaian_tahunan_mentah", "dinilai_periode", "alasan_periode",
    "predikat_periode", "bulan_diharapkan", "bulan_dilaporkan", "lengkap_periode",
    "bulan_hilang_periode",
)

_PK_TEXT = ("kode_sasaran", "sasaran", "indikator", "satuan", "unit", "polaritas",
            "metode_negatif", "agregasi", "iku", "kode_kegiatan")


# --------------------------------------------------------------------------- preparation


def prepare_indicators(pk: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """PK rows as the engine's indicator list, sorted by ``(kode, unit, opd)``.

    ``metode_negatif`` is filled with ``settings.metode_negatif_default`` for negatif rows
    where blank or invalid and set to None for positif rows; duplicate ``(opd, kode)`` rows
    (ingest rejects them) keep the first.
    """
    ind = pk.copy(deep=False)  # columns are replaced below, never written in place
    for col in ("opd", "kode", "unit", "polaritas", "agregasi"):
        if col not in ind.columns:
            ind[col] = None
    for col in _PK_TEXT:
        if col not in ind.columns:
            ind[col] = None
    for col in ("target_tahunan", "baseline", "target_renstra", "tahun_renstra"):
        if col not in ind.columns:
            ind[col] = np.nan
        ind[col] = pd.to_numeric(ind[col], errors="coerce").astype("float64")
    neg = (ind["polaritas"] == "negatif").to_numpy(dtype=bool)
    met = ind["metode_negatif"].where(ind["metode_negatif"].isin(["A", "B"]),
                                      settings.metode_negatif_default)
    ind["metode_negatif"] = pd.Series(np.where(neg, met.to_numpy(dtype=object), None),
                                      index=ind.index, dtype=object)
    dup = ind.duplicated(list(KEYS), keep="first").to_numpy()
    if dup.any():
        ind = ind[~dup]
    out = ind.iloc[_stable_order(ind, ["kode", "unit", "opd"])]
    out.index = pd.RangeIndex(len(out))
    return out


def _stable_order(df: pd.DataFrame, cols) -> np.ndarray:
    """Row order sorting ``cols`` ascending (text order, missing last), ties kept stable.

    Equivalent to ``sort_values(cols, kind="stable", na_position="last")`` but sorts on
    integer codes (``factorize(sort=True)``), which is much faster for text columns.
    """
    if len(df) == 0:
        return np.arange(0)
    codes = []
    for col in cols:
        s = df[col]
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype(object)
        c, uniq = pd.factorize(s, sort=True, use_na_sentinel=True)
        codes.append(np.where(c < 0, len(uniq), c))
    return np.lexsort(codes[::-1])


def prepare_monthly(realisasi: pd.DataFrame, indicators: pd.DataFrame, tahun: int | None = None
                    ) -> pd.DataFrame:
    """Monthly rows reduced to one per indicator and month (see :func:`_prepare_monthly`)."""
    return _prepare_monthly(realisasi, indicators, tahun)[0]


def _prepare_monthly(realisasi: pd.DataFrame, indicators: pd.DataFrame,
                     tahun: int | None = None) -> tuple[pd.DataFrame, np.ndarray]:
    """Monthly rows reduced to one per indicator and month.

    When an indicator has more than one row for a month (another unit reported it too,
    accepted by ingest with the ``indicator_bukan_unit`` warning), the row kept is, in order:
    one with a value; the responsible unit's (PK ``unit``); the first by unit code and file.
    Rows of other years or unknown indicators are dropped.

    Returns the rows and their positions in ``indicators`` (for ``month_matrix``).
    """
    df = realisasi
    if df.empty:
        return df, np.zeros(0, dtype=np.int64)
    keep = np.ones(len(df), dtype=bool)
    if tahun is not None and "tahun" in df.columns:
        keep &= (pd.to_numeric(df["tahun"], errors="coerce") == tahun).to_numpy(dtype=bool)
    pos = indicator_positions(indicators, df, KEYS)
    col = month_index(df["bulan"])
    keep &= (pos >= 0) & (col >= 0)
    flat = pos * 12 + col
    if not keep.all():
        flat[~keep] = 0
    counts = np.bincount(flat[keep] if not keep.all() else flat,
                         minlength=max(len(indicators) * 12, 1))
    dup = keep & (counts[flat] > 1)
    if not dup.any():  # the usual case: no copy when nothing is dropped
        return (df, pos) if keep.all() else (df[keep], pos[keep])
    single, single_pos = df[keep & ~dup], pos[keep & ~dup]
    df = df[dup].assign(_pos=pos[dup])
    resp = indicators["unit"].to_numpy(dtype=object)[df["_pos"].to_numpy()]
    has_value = df["realisasi"].notna()
    if "pembilang" in df.columns and "penyebut" in df.columns:
        has_value = has_value | (df["pembilang"].notna() & df["penyebut"].notna())
    df = df.assign(
        _bulan=pd.to_numeric(df["bulan"], errors="coerce"),
        _kosong=~has_value.to_numpy(dtype=bool),
        _bukan_pj=(df["unit"].to_numpy(dtype=object) != resp),
        _unit=df["unit"].astype(str),
        _file=df["sumber_file"].astype(str) if "sumber_file" in df.columns else "",
    )
    df = df.sort_values(["_pos", "_bulan", "_kosong", "_bukan_pj", "_unit", "_file"],
                        kind="stable")
    df = df.drop_duplicates(["_pos", "_bulan"], keep="first")
    kept_pos = df["_pos"].to_numpy(dtype=np.int64)
    df = df.drop(columns=["_pos", "_bulan", "_kosong", "_bukan_pj", "_unit", "_file"])
    return pd.concat([single, df]), np.concatenate([single_pos, kept_pos])


# --------------------------------------------------------------------------- core


@dataclass
class CoreResult:
    """Output of :func:`compute_capaian`.

    Attributes
    ----------
    table : DataFrame
        ``keys`` + numeric/flag columns, aligned with the indicators.
    mm : MonthMatrix
    ra : RATargets
    """

    table: pd.DataFrame
    mm: MonthMatrix
    ra: RATargets


def compute_capaian(indicators: pd.DataFrame, ra: pd.DataFrame, monthly: pd.DataFrame,
                    periode: Periode, settings: Settings, keys=KEYS,
                    positions: np.ndarray | None = None) -> CoreResult:
    """Roll-up, targets, capaian and predikat of every indicator for one period.

    Parameters
    ----------
    indicators : DataFrame
        One row per indicator: ``keys``, ``agregasi``, ``polaritas``, ``metode_negatif``
        (filled for negatif rows), ``target_tahunan``. Object or categorical columns.
    ra : DataFrame
        Long RA frame: ``keys``, ``jenis_target``, ``triwulan``, ``target_ra``.
    monthly : DataFrame
        ``keys``, ``bulan``, ``realisasi``, ``pembilang``, ``penyebut``; unique per indicator
        and month (see :func:`prepare_monthly`).
    periode : Periode
    settings : Settings
        ``batas_capaian`` and ``predikat_scale`` are used.
    keys : sequence of str
    positions : ndarray, optional
        Position in ``indicators`` of each ``monthly`` row, when already known.

    Returns
    -------
    CoreResult
        ``table`` columns: ``keys``, realisasi_periode, realisasi_sd, pembilang_sd,
        penyebut_sd, target_periode, target_sd, target_tahunan, capaian_periode(_mentah),
        capaian_sd(_mentah), capaian_tahunan(_mentah), dinilai(_periode), alasan(_periode),
        predikat, predikat_periode (categorical), bulan_diharapkan, bulan_dilaporkan, lengkap,
        bulan_hilang, lengkap_periode, bulan_hilang_periode.

    Notes
    -----
    * ``*_periode``: the period's own months against the period's RA target.
    * ``*_sd``: January to the period's end against the RA target to date (headline;
      ``predikat`` and ``dinilai``/``alasan`` belong to it).
    * ``capaian_tahunan``: realisation to date against the PK annual target.
    * Completeness (``lengkap``, ``bulan_hilang``) is over the months to date.
    Target rules: :func:`kinerja_lib.aggregation.targets_for_span`.
    """
    keys = list(keys)
    mm = month_matrix(monthly, indicators, keys, positions)
    ru_p = rollup_months(mm, periode.months)
    ru_sd = rollup_months(mm, periode.months_to_date)
    tt = pd.to_numeric(indicators["target_tahunan"], errors="coerce").to_numpy(dtype="float64")
    rat = ra_targets(ra, indicators, keys, tt)
    tp, tsd = period_targets(rat, mm.agregasi, periode)
    cols = {k: indicators[k].to_numpy() for k in keys}
    cols |= _assessment_columns(indicators, mm.agregasi, ru_p, ru_sd, (tp, tsd, tt), settings)
    return CoreResult(table=pd.DataFrame(cols, copy=False), mm=mm, ra=rat)


def _assessment_columns(indicators: pd.DataFrame, ag: np.ndarray, ru_p: Rollup, ru_sd: Rollup,
                        targets: tuple, settings: Settings) -> dict[str, np.ndarray]:
    """Numeric and flag columns of :class:`CoreResult` ``table`` (all but the keys).

    ``targets`` is ``(target_periode, target_sd, target_tahunan)``; the period's own months
    (``ru_p``) meet ``target_periode``, the months to date (``ru_sd``) meet ``target_sd``
    and ``target_tahunan``.
    """
    tp, tsd, tt = targets
    pol, met = indicators["polaritas"], indicators["metode_negatif"]
    cap = settings.batas_capaian
    # an annual PK target of 0 makes every capaian of the indicator unassessable
    cp_p = formulas.target_tahunan_nol(formulas.capaian(ru_p.realisasi, tp, pol, met, cap), tt)
    cp_sd = formulas.target_tahunan_nol(formulas.capaian(ru_sd.realisasi, tsd, pol, met, cap),
                                        tt)
    cp_t = formulas.target_tahunan_nol(formulas.capaian(ru_sd.realisasi, tt, pol, met, cap), tt)

    def reason(cp, ru):
        zero_q = (ag == RASIO) & (ru.bulan_dilaporkan > 0) & np.isnan(ru.realisasi)
        return formulas.alasan_penyebut_nol(cp["alasan"].to_numpy(dtype=object), zero_q)

    scale = settings.predikat_scale
    return {
        "realisasi_periode": ru_p.realisasi,
        "realisasi_sd": ru_sd.realisasi,
        "pembilang_sd": ru_sd.pembilang,
        "penyebut_sd": ru_sd.penyebut,
        "target_periode": tp,
        "target_sd": tsd,
        "target_tahunan": tt,
        "capaian_periode": cp_p["capaian"].to_numpy(),
        "capaian_periode_mentah": cp_p["capaian_mentah"].to_numpy(),
        "capaian_sd": cp_sd["capaian"].to_numpy(),
        "capaian_sd_mentah": cp_sd["capaian_mentah"].to_numpy(),
        "capaian_tahunan": cp_t["capaian"].to_numpy(),
        "capaian_tahunan_mentah": cp_t["capaian_mentah"].to_numpy(),
        "predikat": formulas.predikat(cp_sd["capaian"].to_numpy(), scale).array,
        "predikat_periode": formulas.predikat(cp_p["capaian"].to_numpy(), scale).array,
        "dinilai": cp_sd["dinilai"].to_numpy(),
        "alasan": reason(cp_sd, ru_sd),
        "dinilai_periode": cp_p["dinilai"].to_numpy(),
        "alasan_periode": reason(cp_p, ru_p),
        "bulan_diharapkan": np.full(len(indicators), ru_sd.bulan_diharapkan, dtype=np.int64),
        "bulan_dilaporkan": ru_sd.bulan_dilaporkan,
        "lengkap": ru_sd.lengkap,
        "bulan_hilang": ru_sd.bulan_hilang,
        "lengkap_periode": ru_p.lengkap,
        "bulan_hilang_periode": ru_p.bulan_hilang,
    }


def run_core(pk: pd.DataFrame, ra: pd.DataFrame, realisasi: pd.DataFrame, periode: Periode,
             settings: Settings, tahun: int | None = None
             ) -> tuple[pd.DataFrame, pd.DataFrame, CoreResult]:
    """The capaian path of :func:`compute_period`: prepare, roll up, targets, capaian.

    Parameters
    ----------
    pk, ra, realisasi : DataFrame
        Canonical PK, RA and monthly frames (object or categorical text columns).
    periode : Periode
    settings : Settings
    tahun : int, optional
        Keep only monthly rows of this year.

    Returns
    -------
    indicators : DataFrame
        :func:`prepare_indicators` output (row order of every table).
    monthly : DataFrame
        :func:`prepare_monthly` output.
    core : CoreResult
    """
    ind = prepare_indicators(pk, settings)
    monthly, pos = _prepare_monthly(realisasi, ind, tahun)
    core = compute_capaian(ind, ra, monthly, periode, settings, positions=pos)
    return ind, monthly, core


# --------------------------------------------------------------------------- tables




def _lineage(indicators: pd.DataFrame, monthly: pd.DataFrame, ra: pd.DataFrame,
             months_to_date) -> np.ndarray:
    """Sorted unique source files behind each indicator's numbers, joined by ``"; "``."""
    parts = []
    for frame, month_filter in ((indicators, False), (ra, False), (monthly, True)):
        if "sumber_file" not in frame.columns or frame.empty:
            continue
        f = frame
        if month_filter:
            f = f[pd.to_numeric(f["bulan"], errors="coerce").isin(list(months_to_date))]
        pos = indicator_positions(indicators, f, KEYS)
        parts.append(pd.DataFrame({"pos": pos, "f": f["sumber_file"].to_numpy(dtype=object)}))
    out = np.array([""] * len(indicators), dtype=object)
    if not parts:
        return out
    allf = pd.concat(parts, ignore_index=True)
    allf = allf[(allf["pos"] >= 0) & allf["f"].notna()].drop_duplicates()
    allf = allf.assign(f=allf["f"].astype(str)).sort_values(["pos", "f"], kind="stable")
    joined = allf.groupby("pos", sort=True)["f"].agg("; ".join)
    out[joined.index.to_numpy()] = joined.to_numpy(dtype=object)
    return out


def _sasaran_table(cap: pd.DataFrame, settings: Settings, meta: dict) -> pd.DataFrame:
    scale = settings.predikat_scale
    rows = []
    for (opd, kode_s), g in cap.groupby(["opd", "kode_sasaran"], sort=True, dropna=False):
        rows.append((opd, kode_s, g["sasaran"].iloc[0], g))
    for opd, g in cap.groupby("opd", sort=True, dropna=False):
        rows.append((opd, KODE_SASARAN_OPD,
                     f"Seluruh indikator {settings.nama_opd}".strip(), g))
    recs = []
    for opd, kode_s, nama, g in rows:
        ok = g["dinilai"].to_numpy(dtype=bool)
        okp = g["dinilai_periode"].to_numpy(dtype=bool)
        recs.append({
            "opd": opd, **meta, "kode_sasaran": kode_s, "sasaran": nama,
            "jumlah_indikator": int(len(g)), "jumlah_dinilai": int(ok.sum()),
            "capaian_sd": float(g["capaian_sd"][ok].mean()) if ok.any() else np.nan,
            "capaian_periode": float(g["capaian_periode"][okp].mean()) if okp.any()
            else np.nan,
            "capaian_tahunan": float(g["capaian_tahunan"].mean())
            if g["capaian_tahunan"].notna().any() else np.nan,
        })
    cols = ["opd", *meta, "kode_sasaran", "sasaran", "jumlah_indikator", "jumlah_dinilai",
            "capaian_sd", "capaian_periode", "capaian_tahunan"]
    out = pd.DataFrame(recs, columns=cols)
    out["jumlah_indikator"] = out["jumlah_indikator"].astype(np.int64)
    out["jumlah_dinilai"] = out["jumlah_dinilai"].astype(np.int64)
    out["predikat"] = _text(formulas.predikat(out["capaian_sd"].to_numpy(float), scale))
    return out




def _year_matrix(data: YearData, settings: Settings) -> tuple[pd.DataFrame, MonthMatrix]:
    """A year's indicators (:func:`prepare_indicators`) and their :class:`MonthMatrix`."""
    ind = prepare_indicators(data.pk, settings)
    monthly = prepare_monthly(data.realisasi, ind, data.tahun)
    return ind, month_matrix(monthly, ind, KEYS)


def annual_realisation(data: YearData, settings: Settings) -> pd.DataFrame:
    """Each indicator's realisation over the whole year (months 1-12), by its roll-up rule.

    Used for the year-on-year comparison: an earlier year is computed exactly like the
    current one, from its own PK (agregasi) and monthly rows.

    Returns
    -------
    DataFrame
        ``opd, kode, realisasi, bulan_dilaporkan``.
    """
    ind, mm = _year_matrix(data, settings)
    ru = rollup_months(mm, range(1, 13))
    return pd.DataFrame({
        "opd": _text(ind["opd"]), "kode": _text(ind["kode"]),
        "realisasi": ru.realisasi, "bulan_dilaporkan": ru.bulan_dilaporkan,
    })


def annual_trend(data: YearData, settings: Settings) -> pd.DataFrame:
    """Each indicator's realisation s.d. every month of a whole year (trend of that year).

    The ``realisasi_sd`` of the year's ``bulanan`` table for the annual period (same rows,
    same order, same values) without computing the other tables: the earlier-year lines of
    the trend charts.

    Returns
    -------
    DataFrame
        ``opd, tahun, kode, unit, bulan, realisasi_sd, dilaporkan`` (the month was
        reported: trend charts leave a gap where it was not); 12 rows per indicator.
    """
    ind, mm = _year_matrix(data, settings)
    n = len(ind)
    return pd.DataFrame({
        "opd": np.repeat(_text(ind["opd"]), 12),
        "tahun": np.full(n * 12, int(data.tahun), dtype=np.int64),
        "kode": np.repeat(_text(ind["kode"]), 12),
        "unit": np.repeat(_text(ind["unit"]), 12),
        "bulan": np.tile(np.arange(1, 13), n).astype(np.int64),
        "realisasi_sd": rollup_to_each_month(mm, 12).reshape(-1),
        "dilaporkan": mm.reported.reshape(-1),
    })


def history_trend(history, settings: Settings) -> pd.DataFrame | None:
    """:func:`annual_trend` of every earlier year, stacked (None without history)."""
    frames = [annual_trend(y, settings) for y in history or () if y is not None]
    return pd.concat(frames, ignore_index=True) if frames else None


def _perbandingan_table(ind: pd.DataFrame, core: pd.DataFrame, history, settings: Settings,
                        tahun: int, meta: dict) -> pd.DataFrame:
    out = pd.DataFrame({
        "opd": _text(ind["opd"]), **{k: [v] * len(ind) for k, v in meta.items()},
        "kode": _text(ind["kode"]), "unit": _text(ind["unit"]),
        "baseline": ind["baseline"].to_numpy(dtype="float64"),
    })
    years = {}
    for h in history or ():
        if h is not None and int(h.tahun) < int(tahun):
            years[int(h.tahun)] = h
    for y in sorted(years):
        ann = annual_realisation(years[y], settings)
        pos = indicator_positions(ann, out, KEYS)
        vals = ann["realisasi"].to_numpy()
        out[f"realisasi_{y}"] = np.where(pos >= 0, vals[np.maximum(pos, 0)], np.nan) \
            if len(ann) else np.nan
    out["realisasi_tahun_ini"] = core["realisasi_sd"].to_numpy()
    out["target_renstra"] = ind["target_renstra"].to_numpy(dtype="float64")
    tr = ind["tahun_renstra"].to_numpy(dtype="float64")
    out["tahun_renstra"] = pd.array(np.where(np.isnan(tr), None, tr), dtype="Int64") \
        if len(tr) else pd.array([], dtype="Int64")
    cp = formulas.capaian(out["realisasi_tahun_ini"].to_numpy(), out["target_renstra"],
                          ind["polaritas"], ind["metode_negatif"], settings.batas_capaian)
    out["capaian_renstra"] = cp["capaian"].to_numpy()
    out["capaian_renstra_mentah"] = cp["capaian_mentah"].to_numpy()
    out["tahun"] = out["tahun"].astype(np.int64)
    return out


def compute_period(data: YearData, periode: Periode, settings: Settings,
                   history=()) -> dict[str, pd.DataFrame]:
    """Compute every engine table of one period.

    Parameters
    ----------
    data : YearData
        The year's canonical frames (``store.load_year`` or ingest).
    periode : Periode
        Period of ``data.tahun``.
    settings : Settings
    history : sequence of YearData
        Earlier years (only years before ``data.tahun`` are used) for ``perbandingan``.

    Returns
    -------
    dict of str -> DataFrame
        ``capaian``, ``sasaran``, ``anggaran``, ``proyeksi``, ``bulanan``, ``perbandingan``
        (schema in ``docs/dev/arsitektur.md``), rows sorted by ``(kode, unit)``.
    """
    if int(periode.tahun) != int(data.tahun):
        raise ValueError(f"Periode {periode.label} tidak sesuai dengan data tahun {data.tahun}.")
    tahun = int(data.tahun)
    ra = data.ra if data.ra is not None else pd.DataFrame()
    if "tahun" in ra.columns and len(ra):
        ra = ra[pd.to_numeric(ra["tahun"], errors="coerce") == tahun]
    ind, monthly, core = run_core(data.pk, ra, data.realisasi, periode, settings, tahun)
    meta = {"tahun": tahun, "periode": periode.kode}
    cap = _capaian_table(ind, core, monthly, ra, periode, tahun)
    return {
        "capaian": cap,
        "sasaran": _sasaran_table(cap, settings, meta),
        "anggaran": anggaran_table(data, cap, periode, settings, meta),
        "proyeksi": _proyeksi_table(ind, cap, core, periode, settings),
        "bulanan": _bulanan_table(cap, core, periode, tahun),
        "perbandingan": _perbandingan_table(ind, core.table, history, settings, tahun, meta),
    }


def _capaian_table(ind: pd.DataFrame, core: CoreResult, monthly: pd.DataFrame,
                   ra: pd.DataFrame, periode: Periode, tahun: int) -> pd.DataFrame:
    """The ``capaian`` table: PK text, the core's numbers and lineage, in CAPAIAN_COLUMNS."""
    n = len(ind)
    cap = pd.DataFrame({"opd": _text(ind["opd"]), "tahun": np.full(n, tahun, dtype=np.int64),
                        "periode": [periode.kode] * n})
    for col in ("kode", *_PK_TEXT):
        cap[col] = _text(ind[col])
    cap["jenis_target"] = np.where(core.ra.ada, np.where(core.ra.kumulatif, "kumulatif",
                                                         "per_triwulan"), None)
    cap["jenis_target"] = _text(cap["jenis_target"])
    t = core.table
    for col in t.columns:
        if col in KEYS:
            continue
        v = t[col]
        cap[col] = _text(v) if isinstance(v.dtype, pd.CategoricalDtype) or v.dtype == object \
            else v.to_numpy()
    cap["sumber_file"] = _lineage(ind, monthly, ra, periode.months_to_date)
    cap["periode_label"] = periode.label
    return cap[list(CAPAIAN_COLUMNS)]


def _proyeksi_table(ind: pd.DataFrame, cap: pd.DataFrame, core: CoreResult, periode: Periode,
                    settings: Settings) -> pd.DataFrame:
    """The ``proyeksi`` table (:func:`kinerja_lib.domain.projection.proyeksi`) with keys."""
    t = core.table
    pr = _proyeksi(core.mm, periode.last_month, t["target_tahunan"].to_numpy(),
                   ind["polaritas"], ind["metode_negatif"], settings.batas_capaian,
                   settings.ambang_risiko, target_sd=t["target_sd"].to_numpy(), ra=core.ra)
    return pd.concat([cap[["opd", "tahun", "periode", "kode", "unit"]], pr], axis=1)


def _bulanan_table(cap: pd.DataFrame, core: CoreResult, periode: Periode, tahun: int
                   ) -> pd.DataFrame:
    """The ``bulanan`` table: each month's own value and the values s.d. that month."""
    upto = periode.last_month
    n = len(cap)
    mm = core.mm
    months = np.arange(1, upto + 1)
    rep = mm.reported[:, :upto]
    real_m = mm.realisasi[:, :upto]
    ratio_m = np.where(rep, mm.pembilang[:, :upto] / np.where(
        mm.penyebut[:, :upto] > 0, mm.penyebut[:, :upto], np.nan) * 100.0, np.nan)
    real_m = np.where((mm.agregasi == RASIO)[:, None], ratio_m, real_m)
    return pd.DataFrame({
        "opd": np.repeat(cap["opd"].to_numpy(dtype=object), upto),
        "tahun": np.full(n * upto, tahun, dtype=np.int64),
        "periode": [periode.kode] * (n * upto),
        "kode": np.repeat(cap["kode"].to_numpy(dtype=object), upto),
        "unit": np.repeat(cap["unit"].to_numpy(dtype=object), upto),
        "bulan": np.tile(months, n).astype(np.int64),
        "nama_bulan": np.tile(np.array(NAMA_BULAN[:upto], dtype=object), n),
        "triwulan": np.tile([triwulan_of_month(m) for m in months], n).astype(np.int64),
        "realisasi": real_m.reshape(-1),
        "pembilang": np.where(rep, mm.pembilang[:, :upto], np.nan).reshape(-1),
        "penyebut": np.where(rep, mm.penyebut[:, :upto], np.nan).reshape(-1),
        "dilaporkan": rep.reshape(-1),
        "realisasi_sd": rollup_to_each_month(mm, upto).reshape(-1),
        "target_sd": monthly_target_sd(core.ra, mm.agregasi, upto).reshape(-1),
    })


# --------------------------------------------------------------------------- table readers


IKU_YA = "Ya"
"""Code of an IKU indicator in the PK ``iku`` column (``contract.PK_SHEET``: Ya/Tidak)."""


def iku_mask(iku) -> np.ndarray:
    """True for the key indicators (IKU) of an engine/PK ``iku`` column.

    The column holds the contract code (``"Ya"``/``"Tidak"``, blank = not IKU; ingest
    normalises what units type); a boolean column is taken as it is.
    """
    s = pd.Series(iku)
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.to_numpy(dtype=bool)
    return (s.astype(object) == IKU_YA).to_numpy(dtype=bool)




