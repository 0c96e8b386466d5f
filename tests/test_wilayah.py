"""``kinerja wilayah jalankan``: many offices as dask tasks (``run.wilayah``).

Fast tests call the tasks in this process. The ``slow`` ones run the real thing: three small
synthetic offices (``io.synthetic.write_offices``, tw1 only) on a LocalCluster of two worker
processes and on a scheduler and worker started separately with the ``dask`` command, and
compare every output with the plain single-office run (``kinerja validasi`` + ``kinerja
jalankan``) through ``scripts/compare_outputs.py``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from kinerja_lib.io.synthetic import write_offices
from kinerja_lib.run import wilayah as w
from kinerja_lib.ui import cli

ROOT = Path(__file__).resolve().parents[1]
DASK = Path(sys.executable).with_name("dask")
TAHUN = 2024


def _compare_module():
    spec = importlib.util.spec_from_file_location("compare_outputs",
                                                  ROOT / "scripts" / "compare_outputs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def kantor_asli(tmp_path_factory) -> Path:
    """Three small synthetic offices (raw data only), written once per module."""
    root = tmp_path_factory.mktemp("wilayah-asli")
    write_offices(root, 3, 11, tahun=(TAHUN,), kecil=True)
    return root


def _copy(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


def _wilayah(folder: Path, *extra: str, capsys=None) -> tuple[int, str]:
    code = cli.main(["wilayah", "jalankan", "--folder", str(folder), "--tahun", str(TAHUN),
                     "--periode", "tw1", *extra])
    out = capsys.readouterr().out if capsys is not None else ""
    return code, out


def _offices(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if (p / "data" / "pengaturan.toml").is_file())


def _helpers() -> set[int]:
    """Live kernels and PDF browsers on this machine (the workers' warm pools)."""
    found = set()
    for proc in psutil.process_iter(["cmdline", "status"]):
        try:
            cmd = " ".join(proc.info["cmdline"] or [])
            if proc.info["status"] != psutil.STATUS_ZOMBIE and (
                    "ipykernel_launcher" in cmd or "--remote-debugging-pipe" in cmd):
                found.add(proc.pid)
        except psutil.Error:
            continue
    return found


def _no_helper_left(before: set[int]) -> None:
    """No kernel or browser a worker kept warm outlives the workers (the workers' plugin
    and exit handler stop them; a kernel also ends with its parent, a browser when its
    pipe closes)."""
    deadline = time.monotonic() + 30
    while _helpers() - before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _helpers() - before == set()


def _same_outputs(a: Path, b: Path, capsys) -> None:
    capsys.readouterr()
    code = _compare_module().main(a, b)
    out = capsys.readouterr().out
    assert code == 0, out
    assert " 0 differences" in out and not out.startswith("0 files"), out


# ------------------------------------------------------------------------------- fast


def test_plan_one_validasi_then_periods(tmp_path):
    plan = w.plan_tugas([("A", tmp_path / "A"), ("B", tmp_path / "B")], TAHUN, ["tw1", "s1"])
    assert [v.nama for v, _ in plan] == ["A validasi", "B validasi"]
    assert [t.nama for t in plan[1][1]] == ["B tw1", "B s1"]
    assert all(Path(v.folder).is_absolute() and v.periode is None for v, _ in plan)


def test_validasi_task_skips_when_unchanged_and_reruns_after_change(kantor_asli, tmp_path):
    folder = _copy(_offices(kantor_asli)[0], tmp_path / "K")
    tugas = w.Tugas("K", str(folder), TAHUN)
    first = w.validasi_task(tugas)
    assert first.status == w.BERHASIL, first.pesan
    assert (folder / "data" / "processed" / str(TAHUN) / "tw1" / "capaian.parquet").is_file()
    again = w.validasi_task(tugas)
    assert again.status == w.TIDAK_BERUBAH and again.kunci == first.kunci
    # a changed raw workbook (one byte appended) makes the validasi run again
    wb = next((folder / "data" / "raw" / str(TAHUN) / "bulanan").glob("*.xlsx"))
    wb.write_bytes(wb.read_bytes() + b"\0")
    third = w.validasi_task(tugas)
    assert third.status != w.TIDAK_BERUBAH and third.kunci != first.kunci


def test_a_changed_program_runs_the_tasks_again(kantor_asli, tmp_path, monkeypatch):
    folder = _copy(_offices(kantor_asli)[0], tmp_path / "K")
    tugas = w.Tugas("K", str(folder), TAHUN)
    first = w.validasi_task(tugas)
    assert w.validasi_task(tugas).status == w.TIDAK_BERUBAH
    assert len(w.code_key()) == 64 and w.code_key() == w.code_key()
    monkeypatch.setattr(w, "code_key", lambda: "0" * 64)  # kinerja_lib's files changed
    again = w.validasi_task(tugas)
    assert again.status == w.BERHASIL and again.kunci != first.kunci


def test_broken_settings_fail_in_indonesian_and_periods_not_run(kantor_asli, tmp_path):
    folder = _copy(_offices(kantor_asli)[0], tmp_path / "RUSAK")
    (folder / "data" / "pengaturan.toml").write_text("kode_opd = [\n", encoding="utf-8")
    v = w.validasi_task(w.Tugas("RUSAK", str(folder), TAHUN))
    assert v.status == w.GAGAL and "pengaturan" in v.pesan and "tidak dapat dibaca" in v.pesan
    p = w.periode_task(w.Tugas("RUSAK", str(folder), TAHUN, "tw1"), v)
    assert p.status == w.TIDAK_DIJALANKAN and "validasi" in p.pesan
    assert not (folder / "reports").exists()


def test_unknown_office_named(kantor_asli, capsys):
    code = cli.main(["wilayah", "jalankan", "--folder", str(kantor_asli), "--tahun", "2024",
                     "--periode", "tw1", "--kantor", "TIDAK-ADA"])
    err = capsys.readouterr().err
    assert code == 1 and "Kantor tidak ditemukan" in err and "TIDAK-ADA" in err
    for k in _offices(kantor_asli):
        assert k.name in err


# ------------------------------------------------------------------------------- slow


@pytest.fixture(scope="module")
def tunggal(kantor_asli, tmp_path_factory) -> Path:
    """The plain single-office run of every office: validasi + jalankan --triwulan 1."""
    root = _copy(kantor_asli, tmp_path_factory.mktemp("tunggal") / "ws")
    for k in _offices(root):
        assert cli.main(["--folder", str(k), "validasi", "--tahun", str(TAHUN)]) in (0, 1)
        assert cli.main(["--folder", str(k), "jalankan", "--tahun", str(TAHUN),
                         "--triwulan", "1"]) == 0
    return root


@pytest.mark.slow
def test_local_cluster_equals_single_office_runs_then_rerun_skips(kantor_asli, tunggal,
                                                                  tmp_path, capsys):
    ws = _copy(kantor_asli, tmp_path / "ws")
    before = _helpers()
    code, out = _wilayah(ws, "--pekerja", "2", capsys=capsys)
    assert code == 0, out
    assert "6 tugas: 6 berhasil, 0 tidak berubah, 0 gagal" in out, out
    _no_helper_left(before)
    assert out.count("] ") >= 7  # one progress line per finished task (not a terminal)
    assert "Laporan wilayah tw1: berhasil" in out, out
    laporan = ws / "laporan_wilayah" / str(TAHUN) / "tw1" / "07_laporan_wilayah.html"
    assert "Laporan Kinerja Perangkat Daerah" in laporan.read_text(encoding="utf-8")
    for a, b in zip(_offices(tunggal), _offices(ws), strict=True):
        _same_outputs(a, b, capsys)
    html = next((_offices(ws)[0] / "reports" / str(TAHUN) / "tw1").glob("03_*.html"))
    before = html.stat().st_mtime_ns
    code, out = _wilayah(ws, "--pekerja", "2", capsys=capsys)
    assert code == 0 and "6 tugas: 0 berhasil, 6 tidak berubah, 0 gagal" in out, out
    assert html.stat().st_mtime_ns == before


@pytest.mark.slow
def test_broken_office_fails_alone(kantor_asli, tmp_path, capsys):
    ws = _copy(kantor_asli, tmp_path / "ws")
    rusak = _offices(ws)[1]
    (rusak / "data" / "pengaturan.toml").write_text("kode_opd = \"X\"\nunit = 3\n[[",
                                                    encoding="utf-8")
    code, out = _wilayah(ws, "--pekerja", "2", "--tanpa-pdf", capsys=capsys)
    assert code == 1, out
    assert "1 dari 3 kantor gagal" in out and f"- {rusak.name} validasi:" in out, out
    assert "tidak dapat dibaca" in out
    assert "6 tugas: 4 berhasil, 0 tidak berubah, 1 gagal, 1 tidak dijalankan." in out, out
    for k in _offices(ws):
        made = list((k / "reports" / str(TAHUN) / "tw1").glob("03_*.html"))
        assert bool(made) == (k != rusak)


def _wait_file(path: Path, proc: subprocess.Popen, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while not path.is_file() or path.stat().st_size == 0:
        assert proc.poll() is None, "dask scheduler stopped"
        assert time.monotonic() < end, "dask scheduler did not start"
        time.sleep(0.2)


@pytest.mark.slow
def test_separate_scheduler_and_worker_same_outputs(kantor_asli, tunggal, tmp_path, capsys):
    ws = _copy(kantor_asli, tmp_path / "ws")
    sched_file = tmp_path / "scheduler.json"
    env = {**os.environ, "DASK_DISTRIBUTED__LOGGING__DISTRIBUTED": "error"}
    procs = []
    before = _helpers()
    try:
        procs.append(subprocess.Popen(
            [str(DASK), "scheduler", "--port", "0", "--host", "127.0.0.1", "--no-dashboard",
             "--scheduler-file", str(sched_file)], env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL))
        _wait_file(sched_file, procs[0])
        address = json.loads(sched_file.read_text())["address"]
        procs.append(subprocess.Popen(
            [str(DASK), "worker", address, "--nworkers", "2", "--nthreads", "1",
             "--no-dashboard"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        code, out = _wilayah(ws, "--scheduler", address, capsys=capsys)
        assert code == 0, out
        assert f"scheduler {address}" in out and "6 tugas: 6 berhasil" in out, out
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
    _no_helper_left(before)
    for a, b in zip(_offices(tunggal), _offices(ws), strict=True):
        _same_outputs(a, b, capsys)


def test_contoh_writes_a_new_workspace_and_refuses_a_used_folder(tmp_path, capsys):
    """`kinerja wilayah contoh` writes N offices + wilayah.toml into a new folder, the same bytes
    for the same seed, and never writes into a folder that holds anything."""
    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes()
                for p in sorted(root.rglob("*")) if p.is_file()}

    a, b = tmp_path / "a", tmp_path / "b"
    for root in (a, b):
        code = cli.main(["--folder", str(root), "wilayah", "contoh", "--jumlah", "2",
                         "--benih", "5", "--kecil"])
        assert code == 0
    out = capsys.readouterr().out
    assert "Wilayah contoh (2 kantor, benih 5)" in out
    assert (a / "wilayah.toml").is_file() and len([p for p in a.iterdir() if p.is_dir()]) == 2
    assert files(a) == files(b)

    used = tmp_path / "dipakai"
    used.mkdir()
    (used / "catatan.txt").write_text("milik pengguna", encoding="utf-8")
    code = cli.main(["--folder", str(used), "wilayah", "contoh", "--jumlah", "1", "--kecil"])
    err = capsys.readouterr().err
    assert code == 1 and "tidak kosong" in err and "Traceback" not in err
    assert [p.name for p in used.iterdir()] == ["catatan.txt"]
    assert (used / "catatan.txt").read_text(encoding="utf-8") == "milik pengguna"

    code = cli.main(["--folder", str(a), "wilayah", "jalankan", "--tahun", "2024"])
    assert code == 1 and "--periode" in capsys.readouterr().err
