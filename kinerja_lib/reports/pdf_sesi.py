"""Print many HTML reports to PDF with one headless browser (a PDF session).

:func:`kinerja_lib.reports.render.html_to_pdf` starts a new Chromium for every PDF, which
costs seconds of processor time each. A :class:`PdfSession` starts the browser once (same
flags as ``render._browser_cmd``, same throw-away profile as ``render._browser_profile``)
and drives it over the Chrome DevTools Protocol on a pipe (``--remote-debugging-pipe``: the
browser reads NUL-terminated JSON messages from its file descriptor 3 and writes to 4), so
no port is opened and no extra library is needed. Each PDF is printed in a new tab the way
the command line prints: the page loads, scripts (plotly) run through the same virtual-time
budget, then ``Page.printToPDF`` with the page size and margins of the report's CSS, the
backgrounds, and no browser header/footer.

:class:`PdfPrinters` gives each worker thread of a run its own session and falls back to
``render.html_to_pdf`` (one browser per PDF) for a PDF whose session failed; after
:data:`MAX_SESSION_FAILURES` failed sessions it stops starting new ones. Sessions need a
POSIX system (file descriptors 3 and 4); elsewhere every PDF takes the fallback.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from kinerja_lib.domain.errors import BrowserNotFound, PdfError
from kinerja_lib.reports import render

#: Virtual-time budget (ms) for the page's scripts, as ``--virtual-time-budget`` of the CLI.
VIRTUAL_TIME_BUDGET = 15000

#: Prints after which a session's tab is replaced by a new one (bounds what a long-lived
#: worker's renderer process can accumulate).
PRINTS_PER_TAB = 40

#: Failed sessions after which :class:`PdfPrinters` prints every PDF the old way.
MAX_SESSION_FAILURES = 2

#: Sessions are possible here (fds 3/4 handed to the browser, see ``_FD_SHIM``).
SESSION_SUPPORTED = os.name == "posix"

# A minimal Python start moves the two pipe ends to the descriptors Chromium expects, then
# becomes the browser (``sh`` cannot: dash only takes one-digit descriptor numbers, and a
# ``preexec_fn`` is unsafe with threads).
_FD_SHIM = ("import os, sys; r, w = int(sys.argv[1]), int(sys.argv[2]); os.dup2(r, 3); "
            "os.dup2(w, 4); os.close(r); os.close(w); os.execvp(sys.argv[3], sys.argv[3:])")


def _high_fd(fd: int) -> int:
    """A duplicate of ``fd`` numbered 10 or more; ``fd`` is closed."""
    import fcntl

    high = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return high


def _end_group(pgid: int, wait: float = 10.0) -> None:
    """Stop the helper processes a closed browser leaves in its process group (they take
    over a second to go by themselves) and wait until they are gone, so the profile folder
    can be removed."""
    with contextlib.suppress(OSError):
        os.killpg(pgid, signal.SIGKILL)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and _group_alive(pgid):
        time.sleep(0.02)


def _group_alive(pgid: int) -> bool:
    """True while a process of group ``pgid`` still runs. Zombies do not count: they hold
    no file, and in a container whose first process reaps orphans slowly they stay for
    over a second after the browser is gone."""
    try:
        os.killpg(pgid, 0)
    except OSError:  # no process left in the group
        return False
    proc = Path("/proc")
    if not proc.is_dir():
        return True
    for entry in os.scandir(proc):
        if not entry.name.isdigit():
            continue
        try:
            stat = (proc / entry.name / "stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        state, _ppid, group = stat[stat.rindex(")") + 2:].split()[:3]
        if group == str(pgid) and state not in ("Z", "X"):
            return True
    return False


class SessionDied(RuntimeError):
    """The browser of a session stopped answering (internal: triggers the fallback)."""


class PdfSession:
    """One headless browser printing HTML files to PDF, one tab per file.

    Parameters
    ----------
    browser : str
        Browser executable (``render.find_browser``).
    offline : bool
        Block all network access, as ``render.html_to_pdf`` does.
    timeout : float
        Seconds allowed for one PDF (load, scripts and printing).

    Use as a context manager; :meth:`close` stops the browser and removes its profile.
    """

    def __init__(self, browser: str, *, offline: bool = True, timeout: float = 180):
        self.browser = browser
        self.offline = offline
        self.timeout = timeout
        self.printed = 0
        self._stack = contextlib.ExitStack()
        self._proc: subprocess.Popen | None = None
        self._profile: str | None = None
        self._to_browser: int | None = None
        self._from_browser: int | None = None
        self._buffer = b""
        self._events: list[dict] = []
        self._next_id = 0
        self._tab: tuple[str, str] | None = None  # (target id, session id) reused per print

    def __enter__(self) -> PdfSession:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---------------------------------------------------------------- browser process

    def start(self) -> None:
        """Start the browser (no-op when running). Raises PdfError when it cannot start."""
        if self._proc is not None:
            return
        if not SESSION_SUPPORTED:
            raise SessionDied("sesi peramban hanya tersedia di POSIX")
        profile = self._stack.enter_context(render._browser_profile())
        self._profile = profile
        cmd = [arg for arg in render._browser_cmd(self.browser, profile, self.offline)
               if not arg.startswith("--virtual-time-budget=")]  # set per page below
        cmd += ["--remote-debugging-pipe", "about:blank"]
        browser_in, to_browser = os.pipe()
        from_browser, browser_out = os.pipe()
        # the browser's ends above 9, so moving one to 3 cannot overwrite the other
        browser_in, browser_out = (_high_fd(browser_in), _high_fd(browser_out))
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _FD_SHIM, str(browser_in), str(browser_out),
                 *cmd],
                pass_fds=(browser_in, browser_out), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError as exc:
            os.close(to_browser)
            os.close(from_browser)
            self.close()
            raise PdfError(f"Peramban {self.browser} tidak dapat dijalankan: {exc}") from exc
        finally:
            os.close(browser_in)
            os.close(browser_out)
        self._to_browser, self._from_browser = to_browser, from_browser
        self._call("Target.setDiscoverTargets", {"discover": False}, timeout=60)

    def close(self) -> None:
        """Stop the browser and remove its profile; never raises.

        The browser is killed with its whole process group at once: it holds nothing worth
        saving (a throw-away profile, every PDF already written), and a polite
        ``Browser.close`` takes it 1-2 s to exit, paid at the end of every run.
        """
        proc, self._proc = self._proc, None
        self._tab = None
        if proc is not None:
            with contextlib.suppress(OSError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            _end_group(proc.pid)
        for fd in (self._to_browser, self._from_browser):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._to_browser = self._from_browser = None
        self._stack.close()
        profile, self._profile = self._profile, None
        for _ in range(50):  # a loaded machine can take seconds to end the helpers
            if profile is None or not os.path.exists(profile):
                break
            time.sleep(0.2)
            shutil.rmtree(profile, ignore_errors=True)

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    # ---------------------------------------------------------------- protocol

    def _send(self, method: str, params: dict, session_id: str | None = None) -> int:
        self._next_id += 1
        msg = {"id": self._next_id, "method": method, "params": params}
        if session_id:
            msg["sessionId"] = session_id
        data = json.dumps(msg).encode() + b"\0"
        try:
            while data:
                data = data[os.write(self._to_browser, data):]
        except (OSError, TypeError) as exc:
            raise SessionDied(f"peramban tidak menerima perintah: {exc}") from exc
        return self._next_id

    def _read(self, deadline: float) -> dict:
        """The next message from the browser (waiting until ``deadline``)."""
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if not ready:
                raise TimeoutError
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise SessionDied("peramban berhenti")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(raw)

    def _call(self, method: str, params: dict, session_id: str | None = None,
              timeout: float | None = None) -> dict:
        """Send a command and return its result (events read meanwhile are kept)."""
        msg_id = self._send(method, params, session_id)
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            msg = self._read(deadline)
            if msg.get("id") == msg_id:
                if "error" in msg:
                    raise PdfError(f"Peramban menolak perintah {method}: "
                                   f"{msg['error'].get('message', msg['error'])}")
                return msg.get("result", {})
            if "method" in msg:
                self._events.append(msg)

    def _wait_events(self, names: set[str], session_id: str, deadline: float) -> None:
        """Wait until each event in ``names`` has arrived for ``session_id``."""
        names = set(names)
        while names:
            for msg in self._events:
                if msg.get("sessionId") == session_id and msg.get("method") in names:
                    if msg["method"] == "Inspector.targetCrashed":
                        raise SessionDied("tab peramban mogok")
                    names.discard(msg["method"])
            self._events = [m for m in self._events if m.get("sessionId") != session_id
                            or m.get("method") not in names]
            if names:
                self._events.append(self._read(deadline))

    # ---------------------------------------------------------------- printing

    def print_pdf(self, html_path, pdf_path) -> Path:
        """Print one HTML file to ``pdf_path`` (written under a temporary name, renamed).

        Raises
        ------
        PdfError
            The file is missing, the page failed, or the result is not a PDF.
        SessionDied
            The browser stopped or did not answer in time (the caller may fall back).
        """
        html_path = Path(html_path).resolve()
        pdf_path = Path(pdf_path)
        if not html_path.exists():
            raise PdfError(f"Berkas HTML {html_path} tidak ada.")
        self.start()
        deadline = time.monotonic() + self.timeout
        try:
            data = self._print(html_path, deadline)
        except TimeoutError as exc:
            self.close()  # a browser that hangs is not reused
            raise SessionDied(
                f"Peramban tidak selesai mencetak PDF dalam {int(self.timeout)} detik "
                f"({html_path}).") from exc
        if not data.startswith(b"%PDF-"):
            raise PdfError(f"Berkas yang ditulis peramban bukan PDF ({html_path}).")
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        tmp_pdf = pdf_path.with_name(f".{pdf_path.name}.tmp-{os.getpid()}.pdf")
        try:
            tmp_pdf.write_bytes(data)
            os.replace(tmp_pdf, pdf_path)
        finally:
            tmp_pdf.unlink(missing_ok=True)
        self.printed += 1
        return pdf_path

    def _print(self, html_path: Path, deadline: float) -> bytes:
        """Load the page in the session's tab, let scripts run, print it.

        The tab is kept for the next file: its renderer process, already warm, draws the
        next report's charts in about half the time of a new tab (same pixels). A tab that
        failed in any way is closed; the next print opens a new one.
        """
        keep = False  # the tab, for the next print
        try:
            if self._tab is None:
                target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
                self._tab = (target, "")
                sid = self._call("Target.attachToTarget",
                                 {"targetId": target, "flatten": True})["sessionId"]
                self._tab = (target, sid)
                self._call("Page.enable", {}, sid)
                self._call("Inspector.enable", {}, sid)
            sid = self._tab[1]
            nav = self._call("Page.navigate", {"url": html_path.as_uri()}, sid)
            if nav.get("errorText"):
                raise PdfError(f"Peramban gagal membuka {html_path}: {nav['errorText']}")
            # as --virtual-time-budget: timers and animations run in virtual time until the
            # budget is used up, pausing while anything is still loading
            self._call("Emulation.setVirtualTimePolicy",
                       {"policy": "pauseIfNetworkFetchesPending",
                        "budget": VIRTUAL_TIME_BUDGET}, sid)
            self._wait_events({"Page.loadEventFired", "Emulation.virtualTimeBudgetExpired"},
                              sid, deadline)
            result = self._call("Page.printToPDF", {
                "printBackground": True, "preferCSSPageSize": True,
                "displayHeaderFooter": False}, sid,
                timeout=max(deadline - time.monotonic(), 1))
            keep = (self.printed + 1) % PRINTS_PER_TAB != 0
            return base64.b64decode(result["data"])
        finally:
            if not keep and self._tab is not None:
                target, self._tab = self._tab[0], None
                with contextlib.suppress(Exception):
                    self._call("Target.closeTarget", {"targetId": target}, timeout=10)
            self._events.clear()


class PdfPrinters:
    """Browser sessions (:class:`PdfSession`) shared by a run's worker threads, with the
    one-browser-per-PDF fallback.

    A thread takes an idle session (or one being started ahead by :meth:`prestart`, or
    starts a new one), prints, and gives it back, so a run or a worker keeps one browser
    per thread printing at once. :meth:`to_pdf` takes the arguments of
    ``render.html_to_pdf``, so it can stand in for it (the runner's ``Converters.to_pdf``,
    ``daftar_isi.cetak_pdf``'s ``printer``). Call :meth:`close` (or use as a context
    manager) to stop every browser.
    """

    def __init__(self, timeout: float = 180, offline: bool = True):
        self.timeout = timeout
        self.offline = offline
        self._lock = threading.Lock()
        self._idle: list[tuple[PdfSession, threading.Thread | None]] = []
        self._all: list[PdfSession] = []
        self.failures = 0
        self.fallbacks = 0

    def __enter__(self) -> PdfPrinters:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def prestart(self, browser: str, n: int) -> None:
        """Start browsers in the background until ``n`` sessions of ``browser`` exist; a
        failed start shows at the first PDF."""
        if not SESSION_SUPPORTED:
            return
        with self._lock:
            missing = int(n) - sum(s.browser == browser for s in self._all)
        for _ in range(max(missing, 0)):
            session = PdfSession(browser, offline=self.offline, timeout=self.timeout)
            starter = threading.Thread(target=_start_quietly, args=(session,),
                                       name="kinerja-peramban-start", daemon=True)
            with self._lock:
                self._all.append(session)
                self._idle.append((session, starter))
            starter.start()

    def to_pdf(self, html_path, pdf_path, browser: str | None = None, **kwargs) -> Path:
        """Print ``html_path`` to ``pdf_path`` in a session of this pool (or the old way).

        Other keyword arguments of ``render.html_to_pdf`` send the PDF the old way.
        """
        if kwargs:
            return render.html_to_pdf(html_path, pdf_path, browser, **kwargs)
        browser = browser or render.find_browser()
        if not browser:
            raise BrowserNotFound(render.pdf_hint(html_path))
        session = self._take(browser)
        if session is not None:
            try:
                path = session.print_pdf(html_path, pdf_path)
            except (SessionDied, OSError, ValueError, KeyError) as exc:
                self._discard(session, exc)
            except PdfError:
                if session.alive:
                    self._give_back(session)
                    raise  # the page itself failed: the old way would fail too
                self._discard(session, None)
            else:
                self._give_back(session)
                return path
        with self._lock:
            self.fallbacks += 1
        return render.html_to_pdf(html_path, pdf_path, browser, timeout=self.timeout,
                                  offline=self.offline)

    def _take(self, browser: str) -> PdfSession | None:
        if not SESSION_SUPPORTED:
            return None
        with self._lock:
            if self.failures >= MAX_SESSION_FAILURES:
                return None
            found = [i for i, (s, _) in enumerate(self._idle) if s.browser == browser]
            if found:
                session, starter = self._idle.pop(found[0])
            else:
                session, starter = PdfSession(browser, offline=self.offline,
                                              timeout=self.timeout), None
                self._all.append(session)
        if starter is not None:
            starter.join()
        return session

    def _give_back(self, session: PdfSession) -> None:
        with self._lock:
            if session in self._all:
                self._idle.append((session, None))

    def _discard(self, session: PdfSession, exc: BaseException | None) -> None:
        session.close()
        with self._lock:
            self.failures += 1
            if session in self._all:
                self._all.remove(session)

    def close(self) -> None:
        """Stop every session's browser (all at once); never raises."""
        with self._lock:
            sessions, starters = list(self._all), [t for _, t in self._idle if t is not None]
            self._all.clear()
            self._idle.clear()
        for t in starters:  # a browser being started is stopped once it is up
            t.join()
        threads = [threading.Thread(target=session.close) for session in sessions]
        for t in threads:
            t.start()
        for t in threads:
            t.join()


def _start_quietly(session: PdfSession) -> None:
    with contextlib.suppress(Exception):
        session.start()


__all__ = ["MAX_SESSION_FAILURES", "PRINTS_PER_TAB", "PdfPrinters", "PdfSession", "SessionDied",
           "VIRTUAL_TIME_BUDGET"]
