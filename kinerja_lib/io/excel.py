"""The one Excel writer: deterministic, atomic workbook saves (styles and cells follow)."""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.xml.functions import tostring

from kinerja_lib.io.store import atomic_write_bytes


def fixed_time(tahun: int) -> _dt.datetime:
    """The timestamp stamped into workbooks of a year (1 January, midnight)."""
    return _dt.datetime(int(tahun), 1, 1)


def _normalise_zip(data: bytes, stamp: _dt.datetime, replace: dict | None = None) -> bytes:
    """Re-pack an xlsx zip with a fixed timestamp on every entry (byte-deterministic).

    ``replace`` maps entry names to new contents (used for ``docProps/core.xml``, whose
    modified time openpyxl sets to the clock when saving).
    """
    replace = replace or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            zi.create_system = 0
            body = replace.get(info.filename)
            dst.writestr(zi, body if body is not None else src.read(info.filename))
    return out.getvalue()


def save_workbook(wb: Workbook, path: Path, stamp: _dt.datetime) -> Path:
    """Save ``wb`` to ``path`` deterministically and atomically.

    Parameters
    ----------
    wb : Workbook
    path : Path
    stamp : datetime
        Written as the created/modified time of the document and of every zip entry.

    Returns
    -------
    Path
    """
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = "kinerja"
    wb.properties.lastModifiedBy = "kinerja"
    buf = io.BytesIO()
    wb.save(buf)  # openpyxl stamps properties.modified with the clock here
    wb.properties.modified = stamp
    core = tostring(wb.properties.to_tree())
    path = Path(path)
    atomic_write_bytes(path, _normalise_zip(buf.getvalue(), stamp, {"docProps/core.xml": core}))
    return path
