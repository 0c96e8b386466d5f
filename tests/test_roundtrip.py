"""Round trip on the deterministic sample: write it, ingest it, track it, run the CLI.

The sample (``sample.write_sample``) plants a known set of defects in its latest year. These
tests check that ingest, the tracker and ``kinerja validasi`` find exactly those and nothing
else, and that the outputs people receive (Excel recap, request sheets) and the Parquet
tables are byte-identical between two runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import time

import pytest
from openpyxl import load_workbook

from kinerja_lib.domain import contract as c
from kinerja_lib.domain import model
from kinerja_lib.io import ingest, recap, store, tracker
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample import (
    PLANTED_DEFECTS,
    PLANTED_LATE,
    PLANTED_MISSING,
    sample_settings,
    write_sample,
)
from kinerja_lib.ui import cli

YEARS = (2023, 2024)
DEFECT_YEAR = 2024
SETTINGS = sample_settings()


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    """A project root holding the sample (written once per module: several seconds)."""
    base = tmp_path_factory.mktemp("roundtrip")
    write_sample(Paths(base), YEARS)
    return base


@pytest.fixture(scope="module")
def ingested(root):
    paths = Paths(root)
    return {t: ingest.read_year(paths, t, SETTINGS) for t in YEARS}


def _key(d) -> tuple:
    return (d["file"], d["sheet"], d["sel"], d["aturan"])


# --------------------------------------------------------------------------- quality table


def test_quality_table_lists_exactly_the_planted_defects(ingested):
    kual = ingested[DEFECT_YEAR].data.kualitas
    found = {_key(r) for r in kual.to_dict("records")}
    planted = {_key(d) for d in PLANTED_DEFECTS}
    assert len(planted) == 5
    assert found == planted, (f"extra: {sorted(found - planted)}; "
                              f"missing: {sorted(planted - found)}")
    assert len(kual) == len(planted)  # each defect reported once
    for r in kual.to_dict("records"):
        assert r["tingkat"] == c.ATURAN[r["aturan"]][0]
        assert r["pesan"].strip()
    # the clean year has no problem at all
    assert ingested[2023].data.kualitas.empty
    assert ingested[2023].data.karantina.empty


def test_only_the_unknown_code_is_quarantined(ingested):
    res = ingested[DEFECT_YEAR]
    assert res.errors == 1 and res.warnings == 4
    kar = res.data.karantina
    unknown = next(d for d in PLANTED_DEFECTS if d["aturan"] == "kode_tidak_dikenal")
    assert len(kar) == 1
    row = kar.iloc[0]
    assert (row.sumber_file, row.sumber_sheet) == (unknown["file"], unknown["sheet"])
    assert f"A{row.sumber_baris}" == unknown["sel"]
    assert "IK-99" in row.alasan
    assert "IK-99" not in set(res.data.realisasi["kode"])


def _rows_in_workbooks(paths: Paths, tahun: int) -> dict[str, int]:
    """Non-empty data rows (row 2 down) per sheet type, counted directly with openpyxl."""
    def count(ws) -> int:
        return sum(1 for row in ws.iter_rows(min_row=2, values_only=True)
                   if any(v is not None and str(v).strip() for v in row))

    out = dict.fromkeys(ingest.JENIS, 0)
    wb = load_workbook(paths.pk_workbook(tahun), read_only=True, data_only=True)
    out["pk"] = count(wb["Perjanjian Kinerja"])
    out["ra"] = count(wb["Rencana Aksi"])
    out["anggaran"] = count(wb["Anggaran"])
    wb.close()
    for f in sorted(paths.monthly_dir(tahun).glob("*.xlsx")):
        wb = load_workbook(f, read_only=True, data_only=True)
        out["realisasi"] += count(wb["Realisasi"])
        out["realisasi_anggaran"] += count(wb["Anggaran"])
        wb.close()
    return out


@pytest.mark.parametrize("tahun", YEARS)
def test_rows_read_equal_accepted_plus_quarantined(root, ingested, tahun):
    res = ingested[tahun]
    paths = Paths(root)
    direct = _rows_in_workbooks(paths, tahun)
    for jenis, n in res.counts.items():
        assert n["dibaca"] == n["diterima"] + n["dikarantina"], jenis
        assert n["dibaca"] == direct[jenis], jenis  # ingest saw every row in the files
    # the counts agree with the frames themselves
    d = res.data
    assert res.counts["pk"]["diterima"] == len(d.pk) == 27
    assert res.counts["ra"]["diterima"] * 4 == len(d.ra)  # long form: 4 quarters per row
    assert res.counts["anggaran"]["diterima"] == len(d.anggaran) == 10
    assert res.counts["realisasi"]["diterima"] == len(d.realisasi)
    assert res.counts["realisasi_anggaran"]["diterima"] == len(d.realisasi_anggaran)
    assert res.rows_quarantined == len(d.karantina)
    assert res.rows_read == res.rows_accepted + res.rows_quarantined
    if tahun == DEFECT_YEAR:
        # 27 indicators x 12 months, minus the 4 indicators of the missing PUS-BIN May
        # report, plus the planted unknown IK-99 row: 324 - 4 + 1 = 321 read, 1 quarantined
        assert res.counts["realisasi"] == {"dibaca": 321, "diterima": 320, "dikarantina": 1,
                                           "digantikan": 0}
        # 10 kegiatan x 12 months minus PUS-BIN's single kegiatan in May
        assert res.counts["realisasi_anggaran"]["dibaca"] == 119
    else:
        assert res.counts["realisasi"] == {"dibaca": 324, "diterima": 324, "dikarantina": 0,
                                           "digantikan": 0}
        assert res.counts["realisasi_anggaran"]["dibaca"] == 120


# --------------------------------------------------------------------------- tracker


def _sent_date(paths: Paths, tahun: int, bulan: int, unit: str) -> dt.date:
    """Tanggal Kirim typed in the Identitas sheet (read directly, not through ingest)."""
    wb = load_workbook(paths.monthly_dir(tahun) / c.bulanan_filename(unit, tahun, bulan),
                       read_only=True)
    ident = {a: b for a, b in wb["Identitas"].iter_rows(min_col=1, max_col=2,
                                                        values_only=True)}
    wb.close()
    v = ident["Tanggal Kirim"]
    return v.date() if isinstance(v, dt.datetime) else v


@pytest.mark.parametrize("tahun", YEARS)
def test_tracker_marks_exactly_the_late_and_missing_reports(root, ingested, tahun):
    d = ingested[tahun].data
    acuan = dt.date(tahun + 1, 1, SETTINGS.hari_batas_laporan)  # due date of December
    st = tracker.submission_status(d.pk, d.pengiriman, tahun, 12, SETTINGS, acuan,
                                   anggaran=d.anggaran)
    units = [u.kode for u in sample_settings().units]
    assert list(dict.fromkeys(st["unit"])) == units  # all 8 units report
    assert len(st) == len(units) * 12
    got = {(r.unit, r.bulan): r.status for r in st.itertuples()}
    expected = {(u, b): "tepat waktu" for u in units for b in range(1, 13)}
    if tahun == DEFECT_YEAR:
        _, b_late, u_late = PLANTED_LATE
        _, b_miss, u_miss = PLANTED_MISSING
        expected[(u_late, b_late)] = "terlambat"
        expected[(u_miss, b_miss)] = "belum ada"
    assert got == expected
    if tahun != DEFECT_YEAR:
        return
    paths = Paths(root)
    late = st[(st.unit == u_late) & (st.bulan == b_late)].iloc[0]
    # ARS-BIN March is due 5 April 2024; the Identitas sheet says it was sent on 15 April
    sent = _sent_date(paths, tahun, b_late, u_late)
    assert sent == dt.date(2024, 4, 15)
    assert late.hari_terlambat == (sent - dt.date(2024, 4, 5)).days == 10
    miss = st[(st.unit == u_miss) & (st.bulan == b_miss)].iloc[0]
    # PUS-BIN May was due 5 June 2024: overdue 214 days at the reference date 5 January 2025
    assert not (paths.monthly_dir(tahun) / c.bulanan_filename(u_miss, tahun, b_miss)).exists()
    assert miss.hari_terlambat == (acuan - dt.date(2024, 6, 5)).days == 214
    rate = tracker.on_time_rate(st).set_index("unit")
    total = rate.loc[tracker.TOTAL_UNIT]
    assert (total.jumlah_wajib, total.tepat_waktu, total.terlambat, total.belum_ada) == \
        (96, 94, 1, 1)
    assert total.persen_tepat_waktu == pytest.approx(94 / 96 * 100)


# --------------------------------------------------------------------------- CLI


def test_cli_validasi_reports_every_planted_defect(root, capsys):
    code = cli.main(["--folder", str(root), "validasi", "--tahun", str(DEFECT_YEAR)])
    out, err = capsys.readouterr()
    assert code == 1  # the planted kode_tidak_dikenal is an error
    assert "Traceback" not in out + err
    assert err == ""
    for d in PLANTED_DEFECTS:
        assert f"{d['file']} | {d['sheet']} | {d['sel']}:" in out, d
    assert "Galat              : 1" in out
    assert "Peringatan         : 4" in out
    assert "1 laporan belum ada, 1 terlambat" in out
    processed = Paths(root).processed_year(DEFECT_YEAR)
    assert (processed / f"rekap_{DEFECT_YEAR}.xlsx").is_file()
    assert len(list((processed / "permintaan").glob("*.xlsx"))) == len(sample_settings().units)


# --------------------------------------------------------------------------- determinism


def _pipeline(paths: Paths) -> None:
    """What ``kinerja validasi`` does for both years, plus the engine tables of 2024."""
    for tahun in YEARS:
        data = ingest.read_year(paths, tahun, SETTINGS).data
        out = store.save_year(data, paths)
        acuan = dt.date(tahun + 1, 1, SETTINGS.hari_batas_laporan)
        st = tracker.submission_status(data.pk, data.pengiriman, tahun, 12, SETTINGS, acuan,
                                       anggaran=data.anggaran)
        tracker.save_status(st, paths, tahun)
        recap.write_recap(data, out / f"rekap_{tahun}.xlsx", org=SETTINGS.organisasi,
                          status=st,
                          ketepatan=tracker.on_time_rate(st))
        tracker.write_request_sheets(paths, tahun, st, data.kualitas, data.pengiriman, acuan,
                                     SETTINGS)
    store.compute_and_write_year(paths, DEFECT_YEAR, SETTINGS)


def _digests(paths: Paths) -> dict[str, str]:
    return {p.relative_to(paths.processed).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(paths.processed.rglob("*")) if p.is_file()}


def test_outputs_are_byte_identical_between_runs(root, tmp_path):
    """Two runs on copies of the same raw data, at least 2 s apart (the zip time resolution),
    in different folders, give the same bytes for every xlsx and Parquet file."""
    runs = []
    for name in ("a", "b"):
        paths = Paths(tmp_path / name)
        shutil.copytree(Paths(root).raw, paths.raw)
        if runs:
            time.sleep(max(0.0, 2.1 - (time.monotonic() - runs[-1][1])))
        _pipeline(paths)
        runs.append((_digests(paths), time.monotonic()))
    a, b = runs[0][0], runs[1][0]
    xlsx = [k for k in a if k.endswith(".xlsx")]
    parquet = [k for k in a if k.endswith(".parquet")]
    # 2 recaps + 2 x 8 request sheets; 2 x (10 ingest tables + status) + 7 periods x 6 tables
    assert len(xlsx) == 2 + 2 * len(sample_settings().units)
    assert len(parquet) == 2 * (len(model.YearData.table_names()) + 1) + 7 * 6
    # and the stamp of the period tables (what they were computed from, their sha256s)
    assert set(a) == set(b) == set(xlsx) | set(parquet) | {f"2024/{store.TABLES_STAMP}"}
    differ = sorted(k for k in a if a[k] != b[k])
    assert differ == []
    # the fixed stamp is the data's year, never the clock
    wb = load_workbook(Paths(tmp_path / "a").processed_year(2024) / "rekap_2024.xlsx",
                       read_only=True)
    assert wb.properties.modified == dt.datetime(2024, 1, 1)
    assert wb.properties.created == dt.datetime(2024, 1, 1)
    wb.close()
