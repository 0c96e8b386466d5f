"""ingest.read_year on clean and specific inputs: frames, dtypes, lineage, determinism."""

from __future__ import annotations

import datetime as dt
import hashlib
import math

import corpus
import pandas as pd
import pytest
from corpus import TAHUN

from kinerja_lib.domain import contract as c
from kinerja_lib.domain.errors import IngestError
from kinerja_lib.io.ingest import read_year
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample import sample_settings
from kinerja_lib.io.store import load_year, save_year


@pytest.fixture
def paths(tmp_path):
    return Paths(tmp_path)


def _issues(result, aturan=None):
    k = result.data.kualitas
    return k if aturan is None else k[k["aturan"] == aturan]


def test_clean_year_frames_and_counts(paths):
    corpus.make_year(paths, months=(1, 2, 3))
    r = read_year(paths, TAHUN, sample_settings())
    d = r.data
    assert r.errors == 0 and r.warnings == 0, d.kualitas.to_string()
    assert r.files_read == 7
    assert r.counts["pk"] == {"dibaca": 4, "diterima": 4, "dikarantina": 0, "digantikan": 0}
    assert r.counts["ra"]["diterima"] == 4 and len(d.ra) == 16
    assert r.counts["realisasi"]["diterima"] == 12
    assert r.counts["realisasi_anggaran"]["diterima"] == 6
    assert len(d.pengiriman) == 6
    corpus.assert_invariant(r, paths)
    for name, cols in [("pk", c.PK_COLUMNS), ("ra", c.RA_COLUMNS),
                       ("anggaran", c.ANGGARAN_COLUMNS), ("realisasi", c.REALISASI_COLUMNS),
                       ("realisasi_anggaran", c.REALISASI_ANGGARAN_COLUMNS),
                       ("pengiriman", c.PENGIRIMAN_COLUMNS), ("kualitas", c.KUALITAS_COLUMNS),
                       ("karantina", c.KARANTINA_COLUMNS)]:
        assert tuple(getattr(d, name).columns) == cols, name


def test_dtypes(paths):
    corpus.make_year(paths, months=(1,))
    d = read_year(paths, TAHUN, sample_settings()).data
    assert d.realisasi["tahun"].dtype == "int64"
    assert d.realisasi["bulan"].dtype == "int64"
    assert d.realisasi["sumber_baris"].dtype == "int64"
    assert d.realisasi["realisasi"].dtype == "float64"
    assert d.realisasi["tanggal_kirim"].dtype == "datetime64[ns]"
    assert d.pengiriman["tanggal_kirim"].dtype == "datetime64[ns]"
    assert d.ra["triwulan"].dtype == "int64" and d.ra["target_ra"].dtype == "float64"
    assert d.pk["target_tahunan"].dtype == "float64"
    assert d.pk["kode"].dtype == object and d.realisasi["kendala"].dtype == object
    # empty frames keep their dtypes too
    assert d.karantina["sumber_baris"].dtype == "int64"
    assert d.sumber["ukuran"].dtype == "int64"


def test_pk_values_and_enum_codes(paths):
    corpus.make_year(paths, months=())
    d = read_year(paths, TAHUN, sample_settings(metode_negatif_default="B")).data
    pk = d.pk.set_index("kode")
    assert pk.loc["IK-02", "unit"] == "PUS-LAY"  # official name -> code, silently
    assert pk.loc["IK-03", "agregasi"] == "posisi_akhir"
    assert pk.loc["IK-04", "agregasi"] == "rata_rata"
    assert pk.loc["IK-04", "metode_negatif"] == "B"  # blank negatif -> settings default
    assert pk.loc["IK-01", "metode_negatif"] is None  # positif -> None
    assert pk.loc["IK-01", "iku"] == "Ya" and pk.loc["IK-04", "iku"] == "Tidak"
    assert math.isnan(pk.loc["IK-04", "baseline"]) is False
    ra = d.ra[d.ra["kode"] == "IK-02"].sort_values("triwulan")
    assert list(ra["target_ra"]) == [20, 40, 60, 80]
    assert set(ra["jenis_target"]) == {"kumulatif"}
    assert set(d.ra.loc[d.ra["kode"] == "IK-01", "jenis_target"]) == {"per_triwulan"}
    assert list(d.pk["sumber_baris"]) == [2, 3, 4, 5]


