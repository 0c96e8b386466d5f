"""Submission tracker: status per unit x month, on-time rate, request sheets."""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile

import corpus
import openpyxl
import pandas as pd
import pytest
from corpus import TAHUN

from kinerja_lib.io import tracker
from kinerja_lib.io.ingest import read_year
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample import sample_settings
from kinerja_lib.io.store import load_year

PK = pd.DataFrame({"kode": ["IK-01", "IK-02", "IK-03"], "unit": ["PUS-LAY", "PUS-LAY", "ARS-PEN"]})
ANG = pd.DataFrame({"kode_kegiatan": ["KG-01"], "unit": ["SEKRE"]})


def _peng(rows):
    return pd.DataFrame(
        [{"opd": "X", "tahun": TAHUN, "bulan": b, "unit": u,
          "tanggal_kirim": pd.Timestamp(t), "sumber_file": f"2024/bulanan/{u}_{TAHUN}-{b:02d}.xlsx",
          "sha256": "0"} for u, b, t in rows])


def _get(status, unit, bulan):
    return status[(status.unit == unit) & (status.bulan == bulan)].iloc[0]


def test_status_rules():
    peng = _peng([("PUS-LAY", 1, "2024-02-05"),   # on the due date: on time
                  ("PUS-LAY", 2, "2024-03-08"),   # 3 days late
                  ("ARS-PEN", 1, "2024-01-31")])
    st = tracker.submission_status(PK, peng, TAHUN, 3, sample_settings(), dt.date(2024, 3, 20))
    assert list(st.columns) == list(tracker.STATUS_COLUMNS)
    assert list(dict.fromkeys(st.unit)) == ["PUS-LAY", "ARS-PEN"]  # registry order
    assert len(st) == 6
    r = _get(st, "PUS-LAY", 1)
    assert r.status == "tepat waktu" and r.hari_terlambat == 0
    assert r.batas == pd.Timestamp(2024, 2, 5)
    r = _get(st, "PUS-LAY", 2)
    assert r.status == "terlambat" and r.hari_terlambat == 3
    r = _get(st, "PUS-LAY", 3)  # due 5 April, reference 20 March
    assert r.status == "belum jatuh tempo" and r.hari_terlambat == 0 and pd.isna(r.tanggal_kirim)
    r = _get(st, "ARS-PEN", 2)  # due 5 March, reference 20 March
    assert r.status == "belum ada" and r.hari_terlambat == 15
    assert st["batas"].dtype == "datetime64[ns]" and st["hari_terlambat"].dtype == "int64"


def test_due_day_setting_and_december():
    peng = _peng([("ARS-PEN", 12, "2025-01-09")])
    st = tracker.submission_status(PK[PK.unit == "ARS-PEN"], peng, TAHUN, 12,
                                   sample_settings(hari_batas_laporan=10), dt.date(2025, 2, 1))
    r = _get(st, "ARS-PEN", 12)
    assert r.batas == pd.Timestamp(2025, 1, 10) and r.status == "tepat waktu"
    st5 = tracker.submission_status(PK[PK.unit == "ARS-PEN"], peng, TAHUN, 12, sample_settings(),
                                    dt.date(2025, 2, 1))
    assert _get(st5, "ARS-PEN", 12).status == "terlambat"
    assert _get(st5, "ARS-PEN", 12).hari_terlambat == 4


def test_units_from_anggaran_must_report_too():
    st = tracker.submission_status(PK, _peng([]), TAHUN, 1, sample_settings(), dt.date(2024, 2, 6),
                                   anggaran=ANG)
    assert list(st.unit) == ["SEKRE", "PUS-LAY", "ARS-PEN"]
    assert set(st.status) == {"belum ada"}


def test_on_time_rate():
    peng = _peng([("PUS-LAY", 1, "2024-02-01"), ("PUS-LAY", 2, "2024-03-09"),
                  ("ARS-PEN", 1, "2024-02-02")])
    st = tracker.submission_status(PK, peng, TAHUN, 4, sample_settings(), dt.date(2024, 3, 31))
    rate = tracker.on_time_rate(st).set_index("unit")
    assert rate.loc["PUS-LAY", "jumlah_wajib"] == 2  # March and April not due yet
    assert rate.loc["PUS-LAY", "tepat_waktu"] == 1 and rate.loc["PUS-LAY", "terlambat"] == 1
    assert rate.loc["PUS-LAY", "persen_tepat_waktu"] == 50
    assert rate.loc["ARS-PEN", "belum_ada"] == 1
    assert rate.loc[tracker.TOTAL_UNIT, "jumlah_wajib"] == 4
    assert rate.loc[tracker.TOTAL_UNIT, "tepat_waktu"] == 2
    early = tracker.submission_status(PK, _peng([]), TAHUN, 1, sample_settings(), dt.date(2024, 1, 1))
    assert math.isnan(tracker.on_time_rate(early, total=False)["persen_tepat_waktu"].iloc[0])


