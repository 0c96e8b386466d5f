"""Approvals per period: the period fingerprint (sidik data), `kinerja tinjau --sidik`,
withdrawal (`--tarik`), concurrent `kinerja tinjau`, and the archive of approved reports.

Real workbooks (tests/corpus.py, openpyxl) are validated into data/processed; the runner runs
tiny fixture notebooks with injected HTML/PDF converters (as in test_runner.py).
"""

from __future__ import annotations

import datetime as dt
import html
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import corpus
import nbformat
import pytest
from corpus import TAHUN

from kinerja_lib.domain import contract as c
from kinerja_lib.domain import errors
from kinerja_lib.domain.fingerprint import (
    FINGERPRINT_LENGTH,
    HASHED_COLUMNS,
    RULES_VERSION,
    canonical_lines,
    period_fingerprint,
)
from kinerja_lib.domain.periods import Periode
from kinerja_lib.io import review
from kinerja_lib.io.fingerprint import current_fingerprint
from kinerja_lib.io.ingest import read_year
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample_catalogue import sample_settings
from kinerja_lib.io.settings_file import load_settings, settings_toml
from kinerja_lib.io.store import load_year, save_year
from kinerja_lib.run import runner
from kinerja_lib.ui import cli

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures_notebooks"
TW2 = Periode.from_kode(TAHUN, "tw2")
TW3 = Periode.from_kode(TAHUN, "tw3")
RUN_AT = dt.datetime(2024, 7, 16, 8, 0)
ONLY_03 = [p for p in runner.PHASES if p.stem == "03_laporan_triwulan"]


# --------------------------------------------------------------------------- helpers


def _rows(unit: str, bulan: int) -> list[dict]:
    """The corpus's realisation rows, percentages kept below 100 %."""
    rows = corpus.realisasi_rows(unit, bulan)
    for r in rows:
        if r["satuan"] == "%" and r.get("realisasi") is not None:
            r["realisasi"] = 50 + bulan
    return rows


def _send(paths: Paths, unit: str, bulan: int, rows: list[dict] | None = None) -> None:
    corpus.write_monthly(paths, unit, bulan, real=rows or _rows(unit, bulan))


def _project(root: Path, months=range(1, 7)) -> Paths:
    """A project with the sample office's settings and a clean corpus year (not validated)."""
    paths = Paths(root)
    paths.settings_file.parent.mkdir(parents=True, exist_ok=True)
    if not paths.settings_file.exists():
        paths.settings_file.write_text(settings_toml(sample_settings()), encoding="utf-8")
    corpus.write_pk(paths)
    for unit in corpus.UNIT_KODE:
        for bulan in months:
            _send(paths, unit, bulan)
    return paths


def _settings(paths: Paths):
    return load_settings(paths.settings_file)


def _validasi(paths: Paths) -> int:
    return cli.main(["--folder", str(paths.root), "validasi", "--tahun", str(TAHUN)])


def _revise_may(paths: Paths, value: float = 999.0) -> None:
    """PUS-LAY re-sends its May workbook with a corrected IK-01 value (the unit acting)."""
    rows = _rows("PUS-LAY", 5)
    assert rows[0]["kode"] == "IK-01"
    rows[0]["realisasi"] = value
    _send(paths, "PUS-LAY", 5, rows)


def _tinjau(paths: Paths, *args: str) -> int:
    return cli.main(["--folder", str(paths.root), "tinjau", "--tahun", str(TAHUN), *args])


def _approve_args(sidik: str, tanggal: str = "15/07/2024", jabatan: str = "Kepala Bidang",
                  periode: str = "tw2") -> list[str]:
    return ["--periode", periode, "--sidik", sidik, "--nama", "Hj. Siti Rahmah",
            "--jabatan", jabatan, "--keputusan", "ya", "--tanggal", tanggal]


