"""Benchmark: per-notebook cost of ``kinerja jalankan`` -- warm kernels and one browser session.

Three paired comparisons, each side by side in one process on the same inputs (the sample
office of ``kinerja contoh``, validated once for 2024; set-up not timed):

1. **Kernels** -- the four Triwulan I notebooks, each run in a new kernel (``cold``, what a
   run did before) and in a warm kernel (``warm``: :class:`kinerja_lib.run.kernels.WarmKernels`,
   one kernel reused), alternating notebook by notebook. The executed notebooks' outputs
   (execution counts included, plotly's random div ids normalised) must be equal.
2. **PDF** -- the same four reports as HTML, printed by one Chromium per PDF
   (``render.html_to_pdf``) and by one browser session (``pdf_sesi.PdfSession``, start and
   close included), alternating; page counts must be equal. Chromium's processor time is
   measured from the reaped child processes (``RUSAGE_CHILDREN``).
3. **End to end** -- ``runner.run`` (data step, notebooks, HTML, PDF; 2 parallel workers) for
   one office's Triwulan I and for the whole year (22 notebooks), ``sebelum`` (cold kernels,
   a browser per PDF: ``kernels.WARM_KERNELS`` and ``pdf_sesi.SESSION_SUPPORTED`` off) and
   ``sesudah`` (the defaults), alternating, each in its own copy of the office; afterwards
   ``scripts/compare_outputs.py`` must find the two copies' data and reports equal.

Usage::

    .venv/bin/python benchmarks/bench_notebook.py              # all three, 1 round
    .venv/bin/python benchmarks/bench_notebook.py --ulang 3    # best of 3 rounds
    .venv/bin/python benchmarks/bench_notebook.py --tanpa-tahun  # skip the whole-year run

Prints a Markdown table per comparison (best wall time of ``--ulang`` rounds) and the load
average before and after (the machine may be shared). Exit status 1 when outputs differ.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kinerja_lib.io.paths import Paths  # noqa: E402
from kinerja_lib.io.settings_file import load_settings  # noqa: E402
from kinerja_lib.reports import pdf_sesi, render  # noqa: E402
from kinerja_lib.run import kernels, runner  # noqa: E402
from kinerja_lib.run.jobs import plan  # noqa: E402
from kinerja_lib.run.notebooks import job_parameters, read_notebook  # noqa: E402
from kinerja_lib.ui import cli  # noqa: E402

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
WAKTU = dt.datetime(2025, 1, 10, 9, 0)


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _outputs(nb) -> str:
    return UUID.sub("<uuid>", repr([(c.execution_count, copy.deepcopy(c.outputs))
                                    for c in nb.cells if c.cell_type == "code"]))


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return int(next(ln.split()[1] for ln in info.splitlines() if ln.startswith("Pages:")))


def office(folder: Path) -> Paths:
    """The sample office, 2024 validated and its period tables written."""
    cli.main(["--folder", str(folder), "contoh"])
    cli.main(["--folder", str(folder), "validasi", "--tahun", "2024"])
    paths = Paths(folder)
    runner.engine_data_step(paths, 2024, load_settings(paths.settings_file))
    return paths


def bench_kernels(paths: Paths, out: Path, rounds: int) -> tuple[list, list[Path], bool]:
    """Cold vs warm kernel per notebook; returns table rows, the HTML files, equality."""
    jobs = plan(2024, ["tw1"])
    env = kernels.kernel_env(paths)
    best = {(j.phase.stem, mode): float("inf") for j in jobs for mode in ("cold", "warm")}
    same = True
    work = Path(tempfile.mkdtemp(prefix="bench-nb-"))
    with kernels.WarmKernels(env, work, kernels.USE_IPC) as pool:
        for _ in range(rounds):
            for job in jobs:
                nb = read_notebook(job.notebook(paths.notebooks))
                done = {}
                for mode, warm in (("cold", None), ("warm", pool)):
                    t = time.perf_counter()
                    done[mode] = kernels.execute_notebook(
                        copy.deepcopy(nb), out / f"{mode}-{job.phase.stem}.ipynb",
                        job_parameters(job, paths, WAKTU), env=env, work_dir=work,
                        ipc=kernels.USE_IPC, cwd=paths.notebooks, start_timeout=120,
                        log_path=work / "k.log", kernels=warm)
                    key = (job.phase.stem, mode)
                    best[key] = min(best[key], time.perf_counter() - t)
                same &= _outputs(done["cold"]) == _outputs(done["warm"])
    htmls = []
    for job in jobs:
        html = out / f"{job.phase.stem}.html"
        render.notebook_to_html(out / f"warm-{job.phase.stem}.ipynb", html, job.title)
        htmls.append(html)
    rows = [(j.phase.stem, best[(j.phase.stem, "cold")], best[(j.phase.stem, "warm")])
            for j in jobs]
    return rows, htmls, same


def bench_pdf(htmls: list[Path], out: Path, rounds: int) -> tuple[list, bool]:
    """One Chromium per PDF vs one session for all; wall and Chromium CPU time."""
    browser = render.find_browser()
    best = {"cli": (float("inf"), 0.0), "sesi": (float("inf"), 0.0)}
    same = True
    for _ in range(rounds):
        for mode in ("cli", "sesi"):
            cpu, t = _children_cpu(), time.perf_counter()
            if mode == "cli":
                for h in htmls:
                    render.html_to_pdf(h, out / f"{h.stem}.cli.pdf", browser)
            else:
                with pdf_sesi.PdfSession(browser) as session:
                    for h in htmls:
                        session.print_pdf(h, out / f"{h.stem}.sesi.pdf")
            wall, cpu = time.perf_counter() - t, _children_cpu() - cpu
            if wall < best[mode][0]:
                best[mode] = (wall, cpu)
        same &= all(_pages(out / f"{h.stem}.cli.pdf") == _pages(out / f"{h.stem}.sesi.pdf")
                    for h in htmls)
    return [(mode, len(htmls), *best[mode]) for mode in ("cli", "sesi")], same


def bench_run(offices: dict[str, Paths], kodes: list[str], rounds: int) -> dict[str, float]:
    """``runner.run`` before (cold kernels, browser per PDF) and after, each in its own copy
    of the office (compared afterwards); best wall time."""
    best = {"sebelum": float("inf"), "sesudah": float("inf")}
    for _ in range(rounds):
        for mode in ("sebelum", "sesudah"):
            paths = offices[mode]
            settings = load_settings(paths.settings_file)
            kernels.WARM_KERNELS = pdf_sesi.SESSION_SUPPORTED = mode == "sesudah"
            t = time.perf_counter()
            result = runner.run(paths, settings, 2024, kodes, parallel=2, pdf=True,
                                generated_at=WAKTU, progress=False, lines=False)
            best[mode] = min(best[mode], time.perf_counter() - t)
            if not result.ok:
                raise SystemExit(f"run failed: {[j.error for j in result.jobs if j.error]}")
    kernels.WARM_KERNELS = pdf_sesi.SESSION_SUPPORTED = True
    return best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ulang", type=int, default=1, help="rounds; the best is reported")
    ap.add_argument("--tanpa-tahun", action="store_true", help="skip the whole-year run")
    ap.add_argument("--hanya-run", action="store_true", help="only the end-to-end runs")
    args = ap.parse_args(argv)
    print(f"load average before: {os.getloadavg()}, cores: {os.cpu_count()}")
    folder = Path(tempfile.mkdtemp(prefix="bench-notebook-"))
    paths = office(folder / "kantor")
    out = folder / "keluaran"
    out.mkdir()

    same_nb = same_pdf = True
    if not args.hanya_run:
        same_nb, same_pdf = _paired(paths, out, args.ulang)
    offices = {"sebelum": paths, "sesudah": office(folder / "kantor-sesudah")}
    print("\n| end to end (runner.run, 2 workers) | before (s) | after (s) |\n|---|---:|---:|")
    tw = bench_run(offices, ["tw1"], args.ulang)
    print(f"| Triwulan I (4 notebooks) | {tw['sebelum']:.1f} | {tw['sesudah']:.1f} |")
    if not args.tanpa_tahun:
        year = bench_run(offices, ["tw1", "tw2", "tw3", "tw4", "s1", "s2", "tahunan"],
                         args.ulang)
        print(f"| whole year (22 notebooks) | {year['sebelum']:.1f} | {year['sesudah']:.1f} |")
    print(f"\nload average after: {os.getloadavg()}")
    # the two offices' data and reports must match (scripts/compare_outputs.py)
    same_run = subprocess.run([sys.executable, str(ROOT / "scripts" / "compare_outputs.py"),
                               str(paths.root), str(offices["sesudah"].root)]).returncode == 0
    print(f"outputs of before and after runs equal (scripts/compare_outputs.py): {same_run}")
    return 0 if same_nb and same_pdf and same_run else 1


def _paired(paths: Paths, out: Path, rounds: int) -> tuple[bool, bool]:
    """Comparisons 1 and 2, printed; returns whether outputs and page counts are equal."""
    rows, htmls, same_nb = bench_kernels(paths, out, rounds)
    print("\n| notebook | new kernel (s) | warm kernel (s) |\n|---|---:|---:|")
    for stem, cold, warm in rows:
        print(f"| {stem} | {cold:.2f} | {warm:.2f} |")
    print(f"| **total** | {sum(r[1] for r in rows):.2f} | {sum(r[2] for r in rows):.2f} |")
    print(f"outputs equal (execution counts included): {same_nb}")

    prows, same_pdf = bench_pdf(htmls, out, rounds)
    print("\n| PDF printing | PDFs | wall (s) | Chromium CPU (s) |\n|---|---:|---:|---:|")
    for mode, n, wall, cpu in prows:
        label = "one Chromium per PDF" if mode == "cli" else "one session (start+close)"
        print(f"| {label} | {n} | {wall:.2f} | {cpu:.2f} |")
    print(f"page counts equal: {same_pdf}")
    return same_nb, same_pdf


if __name__ == "__main__":
    sys.exit(main())
