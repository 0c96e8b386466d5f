"""One settings object, loaded from ``data/pengaturan.toml`` with documented defaults.

Settings are passed explicitly to the functions that need them; no rule reads a global.
Everything that differs between offices is here: identity (``kode_opd``, ``nama_opd``,
``nama_pemda``, ``provinsi``, ``alamat``, ``logo``), the unit tree (``units``, written as
``[[unit]]`` tables), the officials who sign (``pejabat``, written as ``[pejabat.<jabatan>]``
tables), the calendar (``hari_batas_laporan``, ``libur``) and the rating rules. Every other
field is a top-level TOML key of the same name.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, fields, replace
from functools import cached_property

from kinerja_lib.domain.errors import SettingsError
from kinerja_lib.domain.organisasi import Organisasi, Unit

#: Permendagri 86/2017 rating scale as used in LKjIPs, as (lower bound, label) from the top.
#: Implemented by lower bounds only so no value falls in the published gaps (90-91, ...).
PREDIKAT_PERMENDAGRI_86: tuple[tuple[float, str], ...] = (
    (91.0, "Sangat Tinggi"),
    (76.0, "Tinggi"),
    (66.0, "Sedang"),
    (51.0, "Rendah"),
    (float("-inf"), "Sangat Rendah"),
)

#: Same bounds, labels used by some offices.
PREDIKAT_SANGAT_BAIK: tuple[tuple[float, str], ...] = (
    (91.0, "Sangat Baik"),
    (76.0, "Baik"),
    (66.0, "Cukup"),
    (51.0, "Kurang"),
    (float("-inf"), "Sangat Kurang"),
)

#: Traffic-light scale: < 70 red, <= 90 yellow, else green.
PREDIKAT_LAMPU: tuple[tuple[float, str], ...] = (
    (90.0 + 1e-9, "Hijau"),
    (70.0, "Kuning"),
    (float("-inf"), "Merah"),
)

#: How each scale is named in a report.
NAMA_SKALA = {
    "permendagri86": "Permendagri 86/2017",
    "sangat_baik": "Sangat Baik-Sangat Kurang",
    "lampu": "lampu lalu lintas",
}

PREDIKAT_SCALES = {
    "permendagri86": PREDIKAT_PERMENDAGRI_86,
    "sangat_baik": PREDIKAT_SANGAT_BAIK,
    "lampu": PREDIKAT_LAMPU,
}




JABATAN_PEJABAT = {"kepala_dinas": "Kepala Dinas", "sekretaris": "Sekretaris"}
"""Officials who sign reports: TOML key (``[pejabat.<key>]``) -> position as printed."""


@dataclass(frozen=True)
class Pejabat:
    """An official who signs reports.

    Attributes
    ----------
    kunci : str
        Key of :data:`JABATAN_PEJABAT` (``kepala_dinas``, ``sekretaris``).
    nama : str
        Full name with titles, as printed under the signature.
    nip : str
        Nomor Induk Pegawai (18 digits; spaces allowed for readability).
    """

    kunci: str
    nama: str
    nip: str = ""

    @property
    def jabatan(self) -> str:
        return JABATAN_PEJABAT.get(self.kunci, self.kunci.replace("_", " ").title())


BATAS_FIELDS = ("batas_ukuran_berkas_mb", "batas_isi_zip_mb", "batas_bagian_zip_mb",
                "batas_rasio_kompresi", "batas_baris", "batas_kolom", "batas_karakter_sel",
                "batas_kendala_laporan")
"""Input limits and the report text limit (see :class:`Settings`), each at least 1."""


@dataclass(frozen=True)
class Settings:
    """Office-level settings with their defaults.

    The defaults are neutral (no units, no officials): a project without
    ``data/pengaturan.toml`` can read nothing until its units are defined (``kinerja kantor
    baru`` writes the file).

    Attributes
    ----------
    kode_opd, nama_opd, nama_pemda : str
        Office code carried in every table, office name and regency for report title blocks.
    provinsi, alamat : str
        Province and postal address, for title pages (optional).
    logo : str
        Path of the office logo, relative to the project folder (optional; checked when the
        file is loaded).
    units : tuple of Unit
        The reporting units (TOML ``[[unit]]``), in report order.
    pejabat : tuple of Pejabat
        Officials who sign (TOML ``[pejabat.kepala_dinas]``, ``[pejabat.sekretaris]``).
    hari_batas_laporan : int
        Monthly reports are due on this day of the following month (default 5).
    libur : tuple of date
        Holidays (TOML list of ``dd/mm/yyyy``); stored for the calendar, not yet used by rules.
    batas_capaian : float
        Cap applied to the capped capaian (default 100, as in published LKjIP tables).
    skala_predikat : str
        Name of a scale in :data:`PREDIKAT_SCALES` (default ``permendagri86``).
    ambang_efisiensi : float
        capaian - serapan above this is *efisien*, within +/- this *cukup efisien* (default 5).
    metode_negatif_default : str
        Negative-indicator variant when the PK leaves it blank: ``A`` = (2T-R)/T, ``B`` = T/R.
    ambang_risiko : float
        A projected capaian below this (in %) flags an indicator as at risk (default 91,
        the lower bound of the top band).
    browser : str
        Path or name of a Chromium-family browser for PDF printing; empty = search PATH.
    batas_ukuran_berkas_mb, batas_isi_zip_mb, batas_bagian_zip_mb : int
        Input limits checked before a workbook is parsed: file size (default 20 MB), total
        uncompressed size of the ZIP package (200 MB) and of any one part (100 MB).
    batas_rasio_kompresi : int
        Highest uncompressed/compressed ratio of a part of 1 MB or more (default 100).
    batas_baris, batas_kolom : int
        Last row and column a sheet may use (default 5000 and 60), checked on the sheet XML.
    batas_karakter_sel : int
        Longest cell text (default 2000): longer text is cut with a warning, a longer number
        cell is an error.
    batas_kendala_laporan : int
        Most distinct kendala a report lists per section (default 50); the rest are counted
        in one closing line ("… dan N kendala lainnya (lihat rekap Excel)").
    """

    kode_opd: str = "OPD"
    nama_opd: str = "Perangkat Daerah"
    nama_pemda: str = "Pemerintah Daerah"
    provinsi: str = ""
    alamat: str = ""
    logo: str = ""
    hari_batas_laporan: int = 5
    libur: tuple[_dt.date, ...] = ()
    batas_capaian: float = 100.0
    skala_predikat: str = "permendagri86"
    ambang_efisiensi: float = 5.0
    metode_negatif_default: str = "A"
    ambang_risiko: float = 91.0
    browser: str = ""
    batas_ukuran_berkas_mb: int = 20
    batas_isi_zip_mb: int = 200
    batas_bagian_zip_mb: int = 100
    batas_rasio_kompresi: int = 100
    batas_baris: int = 5000
    batas_kolom: int = 60
    batas_karakter_sel: int = 2000
    batas_kendala_laporan: int = 50
    units: tuple[Unit, ...] = ()
    pejabat: tuple[Pejabat, ...] = ()

    @property
    def predikat_scale(self) -> tuple[tuple[float, str], ...]:
        return PREDIKAT_SCALES[self.skala_predikat]

    @cached_property
    def organisasi(self) -> Organisasi:
        """The unit tree (lookup by code, name or alias)."""
        return Organisasi(tuple(self.units))

    def nama_unit(self, kode) -> str:
        """Official name of a unit code (the code itself when unknown)."""
        return self.organisasi.nama_unit(kode)

    def resolve_unit(self, text) -> str | None:
        """Unit code of a typed code, name or unambiguous alias; None otherwise."""
        return self.organisasi.resolve_unit(text)

    def pejabat_untuk(self, kunci: str) -> Pejabat | None:
        """The official with this key (``kepala_dinas``, ``sekretaris``), if set."""
        for p in self.pejabat:
            if p.kunci == kunci:
                return p
        return None

    def to_dict(self) -> dict:
        """The settings as TOML-ready data: TOML key names, dates as ``dd/mm/yyyy`` text."""
        d = {f.name: getattr(self, f.name) for f in fields(self)
             if f.name not in ("units", "pejabat", "libur")}
        d["libur"] = [t.strftime("%d/%m/%Y") for t in self.libur]
        d["pejabat"] = {p.kunci: {"nama": p.nama, "nip": p.nip} for p in self.pejabat}
        d["unit"] = [_unit_dict(u) for u in self.units]
        return d

    def with_(self, **changes) -> Settings:
        return replace(self, **changes)


def _unit_dict(u: Unit) -> dict:
    d = {"kode": u.kode, "nama": u.nama}
    if u.induk:
        d["induk"] = u.induk
    d["alias"] = list(u.alias)
    if u.jabatan_kepala:
        d["jabatan_kepala"] = u.jabatan_kepala
    return d


def validate(s: Settings) -> Settings:
    """Check value ranges; raise :class:`SettingsError` with an Indonesian message."""
    if not 1 <= s.hari_batas_laporan <= 28:
        raise SettingsError("hari_batas_laporan harus antara 1 dan 28.")
    if s.batas_capaian <= 0:
        raise SettingsError("batas_capaian harus lebih dari 0.")
    if s.skala_predikat not in PREDIKAT_SCALES:
        raise SettingsError(
            f"skala_predikat '{s.skala_predikat}' tidak dikenal; pilih salah satu: "
            + ", ".join(PREDIKAT_SCALES)
        )
    if s.metode_negatif_default not in ("A", "B"):
        raise SettingsError("metode_negatif_default harus 'A' atau 'B'.")
    for name in BATAS_FIELDS:
        if getattr(s, name) < 1:
            raise SettingsError(f"{name} harus bilangan bulat 1 atau lebih.")
    if s.ambang_efisiensi < 0:
        raise SettingsError("ambang_efisiensi tidak boleh negatif.")
    problems = s.organisasi.masalah()
    if problems:
        raise SettingsError("unit: " + " ".join(problems))
    for p in s.pejabat:
        if p.kunci not in JABATAN_PEJABAT:
            raise SettingsError(f"pejabat.{p.kunci} tidak dikenal; pilihan: "
                                + ", ".join(JABATAN_PEJABAT) + ".")
        if not p.nama.strip():
            raise SettingsError(f"pejabat.{p.kunci}.nama kosong.")
        digits = p.nip.replace(" ", "")
        if p.nip and not (digits.isdigit() and len(digits) == 18):
            raise SettingsError(f"pejabat.{p.kunci}.nip '{p.nip}' tidak sah; NIP terdiri atas "
                                "18 angka (spasi boleh).")
    return s




