"""``kinerja wilayah``: many offices of a workspace (wilayah) at once, on dask.distributed.

``kinerja wilayah jalankan --folder WILAYAH --tahun T [--kantor A,B] (--periode P | --semua)
[--pekerja N] [--scheduler ALAMAT]``: the validasi and reports of every chosen office and
period, as tasks of :mod:`kinerja_lib.run.wilayah`, on a new LocalCluster or an existing
dask cluster. Each office folder is held under its own project lock for the whole run.
Exit 1 when any office failed, else 0.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import sys
from pathlib import Path

from kinerja_lib.domain.errors import UserError
from kinerja_lib.domain.numbers import format_number, format_waktu
from kinerja_lib.domain.periods import all_periods
from kinerja_lib.domain.settings import Settings
from kinerja_lib.domain.text import aman
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.synthetic import MAX_OFFICES, write_workspace
from kinerja_lib.io.workspace import find_offices
from kinerja_lib.reports import wilayah as laporan_wilayah
from kinerja_lib.run import wilayah as w
from kinerja_lib.ui.project_lock import project_lock

PERIODE_PILIHAN = ("tw1", "tw2", "tw3", "tw4", "s1", "s2", "tahunan")


def add_arguments(sp: argparse.ArgumentParser, tahun_type) -> None:
    """Arguments of ``kinerja wilayah`` (registered by ``ui.cli``)."""
    sp.add_argument("aksi", choices=["jalankan", "contoh"],
                    help="jalankan = validasi dan laporan semua kantor terpilih; contoh = tulis "
                    "wilayah contoh (kantor sintetis) ke folder baru")
    sp.add_argument("--folder", dest="folder", default=argparse.SUPPRESS, metavar="WILAYAH",
                    help="folder wilayah: satu subfolder per kantor")
    sp.add_argument("--tahun", type=tahun_type, default=None, help="tahun anggaran (jalankan)")
    sp.add_argument("--kantor", default=None, metavar="A,B",
                    help="hanya kantor ini (nama subfolder, dipisah koma; bawaan: semua)")
    g = sp.add_mutually_exclusive_group()
    g.add_argument("--periode", choices=PERIODE_PILIHAN, help="satu periode")
    g.add_argument("--semua", action="store_true", help="semua periode setahun")
    sp.add_argument("--pekerja", type=int, default=2,
                    help="jumlah proses pekerja dask lokal (bawaan: 2)")
    sp.add_argument("--scheduler", default=None, metavar="ALAMAT",
                    help="alamat scheduler dask yang sudah berjalan, mis. tcp://10.0.0.5:8786 "
                    "(bawaan: klaster lokal baru)")
    sp.add_argument("--paralel", type=int, default=1,
                    help="kernel paralel per tugas (bawaan: 1)")
    sp.add_argument("--sampai-bulan", type=int, default=12,
                    help="bulan terakhir yang diharapkan sudah dikirim (bawaan: 12)")
    sp.add_argument("--tanpa-pdf", action="store_true", help="hanya HTML, tanpa PDF")
    sp.add_argument("--jumlah", type=int, default=3,
                    help=f"contoh: jumlah kantor sintetis (1-{MAX_OFFICES}; bawaan: 3)")
    sp.add_argument("--benih", type=int, default=1,
                    help="contoh: benih acak; benih sama, berkas sama (bawaan: 1)")
    sp.add_argument("--kecil", action="store_true",
                    help="contoh: kantor kecil (3-4 unit) untuk percobaan cepat")


def _contoh(args, root: Path) -> int:
    """``kinerja wilayah contoh``: a synthetic regency in a new or empty folder (never over
    anyone's files)."""
    if not 1 <= int(args.jumlah) <= MAX_OFFICES:
        raise UserError(f"--jumlah harus 1 sampai {MAX_OFFICES}.")
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise UserError(f"Folder {aman(root)} sudah ada dan tidak kosong; wilayah contoh hanya "
                        "ditulis ke folder baru atau kosong. Pilih folder lain dengan --folder.")
    folders = write_workspace(root, int(args.jumlah), int(args.benih), kecil=bool(args.kecil))
    print(f"Wilayah contoh ({len(folders)} kantor, benih {int(args.benih)}) ditulis ke "
          f"{aman(root)}:")
    for f in folders:
        print(f"  - {aman(f.name)}")
    print("Langkah berikutnya: kinerja wilayah jalankan --folder "
          f"{aman(root)} --tahun 2024 --periode tw1")
    return 0


def _offices(root: Path, pilih: str | None) -> list:
    """The chosen offices of the workspace (``io.workspace.find_offices``)."""
    names = [n.strip() for n in pilih.split(",") if n.strip()] if pilih else None
    try:
        found = find_offices(root, names)
    except UserError as exc:
        raise UserError(str(exc)) from exc
    known = {k.folder.name for k in found} | {k.kode_opd for k in found}
    unknown = [n for n in names or () if n not in known]
    if unknown:
        semua = [k.folder.name for k in find_offices(root)]
        raise UserError(f"Kantor tidak ditemukan di {aman(root)}: {aman(', '.join(unknown))}. "
                        f"Pilihan: {aman(', '.join(semua)) or '(tidak ada)'}.")
    if not found:
        raise UserError(f"Folder wilayah {aman(root)} tidak berisi folder kantor (subfolder "
                        "dengan data/pengaturan.toml).")
    return found


def _detik(x: float) -> str:
    return format_number(x, 1)


def _progress(hasil: w.HasilTugas, n: int, total: int) -> None:
    extra = f" - {aman(hasil.pesan)}" if hasil.pesan and not hasil.ok else ""
    print(f"[{n}/{total}] {aman(hasil.tugas.nama)}: {hasil.status} "
          f"({_detik(hasil.detik)} detik){extra}", flush=True)


def _summary(hasil: list[w.HasilTugas], tahun: int, generated_at: _dt.datetime) -> list[str]:
    """The Indonesian summary: one row per office, the failed offices with their cause."""
    kolom = [t.tugas.periode or w.VALIDASI for t in hasil if t.tugas.kantor == hasil[0].tugas.kantor]
    per_kantor: dict[str, dict[str, w.HasilTugas]] = {}
    for h in hasil:
        per_kantor.setdefault(h.tugas.kantor, {})[h.tugas.periode or w.VALIDASI] = h
    rows = [["Kantor", *kolom]] + [[aman(k), *(v[c].status for c in kolom)]
                                   for k, v in per_kantor.items()]
    widths = [max(len(r[i]) for r in rows) for i in range(len(kolom) + 1)]
    lines = [f"Hasil kinerja wilayah jalankan, tahun {tahun} (dibuat "
             f"{format_waktu(generated_at)}):", ""]
    for n, r in enumerate(rows):
        lines.append("  ".join(c.ljust(wd) for c, wd in zip(r, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * wd for wd in widths))
    notes = [h for h in hasil if h.pesan and h.ok]
    if notes:
        lines += ["", "Catatan:"] + [f"- {aman(h.tugas.nama)}: {aman(h.pesan)}" for h in notes]
    gagal = [h for h in hasil if h.status == w.GAGAL]
    kantor_gagal = sorted({h.tugas.kantor for h in gagal})
    if gagal:
        lines += ["", f"{len(kantor_gagal)} dari {len(per_kantor)} kantor gagal:"]
        lines += [f"- {aman(h.tugas.nama)}: {aman(h.pesan)}" for h in gagal]
    count = {s: sum(h.status == s for h in hasil)
             for s in (w.BERHASIL, w.TIDAK_BERUBAH, w.GAGAL, w.TIDAK_DIJALANKAN)}
    lines += ["", f"{len(hasil)} tugas: " + ", ".join(f"{n} {s}" for s, n in count.items())
              + "."]
    return lines


def _lock_offices(stack: contextlib.ExitStack, plan, offices) -> tuple[list, list]:
    """Hold each office's project lock; an office in use fails alone (not submitted)."""
    runnable, refused = [], []
    for (v, periods), kantor in zip(plan, offices, strict=True):
        try:
            if kantor.masalah:  # e.g. a pengaturan.toml that does not parse
                raise UserError(kantor.masalah)
            stack.enter_context(project_lock(Paths.default(v.folder).data, "wilayah jalankan"))
        except UserError as exc:
            refused.append(w.HasilTugas(v, w.GAGAL, str(exc)))
            refused += [w.HasilTugas(t, w.TIDAK_DIJALANKAN, "validasi kantor ini gagal")
                        for t in periods]
            continue
        runnable.append((v, periods))
    return runnable, refused


def wilayah(args, paths: Paths, settings: Settings) -> int:
    """``kinerja wilayah jalankan``: see the module docstring.

    The clock is read here once: the run time shown in every report of the run.
    """
    if args.aksi == "contoh":
        return _contoh(args, paths.root)
    if args.tahun is None or not (args.semua or args.periode):
        raise UserError("kinerja wilayah jalankan memerlukan --tahun dan --periode atau --semua.")
    generated_at = _dt.datetime.now().replace(microsecond=0)
    if int(args.pekerja) < 1 or int(args.paralel) < 1:
        raise UserError("--pekerja dan --paralel minimal 1.")
    kodes = ([p.kode for p in all_periods(args.tahun)] if args.semua else [args.periode])
    offices = _offices(paths.root, args.kantor)
    plan = w.plan_tugas([(k.folder.name, k.folder) for k in offices], args.tahun, kodes)
    tty = sys.stderr.isatty()
    with contextlib.ExitStack() as stack:
        runnable, refused = _lock_offices(stack, plan, offices)
        n_tasks = sum(1 + len(p) for _, p in plan) + len(kodes)
        print(f"Wilayah {aman(paths.root)}: {len(offices)} kantor, {n_tasks} tugas, "
              + (f"scheduler {aman(args.scheduler)}" if args.scheduler
                 else f"{args.pekerja} pekerja lokal") + ".", flush=True)
        hasil = list(refused)
        if runnable:
            hasil += _run(args, runnable, generated_at, tty, paths.root, kodes)
    order = {t: i for i, t in enumerate(t for v, p in plan for t in (v, *p))}
    wilayah_ = [h for h in hasil if h.tugas not in order]
    hasil = sorted((h for h in hasil if h.tugas in order), key=lambda h: order[h.tugas])
    lines = _summary(hasil, args.tahun, generated_at)
    for h in wilayah_:
        shared = [Path(b) for b in h.berkas if not b.endswith(".ipynb")]
        where = (f": {aman(shared[0].parent)} ({', '.join(b.suffix[1:] for b in shared)})"
                 if shared else f" - {aman(h.pesan)}")
        lines.append(f"Laporan wilayah {h.tugas.periode}: {h.status}{where}")
    print("\n".join(lines))
    return 1 if any(h.status == w.GAGAL for h in [*hasil, *wilayah_]) else 0


def _run(args, runnable, generated_at, tty: bool, root: Path,
         kodes: list[str]) -> list[w.HasilTugas]:
    """Submit the offices' tasks, then the regency report of each period (LocalCluster or
    ``--scheduler``), with a progress bar on a terminal or a line per finished task."""
    from tqdm import tqdm

    total = sum(1 + len(p) for _, p in runnable) + len(kodes)
    bar = tqdm(total=total, desc="Tugas", unit="tugas", file=sys.stderr, disable=not tty,
               dynamic_ncols=True)

    def on_done(h: w.HasilTugas, n: int, _total: int) -> None:
        if tty:
            bar.set_postfix_str(f"{h.tugas.nama}: {h.status}", refresh=False)
            bar.update(1)
        else:
            _progress(h, n, total)

    try:
        with w.dask_client(args.scheduler, args.pekerja) as client:
            hasil = w.jalankan_tugas(client, runnable, generated_at=generated_at,
                                     pdf=not args.tanpa_pdf, parallel=args.paralel,
                                     sampai=args.sampai_bulan, on_done=on_done)
            done = len(hasil)
            if all(h.status == w.TIDAK_BERUBAH for h in hasil):  # nothing new to report
                kodes = [k for k in kodes if not (laporan_wilayah.output_dir(
                    root, args.tahun, k) / f"{laporan_wilayah.OUTPUT_STEM}.html").is_file()]
            hasil += w.jalankan_laporan_wilayah(
                client, root, int(args.tahun), kodes, generated_at=generated_at,
                pdf=not args.tanpa_pdf, on_done=lambda h, n, t: on_done(h, done + n, total))
            return hasil
    except OSError as exc:  # no scheduler at that address (dask raises OSError on timeout)
        if not args.scheduler:
            raise
        raise UserError(f"Tidak dapat terhubung ke scheduler dask {aman(args.scheduler)}: "
                        f"{aman(exc)}") from exc
    finally:
        bar.close()

__all__ = ["add_arguments", "wilayah"]
