"""Review decisions: TOML file written and read back, status rules, correction log, CLI."""

from __future__ import annotations

import datetime as dt
import tomllib

import corpus
import pytest

from kinerja_lib.domain import errors
from kinerja_lib.domain.periods import Periode
from kinerja_lib.io import review
from kinerja_lib.io.fingerprint import current_fingerprint
from kinerja_lib.io.ingest import read_year
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample_catalogue import sample_settings
from kinerja_lib.io.settings_file import load_settings, settings_toml
from kinerja_lib.io.store import mark_complete, save_year
from kinerja_lib.ui import cli

D = dt.date
TW2_REVIEW = D(2024, 7, 15)


def _rec(paths, keputusan="ya", tanggal=TW2_REVIEW, catatan=(), fp="aaa111",
         periode="tw2", nama="Hj. Siti Rahmah", jabatan="Kepala Bidang"):
    return review.record_decision(paths, 2024, periode, nama, jabatan, keputusan,
                                  list(catatan), tanggal, fp)


def test_record_and_load_roundtrip_append_only(tmp_path):
    paths = Paths(tmp_path)
    d1 = _rec(paths, "tidak", D(2024, 7, 10), ["Tabel 2: target IK-03 \"salah\"", "Lampiran\\A"])
    f = review.decisions_file(paths, 2024, "tw2")
    assert f == tmp_path / "data" / "tinjauan" / "2024-tw2.toml"
    first_text = f.read_text(encoding="utf-8")
    d2 = _rec(paths, "ya", D(2024, 7, 20), fp="bbb222", nama="Drs. Ahmad", jabatan="Sekretaris")
    text = f.read_text(encoding="utf-8")
    assert text.startswith(first_text)  # earlier decisions never rewritten
    raw = tomllib.loads(text)
    assert raw["tahun"] == 2024 and raw["periode"] == "tw2"
    assert raw["keputusan"][1]["tanggal"] == D(2024, 7, 20)
    loaded = review.load_decisions(paths, 2024, "tw2")
    assert loaded == [d1, d2]
    assert loaded[0].catatan == ("Tabel 2: target IK-03 \"salah\"", "Lampiran\\A")
    assert [d.nomor for d in loaded] == [1, 2]
    assert review.load_decisions(paths, 2024, "tw3") == []


def test_invalid_decisions_write_nothing(tmp_path):
    paths = Paths(tmp_path)
    with pytest.raises(errors.ReviewError, match="minimal satu catatan"):
        _rec(paths, "tidak", catatan=["  "])
    with pytest.raises(errors.ReviewError, match="Jabatan"):
        _rec(paths, jabatan="Lurah")
    with pytest.raises(errors.ReviewError, match="Nama peninjau"):
        _rec(paths, nama="   ")
    with pytest.raises(errors.ReviewError, match="'ya'"):
        _rec(paths, keputusan="mungkin")
    with pytest.raises(errors.ReviewError, match="sebelum tahun laporan"):
        _rec(paths, tanggal=D(2023, 12, 31))
    with pytest.raises(errors.ReviewError, match="Triwulan 9 tidak valid"):
        _rec(paths, periode="tw9")
    assert not review.decisions_file(paths, 2024, "tw2").exists()


def test_status_transitions(tmp_path):
    paths = Paths(tmp_path)
    s = review.report_status([], "fp1")
    assert s.kode == review.DRAFT and "belum ditinjau" in s.alasan

    _rec(paths, "tidak", D(2024, 7, 10), ["Perbaiki realisasi IK-02 bulan Mei"], fp="fp1")
    dec = review.load_decisions(paths, 2024, "tw2")
    s = review.report_status(dec, "fp1")
    assert s.kode == review.DIKEMBALIKAN
    assert s.koreksi == ["Perbaiki realisasi IK-02 bulan Mei"]
    assert "Dikembalikan oleh Hj. Siti Rahmah (Kepala Bidang) pada 10 Juli 2024" in s.alasan

    # data corrected after the return: a draft awaiting review, corrections still listed
    s = review.report_status(dec, "fp2")
    assert s.kode == review.DRAFT and s.koreksi == ["Perbaiki realisasi IK-02 bulan Mei"]
    assert "diperbarui setelah dikembalikan" in s.alasan

    _rec(paths, "ya", D(2024, 7, 15), fp="fp2")
    dec = review.load_decisions(paths, 2024, "tw2")
    s = review.report_status(dec, "fp2")
    assert s.kode == review.DISETUJUI and s.koreksi == []
    assert s.alasan == "Disetujui oleh Hj. Siti Rahmah (Kepala Bidang) pada 15 Juli 2024."

    # approval, then the data changes -> DRAFT again
    s = review.report_status(dec, "fp3")
    assert s.kode == review.DRAFT
    assert "Data berubah setelah disetujui pada 15 Juli 2024" in s.alasan
    # no current fingerprint (data missing) never counts as approved
    assert review.report_status(dec, None).kode == review.DRAFT


