"""The data fingerprint: a short hash naming the input data a report was made from."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from kinerja_lib.domain.errors import MissingDataError
from kinerja_lib.io.paths import Paths

FINGERPRINT_LENGTH = 12


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _rel_name(name: str, base: Path) -> str:
    """A file name relative to the year's raw folder, with forward slashes, so the
    fingerprint does not depend on where the project folder lives."""
    p = Path(str(name).replace("\\", "/"))
    try:
        return p.resolve().relative_to(base.resolve()).as_posix() if p.is_absolute() \
            else p.as_posix()
    except ValueError:
        return p.name


def data_fingerprint(paths: Paths, tahun: int) -> str:
    """Short sha256 identifying the input data of a year.

    Hashes the sorted ``(file, sha256)`` list of ``data/processed/<tahun>/sumber.parquet``
    (every raw file ingest read) plus the PK workbook's own hash. When ``sumber`` is missing
    it hashes the raw files under ``data/raw/<tahun>/`` directly.

    Returns
    -------
    str
        :data:`FINGERPRINT_LENGTH` hex characters.

    Raises
    ------
    store.MissingDataError
        Neither processed nor raw data exists for the year.
    """
    raw_dir = paths.raw_year(tahun)
    sumber = paths.processed_year(tahun) / "sumber.parquet"
    entries: dict[str, str] = {}
    if sumber.exists():
        df = pd.read_parquet(sumber)
        for name, digest in zip(df["file"].astype(str), df["sha256"].astype(str), strict=True):
            entries[_rel_name(name, raw_dir)] = digest
        source = "sumber"
    elif raw_dir.exists():
        for f in sorted(p for p in raw_dir.rglob("*") if p.is_file()):
            if f.name.startswith((".", "~$")):
                continue
            entries[f.relative_to(raw_dir).as_posix()] = _sha256_file(f)
        source = "raw"
    else:
        raise MissingDataError(
            f"Data tahun {tahun} belum ada (tidak ada {sumber} maupun {raw_dir})."
        )
    pk = paths.pk_workbook(tahun)
    pk_hash = _sha256_file(pk) if pk.exists() else "-"
    h = hashlib.sha256()
    h.update(f"kinerja-fingerprint-v1\n{int(tahun)}\n{source}\npk\t{pk_hash}\n".encode())
    for name in sorted(entries):
        h.update(f"{name}\t{entries[name]}\n".encode())
    return h.hexdigest()[:FINGERPRINT_LENGTH]