def _fake_html(ipynb_path, html_path, title):
    nb = nbformat.read(str(ipynb_path), as_version=4)
    text = "\n".join(o.get("text", "") for cell in nb.cells if cell.cell_type == "code"
                     for o in cell.get("outputs", []))
    Path(html_path).write_text(f"<html><title>{html.escape(title)}</title><pre>"
                               f"{html.escape(text)}</pre></html>", encoding="utf-8")


def _fake_pdf(html_path, pdf_path, browser):
    Path(pdf_path).write_bytes(b"%PDF-1.4\n" + Path(html_path).read_bytes())


FAKES = runner.Converters(to_html=_fake_html, find_browser=lambda s: "peramban-palsu",
                          to_pdf=_fake_pdf, pdf_hint=lambda: "Pasang Chromium.")


def _run(paths: Paths, generated_at=RUN_AT):
    nb = paths.root / "nb"
    if not nb.exists():
        nb.mkdir()
        for phase in runner.PHASES:
            shutil.copy(FIXTURES / "ok.py", nb / f"{phase.stem}.py")
    res = runner.run(paths, _settings(paths), TAHUN, ["tw2"], notebook_dir=nb,
                     converters=FAKES, data_step=None, generated_at=generated_at,
                     phases=ONLY_03, retry_delay=0.2)
    assert res.ok, [j.error for j in res.failed]
    return res


def _status(paths: Paths, periode: Periode = TW2):
    fp = current_fingerprint(paths, periode, _settings(paths))
    return review.report_status(review.load_decisions(paths, TAHUN, periode.kode), fp)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------- fingerprint


def test_fingerprint_same_from_raw_ingest_parquet_and_another_folder(tmp_path):
    settings = sample_settings()
    a = _project(tmp_path / "a")
    fresh = read_year(a, TAHUN, settings).data  # raw -> ingest, no data/processed yet
    assert not a.processed_year(TAHUN).exists()
    fp = period_fingerprint(fresh, TW2, settings)
    assert len(fp) == FINGERPRINT_LENGTH == 12 and int(fp, 16) >= 0
    save_year(fresh, a)
    reloaded = load_year(a, TAHUN)  # Parquet round trip: same values, same fingerprint
    assert canonical_lines(reloaded, TW2, settings) == canonical_lines(fresh, TW2, settings)
    assert current_fingerprint(a, TW2, settings) == fp
    # the same raw files in another project folder, under other file names
    b = _project(tmp_path / "b")
    for f in b.monthly_dir(TAHUN).glob("*.xlsx"):
        f.rename(f.with_name("kiriman_" + f.name))
    assert period_fingerprint(read_year(b, TAHUN, settings).data, TW2, settings) == fp
    # rows in another order: same fingerprint
    shuffled = load_year(a, TAHUN)
    shuffled.realisasi = shuffled.realisasi.iloc[::-1].reset_index(drop=True)
    assert period_fingerprint(shuffled, TW2, settings) == fp


def test_validating_unchanged_data_again_keeps_the_fingerprint(tmp_path):
    paths = _project(tmp_path)
    assert _validasi(paths) == 0
    fp = current_fingerprint(paths, TW2, _settings(paths))
    assert _validasi(paths) == 0
    assert current_fingerprint(paths, TW2, _settings(paths)) == fp


def test_later_months_leave_the_period_unchanged_earlier_revisions_do_not(tmp_path):
    settings = sample_settings()
    paths = _project(tmp_path)
    d6 = read_year(paths, TAHUN, settings).data
    fp_tw2, fp_tw3 = (period_fingerprint(d6, p, settings) for p in (TW2, TW3))
    for unit in ("PUS-LAY", "ARS-PEN"):
        _send(paths, unit, 7)
    d7 = read_year(paths, TAHUN, settings).data
    assert len(d7.realisasi) > len(d6.realisasi)
    assert period_fingerprint(d7, TW2, settings) == fp_tw2  # July: not in Triwulan II
    assert period_fingerprint(d7, TW3, settings) != fp_tw3
    s1 = Periode.from_kode(TAHUN, "s1")
    assert period_fingerprint(d7, s1, settings) == period_fingerprint(d6, s1, settings)
    _revise_may(paths)
    d_may = read_year(paths, TAHUN, settings).data
    assert period_fingerprint(d_may, TW2, settings) != fp_tw2  # May is in Triwulan II
    tw1 = Periode.from_kode(TAHUN, "tw1")
    assert period_fingerprint(d_may, tw1, settings) == period_fingerprint(d6, tw1, settings)