def test_latest_is_by_date_not_by_recording_order(tmp_path):
    paths = Paths(tmp_path)
    _rec(paths, "ya", D(2024, 8, 1), fp="fp1")
    _rec(paths, "tidak", D(2024, 7, 1), ["catatan lama"], fp="fp1")  # backfilled, older
    dec = review.load_decisions(paths, 2024, "tw2")
    assert review.latest(dec).tanggal == D(2024, 8, 1)
    assert review.report_status(dec, "fp1").kode == review.DISETUJUI
    # same date: the later recorded one wins
    _rec(paths, "tidak", D(2024, 8, 1), ["koreksi akhir"], fp="fp1")
    dec = review.load_decisions(paths, 2024, "tw2")
    assert review.report_status(dec, "fp1").kode == review.DIKEMBALIKAN


def test_correction_log_semester_includes_quarters(tmp_path):
    paths = Paths(tmp_path)
    _rec(paths, "tidak", D(2024, 4, 10), ["TW1 koreksi A", "TW1 koreksi B"], periode="tw1")
    _rec(paths, "ya", D(2024, 4, 20), periode="tw1")
    _rec(paths, "tidak", D(2024, 7, 10), ["TW2 koreksi"], periode="tw2")
    _rec(paths, "tidak", D(2024, 10, 1), ["TW3 tidak ikut"], periode="tw3")
    from kinerja_lib.domain.periods import Periode

    log = review.load_correction_log(paths, Periode(2024, "semester", 1))
    assert list(log["periode"]) == ["tw1", "tw1", "tw1", "tw2"]
    assert list(log["catatan"]) == ["TW1 koreksi A", "TW1 koreksi B", "", "TW2 koreksi"]
    assert list(log["keputusan"]) == ["dikembalikan"] * 2 + ["disetujui", "dikembalikan"]
    assert list(review.correction_log([]).columns) == list(log.columns)
    assert [p.kode for p in review.periods_feeding(Periode(2024, "tahunan", 1))] == [
        "tw1", "tw2", "tw3", "tw4", "s1", "s2", "tahunan"]


def test_corrupt_file_message_names_file(tmp_path):
    paths = Paths(tmp_path)
    f = review.decisions_file(paths, 2024, "tw2")
    f.parent.mkdir(parents=True)
    f.write_text("[[keputusan]]\nnama = \"tanpa tutup\n", encoding="utf-8")
    with pytest.raises(errors.ReviewError, match="2024-tw2.toml"):
        review.load_decisions(paths, 2024, "tw2")
    f.write_text("[[keputusan]]\nnama = \"A\"\njabatan = \"Sekretaris\"\n", encoding="utf-8")
    with pytest.raises(errors.ReviewError, match="'tanggal' tidak ada"):
        review.load_decisions(paths, 2024, "tw2")


# --------------------------------------------------------------------------- CLI


