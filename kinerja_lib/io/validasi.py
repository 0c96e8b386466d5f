"""One validasi of an office's year: read, validate and write every output, marker last.

The file side of ``kinerja validasi`` (moved here from ``ui.commands`` so that
``run.wilayah`` runs the same steps for many offices): :func:`io.ingest.read_year`, the
Parquet tables (:func:`io.store.save_year`), the submission status and request sheets
(:mod:`io.tracker`), the Excel recap (:mod:`io.recap`), and the completeness marker, removed
first and written last (:func:`io.store.mark_complete`). Printing stays in ``ui``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kinerja_lib.domain.settings import Settings
from kinerja_lib.io import recap, tracker
from kinerja_lib.io.ingest import IngestResult, read_year
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.store import mark_complete, save_year, unmark_complete


@dataclass(frozen=True)
class Validasi:
    """What one validasi wrote.

    Attributes
    ----------
    result : IngestResult
        Counts, problems and the year's data (``result.data``).
    out : Path
        ``data/processed/<tahun>/``.
    status : DataFrame
        Submission status per unit x month (``tracker.submission_status``).
    rekap_path : Path
    permintaan : list of Path
        Request sheets, one per unit with something to ask.
    """

    result: IngestResult
    out: Path
    status: pd.DataFrame
    rekap_path: Path
    permintaan: list[Path]


def validate_year(paths: Paths, tahun: int, settings: Settings, sampai: int,
                  acuan: _dt.date) -> Validasi:
    """Read and validate ``data/raw/<tahun>`` and write every validasi output.

    Parameters
    ----------
    paths, tahun, settings
    sampai : int
        Last month expected to be submitted (1-12).
    acuan : date
        Reference date of the submission status.
    """
    result = read_year(paths, tahun, settings)
    data = result.data
    unmark_complete(paths, tahun)  # the set is incomplete until every output is written
    out = save_year(data, paths)
    status = tracker.submission_status(data.pk, data.pengiriman, tahun, sampai, settings,
                                       acuan, anggaran=data.anggaran)
    status_path = tracker.save_status(status, paths, tahun)
    ketepatan = tracker.on_time_rate(status)
    # computes the year's engine tables first: the recap shows their capaian
    rekap_path = recap.write_year_recap(data, paths, settings, status=status,
                                        ketepatan=ketepatan)
    permintaan = tracker.write_request_sheets(paths, tahun, status, data.kualitas,
                                              data.pengiriman, acuan, settings)
    tables = [out / f"{name}.parquet" for name in data.table_names()]
    mark_complete(paths, tahun, [*tables, status_path, rekap_path, *permintaan])
    return Validasi(result, out, status, rekap_path, permintaan)


__all__ = ["Validasi", "validate_year"]
