"""A workspace (*wilayah*): a folder of office folders, read for the regency-level report.

Layout::

    <root>/wilayah.toml          optional: nama_pemda, provinsi, kantor = ["DINKES", ...]
    <root>/<OFFICE>/data/pengaturan.toml
    <root>/<OFFICE>/data/processed/<tahun>/...   (after ``kinerja validasi``)

An office is a sub-folder with ``data/pengaturan.toml``. :func:`scan_workspace` lists the
offices (each with an Indonesian ``masalah`` when its settings cannot be read) and the folders
it skipped with the reason; :func:`load_wilayah` reads every office's processed tables of one
period into frames with an ``opd`` column (the office's ``kode_opd``) and a ``nama_opd``
column, and lists the offices without complete processed data with the reason.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kinerja_lib.domain.errors import SettingsError, UserError
from kinerja_lib.domain.periods import Periode
from kinerja_lib.domain.settings import Settings
from kinerja_lib.io import store, tracker
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.settings_file import load_settings

#: Name of the optional workspace file at the workspace root.
WILAYAH_FILE = "wilayah.toml"
_KEYS = ("nama_pemda", "provinsi", "kantor")
#: Folder of the regency reports at the workspace root (not an office; never listed).
REPORT_FOLDER = "laporan_wilayah"


@dataclass(frozen=True)
class Kantor:
    """One office folder of a workspace.

    ``masalah`` is empty for a readable office, else the Indonesian cause (for example a
    ``pengaturan.toml`` that does not parse); such an office is listed, not loaded.
    """

    folder: Path
    kode_opd: str
    nama_opd: str
    nama_pemda: str = ""
    masalah: str = ""
    settings: Settings | None = field(default=None, compare=False, repr=False)

    @property
    def paths(self) -> Paths:
        return Paths(self.folder)


@dataclass(frozen=True)
class Dilewati:
    """A folder of the workspace that is not an office, and why."""

    folder: Path
    alasan: str


@dataclass
class Wilayah:
    """The offices of a workspace (``kantor``, in folder order) and the skipped folders."""

    root: Path
    nama_pemda: str = ""
    provinsi: str = ""
    kantor: list[Kantor] = field(default_factory=list)
    dilewati: list[Dilewati] = field(default_factory=list)


def read_wilayah_file(root: Path) -> dict:
    """``wilayah.toml`` as a dict (``{}`` when absent); unknown keys or bad types raise
    :class:`SettingsError` with an Indonesian message naming the file."""
    f = Path(root) / WILAYAH_FILE
    if not f.exists():
        return {}
    try:
        raw = tomllib.loads(f.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"Berkas wilayah {f} tidak dapat dibaca: {exc}") from exc
    for key in raw:
        if key not in _KEYS:
            raise SettingsError(f"Berkas wilayah {f}: kunci '{key}' tidak dikenal "
                                f"(yang dikenal: {', '.join(_KEYS)}).")
    for key in ("nama_pemda", "provinsi"):
        if key in raw and not isinstance(raw[key], str):
            raise SettingsError(f"Berkas wilayah {f}: '{key}' harus berupa teks.")
    kantor = raw.get("kantor")
    if kantor is not None and not (isinstance(kantor, list)
                                   and all(isinstance(k, str) for k in kantor)):
        raise SettingsError(f"Berkas wilayah {f}: 'kantor' harus berupa daftar nama folder, "
                            'mis. kantor = ["DINKES", "DISDIK"].')
    return raw


def _office(folder: Path) -> Kantor:
    settings_file = Paths(folder).settings_file
    try:
        s = load_settings(settings_file)
    except UserError as exc:
        return Kantor(folder, folder.name, folder.name, masalah=str(exc))
    except OSError as exc:
        return Kantor(folder, folder.name, folder.name,
                      masalah=f"Berkas {settings_file} tidak dapat dibaca: {exc.strerror}")
    return Kantor(folder, s.kode_opd or folder.name, s.nama_opd or folder.name, s.nama_pemda,
                  settings=s)


def scan_workspace(root, pilih=None) -> Wilayah:
    """The offices of workspace ``root``.

    Parameters
    ----------
    root : path
    pilih : iterable of str, optional
        Folder names or ``kode_opd`` to include; default the ``kantor`` list of
        ``wilayah.toml`` or, without one, every sub-folder that is an office.

    Raises
    ------
    MissingDataError
        When ``root`` is not a folder.
    SettingsError
        When ``wilayah.toml`` is malformed.
    """
    root = Path(root)
    if not root.is_dir():
        raise store.MissingDataError(f"Folder wilayah {root} tidak ada.")
    conf = read_wilayah_file(root)
    w = Wilayah(root, conf.get("nama_pemda", ""), conf.get("provinsi", ""))
    listed = conf.get("kantor")
    if listed is not None:
        folders = [root / name for name in listed]
    else:
        folders = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.name)
    for folder in folders:
        if folder.name.startswith(".") or folder.name == REPORT_FOLDER:
            continue
        if not folder.is_dir():
            w.dilewati.append(Dilewati(folder, f"folder {folder.name} yang disebut di "
                                               f"{WILAYAH_FILE} tidak ada"))
        elif not Paths(folder).settings_file.exists():
            w.dilewati.append(Dilewati(folder, "bukan folder kantor (tidak ada "
                                               "data/pengaturan.toml)"))
        else:
            w.kantor.append(_office(folder))
    if pilih is not None:
        want = {str(x) for x in pilih}
        w.kantor = [k for k in w.kantor if k.folder.name in want or k.kode_opd in want]
    if not w.nama_pemda:
        w.nama_pemda = next((k.nama_pemda for k in w.kantor if k.nama_pemda), "")
    return w


def find_offices(root, pilih=None) -> list[Kantor]:
    """The offices of workspace ``root`` (see :func:`scan_workspace`), broken ones included
    with their ``masalah``."""
    return scan_workspace(root, pilih).kantor


#: Tables :func:`load_wilayah` gathers: engine tables of the period and the tracker table.
PERIOD_TABLES = ("capaian", "sasaran", "anggaran", "proyeksi")


@dataclass
class WilayahData:
    """Processed data of every complete office of a workspace for one period.

    Attributes
    ----------
    wilayah : Wilayah
    tahun : int
    periode : Periode
    kantor : list of Kantor
        Offices whose data were loaded.
    capaian, sasaran, anggaran, proyeksi : DataFrame
        The offices' engine tables of the period, stacked, with ``opd`` (kode_opd) and
        ``nama_opd``.
    pengiriman : DataFrame
        The offices' submission status (``tracker.STATUS_COLUMNS``) from January to the
        period's last month, judged the day after that month's due date (as in the office's
        own period report), so a rerun gives the same table.
    tidak_lengkap : DataFrame
        ``opd, nama_opd, folder, alasan``: offices not loaded and why.
    """

    wilayah: Wilayah
    tahun: int
    periode: Periode
    kantor: list[Kantor] = field(default_factory=list)
    capaian: pd.DataFrame = field(default_factory=pd.DataFrame)
    sasaran: pd.DataFrame = field(default_factory=pd.DataFrame)
    anggaran: pd.DataFrame = field(default_factory=pd.DataFrame)
    proyeksi: pd.DataFrame = field(default_factory=pd.DataFrame)
    pengiriman: pd.DataFrame = field(default_factory=pd.DataFrame)
    tidak_lengkap: pd.DataFrame = field(default_factory=pd.DataFrame)


def load_office(kantor: Kantor, tahun: int, periode: Periode) -> dict[str, pd.DataFrame]:
    """One office's tables of a period (``PERIOD_TABLES`` + ``pengiriman``), each with
    ``opd`` and ``nama_opd``; raises a :class:`UserError` (Indonesian cause) when the year's
    processed data are missing or incomplete or the period was not computed."""
    if kantor.masalah:
        raise SettingsError(kantor.masalah)
    paths = kantor.paths
    if not (paths.processed_year(tahun) / "pk.parquet").exists():
        raise store.MissingDataError(
            f"Data tahun {tahun} belum divalidasi (belum ada data olahan). Jalankan: kinerja "
            f"--folder {kantor.folder.name} validasi --tahun {tahun}")
    store.check_complete(paths, tahun)
    tables = store.load_period_tables(paths, tahun, periode.kode)
    missing = [t for t in PERIOD_TABLES if t not in tables]
    if missing:
        raise store.MissingDataError(f"Tabel {', '.join(missing)} periode {periode.kode} "
                                     f"{tahun} belum ada. Jalankan: kinerja jalankan")
    out = {t: tables[t].copy() for t in PERIOD_TABLES}
    year = store.load_year(paths, tahun)
    out["pengiriman"] = tracker.submission_status(year.pk, year.pengiriman, tahun,
                                                  periode.last_month, kantor.settings,
                                                  anggaran=year.anggaran)
    for df in out.values():
        df["opd"] = kantor.kode_opd
        df.insert(1, "nama_opd", kantor.nama_opd)
    return out


def load_wilayah(root, tahun: int, periode: str, pilih=None) -> WilayahData:
    """Read every office's processed tables of ``tahun``/``periode`` (see :class:`WilayahData`).

    An office whose settings cannot be read, whose year has no complete processed data
    (``store.check_complete``: no or stale ``lengkap.json``) or whose period tables are absent
    is listed in ``tidak_lengkap`` with the Indonesian reason; nothing raises for one office.
    """
    w = scan_workspace(root, pilih)
    p = Periode.from_kode(int(tahun), periode)
    data = WilayahData(w, int(tahun), p)
    parts: dict[str, list[pd.DataFrame]] = {t: [] for t in (*PERIOD_TABLES, "pengiriman")}
    missing = []
    for k in w.kantor:
        try:
            tables = load_office(k, int(tahun), p)
        except (UserError, OSError, ValueError) as exc:
            missing.append({"opd": k.kode_opd, "nama_opd": k.nama_opd,
                            "folder": k.folder.name, "alasan": str(exc)})
            continue
        data.kantor.append(k)
        for name, df in tables.items():
            parts[name].append(df)
    for name, frames in parts.items():
        setattr(data, name, pd.concat(frames, ignore_index=True) if frames else pd.DataFrame())
    data.tidak_lengkap = pd.DataFrame(missing, columns=["opd", "nama_opd", "folder", "alasan"])
    return data


__all__ = ["WILAYAH_FILE", "Kantor", "Dilewati", "Wilayah", "WilayahData", "scan_workspace",
           "find_offices", "load_office", "load_wilayah", "read_wilayah_file"]