def test_lineage_and_rasio_value(paths):
    corpus.make_year(paths, months=(2,), units=("PUS-LAY",))
    d = read_year(paths, TAHUN, sample_settings()).data
    row = d.realisasi.set_index("kode").loc["IK-02"]
    assert row["pembilang"] == 12 and row["penyebut"] == 22
    assert row["realisasi"] == pytest.approx(12 / 22 * 100)
    assert row["sumber_file"] == "2024/bulanan/PUS-LAY_2024-02.xlsx"
    assert row["sumber_sheet"] == "Realisasi" and row["sumber_baris"] == 3
    assert row["tanggal_kirim"] == pd.Timestamp(2024, 3, 3)
    ang = d.realisasi_anggaran.iloc[0]
    assert ang["kode_kegiatan"] == "KG-01" and ang["realisasi_anggaran"] == 2_000_000
    assert d.sumber["file"].tolist() == ["2024/bulanan/PUS-LAY_2024-02.xlsx",
                                         "2024/perjanjian_kinerja_2024.xlsx"]
    raw = (paths.monthly_dir(TAHUN) / "PUS-LAY_2024-02.xlsx").read_bytes()
    assert d.sumber["sha256"].iloc[0] == hashlib.sha256(raw).hexdigest()
    assert d.sumber["ukuran"].iloc[0] == len(raw)
    assert d.pengiriman["sha256"].iloc[0] == hashlib.sha256(raw).hexdigest()


def test_rerun_identical_and_parquet_bytes(paths):
    corpus.make_year(paths, months=(1, 2))
    corpus.write_monthly(paths, "PUS-LAY", 3, real=[{"kode": "IK-01", "realisasi": "abc"}])
    a = read_year(paths, TAHUN, sample_settings()).data
    b = read_year(paths, TAHUN, sample_settings()).data
    for name in a.__dataclass_fields__:
        if name == "tahun":
            continue
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    out = save_year(a, paths)
    first = {p.name: p.read_bytes() for p in out.glob("*.parquet")}
    save_year(b, paths)
    assert first == {p.name: p.read_bytes() for p in out.glob("*.parquet")}
    back = load_year(paths, TAHUN)
    pd.testing.assert_frame_equal(back.realisasi, a.realisasi)


def test_raw_files_untouched(paths):
    corpus.make_year(paths, months=(1, 2))
    corpus.write_monthly(paths, "ARS-PEN", 3, real=[{"kode": "IK-03", "realisasi": "=1+1"}])
    files = sorted(p for p in paths.raw.rglob("*") if p.is_file())
    before = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
              for p in files}
    read_year(paths, TAHUN, sample_settings())
    after = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
             for p in sorted(p for p in paths.raw.rglob("*") if p.is_file())}
    assert before == after


def test_missing_pk_workbook_is_clear_error(paths):
    corpus.write_monthly(paths, "PUS-LAY", 1)
    with pytest.raises(IngestError) as exc:
        read_year(paths, TAHUN, sample_settings())
    msg = str(exc.value)
    assert "Perjanjian Kinerja" in msg and "perjanjian_kinerja_2024.xlsx" in msg


def test_corrupt_pk_and_pk_without_sheet(paths):
    p = paths.pk_workbook(TAHUN)
    p.parent.mkdir(parents=True)
    p.write_bytes(b"bukan excel")
    with pytest.raises(IngestError, match="tidak dapat dibaca"):
        read_year(paths, TAHUN, sample_settings())
    wb = corpus.pk_workbook()
    del wb[c.PK_SHEET.name]
    corpus.write_pk(paths, wb=wb)
    with pytest.raises(IngestError, match="Perjanjian Kinerja"):
        read_year(paths, TAHUN, sample_settings())


