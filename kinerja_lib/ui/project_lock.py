"""One writer per project folder: the lock each ``kinerja`` command holds while it runs.

Two commands on the same project at once (a ``validasi`` rewriting the Parquet tables while a
``jalankan`` reads them, two ``contoh``) would mix half-written files. Every subcommand holds
a non-blocking lock on ``data/.kinerja.lock`` (:func:`io.filelock.try_lock`) for its whole
run; a conflicting one is refused at once with a message naming the holder (PID, command,
since when), read from the lock file. ``tinjau`` holds it *shared*: several reviewers may
record decisions at the same time (``io.review`` serialises the appends), but never while
another command writes the project. The operating system releases the lock of a killed
process; its leftover holder text is not shown as current (the PID is checked).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path

from kinerja_lib.domain.errors import UserError
from kinerja_lib.domain.text import aman
from kinerja_lib.io.filelock import lock_holder, process_alive, try_lock

LOCK_NAME = ".kinerja.lock"
SHARED_COMMANDS = frozenset({"tinjau"})  # may run together; each appends under its own lock


def holder_text(perintah: str) -> str:
    """The holder record written into the lock file: PID, command, host, start time (JSON)."""
    return json.dumps({"pid": os.getpid(), "perintah": perintah, "host": socket.gethostname(),
                       "sejak": _dt.datetime.now().strftime("%d/%m/%Y %H:%M:%S")})


def _busy_message(path: Path) -> str:
    """Indonesian refusal naming the live holder, or saying it is unknown."""
    folder = aman(path.parent.parent)
    try:
        info = json.loads(lock_holder(path))
        pid, perintah, sejak = int(info["pid"]), str(info["perintah"]), str(info["sejak"])
        live = info.get("host") != socket.gethostname() or process_alive(pid)
    except (ValueError, TypeError, KeyError):
        live = False
    if not live:  # empty (shared holders), unreadable, or left by a dead process
        return (f"Folder proyek {folder} sedang dipakai oleh perintah kinerja lain (pemegangnya "
                "tidak diketahui, mis. `kinerja tinjau`). Tunggu sampai perintah itu selesai, "
                "lalu ulangi.")
    return (f"Folder proyek {folder} sedang dipakai oleh `kinerja {aman(perintah)}` (PID {pid}, "
            f"sejak {aman(sejak)}). Tunggu sampai perintah itu selesai, lalu ulangi; kunci: "
            f"{aman(path)}.")


@contextlib.contextmanager
def project_lock(data_dir: Path | None, perintah: str, create: bool = False) -> Iterator[None]:
    """Hold the project lock ``<data_dir>/.kinerja.lock`` while the block runs.

    Parameters
    ----------
    data_dir : Path or None
        The project's ``data`` folder. ``None``, or a folder that does not exist (and
        ``create`` is false), means there is nothing to protect yet: no lock is taken.
    perintah : str
        The subcommand, recorded as the holder; those in ``SHARED_COMMANDS`` hold the lock
        shared (not recorded).
    create : bool
        Create ``data_dir`` when absent (``kinerja contoh`` writes into it anyway).

    Raises
    ------
    UserError
        When another process holds the lock (message names its PID, command and start).
    """
    if data_dir is None or (not data_dir.is_dir() and not create):
        yield
        return
    path = data_dir / LOCK_NAME
    with contextlib.ExitStack() as stack:
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            held = stack.enter_context(try_lock(path, holder_text(perintah),
                                                shared=perintah in SHARED_COMMANDS))
        except OSError:  # a read-only project folder: no writer to exclude from here
            held = True
        if not held:
            raise UserError(_busy_message(path))
        yield


__all__ = ["LOCK_NAME", "SHARED_COMMANDS", "holder_text", "project_lock"]
