"""The current period fingerprint (*sidik data*) of a report, computed from data/processed.

The fingerprint itself is a pure rule (:func:`kinerja_lib.domain.fingerprint.period_fingerprint`:
values of what the period's figures use, not files); this module only loads the year's
processed tables for it. Validating unchanged raw data again gives the same fingerprint.
"""

from __future__ import annotations

from kinerja_lib.domain.fingerprint import FINGERPRINT_LENGTH, period_fingerprint
from kinerja_lib.domain.model import YearData
from kinerja_lib.domain.periods import Periode
from kinerja_lib.domain.settings import Settings
from kinerja_lib.io import store
from kinerja_lib.io.paths import Paths


def current_fingerprint(paths: Paths, periode: Periode, settings: Settings,
                        data: YearData | None = None) -> str:
    """Period fingerprint of the current processed data of ``periode``'s year.

    Parameters
    ----------
    paths : Paths
    periode : Periode
    settings : Settings
    data : YearData, optional
        The year's data when already loaded; read with ``store.load_year`` otherwise.

    Raises
    ------
    MissingDataError
        The year has not been validated (no ``data/processed/<tahun>``).
    """
    if data is None:
        data = store.load_year(paths, periode.tahun)
    return period_fingerprint(data, periode, settings)


__all__ = ["FINGERPRINT_LENGTH", "current_fingerprint", "period_fingerprint"]
