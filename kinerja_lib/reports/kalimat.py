"""Polarity-aware Indonesian wording: the one home of phrases that depend on the direction of good.

An indicator is ``positif`` (higher is better: a target to reach) or ``negatif`` (lower is
better: the target is a ceiling, *batas*). Every sentence, table header, chart label and
recommendation that says "short of", "above", "raise" or "lower" takes its words from here, so
that a negatif indicator above its ceiling never reads as an over-achievement.

Pure functions of plain values; numbers are formatted the Indonesian way through
``domain.numbers``.
"""

from __future__ import annotations

import math

import pandas as pd

from kinerja_lib.domain.numbers import format_number

POSITIF = "positif"
NEGATIF = "negatif"

#: Satuan (lower-cased, first word) that count whole things: a shortfall of 14,4 of them is 15.
SATUAN_BULAT = frozenset({
    "orang", "berkas", "eksemplar", "judul", "perpustakaan", "kegiatan", "dokumen", "unit",
    "buah", "kali", "paket", "lembaga", "sekolah", "desa", "kelurahan", "kecamatan", "arsip",
    "naskah", "boks", "box", "lembar", "jilid", "koleksi", "pengunjung", "anggota", "peserta",
    "pustakawan", "arsiparis", "laporan", "surat", "keping", "eks", "eks.", "item", "titik",
    "layanan", "pojok", "taman", "komunitas", "kelompok", "sk", "rekomendasi", "kunjungan",
    "khazanah", "inovasi", "aplikasi", "sistem", "perangkat", "ruang", "gedung", "armada",
    "mobil", "rak", "set", "modul", "produk", "jenis", "program", "pegawai", "opd",
})


def negatif(polaritas) -> bool:
    """Whether ``polaritas`` means lower is better (anything but ``"negatif"`` is positif).

    Parameters
    ----------
    polaritas : str
        ``"positif"`` or ``"negatif"`` (case and surrounding spaces ignored).
    """
    return str(polaritas).strip().lower() == NEGATIF


_negatif = negatif


def _bad(x) -> bool:
    """Whether ``x`` is missing (None or NaN)."""
    try:
        return x is None or bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def arah_baik(polaritas) -> str:
    """The direction of good in words.

    Parameters
    ----------
    polaritas : str
        ``"positif"`` or ``"negatif"``.

    Returns
    -------
    str
        ``"makin tinggi makin baik"`` or ``"makin rendah makin baik"``.
    """
    return "makin rendah makin baik" if _negatif(polaritas) else "makin tinggi makin baik"


def panah_arah(polaritas) -> str:
    """A short chart marker of the direction of good: ``"↑ makin tinggi makin baik"`` or
    ``"↓ makin rendah makin baik"``.

    Parameters
    ----------
    polaritas : str
        ``"positif"`` or ``"negatif"``.
    """
    return ("↓ " if _negatif(polaritas) else "↑ ") + arah_baik(polaritas)


def label_target(polaritas) -> str:
    """What the target is called: ``"Target"`` (positif) or ``"Batas (target)"`` (negatif).

    Parameters
    ----------
    polaritas : str
        ``"positif"`` or ``"negatif"``.
    """
    return "Batas (target)" if _negatif(polaritas) else "Target"


def tercapai(realisasi, target, polaritas) -> bool | None:
    """Whether the realisation meets the target in the indicator's direction.

    Parameters
    ----------
    realisasi, target : float
        Values in the indicator's satuan.
    polaritas : str
        ``"positif"`` (met when ``realisasi >= target``) or ``"negatif"`` (met when
        ``realisasi <= target``).

    Returns
    -------
    bool or None
        None when either value is missing.
    """
    if _bad(realisasi) or _bad(target):
        return None
    r, t = float(realisasi), float(target)
    return r <= t if _negatif(polaritas) else r >= t


