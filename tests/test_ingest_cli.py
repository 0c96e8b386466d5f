"""`kinerja validasi` end to end through cli.main: exit codes, Indonesian output, outputs."""

from __future__ import annotations

import hashlib

import corpus
import pandas as pd
import pytest
from corpus import TAHUN

from kinerja_lib.io import ingest, ingest_monthly
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample import sample_settings
from kinerja_lib.ui.cli import main


def _run(tmp_path, capsys, *extra):
    rc = main(["--folder", str(tmp_path), "validasi", "--tahun", str(TAHUN), *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return rc, out, err


def _snapshot(paths):
    return {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(paths.raw.rglob("*")) if p.is_file()}


def test_clean_year_exit_0(tmp_path, capsys):
    paths = Paths(tmp_path)
    corpus.make_year(paths, months=(1, 2, 3))
    rc, out, _ = _run(tmp_path, capsys, "--sampai-bulan", "3")
    assert rc == 0
    assert "Berkas dibaca      : 7" in out
    assert "Baris dibaca       : 28" in out and "Baris dikarantina  : 0" in out
    assert "Tidak ada galat." in out
    proc = paths.processed_year(TAHUN)
    for name in ("pk", "ra", "realisasi", "kualitas", "karantina", "sumber", "pengiriman",
                 "pengiriman_status"):
        assert (proc / f"{name}.parquet").exists(), name
    assert (proc / "rekap_2024.xlsx").exists()
    assert sorted(p.name for p in (proc / "permintaan").iterdir()) == [
        "permintaan_ARS-PEN_2024.xlsx", "permintaan_PUS-LAY_2024.xlsx"]
    assert str(proc / "rekap_2024.xlsx") in out


def test_broken_year_exit_1_names_file_sheet_cell(tmp_path, capsys):
    paths = Paths(tmp_path)
    corpus.make_year(paths, months=(1,))
    wb = corpus.monthly_workbook("PUS-LAY", 2)
    corpus.realisasi_ws(wb)[f"{corpus.E}2"] = "dua belas"
    corpus.write_monthly(paths, "PUS-LAY", 2, wb=wb)
    (paths.monthly_dir(TAHUN) / "ARS-PEN_2024-02.xls").write_bytes(corpus.OLE2_HEADER)
    (paths.monthly_dir(TAHUN) / "kosong.xlsx").write_bytes(b"")
    corpus.write_monthly(paths, "ARS-PEN", 3, wb=corpus.chart_only_workbook())
    before = _snapshot(paths)
    rc, out, _ = _run(tmp_path, capsys, "--sampai-bulan", "2")
    assert rc == 1
    assert "[GALAT] 2024/bulanan/PUS-LAY_2024-02.xlsx | Realisasi | E2:" in out
    assert "'dua belas' bukan angka" in out
    assert "2024/bulanan/ARS-PEN_2024-02.xls:" in out and ".xls" in out
    assert "kosong.xlsx" in out and "grafik" in out
    assert "Baris dikarantina  : 1" in out
    assert "Ada 4 galat" in out
    assert _snapshot(paths) == before  # data/raw untouched


def test_warnings_only_exit_0(tmp_path, capsys):
    paths = Paths(tmp_path)
    corpus.make_year(paths, months=(1,))
    corpus.write_monthly(paths, "PUS-LAY", 2, identitas={"unit": "seksi layanan"})
    rc, out, _ = _run(tmp_path, capsys, "--sampai-bulan", "2")
    assert rc == 0
    assert "[PERINGATAN]" in out and "seksi layanan" in out


def test_missing_pk_clear_message(tmp_path, capsys):
    corpus.write_settings(Paths(tmp_path))
    corpus.write_monthly(Paths(tmp_path), "PUS-LAY", 1)
    rc, out, err = _run(tmp_path, capsys)
    assert rc == 1
    assert "Perjanjian Kinerja" in err and "tidak ditemukan" in err


@pytest.mark.parametrize("args, text", [
    (["--sampai-bulan", "13"], "--sampai-bulan 13 tidak sah"),
    (["--tanggal-acuan", "31/02/2024"], "bukan tanggal yang sah"),
])
def test_bad_arguments(tmp_path, capsys, args, text):
    corpus.make_year(Paths(tmp_path), months=(1,))
    rc, _, err = _run(tmp_path, capsys, *args)
    assert rc == 1 and text in err


def test_unexpected_exception_becomes_berkas_rusak(tmp_path, capsys, monkeypatch):
    paths = Paths(tmp_path)
    corpus.make_year(paths, months=(1, 2))
    real = ingest_monthly._check_realisasi

    def boom(chk, *a, **kw):
        if chk.rel.endswith("ARS-PEN_2024-02.xlsx"):
            raise RuntimeError("kejadian tak terduga")
        return real(chk, *a, **kw)

    monkeypatch.setattr(ingest_monthly, "_check_realisasi", boom)
    rc, out, _ = _run(tmp_path, capsys, "--sampai-bulan", "2")
    assert rc == 1
    assert "ARS-PEN_2024-02.xlsx" in out and "kejadian tak terduga" in out
    k = pd.read_parquet(paths.processed_year(TAHUN) / "kualitas.parquet")
    rows = k[k.file == "2024/bulanan/ARS-PEN_2024-02.xlsx"]
    assert rows["aturan"].tolist() == ["berkas_rusak"]  # partial results of the file dropped
    r = ingest.read_year(paths, TAHUN, sample_settings())
    corpus.assert_invariant(r, paths, oracle=False)
    assert "2024/bulanan/ARS-PEN_2024-02.xlsx" not in set(r.data.realisasi.sumber_file)