def test_pk_row_errors_are_quarantined(paths):
    rows = [dict(r) for r in corpus.PK_ROWS]
    rows[0]["polaritas"] = "naik"
    rows[1]["target_tahunan"] = -1
    rows[2]["target_tahunan"] = "1.200"       # text number: warning, accepted
    rows[3]["unit"] = "Bidang Antah"
    rows.append(dict(corpus.PK_ROWS[2]))       # duplicate IK-03 (row 6)
    ra = corpus.RA_ROWS + [{"kode": "IK-77", "jenis_target": "per triwulan", "target_tw1": 1,
                            "target_tw2": 1, "target_tw3": 1, "target_tw4": 1}]
    corpus.write_pk(paths, wb=corpus.pk_workbook(pk_rows=rows, ra_rows=ra))
    corpus.write_monthly(paths, "PUS-LAY", 1)
    r = read_year(paths, TAHUN, sample_settings())
    k = r.data.kualitas
    pkf = "2024/perjanjian_kinerja_2024.xlsx"

    def has(aturan, sheet, sel):
        hit = k[(k.aturan == aturan) & (k.file == pkf) & (k.sheet == sheet) & (k.sel == sel)]
        assert len(hit) == 1, (aturan, sel, k.to_string())
        return hit.iloc[0]

    pol = col = corpus.col_letter
    assert "naik" in has("pilihan_tidak_sah", "Perjanjian Kinerja",
                         f"{pol(c.PK_SHEET, 'polaritas')}2")["pesan"]
    has("di_luar_rentang", "Perjanjian Kinerja", f"{col(c.PK_SHEET, 'target_tahunan')}3")
    has("angka_sebagai_teks", "Perjanjian Kinerja", f"{col(c.PK_SHEET, 'target_tahunan')}4")
    has("unit_tidak_dikenal", "Perjanjian Kinerja", f"{col(c.PK_SHEET, 'unit')}5")
    has("baris_ganda", "Perjanjian Kinerja", "A6")
    assert "IK-77" in has("kode_tidak_dikenal", "Rencana Aksi", "A6")["pesan"]
    assert r.data.pk["kode"].tolist() == ["IK-03"]
    assert r.data.pk["target_tahunan"].tolist() == [1200.0]
    # RA rows of quarantined indicators are quarantined too; monthly rows get a clear reason
    assert set(r.data.ra["kode"]) == {"IK-03"}
    real_k = k[(k.aturan == "kode_tidak_dikenal") & (k.sheet == "Realisasi")]
    assert len(real_k) == 2 and real_k["pesan"].str.contains("dikarantina").all()
    corpus.assert_invariant(r, paths)


def test_hidden_and_lock_files_skipped_subfolders_read(paths):
    corpus.make_year(paths, months=(1,), units=("PUS-LAY",))
    folder = paths.monthly_dir(TAHUN)
    (folder / "~$PUS-LAY_2024-01.xlsx").write_bytes(b"lock")
    (folder / ".~lock.PUS-LAY_2024-01.xlsx#").write_text("lock")
    (folder / "Thumbs.db").write_bytes(b"\x00")
    sub = folder / "maret"
    sub.mkdir()
    corpus.write_monthly(paths, "PUS-LAY", 3, name="maret/PUS-LAY_2024-03.xlsx")
    r = read_year(paths, TAHUN, sample_settings())
    assert r.errors == 0, r.data.kualitas.to_string()
    assert sorted(r.data.sumber["file"]) == [
        "2024/bulanan/PUS-LAY_2024-01.xlsx", "2024/bulanan/maret/PUS-LAY_2024-03.xlsx",
        "2024/perjanjian_kinerja_2024.xlsx"]
    assert sorted(r.data.pengiriman["bulan"]) == [1, 3]


def test_percent_formatted_cell_read_as_shown(paths):
    corpus.write_pk(paths)
    wb = corpus.monthly_workbook("ARS-PEN", 1)
    ws = corpus.realisasi_ws(wb)
    ws[f"{corpus.E}2"] = 0.655
    ws[f"{corpus.E}2"].number_format = "0.0%"
    corpus.write_monthly(paths, "ARS-PEN", 1, wb=wb)
    d = read_year(paths, TAHUN, sample_settings()).data
    assert d.realisasi.set_index("kode").loc["IK-03", "realisasi"] == pytest.approx(65.5)


def test_realisasi_kosong_kept_as_nan(paths):
    corpus.write_pk(paths)
    real = corpus.realisasi_rows("ARS-PEN", 1)
    real[0]["realisasi"] = "-"
    real[1]["realisasi"] = None
    corpus.write_monthly(paths, "ARS-PEN", 1, real=real)
    r = read_year(paths, TAHUN, sample_settings())
    kos = _issues(r, "realisasi_kosong")
    assert sorted(kos["sel"]) == [f"{corpus.E}2", f"{corpus.E}3"]
    assert set(kos["tingkat"]) == {"peringatan"}
    assert r.data.realisasi["realisasi"].isna().all() and len(r.data.realisasi) == 2


