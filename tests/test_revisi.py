"""Revisions: a unit sends a month again and nothing has to be deleted.

The current submission of a unit-month is the one with the highest *Revisi ke-* (blank = 0),
then the later *Tanggal Kirim*, then the later file name; superseded values go to the
revision table, punctuality is judged on the first submission, and rows read = accepted +
quarantined + superseded. Workbooks are real files: the unit's fill-in template
(``templates.write_monthly_template``) or the contract-built corpus workbooks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from types import SimpleNamespace

import corpus
import pandas as pd
import pytest
from corpus import TAHUN
from openpyxl import load_workbook

from kinerja_lib.domain import contract as c
from kinerja_lib.domain.model import YearData
from kinerja_lib.domain.periods import Periode
from kinerja_lib.io import review, tracker
from kinerja_lib.io.ingest import read_year
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample_catalogue import sample_settings
from kinerja_lib.io.settings_file import settings_toml
from kinerja_lib.io.store import load_year, save_year
from kinerja_lib.io.templates import write_monthly_template
from kinerja_lib.reports import sections
from kinerja_lib.ui import cli

S = sample_settings()
ORIG = "2024/bulanan/PUS-LAY_2024-01.xlsx"
REV = "2024/bulanan/PUS-LAY_2024-01_revisi1.xlsx"


@pytest.fixture
def paths(tmp_path):
    p = Paths(tmp_path)
    p.settings_file.parent.mkdir(parents=True, exist_ok=True)
    p.settings_file.write_text(settings_toml(S), encoding="utf-8")
    corpus.write_pk(p)
    return p


def _template(paths: Paths, name: str, tanggal: dt.date, ik01: float, kg01: float,
              revisi_ke=None) -> None:
    """PUS-LAY's January report written through the unit's fill-in template."""
    values = {"tanggal_kirim": tanggal, "pengisi": "Petugas",
              "realisasi": {"IK-01": {"realisasi": ik01},
                            "IK-02": {"pembilang": 11, "penyebut": 21}},
              "anggaran": {"KG-01": kg01}}
    if revisi_ke is not None:
        values["revisi_ke"] = revisi_ke
    write_monthly_template(paths.monthly_dir(TAHUN) / name, "PUS-LAY", TAHUN, 1,
                           corpus.PK_ROWS, corpus.ANGGARAN_ROWS, S, values)


def _issues(r, aturan):
    k = r.data.kualitas
    return k[k["aturan"] == aturan]


# --------------------------------------------------------------------------- the main case


@pytest.fixture
def revised(paths):
    """Original sent on time (3 Feb), revision 1 on 20 Feb (after the 5 Feb due date)."""
    _template(paths, "PUS-LAY_2024-01.xlsx", dt.date(2024, 2, 3), 101, 1_000_000)
    _template(paths, "PUS-LAY_2024-01_revisi1.xlsx", dt.date(2024, 2, 20), 150, 1_250_000,
              revisi_ke=1)
    return paths


def test_template_has_revisi_field_and_instructions(revised):
    wb = load_workbook(revised.monthly_dir(TAHUN) / "PUS-LAY_2024-01_revisi1.xlsx")
    ws = wb[c.IDENTITAS_SHEET.name]
    labels = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(1, ws.max_row + 1)}
    assert labels["Revisi ke-"].value == 1
    assert not labels["Revisi ke-"].protection.locked  # the unit types it
    petunjuk = " ".join(str(v) for row in wb[c.PETUNJUK_SHEET_NAME].iter_rows(values_only=True)
                        for v in row if v)
    assert "Revisi ke-" in petunjuk and "Ketepatan waktu dinilai dari kiriman pertama" in petunjuk
    orig = load_workbook(revised.monthly_dir(TAHUN) / "PUS-LAY_2024-01.xlsx")
    ws = orig[c.IDENTITAS_SHEET.name]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Revisi ke-")
    assert ws.cell(row, 2).value is None  # blank in a first submission


def test_validasi_accepts_revision_pair(revised, capsys):
    code = cli.main(["--folder", str(revised.root), "validasi", "--tahun", str(TAHUN),
                     "--sampai-bulan", "1"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Baris digantikan   : 3 (laporan yang digantikan revisi; 2 angka berubah" in out
    assert "Tidak ada galat." in out
    d = load_year(revised, TAHUN)
    # the accepted values are the revised ones, from the revision file
    real = d.realisasi.set_index("kode")
    assert real.loc["IK-01", "realisasi"] == 150
    assert real.loc["IK-01", "sumber_file"] == REV
    assert real.loc["IK-01", "tanggal_kirim"] == pd.Timestamp(2024, 2, 20)
    assert d.realisasi_anggaran["realisasi_anggaran"].tolist() == [1_250_000]
    assert d.karantina.empty
    # the revision table: old -> new with both files and dates (IK-02 did not change)
    rv = d.revisi
    assert tuple(rv.columns) == c.REVISI_COLUMNS
    assert rv[["kode", "kolom", "nilai_lama", "nilai_baru"]].values.tolist() == [
        ["IK-01", "realisasi", 101.0, 150.0],
        ["KG-01", "realisasi_anggaran", 1_000_000.0, 1_250_000.0]]
    assert set(rv["file_lama"]) == {ORIG} and set(rv["file_baru"]) == {REV}
    assert set(rv["tanggal_kirim_lama"]) == {pd.Timestamp(2024, 2, 3)}
    assert set(rv["tanggal_kirim_baru"]) == {pd.Timestamp(2024, 2, 20)}
    assert rv["revisi_ke"].tolist() == [1, 1] and set(rv["unit"]) == {"PUS-LAY"}
    assert rv["revisi_ke"].dtype == "int64" and rv["nilai_lama"].dtype == "float64"
    assert (revised.processed_year(TAHUN) / "revisi.parquet").is_file()
    # one warning, on the superseded file, naming the file now used
    w = d.kualitas[d.kualitas["aturan"] == "kiriman_revisi"]
    assert w["file"].tolist() == [ORIG] and w["tingkat"].tolist() == ["peringatan"]
    assert REV in w["pesan"].iloc[0] and "Revisi ke-1" in w["pesan"].iloc[0]
    assert "2 nilai berubah" in w["pesan"].iloc[0]
    assert (d.kualitas["tingkat"] == "error").sum() == 0
    # punctuality from the first submission: on time, although the revision came late
    st = pd.read_parquet(revised.processed_year(TAHUN) / "pengiriman_status.parquet")
    jan = st[(st["unit"] == "PUS-LAY") & (st["bulan"] == 1)].iloc[0]
    assert jan["status"] == "tepat waktu" and jan["hari_terlambat"] == 0
    assert jan["tanggal_kirim"] == pd.Timestamp(2024, 2, 3)
    assert jan["tanggal_revisi"] == pd.Timestamp(2024, 2, 20)
    assert jan["sumber_file"] == REV
    assert pd.isna(st.loc[st["unit"] == "ARS-PEN", "tanggal_revisi"]).all()
    peng = d.pengiriman.iloc[0]
    assert peng["revisi_ke"] == 1 and peng["tanggal_kirim_pertama"] == pd.Timestamp(2024, 2, 3)


def test_rows_read_equal_accepted_quarantined_superseded(revised):
    r = read_year(revised, TAHUN, S)
    assert r.counts["realisasi"] == {"dibaca": 4, "diterima": 2, "dikarantina": 0,
                                     "digantikan": 2}
    assert r.counts["realisasi_anggaran"] == {"dibaca": 2, "diterima": 1, "dikarantina": 0,
                                              "digantikan": 1}
    assert r.rows_read == r.rows_accepted + r.rows_quarantined + r.rows_superseded
    assert r.rows_superseded == 3
    corpus.assert_invariant(r, revised)  # also counts the rows in the files independently


def test_revision_report_section(revised):
    save_year(read_year(revised, TAHUN, S).data, revised)
    d = load_year(revised, TAHUN)
    ctx = SimpleNamespace(data=d, settings=S, periode=Periode.from_kode(TAHUN, "tw1"))
    text, table = sections.revisi(ctx)
    assert "2 angka diubah melalui 1 laporan revisi" in text.data
    html = table.data
    for part in ("IK-01", "Jumlah kunjungan perpustakaan", "KG-01", "Pelayanan perpustakaan",
                 "Januari", "101", "150", "1.000.000", "1.250.000", "3 Februari 2024",
                 "20 Februari 2024", "Seksi Layanan dan Pelestarian Bahan Pustaka"):
        assert part in html, part
    # another period's months: nothing to list
    ctx.periode = Periode.from_kode(TAHUN, "tw2")
    (only,) = sections.revisi(ctx)
    assert "Tidak ada angka yang direvisi" in only.data
    assert len(sections.revisi(ctx, sampai_periode=True)) == 2


# --------------------------------------------------------------------------- ordering rules


def test_later_tanggal_kirim_wins_without_revisi_number(paths):
    corpus.write_monthly(paths, "PUS-LAY", 1, tanggal_kirim=dt.datetime(2024, 2, 3))
    # sorts before the original by name: the date, not the name, decides
    corpus.write_monthly(paths, "PUS-LAY", 1, name="PUS-LAY_2024-01 (1).xlsx",
                         tanggal_kirim=dt.datetime(2024, 2, 8),
                         real=[{"kode": "IK-01", "realisasi": 120},
                               {"kode": "IK-02", "pembilang": 11, "penyebut": 21}])
    r = read_year(paths, TAHUN, S)
    assert r.errors == 0, r.data.kualitas.to_string()
    assert r.data.realisasi.set_index("kode").loc["IK-01", "realisasi"] == 120
    rv = r.data.revisi
    assert rv[["kode", "kolom", "nilai_lama", "nilai_baru", "revisi_ke"]].values.tolist() == [
        ["IK-01", "realisasi", 101.0, 120.0, 0]]
    assert rv["file_lama"].tolist() == [ORIG]
    w = _issues(r, "kiriman_revisi")
    assert w["file"].tolist() == [ORIG] and "Tanggal Kirim lebih baru" in w["pesan"].iloc[0]
    st = tracker.submission_status(r.data.pk, r.data.pengiriman, TAHUN, 1, S,
                                   dt.date(2024, 3, 1), r.data.anggaran)
    jan = st[st["unit"] == "PUS-LAY"].iloc[0]
    assert jan["tanggal_kirim"] == pd.Timestamp(2024, 2, 3)
    assert jan["tanggal_revisi"] == pd.Timestamp(2024, 2, 8)
    assert jan["status"] == "tepat waktu"  # the re-send on 8 Feb is after the due date
    corpus.assert_invariant(r, paths)


def test_revisi_number_beats_date_and_chain_gives_one_row_per_step(paths):
    corpus.write_monthly(paths, "PUS-LAY", 1, tanggal_kirim=dt.datetime(2024, 2, 3))
    for name, tgl, rev, v in (("PUS-LAY_2024-01 rev1.xlsx", 12, 1, 120),
                              ("PUS-LAY_2024-01 rev2.xlsx", 10, 2, 130)):
        corpus.write_monthly(paths, "PUS-LAY", 1, name=name,
                             tanggal_kirim=dt.datetime(2024, 2, tgl),
                             identitas={"revisi_ke": rev},
                             real=[{"kode": "IK-01", "realisasi": v},
                                   {"kode": "IK-02", "pembilang": 11, "penyebut": 21}])
    r = read_year(paths, TAHUN, S)
    assert r.errors == 0 and _issues(r, "nama_berkas_tidak_sesuai").empty
    assert r.data.realisasi.set_index("kode").loc["IK-01", "realisasi"] == 130  # rev 2
    rv = r.data.revisi
    assert rv[["nilai_lama", "nilai_baru", "revisi_ke"]].values.tolist() == [
        [101.0, 120.0, 1], [120.0, 130.0, 2]]
    assert rv["file_baru"].str.endswith(("rev1.xlsx", "rev2.xlsx")).all()
    w = _issues(r, "kiriman_revisi").set_index("file")["pesan"]
    assert "Yang dipakai sekarang '2024/bulanan/PUS-LAY_2024-01 rev2.xlsx'" in w[ORIG]
    assert r.counts["realisasi"]["digantikan"] == 4
    # first submission = earliest date of all (3 Feb), current = revision 2 (10 Feb)
    p = r.data.pengiriman.iloc[0]
    assert p["tanggal_kirim_pertama"] == pd.Timestamp(2024, 2, 3)
    assert p["tanggal_kirim"] == pd.Timestamp(2024, 2, 10) and p["revisi_ke"] == 2
    corpus.assert_invariant(r, paths)


def test_same_revisi_and_date_is_an_error_naming_both_files(paths):
    corpus.write_monthly(paths, "PUS-LAY", 1, tanggal_kirim=dt.datetime(2024, 2, 3))
    corpus.write_monthly(paths, "PUS-LAY", 1, name="PUS-LAY_2024-01_b.xlsx",
                         tanggal_kirim=dt.datetime(2024, 2, 3),
                         real=[{"kode": "IK-01", "realisasi": 555}])
    r = read_year(paths, TAHUN, S)
    g = _issues(r, "kiriman_ganda")
    assert g["file"].tolist() == [ORIG] and g["tingkat"].tolist() == ["error"]
    assert ORIG in g["pesan"].iloc[0] and "PUS-LAY_2024-01_b.xlsx" in g["pesan"].iloc[0]
    assert r.errors >= 1
    # the later file name is kept; the other file is quarantined, not a revision
    assert r.data.realisasi["realisasi"].tolist() == [555.0]
    assert r.data.revisi.empty and r.rows_superseded == 0
    assert (r.data.karantina["sumber_file"] == ORIG).sum() == 3
    corpus.assert_invariant(r, paths)


def test_identical_copy_is_superseded_not_an_error(paths):
    src = corpus.write_monthly(paths, "PUS-LAY", 1)
    (src.parent / "PUS-LAY_2024-01 salinan.xlsx").write_bytes(src.read_bytes())
    r = read_year(paths, TAHUN, S)
    assert r.errors == 0 and r.data.revisi.empty
    w = _issues(r, "kiriman_revisi")
    assert len(w) == 1 and "salinan" in w["pesan"].iloc[0]
    assert r.rows_superseded == 3 and len(r.data.realisasi) == 2


def test_revision_fixes_an_error_of_the_original(paths):
    corpus.write_monthly(paths, "PUS-LAY", 1,
                         real=[{"kode": "IK-01", "realisasi": "abc"},
                               {"kode": "IK-02", "pembilang": 11, "penyebut": 21}])
    corpus.write_monthly(paths, "PUS-LAY", 1, name="PUS-LAY_2024-01_revisi1.xlsx",
                         identitas={"revisi_ke": 1},
                         real=[{"kode": "IK-01", "realisasi": 5},
                               {"kode": "IK-02", "pembilang": 11, "penyebut": 21}])
    r = read_year(paths, TAHUN, S)
    # the superseded file's error is no longer reported (its values are not used)
    assert r.errors == 0 and r.data.karantina.empty, r.data.kualitas.to_string()
    w = _issues(r, "kiriman_revisi")["pesan"].iloc[0]
    assert "1 masalah pada berkas ini tidak dilaporkan lagi" in w
    row = r.data.revisi.iloc[0]
    assert math.isnan(row["nilai_lama"]) and row["nilai_baru"] == 5
    corpus.assert_invariant(r, paths)


def test_invalid_revisi_value_quarantines_the_file(paths):
    corpus.write_monthly(paths, "PUS-LAY", 1)
    corpus.write_monthly(paths, "PUS-LAY", 1, name="PUS-LAY_2024-01_revisi.xlsx",
                         identitas={"revisi_ke": "dua"})
    r = read_year(paths, TAHUN, S)
    e = _issues(r, "bukan_angka")
    assert e["sheet"].tolist() == ["Identitas"] and e["sel"].tolist() == ["B7"]
    assert "Revisi ke-" in e["pesan"].iloc[0]
    # the original stays the one used
    assert set(r.data.realisasi["sumber_file"]) == {ORIG} and r.data.revisi.empty
    corpus.assert_invariant(r, paths)


def test_yeardata_default_and_older_processed_folder(paths):
    corpus.write_monthly(paths, "PUS-LAY", 1)
    d = read_year(paths, TAHUN, S).data
    by_hand = YearData(**{n: getattr(d, n) for n in ("tahun", *YearData.table_names())
                          if n != "revisi"})
    assert by_hand.revisi.empty and tuple(by_hand.revisi.columns) == c.REVISI_COLUMNS
    out = save_year(d, paths)
    (out / "revisi.parquet").unlink()  # processed by a version without the table
    back = load_year(paths, TAHUN)
    assert back.revisi.empty and tuple(back.revisi.columns) == c.REVISI_COLUMNS


def test_revision_section_says_what_changed_since_the_approval(revised):
    """The revised January (sent 20 February) came after an approval of 10 February."""
    save_year(read_year(revised, TAHUN, S).data, revised)
    d = load_year(revised, TAHUN)
    approved = review.Decision(tahun=TAHUN, periode="tw1", nomor=1, nama="Kepala <b>Bidang</b>",
                               jabatan="Kepala Bidang", tanggal=dt.date(2024, 2, 10),
                               keputusan="ya", catatan=(), fingerprint="abc")
    ctx = SimpleNamespace(data=d, settings=S, periode=Periode.from_kode(TAHUN, "tw1"),
                          decisions=[approved])
    text = sections.revisi(ctx)[0].data
    assert "Sesudah laporan disetujui pada 10 Februari 2024" in text
    assert "2 angka berubah karena revisi (IK\\-01\\, KG\\-01)" in text  # markdown-escaped
    assert "<b>" not in text
    later = dataclasses.replace(approved, tanggal=dt.date(2024, 2, 25))
    ctx.decisions = [later]
    assert "Tidak ada revisi yang diterima sesudah laporan disetujui" in \
        sections.revisi(ctx)[0].data
