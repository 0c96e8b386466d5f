"""Processed tables on disk: one folder per year under ``data/processed/<tahun>/``.

``YearData`` bundles the canonical frames of one year (see ``contract``) as ingest produces
them; the engine and the notebooks read them back with :func:`load_year`. Parquet files are
written under a temporary name and renamed, so a half-written table never looks complete.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

from . import contract as c
from .paths import Paths


@dataclass
class YearData:
    """Canonical frames of one year.

    Attributes
    ----------
    pk, ra, anggaran : DataFrame
        Perjanjian Kinerja (``contract.PK_COLUMNS``), Rencana Aksi long form
        (``RA_COLUMNS``), pagu per kegiatan (``ANGGARAN_COLUMNS``).
    realisasi, realisasi_anggaran : DataFrame
        Accepted monthly rows (``REALISASI_COLUMNS``, ``REALISASI_ANGGARAN_COLUMNS``).
    pengiriman : DataFrame
        One row per accepted monthly workbook (``PENGIRIMAN_COLUMNS``).
    kualitas, karantina : DataFrame
        Data-quality problems and quarantined rows.
    sumber : DataFrame
        Every file read under data/raw for the year: ``file``, ``sha256``, ``ukuran``.
    """

    tahun: int
    pk: pd.DataFrame
    ra: pd.DataFrame
    anggaran: pd.DataFrame
    realisasi: pd.DataFrame
    realisasi_anggaran: pd.DataFrame
    pengiriman: pd.DataFrame
    kualitas: pd.DataFrame
    karantina: pd.DataFrame
    sumber: pd.DataFrame

    @classmethod
    def table_names(cls) -> list[str]:
        return [f.name for f in fields(cls) if f.name != "tahun"]


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary sibling and an atomic rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def write_parquet(df: pd.DataFrame, path: Path) -> None:
    """Write a frame to Parquet deterministically (no pandas index, atomic rename)."""
    import io

    buf = io.BytesIO()
    df.reset_index(drop=True).to_parquet(buf, index=False, compression="zstd")
    atomic_write_bytes(path, buf.getvalue())


def save_year(data: YearData, paths: Paths) -> Path:
    """Write every table of ``data`` to ``data/processed/<tahun>/<name>.parquet``."""
    out = paths.processed_year(data.tahun)
    for name in YearData.table_names():
        write_parquet(getattr(data, name), out / f"{name}.parquet")
    return out


class MissingDataError(FileNotFoundError):
    """Processed data for a year does not exist yet (message in Indonesian)."""


def load_year(paths: Paths, tahun: int) -> YearData:
    """Read a year's processed tables; raise :class:`MissingDataError` if not ingested."""
    folder = paths.processed_year(tahun)
    frames = {}
    for name in YearData.table_names():
        f = folder / f"{name}.parquet"
        if not f.exists():
            raise MissingDataError(
                f"Data olahan tahun {tahun} belum ada ({f}). Jalankan dahulu: "
                f"kinerja validasi --tahun {tahun}"
            )
        frames[name] = pd.read_parquet(f)
    return YearData(tahun=tahun, **frames)


def available_years(paths: Paths) -> list[int]:
    """Years that have processed data, ascending."""
    if not paths.processed.exists():
        return []
    return sorted(
        int(p.name) for p in paths.processed.iterdir()
        if p.is_dir() and p.name.isdigit() and (p / "pk.parquet").exists()
    )


def empty_frame(columns) -> pd.DataFrame:
    return pd.DataFrame({col: pd.Series(dtype="object") for col in columns})


__all__ = ["YearData", "save_year", "load_year", "available_years", "write_parquet",
           "atomic_write_bytes", "atomic_write_text", "MissingDataError", "empty_frame", "c"]


def period_dir(paths: Paths, tahun: int, periode_kode: str) -> Path:
    """Folder of the engine tables of one period: ``data/processed/<tahun>/<kode>/``."""
    return paths.processed_year(tahun) / periode_kode


def load_period_tables(paths: Paths, tahun: int, periode_kode: str) -> dict[str, pd.DataFrame]:
    """Read the engine tables of one period written by ``engine.write_period``."""
    folder = period_dir(paths, tahun, periode_kode)
    if not folder.exists():
        raise MissingDataError(
            f"Tabel olahan {periode_kode} {tahun} belum ada ({folder}). Jalankan: "
            f"kinerja jalankan --tahun {tahun} ..."
        )
    return {f.stem: pd.read_parquet(f) for f in sorted(folder.glob("*.parquet"))}