def _processed(tmp_path, ik01_mei=None):
    """A validated project (corpus workbooks Jan-Jun -> data/processed); ``ik01_mei`` re-sends
    PUS-LAY's May workbook with that IK-01 value first (the unit acting)."""
    paths = Paths(tmp_path)
    if not paths.settings_file.exists():
        paths.settings_file.parent.mkdir(parents=True, exist_ok=True)
        paths.settings_file.write_text(settings_toml(sample_settings()), encoding="utf-8")
    if not paths.pk_workbook(2024).exists():
        corpus.make_year(paths, months=range(1, 7))
    if ik01_mei is not None:
        rows = corpus.realisasi_rows("PUS-LAY", 5)
        assert rows[0]["kode"] == "IK-01"
        rows[0]["realisasi"] = ik01_mei
        corpus.write_monthly(paths, "PUS-LAY", 5, real=rows)
    folder = save_year(read_year(paths, 2024, load_settings(paths.settings_file)).data, paths)
    mark_complete(paths, 2024, sorted(folder.glob("*.parquet")))  # as validasi does
    return paths


def _sidik(paths, kode="tw2"):
    return current_fingerprint(paths, Periode.from_kode(2024, kode),
                               load_settings(paths.settings_file))


def _run(tmp_path, *args):
    return cli.main(["--folder", str(tmp_path), "tinjau", "--tahun", "2024", *args])


def test_cli_tinjau_records_and_shows(tmp_path, capsys):
    paths = _processed(tmp_path)
    sidik = _sidik(paths)
    rc = _run(tmp_path, "--periode", "tw2", "--sidik", sidik, "--nama", "Budi", "--jabatan",
              "Kepala Bidang", "--keputusan", "tidak", "--catatan", "Perbaiki <b>IK-01</b>",
              "--catatan", "Lengkapi bukti", "--tanggal", "12/07/2024")
    out = capsys.readouterr().out
    assert rc == 0
    assert "DIKEMBALIKAN" in out and "12 Juli 2024" in out and "Lengkapi bukti" in out
    assert "belum dibuat" in out  # no report HTML yet
    dec = review.load_decisions(paths, 2024, "tw2")
    assert dec[0].fingerprint == sidik and len(sidik) == 12
    assert dec[0].catatan == ("Perbaiki <b>IK-01</b>", "Lengkapi bukti")

    rc = _run(tmp_path, "--periode", "tw2", "--sidik", sidik, "--nama", "Budi", "--jabatan",
              "Kepala Bidang", "--keputusan", "ya", "--tanggal", "2024-07-20")
    assert rc == 0 and "Status laporan: DISETUJUI" in capsys.readouterr().out

    _processed(tmp_path, ik01_mei=999)  # a corrected May workbook, validated again
    assert _sidik(paths) != sidik
    assert _run(tmp_path, "--periode", "tw2", "--lihat") == 0
    out = capsys.readouterr().out
    assert "Status laporan: DRAFT" in out and "Data berubah setelah disetujui" in out
    assert f"Sidik data saat ini: {_sidik(paths)}" in out
    assert f"1. 12 Juli 2024 - Budi (Kepala Bidang): DIKEMBALIKAN [sidik {sidik}]" in out


@pytest.mark.parametrize("args,msg", [
    (["--nama", "Budi", "--jabatan", "Sekretaris", "--keputusan", "ya"], "--tanggal"),
    (["--keputusan", "ya", "--tanggal", "01/08/2024"], "--nama, --jabatan"),
    (["--nama", "B", "--jabatan", "Sekretaris", "--keputusan", "tidak", "--tanggal",
      "01/08/2024"], "minimal satu catatan"),
    (["--nama", "B", "--jabatan", "Sekretaris", "--keputusan", "ya", "--tanggal",
      "31/02/2024"], "bukan tanggal"),
])
def test_cli_tinjau_user_errors(tmp_path, capsys, args, msg):
    paths = _processed(tmp_path)
    assert _run(tmp_path, "--periode", "s1", "--sidik", _sidik(paths, "s1"), *args) == 1
    err = capsys.readouterr().err
    assert msg in err and "Traceback" not in err
    assert not review.decisions_file(Paths(tmp_path), 2024, "s1").exists()


def test_cli_tinjau_without_data_or_bad_period(tmp_path, capsys):
    assert _run(tmp_path, "--periode", "tw2", "--sidik", "abc123def456", "--nama", "B",
                "--jabatan", "Sekretaris", "--keputusan", "ya", "--tanggal", "01/08/2024") == 1
    assert "belum diolah" in capsys.readouterr().err
    assert _run(tmp_path, "--periode", "tw7", "--lihat") == 1
    assert "tidak valid" in capsys.readouterr().err
    assert _run(tmp_path, "--periode", "tw2", "--lihat") == 0
    assert "belum ada keputusan" in capsys.readouterr().out