def banding_target(realisasi, target, polaritas) -> str:
    """The realisation compared with the target, in words.

    Parameters
    ----------
    realisasi, target : float
        Values in the indicator's satuan.
    polaritas : str
        ``"positif"`` or ``"negatif"``.

    Returns
    -------
    str
        positif: ``"melampaui target"``, ``"mencapai target"``, ``"di bawah target"``;
        negatif: ``"lebih baik dari target (di bawah batas)"``, ``"tepat pada batas"``,
        ``"melebihi batas"``; ``"belum dapat dibandingkan"`` when a value is missing.
    """
    if _bad(realisasi) or _bad(target):
        return "belum dapat dibandingkan"
    r, t = float(realisasi), float(target)
    same = math.isclose(r, t, rel_tol=1e-9, abs_tol=1e-9)
    if _negatif(polaritas):
        if same:
            return "tepat pada batas"
        return "lebih baik dari target (di bawah batas)" if r < t else "melebihi batas"
    if same:
        return "mencapai target"
    return "melampaui target" if r > t else "di bawah target"


def satuan_bulat(satuan) -> bool:
    """Whether a satuan counts whole things (orang, berkas, judul, …), so a gap is a whole number.

    Parameters
    ----------
    satuan : str
        The indicator's unit of measure; only its first word counts (``"judul buku"`` → judul).

    Returns
    -------
    bool
        False for %, poin, hari, indeks, nilai, rupiah and anything unknown.
    """
    if _bad(satuan):
        return False
    words = str(satuan).strip().lower().replace("/", " ").split()
    return bool(words) and words[0] in SATUAN_BULAT


def format_jumlah(nilai, satuan, bulat: bool | None = None) -> str:
    """A magnitude with its satuan, e.g. ``"4 berkas"``, ``"0,43 hari"``, ``"2,5%"``.

    Parameters
    ----------
    nilai : float
        A non-negative magnitude.
    satuan : str
        The indicator's satuan (``"%"`` is written without a space).
    bulat : bool, optional
        Round up to a whole number; default :func:`satuan_bulat` of ``satuan``.
    """
    if bulat is None:
        bulat = satuan_bulat(satuan)
    v = float(nilai)
    num = format_number(math.ceil(v - 1e-9), 0) if bulat else format_number(v)
    sat = "" if _bad(satuan) else str(satuan).strip()
    if not sat:
        return num
    return f"{num}{sat}" if sat == "%" else f"{num} {sat}"


def selisih_target(realisasi, target, polaritas, satuan, bulat: bool | None = None) -> str:
    """The gap to the target in words, in the indicator's direction.

    Parameters
    ----------
    realisasi, target : float
        Values in the indicator's satuan (a projection, or to date).
    polaritas : str
        ``"positif"`` or ``"negatif"``.
    satuan : str
        The indicator's satuan.
    bulat : bool, optional
        Whole-number satuan: a shortfall is rounded up (14,4 perpustakaan short → ``"kurang
        15 perpustakaan"``). Default :func:`satuan_bulat` of ``satuan``.

    Returns
    -------
    str
        positif short: ``"kurang 4 berkas"``; positif over: ``"lebih 3 berkas"``; negatif over
        the ceiling: ``"melebihi batas 4 berkas"``; negatif under it: ``"di bawah batas 3
        berkas"``; ``""`` when on target or a value is missing.
    """
    g = _selisih(realisasi, target, polaritas, satuan, bulat)
    if g is None:
        return ""
    good, amount = g
    if _negatif(polaritas):
        return f"di bawah batas {amount}" if good else f"melebihi batas {amount}"
    return f"lebih {amount}" if good else f"kurang {amount}"


def _selisih(realisasi, target, polaritas, satuan, bulat=None) -> tuple[bool, str] | None:
    """(whether the gap is good, its magnitude with satuan); None on target or when missing."""
    if _bad(realisasi) or _bad(target):
        return None
    gap = float(realisasi) - float(target)
    if math.isclose(gap, 0.0, abs_tol=1e-9):
        return None
    if bulat is None:
        bulat = satuan_bulat(satuan)
    good = (gap < 0) if _negatif(polaritas) else (gap > 0)
    # a good gap is never rounded up (lebih 3,6 berkas is "lebih 3 berkas"), a bad one is
    mag = abs(gap)
    if bulat and good:
        mag = math.floor(mag + 1e-9)
        if mag == 0:
            return None
    return good, format_jumlah(mag, satuan, bulat)


