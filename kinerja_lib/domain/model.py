"""The year's data container: the canonical frames one office's year is made of.

Pure: no file access. ``io.store`` reads and writes it under ``data/processed/<tahun>/``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd


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


def empty_frame(columns) -> pd.DataFrame:
    return pd.DataFrame({col: pd.Series(dtype="object") for col in columns})


def text_column(values) -> np.ndarray:
    """Object array of str/None (categoricals and NaN normalised), for text columns."""
    s = pd.Series(values, dtype=object)
    return s.where(s.notna(), None).to_numpy(dtype=object)