def test_text_numbers_indonesian(paths):
    corpus.write_pk(paths)
    real = corpus.realisasi_rows("ARS-PEN", 1)
    real[0]["realisasi"] = "1.234,5"
    corpus.write_monthly(paths, "ARS-PEN", 1, real=real,
                         ang=[{"kode_kegiatan": "KG-02", "realisasi_anggaran": "Rp 3.521.689"}])
    r = read_year(paths, TAHUN, sample_settings())
    assert r.data.realisasi.set_index("kode").loc["IK-03", "realisasi"] == 1234.5
    assert r.data.realisasi_anggaran["realisasi_anggaran"].tolist() == [3_521_689.0]
    msgs = _issues(r, "angka_sebagai_teks")["pesan"].tolist()
    assert len(msgs) == 2 and "1.234,5" in msgs[0] + msgs[1]


def test_identitas_text_month_name_and_date_text(paths):
    corpus.write_pk(paths)
    corpus.write_monthly(paths, "ARS-PEN", 3, identitas={"bulan": "Maret",
                                                         "tanggal_kirim": "04/04/2024",
                                                         "tahun": "2024"})
    r = read_year(paths, TAHUN, sample_settings())
    assert r.errors == 0, r.data.kualitas.to_string()
    p = r.data.pengiriman.iloc[0]
    assert p["bulan"] == 3 and p["tanggal_kirim"] == pd.Timestamp(2024, 4, 4)


def test_second_submission_supersedes_without_error(paths):
    # a resubmission is a revision (tests/test_revisi.py): the later one is used, the
    # earlier one is superseded (not quarantined) and nothing has to be deleted
    corpus.write_pk(paths)
    corpus.write_monthly(paths, "PUS-LAY", 1, tanggal_kirim=dt.datetime(2024, 2, 3))
    corpus.write_monthly(paths, "PUS-LAY", 1, name="PUS-LAY_2024-01 revisi.xlsx",
                         tanggal_kirim=dt.datetime(2024, 2, 9),
                         real=[{"kode": "IK-01", "realisasi": 999}], ang=[])
    r = read_year(paths, TAHUN, sample_settings())
    assert _issues(r, "kiriman_ganda").empty
    g = _issues(r, "kiriman_revisi")
    assert g["file"].tolist() == ["2024/bulanan/PUS-LAY_2024-01.xlsx"]
    assert "PUS-LAY_2024-01 revisi.xlsx" in g["pesan"].iloc[0]
    assert r.data.realisasi["realisasi"].tolist() == [999.0]
    assert r.data.pengiriman["sumber_file"].tolist() == ["2024/bulanan/PUS-LAY_2024-01 revisi.xlsx"]
    assert r.data.karantina.empty
    assert r.counts["realisasi"]["digantikan"] == 2
    assert r.counts["realisasi_anggaran"]["digantikan"] == 1
    corpus.assert_invariant(r, paths)


def test_unit_reporting_other_units_indicator(paths):
    corpus.write_pk(paths)
    real = corpus.realisasi_rows("ARS-PEN", 1) + [{"kode": "ik-01 ", "realisasi": 5}]
    corpus.write_monthly(paths, "ARS-PEN", 1, real=real)
    r = read_year(paths, TAHUN, sample_settings())
    w = _issues(r, "indikator_bukan_unit")
    assert w["sel"].tolist() == ["A4"] and "PUS-LAY" in w["pesan"].iloc[0]
    # accepted (warning only), code stored with the PK spelling, unit = the reporting unit
    row = r.data.realisasi[r.data.realisasi["kode"] == "IK-01"].iloc[0]
    assert row["unit"] == "ARS-PEN" and row["realisasi"] == 5


