"""Everything a phase notebook needs for one period, loaded in one call.

Notebooks call :func:`load_context` with their parameters and then only display what the
library returns. Derived values (period labels, months, status) come from here, not from the
notebook's parameters cell.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

import pandas as pd

from kinerja_lib.domain.fingerprint import period_fingerprint
from kinerja_lib.domain.model import YearData
from kinerja_lib.domain.periods import Periode
from kinerja_lib.domain.settings import Settings
from kinerja_lib.io import review, store
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.settings_file import load_settings
from kinerja_lib.reports import render


@dataclass
class ReportContext:
    """Loaded inputs of one period's report.

    Attributes
    ----------
    paths, settings, periode
        Where, how and which period.
    data : YearData
        The year's validated frames.
    tables : dict of DataFrame
        Engine tables of the period (``capaian``, ``sasaran``, ``anggaran``, ``proyeksi``,
        ``bulanan``, ``perbandingan``).
    history : list of YearData
        Earlier years present in data/processed, oldest first.
    fingerprint : str
        Period fingerprint (*sidik data*) of what the period's figures use
        (``domain.fingerprint.period_fingerprint``); printed in the title block, typed back by
        the reviewer with ``kinerja tinjau --sidik``.
    status : object
        ``review.Status`` of this period's report.
    decisions : list
        Recorded review decisions of this period.
    generated_at : datetime or None
        Run time passed by the runner (the library never reads the clock).
    """

    paths: Paths
    settings: Settings
    periode: Periode
    data: YearData
    tables: dict[str, pd.DataFrame]
    history: list[YearData] = field(default_factory=list)
    fingerprint: str = ""
    status: object = None
    decisions: list = field(default_factory=list)
    generated_at: _dt.datetime | None = None

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def parse_generated_at(text: str) -> _dt.datetime | None:
    """ISO timestamp from the runner, or None when empty."""
    return _dt.datetime.fromisoformat(text) if text else None


def load_context(
    folder_proyek: str, tahun: int, periode: str, dibuat_pada: str = ""
) -> ReportContext:
    """Load settings, the year's data, the period's engine tables, history and review status.

    Parameters
    ----------
    folder_proyek : str
        Project root; ``""`` means the default root (``paths.default_root``).
    tahun : int
    periode : str
        Period code (``tw1``..``tw4``, ``s1``, ``s2``, ``tahunan``).
    dibuat_pada : str
        ISO timestamp of the run (shown in the title block).
    """
    render.setup_notebook_display()
    paths = Paths.default(folder_proyek or None)
    settings = load_settings(paths.settings_file)
    p = Periode.from_kode(tahun, periode)
    data = store.load_year(paths, tahun)
    tables = store.load_period_tables(paths, tahun, p.kode)
    history = [store.load_year(paths, y) for y in store.available_years(paths) if y < tahun]
    fingerprint = period_fingerprint(data, p, settings)
    decisions = review.load_decisions(paths, tahun, p.kode)
    status = review.report_status(decisions, fingerprint)
    return ReportContext(
        paths=paths,
        settings=settings,
        periode=p,
        data=data,
        tables=tables,
        history=history,
        fingerprint=fingerprint,
        status=status,
        decisions=decisions,
        generated_at=parse_generated_at(dibuat_pada),
    )