def test_settings_that_change_numbers_change_the_fingerprint_others_do_not(tmp_path):
    settings = sample_settings()
    data = read_year(_project(tmp_path), TAHUN, settings).data
    fp = period_fingerprint(data, TW2, settings)
    for change in ({"batas_capaian": 120.0}, {"skala_predikat": "lampu"},
                   {"ambang_efisiensi": 10.0}, {"metode_negatif_default": "B"},
                   {"ambang_risiko": 80.0}, {"hari_batas_laporan": 10},
                   {"libur": (dt.date(2024, 5, 5),)}):
        assert period_fingerprint(data, TW2, settings.with_(**change)) != fp, change
    for change in ({"nama_opd": "Dinas Lain"}, {"browser": "/usr/bin/chromium"},
                   {"alamat": "Jl. Baru"}):
        assert period_fingerprint(data, TW2, settings.with_(**change)) == fp, change
    assert canonical_lines(data, TW2, settings)[0] == f"kinerja-sidik-periode rules={RULES_VERSION}"
    # a changed PK target (whole year) counts; a file name (lineage) does not
    pk = data.pk.copy()
    pk.loc[0, "target_tahunan"] = pk.loc[0, "target_tahunan"] + 1
    assert period_fingerprint(_with(data, pk=pk), TW2, settings) != fp
    pk = data.pk.copy()
    pk["sumber_file"] = "lain/" + pk["sumber_file"].astype(str)
    assert period_fingerprint(_with(data, pk=pk), TW2, settings) == fp
    # revisi (another table of YearData) is not hashed
    assert "revisi" not in HASHED_COLUMNS


def _with(data, **frames):
    import dataclasses

    return dataclasses.replace(data, **frames)


def test_hashed_columns_exist_in_the_contract():
    contract_cols = {"pk": c.PK_COLUMNS, "ra": c.RA_COLUMNS, "anggaran": c.ANGGARAN_COLUMNS,
                     "realisasi": c.REALISASI_COLUMNS,
                     "realisasi_anggaran": c.REALISASI_ANGGARAN_COLUMNS,
                     "pengiriman": c.PENGIRIMAN_COLUMNS}
    for name, cols in HASHED_COLUMNS.items():
        assert set(cols) <= set(contract_cols[name]), name
        assert not set(cols) & set(c.LINEAGE_COLUMNS), name


# --------------------------------------------------------------------------- the routine