def test_request_sheet_collects_months_and_problems():
    peng = _peng([("PUS-LAY", 1, "2024-02-01")])
    st = tracker.submission_status(PK, peng, TAHUN, 3, sample_settings(), dt.date(2024, 4, 6))
    kual = pd.DataFrame([
        {"file": "2024/bulanan/PUS-LAY_2024-01.xlsx", "sheet": "Realisasi", "sel": "E2",
         "aturan": "realisasi_kosong", "pesan": "Realisasi kosong", "tingkat": "peringatan"},
        {"file": "2024/bulanan/PUS-LAY_2030-02.xlsx", "sheet": "Identitas", "sel": "B3",
         "aturan": "tahun_tidak_sesuai", "pesan": "Tahun 2030", "tingkat": "error"},
        {"file": "2024/bulanan/ARS-PEN_2024-01.xlsx", "sheet": "Realisasi", "sel": "E3",
         "aturan": "bukan_angka", "pesan": "x", "tingkat": "error"},
        {"file": "2024/perjanjian_kinerja_2024.xlsx", "sheet": "Perjanjian Kinerja", "sel": "G2",
         "aturan": "pilihan_tidak_sah", "pesan": "y", "tingkat": "error"},
    ])
    req = tracker.request_sheet("PUS-LAY", st, kual, peng, sample_settings().organisasi)
    assert req.tunggakan["bulan"].tolist() == [2, 3]
    assert req.perbaikan["sel"].tolist() == ["B3", "E2"]  # errors first
    assert req.ringkasan["tepat_waktu"] == 1


def test_write_request_sheets_end_to_end(tmp_path):
    paths = Paths(tmp_path)
    corpus.make_year(paths, months=(1, 2))
    wb = corpus.monthly_workbook("PUS-LAY", 3)
    corpus.realisasi_ws(wb)[f"{corpus.E}2"] = "dua belas"
    kendala = corpus.col_letter(corpus.REAL, "kendala")
    cell = corpus.realisasi_ws(wb)[f"{kendala}3"]
    cell.value = "=HYPERLINK(\"http://x\")"
    cell.data_type = "s"  # typed as text in the source: must stay text everywhere
    corpus.write_monthly(paths, "PUS-LAY", 3, wb=wb)
    r = read_year(paths, TAHUN, sample_settings())
    acuan = dt.date(2024, 4, 10)
    st = tracker.submission_status(r.data.pk, r.data.pengiriman, TAHUN, 3, sample_settings(), acuan,
                                   anggaran=r.data.anggaran)
    out = tracker.write_request_sheets(paths, TAHUN, st, r.data.kualitas, r.data.pengiriman,
                                       acuan, sample_settings())
    assert [p.name for p in out] == ["permintaan_PUS-LAY_2024.xlsx",
                                     "permintaan_ARS-PEN_2024.xlsx"]
    assert all(p.parent == paths.processed_year(TAHUN) / "permintaan" for p in out)

    def texts(p):
        ws = openpyxl.load_workbook(p).active
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", c.coordinate
        return "\n".join(str(c.value) for row in ws.iter_rows() for c in row
                         if c.value is not None)

    pus, ars = texts(out[0]), texts(out[1])
    assert "Seksi Layanan dan Pelestarian Bahan Pustaka" in pus
    assert "dua belas" in pus and "E2" in pus and "galat" in pus
    owed_ars = ars.split("A. Laporan")[1].split("B. Data")[0]
    owed_pus = pus.split("A. Laporan")[1].split("B. Data")[0]
    assert "Maret" in owed_ars and "ARS-PEN_2024-03.xlsx" in owed_ars  # missing March report
    assert "Februari" not in owed_ars and "Tidak ada" in owed_pus
    assert "dua belas" not in ars
    with zipfile.ZipFile(io.BytesIO(out[0].read_bytes())) as zf:
        assert all(b"<f>" not in zf.read(n) for n in zf.namelist() if n.startswith("xl/works"))


def test_cli_status_parquet_default_reference_date(tmp_path, capsys):
    from kinerja_lib.ui.cli import main

    paths = Paths(tmp_path)
    corpus.make_year(paths, months=(1, 2))
    rc = main(["--folder", str(tmp_path), "validasi", "--tahun", "2024", "--sampai-bulan", "3"])
    assert rc == 0
    st = pd.read_parquet(paths.processed_year(TAHUN) / "pengiriman_status.parquet")
    # default reference = the day after March's due date (6 April): March is overdue
    assert set(st.loc[st.bulan == 3, "status"]) == {"belum ada"}
    assert set(st.loc[st.bulan == 3, "hari_terlambat"]) == {1}
    assert set(st.loc[st.bulan < 3, "status"]) == {"tepat waktu"}
    out = capsys.readouterr().out
    assert "6 April 2024" in out and "2 laporan belum ada" in out
    assert len(load_year(paths, TAHUN).pengiriman) == 4


@pytest.mark.parametrize("acuan, expected", [("06/04/2024", "belum ada"),
                                             ("05/04/2024", "belum jatuh tempo")])
