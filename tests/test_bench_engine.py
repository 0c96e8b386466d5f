"""The engine benchmark's correctness check: pandas engine == DuckDB SQL (not timed).

DuckDB is in the ``dev`` extra, so it is imported normally: a missing DuckDB is a collection
error, never a silent skip (the same rule ``conftest.py`` applies to the browser under CI).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import duckdb  # noqa: F401 - fail loudly when the dev extra is not installed

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "bench_engine.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_engine", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_quick_run_agrees_with_duckdb():
    proc = subprocess.run([sys.executable, str(SCRIPT), "--quick", "--periode", "s2"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Hasil pandas dan DuckDB sama" in proc.stdout
    row = [line for line in proc.stdout.splitlines() if line.strip().endswith("ya")]
    assert len(row) == 1


def test_compare_detects_a_difference(tmp_path):
    b = _bench()
    from kinerja_lib.domain.periods import Periode

    periode = Periode.from_kode(2024, "tw2")
    frames = b.generate(6000, seed=7)
    pd_res = b.run_pandas(frames, periode)
    db_res = b.run_duckdb(frames, periode)
    keep = ["opd", "kode", *b.COMPARE, *b.LABELS]
    a = pd_res[keep].assign(opd=pd_res["opd"].astype(str), kode=pd_res["kode"].astype(str))
    for col in ("predikat", "predikat_periode"):
        a[col] = a[col].astype(object)
    d = db_res.assign(opd=db_res["opd"].astype(str), kode=db_res["kode"].astype(str))
    pa, pb = tmp_path / "a.parquet", tmp_path / "b.parquet"
    a.to_parquet(pa)
    d.to_parquet(pb)
    assert b.compare(pa, pb, periode) == []
    # the synthetic data covers every rule the comparison is meant to check
    assert set(a["alasan"].dropna()) >= {"Target bernilai 0 sehingga capaian tidak dapat "
                                         "dihitung", "Realisasi belum dilaporkan"}
    assert a["bulan_hilang"].ne("").any() and a["predikat"].nunique() >= 5
    # tamper with one capaian and one label: both must be reported
    i = int(d["capaian_sd"].first_valid_index())
    d.loc[i, "capaian_sd"] += 0.5
    d.loc[0, "predikat"] = "X"
    d.to_parquet(pb)
    problems = b.compare(pa, pb, periode)
    assert any(p.startswith("capaian_sd:") for p in problems)
    assert any(p.startswith("predikat:") for p in problems)
