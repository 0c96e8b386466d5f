"""A period's report folder replaced as a whole (``kinerja jalankan``).

The jobs of one period write into a hidden *staging* folder beside the period folder,
``reports/<tahun>/.<periode>.baru-<pid>/``. When the last job of the period has finished,
:func:`commit` moves the executed notebooks to the audit folder
(``reports/<tahun>/notebook/<periode>/``, :meth:`Paths.notebook_dir`), writes a marker file
into the staging folder (from then on the staging folder is the complete new set), and swaps
the folders:

1. every entry of the period folder that is not an output of the product (the people's own
   files, the lembar disposisi, ``arsip/``) is moved into the staging folder;
2. the period folder is renamed to ``.<periode>.lama-<pid>``;
3. the staging folder is renamed to the period folder and its marker removed;
4. the product's old outputs in ``.<periode>.lama-<pid>`` are deleted, then the folder.

The period folder stays a plain folder (no symbolic link), so it can be opened in Windows
Explorer and sent as is. A run killed before step 1 leaves the period folder untouched (the
old complete set); a run killed during steps 1-4 leaves the marker, and the next run finishes
the swap (:func:`recover`); between steps 2 and 3 (two renames) there is no period folder.
:func:`recover` also removes staging folders without marker and the product's temporary
files (``.<stem>.tmp-<pid>-<n>.<ext>``) of runs whose process no longer exists. Nothing whose
name the product does not make is ever deleted.

Also here: the temporary file names of the outputs (:func:`temp_path`), the removal of the
temporary folders of killed runs (:func:`remove_stale_temp`) and the read-only copies of
approved reports (:func:`archive_copy`, ``<periode>/arsip/<sidik>/``).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import stat
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

from kinerja_lib.io.filelock import process_alive
from kinerja_lib.io.store import atomic_write_text

#: Marker written into a complete staging folder just before the swap.
MARKER = ".kinerja-set-baru.json"

#: Output kinds a phase writes (``<stem>.<kind>``); notebooks go to the audit folder.
OUTPUT_KINDS = ("html", "pdf", "ipynb", "GAGAL.ipynb")
NOTEBOOK_KINDS = ("ipynb", "GAGAL.ipynb")

_GENERATION = re.compile(r"^\.(?P<kode>[a-z0-9]+)\.(?P<jenis>baru|lama)-(?P<pid>\d+)$")
_TEMP = re.compile(r"^\.[A-Za-z0-9_.]+\.tmp-(?P<pid>\d+)(?:-\d+)?\.[A-Za-z.]+$")


def staging_dir(final: Path, pid: int | None = None) -> Path:
    """``.<periode>.baru-<pid>`` beside the period folder ``final``."""
    return final.with_name(f".{final.name}.baru-{os.getpid() if pid is None else pid}")


def _old_dir(final: Path, pid: int) -> Path:
    return final.with_name(f".{final.name}.lama-{pid}")


def output_names(stems: Iterable[str]) -> set[str]:
    """File names the product writes for these phases (replaced by every run)."""
    return {f"{stem}.{kind}" for stem in stems for kind in OUTPUT_KINDS}


def _dead(pid: int) -> bool:
    return pid != os.getpid() and not process_alive(pid)


def is_stale_temp(path: Path) -> bool:
    """A temporary file of the product left by a process that no longer exists."""
    m = _TEMP.match(path.name)
    return bool(m) and path.is_file() and not path.is_symlink() and _dead(int(m.group("pid")))


def _remove_ours(folder: Path, ours: set[str]) -> None:
    """Delete the product's files in ``folder`` (names in ``ours``, stale temporaries), then
    the folder itself when nothing else is left in it."""
    for entry in list(folder.iterdir()):
        if entry.is_file() and not entry.is_symlink() and (
                entry.name in ours or entry.name == MARKER or is_stale_temp(entry)
                or (_TEMP.match(entry.name) and folder.name.startswith("."))):
            entry.unlink(missing_ok=True)
    try:
        folder.rmdir()
    except OSError:  # something not ours is left: kept, never deleted
        pass


def stage_notebooks(staging: Path, audit: Path, stems: Iterable[str]) -> dict[str, Path]:
    """Move the staged notebooks of ``stems`` to the audit folder (each rename atomic);
    notebooks of those phases this run did not make are removed there. Returns name → path."""
    audit.mkdir(parents=True, exist_ok=True)
    moved = {}
    for stem in stems:
        for kind in NOTEBOOK_KINDS:
            name = f"{stem}.{kind}"
            if (staging / name).is_file():
                os.replace(staging / name, audit / name)
                moved[name] = audit / name
            else:
                (audit / name).unlink(missing_ok=True)
    return moved


def commit(staging: Path, final: Path, ours: set[str]) -> None:
    """Make the complete staging folder the period folder (module docstring, steps 1-4).

    ``ours`` are the output names of the product: in the old period folder they are
    replaced (deleted with the old folder); every other entry is carried over.
    """
    atomic_write_text(staging / MARKER, json.dumps(
        {"pid": os.getpid(), "berkas": sorted(p.name for p in staging.iterdir())}))
    _swap(staging, final, ours, os.getpid())


def _swap(staging: Path, final: Path, ours: set[str], pid: int) -> None:
    old = _old_dir(final, pid)
    if final.is_dir() and not final.is_symlink():
        for entry in list(final.iterdir()):
            if entry.name in ours or entry.name == MARKER or _TEMP.match(entry.name):
                continue
            if not os.path.lexists(staging / entry.name):
                os.replace(entry, staging / entry.name)
        os.replace(final, old)
    os.replace(staging, final)
    (final / MARKER).unlink(missing_ok=True)
    if old.is_dir():
        _remove_ours(old, ours)


def commit_period(staging: Path, final: Path, audit: Path, stems: list[str],
                  ours: set[str]) -> None:
    """The notebooks of ``stems`` to the audit folder, then the staging folder in place of the
    period folder ``final`` (:func:`stage_notebooks`, :func:`commit`)."""
    staging.mkdir(parents=True, exist_ok=True)
    stage_notebooks(staging, audit, stems)
    commit(staging, final, ours)


def discard(staging: Path, ours: set[str]) -> None:
    """Remove a staging folder that was not committed (only the product's files in it)."""
    if staging.is_dir() and not (staging / MARKER).exists():
        _remove_ours(staging, ours)


def recover(year_dir: Path, ours: set[str], kodes: Iterable[str] = ()) -> list[Path]:
    """Finish or clean up what runs killed midway left in ``reports/<tahun>/``.

    Only entries named by this module for a process that no longer exists are touched:
    a staging folder with its marker is swapped in (the run had finished its set), one
    without is removed (only the product's files in it), an old folder's product files are
    deleted; stale temporary files in the period folders are deleted. Entries of this
    process are handled only for the periods ``kodes`` this process is about to run (an
    earlier run of it left them; another run of it may be busy with other periods). Returns
    the entries handled.
    """
    kodes = set(kodes)
    handled: list[Path] = []
    if not year_dir.is_dir():
        return handled
    entries = sorted(year_dir.iterdir(), key=lambda p: (".lama-" in p.name, p.name))
    for entry in entries:
        m = _GENERATION.match(entry.name)
        pid = int(m.group("pid")) if m else 0
        if (not m or entry.is_symlink() or not entry.is_dir()
                or not (_dead(pid) or pid == os.getpid() and m.group("kode") in kodes)):
            continue
        final = year_dir / m.group("kode")
        if m.group("jenis") == "baru" and (entry / MARKER).is_file():
            try:
                _swap(entry, final, ours, pid)
            except OSError:  # e.g. a file open in another program (Windows): next run
                continue
        elif entry.is_dir():
            _remove_ours(entry, ours)
        handled.append(entry)
    for folder in year_dir.iterdir():
        if folder.is_dir() and not folder.name.startswith("."):
            for tmp in folder.glob(".*.tmp-*"):
                if is_stale_temp(tmp):
                    tmp.unlink(missing_ok=True)
                    handled.append(tmp)
    return handled


#: Temporary folders of a run (``kinerja-<pid>-...``) and of its browser profiles.
_STALE_TEMP = re.compile(r"^kinerja-(?:browser-)?(\d+)-")


def remove_stale_temp(temp_dir: Path | None = None) -> list[Path]:
    """Remove our temporary folders left by killed runs (their PID no longer exists).

    Only folders in ``temp_dir`` (default: the system temporary folder) whose name starts
    with ``kinerja-<pid>-`` or ``kinerja-browser-<pid>-`` are touched. Returns those removed.
    """
    folder = Path(temp_dir) if temp_dir is not None else Path(tempfile.gettempdir())
    removed = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        m = _STALE_TEMP.match(entry.name)
        if (not m or entry.is_symlink() or not entry.is_dir()
                or int(m.group(1)) == os.getpid() or process_alive(int(m.group(1)))):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        if not entry.exists():
            removed.append(entry)
    return removed


# ---------------------------------------------------------------- files and archive


_tmp_counter = itertools.count()
_tmp_lock = threading.Lock()


def temp_path(final: Path) -> Path:
    """A sibling temporary path that can never be mistaken for a final output."""
    with _tmp_lock:
        n = next(_tmp_counter)
    stem, _, ext = final.name.partition(".")
    return final.with_name(f".{stem}.tmp-{os.getpid()}-{n}.{ext}")


def remove_file(path: Path) -> None:
    """Delete a file if it exists."""
    try:
        path.unlink()
    except FileNotFoundError:
        pass


#: Sub-folder of a period's report folder holding the approved copies, one folder per sidik.
ARCHIVE_DIR = "arsip"


def archive_copy(src: Path, dest: Path) -> bool:
    """Copy ``src`` to ``dest`` unless ``dest`` exists; the copy is made read-only.

    Never replaces an existing file (a hard link from a temporary copy fails if ``dest``
    appeared meanwhile; without hard links, existence is checked just before the rename).
    Returns True when a copy was made.
    """
    if dest.exists():
        return False
    dest.parent.mkdir(parents=True, exist_ok=True)
    stem = dest.name.partition(".")[0]
    for stale in dest.parent.glob(f".{stem}.tmp-*"):  # left by a killed run
        remove_file(stale)
    tmp = temp_path(dest)
    try:
        shutil.copyfile(src, tmp)
        os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        try:
            os.link(tmp, dest)
        except FileExistsError:
            return False
        except OSError:  # file system without hard links
            if dest.exists():
                return False
            os.replace(tmp, dest)
        return True
    finally:
        remove_file(tmp)