def test_cli_reference_date(tmp_path, acuan, expected):
    from kinerja_lib.ui.cli import main

    paths = Paths(tmp_path)
    corpus.make_year(paths, months=(1, 2))
    main(["--folder", str(tmp_path), "validasi", "--tahun", "2024", "--sampai-bulan", "3",
          "--tanggal-acuan", acuan])
    st = pd.read_parquet(paths.processed_year(TAHUN) / "pengiriman_status.parquet")
    assert set(st.loc[st.bulan == 3, "status"]) == {expected}


# ------------------------------------------------------------ default reference date


def test_tanggal_acuan_is_the_day_after_the_last_due_date():
    from kinerja_lib.domain.periods import tanggal_acuan

    assert tanggal_acuan(2024, 6, 5) == dt.date(2024, 7, 6)
    assert tanggal_acuan(2024, 9, 10) == dt.date(2024, 10, 11)
    assert tanggal_acuan(2024, 12, 5) == dt.date(2025, 1, 6)  # December: next year


def test_report_sent_on_the_day_a_holiday_moved_the_due_date_to_is_on_time():
    # April's report is due 5 May 2024; the office lists 5 and 6 May as holidays -> 7 May
    libur = (dt.date(2024, 5, 5), dt.date(2024, 5, 6))
    settings = sample_settings().with_(libur=libur)
    peng = _peng([("PUS-LAY", 4, "2024-05-07"), ("PUS-LAY", 3, "2024-04-07")])
    pk = PK[PK.unit == "PUS-LAY"]
    st = tracker.submission_status(pk, peng, TAHUN, 5, settings, dt.date(2024, 6, 30))
    april = _get(st, "PUS-LAY", 4)
    assert april.status == "tepat waktu" and april.hari_terlambat == 0
    assert april.batas == pd.Timestamp("2024-05-07")
    maret = _get(st, "PUS-LAY", 3)  # due 5 April, no holiday: 2 days late
    assert maret.status == "terlambat" and maret.hari_terlambat == 2
    # without the holidays the same April report is 2 days late
    st = tracker.submission_status(pk, peng, TAHUN, 5, sample_settings(), dt.date(2024, 6, 30))
    assert _get(st, "PUS-LAY", 4).status == "terlambat"
    # the default reference date is the day after the moved due date (8 May 2024)
    st = tracker.submission_status(PK[PK.unit == "ARS-PEN"], _peng([]), TAHUN, 4, settings)
    april = _get(st, "ARS-PEN", 4)
    assert april.status == "belum ada" and april.hari_terlambat == 1


def test_june_missing_in_tw2_is_belum_ada_by_default():
    # PUS-LAY sent January-May on time, nothing for June (due 5 July)
    peng = _peng([("PUS-LAY", b, f"2024-{b + 1:02d}-03") for b in range(1, 6)])
    pk = PK[PK.unit == "PUS-LAY"]
    st = tracker.submission_status(pk, peng, TAHUN, 6, sample_settings())  # default date
    juni = _get(st, "PUS-LAY", 6)
    assert juni.status == "belum ada" and juni.hari_terlambat == 1  # 6 July: 1 day overdue
    assert set(st.loc[st.bulan < 6, "status"]) == {"tepat waktu"}
    assert "belum jatuh tempo" not in set(st.status)
    rate = tracker.on_time_rate(st).set_index("unit")
    assert rate.loc["PUS-LAY", "jumlah_wajib"] == 6 and rate.loc["PUS-LAY", "belum_ada"] == 1
    req = tracker.request_sheet("PUS-LAY", st, pd.DataFrame(), peng)
    assert list(req.tunggakan["nama_bulan"]) == ["Juni"]
    # an explicit reference date still wins: on the due date itself June is not yet owed
    on_due = tracker.submission_status(pk, peng, TAHUN, 6, sample_settings(),
                                       dt.date(2024, 7, 5))
    assert _get(on_due, "PUS-LAY", 6).status == "belum jatuh tempo"


def test_request_sheet_of_a_unit_no_longer_owed_is_removed(tmp_path):
    """A request sheet left from an earlier run for a unit that no longer reports would look
    current; only files the tracker itself writes are removed."""
    paths = Paths(tmp_path)
    corpus.make_year(paths, months=(1, 2))
    r = read_year(paths, TAHUN, sample_settings())
    acuan = dt.date(2024, 3, 10)
    st = tracker.submission_status(r.data.pk, r.data.pengiriman, TAHUN, 2, sample_settings(),
                                   acuan, anggaran=r.data.anggaran)
    folder = paths.processed_year(TAHUN) / "permintaan"
    folder.mkdir(parents=True)
    stale = folder / tracker.request_filename("LAMA", TAHUN)
    stale.write_bytes(b"x")
    mine = folder / "catatan.xlsx"
    mine.write_bytes(b"y")
    out = tracker.write_request_sheets(paths, TAHUN, st, r.data.kualitas, r.data.pengiriman,
                                       acuan, sample_settings())
    assert out and not stale.exists() and mine.read_bytes() == b"y"
    assert sorted(p.name for p in folder.glob("permintaan_*")) == sorted(p.name for p in out)
