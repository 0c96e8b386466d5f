"""The period fingerprint (*sidik data*): a short hash of exactly what a period's numbers use.

A review decision is bound to the fingerprint printed in the report the reviewer saw, and an
approval stands only while the current data still has that fingerprint (``io.review``). The
fingerprint therefore covers what can change the period's figures and nothing else:

* the accepted monthly rows (``realisasi``, ``realisasi_anggaran``) and the submissions
  (``pengiriman``: unit, month, date received) of the months up to the period's last month,
  so July's submissions leave the Triwulan II fingerprint unchanged while a revised May value
  changes it;
* the whole Perjanjian Kinerja, Rencana Aksi and pagu (``pk``, ``ra``, ``anggaran``);
* the settings that change numbers (:data:`SETTINGS_FIELDS`, with the predikat scale's bounds);
* :data:`RULES_VERSION`, raised whenever a rule changes the figures of the same data.

Values are hashed, not files: lineage columns (file name, sheet, row), file hashes and
processing timestamps are left out, so the fingerprint is the same whether computed from
freshly ingested data or from the Parquet tables reloaded from ``data/processed``, wherever
the project folder lives, and whatever the row order. Earlier years (the comparison table's
history) and the quality tables are not covered.

Pure: the caller passes the data and settings in.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import math

import numpy as np
import pandas as pd

from kinerja_lib.domain.model import YearData
from kinerja_lib.domain.periods import Periode
from kinerja_lib.domain.settings import Settings

#: Version of the rules turning the data into figures; part of every fingerprint. Raise it
#: when a change to ``domain`` gives the same data different figures, so approvals of reports
#: made under the old rules no longer hold.
RULES_VERSION = "2"  # 2: efisiensi compares capaian and serapan against the annual figures

#: Hex characters of the sha256 kept (short enough to type back with ``--sidik``).
FINGERPRINT_LENGTH = 12

#: Settings that change a report's figures or marks.
SETTINGS_FIELDS = ("batas_capaian", "skala_predikat", "ambang_efisiensi",
                   "metode_negatif_default", "ambang_risiko", "hari_batas_laporan")

#: Columns hashed per table (lineage and file hashes left out on purpose). Tables with
#: ``bulan`` are limited to the months up to the period's last month.
HASHED_COLUMNS: dict[str, tuple[str, ...]] = {
    "pk": ("opd", "tahun", "kode", "kode_sasaran", "sasaran", "indikator", "satuan", "unit",
           "polaritas", "metode_negatif", "agregasi", "target_tahunan", "baseline",
           "target_renstra", "tahun_renstra", "kode_kegiatan", "iku"),
    "ra": ("opd", "tahun", "kode", "jenis_target", "triwulan", "target_ra"),
    "anggaran": ("opd", "tahun", "kode_kegiatan", "program", "kegiatan", "unit", "pagu"),
    "realisasi": ("opd", "tahun", "bulan", "unit", "kode", "realisasi", "pembilang",
                  "penyebut", "kendala", "tindak_lanjut", "bukti", "tanggal_kirim"),
    "realisasi_anggaran": ("opd", "tahun", "bulan", "unit", "kode_kegiatan",
                           "realisasi_anggaran", "tanggal_kirim"),
    "pengiriman": ("opd", "tahun", "bulan", "unit", "tanggal_kirim"),
}

#: Tables limited to the months up to the period's last month.
MONTHLY_TABLES = ("realisasi", "realisasi_anggaran", "pengiriman")


def _cell(v):
    """One value in a form that does not depend on the dtype it arrived in: missing ->
    None, numbers -> float (``2024`` and ``2024.0`` alike, ``-0.0`` as ``0.0``), dates ->
    ISO text (a date and the same date at midnight alike), bool, text as is."""
    if v is None:
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (_dt.date, np.datetime64)):
        ts = pd.Timestamp(v)
        return None if pd.isna(ts) else ts.isoformat()
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(v, (int, float, np.integer, np.floating)):
        f = float(v)
        if math.isnan(f):
            return None
        return 0.0 if f == 0 else f
    return str(v)


def _table_lines(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[str]:
    """Canonical JSON line per row (missing column = None), sorted."""
    n = len(frame)
    cols = [frame[c].tolist() if c in frame.columns else [None] * n for c in columns]
    return sorted(
        json.dumps([_cell(v) for v in row], ensure_ascii=False, separators=(",", ":"))
        for row in zip(*cols, strict=True)
    ) if n else []


def _settings_part(settings: Settings) -> dict:
    out = {name: _cell(getattr(settings, name)) for name in SETTINGS_FIELDS}
    out["skala_predikat_batas"] = [[_cell(b), label] for b, label in settings.predikat_scale]
    if settings.libur:  # holidays move due dates, so punctuality; absent = as before
        out["libur"] = sorted(d.isoformat() for d in settings.libur)
    return out


def canonical_lines(data: YearData, periode: Periode, settings: Settings) -> list[str]:
    """The text the fingerprint hashes, one line per item (for tests and debugging)."""
    lines = [f"kinerja-sidik-periode rules={RULES_VERSION}",
             f"tahun={int(periode.tahun)} periode={periode.kode}",
             "settings=" + json.dumps(_settings_part(settings), sort_keys=True,
                                      ensure_ascii=False, separators=(",", ":"))]
    last = int(periode.last_month)
    for name, columns in HASHED_COLUMNS.items():
        frame = getattr(data, name)
        if name in MONTHLY_TABLES and len(frame):
            frame = frame[pd.to_numeric(frame["bulan"]) <= last]
        rows = _table_lines(frame, columns)
        lines.append(f"table={name} columns={','.join(columns)} rows={len(rows)}")
        lines += rows
    return lines


def period_fingerprint(data: YearData, periode: Periode, settings: Settings) -> str:
    """Short sha256 (:data:`FINGERPRINT_LENGTH` hex characters) of what ``periode``'s
    figures use (see the module docstring).

    Parameters
    ----------
    data : YearData
        The year's validated frames (freshly ingested or reloaded from Parquet: same result).
    periode : Periode
        The report's period; only months up to ``periode.last_month`` of the monthly tables
        count.
    settings : Settings
        Only :data:`SETTINGS_FIELDS` (and the predikat scale's bounds) count.

    Returns
    -------
    str
    """
    h = hashlib.sha256()
    for line in canonical_lines(data, periode, settings):
        h.update(line.encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()[:FINGERPRINT_LENGTH]


__all__ = ["FINGERPRINT_LENGTH", "HASHED_COLUMNS", "MONTHLY_TABLES", "RULES_VERSION",
           "SETTINGS_FIELDS", "canonical_lines", "period_fingerprint"]
