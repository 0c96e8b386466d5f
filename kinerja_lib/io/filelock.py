"""An exclusive lock between processes on a small companion file.

Used to serialise appends to the review decisions files (``io.review``): two ``kinerja
tinjau`` at once then both keep their decision. ``fcntl.flock`` on POSIX, ``msvcrt.locking``
on Windows; the operating system releases the lock when the process ends, so a killed process
leaves no stale lock behind. The lock file itself is kept (empty): removing it while another
process waits on it would let a third process lock a new file at the same path.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt
else:
    import fcntl


@contextlib.contextmanager
def exclusive_lock(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_path`` (created if needed); blocks until free.

    Lock a file that is never replaced: a lock on a file that another writer replaces with
    ``os.replace`` would no longer exclude anybody.
    """
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        _lock(fd)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def _lock(fd: int) -> None:
    if os.name == "nt":  # pragma: no cover - Windows
        os.lseek(fd, 0, os.SEEK_SET)
        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # retries for ~10 s, then OSError
                return
            except OSError:
                continue
    fcntl.flock(fd, fcntl.LOCK_EX)


def _unlock(fd: int) -> None:
    if os.name == "nt":  # pragma: no cover - Windows
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    fcntl.flock(fd, fcntl.LOCK_UN)


__all__ = ["exclusive_lock"]
