"""Benchmark: the SOP's quarterly cycle and whole year, end to end, through the real CLI.

The bundled sample (``kinerja contoh``) is written into a fresh temporary project root
(``--folder``), the previous year is validated once (set-up, not timed: in real life it was
done a year earlier), then two scenarios are timed, each as the user would type it, every
command in its own ``python -m kinerja_lib.cli`` process (interpreter start-up included):

* **Quarterly cycle (SOP steps 1-5, Triwulan II):** ``kinerja validasi --tahun 2024
  --sampai-bulan 6`` (collect, check, recap; steps 1-2) then ``kinerja jalankan --tahun 2024
  --triwulan 2`` (process, report, briefing; steps 3-5: 4 notebooks to HTML and PDF).
  Target <= 25 s on 2 cores. SOP time: 15 + 30 + 2 + 30 + 30 = 107 minutes.
* **Whole year:** ``kinerja validasi --tahun 2024`` then ``kinerja jalankan --tahun 2024
  --semua`` (4 quarters, 2 semesters, the annual LKjIP: 22 notebooks to HTML and PDF).
  Target <= 90 s on 2 cores.

SOP baseline for the whole year (assumptions, see docs/benchmark-siklus.md): steps 1-5 four
times (4 x 107 min), step 8 (present the semester report, 60 min) twice, step 9 (annual report
from two semesters, 15 min) once: 563 minutes of work counted in minutes. Steps 6 (2 days per
semester) and 7 (120 days) are elapsed calendar times that include waiting for reviews; they
are reported separately as a second, much larger baseline at 7.5 working hours per day
(37.5-hour civil-service week), never in the headline ratio.

Each run checks its outputs (every expected .html, and .pdf unless no browser) and the exit
codes, so a broken run is never reported as fast. The reported time of a step is the median of
``--ulang`` repetitions (default 1: the machine is shared).

Usage::

    .venv/bin/python benchmarks/bench_siklus.py                # both scenarios
    .venv/bin/python benchmarks/bench_siklus.py --hanya triwulan --ulang 3
    .venv/bin/python benchmarks/bench_siklus.py --tanpa-pdf    # HTML only

Exit status: 0 when every command succeeded and the outputs exist (targets met or not: the
verdict is printed), 1 when a command failed or an output is missing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TAHUN = 2024
TAHUN_LALU = 2023

#: SOP step times in minutes (SOP "Pengumpulan Data Kinerja", column "Waktu").
SOP_MENIT = {1: 15, 2: 30, 3: 2, 4: 30, 5: 30, 8: 60, 9: 15}
SOP_HARI = {6: 2, 7: 120}
JAM_KERJA_PER_HARI = 7.5
SOP_TRIWULAN_MENIT = sum(SOP_MENIT[s] for s in (1, 2, 3, 4, 5))  # 107
SOP_TAHUN_MENIT = 4 * SOP_TRIWULAN_MENIT + 2 * SOP_MENIT[8] + SOP_MENIT[9]  # 563
SOP_TAHUN_PENUH_MENIT = SOP_TAHUN_MENIT + (2 * SOP_HARI[6] + SOP_HARI[7]) * JAM_KERJA_PER_HARI * 60

TARGET_TRIWULAN_S = 25.0
TARGET_TAHUN_S = 90.0

TW_STEMS = ["01_pengumpulan", "02_pengolahan", "03_laporan_triwulan", "04_sosialisasi_triwulan"]
EXPECTED = {
    **{f"tw{n}": TW_STEMS for n in (1, 2, 3, 4)},
    "s1": ["02_pengolahan", "05_laporan_semester"],
    "s2": ["02_pengolahan", "05_laporan_semester"],
    "tahunan": ["02_pengolahan", "06_laporan_tahunan"],
}


class BenchError(RuntimeError):
    pass


CPU_S: list[float] = []  # CPU seconds (user + sys) of each kinerja() call, all descendants


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return float("nan")
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _load() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def kinerja(root: Path, *args: str, timeout: float = 900, ok_codes=(0,)) -> float:
    """Run one ``kinerja`` command in its own process; return its wall time in seconds.

    The CPU time of the command and every process it waited for (kernels, browser) is
    appended to :data:`CPU_S`; it is less sensitive than wall time to other load."""
    cmd = [sys.executable, "-m", "kinerja_lib.ui.cli", "--folder", str(root), *args]
    env = {k: v for k, v in os.environ.items() if k != "KINERJA_HOME"}
    c0 = _children_cpu()
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env,
                          cwd=root, stdin=subprocess.DEVNULL)
    elapsed = time.perf_counter() - t0
    CPU_S.append(_children_cpu() - c0)
    if proc.returncode not in ok_codes:
        raise BenchError(f"`kinerja {' '.join(args)}` keluar dengan kode {proc.returncode}:\n"
                         f"{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return elapsed


def check_outputs(root: Path, kodes: list[str], pdf: bool) -> int:
    """Count the expected report files; raise when one is missing."""
    missing, n = [], 0
    for kode in kodes:
        folder = root / "reports" / str(TAHUN) / kode
        for stem in EXPECTED[kode]:
            for ext in ("ipynb", "html") + (("pdf",) if pdf else ()):
                where = folder.parent / "notebook" / kode if ext == "ipynb" else folder
                f = where / f"{stem}.{ext}"  # executed notebooks: docs/ukuran-berkas.md
                if f.exists() and f.stat().st_size > 0:
                    n += 1
                else:
                    missing.append(str(f))
    if missing:
        raise BenchError("Berkas laporan tidak terbentuk:\n  " + "\n  ".join(missing))
    return n


def browser_available() -> bool:
    sys.path.insert(0, str(ROOT))
    from kinerja_lib.reports import render as report

    return bool(report.find_browser(None))


def fresh_root(base: Path) -> Path:
    """A project root with the sample written and the previous year validated."""
    root = Path(tempfile.mkdtemp(prefix="siklus-", dir=base))
    kinerja(root, "contoh", "--tahun", str(TAHUN_LALU), str(TAHUN))
    kinerja(root, "validasi", "--tahun", str(TAHUN_LALU), ok_codes=(0, 1))
    return root


def scenario(base: Path, name: str, ulang: int, paralel: int, pdf: bool) -> dict:
    extra = ["--paralel", str(paralel)] + ([] if pdf else ["--tanpa-pdf"])
    if name == "triwulan":
        steps = [("validasi s.d. Juni (langkah 1-2)",
                  ["validasi", "--tahun", str(TAHUN), "--sampai-bulan", "6"]),
                 ("jalankan triwulan 2 (langkah 3-5)",
                  ["jalankan", "--tahun", str(TAHUN), "--triwulan", "2", *extra])]
        kodes = ["tw2"]
    else:
        steps = [("validasi setahun", ["validasi", "--tahun", str(TAHUN)]),
                 ("jalankan --semua (22 notebook)",
                  ["jalankan", "--tahun", str(TAHUN), "--semua", *extra])]
        kodes = list(EXPECTED)
    times: dict[str, list[float]] = {label: [] for label, _ in steps}
    cpu: dict[str, list[float]] = {label: [] for label, _ in steps}
    files = 0
    for _ in range(ulang):
        root = fresh_root(base)  # every repetition starts from untouched sample data
        try:
            for label, args in steps:
                # validasi exits 1 on the sample's planted data errors (rows quarantined,
                # tables still written); the tables are checked below
                times[label].append(kinerja(root, *args, ok_codes=(0, 1) if args[0] ==
                                            "validasi" else (0,)))
                cpu[label].append(CPU_S[-1])
                if args[0] == "validasi" and not (
                        root / "data" / "processed" / str(TAHUN) / "pk.parquet").exists():
                    raise BenchError("validasi tidak menulis data olahan.")
            files = check_outputs(root, kodes, pdf)
        finally:
            shutil.rmtree(root, ignore_errors=True)
    med = {label: statistics.median(v) for label, v in times.items()}
    return {"steps": med, "total": sum(med.values()), "files": files,
            "runs": {label: v for label, v in times.items()},
            "cpu": {label: statistics.median(v) for label, v in cpu.items()}}


def ratio(sop_minutes: float, seconds: float) -> str:
    return f"{sop_minutes * 60 / seconds:,.0f}x".replace(",", ".")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hanya", choices=["triwulan", "tahun"], default=None,
                    help="jalankan satu skenario saja")
    ap.add_argument("--ulang", type=int, default=1, help="jumlah pengulangan (median)")
    ap.add_argument("--paralel", type=int, default=2, help="kernel paralel (bawaan 2)")
    ap.add_argument("--tanpa-pdf", action="store_true", help="hanya HTML")
    args = ap.parse_args(argv)

    if not (ROOT / "notebooks" / "03_laporan_triwulan.py").exists():
        print("Notebook fase belum ada di notebooks/; benchmark tidak dapat dijalankan.")
        return 1
    pdf = not args.tanpa_pdf
    if pdf and not browser_available():
        print("Peramban Chromium tidak ditemukan: diukur tanpa PDF (target mengandaikan PDF).")
        pdf = False
    names = [args.hanya] if args.hanya else ["triwulan", "tahun"]
    print(f"Benchmark siklus SOP: {os.cpu_count()} inti, --paralel {args.paralel}, "
          f"{'HTML + PDF' if pdf else 'HTML saja'}, median dari {args.ulang} kali.\n")
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-siklus-") as tmp:
        for name in names:
            try:
                res = scenario(Path(tmp), name, args.ulang, args.paralel, pdf)
            except BenchError as exc:
                print(f"GAGAL ({name}): {exc}")
                ok = False
                continue
            target = TARGET_TRIWULAN_S if name == "triwulan" else TARGET_TAHUN_S
            sop = SOP_TRIWULAN_MENIT if name == "triwulan" else SOP_TAHUN_MENIT
            judul = ("Siklus triwulan (SOP langkah 1-5, Triwulan II)" if name == "triwulan"
                     else "Setahun penuh (4 triwulan, 2 semester, LKjIP)")
            print(judul)
            for label, sec in res["steps"].items():
                runs = ", ".join(f"{s:.1f}" for s in res["runs"][label])
                print(f"  {label:<36} {sec:7.1f} s   CPU {res['cpu'][label]:6.1f} s   "
                      f"(ulangan: {runs})")
            verdict = "tercapai" if res["total"] <= target else "TIDAK tercapai"
            print(f"  {'total':<36} {res['total']:7.1f} s   target <= {target:.0f} s: {verdict}")
            print(f"  berkas laporan diperiksa: {res['files']}; beban mesin (load average "
                  f"1 menit) di akhir: {_load():.1f}")
            print(f"  waktu SOP: {sop} menit -> {ratio(sop, res['total'])} lebih cepat")
            if name == "tahun":
                print(f"  (termasuk langkah 6-7 dalam hari kerja {JAM_KERJA_PER_HARI:g} jam: "
                      f"{SOP_TAHUN_PENUH_MENIT:,.0f} menit -> "
                      f"{ratio(SOP_TAHUN_PENUH_MENIT, res['total'])})".replace(",", "."))
            print()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
