"""Output sets stay consistent across crashes: the validasi completeness marker and the
removal of temporary folders left by killed runs."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import corpus
import pytest
from corpus import TAHUN

from kinerja_lib.domain.errors import IncompleteDataError, RunnerError
from kinerja_lib.io import recap, store
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample import sample_settings
from kinerja_lib.run import runner
from kinerja_lib.ui.cli import main

PESAN = (f"Data olahan tahun {TAHUN} tidak lengkap atau berubah sejak validasi terakhir "
         f"(validasi terhenti?). Jalankan ulang: kinerja validasi --tahun {TAHUN}")


def _validated(tmp_path) -> Paths:
    paths = Paths(tmp_path)
    corpus.make_year(paths, months=(1, 2, 3))
    assert main(["--folder", str(tmp_path), "validasi", "--tahun", str(TAHUN),
                 "--sampai-bulan", "3"]) == 0
    return paths


def _jalankan(paths: Paths, capsys) -> tuple[int, str]:
    capsys.readouterr()
    rc = main(["--folder", str(paths.root), "jalankan", "--tahun", str(TAHUN),
               "--triwulan", "1", "--tanpa-pdf"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return rc, out + err


def test_validasi_writes_marker_listing_every_output(tmp_path):
    paths = _validated(tmp_path)
    proc = paths.processed_year(TAHUN)
    marker = json.loads((proc / store.MARKER_NAME).read_text(encoding="utf-8"))
    files = marker["berkas"]
    for name in ("pk", "ra", "realisasi", "kualitas", "karantina", "sumber", "pengiriman",
                 "revisi", "pengiriman_status"):
        assert f"{name}.parquet" in files, name
    assert "rekap_2024.xlsx" in files
    assert "permintaan/permintaan_PUS-LAY_2024.xlsx" in files
    for name, digest in files.items():
        assert hashlib.sha256((proc / name).read_bytes()).hexdigest() == digest, name
    store.check_complete(paths, TAHUN)  # a fresh set passes
    runner.engine_data_step(paths, TAHUN, sample_settings())
    assert (proc / "tw1" / "capaian.parquet").exists()


def test_altered_output_is_refused_before_any_notebook(tmp_path, capsys):
    paths = _validated(tmp_path)
    proc = paths.processed_year(TAHUN)
    # a crash that left realisasi from another validasi: other bytes, still a whole file
    (proc / "realisasi.parquet").write_bytes((proc / "ra.parquet").read_bytes())
    # validasi computed the period tables (for the recap); the refused step leaves them as is
    before = {f: f.read_bytes() for f in (proc / "tw1").glob("*.parquet")}
    with pytest.raises(RunnerError) as err:
        runner.engine_data_step(paths, TAHUN, sample_settings())
    assert str(err.value) == PESAN
    assert before and {f: f.read_bytes() for f in (proc / "tw1").glob("*.parquet")} == before
    rc, text = _jalankan(paths, capsys)
    assert rc == 1 and PESAN in text
    assert "berhasil" not in text
    assert not paths.reports.exists() or not list(paths.reports.rglob("*.ipynb"))


def test_deleted_output_is_refused(tmp_path):
    paths = _validated(tmp_path)
    (paths.processed_year(TAHUN) / "pk.parquet").unlink()
    with pytest.raises(IncompleteDataError) as err:
        store.check_complete(paths, TAHUN)
    assert str(err.value) == PESAN


def test_a_recap_opened_and_saved_by_a_person_does_not_block(tmp_path):
    """People open and save the Excel recap; nothing downstream reads it."""
    paths = _validated(tmp_path)
    rekap = paths.processed_year(TAHUN) / f"rekap_{TAHUN}.xlsx"
    rekap.write_bytes(rekap.read_bytes() + b"\0")
    store.check_complete(paths, TAHUN)  # no error


def test_folder_without_marker_is_refused(tmp_path, capsys):
    """A processed folder written by an older version (no marker) counts as incomplete."""
    paths = _validated(tmp_path)
    (paths.processed_year(TAHUN) / store.MARKER_NAME).unlink()
    with pytest.raises(RunnerError) as err:
        runner.engine_data_step(paths, TAHUN, sample_settings())
    assert str(err.value) == PESAN
    rc, text = _jalankan(paths, capsys)
    assert rc == 1 and PESAN in text


def test_interrupted_validasi_leaves_no_marker(tmp_path, monkeypatch):
    paths = _validated(tmp_path)
    marker = paths.processed_year(TAHUN) / store.MARKER_NAME
    assert marker.exists()

    def crash(*args, **kwargs):
        raise KeyboardInterrupt  # killed after the tables, before the recap

    monkeypatch.setattr(recap, "write_recap", crash)
    assert main(["--folder", str(tmp_path), "validasi", "--tahun", str(TAHUN),
                 "--sampai-bulan", "3"]) == 130  # cli: "dihentikan oleh pengguna"
    assert not marker.exists()
    with pytest.raises(IncompleteDataError):
        store.check_complete(paths, TAHUN)
    monkeypatch.undo()
    assert main(["--folder", str(tmp_path), "validasi", "--tahun", str(TAHUN),
                 "--sampai-bulan", "3"]) == 0
    store.check_complete(paths, TAHUN)  # a rerun repairs the set


def test_stale_temp_of_dead_pid_removed_live_kept(tmp_path):
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead = int(proc.stdout)  # the child has exited and been reaped
    stale = tmp_path / f"kinerja-{dead}-abc123"
    stale_profile = tmp_path / f"kinerja-browser-{dead}-xyz"
    live = tmp_path / f"kinerja-{os.getpid()}-def456"
    other = tmp_path / f"lain-{dead}-abc"           # not our prefix
    not_pid = tmp_path / "kinerja-galat-xyz"        # our prefix but no PID
    for d in (stale, stale_profile, live, other, not_pid):
        (d / "sub").mkdir(parents=True)
        (d / "sub" / "f.txt").write_text("x")
    plain_file = tmp_path / f"kinerja-{dead}-file"
    plain_file.write_text("x")
    removed = runner.remove_stale_temp(tmp_path)
    assert sorted(removed) == sorted([stale, stale_profile])
    assert not stale.exists() and not stale_profile.exists()
    assert live.exists() and other.exists() and not_pid.exists() and plain_file.exists()


@pytest.mark.parametrize("perintah", [
    ["tinjau", "--periode", "tw1", "--lihat"],
    ["tinjau", "--periode", "tw1", "--sidik", "abcdefabcdef", "--nama", "Peninjau",
     "--jabatan", "Kepala Bidang", "--keputusan", "ya", "--tanggal", "10/04/2024"],
    ["disposisi", "--langkah", "1", "--triwulan", "1", "--tanpa-pdf"],
])
def test_tinjau_and_disposisi_refuse_an_incomplete_set(tmp_path, capsys, perintah):
    paths = _validated(tmp_path)
    (paths.processed_year(TAHUN) / "realisasi.parquet").write_bytes(b"bukan parquet")
    rc = main(["--folder", str(paths.root), perintah[0], "--tahun", str(TAHUN), *perintah[1:]])
    err = capsys.readouterr().err
    assert rc == 1 and PESAN in err and "Traceback" not in err
    assert not (paths.reviews.exists() and list(paths.reviews.glob("*.toml")))  # nothing kept


# ---------------------------------------------------------------- jalankan killed at random

KILL_SCRIPT = """
import datetime as dt, sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_runner import do_run
from kinerja_lib.io.paths import Paths
do_run(Paths(Path({root!r})), ["tw2"], parallel=2, generated_at=dt.datetime(2024, 7, {day}))
"""


def _period_state(out) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir()} if out.is_dir() else {}


def _run_of(state: dict[str, bytes]) -> set[str]:
    """The ``dibuat_pada`` values the period's HTML reports were made with (one = one set)."""
    import re

    return {m for name, data in state.items() if name.endswith(".html")
            for m in re.findall(r'dibuat_pada&quot;: &quot;([^&]*)&quot;', data.decode())}


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="uses process groups and SIGKILL")
def test_jalankan_killed_at_random_moments_leaves_a_whole_set(tmp_path):
    """``jalankan`` SIGKILLed at random moments, repeatedly: the period folder always holds
    one complete set (the old one or the new one) and the user's own file; a rerun cleans up
    what the killed runs left and completes."""
    import random
    import shutil
    import signal
    import tempfile
    import time
    from pathlib import Path

    import test_runner

    paths = test_runner.project(tmp_path)
    out = paths.report_dir(2024, "tw2")
    stems = [s for s in test_runner.STEMS[:4]]
    names = {f"{s}.{e}" for s in stems for e in ("html", "pdf")} | {"milik saya.docx"}
    assert test_runner.do_run(paths, ["tw2"]).ok
    (out / "milik saya.docx").write_bytes(b"bukan buatan kinerja")
    rng = random.Random(20240703)  # seeded: the kill moments are the same on every run
    tmpdir = tempfile.mkdtemp(prefix="kj-")
    outcomes = []
    try:
        for day in range(10, 18):
            before = _period_state(out)
            script = tmp_path / "jalan.py"
            script.write_text(KILL_SCRIPT.format(tests=str(Path(__file__).parent),
                                                 root=str(paths.root), day=day))
            proc = subprocess.Popen([sys.executable, str(script)], start_new_session=True,
                                    env={**os.environ, "TMPDIR": tmpdir},
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            # the kill moment: after a random number of the 4 jobs have finished (the 4th
            # finishing starts the swap), plus a random delay
            staged, delay = rng.randint(0, 4), rng.uniform(0.0, 0.8)
            staging = out.parent / f".tw2.baru-{proc.pid}"
            end = time.monotonic() + 60
            while (proc.poll() is None and time.monotonic() < end
                   and len(list(staging.glob("*.pdf"))) < staged):
                time.sleep(0.02)
            time.sleep(delay)
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=30)
            after = _period_state(out)
            assert set(after) == names, sorted(after)  # complete, with the user's file
            assert after["milik saya.docx"] == b"bukan buatan kinerja"
            assert len(_run_of(after)) == 1  # one run's set, never a mix
            new = _run_of(after) == {f"2024-07-{day}T00:00:00"}
            assert new or after == before
            outcomes.append("baru" if new else "lama")
            time.sleep(1.5)  # kernels notice their dead parent and exit
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    # some kills hit a run midway, some came after it had finished
    assert "lama" in outcomes and "baru" in outcomes, outcomes
    result = test_runner.do_run(paths, ["tw2"])
    assert result.ok
    assert set(_period_state(out)) == names
    assert _run_of(_period_state(out)) == {"2024-07-03T09:05:00"}
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_recover_removes_only_what_killed_runs_left(tmp_path):
    """The leftovers of killed runs (dead pid, our names) are finished or removed; a live
    run's temporary, the people's files and unknown names are kept."""
    from kinerja_lib.run import output_set

    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead, live = int(proc.stdout), os.getppid()
    year = tmp_path / "2024"
    ours = output_set.output_names(["05_laporan_semester", "02_pengolahan"])
    s2 = year / "s2"
    s2.mkdir(parents=True)
    stale = s2 / f".05_laporan_semester.tmp-{dead}-20.html"  # as a SIGKILLed run leaves it
    busy = s2 / f".05_laporan_semester.tmp-{live}-3.html"
    for f, text in ((stale, "setengah"), (busy, "sedang ditulis"), (s2 / "surat.docx", "x"),
                    (s2 / "05_laporan_semester.html", "lama"), (s2 / ".catatan.tmp", "x")):
        f.write_text(text)
    # an unfinished staging folder (no marker) of a dead run, with a file someone put there
    unfinished = year / f".s1.baru-{dead}"
    unfinished.mkdir()
    (unfinished / "02_pengolahan.html").write_text("setengah")
    (unfinished / "bukan kami.txt").write_text("x")
    # a complete staging folder (marker written) whose swap was cut short
    done = year / f".tw1.baru-{dead}"
    done.mkdir()
    (done / "02_pengolahan.html").write_text("baru")
    (done / output_set.MARKER).write_text("{}")
    (year / "tw1").mkdir()
    (year / "tw1" / "02_pengolahan.html").write_text("lama")
    (year / "tw1" / "disposisi_langkah1.pdf").write_text("lembar")
    mine_elsewhere = year / f".tw2.baru-{os.getpid()}"  # this process, another period
    mine_elsewhere.mkdir()

    output_set.recover(year, ours, kodes=["s2"])
    assert not stale.exists() and busy.exists()
    assert {p.name for p in s2.iterdir()} == {busy.name, "surat.docx",
                                              "05_laporan_semester.html", ".catatan.tmp"}
    assert {p.name for p in unfinished.iterdir()} == {"bukan kami.txt"}  # never deleted
    assert (year / "tw1" / "02_pengolahan.html").read_text() == "baru"
    assert (year / "tw1" / "disposisi_langkah1.pdf").read_text() == "lembar"  # carried over
    assert not done.exists() and not (year / f".tw1.lama-{dead}").exists()
    assert not (year / "tw1" / output_set.MARKER).exists()
    assert mine_elsewhere.is_dir()