def uraian_selisih(realisasi, target, polaritas, satuan, acuan: str = "target") -> str:
    """The realisation against a target in one phrase, gap included (no parentheses).

    Parameters
    ----------
    realisasi, target : float
        Values in the indicator's satuan.
    polaritas : str
        ``"positif"`` or ``"negatif"``.
    satuan : str
        The indicator's satuan (whole-number satuan round as in :func:`selisih_target`).
    acuan : str
        What the target is called in the phrase (``"target"``, ``"target akhir Renstra"``,
        ``"standar"``); a negatif indicator's target is its ``batas`` unless ``acuan`` is
        something else than ``"target"``.

    Returns
    -------
    str
        ``"melampaui target sebesar 1,31 poin"``, ``"kurang 5,6 poin dari target"``,
        ``"26 eksemplar di bawah batas"``, ``"melebihi batas sebesar 4 berkas"``, ``"tepat
        pada target"``, ``"belum dapat dibandingkan"``.
    """
    if _bad(realisasi) or _bad(target):
        return "belum dapat dibandingkan"
    neg = _negatif(polaritas)
    nama = "batas" if neg and acuan == "target" else acuan
    g = _selisih(realisasi, target, polaritas, satuan)
    if g is None:
        met = tercapai(realisasi, target, polaritas)
        return f"tepat pada {nama}" if met and math.isclose(
            float(realisasi), float(target), abs_tol=1e-9) else (
            f"memenuhi {nama}" if met else f"belum memenuhi {nama}")
    good, amount = g
    if neg:
        return f"{amount} di bawah {nama}" if good else f"melebihi {nama} sebesar {amount}"
    return f"melampaui {nama} sebesar {amount}" if good else f"kurang {amount} dari {nama}"


def kata_kerja(polaritas) -> str:
    """The verb of the action a unit takes: ``"tingkatkan"`` (positif) or ``"turunkan"``.

    Parameters
    ----------
    polaritas : str
        ``"positif"`` or ``"negatif"``.
    """
    return "turunkan" if _negatif(polaritas) else "tingkatkan"


def label_selisih(polaritas=None) -> str:
    """Table header of the gap column: ``"Kekurangan"`` (positif), ``"Kelebihan dari batas"``
    (negatif), or ``"Selisih dari target"`` when the table mixes both (``polaritas=None``).

    Parameters
    ----------
    polaritas : str or None
        ``"positif"``, ``"negatif"`` or None for a mixed table.
    """
    if polaritas is None:
        return "Selisih dari target"
    return "Kelebihan dari batas" if _negatif(polaritas) else "Kekurangan"


def saran_tindakan(kode, indikator, polaritas, capaian_proyeksi: str, selisih: str) -> str:
    """One action sentence for an at-risk indicator.

    Parameters
    ----------
    kode, indikator : str
        Indicator code and name.
    polaritas : str
        ``"positif"`` or ``"negatif"``.
    capaian_proyeksi : str
        The projected year-end capaian, already formatted (``"82,5%"``).
    selisih : str
        The gap from :func:`selisih_target` (may be empty).

    Returns
    -------
    str
        ``"Tingkatkan IK-07 Jumlah pengunjung: proyeksi capaian akhir tahun 82,5% (kurang 40
        orang)."`` or ``"Turunkan IK-21 Jumlah arsip rusak: … (melebihi batas 4 berkas)."``
    """
    gap = f" ({selisih})" if selisih else ""
    verb = kata_kerja(polaritas).capitalize()
    return f"{verb} {kode} {indikator}: proyeksi capaian akhir tahun {capaian_proyeksi}{gap}."
