"""Polarity-aware wording (reports.kalimat): each phrase for both polarities."""

from __future__ import annotations

import math

import pytest

from kinerja_lib.reports import kalimat as k


def test_arah_baik_and_arrow():
    assert k.arah_baik("positif") == "makin tinggi makin baik"
    assert k.arah_baik("negatif") == "makin rendah makin baik"
    assert k.panah_arah("negatif").startswith("↓")
    assert k.panah_arah("positif").startswith("↑")


@pytest.mark.parametrize(("real", "target", "pol", "expected"), [
    (12, 10, "positif", "melampaui target"),
    (10, 10, "positif", "mencapai target"),
    (8, 10, "positif", "di bawah target"),
    (8, 10, "negatif", "lebih baik dari target (di bawah batas)"),
    (10, 10, "negatif", "tepat pada batas"),
    (14, 10, "negatif", "melebihi batas"),
    (math.nan, 10, "negatif", "belum dapat dibandingkan"),
])
def test_banding_target(real, target, pol, expected):
    assert k.banding_target(real, target, pol) == expected


@pytest.mark.parametrize(("real", "target", "pol", "satuan", "expected"), [
    (6, 10, "positif", "berkas", "kurang 4 berkas"),
    (13, 10, "positif", "berkas", "lebih 3 berkas"),
    (10, 10, "positif", "berkas", ""),
    (14, 10, "negatif", "berkas", "melebihi batas 4 berkas"),
    (7, 10, "negatif", "berkas", "di bawah batas 3 berkas"),
    (3.43, 3, "negatif", "hari", "melebihi batas 0,43 hari"),
    (2.57, 3, "positif", "hari", "kurang 0,43 hari"),
    (5.6, 20, "positif", "perpustakaan", "kurang 15 perpustakaan"),
    (80.5, 85, "positif", "%", "kurang 4,5%"),
    (10.2, 10, "negatif", "dokumen", "melebihi batas 1 dokumen"),
])
def test_selisih_target(real, target, pol, satuan, expected):
    assert k.selisih_target(real, target, pol, satuan) == expected


def test_selisih_target_bulat_override():
    assert k.selisih_target(5.6, 20, "positif", "indeks", bulat=True) == "kurang 15 indeks"
    assert k.selisih_target(5.6, 20, "positif", "perpustakaan", bulat=False) == \
        "kurang 14,4 perpustakaan"


def test_kata_kerja_and_labels():
    assert k.kata_kerja("positif") == "tingkatkan"
    assert k.kata_kerja("negatif") == "turunkan"
    assert k.label_selisih("positif") == "Kekurangan"
    assert k.label_selisih("negatif") == "Kelebihan dari batas"
    assert k.label_selisih(None) == "Selisih dari target"
    assert k.label_target("negatif") == "Batas (target)"


@pytest.mark.parametrize(("satuan", "bulat"), [
    ("orang", True), ("berkas", True), ("Eksemplar", True), ("judul buku", True),
    ("perpustakaan", True), ("kegiatan", True), ("dokumen", True), ("unit", True),
    ("%", False), ("poin", False), ("hari", False), ("indeks", False), ("nilai", False),
    (None, False),
])
def test_satuan_bulat(satuan, bulat):
    assert k.satuan_bulat(satuan) is bulat


def test_saran_tindakan_reads_for_both_polarities():
    neg = k.saran_tindakan("IK-21", "Jumlah arsip rusak", "negatif", "71,43%",
                           k.selisih_target(14, 10, "negatif", "berkas"))
    assert neg == ("Turunkan IK-21 Jumlah arsip rusak: proyeksi capaian akhir tahun 71,43% "
                   "(melebihi batas 4 berkas).")
    pos = k.saran_tindakan("IK-07", "Jumlah pengunjung", "positif", "80%",
                           k.selisih_target(80, 100, "positif", "orang"))
    assert pos.startswith("Tingkatkan IK-07") and pos.endswith("(kurang 20 orang).")
    assert "kurang" not in neg and "Percepat" not in neg


def test_uraian_selisih_one_phrase_in_the_indicator_direction():
    from kinerja_lib.reports.kalimat import uraian_selisih as u
    assert u(62.31, 61, "positif", "poin") == "melampaui target sebesar 1,31 poin"
    assert u(52.4, 58, "positif", "poin") == "kurang 5,6 poin dari target"
    assert u(104, 130, "negatif", "eksemplar") == "26 eksemplar di bawah batas"
    assert u(14, 10, "negatif", "berkas") == "melebihi batas sebesar 4 berkas"
    assert u(3.41, 2, "negatif", "hari", "target akhir") == \
        "melebihi target akhir sebesar 1,41 hari"
    assert u(10, 10, "positif", "orang") == "tepat pada target"
    assert u(10.5, 10, "positif", "orang") == "memenuhi target"  # less than one whole orang
    assert u(None, 10, "positif", "orang") == "belum dapat dibandingkan"
    assert "(" not in u(104, 130, "negatif", "eksemplar")