def test_quarterly_routine_approval_survives_july_but_not_a_may_revision(tmp_path, capsys):
    paths = _project(tmp_path)
    assert _validasi(paths) == 0
    sidik = current_fingerprint(paths, TW2, _settings(paths))
    _run(paths)
    report = paths.report_dir(TAHUN, "tw2")
    archive = report / "arsip" / sidik
    assert not (report / "arsip").exists()  # a draft is not archived

    assert _tinjau(paths, *_approve_args(sidik)) == 0
    assert "Keputusan nomor 1 tercatat" in capsys.readouterr().out
    res = _run(paths)
    assert any(str(archive) in n for n in res.notes)
    names = {p.name for p in archive.iterdir()}
    assert names == {"03_laporan_triwulan.html", "03_laporan_triwulan.pdf"}
    for p in archive.iterdir():
        assert p.read_bytes() == (report / p.name).read_bytes()
        assert not p.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    approved_copy = _snapshot(archive)

    # a rerun of unchanged data later: the report is rewritten, the archive is not
    _run(paths, generated_at=RUN_AT + dt.timedelta(days=3))
    assert (report / "03_laporan_triwulan.html").read_bytes() != \
        approved_copy["03_laporan_triwulan.html"]
    assert _snapshot(archive) == approved_copy

    # July's workbooks arrive and are validated: Triwulan II stays approved
    for unit in ("PUS-LAY", "ARS-PEN"):
        _send(paths, unit, 7)
    assert _validasi(paths) == 0
    assert current_fingerprint(paths, TW2, _settings(paths)) == sidik
    st = _status(paths)
    assert st.kode == review.DISETUJUI, st.alasan
    assert _tinjau(paths, "--periode", "tw2", "--lihat") == 0
    assert "Status laporan: DISETUJUI" in capsys.readouterr().out

    # a unit revises May: back to DRAFT, "perlu ditinjau ulang"; the approved copy stays
    _revise_may(paths)
    assert _validasi(paths) == 0
    st = _status(paths)
    assert st.kode == review.DRAFT and "perlu ditinjau ulang" in st.alasan
    _run(paths)
    assert _snapshot(archive) == approved_copy
    assert [p.name for p in (report / "arsip").iterdir()] == [sidik]  # drafts not archived
    capsys.readouterr()

    # approving with the sidik of the old report is refused; nothing recorded
    before = review.decisions_file(paths, TAHUN, "tw2").read_bytes()
    new = current_fingerprint(paths, TW2, _settings(paths))
    assert _tinjau(paths, *_approve_args(sidik, tanggal="20/07/2024")) == 1
    err = capsys.readouterr().err
    assert (f"laporan yang Anda tinjau sudah usang: sidik di laporan {sidik}, data sekarang "
            f"{new}; jalankan ulang `kinerja jalankan --tahun 2024 --triwulan 2` dan tinjau "
            "laporan baru") in err
    assert "Traceback" not in err
    assert review.decisions_file(paths, TAHUN, "tw2").read_bytes() == before
    # with the new report's sidik it is recorded (typed in upper case: same sidik)
    assert _tinjau(paths, *_approve_args(new.upper(), tanggal="20/07/2024")) == 0
    assert _status(paths).kode == review.DISETUJUI
    _run(paths)
    assert sorted(p.name for p in (report / "arsip").iterdir()) == sorted([sidik, new])


def test_sidik_is_required_to_record(tmp_path, capsys):
    paths = _project(tmp_path, months=(1, 2, 3))
    assert _validasi(paths) == 0
    capsys.readouterr()
    args = _approve_args("x", periode="tw1", tanggal="10/04/2024")
    i = args.index("--sidik")
    del args[i:i + 2]
    assert _tinjau(paths, *args) == 1
    err = capsys.readouterr().err
    assert "--sidik" in err and "judul laporan" in err and "Traceback" not in err
    assert _tinjau(paths, *_approve_args("  ", periode="tw1", tanggal="10/04/2024")) == 1
    assert not review.decisions_file(paths, TAHUN, "tw1").exists()


# --------------------------------------------------------------------------- withdrawal


