"""`make demo`, the README's first command, never touches a file it did not write.

It runs the real Makefile target (one quarter, HTML only, to keep it short) in a folder of
the test's own; the checkout's data/ and reports/ are checked untouched too.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STAMP = ".venv/.installed-stamp"


def _digests(folder: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _demo(folder: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KINERJA_HOME"}
    # -o: the venv is already installed by `make test`; do not reinstall it here
    return subprocess.run(
        ["make", "-s", "-o", STAMP, "demo", f"DEMO_DIR={folder}",
         "DEMO_JALANKAN=--triwulan 1 --tanpa-pdf"],
        cwd=ROOT, capture_output=True, text=True, timeout=900, env=env)


@pytest.mark.slow
def test_demo_leaves_user_files_and_the_checkout_alone(tmp_path):
    demo = tmp_path / "kantor"
    note = demo / "data" / "raw" / "2024" / "catatan_analis.txt"
    note.parent.mkdir(parents=True)
    note.write_bytes(b"catatan pribadi \x00\xff")
    checkout = {d: _digests(ROOT / d) for d in ("data", "reports")}

    for _ in range(2):  # a rerun of the demo works too (it rewrites only its own files)
        proc = _demo(demo)
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
        assert note.read_bytes() == b"catatan pribadi \x00\xff"
    assert (demo / "reports" / "2024" / "tw1" / "03_laporan_triwulan.html").exists()
    assert {d: _digests(ROOT / d) for d in ("data", "reports")} == checkout


@pytest.mark.slow
def test_demo_refuses_when_a_user_file_sits_at_a_sample_path(tmp_path):
    demo = tmp_path / "kantor"
    kiriman = demo / "data" / "raw" / "2024" / "bulanan" / "PUS-LAY_2024-05.xlsx"
    kiriman.parent.mkdir(parents=True)
    kiriman.write_bytes(b"kiriman asli Seksi Layanan")
    proc = _demo(demo)
    assert proc.returncode != 0
    assert "tidak ditulis oleh `kinerja contoh`" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert kiriman.read_bytes() == b"kiriman asli Seksi Layanan"
    assert not (demo / "reports").exists()
