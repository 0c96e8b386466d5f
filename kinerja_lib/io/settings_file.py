"""Reading and writing ``data/pengaturan.toml`` (the one settings object lives in
``domain.settings``).

The file is checked strictly: an unknown or misspelt key is an error naming the file and the
key and suggesting the closest valid key (``hari_batas_lapor`` -> ``hari_batas_laporan``), and a
value of the wrong type names the file and the key. A missing file gives the neutral defaults
(no units); :func:`require_units` turns that into an instruction for the user.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import tomllib
from dataclasses import fields
from pathlib import Path

import tomli_w

from kinerja_lib.domain.errors import SettingsError
from kinerja_lib.domain.numbers import parse_tanggal
from kinerja_lib.domain.organisasi import Unit
from kinerja_lib.domain.settings import JABATAN_PEJABAT, Pejabat, Settings, validate
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.profil import write_profil_templates

_TABLE_KEYS = {"unit": "units", "pejabat": "pejabat", "libur": "libur"}
"""TOML keys whose value is not a plain scalar -> the Settings field they fill."""

_SCALARS = {f.name: f for f in fields(Settings) if f.name not in _TABLE_KEYS.values()}

UNIT_KEYS = ("kode", "nama", "induk", "alias", "jabatan_kepala")
PEJABAT_KEYS = ("nama", "nip")
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")


def _unknown(path, key: str, valid, where: str = "") -> SettingsError:
    """The error for an unknown key, with the closest valid key suggested."""
    close = difflib.get_close_matches(key, list(valid), n=1, cutoff=0.6)
    hint = (f" Maksud Anda '{close[0]}'?" if close else "")
    return SettingsError(
        f"Berkas pengaturan {path}: kunci '{where}{key}' tidak dikenal.{hint} Kunci yang sah: "
        + ", ".join(valid) + ".")


def _type_error(path, key: str, want: str) -> SettingsError:
    return SettingsError(f"Berkas pengaturan {path}: nilai '{key}' harus {want}.")


def _scalar(path, key: str, value):
    want = type(_SCALARS[key].default)
    if want is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if isinstance(value, bool) or not isinstance(value, want):
        label = {str: "teks (di antara tanda kutip)", int: "bilangan bulat",
                 float: "angka"}.get(want, want.__name__)
        raise _type_error(path, key, label)
    return value


def _text(path, key: str, value, required: bool = True) -> str:
    if not isinstance(value, str):
        raise _type_error(path, key, "teks (di antara tanda kutip)")
    if required and not value.strip():
        raise SettingsError(f"Berkas pengaturan {path}: nilai '{key}' tidak boleh kosong.")
    return value.strip()


def _units(path, value) -> tuple[Unit, ...]:
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise _type_error(path, "unit", "daftar tabel [[unit]] (satu tabel per unit)")
    out = []
    for i, t in enumerate(value, start=1):
        where = f"unit ke-{i}"
        for key in t:
            if key not in UNIT_KEYS:
                raise _unknown(path, key, UNIT_KEYS, where=f"[[unit]] ke-{i}: ")
        for key in ("kode", "nama"):
            if key not in t:
                raise SettingsError(f"Berkas pengaturan {path}: {where} tidak memiliki kunci "
                                    f"'{key}'.")
        alias = t.get("alias", [])
        if isinstance(alias, str):
            alias = [alias]
        if not isinstance(alias, list) or not all(isinstance(a, str) for a in alias):
            raise _type_error(path, f"{where}.alias", "daftar teks, mis. [\"bid a\", \"bidang a\"]")
        induk = t.get("induk")
        out.append(Unit(
            kode=_text(path, f"{where}.kode", t["kode"]),
            nama=_text(path, f"{where}.nama", t["nama"]),
            induk=_text(path, f"{where}.induk", induk) if induk not in (None, "") else None,
            alias=tuple(a.strip() for a in alias if a.strip()),
            jabatan_kepala=_text(path, f"{where}.jabatan_kepala", t.get("jabatan_kepala", ""),
                                 required=False),
        ))
    return tuple(out)


def _pejabat(path, value) -> tuple[Pejabat, ...]:
    if not isinstance(value, dict):
        raise _type_error(path, "pejabat", "tabel, mis. [pejabat.kepala_dinas]")
    out = []
    for kunci, t in value.items():
        if kunci not in JABATAN_PEJABAT:
            raise _unknown(path, kunci, JABATAN_PEJABAT, where="pejabat.")
        if not isinstance(t, dict):
            raise _type_error(path, f"pejabat.{kunci}", "tabel dengan kunci nama dan nip")
        for key in t:
            if key not in PEJABAT_KEYS:
                raise _unknown(path, key, PEJABAT_KEYS, where=f"pejabat.{kunci}.")
        if "nama" not in t:
            raise SettingsError(f"Berkas pengaturan {path}: pejabat.{kunci} tidak memiliki "
                                "kunci 'nama'.")
        nip = t.get("nip", "")
        if isinstance(nip, int) and not isinstance(nip, bool):
            raise _type_error(path, f"pejabat.{kunci}.nip",
                              "teks di antara tanda kutip (NIP bukan bilangan)")
        out.append(Pejabat(kunci, _text(path, f"pejabat.{kunci}.nama", t["nama"]),
                           _text(path, f"pejabat.{kunci}.nip", nip, required=False)))
    return tuple(out)


def _libur(path, value) -> tuple[_dt.date, ...]:
    if not isinstance(value, list):
        raise _type_error(path, "libur", "daftar tanggal, mis. [\"17/08/2024\", \"25/12/2024\"]")
    out = []
    for i, v in enumerate(value, start=1):
        if isinstance(v, _dt.date) and not isinstance(v, _dt.datetime):
            out.append(v)
            continue
        if not isinstance(v, str):
            raise _type_error(path, f"libur (butir ke-{i})", "tanggal dd/mm/yyyy dalam tanda kutip")
        try:
            t = parse_tanggal(v)
        except ValueError as exc:
            raise SettingsError(f"Berkas pengaturan {path}: libur butir ke-{i} '{v}': {exc}"
                                ) from exc
        if t is None:
            raise SettingsError(f"Berkas pengaturan {path}: libur butir ke-{i} kosong.")
        out.append(t)
    return tuple(sorted(set(out)))


def check_logo(path, root: Path, logo: str) -> None:
    """The logo must be an image file inside the project folder ``root``."""
    if not logo:
        return
    f = (root / logo).resolve()
    if not f.is_relative_to(root.resolve()):
        raise SettingsError(f"Berkas pengaturan {path}: logo '{logo}' berada di luar folder "
                            f"proyek {root}; simpan gambar logo di dalam folder proyek.")
    if f.suffix.lower() not in LOGO_SUFFIXES:
        raise SettingsError(f"Berkas pengaturan {path}: logo '{logo}' bukan berkas gambar "
                            f"({', '.join(LOGO_SUFFIXES)}).")
    if not f.is_file():
        raise SettingsError(f"Berkas pengaturan {path}: berkas logo '{logo}' tidak ada "
                            f"({f}).")


def parse_settings(raw: dict, path, root: Path | None = None) -> Settings:
    """Turn the parsed TOML of ``path`` into validated :class:`Settings`.

    Parameters
    ----------
    raw : dict
        The TOML document.
    path : Path or str
        The file, named in every message.
    root : Path, optional
        The project folder the ``logo`` path is relative to (default: the folder above
        ``data/``).
    """
    valid = [*_SCALARS, *_TABLE_KEYS]
    kwargs: dict = {}
    for key, value in raw.items():
        if key in _SCALARS:
            kwargs[key] = _scalar(path, key, value)
        elif key == "unit":
            kwargs["units"] = _units(path, value)
        elif key == "pejabat":
            kwargs["pejabat"] = _pejabat(path, value)
        elif key == "libur":
            kwargs["libur"] = _libur(path, value)
        else:
            raise _unknown(path, key, valid)
    try:
        s = validate(Settings(**kwargs))
    except SettingsError as exc:
        raise SettingsError(f"Berkas pengaturan {path}: {exc}") from exc
    check_logo(path, Path(root) if root is not None else Path(path).resolve().parent.parent,
               s.logo)
    return s


def load_settings(path: Path | None) -> Settings:
    """Load settings from a TOML file; a missing file gives the neutral defaults (no units).

    Raises
    ------
    SettingsError
        On a TOML syntax error, an unknown key (with the closest valid key suggested), a
        value of the wrong type or out of range; the message names the file and the key.
    """
    if path is None or not Path(path).exists():
        return Settings()
    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"Berkas pengaturan {path} tidak dapat dibaca: {exc}") from exc
    return parse_settings(raw, path)


def require_units(settings: Settings, path: Path) -> None:
    """Raise an instruction (Indonesian) when no unit is defined for this project."""
    if settings.units:
        return
    where = (f"Berkas {path} tidak mendefinisikan unit" if Path(path).exists()
             else f"Berkas pengaturan {path} belum ada")
    raise SettingsError(
        f"{where}. Unit kerja harus didefinisikan dahulu sebagai tabel [[unit]] (kode, nama) "
        "di data/pengaturan.toml. Buat kantor baru dengan: kinerja kantor baru --folder FOLDER "
        "--kode KODE_OPD --nama \"Nama Dinas\" --pemda \"Kabupaten ...\" --unit KODE=\"Nama "
        "Unit\" (boleh berulang), atau coba data contoh dengan: kinerja contoh.")


def settings_toml(s: Settings) -> str:
    """Render settings as a commented TOML file (used to write the default file).

    The values are written by ``tomli_w``, so any text (quotes, a Windows path with
    backslashes, non-ASCII office names) reads back exactly with :func:`load_settings`.
    """
    header = (
        "# Pengaturan kinerja. Identitas kantor, unit, pejabat, kalender dan aturan.\n"
        "# Kunci yang tidak dikenal ditolak; hapus baris untuk memakai nilai bawaan.\n"
        "# Unit: satu tabel [[unit]] per unit (kode, nama, induk, alias, jabatan_kepala).\n"
        "# Pejabat penanda tangan: [pejabat.kepala_dinas] dan [pejabat.sekretaris] (nama, nip).\n"
        "# libur: daftar tanggal dd/mm/yyyy.\n\n"
    )
    return header + tomli_w.dumps(s.to_dict())


def create_office(root: Path, settings: Settings, logo_source: Path | None = None) -> list[Path]:
    """Create a new office folder: ``data/pengaturan.toml``, ``data/raw/``, ``data/tinjauan/``.

    Parameters
    ----------
    root : Path
        The new project folder (created if absent).
    settings : Settings
        The office's settings; written with :func:`settings_toml` and read back with
        :func:`parse_settings` before anything is written, so the file always loads.
    logo_source : Path, optional
        An image outside the folder: copied to ``data/logo<suffix>`` and ``logo`` set to it.

    Returns
    -------
    list of Path
        What was created (existing folders are left as they are).

    Raises
    ------
    SettingsError
        When ``data/pengaturan.toml`` already exists (never overwritten) or the settings are
        not valid.
    """
    root = Path(root).resolve()
    target = root / "data" / "pengaturan.toml"
    if target.exists():
        raise SettingsError(f"Berkas pengaturan {target} sudah ada dan tidak ditimpa. Ubah berkas "
                            "itu langsung, atau pilih folder lain untuk kantor baru.")
    created: list[Path] = []
    logo_copy = None
    if logo_source is not None:
        src = Path(logo_source).expanduser().resolve()
        if not src.is_file():
            raise SettingsError(f"Berkas logo {src} tidak ada.")
        if src.suffix.lower() not in LOGO_SUFFIXES:
            raise SettingsError(f"Berkas logo {src} bukan gambar ({', '.join(LOGO_SUFFIXES)}).")
        if src.is_relative_to(root):
            settings = settings.with_(logo=src.relative_to(root).as_posix())
        else:
            logo_copy = (src, root / "data" / f"logo{src.suffix.lower()}")
            if logo_copy[1].exists():
                raise SettingsError(f"Berkas {logo_copy[1]} sudah ada dan tidak ditimpa.")
            settings = settings.with_(logo=f"data/logo{src.suffix.lower()}")
    text = settings_toml(settings)
    # check everything except the logo file (copied below) before writing anything
    raw = tomllib.loads(text)
    if logo_copy:
        raw.pop("logo")
    parse_settings(raw, target, root=root)
    for folder in (root, root / "data", root / "data" / "raw", root / "data" / "tinjauan"):
        if not folder.exists():
            folder.mkdir(parents=True)
            created.append(folder)
    if logo_copy:
        logo_copy[1].write_bytes(logo_copy[0].read_bytes())
        created.append(logo_copy[1])
    with open(target, "x", encoding="utf-8") as fh:  # "x": never replace a file
        fh.write(text)
    created.append(target)
    created += write_profil_templates(Paths(root))  # Renstra / isu strategis for the LKjIP
    load_settings(target)  # the written file loads (logo included)
    return created