def test_withdrawal_is_appended_and_ignored_by_the_status(tmp_path, capsys):
    paths = _project(tmp_path)
    assert _validasi(paths) == 0
    sidik = current_fingerprint(paths, TW2, _settings(paths))
    assert _tinjau(paths, "--periode", "tw2", "--sidik", sidik, "--nama", "Budi",
                   "--jabatan", "Kepala Bidang", "--keputusan", "tidak", "--catatan",
                   "Lengkapi bukti IK-01", "--tanggal", "10/07/2024") == 0
    assert _tinjau(paths, *_approve_args(sidik)) == 0
    assert _status(paths).kode == review.DISETUJUI
    f = review.decisions_file(paths, TAHUN, "tw2")
    before = f.read_text(encoding="utf-8")
    capsys.readouterr()

    # the approval (nomor 2) was given by mistake: withdraw it
    assert _tinjau(paths, "--periode", "tw2", "--tarik", "2", "--nama", "Hj. Siti Rahmah",
                   "--jabatan", "Kepala Bidang", "--tanggal", "16/07/2024", "--catatan",
                   "Salah laporan") == 0
    out = capsys.readouterr().out
    assert "Penarikan tercatat sebagai nomor 3" in out and "Keputusan nomor 2" in out
    assert f.read_text(encoding="utf-8").startswith(before)  # nothing rewritten
    dec = review.load_decisions(paths, TAHUN, "tw2")
    assert [(d.nomor, d.keputusan, d.tarik) for d in dec] == [
        (1, "tidak", None), (2, "ya", None), (3, "tarik", 2)]
    st = _status(paths)  # the return (nomor 1) is in force again
    assert st.kode == review.DIKEMBALIKAN and st.koreksi == ["Lengkapi bukti IK-01"]
    log = review.load_correction_log(paths, TW2)
    assert list(log["nomor"]) == [1] and list(log["keputusan"]) == ["dikembalikan"]
    assert _tinjau(paths, "--periode", "tw2", "--lihat") == 0
    out = capsys.readouterr().out
    assert "2. 15 Juli 2024 - Hj. Siti Rahmah (Kepala Bidang): DISETUJUI" in out
    assert "(ditarik, nomor 3)" in out and "MENARIK keputusan nomor 2" in out

    # withdraw the return too: no decision in force
    assert _tinjau(paths, "--periode", "tw2", "--tarik", "1", "--nama", "Budi", "--jabatan",
                   "Kepala Bidang", "--tanggal", "16/07/2024") == 0
    st = _status(paths)
    assert st.kode == review.DRAFT and "Keputusan nomor 1 ditarik" in st.alasan
    assert review.correction_log(review.load_decisions(paths, TAHUN, "tw2")).empty
    capsys.readouterr()

    # refused, nothing written: already withdrawn, a withdrawal entry, unknown number,
    # --tarik with --keputusan, missing reviewer
    text = f.read_bytes()
    for args, msg in [
        (["--tarik", "2"], "sudah ditarik"),
        (["--tarik", "3"], "catatan penarikan"),
        (["--tarik", "9"], "tidak ada"),
        (["--tarik", "1", "--keputusan", "ya"], "tidak boleh bersama --keputusan"),
    ]:
        assert _tinjau(paths, "--periode", "tw2", "--nama", "Budi", "--jabatan",
                       "Kepala Bidang", "--tanggal", "17/07/2024", *args) == 1, args
        err = capsys.readouterr().err
        assert msg in err and "Traceback" not in err, (args, err)
    assert _tinjau(paths, "--periode", "tw2", "--tarik", "1") == 1
    assert "--nama, --jabatan, --tanggal" in capsys.readouterr().err
    assert f.read_bytes() == text


def test_withdrawal_rules(tmp_path):
    paths = Paths(tmp_path)
    review.record_decision(paths, TAHUN, "tahunan", "Sari", "Sekretaris", "ya", [],
                           dt.date(2025, 1, 20), "abc")
    with pytest.raises(errors.ReviewError, match="tidak berwenang menarik persetujuan"):
        review.withdraw_decision(paths, TAHUN, "tahunan", 1, "Budi", "Kepala Bidang",
                                 dt.date(2025, 1, 21))
    with pytest.raises(errors.ReviewError, match="sebelum tanggal keputusan nomor 1"):
        review.withdraw_decision(paths, TAHUN, "tahunan", 1, "Sari", "Sekretaris",
                                 dt.date(2025, 1, 19))
    with pytest.raises(errors.ReviewError, match="lebih lambat dari hari ini"):
        review.withdraw_decision(paths, TAHUN, "tahunan", 1, "Sari", "Sekretaris",
                                 dt.date(2025, 2, 1), hari_ini=dt.date(2025, 1, 25))
    assert len(review.load_decisions(paths, TAHUN, "tahunan")) == 1
    w = review.withdraw_decision(paths, TAHUN, "tahunan", 1, "Sari", "Sekretaris",
                                 dt.date(2025, 1, 22), ["keliru"])
    assert (w.nomor, w.tarik, w.penarikan, w.catatan) == (2, 1, True, ("keliru",))
    assert review.load_decisions(paths, TAHUN, "tahunan")[1] == w
    assert review.report_status(review.load_decisions(paths, TAHUN, "tahunan"),
                                "abc").kode == review.DRAFT


