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
    with pytest.raises(RunnerError) as err:
        runner.engine_data_step(paths, TAHUN, sample_settings())
    assert str(err.value) == PESAN
    assert not (proc / "tw1").exists()
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
