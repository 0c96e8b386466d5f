"""Benchmark: the engine's roll-up + capaian + predikat at national scale, next to DuckDB.

A synthetic, seeded frame shaped like a national roll-out (550 local governments x 40
offices x 30 indicators x 12 months ~ 7.9 M monthly rows; ``opd`` holds the government x
office id) is pushed through the SAME library functions ``engine.compute_period`` uses
(``engine.run_core``: ``prepare_indicators``, ``prepare_monthly``, ``compute_capaian``), and through one DuckDB SQL
query that implements the same rules. Both results are joined on ``(opd, kode)`` and must
agree (``np.allclose``, equal labels).

Each size runs in fresh subprocesses (one for pandas, one for DuckDB) so that the peak
resident memory (``ru_maxrss``) of each is its own. The reported time is the best of
``--ulang`` runs of the computation only (data generation excluded).

Usage::

    .venv/bin/python benchmarks/bench_engine.py                  # 1M, 2M, 4M, 8M rows
    .venv/bin/python benchmarks/bench_engine.py --sizes 1000000 --periode tahunan
    .venv/bin/python benchmarks/bench_engine.py --quick          # tiny correctness run

Exit status 0 when both engines agree at every size (and, unless ``--quick``, prints whether
the targets -- at most 2x DuckDB's time and 3 GB peak -- are met); 1 on a mismatch.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kinerja_lib.domain import engine  # noqa: E402
from kinerja_lib.domain.aggregation import bulan_hilang_text  # noqa: E402
from kinerja_lib.domain.periods import Periode  # noqa: E402
from kinerja_lib.domain.settings import Settings  # noqa: E402

N_KODE = 30
OFFICES_PER_GOV = 40
AGREGASI = ["kumulatif", "posisi_akhir", "rasio", "rata_rata"]
SETTINGS = Settings()


# --------------------------------------------------------------------------- data


def generate(rows: int, seed: int = 20240101) -> dict[str, pd.DataFrame]:
    """Synthetic canonical frames with about ``rows`` monthly rows (vectorised, seeded).

    Returns ``indicators`` (PK-like), ``ra`` (long RA frame) and ``realisasi`` (monthly).
    Keys are categoricals, months int8, values float64. About 3 % of the monthly rows are
    absent (missing months), 0.5 % of the indicators report nothing, 1 % of the values are
    blank, 1 % of the negatif values are 0, 0.5 % of targets are 0, 1 % of the indicators
    have no RA (PK annual fallback), 20 % of the indicators are negatif (half method A, half
    B), the four agregasi types are mixed, and RA targets are typed per quarter or
    cumulative to date.
    """
    rng = np.random.default_rng(seed)
    n_opd = max(1, rows // (N_KODE * 12))
    n = n_opd * N_KODE
    gov, off = np.divmod(np.arange(n_opd), OFFICES_PER_GOV)
    opd_names = pd.Index([f"G{g:03d}-O{o:02d}" for g, o in zip(gov, off, strict=True)])
    kode_names = pd.Index([f"IK-{k:02d}" for k in range(1, N_KODE + 1)])

    opd_i = np.repeat(np.arange(n_opd, dtype=np.int32), N_KODE)
    kode_i = np.tile(np.arange(N_KODE, dtype=np.int8), n_opd)
    ag_i = rng.integers(0, 4, n).astype(np.int8)
    neg = rng.random(n) < 0.2
    met_b = neg & (rng.random(n) < 0.5)
    base = rng.uniform(5, 500, n)
    flow = ag_i == 0
    tt = np.where(flow, base * 12, base) * rng.uniform(0.8, 1.3, n)
    tt[rng.random(n) < 0.005] = 0.0
    rasio = ag_i == 2
    tt[rasio] = rng.uniform(50, 100, rasio.sum())

    cat = pd.Categorical.from_codes
    indicators = pd.DataFrame({
        "opd": cat(opd_i, opd_names),
        "kode": cat(kode_i, kode_names),
        "agregasi": cat(ag_i, AGREGASI),
        "polaritas": cat(neg.astype(np.int8), ["positif", "negatif"]),
        "metode_negatif": cat(np.where(neg, met_b.astype(np.int8), -1), ["A", "B"]),
        "target_tahunan": tt,
    })

    # RA: quarter weights; per_triwulan = annual x weight (flows) or a ramp (levels)
    w = rng.dirichlet(np.ones(4), n)
    ramp = np.array([0.7, 0.8, 0.9, 1.0])
    q_flow = tt[:, None] * w
    q_level = tt[:, None] * ramp[None, :]
    typed_cum = rng.random(n) < 0.4
    per_q = np.where(flow[:, None], q_flow, q_level)
    typed = np.where((typed_cum & flow)[:, None], np.cumsum(per_q, axis=1), per_q)
    has_ra = rng.random(n) > 0.01  # 1 % without RA -> PK annual fallback
    ra_rows = np.flatnonzero(has_ra)
    ra = pd.DataFrame({
        "opd": cat(np.repeat(opd_i[ra_rows], 4), opd_names),
        "kode": cat(np.repeat(kode_i[ra_rows], 4), kode_names),
        "jenis_target": cat(np.repeat(typed_cum[ra_rows].astype(np.int8), 4),
                            ["per_triwulan", "kumulatif"]),
        "triwulan": np.tile(np.arange(1, 5, dtype=np.int8), len(ra_rows)),
        "target_ra": typed[ra_rows].reshape(-1),
    })

    # monthly rows
    m_opd = np.repeat(opd_i, 12)
    m_kode = np.repeat(kode_i, 12)
    m_ind = np.repeat(np.arange(n), 12)
    bulan = np.tile(np.arange(1, 13, dtype=np.int8), n)
    present = rng.random(n * 12) > 0.03
    silent = rng.random(n) < 0.005  # indicators with no report at all
    present &= ~silent[m_ind]
    lvl = base[m_ind] * rng.uniform(0.6, 1.3, n * 12)
    q = rng.integers(1, 200, n * 12).astype("float64")
    p = np.floor(q * rng.uniform(0.4, 1.0, n * 12))
    is_rasio = rasio[m_ind]
    real = np.where(is_rasio, p / q * 100.0, np.round(lvl, 2))
    real[(neg[m_ind]) & (rng.random(n * 12) < 0.01)] = 0.0
    blank = rng.random(n * 12) < 0.01
    real[blank] = np.nan
    p = np.where(is_rasio & ~blank, p, np.nan)
    q = np.where(is_rasio & ~blank, q, np.nan)
    keep = np.flatnonzero(present)
    realisasi = pd.DataFrame({
        "opd": cat(m_opd[keep], opd_names),
        "kode": cat(m_kode[keep], kode_names),
        "bulan": bulan[keep],
        "realisasi": real[keep],
        "pembilang": p[keep],
        "penyebut": q[keep],
    })
    return {"indicators": indicators, "ra": ra, "realisasi": realisasi}


# --------------------------------------------------------------------------- pandas

COMPARE = ["realisasi_periode", "realisasi_sd", "target_periode", "target_sd",
           "capaian_periode", "capaian_periode_mentah", "capaian_sd", "capaian_sd_mentah",
           "capaian_tahunan", "bulan_dilaporkan"]
LABELS = ["predikat", "predikat_periode", "dinilai", "alasan", "bulan_hilang"]


def run_pandas(frames, periode: Periode) -> pd.DataFrame:
    """The engine path: the functions ``engine.compute_period`` calls for ``capaian``."""
    _, _, core = engine.run_core(frames["indicators"], frames["ra"], frames["realisasi"],
                                 periode, SETTINGS)
    return core.table


# --------------------------------------------------------------------------- DuckDB


def _sql(periode: Periode, s: Settings) -> str:
    a, b = periode.months[0], periode.months[-1]
    f, last = periode.triwulan_list[0], periode.triwulan_list[-1]
    cap = float(s.batas_capaian)
    bands = s.predikat_scale

    def clip(col):  # DuckDB's greatest/least skip NULLs, so guard explicitly
        return f"CASE WHEN {col} IS NOT NULL THEN least(greatest({col}, 0), {cap}) END"

    def pred(col):
        whens = " ".join(
            f"WHEN round({col}, 2) >= {lb} THEN '{lab}'" for lb, lab in bands[:-1])
        return f"CASE WHEN {col} IS NULL THEN 'Tidak dapat dinilai' {whens} " \
               f"ELSE '{bands[-1][1]}' END"

    def sd_flow(qn):  # flow target to date at quarter qn (0 -> 0)
        if qn == 0:
            return "0.0"
        cum = " + ".join(f"t{i}" for i in range(1, qn + 1))
        return f"(CASE WHEN kum THEN t{qn} ELSE {cum} END)"

    def capaian(r, t):
        raw = (f"CASE WHEN polaritas = 'negatif' THEN (CASE WHEN metode_negatif = 'B' "
               f"THEN {t} / {r} * 100 ELSE (2 * {t} - {r}) / {t} * 100 END) "
               f"ELSE {r} / {t} * 100 END")
        ok = (f"({t} IS NOT NULL AND {t} <> 0 AND {r} IS NOT NULL AND NOT "
              f"(polaritas = 'negatif' AND metode_negatif = 'B' AND {r} = 0))")
        alasan = (f"CASE WHEN {t} IS NULL THEN 'Target tidak tersedia' "
                  f"WHEN {t} = 0 THEN 'Target bernilai 0 sehingga capaian tidak dapat "
                  f"dihitung' WHEN {r} IS NULL THEN 'Realisasi belum dilaporkan' "
                  f"WHEN polaritas = 'negatif' AND metode_negatif = 'B' AND {r} = 0 THEN "
                  f"'Realisasi 0 pada indikator negatif metode B (T/R) sehingga capaian "
                  f"tidak dapat dihitung' END")
        return f"CASE WHEN {ok} THEN {raw} END", ok, alasan

    def win(lo, hi, expr, fn="sum"):
        return f"{fn}({expr}) FILTER (WHERE rep AND bulan BETWEEN {lo} AND {hi})"

    def value(suffix):
        return (f"CASE WHEN n_{suffix} = 0 THEN NULL "
                f"WHEN agregasi = 'kumulatif' THEN sum_{suffix} "
                f"WHEN agregasi = 'posisi_akhir' THEN last_{suffix} "
                f"WHEN agregasi = 'rata_rata' THEN avg_{suffix} "
                f"WHEN agregasi = 'rasio' THEN CASE WHEN q_{suffix} > 0 THEN p_{suffix} / "
                f"q_{suffix} * 100 END END")

    cp_p, ok_p, al_p = capaian("rp", "tp")
    cp_s, ok_s, al_s = capaian("rs", "ts")
    cp_t, _, _ = capaian("rs", "target_tahunan")
    aggs = []
    for sfx, lo, hi in (("p", a, b), ("s", 1, b)):
        aggs += [
            f"count(*) FILTER (WHERE rep AND bulan BETWEEN {lo} AND {hi}) AS n_{sfx}",
            f"{win(lo, hi, 'realisasi')} AS sum_{sfx}",
            f"{win(lo, hi, 'realisasi', 'avg')} AS avg_{sfx}",
            f"arg_max(realisasi, bulan) FILTER (WHERE rep AND bulan BETWEEN {lo} AND {hi})"
            f" AS last_{sfx}",
            f"{win(lo, hi, 'pembilang')} AS p_{sfx}",
            f"{win(lo, hi, 'penyebut')} AS q_{sfx}",
            f"bit_or(CAST(1 AS BIGINT) << (bulan - 1)) FILTER (WHERE rep AND bulan BETWEEN "
            f"{lo} AND {hi}) AS mask_{sfx}",
        ]
    flow_p = f"({sd_flow(last)} - {sd_flow(f - 1)})"
    return f"""
    WITH ind AS (
        SELECT opd, kode, agregasi, polaritas, metode_negatif, target_tahunan FROM ind_df
    ),
    m AS (
        SELECT r.opd, r.kode, r.bulan, r.realisasi, r.pembilang, r.penyebut,
               CASE WHEN i.agregasi = 'rasio'
                    THEN r.pembilang IS NOT NULL AND r.penyebut IS NOT NULL
                    ELSE r.realisasi IS NOT NULL END AS rep
        FROM real_df r JOIN ind i ON r.opd = i.opd AND r.kode = i.kode
        WHERE r.bulan BETWEEN 1 AND {b}
    ),
    agg AS (
        SELECT opd, kode, {', '.join(aggs)} FROM m GROUP BY opd, kode
    ),
    rat AS (
        SELECT opd, kode, bool_or(jenis_target = 'kumulatif') AS kum,
               max(target_ra) FILTER (WHERE triwulan = 1) AS t1,
               max(target_ra) FILTER (WHERE triwulan = 2) AS t2,
               max(target_ra) FILTER (WHERE triwulan = 3) AS t3,
               max(target_ra) FILTER (WHERE triwulan = 4) AS t4
        FROM ra_df GROUP BY opd, kode
    ),
    j AS (
        SELECT i.*, coalesce(a.n_p, 0) AS n_p, coalesce(a.n_s, 0) AS n_s,
               a.sum_p, a.avg_p, a.last_p, a.p_p, a.q_p, a.sum_s, a.avg_s, a.last_s,
               a.p_s, a.q_s, coalesce(a.mask_s, 0) AS mask_s, coalesce(a.mask_p, 0) AS mask_p,
               coalesce(rat.kum, true) AS kum, rat.t1, rat.t2, rat.t3,
               CASE WHEN rat.opd IS NULL THEN i.target_tahunan ELSE rat.t4 END AS t4
        FROM ind i LEFT JOIN agg a ON a.opd = i.opd AND a.kode = i.kode
                   LEFT JOIN rat ON rat.opd = i.opd AND rat.kode = i.kode
    ),
    v AS (
        SELECT *, {value('p')} AS rp, {value('s')} AS rs,
               CASE WHEN agregasi = 'kumulatif' THEN {flow_p} ELSE t{last} END AS tp,
               CASE WHEN agregasi = 'kumulatif' THEN {sd_flow(last)} ELSE t{last} END AS ts
        FROM j
    ),
    c AS (
        SELECT *, {cp_p} AS cpm, {cp_s} AS csm, {cp_t} AS ctm, {ok_s} AS dinilai,
               {al_s} AS alasan
        FROM v
    )
    SELECT opd, kode, rp AS realisasi_periode, rs AS realisasi_sd, tp AS target_periode,
           ts AS target_sd, {clip('cpm')} AS capaian_periode,
           cpm AS capaian_periode_mentah, {clip('csm')} AS capaian_sd,
           csm AS capaian_sd_mentah, {clip('ctm')} AS capaian_tahunan,
           n_s AS bulan_dilaporkan, mask_s,
           {pred(clip('csm'))} AS predikat,
           {pred(clip('cpm'))} AS predikat_periode,
           dinilai, alasan
    FROM c
    """


def run_duckdb(frames, periode: Periode, threads: int = 0) -> pd.DataFrame:
    """The same rules in one DuckDB query over the registered frames (``threads`` 0 =
    DuckDB's default, all cores)."""
    import duckdb

    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads TO {int(threads)}")
    con.register("ind_df", frames["indicators"])
    con.register("ra_df", frames["ra"])
    con.register("real_df", frames["realisasi"])
    out = con.execute(_sql(periode, SETTINGS)).df()
    con.close()
    return out


# --------------------------------------------------------------------------- worker


def _maxrss_mb() -> float:
    """Peak resident set size of this process in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _rss_mb() -> float:
    """Current resident set size in MB (``/proc/self/status`` VmRSS)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


def _reset_peak() -> bool:
    """Reset the peak-RSS mark (Linux >= 4.0: ``echo 5 > /proc/self/clear_refs``).

    Without it the peak would be that of the data generation, which needs more temporary
    memory than the computation. Returns False where not supported (then the peak includes
    generation).
    """
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def worker(args) -> int:
    periode = Periode.from_kode(2024, args.periode)
    t0 = time.perf_counter()
    frames = generate(args.rows, args.seed)
    gen_s = time.perf_counter() - t0
    gc.collect()
    rss_data = _rss_mb()
    reset = _reset_peak()
    if args.engine == "pandas":
        fn = run_pandas
    else:
        def fn(frames, periode):
            return run_duckdb(frames, periode, args.duckdb_threads)
    times = []
    out = None
    for _ in range(args.ulang):
        out = None
        t0 = time.perf_counter()
        out = fn(frames, periode)
        times.append(time.perf_counter() - t0)
    rss_peak = _maxrss_mb()
    keep = ["opd", "kode", *COMPARE, *LABELS] if args.engine == "pandas" else None
    res = out[keep] if keep else out
    res = res.assign(opd=res["opd"].astype(str), kode=res["kode"].astype(str))
    for col in LABELS:
        if col in res.columns and col != "dinilai":
            res[col] = res[col].astype(object)
    res.to_parquet(args.keluaran, index=False)
    print(json.dumps({
        "engine": args.engine, "rows": int(len(frames["realisasi"])),
        "indicators": int(len(frames["indicators"])), "gen_s": gen_s, "times": times,
        "best_s": min(times), "rss_data_mb": rss_data, "rss_peak_mb": rss_peak,
        "peak_reset": reset,
    }))
    return 0


# --------------------------------------------------------------------------- compare


def compare(pandas_path: Path, duck_path: Path, periode: Periode) -> list[str]:
    """Join both results on (opd, kode); return a list of mismatch descriptions."""
    a = pd.read_parquet(pandas_path)
    b = pd.read_parquet(duck_path)
    expected = int(np.left_shift(1, np.asarray(periode.months_to_date) - 1).sum())
    b["bulan_hilang"] = bulan_hilang_text(expected & ~b["mask_s"].to_numpy(dtype=np.int64))
    problems = []
    if len(a) != len(b):
        problems.append(f"row count differs: pandas {len(a)}, duckdb {len(b)}")
    j = a.merge(b, on=["opd", "kode"], how="inner", suffixes=("_pd", "_db"))
    if len(j) != len(a):
        problems.append(f"only {len(j)} of {len(a)} rows joined")
    for col in COMPARE:
        x = j[f"{col}_pd"].to_numpy(dtype="float64")
        y = j[f"{col}_db"].to_numpy(dtype="float64")
        if not np.allclose(x, y, rtol=1e-9, atol=1e-9, equal_nan=True):
            bad = ~np.isclose(x, y, rtol=1e-9, atol=1e-9, equal_nan=True)
            problems.append(f"{col}: {int(bad.sum())} values differ, e.g. "
                            f"{x[bad][:3].tolist()} vs {y[bad][:3].tolist()}")
    for col in LABELS:
        x = j[f"{col}_pd"].astype(object).where(j[f"{col}_pd"].notna(), "<kosong>")
        y = j[f"{col}_db"].astype(object).where(j[f"{col}_db"].notna(), "<kosong>")
        bad = (x != y).to_numpy()
        if bad.any():
            problems.append(f"{col}: {int(bad.sum())} labels differ, e.g. "
                            f"{x[bad].head(3).tolist()} vs {y[bad].head(3).tolist()}")
    return problems


def _run_worker(engine_name, rows, args, out_path) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_worker", "--engine", engine_name,
           "--rows", str(rows), "--periode", args.periode, "--seed", str(args.seed),
           "--ulang", str(args.ulang), "--keluaran", str(out_path),
           "--duckdb-threads", str(args.duckdb_threads)]
    env = dict(os.environ)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"{engine_name} worker failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+",
                    default=[1_000_000, 2_000_000, 4_000_000, 8_000_000],
                    help="target monthly row counts (rounded to whole offices)")
    ap.add_argument("--periode", default="tw2", help="period code (tw1..tw4, s1, s2, tahunan)")
    ap.add_argument("--seed", type=int, default=20240101)
    ap.add_argument("--ulang", type=int, default=3, help="timed repetitions (best is kept)")
    ap.add_argument("--duckdb-threads", type=int, default=0,
                    help="DuckDB threads (0 = DuckDB default: all cores)")
    ap.add_argument("--quick", action="store_true",
                    help="tiny correctness run (20 000 rows, one repetition)")
    ap.add_argument("--_worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--engine", choices=["pandas", "duckdb"], help=argparse.SUPPRESS)
    ap.add_argument("--rows", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--keluaran", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._worker:
        return worker(args)
    if args.quick:
        args.sizes, args.ulang = [20_000], 1
    periode = Periode.from_kode(2024, args.periode)
    print(f"Periode {periode.label} (triwulan {periode.triwulan_list}); "
          f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}; cores: {os.cpu_count()}; "
          f"DuckDB threads: {args.duckdb_threads or 'bawaan'}; best of {args.ulang}")
    header = (f"{'rows':>10} {'indik.':>8} {'pandas s':>9} {'duckdb s':>9} {'ratio':>6} "
              f"{'pd peak MB':>10} {'db peak MB':>10} {'data MB':>8}  equal")
    print(header)
    ok = True
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            pa, du = Path(tmp) / f"pd_{size}.parquet", Path(tmp) / f"db_{size}.parquet"
            rp = _run_worker("pandas", size, args, pa)
            rd = _run_worker("duckdb", size, args, du)
            problems = compare(pa, du, periode)
            ok &= not problems
            ratio = rp["best_s"] / rd["best_s"]
            results.append((rp, rd, ratio, problems))
            print(f"{rp['rows']:>10,} {rp['indicators']:>8,} {rp['best_s']:>9.2f} "
                  f"{rd['best_s']:>9.2f} {ratio:>6.2f} {rp['rss_peak_mb']:>10.0f} "
                  f"{rd['rss_peak_mb']:>10.0f} {rp['rss_data_mb']:>8.0f}  "
                  f"{'ya' if not problems else 'TIDAK'}", flush=True)
            for p in problems:
                print(f"    beda: {p}")
    print(f"load di akhir: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    if not ok:
        print("HASIL BERBEDA: pandas dan DuckDB tidak sama.")
        return 1
    print("Hasil pandas dan DuckDB sama (np.allclose, label sama) pada semua ukuran.")
    if not args.quick and results:
        rp, rd, ratio, _ = results[-1]
        print(f"Target <= 2x DuckDB: {'terpenuhi' if ratio <= 2 else 'TIDAK'} ({ratio:.2f}x); "
              f"puncak memori <= 3 GB: "
              f"{'terpenuhi' if rp['rss_peak_mb'] <= 3072 else 'TIDAK'} "
              f"({rp['rss_peak_mb']:.0f} MB)")
        per_row = [r[0]["best_s"] / r[0]["rows"] * 1e6 for r in results]
        print("pandas us/baris: " + ", ".join(f"{x:.3f}" for x in per_row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
