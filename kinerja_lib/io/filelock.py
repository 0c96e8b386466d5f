"""An exclusive lock between processes on a small companion file.

Used to serialise appends to the review decisions files (``io.review``): two ``kinerja
tinjau`` at once then both keep their decision. ``fcntl.flock`` on POSIX, ``msvcrt.locking``
on Windows; the operating system releases the lock when the process ends, so a killed process
leaves no stale lock behind. The lock file itself is kept (empty): removing it while another
process waits on it would let a third process lock a new file at the same path.

:func:`try_lock` is the non-blocking variant used for the one-writer-per-project
lock of the command line (``ui.project_lock``); it records who holds it in the file.
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


@contextlib.contextmanager
def try_lock(lock_path: Path, holder: str = "", shared: bool = False) -> Iterator[bool]:
    """Try once, without waiting, to lock ``lock_path`` (exclusive, or shared with readers).

    Yields ``True`` while the lock is held, ``False`` when another process holds it in a
    conflicting mode. While an exclusive lock is held, the file contains ``holder`` (who holds
    it, for :func:`lock_holder`); it is emptied again before release. Shared holders leave the
    file as it is (several hold it at once). A process killed while holding it leaves its text
    behind but not the lock: the next exclusive holder overwrites the text. The folder of
    ``lock_path`` must exist. On Windows a shared lock is exclusive.
    """
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        if not _try_lock(fd, shared):
            yield False
            return
        try:
            if not shared:
                _write_holder(fd, holder)
            yield True
        finally:
            if not shared:
                _write_holder(fd, "")
            _unlock(fd, _TRY_OFFSET)
    finally:
        os.close(fd)


def lock_holder(lock_path: Path) -> str:
    """The holder text of a lock file written by :func:`try_lock` ("" if none)."""
    try:
        return lock_path.read_bytes()[:4096].decode("utf-8", "replace")
    except OSError:
        return ""


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists (POSIX; always ``True`` on Windows)."""
    if os.name == "nt" or pid <= 0:  # pragma: no cover - Windows
        return pid > 0
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


# Windows locks byte ranges and a locked range cannot be read by others: lock a byte far past
# the holder text so that a refused process can still read who holds the lock.
_TRY_OFFSET = 1 << 20


def _write_holder(fd: int, text: str) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    if text:
        os.write(fd, text.encode("utf-8", "replace"))


def _try_lock(fd: int, shared: bool = False) -> bool:
    if os.name == "nt":  # pragma: no cover - Windows
        os.lseek(fd, _TRY_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


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


def _unlock(fd: int, offset: int = 0) -> None:
    if os.name == "nt":  # pragma: no cover - Windows
        os.lseek(fd, offset, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    fcntl.flock(fd, fcntl.LOCK_UN)


__all__ = ["exclusive_lock", "lock_holder", "process_alive", "try_lock"]
