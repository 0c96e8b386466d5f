"""Hostile and broken input, internal errors and concurrent use of the ``kinerja`` command.

No traceback ever reaches the user: bad arguments exit 2, bad settings exit 1, a bug exits 3
with the traceback in a log file. Names printed to the terminal cannot forge lines or send
escape sequences. Only one ``kinerja`` command works in a project folder at a time.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import corpus
import pandas as pd
import pytest
from corpus import TAHUN

from kinerja_lib.domain.text import aman, first_unsafe
from kinerja_lib.io.filelock import try_lock
from kinerja_lib.io.ingest import problem_lines
from kinerja_lib.io.paths import Paths
from kinerja_lib.ui import cli
from kinerja_lib.ui.cli import main
from kinerja_lib.ui.project_lock import LOCK_NAME, project_lock

KINERJA = [sys.executable, "-m", "kinerja_lib.ui.cli"]
SURROGATE_FF = b"\xff".decode("utf-8", "surrogateescape")


def _main(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return rc, out, err


def _main_exit(capsys, *argv):
    """``main`` for usage errors, which argparse reports by ``SystemExit``."""
    try:
        rc = main(list(argv))
    except SystemExit as exc:
        rc = exc.code
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return rc, out, err


def _kinerja(*args, timeout=120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KINERJA_HOME"}
    return subprocess.run([*KINERJA, *args], capture_output=True, timeout=timeout, env=env,
                          cwd=Path(__file__).resolve().parents[1])


# --------------------------------------------------------------------------- arguments


@pytest.mark.parametrize("argv", [
    ["validasi", "--tahun", "-1"],
    ["validasi", "--tahun", "99999"],
    ["jalankan", "--tahun", "1999", "--triwulan", "1"],
    ["templat", "--tahun", "2101"],
    ["contoh", "--tahun", "2023", "0"],
    ["disposisi", "--tahun", "-5", "--langkah", "1", "--triwulan", "1"],
    ["tinjau", "--tahun", "99999", "--periode", "tw1", "--lihat"],
])
def test_year_out_of_range_is_a_usage_error(tmp_path, capsys, argv):
    rc, _, err = _main_exit(capsys, "--folder", str(tmp_path), *argv)
    assert rc == 2
    assert "argumen --tahun" in err and "di luar rentang yang diterima (2000-2100)" in err
    assert not (tmp_path / "data").exists()  # refused before anything ran


def test_year_not_a_number_is_said_in_indonesian(tmp_path, capsys):
    rc, _, err = _main_exit(capsys, "--folder", str(tmp_path), "validasi", "--tahun", "dua")
    assert rc == 2
    assert "tahun harus bilangan bulat, bukan 'dua'" in err


def test_non_utf8_argument_is_refused(tmp_path, capsys):
    rc, _, err = _main_exit(capsys, "--folder", str(tmp_path), "tinjau", "--tahun", "2024",
                            "--periode", "tw1", "--nama", "Budi" + SURROGATE_FF)
    assert rc == 2
    assert "--nama 'Budi\\xff' memuat byte yang bukan UTF-8" in err


def test_bad_arguments_in_a_real_process(tmp_path):
    proc = _kinerja("--folder", str(tmp_path), "validasi", "--tahun", "99999")
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr
    assert b"di luar rentang yang diterima" in proc.stderr
    proc = _kinerja("--folder", str(tmp_path).encode(), b"tinjau", b"--tahun", b"2024",
                    b"--periode", b"tw1", b"--nama", b"\xff\xfe")
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr
    assert b"--nama '\\xff\\xfe' memuat byte yang bukan UTF-8" in proc.stderr


@pytest.mark.parametrize("bad, shown", [("\\u0000", "\\x00"), ("\\u001b[31m", "\\x1b")])
def test_control_character_in_settings_is_a_settings_error(tmp_path, capsys, bad, shown):
    paths = Paths(tmp_path)
    corpus.make_year(paths, months=(1,))
    text = paths.settings_file.read_text(encoding="utf-8")
    text, n = re.subn(r'(?m)^nama_opd = "([^"]*)"', lambda m: f'nama_opd = "{m[1]}{bad}"',
                      text)
    assert n == 1
    paths.settings_file.write_text(text, encoding="utf-8")
    rc, out, err = _main(capsys, "--folder", str(tmp_path), "validasi", "--tahun", str(TAHUN))
    assert rc == 1
    assert f"nilai 'nama_opd' memuat karakter kendali {shown}" in err
    assert str(paths.settings_file) in err
    assert "\x1b" not in err and "\x00" not in err
    assert not paths.processed_year(TAHUN).exists()  # refused before writing the recap


# --------------------------------------------------------------------------- internal errors


def test_internal_error_exits_3_and_logs_the_traceback(tmp_path, capsys, monkeypatch):
    paths = Paths(tmp_path)
    corpus.make_year(paths, months=(1,))

    def boom(args, paths, settings):
        raise RuntimeError("rusak\x1b[2J di dalam")

    monkeypatch.setitem(cli._COMMANDS, "validasi", boom)
    rc, out, err = _main(capsys, "--folder", str(tmp_path), "validasi", "--tahun", str(TAHUN))
    assert rc == 3
    log = paths.processed / "kinerja-galat.log"
    assert err.startswith("kinerja: galat internal (RuntimeError): rusak\\x1b[2J di dalam;")
    assert str(log) in err and "laporkan ke pengembang" in err
    assert err.count("\n") == 1 and "\x1b" not in err
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: rusak" in text and "in boom" in text
    assert f"validasi --tahun {TAHUN}" in text
    # the lock was released: the next command runs
    monkeypatch.undo()
    rc, _, _ = _main(capsys, "--folder", str(tmp_path), "validasi", "--tahun", str(TAHUN),
                     "--sampai-bulan", "1")
    assert rc == 0


def test_makefile_demo_fails_on_an_internal_error():
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8")
    checks = re.findall(r"validasi --tahun \S+; test \$\$\? -le (\d)", makefile)
    assert checks and all(int(limit) < cli.EXIT_INTERNAL for limit in checks)


# --------------------------------------------------------------------------- safe text


def test_aman_escapes_controls_bidi_and_undecodable_bytes():
    assert aman("a\nb") == "a\\nb"
    assert aman("x\r\ty") == "x\\r\\ty"
    assert aman("\x1b[31mmerah\x1b[0m") == "\\x1b[31mmerah\\x1b[0m"
    assert aman("nul\x00") == "nul\\x00"
    assert aman("c1\x85\x9b") == "c1\\x85\\x9b"
    assert aman("del\x7f") == "del\\x7f"
    assert aman("abc\u202egpj.xlsx") == "abc\\u202egpj.xlsx"
    assert aman("\u2066x\u2069") == "\\u2066x\\u2069"
    assert aman(b"laporan_\xff\xfe.xlsx".decode("utf-8", "surrogateescape")) == \
        "laporan_\\xff\\xfe.xlsx"
    assert aman(None) == ""
    assert aman(Path("/tmp/a\nb")) == "/tmp/a\\nb"


def test_aman_keeps_ordinary_indonesian_text():
    for text in ("Capaian · Triwulan I – 2024", "Dinas Perpustakaan dan Kearsipan",
                 "Café «Ülkü» 12,5 %", "C:\\data\\raw", "أرشيف", "日本"):
        assert aman(text) == text
    assert first_unsafe("alamat\nbaris dua", allow="\n") is None
    assert first_unsafe("a\x00b") == "\\x00"


def test_problem_lines_cannot_forge_a_line():
    kualitas = pd.DataFrame([
        {"file": "PUS-LAY_2024-01.xlsx\n  [GALAT] palsu.xlsx | Realisasi | E5", "sheet":
         "Realisasi\x1b[2J", "sel": "E5", "aturan": "x", "pesan": "nilai 'a\rb'",
         "tingkat": "error"},
        {"file": "ARS_2024-01.xlsx", "sheet": "", "sel": "", "aturan": "y", "pesan": "baik",
         "tingkat": "warning"},
    ])
    lines = problem_lines(kualitas)
    assert len(lines) == 2
    assert all("\n" not in ln and "\r" not in ln and "\x1b" not in ln for ln in lines)
    assert lines[0] == ("  [GALAT] PUS-LAY_2024-01.xlsx\\n  [GALAT] palsu.xlsx | Realisasi | E5 "
                        "| Realisasi\\x1b[2J | E5: nilai 'a\\rb'")
    assert lines[1] == "  [PERINGATAN] ARS_2024-01.xlsx: baik"


def test_validasi_output_with_a_newline_in_a_file_name(tmp_path, capsys):
    paths = Paths(tmp_path)
    corpus.make_year(paths, months=(1,))
    odd = paths.monthly_dir(TAHUN) / "PUS-LAY_2024-02\n  [GALAT] palsu.xlsx"
    odd.write_bytes(b"bukan excel")
    _, out, _ = _main(capsys, "--folder", str(tmp_path), "validasi", "--tahun", str(TAHUN),
                      "--sampai-bulan", "1")
    assert "\\n  [GALAT] palsu.xlsx" in out
    assert not any(line.startswith("  [GALAT] palsu") for line in out.splitlines())


# --------------------------------------------------------------------------- project lock


def _holder(paths: Paths) -> dict:
    return json.loads((paths.data / LOCK_NAME).read_text(encoding="utf-8"))


def test_second_command_is_refused_while_the_project_is_locked(tmp_path):
    paths = Paths(tmp_path)
    corpus.make_year(paths, months=(1,))
    with project_lock(paths.data, "jalankan"):
        info = _holder(paths)
        assert info["pid"] == os.getpid() and info["perintah"] == "jalankan"
        proc = _kinerja("--folder", str(tmp_path), "validasi", "--tahun", str(TAHUN),
                        "--sampai-bulan", "1")
        err = proc.stderr.decode()
        assert proc.returncode == 1, err
        assert "Traceback" not in err
        assert f"sedang dipakai oleh `kinerja jalankan` (PID {os.getpid()}, sejak {info['sejak']})" \
            in err
        assert not paths.processed_year(TAHUN).exists()  # nothing written
    assert (paths.data / LOCK_NAME).read_bytes() == b""  # holder record cleared on release
    proc = _kinerja("--folder", str(tmp_path), "validasi", "--tahun", str(TAHUN),
                    "--sampai-bulan", "1")
    assert proc.returncode == 0, proc.stderr.decode()
    assert (paths.processed_year(TAHUN) / f"rekap_{TAHUN}.xlsx").exists()


def test_refused_in_process_too(tmp_path, capsys):
    paths = Paths(tmp_path)
    corpus.make_year(paths, months=(1,))
    with project_lock(paths.data, "contoh"):
        # flock locks are per open file: a second open in this process is refused as well
        rc, _, err = _main(capsys, "--folder", str(tmp_path), "tinjau", "--tahun", str(TAHUN),
                           "--periode", "tw1", "--lihat")
    assert rc == 1
    assert f"`kinerja contoh` (PID {os.getpid()}" in err


def test_lock_of_a_killed_process_does_not_block(tmp_path):
    paths = Paths(tmp_path)
    corpus.make_year(paths, months=(1,))
    code = ("import sys, time\nfrom pathlib import Path\n"
            "from kinerja_lib.ui.project_lock import project_lock\n"
            "with project_lock(Path(sys.argv[1]), 'validasi'):\n"
            "    print('terkunci', flush=True)\n    time.sleep(60)\n")
    holder = subprocess.Popen([sys.executable, "-c", code, str(paths.data)],
                              stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline() == b"terkunci\n"
        busy = _kinerja("--folder", str(tmp_path), "tinjau", "--tahun", str(TAHUN),
                        "--periode", "tw1", "--lihat")
        assert busy.returncode == 1
        assert f"(PID {holder.pid}".encode() in busy.stderr
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    assert _holder(paths)["pid"] == holder.pid  # the killed holder's record is left behind
    proc = _kinerja("--folder", str(tmp_path), "tinjau", "--tahun", str(TAHUN),
                    "--periode", "tw1", "--lihat")
    assert proc.returncode == 0, proc.stderr.decode()


def test_record_of_a_dead_process_is_not_shown_as_the_holder(tmp_path, capsys):
    paths = Paths(tmp_path)
    corpus.make_year(paths, months=(1,))
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait(timeout=30)
    time.sleep(0.1)
    record = json.dumps({"pid": dead.pid, "perintah": "jalankan", "host": os.uname().nodename,
                         "sejak": "01/01/2024 08:00:00"})
    # a holder that has locked but not yet written its own record: the file still holds the
    # record of a process that is gone
    with try_lock(paths.data / LOCK_NAME, record) as held:
        assert held
        rc, _, err = _main(capsys, "--folder", str(tmp_path), "validasi", "--tahun",
                           str(TAHUN))
    assert rc == 1
    assert "pemegangnya tidak diketahui" in err
    assert str(dead.pid) not in err and "01/01/2024" not in err


def test_reviewers_share_the_lock_but_writers_wait_for_them(tmp_path, capsys):
    paths = Paths(tmp_path)
    corpus.make_year(paths, months=(1,))
    with project_lock(paths.data, "tinjau"):
        rc, out, _ = _main(capsys, "--folder", str(tmp_path), "tinjau", "--tahun", str(TAHUN),
                           "--periode", "tw1", "--lihat")
        assert rc == 0 and "Riwayat tinjauan" in out  # a second reviewer is not refused
        proc = _kinerja("--folder", str(tmp_path), "validasi", "--tahun", str(TAHUN))
        assert proc.returncode == 1
        assert "mis. `kinerja tinjau`" in proc.stderr.decode()
        assert not paths.processed_year(TAHUN).exists()


def test_control_characters_in_a_text_argument_are_refused(tmp_path, capsys):
    rc, _, err = _main_exit(capsys, "--folder", str(tmp_path), "tinjau", "--tahun", "2024",
                            "--periode", "tw1", "--nama", "Budi\x1b[2J", "--lihat")
    assert rc == 2
    assert "--nama 'Budi\\x1b[2J' memuat karakter kendali \\x1b" in err and "\x1b" not in err


def test_sigterm_runs_the_cleanup_and_releases_the_lock(tmp_path):
    """`kill` (SIGTERM) takes the Ctrl-C path: `finally` blocks run, exit 143, no traceback,
    and the project folder is free for the next command."""
    folder = tmp_path / "kantor"
    (folder / "data").mkdir(parents=True)
    done = tmp_path / "dibersihkan"
    started = tmp_path / "mulai"
    code = (
        "import pathlib, sys, time\n"
        "from kinerja_lib.ui import cli\n"
        "def lambat(args, paths, settings):\n"
        "    try:\n"
        f"        pathlib.Path({str(started)!r}).write_text('ya')\n"
        "        time.sleep(60)\n"
        "    finally:\n"
        f"        pathlib.Path({str(done)!r}).write_text('ya')\n"
        "cli._COMMANDS['templat'] = lambat\n"
        f"sys.exit(cli.main(['--folder', {str(folder)!r}, 'templat', '--tahun', '2024']))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True)
    for _ in range(300):
        if started.exists():
            break
        time.sleep(0.1)
    assert started.exists(), proc.stderr.read() if proc.poll() is not None else "not started"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 143
    err = proc.stderr.read()
    assert "SIGTERM" in err and "Traceback" not in err
    assert done.read_text() == "ya"
    again = subprocess.run(
        [sys.executable, "-c", code.replace("time.sleep(60)", "pass")],
        capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr


# --------------------------------------------------------------------------- Indonesian argparse

ARGPARSE_ENGLISH = ("usage:", "argument", "invalid choice", "choose from", "required",
                    "show this help", "positional arguments", "options:", "error:", "expected",
                    "unrecognized", "invalid int")




@pytest.mark.parametrize("argv, code", [
    (["bogus"], 2),                                   # invalid choice of a subcommand
    (["jalankan", "--tahun", "2024", "--triwulan", "9"], 2),  # invalid choice of a value
    (["validasi"], 2),                                # required argument missing
    (["contoh", "--benih", "x"], 2),                  # wrong type
    (["templat", "--tahun", "2024", "--bulan"], 2),   # nargs="+" without a value
    (["validasi", "--tahun", "2024", "--lain"], 2),   # unknown argument
    (["--help"], 0), (["validasi", "--help"], 0), (["jalankan", "-h"], 0),
])
def test_command_line_speaks_indonesian(argv, code):
    r = _kinerja(*argv)
    r.stdout, r.stderr = r.stdout.decode(), r.stderr.decode()
    text = r.stdout + r.stderr
    assert r.returncode == code, text
    assert "penggunaan:" in text and "Traceback" not in text
    low = text.lower()
    assert not [w for w in ARGPARSE_ENGLISH if w in low], text
    if code == 2:
        assert "kinerja: kesalahan:" in r.stderr


def test_user_error_cannot_fake_a_stderr_line(tmp_path, capsys, monkeypatch):
    from kinerja_lib.domain.errors import RunnerError, UserError

    odd = "PUS_2024-01\n[GALAT] palsu\r\x1b[2J.xlsx"

    def gagal(args, paths, settings):
        raise UserError(f"Berkas '{odd}' tidak dapat dibaca.")

    monkeypatch.setitem(cli._COMMANDS, "validasi", gagal)
    corpus.make_year(Paths(tmp_path), months=(1,))
    rc, out, err = _main(capsys, "--folder", str(tmp_path), "validasi", "--tahun", str(TAHUN))
    assert rc == 1 and err.count("\n") == 1, err
    assert err.startswith("kinerja: Berkas 'PUS_2024-01\\n[GALAT] palsu\\r\\x1b[2J.xlsx'")
    assert not any(line.startswith("[GALAT]") for line in err.splitlines())
    # a list laid out by the message itself keeps one item per line, each escaped
    msg = cli.user_message(RunnerError("Notebook tidak dijalankan:\n- a\n[GALAT] x\n- b"))
    assert msg.splitlines() == ["Notebook tidak dijalankan:", "  - a\\n[GALAT] x", "  - b"]
