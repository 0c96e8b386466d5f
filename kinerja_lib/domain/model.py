"""The year's data container: the canonical frames one office's year is made of.

Pure: no file access. ``io.store`` reads and writes it under ``data/processed/<tahun>/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd

from kinerja_lib.domain import contract as c


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
    revisi : DataFrame
        Values changed by resubmissions (``contract.REVISI_COLUMNS``); empty when no unit
        sent a month twice (the default, so frames built by hand need not pass it).
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
    revisi: pd.DataFrame = field(default_factory=lambda: empty_revisi())

    @classmethod
    def table_names(cls) -> list[str]:
        return [f.name for f in fields(cls) if f.name != "tahun"]


def empty_frame(columns) -> pd.DataFrame:
    return pd.DataFrame({col: pd.Series(dtype="object") for col in columns})


def empty_revisi() -> pd.DataFrame:
    """An empty revision table with the dtypes ingest gives it."""
    dtypes = {"tahun": "int64", "bulan": "int64", "revisi_ke": "int64",
              "nilai_lama": "float64", "nilai_baru": "float64",
              "tanggal_kirim_lama": "datetime64[ns]", "tanggal_kirim_baru": "datetime64[ns]"}
    return pd.DataFrame({col: pd.Series(dtype=dtypes.get(col, "object"))
                         for col in c.REVISI_COLUMNS})


def text_column(values) -> np.ndarray:
    """Object array of str/None (categoricals and NaN normalised), for text columns."""
    s = pd.Series(values, dtype=object)
    return s.where(s.notna(), None).to_numpy(dtype=object)
