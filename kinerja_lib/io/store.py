"""Processed tables on disk: one folder per year under ``data/processed/<tahun>/``.

``YearData`` bundles the canonical frames of one year (see ``contract``) as ingest produces
them; the engine and the notebooks read them back with :func:`load_year`. Parquet files are
written under a temporary name and renamed, so a half-written table never looks complete.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path

import pandas as pd

from kinerja_lib.domain import contract as c
from kinerja_lib.domain.engine import compute_period
from kinerja_lib.domain.errors import IncompleteDataError, MissingDataError
from kinerja_lib.domain.model import YearData
from kinerja_lib.domain.periods import Periode, all_periods
from kinerja_lib.domain.settings import Settings
from kinerja_lib.io.paths import Paths


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
    buf = io.BytesIO()
    df.reset_index(drop=True).to_parquet(buf, index=False, compression="zstd")
    atomic_write_bytes(path, buf.getvalue())


def save_year(data: YearData, paths: Paths) -> Path:
    """Write every table of ``data`` to ``data/processed/<tahun>/<name>.parquet``."""
    out = paths.processed_year(data.tahun)
    for name in YearData.table_names():
        write_parquet(getattr(data, name), out / f"{name}.parquet")
    return out




MARKER_NAME = "lengkap.json"
"""Completeness marker of a year's validasi outputs, written last (``mark_complete``)."""


def unmark_complete(paths: Paths, tahun: int) -> None:
    """Remove the year's completeness marker (first step of ``kinerja validasi``)."""
    try:
        (paths.processed_year(tahun) / MARKER_NAME).unlink()
    except FileNotFoundError:
        pass


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB chunks (never held in memory whole)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def mark_complete(paths: Paths, tahun: int, files: list[Path]) -> Path:
    """Write ``lengkap.json``: each output's name (relative to the year folder) and sha256.

    Called after every output of ``kinerja validasi`` has been written; the atomic write
    makes the marker either absent or whole, so a crash earlier leaves the set unmarked.
    """
    folder = paths.processed_year(tahun)
    entries = {Path(f).resolve().relative_to(folder.resolve()).as_posix(): sha256_file(Path(f))
               for f in files}
    marker = folder / MARKER_NAME
    text = json.dumps({"tahun": tahun, "berkas": dict(sorted(entries.items()))},
                      indent=1, ensure_ascii=False)
    atomic_write_text(marker, text + "\n")
    return marker


def check_complete(paths: Paths, tahun: int) -> None:
    """Raise :class:`IncompleteDataError` unless the year's marker matches its files.

    A folder without a marker (interrupted validasi, or made by an older version) counts
    as incomplete, as does any listed Parquet table that is missing or has other content.
    The Excel files (recap, request sheets) are listed but not checked: they are for people,
    who open and save them, and nothing downstream reads them.
    """
    folder = paths.processed_year(tahun)
    pesan = (f"Data olahan tahun {tahun} tidak lengkap atau berubah sejak validasi terakhir "
             f"(validasi terhenti?). Jalankan ulang: kinerja validasi --tahun {tahun}")
    try:
        entries = json.loads((folder / MARKER_NAME).read_text(encoding="utf-8"))["berkas"]
        ok = all((folder / name).is_file() and sha256_file(folder / name) == digest
                 for name, digest in entries.items() if name.endswith(".parquet"))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        ok = False
    if not ok:
        raise IncompleteDataError(pesan)


_OPTIONAL_TABLES = {"revisi"}
"""Tables a year processed by an older version may lack (loaded as empty)."""


def load_year(paths: Paths, tahun: int) -> YearData:
    """Read a year's processed tables; raise :class:`MissingDataError` if not ingested.

    ``revisi.parquet`` (revision table) is optional: when absent the table is empty.
    """
    folder = paths.processed_year(tahun)
    frames = {}
    for name in YearData.table_names():
        f = folder / f"{name}.parquet"
        if not f.exists() and name in _OPTIONAL_TABLES:
            continue  # processed before the table existed: YearData's default (empty)
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




