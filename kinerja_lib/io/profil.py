"""The office's profile for the LKjIP: Renstra (visi, misi, tujuan, periode, national standards)
and isu strategis, kept as editable files next to the office's data.

* ``data/profil/renstra.toml`` — ``periode``, ``visi``, ``misi`` (list), ``tujuan`` (list),
  ``tugas`` and ``fungsi`` (list), ``tempat`` (place printed with the signature),
  ``[standar_nasional]`` (indicator code = national standard value);
* ``data/profil/isu_strategis.md`` — plain text / markdown paragraphs.

A missing file is not an error: the report prints a placeholder naming the file to fill.
A file that is not valid TOML raises :class:`SettingsError` naming the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kinerja_lib.domain.errors import SettingsError
from kinerja_lib.io.paths import Paths


@dataclass(frozen=True)
class Profil:
    """The office profile; empty fields mean "not provided" (the report says which file)."""

    periode: str = ""
    visi: str = ""
    misi: tuple[str, ...] = ()
    tujuan: tuple[str, ...] = ()
    tugas: str = ""
    fungsi: tuple[str, ...] = ()
    tempat: str = ""
    standar_nasional: dict = field(default_factory=dict)
    isu_strategis: str = ""
    renstra_file: str = "data/profil/renstra.toml"
    isu_file: str = "data/profil/isu_strategis.md"
    ada_renstra: bool = False


def _texts(raw: dict, key: str, path: Path) -> tuple[str, ...]:
    value = raw.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SettingsError(f"{path}: '{key}' harus berupa daftar teks.")
    return tuple(v.strip() for v in value if v.strip())


def _standar(raw: dict, path: Path) -> dict:
    std = raw.get("standar_nasional", {})
    if not isinstance(std, dict):
        raise SettingsError(f"{path}: [standar_nasional] harus berisi kode indikator = angka.")
    out = {}
    for kode, value in std.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SettingsError(f"{path}: standar_nasional.{kode} harus berupa angka.")
        out[str(kode)] = float(value)
    return out


def load_profil(paths: Paths) -> Profil:
    """Read ``data/profil/renstra.toml`` and ``data/profil/isu_strategis.md`` (both optional).

    Raises
    ------
    SettingsError
        The Renstra file exists but is not valid TOML or has a value of the wrong type.
    """
    isu = ""
    if paths.isu_strategis_file.is_file():
        isu = paths.isu_strategis_file.read_text(encoding="utf-8").strip()
    path = paths.renstra_file
    if not path.is_file():
        return Profil(isu_strategis=isu)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"Berkas {path} tidak dapat dibaca sebagai TOML: {exc}") from exc
    for key in ("periode", "visi", "tugas", "tempat"):
        if not isinstance(raw.get(key, ""), str):
            raise SettingsError(f"{path}: '{key}' harus berupa teks.")
    return Profil(
        periode=raw.get("periode", "").strip(), visi=raw.get("visi", "").strip(),
        misi=_texts(raw, "misi", path), tujuan=_texts(raw, "tujuan", path),
        tugas=raw.get("tugas", "").strip(), fungsi=_texts(raw, "fungsi", path),
        tempat=raw.get("tempat", "").strip(), standar_nasional=_standar(raw, path),
        isu_strategis=isu, ada_renstra=True,
    )


RENSTRA_TEMPLATE = '''# Profil kantor untuk Laporan Kinerja (LKjIP): Rencana Strategis (Renstra).
# Sasaran, indikator dan target akhir Renstra diambil dari Perjanjian Kinerja
# (kolom Target Renstra dan Tahun Renstra); berkas ini memuat bagian lainnya.
periode = ""        # contoh: "2021-2026"
visi = ""
misi = []           # daftar kalimat misi
tujuan = []         # daftar tujuan Renstra
tugas = ""          # tugas pokok menurut peraturan kepala daerah
fungsi = []         # daftar fungsi
tempat = ""         # tempat penandatanganan (ibu kota kabupaten/kota)

[standar_nasional]  # kode indikator = nilai standar nasional (bila ada)
'''

ISU_TEMPLATE = ("<!-- Isu strategis perangkat daerah untuk Bab I LKjIP: tulis satu paragraf per "
                "isu. -->\n")


def write_profil_templates(paths: Paths, renstra: str = RENSTRA_TEMPLATE,
                           isu: str = ISU_TEMPLATE) -> list[Path]:
    """Write the two profile files when absent (never replaces one); returns those written."""
    paths.profil.mkdir(parents=True, exist_ok=True)
    written = []
    for target, text in ((paths.renstra_file, renstra), (paths.isu_strategis_file, isu)):
        if target.exists():
            continue
        with open(target, "x", encoding="utf-8") as fh:
            fh.write(text)
        written.append(target)
    return written


__all__ = ["Profil", "load_profil", "write_profil_templates", "RENSTRA_TEMPLATE", "ISU_TEMPLATE"]
