"""One settings object, loaded from ``data/pengaturan.toml`` with documented defaults.

Settings are passed explicitly to the functions that need them; no rule reads a global.
Every field can be set in the TOML file under the same name (top-level keys).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

from kinerja_lib.domain.errors import SettingsError

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

PREDIKAT_SCALES = {
    "permendagri86": PREDIKAT_PERMENDAGRI_86,
    "sangat_baik": PREDIKAT_SANGAT_BAIK,
    "lampu": PREDIKAT_LAMPU,
}




@dataclass(frozen=True)
class Settings:
    """Office-level settings with their defaults.

    Attributes
    ----------
    kode_opd, nama_opd, nama_pemda : str
        Office code carried in every table, office name and regency for report title blocks.
    hari_batas_laporan : int
        Monthly reports are due on this day of the following month (default 5).
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
    """

    kode_opd: str = "DISPERSIP-BLG"
    nama_opd: str = "Dinas Perpustakaan dan Kearsipan"
    nama_pemda: str = "Kabupaten Balangan"
    hari_batas_laporan: int = 5
    batas_capaian: float = 100.0
    skala_predikat: str = "permendagri86"
    ambang_efisiensi: float = 5.0
    metode_negatif_default: str = "A"
    ambang_risiko: float = 91.0
    browser: str = ""
    extra: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def predikat_scale(self) -> tuple[tuple[float, str], ...]:
        return PREDIKAT_SCALES[self.skala_predikat]

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("extra")
        return d

    def with_(self, **changes) -> Settings:
        return replace(self, **changes)


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
    if s.ambang_efisiensi < 0:
        raise SettingsError("ambang_efisiensi tidak boleh negatif.")
    return s