__all__ = ["YearData", "save_year", "load_year", "available_years", "write_parquet",
           "atomic_write_bytes", "atomic_write_text", "MissingDataError", "c",
           "mark_complete", "check_complete", "unmark_complete", "IncompleteDataError"]


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


# --------------------------------------------------------------------------- period tables


def write_period(tables: dict[str, pd.DataFrame], paths: Paths, tahun: int,
                 periode: Periode) -> dict[str, Path]:
    """Write each table to ``data/processed/<tahun>/<periode.kode>/<name>.parquet``.

    Returns the written paths by table name. Writes are atomic (``write_parquet``) and
    deterministic: the same tables give byte-identical files.
    """
    folder = paths.processed_year(tahun) / periode.kode
    written = {}
    for name in sorted(tables):
        p = folder / f"{name}.parquet"
        write_parquet(tables[name], p)
        written[name] = p
    return written


#: Stamp of a year's period tables (``data/processed/<tahun>/tabel_periode.json``): what
#: they were computed from and their sha256s, so a run can reuse them unchanged.
TABLES_STAMP = "tabel_periode.json"

_DOMAIN = Path(__file__).resolve().parent.parent / "domain"


def _tables_key(paths: Paths, tahun: int, settings: Settings) -> str:
    """What a year's period tables depend on: the year's and every earlier processed year's
    Parquet tables, the settings, and the rules' source code (the domain layer)."""
    h = hashlib.sha256()
    for f in sorted(_DOMAIN.glob("*.py")):
        h.update(f"{f.name}\0".encode() + f.read_bytes())
    h.update(repr(settings).encode("utf-8"))
    for y in [y for y in available_years(paths) if y < tahun] + [tahun]:
        for f in sorted(paths.processed_year(y).glob("*.parquet")):
            h.update(f"{y}/{f.name}\0{sha256_file(f)}\n".encode())
    return h.hexdigest()


def _reusable(paths: Paths, tahun: int, key: str) -> dict[str, dict[str, Path]] | None:
    """The period tables written for ``key``, when the stamp and every file still match."""
    folder = paths.processed_year(tahun)
    try:
        stamp = json.loads((folder / TABLES_STAMP).read_text(encoding="utf-8"))
        if stamp["kunci"] != key:
            return None
        out: dict[str, dict[str, Path]] = {}
        for name, digest in stamp["berkas"].items():
            f = folder / name
            if not f.is_file() or sha256_file(f) != digest:
                return None
            out.setdefault(f.parent.name, {})[f.stem] = f
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return out if set(out) == {p.kode for p in all_periods(tahun)} else None


def compute_and_write_year(paths: Paths, tahun: int, settings: Settings,
                           periods: list[Periode] | None = None, *,
                           reuse: bool = False) -> dict[str, dict[str, Path]]:
    """Compute and write the engine tables of every period of a year (TW I-IV, S I-II, year).

    The year's data and every earlier processed year (``available_years``) are read
    from ``data/processed``. After a whole year, :data:`TABLES_STAMP` records what the
    tables were computed from; with ``reuse`` the tables are not computed again when that
    is unchanged and every table file is as written (``kinerja validasi`` computes them,
    ``kinerja jalankan`` reuses them).

    Returns
    -------
    dict
        ``periode.kode`` -> {table name -> path}.
    """
    key = _tables_key(paths, tahun, settings) if periods is None else ""
    if reuse and key and (found := _reusable(paths, tahun, key)) is not None:
        return found
    folder = paths.processed_year(tahun)
    (folder / TABLES_STAMP).unlink(missing_ok=True)  # tables being rewritten: no stamp
    data = load_year(paths, tahun)
    history = [load_year(paths, y) for y in available_years(paths) if y < tahun]
    out = {}
    for p in periods or all_periods(tahun):
        tables = compute_period(data, p, settings, history)
        out[p.kode] = write_period(tables, paths, tahun, p)
    if key:
        files = {f.relative_to(folder).as_posix(): sha256_file(f)
                 for written in out.values() for f in written.values()}
        atomic_write_text(folder / TABLES_STAMP, json.dumps(
            {"tahun": tahun, "kunci": key, "berkas": dict(sorted(files.items()))},
            indent=1, ensure_ascii=False) + "\n")
    return out
