"""Benchmark: each per-notebook saving of the second speed pass, measured on its own.

Every comparison runs both sides alternately in one call (same machine load), on the sample
office of ``kinerja contoh`` validated for 2024 and run once for Triwulan I and the whole year
(set-up, not timed). Figures are the median of ``--ulang`` rounds, in milliseconds.

1. ``impor`` -- a new interpreter importing nbformat (what every ``kinerja`` command and every
   kernel does) with jsonschema's optional ``rfc3987_syntax`` importable (before) and blocked
   as ``kinerja_lib.run`` now does (after).
2. ``templat`` -- building one chart's figure with plotly's whole ``plotly_white`` template
   (before) and with ``chart_parts.TEMPLATE`` (after).
3. ``html`` -- converting the year's 22 executed notebooks with a new nbconvert exporter per
   notebook (before) and with the thread's exporter reused (after).
4. ``pdf`` -- printing the year's 22 HTML reports in one browser session with a new tab per
   PDF (``PRINTS_PER_TAB = 1``, before) and one tab for all (after); start included.
5. ``tutup`` -- stopping a browser session politely (``Browser.close``, waiting for the
   processes to go, before) and by killing its process group (after).
6. ``siap`` -- the readiness check of a new kernel client (``wait_for_ready``) with
   jupyter_client's 0.2 s IOPub flush (before) and :data:`kernels.READY_FLUSH_QUIET` (after).
7. ``tabel`` -- the data step of ``kinerja jalankan`` after ``kinerja validasi``: the period
   tables computed again (before) and reused (after, ``compute_and_write_year(reuse=True)``).

Usage::

    .venv/bin/python benchmarks/bench_bagian.py              # all, 3 rounds
    .venv/bin/python benchmarks/bench_bagian.py --ulang 5 --hanya pdf --hanya html
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import plotly.graph_objects as go  # noqa: E402

from kinerja_lib.io import store  # noqa: E402
from kinerja_lib.io.paths import Paths  # noqa: E402
from kinerja_lib.io.settings_file import load_settings  # noqa: E402
from kinerja_lib.reports import chart_parts, pdf_sesi, render  # noqa: E402
from kinerja_lib.run import kernels, runner  # noqa: E402
from kinerja_lib.ui import cli  # noqa: E402

PARTS = ("impor", "templat", "html", "pdf", "tutup", "siap", "tabel")


def _ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return 1000 * (time.perf_counter() - start)


def _impor(blocked: bool) -> None:
    code = ("import sys; sys.modules['rfc3987_syntax'] = None; " if blocked else "") + \
        "import nbformat"
    subprocess.run([sys.executable, "-c", code], check=True)


def _templat(template) -> None:
    for _ in range(10):
        go.Figure(go.Bar(x=[1, 2], y=[3, 4])).update_layout(template=template)


def _html(paths: Paths, fresh: bool) -> None:
    for i, nb in enumerate(sorted(paths.reports.glob("2024/notebook/*/*.ipynb"))):
        if fresh:
            render._local.exporter = None
        render.notebook_to_html(nb, paths.root / f"bagian-{i}.html", "Judul")


def _pdf(paths: Paths, per_tab: int) -> None:
    old = pdf_sesi.PRINTS_PER_TAB
    pdf_sesi.PRINTS_PER_TAB = per_tab
    try:
        with pdf_sesi.PdfSession(render.find_browser()) as session:
            for i, html in enumerate(sorted(paths.reports.glob("2024/*/0*.html"))):
                session.print_pdf(html, paths.root / f"bagian-{i}.pdf")
    finally:
        pdf_sesi.PRINTS_PER_TAB = old


def _tutup(polite: bool) -> float:
    session = pdf_sesi.PdfSession(render.find_browser())
    session.start()
    proc = session._proc

    def stop():
        if polite:  # what close() did before: ask, wait for every process of the group
            with contextlib.suppress(Exception):
                session._send("Browser.close", {})
            proc.wait(timeout=10)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    os.killpg(proc.pid, 0)
                except OSError:
                    break
                time.sleep(0.02)
        session.close()

    return _ms(stop)


def _siap(km, quiet: float) -> float:
    old = kernels.READY_FLUSH_QUIET
    kernels.READY_FLUSH_QUIET = quiet
    try:
        kc = km.client()
        kc.start_channels()
        took = _ms(lambda: kernels._run_sync(kc.wait_for_ready)(timeout=60))
        kc.stop_channels()
        return took
    finally:
        kernels.READY_FLUSH_QUIET = old


def _office(tmp: Path) -> Paths:
    root = tmp / "kantor"
    for args in (["contoh", "--tahun", "2023", "2024"], ["validasi", "--tahun", "2023"],
                 ["validasi", "--tahun", "2024"]):
        code = cli.main(["--folder", str(root), *args])
        assert code in (0, 1), (args, code)
    paths = Paths(root)
    result = runner.run(paths, load_settings(paths.settings_file), 2024,
                        ["tw1", "tw2", "tw3", "tw4", "s1", "s2", "tahunan"],
                        generated_at=dt.datetime(2025, 1, 10, 9, 0), progress=False,
                        lines=False)
    assert result.ok
    return paths


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--ulang", type=int, default=3)
    p.add_argument("--hanya", choices=PARTS, action="append")
    args = p.parse_args(argv)
    parts = args.hanya or PARTS
    print(f"mesin: {os.cpu_count()} inti, beban awal {os.getloadavg()[0]:.2f}", flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-bagian-") as d:
        paths = _office(Path(d)) if {"html", "pdf", "tabel"} & set(parts) else None
        settings = load_settings(paths.settings_file) if paths else None
        white = "plotly_white"
        pairs = {
            "impor": (lambda: _ms(lambda: _impor(False)), lambda: _ms(lambda: _impor(True))),
            "templat": (lambda: _ms(lambda: _templat(white)) / 10,
                        lambda: _ms(lambda: _templat(chart_parts.TEMPLATE)) / 10),
            "html": (lambda: _ms(lambda: _html(paths, True)),
                     lambda: _ms(lambda: _html(paths, False))),
            "pdf": (lambda: _ms(lambda: _pdf(paths, 1)), lambda: _ms(lambda: _pdf(paths, 40))),
            "tutup": (lambda: _tutup(True), lambda: _tutup(False)),
            "tabel": (lambda: _ms(lambda: store.compute_and_write_year(paths, 2024, settings)),
                      lambda: _ms(lambda: store.compute_and_write_year(paths, 2024, settings,
                                                                       reuse=True))),
        }
        km = None
        if "siap" in parts:
            km = kernels._new_km_class({}, Path(d), kernels.USE_IPC, Path(d) / "k.log")(
                kernel_name="python3")
            kernels._run_sync(km.start_kernel)()
            pairs["siap"] = (lambda: _siap(km, 0.2), lambda: _siap(km, kernels.READY_FLUSH_QUIET))
        try:
            for part in parts:
                before, after = [], []
                for _ in range(args.ulang):
                    before.append(pairs[part][0]())
                    after.append(pairs[part][1]())
                b, a = statistics.median(before), statistics.median(after)
                rows.append((part, b, a))
                print(f"{part}: sebelum {b:.0f} ms, sesudah {a:.0f} ms ({a / b:.2f}x)",
                      flush=True)
        finally:
            if km is not None:
                kernels._shutdown(km)
    print("\n| bagian | sebelum (ms) | sesudah (ms) | rasio |\n|---|---|---|---|")
    for part, b, a in rows:
        print(f"| {part} | {b:.0f} | {a:.0f} | {a / b:.2f} |")
    print(f"\nbeban akhir {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