def test_header_by_canonical_name_and_optional_column_missing(paths):
    corpus.write_pk(paths)
    wb = corpus.monthly_workbook("ARS-PEN", 1)
    ws = corpus.realisasi_ws(wb)
    ws[f"{corpus.E}1"] = "realisasi"          # canonical column name instead of the header
    ws["A1"] = "  KODE   indikator "           # case/spacing differences
    bukti = corpus.col_letter(corpus.REAL, "bukti")
    ws.delete_cols(ws[f"{bukti}1"].column)     # optional input column missing
    corpus.write_monthly(paths, "ARS-PEN", 1, wb=wb)
    r = read_year(paths, TAHUN, sample_settings())
    k = r.data.kualitas
    assert k["aturan"].tolist() == ["kolom_hilang"] and k["tingkat"].tolist() == ["peringatan"]
    assert "Bukti Dukung" in k["pesan"].iloc[0]
    assert r.data.realisasi["realisasi"].tolist() == [101.0, 101.0]
    assert r.data.realisasi["bukti"].isna().all()


def test_identitas_excel_serial_date(paths):
    corpus.write_pk(paths)
    corpus.write_monthly(paths, "ARS-PEN", 1, identitas={"tanggal_kirim": 45325})  # 2024-02-03
    r = read_year(paths, TAHUN, sample_settings())
    assert r.errors == 0
    assert r.data.pengiriman["tanggal_kirim"].iloc[0] == pd.Timestamp(2024, 2, 3)


def test_pk_indicator_without_ra_row_is_a_warning(paths):
    ra = [r for r in corpus.RA_ROWS if r["kode"] != corpus.RA_ROWS[0]["kode"]]
    missing = corpus.RA_ROWS[0]["kode"]
    corpus.write_pk(paths, wb=corpus.pk_workbook(ra_rows=ra))
    res = read_year(paths, TAHUN, sample_settings())
    k = res.data.kualitas
    hit = k[k["aturan"] == "target_ra_hilang"]
    assert list(hit["pesan"].str.contains(missing)) == [True]
    assert hit.iloc[0]["sheet"] == "Rencana Aksi" and hit.iloc[0]["tingkat"] == "peringatan"
    assert missing in set(res.data.pk["kode"])  # the indicator itself is kept


@pytest.mark.parametrize("fmt", ['0" %"', "0.0\\%", '#,##0.00" persen"', "0.0%"])
def test_literal_percent_format_is_not_scaled(paths, fmt):
    # regression: a custom format printing a literal '%' (85 shown '85 %') was read as 8500
    corpus.write_pk(paths)
    wb = corpus.monthly_workbook("ARS-PEN", 1)
    ws = corpus.realisasi_ws(wb)
    ws[f"{corpus.E}2"] = 0.655 if fmt == "0.0%" else 65.5
    ws[f"{corpus.E}2"].number_format = fmt
    corpus.write_monthly(paths, "ARS-PEN", 1, wb=wb)
    d = read_year(paths, TAHUN, sample_settings()).data
    assert d.realisasi.set_index("kode").loc["IK-03", "realisasi"] == pytest.approx(65.5)


def test_apostrophe_number_and_rupiah_suffix_read_with_warning(paths):
    corpus.write_pk(paths)
    real = corpus.realisasi_rows("ARS-PEN", 1)
    real[0]["realisasi"] = "'45"
    corpus.write_monthly(paths, "ARS-PEN", 1, real=real,
                         ang=[{"kode_kegiatan": "KG-02",
                               "realisasi_anggaran": "Rp. 52.932.000,-"}])
    r = read_year(paths, TAHUN, sample_settings())
    assert r.errors == 0, r.data.kualitas.to_string()
    assert r.data.realisasi.set_index("kode").loc["IK-03", "realisasi"] == 45.0
    assert r.data.realisasi_anggaran["realisasi_anggaran"].tolist() == [52_932_000.0]
    assert len(_issues(r, "angka_sebagai_teks")) == 2


@pytest.mark.parametrize("text", ["Jumat, 5 April 2024", "05/04/2024 09:30", "5 Apr 2024"])
def test_identitas_tanggal_kirim_text_forms(paths, text):
    # regression: these made 'bukan_tanggal' errors that quarantined the whole file
    corpus.write_pk(paths)
    corpus.write_monthly(paths, "ARS-PEN", 3, identitas={"tanggal_kirim": text})
    r = read_year(paths, TAHUN, sample_settings())
    assert r.errors == 0, r.data.kualitas.to_string()
    assert r.data.pengiriman["tanggal_kirim"].tolist() == [pd.Timestamp(2024, 4, 5)]
