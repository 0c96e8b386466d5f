"""Benchmark: many offices (``kinerja wilayah jalankan``) against the single-office commands.

Parts (``--hanya``; default all, in one run so the figures are side by side on the same
machine load):

* ``kantor``: one office's quarter (``kinerja validasi`` + ``kinerja jalankan --triwulan 1``)
  and year (``validasi`` + ``jalankan --semua``), HTML and PDF, each command its own process;
  then the same work as one command (``kinerja jalankan --validasi``), side by side.
* ``kluster``: N synthetic offices x one quarter, (a) ``kinerja wilayah jalankan --pekerja W``
  on a LocalCluster, and (b) the plain single-office commands one office after another on
  copies of the same offices (``validasi`` + ``jalankan --triwulan 1`` per office). The
  overhead is (a) against (b) at equal work; with W worker processes on a 2-core machine the
  cluster is not expected to be faster than (b), whose runner already uses 2 kernels.
* ``ingest``: ``validasi`` of every office of a synthetic workspace (full-size offices), (a) in
  this process, one office after another, and (b) as validasi tasks on a LocalCluster of W
  workers (cluster start included) on a copy; milliseconds per monthly workbook.
* ``tahun``: N' synthetic small offices x a whole year (``kinerja wilayah jalankan --semua``,
  W workers, regency reports included), one process, wall time.
* projection: 19,000 offices x one quarter by number of workers, from the cluster run's
  worker-seconds per office (``wall x W / N``), assuming one core per worker and a file
  system that keeps up.

Usage::

    .venv/bin/python benchmarks/bench_wilayah.py                      # all, N=4, W=2
    .venv/bin/python benchmarks/bench_wilayah.py --hanya kluster --kantor 6 --pekerja 2
    .venv/bin/python benchmarks/bench_wilayah.py --hanya ingest --ingest-kantor 31
    .venv/bin/python benchmarks/bench_wilayah.py --hanya tahun --tahun-kantor 30

Exit status 0 when every command succeeded, 1 otherwise (a broken run is never timed).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kinerja_lib.io.synthetic import write_offices
from kinerja_lib.run import wilayah as w

TAHUN = 2024
CLI = [sys.executable, "-m", "kinerja_lib.ui.cli"]


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _cmd(*args: str, ok=(0,)) -> float:
    """Run one ``kinerja`` process; its wall time in seconds."""
    start = time.perf_counter()
    proc = subprocess.run([*CLI, *args], capture_output=True, text=True)
    took = time.perf_counter() - start
    if proc.returncode not in ok:
        sys.exit(f"gagal ({proc.returncode}): kinerja {' '.join(args)}\n{proc.stdout[-2000:]}"
                 f"\n{proc.stderr[-2000:]}")
    return took


def _reports(folder: Path, periode: str) -> int:
    return len(list((folder / "reports" / str(TAHUN) / periode).glob("0*.html")))


def _offices(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if (p / "data" / "pengaturan.toml").is_file())


def bench_kantor(tmp: Path, asli: Path) -> None:
    office = _offices(asli)[0]
    for label, periode_args, periode in (("triwulan", ["--triwulan", "1"], "tw1"),
                                         ("tahun", ["--semua"], "tahunan")):
        folder = tmp / f"kantor-{label}"
        shutil.copytree(office, folder)
        v = _cmd("--folder", str(folder), "validasi", "--tahun", str(TAHUN), ok=(0, 1))
        j = _cmd("--folder", str(folder), "jalankan", "--tahun", str(TAHUN), *periode_args)
        assert _reports(folder, periode) > 0
        load_two = _load()
        one = tmp / f"kantor-{label}-satu"
        shutil.copytree(office, one)
        both = _cmd("--folder", str(one), "jalankan", "--tahun", str(TAHUN), *periode_args,
                    "--validasi")
        assert _reports(one, periode) == _reports(folder, periode)
        print(f"kantor {office.name}, {label}: validasi {v:.1f} s + jalankan {j:.1f} s = "
              f"{v + j:.1f} s (beban {load_two}); satu perintah jalankan --validasi "
              f"{both:.1f} s (beban {_load()})", flush=True)


def bench_kluster(tmp: Path, asli: Path, pekerja: int) -> float:
    """Cluster vs sequential on the same offices; returns worker-seconds per office."""
    ws = tmp / "kluster"
    shutil.copytree(asli, ws)
    n = len(_offices(asli))
    a = _cmd("wilayah", "jalankan", "--folder", str(ws), "--tahun", str(TAHUN), "--periode",
             "tw1", "--pekerja", str(pekerja))
    load_a = _load()
    seq = tmp / "berurutan"
    shutil.copytree(asli, seq)
    b = 0.0
    for office in _offices(seq):
        b += _cmd("--folder", str(office), "validasi", "--tahun", str(TAHUN), ok=(0, 1))
        b += _cmd("--folder", str(office), "jalankan", "--tahun", str(TAHUN), "--triwulan", "1")
    for root in (ws, seq):
        assert all(_reports(o, "tw1") == 4 for o in _offices(root))
    assert (ws / "laporan_wilayah" / str(TAHUN) / "tw1").is_dir()
    print(f"{n} kantor x tw1: LocalCluster {pekerja} pekerja {a:.1f} s (beban {load_a}); "
          f"berurutan {b:.1f} s (beban {_load()}); overhead {100 * (a - b) / b:+.0f}%",
          flush=True)
    again = _cmd("wilayah", "jalankan", "--folder", str(ws), "--tahun", str(TAHUN),
                 "--periode", "tw1", "--pekerja", str(pekerja))
    print(f"ulang tanpa perubahan (semua dilewati): {again:.1f} s", flush=True)
    return a * pekerja / n


def _validasi_on_cluster(folders: list[Path], pekerja: int) -> float:
    """Validasi tasks of every office on a new LocalCluster; seconds incl. cluster start."""
    start = time.perf_counter()
    with w.dask_client(None, pekerja) as client:
        futures = [client.submit(w.validasi_task, w.Tugas(f.name, str(f), TAHUN), pure=False)
                   for f in folders]
        for h in client.gather(futures):
            assert h.ok and h.status == w.BERHASIL, h.pesan
    return time.perf_counter() - start


def bench_ingest(tmp: Path, n_kantor: int, pekerja: int) -> None:
    root = tmp / "ingest"
    t0 = time.perf_counter()
    folders = write_offices(root, n_kantor, 5, tahun=(TAHUN,))
    files = sum(len(list((f / "data" / "raw" / str(TAHUN) / "bulanan").glob("*.xlsx")))
                for f in folders)
    print(f"ingest: {n_kantor} kantor sintetis, {files} laporan bulanan ditulis dalam "
          f"{time.perf_counter() - t0:.0f} s", flush=True)
    salinan = tmp / "ingest-kluster"
    shutil.copytree(root, salinan)
    start = time.perf_counter()
    for f in folders:
        h = w.validasi_task(w.Tugas(f.name, str(f), TAHUN))
        assert h.ok, h.pesan
    took = time.perf_counter() - start
    per = took / files
    print(f"ingest: validasi {files} laporan bulanan (+ {n_kantor} PK, tabel periode) "
          f"{took:.1f} s = {1000 * per:.0f} ms per laporan pada 1 proses; 3.000 laporan ~ "
          f"{3000 * per:.0f} s (beban {_load()})", flush=True)
    kluster = _validasi_on_cluster(sorted(p for p in salinan.iterdir() if p.is_dir()), pekerja)
    per = kluster / files
    print(f"ingest: validasi yang sama sebagai tugas dask, LocalCluster {pekerja} pekerja "
          f"(termasuk start kluster): {kluster:.1f} s = {1000 * per:.0f} ms per laporan; "
          f"3.000 laporan ~ {3000 * per:.0f} s (beban {_load()})", flush=True)


def bench_tahun(tmp: Path, n_kantor: int, pekerja: int) -> None:
    ws = tmp / "tahun"
    write_offices(ws, n_kantor, 11, tahun=(TAHUN,), kecil=True)
    took = _cmd("wilayah", "jalankan", "--folder", str(ws), "--tahun", str(TAHUN), "--semua",
                "--pekerja", str(pekerja))
    made = sum(_reports(o, p) for o in _offices(ws)
               for p in ("tw1", "tw2", "tw3", "tw4", "s1", "s2", "tahunan"))
    assert made == n_kantor * 22, made
    print(f"tahun: {n_kantor} kantor x setahun (22 notebook per kantor, HTML+PDF, + laporan "
          f"wilayah 7 periode), LocalCluster {pekerja} pekerja: {took:.0f} s = "
          f"{took / 60:.1f} menit (beban {_load()})", flush=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--hanya", choices=["kantor", "kluster", "ingest", "tahun"], action="append")
    p.add_argument("--kantor", type=int, default=4, help="kantor untuk bagian kluster")
    p.add_argument("--pekerja", type=int, default=2)
    p.add_argument("--ingest-kantor", type=int, default=30)
    p.add_argument("--tahun-kantor", type=int, default=30)
    args = p.parse_args(argv)
    parts = args.hanya or ["kantor", "kluster", "ingest", "tahun"]
    print(f"mesin: {os.cpu_count()} inti, beban awal {_load()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-wilayah-") as d:
        tmp = Path(d)
        asli = tmp / "asli"
        if {"kantor", "kluster"} & set(parts):
            write_offices(asli, args.kantor, 11, tahun=(TAHUN,), kecil=True)
        if "kantor" in parts:
            bench_kantor(tmp, asli)
        if "kluster" in parts:
            per_office = bench_kluster(tmp, asli, args.pekerja)
            print(f"proyeksi 19.000 kantor x 1 triwulan ({per_office:.1f} detik-pekerja per "
                  "kantor):")
            for workers in (2, 8, 32, 128, 512):
                jam = 19000 * per_office / workers / 3600
                print(f"  {workers:>4} pekerja: {jam:8.1f} jam")
        if "ingest" in parts:
            bench_ingest(tmp, args.ingest_kantor, args.pekerja)
        if "tahun" in parts:
            bench_tahun(tmp, args.tahun_kantor, args.pekerja)
    return 0


if __name__ == "__main__":
    sys.exit(main())