def test_annual_report_is_approved_by_the_sekretaris_not_a_kepala_bidang(tmp_path):
    paths = Paths(tmp_path)
    with pytest.raises(errors.ReviewError, match="Sekretaris"):
        review.record_decision(paths, 2024, "tahunan", "Budi", "Kepala Bidang", "ya", [],
                               dt.date(2025, 1, 20), "abc")
    assert not review.decisions_file(paths, 2024, "tahunan").exists()
    # a Kepala Bidang may still return it with corrections; the Sekretaris approves
    review.record_decision(paths, 2024, "tahunan", "Budi", "Kepala Bidang", "tidak",
                           ["Lengkapi Bab III"], dt.date(2025, 1, 20), "abc")
    review.record_decision(paths, 2024, "tahunan", "Sari", "Sekretaris", "ya", [],
                           dt.date(2025, 1, 27), "abc")
    st = review.report_status(review.load_decisions(paths, 2024, "tahunan"), "abc")
    assert st.kode == review.DISETUJUI


def test_decision_dated_before_the_period_ends_or_in_the_future_is_refused(tmp_path, capsys):
    paths = Paths(tmp_path)
    # approving the April-June report in April is a typo, not a review
    with pytest.raises(errors.ReviewError, match=r"sebelum Triwulan II 2024 berakhir "
                                                 r"\(30 Juni 2024\)"):
        _rec(paths, tanggal=D(2024, 4, 15))
    # a mistyped future year would stay the "latest" decision and hide every later one
    with pytest.raises(errors.ReviewError, match="lebih lambat dari hari ini"):
        review.record_decision(paths, 2024, "tw2", "Budi", "Kepala Bidang", "ya", [],
                               D(2042, 7, 15), "abc", hari_ini=D(2024, 7, 20))
    assert not review.decisions_file(paths, 2024, "tw2").exists()
    _rec(paths, tanggal=D(2024, 6, 30))  # the period's last day is allowed
    review.record_decision(paths, 2024, "tw2", "Budi", "Kepala Bidang", "ya", [],
                           D(2024, 7, 20), "abc", hari_ini=D(2024, 7, 20))  # today too
    assert len(review.load_decisions(paths, 2024, "tw2")) == 2

    # the CLI passes today's date
    _processed(tmp_path)
    assert _run(tmp_path, "--periode", "s1", "--sidik", _sidik(paths, "s1"), "--nama", "B",
                "--jabatan", "Sekretaris", "--keputusan", "ya", "--tanggal", "01/08/2999") == 1
    err = capsys.readouterr().err
    assert "lebih lambat dari hari ini" in err and "Traceback" not in err
    assert not review.decisions_file(paths, 2024, "s1").exists()


def test_withdrawal_counts_per_report_in_the_correction_log(tmp_path):
    """Numbers count per report: withdrawing TW1's decision 1 leaves TW2's decision 1."""
    paths = Paths(tmp_path)
    _rec(paths, "tidak", D(2024, 4, 10), ["TW1 koreksi"], periode="tw1")
    _rec(paths, "tidak", D(2024, 7, 10), ["TW2 koreksi"], periode="tw2")
    w = review.withdraw_decision(paths, 2024, "tw1", 1, "Budi", "Kepala Bidang",
                                 D(2024, 4, 12), ["salah ketik"])
    assert (w.nomor, w.tarik, w.keputusan) == (2, 1, "tarik")
    raw = tomllib.loads(review.decisions_file(paths, 2024, "tw1").read_text(encoding="utf-8"))
    assert raw["keputusan"][1]["tarik"] == 1 and "tarik" not in raw["keputusan"][0]
    log = review.load_correction_log(paths, Periode(2024, "semester", 1))
    assert list(log["catatan"]) == ["TW2 koreksi"]
    tw1 = review.load_decisions(paths, 2024, "tw1")
    assert review.in_force(tw1) == [] and review.latest(tw1) is None
    assert review.report_status(tw1, "fp").kode == review.DRAFT