# --------------------------------------------------------------------------- concurrency


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_eight_concurrent_tinjau_keep_eight_decisions(tmp_path):
    paths = _project(tmp_path)
    assert _validasi(paths) == 0
    sidik = current_fingerprint(paths, TW2, _settings(paths))
    procs = [subprocess.Popen(
        [sys.executable, "-m", "kinerja_lib.ui.cli", "--folder", str(paths.root), "tinjau",
         "--tahun", str(TAHUN), "--periode", "tw2", "--sidik", sidik, "--nama",
         f"Peninjau {i}", "--jabatan", "Kepala Bidang", "--keputusan", "tidak",
         "--catatan", f"koreksi {i}", "--tanggal", "15/07/2024"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(), cwd=tmp_path)
        for i in range(8)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, [e for _, e in outs]
    assert all("tercatat" in o for o, _ in outs)
    dec = review.load_decisions(paths, TAHUN, "tw2")
    assert len(dec) == 8
    assert sorted(d.nomor for d in dec) == list(range(1, 9))
    assert sorted(d.nama for d in dec) == [f"Peninjau {i}" for i in range(8)]
    assert {d.fingerprint for d in dec} == {sidik}
    printed = sorted(int(o.split("Keputusan nomor ")[1].split()[0]) for o, _ in outs)
    assert printed == list(range(1, 9))  # each process was told its own number


_RECORD = """
import datetime as dt, sys
from pathlib import Path
from kinerja_lib.io import review
from kinerja_lib.io.paths import Paths
d = review.record_decision(Paths(Path(sys.argv[1])), 2024, "tw2", "Budi", "Kepala Bidang",
                           "ya", [], dt.date(2024, 7, 15), "abc")
print(d.nomor)
"""


def test_append_waits_for_the_lock(tmp_path):
    paths = Paths(tmp_path)
    f = review.decisions_file(paths, TAHUN, "tw2")
    with review.locked(f):
        p = subprocess.Popen([sys.executable, "-c", _RECORD, str(tmp_path)], env=_env(),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(4)  # ample time to import and reach the lock
        assert p.poll() is None and not f.exists()  # blocked while we hold the lock
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    assert out.strip() == "1" and len(review.load_decisions(paths, TAHUN, "tw2")) == 1
    assert review.lock_file(f).exists() and review.lock_file(f).name == ".2024-tw2.toml.lock"


# --------------------------------------------------------------------------- archive


def test_archive_copy_never_replaces(tmp_path):
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    a.write_text("disetujui", encoding="utf-8")
    b.write_text("versi lain", encoding="utf-8")
    dest = tmp_path / "arsip" / "abc" / "laporan.html"
    assert runner.archive_copy(a, dest) is True
    assert runner.archive_copy(b, dest) is False
    assert dest.read_text(encoding="utf-8") == "disetujui"
    assert [p.name for p in dest.parent.iterdir()] == ["laporan.html"]  # no temporaries


def test_approved_periods_needs_processed_data_and_an_approval(tmp_path):
    paths = _project(tmp_path)
    settings = _settings(paths)
    assert runner.approved_periods(paths, settings, TAHUN, [TW2]) == {}  # not validated
    assert _validasi(paths) == 0
    assert runner.approved_periods(paths, settings, TAHUN, [TW2]) == {}  # no decision
    sidik = current_fingerprint(paths, TW2, settings)
    review.record_decision(paths, TAHUN, "tw2", "Budi", "Kepala Bidang", "ya", [],
                           dt.date(2024, 7, 15), sidik)
    assert runner.approved_periods(paths, settings, TAHUN, [TW2, TW3]) == {"tw2": sidik}
    # the approval is of this office's settings: another cap gives another sidik
    assert runner.approved_periods(paths, settings.with_(batas_capaian=120.0), TAHUN,
                                   [TW2]) == {}
