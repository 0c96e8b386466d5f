"""Synthetic offices (io/synthetic.py): deterministic, different, and each one validates with
exactly its planted problems through the real command line."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from kinerja_lib.domain import contract as c
from kinerja_lib.io import synthetic
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample import read_manifest
from kinerja_lib.io.workspace import find_offices, scan_workspace

SEED = 11


def _kinerja(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "kinerja"), "--folder",
                           str(folder), *args], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    root = tmp_path_factory.mktemp("ws")
    folders = synthetic.write_workspace(root, 3, SEED, tahun=(2024,), kecil=True)
    return root, folders


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_offices(ws, tmp_path):
    root, folders = ws
    again = synthetic.write_workspace(tmp_path / "b", 3, SEED, tahun=(2024,), kecil=True)
    assert [f.name for f in again] == [f.name for f in folders]
    a, b = _files(root), _files(tmp_path / "b")
    assert a.keys() == b.keys() and len(a) > 100
    assert [k for k in a if a[k] != b[k]] == []
    other = [p[0].kode for p in synthetic.plan_offices(3, SEED + 1)]
    assert other != [f.name for f in folders]


def test_offices_differ_in_identity_units_and_indicators(ws):
    root, folders = ws
    kantor = find_offices(root)
    assert [k.folder for k in kantor] == folders
    assert len({k.kode_opd for k in kantor}) == 3 and len({k.nama_opd for k in kantor}) == 3
    assert all(k.nama_opd.startswith(("Dinas", "Badan", "Kecamatan", "Satuan", "Sekretariat",
                                      "Inspektorat")) for k in kantor)
    pks = [pd.read_excel(Paths(f).pk_workbook(2024), sheet_name=c.PK_SHEET.name)
           for f in folders]
    allpk = pd.concat(pks)
    assert set(allpk["Polaritas"].str.lower()) >= {"positif", "negatif"}
    assert allpk["Jenis Agregasi"].nunique() >= 3
    assert len({tuple(pk["Indikator Kinerja"]) for pk in pks}) == 3
    for k in kantor:
        assert 3 <= len(k.settings.units) <= 4  # kecil
    conf = tomllib.loads((root / "wilayah.toml").read_text(encoding="utf-8"))
    assert conf["kantor"] == [f.name for f in folders]
    assert scan_workspace(root).nama_pemda == "Kabupaten Balangan"


def test_plan_sizes_vary_and_some_office_is_big():
    plan = synthetic.plan_offices(synthetic.MAX_OFFICES, 3)
    sizes = [s for _o, s in plan]
    assert len({o.kode for o, _s in plan}) == synthetic.MAX_OFFICES >= 40
    assert 40 in sizes and min(sizes) >= 3 and len(set(sizes)) >= 6
    with pytest.raises(synthetic.SettingsError, match="Jumlah kantor sintetis"):
        synthetic.plan_offices(synthetic.MAX_OFFICES + 1, 3)


def test_big_office_has_forty_units(tmp_path):
    o = next(o for o, s in synthetic.plan_offices(synthetic.MAX_OFFICES, 3) if s == 40)
    units = synthetic._units(o, 40)
    assert len(units) == 40 and len({u.kode for u in units}) == 40
    assert len({u.nama for u in units}) == 40


def test_each_office_validates_with_its_planted_problems(ws):
    _root, folders = ws
    for f in folders:
        res = _kinerja(f, "validasi", "--tahun", "2024")
        assert res.returncode == 1, res.stdout + res.stderr  # 1 = planted data errors
        out = res.stdout
        assert "Galat              : 1" in out and "'sekitar 40' bukan angka" in out
        assert "dikirim ulang" in out and "Revisi ke-1" in out
        assert "1 laporan belum ada, 1 terlambat" in out
        assert "Traceback" not in res.stderr
        own = read_manifest(Paths(f))
        assert any(name.endswith("_revisi1.xlsx") for name in own)


@pytest.mark.slow
def test_office_runs_its_quarter_reports(ws):
    _root, folders = ws
    f = folders[0]
    if not (Paths(f).processed_year(2024) / "lengkap.json").exists():
        assert _kinerja(f, "validasi", "--tahun", "2024").returncode == 1
    res = _kinerja(f, "jalankan", "--tahun", "2024", "--triwulan", "1", "--tanpa-pdf")
    assert res.returncode == 0, res.stdout + res.stderr
    html = (Paths(f).report_dir(2024, "tw1") / "03_laporan_triwulan.html").read_text(
        encoding="utf-8")
    nama = find_offices(_root)[0].nama_opd
    assert nama in html
