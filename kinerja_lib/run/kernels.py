"""Jupyter kernels for the phase notebooks: kernel manager, environment, papermill call.

Kernel start-up race: kernels started at the same moment can pick the same TCP port
(``ZMQError: Address already in use`` / "kernel died"). On POSIX each kernel therefore talks
over IPC (Unix sockets) with its own socket prefix in the run's private temporary folder, so
there is no port to collide on (:data:`USE_IPC`); on Windows TCP is used with jupyter_client's
in-process port cache. The single retry of a kernel that fails to start is the runner's
(:func:`kinerja_lib.run.runner.run_job`).

Every kernel runs the interpreter running kinerja (``sys.executable``) with the variables of
:func:`kernel_env` added. A kernel's own stdout/stderr (ipykernel log lines, start-up crashes)
go to a log file, not to the terminal; :func:`log_tail` quotes its last lines.

A run keeps warm kernels (:class:`WarmKernels`), started ahead while it prepares its data:
its notebooks run one after the other in them, each kernel reset after each notebook
(namespace, execution counts, working folder, environment, warning filters, pandas display
options) so the executed notebook equals one run in a new kernel, and replaced after any
failure. With the kernels, :class:`WarmPool` also gives the run (or a dask worker, for all
its tasks) one browser per worker for its PDFs (:mod:`kinerja_lib.reports.pdf_sesi`).
"""

from __future__ import annotations

import functools
import itertools
import os
import shutil
import sys
import tempfile
import threading
from concurrent.futures import Future
from pathlib import Path

from kinerja_lib.io.paths import Paths
from kinerja_lib.reports import daftar_isi, pdf_sesi, render

# --------------------------------------------------------------------------------------------
# Kernel manager


#: Run silently in every kernel before the first cell (IPython ``exec_lines``, outside the
#: history, so cell numbers are unchanged). ``jsonschema`` (pulled in through plotly ->
#: nbformat) eagerly imports the optional ``rfc3987_syntax``, which compiles ~35 Earley
#: grammars at import: ~0.9 s CPU per kernel, ~20 s CPU for a whole year's 22 notebooks
#: (python-jsonschema/jsonschema#1428). Blocking that import makes jsonschema skip its
#: ``iri``/``iri-reference`` format checks, which no notebook schema uses. The user's own
#: Jupyter sessions are not affected.
KERNEL_EXEC_LINES: tuple[str, ...] = ("__import__('sys').modules['rfc3987_syntax'] = None",)


def _kernel_manager_class(extra_env: dict[str, str], ipc_ip: str | None, log_path: Path,
                          exec_lines: tuple[str, ...] = KERNEL_EXEC_LINES):
    """An ``AsyncKernelManager`` subclass for one kernel of a run.

    The kernel runs ``sys.executable`` with the run's environment added; with ``ipc_ip`` it
    talks over Unix sockets named ``<ipc_ip>-<n>`` (no TCP port to race for); its own
    stdout/stderr (ipykernel log lines, start-up crashes; not cell output, which travels over
    the kernel protocol) go to ``log_path``.
    """
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpec

    class KinerjaKernelManager(AsyncKernelManager):
        def __init__(self, **kw):
            if ipc_ip is not None:
                kw.setdefault("transport", "ipc")
                kw.setdefault("ip", ipc_ip)
            super().__init__(**kw)
            self.client_factory = _quick_ready_client()
            self._kernel_spec = KernelSpec(
                argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                      *(f"--IPKernelApp.exec_lines={line}" for line in exec_lines)],
                display_name="Python 3 (kinerja)", language="python", name="python3")

        async def start_kernel(self, **kw):
            env = dict(kw.pop("env", None) or os.environ)
            env.update(extra_env)
            with open(log_path, "ab") as log:
                kw.setdefault("stdout", log)
                kw.setdefault("stderr", log)
                return await super().start_kernel(env=env, **kw)

    return KinerjaKernelManager


#: Quiet time (s) that ends the IOPub flush of a new client's readiness check; jupyter_client
#: waits 0.2 s, paid twice per notebook in a warm kernel (reset, then nbclient's client).
READY_FLUSH_QUIET = 0.02


@functools.cache
def _quick_ready_client():
    """``AsyncKernelClient`` whose ``wait_for_ready`` is jupyter_client's handshake (a
    kernel_info reply on the shell channel *and* a message on IOPub, so no output of the
    first cell can be missed), followed by a flush of IOPub that stops after
    :data:`READY_FLUSH_QUIET` seconds of quiet instead of 0.2 s. A message arriving later
    belongs to the kernel_info request, which nbclient ignores (it keeps only the messages
    of its own requests)."""
    import time
    from queue import Empty

    from jupyter_client.asynchronous import AsyncKernelClient

    class QuickReadyClient(AsyncKernelClient):
        async def wait_for_ready(self, timeout: float | None = None) -> None:
            deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
            while True:
                self.kernel_info()
                try:
                    msg = await self.shell_channel.get_msg(timeout=1)
                except Empty:
                    msg = None
                if msg is not None and msg["msg_type"] == "kernel_info_reply":
                    try:
                        await self.iopub_channel.get_msg(timeout=0.2)
                    except Empty:
                        pass  # IOPub not connected yet: ask again
                    else:
                        self._handle_kernel_info_reply(msg)
                        break
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")
            while True:
                try:
                    await self.iopub_channel.get_msg(timeout=READY_FLUSH_QUIET)
                except Empty:
                    break

    return QuickReadyClient


def log_tail(path: Path, lines: int = 3) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    keep = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return " | ".join(keep[-lines:])


def kernel_env(paths: Paths) -> dict[str, str]:
    """Environment variables set for every kernel of a run."""
    return {"KINERJA_HOME": str(paths.root), "PLOTLY_RENDERER": "notebook",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


# --------------------------------------------------------------------------------------------
# Errors


def is_cell_error(exc: BaseException) -> bool:
    """True for an error raised by a notebook cell (as opposed to a kernel that stopped)."""
    from papermill.exceptions import PapermillExecutionError

    return isinstance(exc, PapermillExecutionError)


def describe_error(exc: BaseException) -> str:
    """One-line description of ``exc``; a cell error names the exception and the cell."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        where = f" (sel ke-{exc.exec_count})" if exc.exec_count else ""
        value = f": {' '.join(str(exc.evalue).split())}" if exc.evalue else ""
        return f"{exc.ename}{value}{where}"
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text and text[0] else type(exc).__name__


# --------------------------------------------------------------------------------------------
# Executing a notebook


#: Unix-socket transport for kernels (POSIX only); TCP otherwise.
USE_IPC = os.name == "posix"

_kernel_counter = itertools.count()
_kernel_lock = threading.Lock()


def _new_km_class(env: dict, work_dir: Path, ipc: bool, log_path: Path,
                  exec_lines: tuple[str, ...] = KERNEL_EXEC_LINES):
    """Kernel manager class of a new kernel, with its own IPC socket prefix."""
    with _kernel_lock:
        n = next(_kernel_counter)
    return _kernel_manager_class(env, str(work_dir / f"k{n}") if ipc else None, log_path,
                                 exec_lines)


def _papermill_execute(nb, out_path: Path, parameters: dict, cwd: Path, start_timeout: int,
                       **engine_kw):
    import papermill  # heavy (nbclient, jupyter_client): paid only when a notebook runs

    return papermill.execute_notebook(
        nb, str(out_path), parameters=parameters, kernel_name="python3", language="python",
        progress_bar=False, request_save_on_cell_execute=False, start_timeout=start_timeout,
        # The kernel's cwd is set through nbclient's resources, not papermill's ``cwd=``,
        # which would chdir this whole process (unsafe with threads).
        resources={"metadata": {"path": str(cwd)}},
        **engine_kw,
    )


def execute_notebook(nb, out_path: Path, parameters: dict, *, env: dict, work_dir: Path,
                     ipc: bool, cwd: Path, start_timeout: int, log_path: Path,
                     kernels: WarmKernels | None = None):
    """Run ``nb`` with papermill, writing the executed notebook to ``out_path``.

    ``env`` is added to the kernel's environment; with ``ipc`` its sockets live in
    ``work_dir``; ``cwd`` is the kernel's working folder; the kernel's own output goes to
    ``log_path``. Without ``kernels`` the notebook runs in a new kernel that is shut down
    afterwards; with a :class:`WarmKernels` pool it runs in the calling thread's warm kernel
    (``work_dir`` and ``ipc`` are then the pool's). Returns the executed notebook;
    raises what papermill raises.
    """
    if kernels is not None:
        return kernels.execute(nb, out_path, parameters, cwd=cwd, start_timeout=start_timeout,
                               log_path=log_path, env=env)
    km_class = _new_km_class(env, work_dir, ipc, log_path)
    return _papermill_execute(nb, out_path, parameters, cwd, start_timeout,
                              kernel_manager_class=km_class)


# --------------------------------------------------------------------------------------------
# Warm kernels, reused across the notebooks of a run (or of a worker)


#: Warm kernels also save the warning filters they start with (restored before each run).
WARM_EXEC_LINES: tuple[str, ...] = KERNEL_EXEC_LINES + (
    "__import__('sys')._kinerja_warning_filters = list(__import__('warnings').filters)",)


#: Body of :func:`_prepare_code`, run with ``cwd`` and ``env`` in a private namespace.
_PREPARE_SOURCE = r"""
import os, sys, warnings
pd = sys.modules.get("pandas")
if pd is not None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # deprecated options warn when reset
        pd.reset_option(r"^display\.")  # "all" would also check plotting.backend (matplotlib)
warnings.resetwarnings()
warnings.filters.extend(sys._kinerja_warning_filters)
os.chdir(cwd)
os.environ.update(env)
"""


def _prepare_code(cwd: Path, env: dict) -> str:
    """Code run silently in a warm kernel before each notebook after its first.

    It puts the kernel back in the state a new kernel starts in, as far as the notebooks
    can tell: pandas' display options at their defaults, the warning filters of the kernel's start
    (saved by :data:`WARM_EXEC_LINES`) with every "already shown" registry invalidated, the
    working folder, the run's environment, and an empty namespace with execution counts
    starting again at 1 (``reset(new_session=True)``). Imported modules stay loaded, which
    is the point. The work runs in a namespace of its own, so no name is left behind.
    """
    scope = {"cwd": str(cwd), "env": dict(env)}
    return f"exec({_PREPARE_SOURCE!r}, {scope!r}); get_ipython().reset(new_session=True)"


async def _run_silently(km, code: str, timeout: float) -> None:
    """Execute ``code`` in ``km``'s kernel outside the history; raise if it fails."""
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=timeout)
        msg_id = kc.execute(code, silent=True, store_history=False, allow_stdin=False)
        while True:
            reply = await kc.get_shell_msg(timeout=timeout)
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                break
        content = reply["content"]
        if content.get("status") != "ok":
            raise RuntimeError(f"persiapan kernel gagal: {content.get('ename')}: "
                               f"{content.get('evalue')}")
    finally:
        kc.stop_channels()


class _WarmKernel:
    """One warm kernel: its manager, its log file, and the (cwd, env) it is ready for (a
    new kernel's, or the last reset's; None: needs a reset before the next notebook)."""

    def __init__(self, km, log_path: Path, ready_for: tuple | None = None):
        self.km = km
        self.log_path = log_path
        self.ready_for = ready_for


def _ready_key(cwd: Path, env: dict) -> tuple:
    return str(cwd), tuple(sorted(env.items()))


#: Imported by a kernel started ahead (:meth:`WarmKernels.prestart`) while the run prepares
#: its data: what the phase notebooks import, so their first cell finds it loaded.
WARM_IMPORTS = ("pandas", "plotly.graph_objects", "plotly.io", "IPython.display",
                "kinerja_lib.reports.context", "kinerja_lib.reports.sections",
                "kinerja_lib.reports.lkjip", "kinerja_lib.io.profil")


class WarmKernels:
    """Warm kernels of a run (or of a worker), reused for the notebooks run one after another.

    Starting a kernel and importing pandas, plotly and kinerja_lib in it costs about as much
    as running a small notebook; a warm kernel pays it once per worker thread instead of
    once per notebook. A thread takes a free kernel (or one being started ahead by
    :meth:`prestart`, or starts a new one) and gives it back after its notebook. After
    every notebook, in the background while the thread converts the notebook,
    :func:`_prepare_code` resets the namespace (execution counts start at 1, as in a new
    kernel), the working folder and the environment, so the executed notebook equals one
    run in a new kernel (a notebook needing another folder or environment resets again
    first). A notebook that
    fails in any way (cell error, kernel death, timeout) discards its kernel. Use as a
    context manager, or call :meth:`close`, which shuts every kernel down (also on errors
    and Ctrl-C).

    Parameters
    ----------
    env : dict
        Added to each kernel's environment (:func:`kernel_env`); set again before each run
        (a call's own ``env`` replaces it, e.g. another office's folder on a worker).
    work_dir : Path
        Private folder (IPC socket files, logs of kernels started ahead).
    ipc : bool
        Unix-socket transport (:data:`USE_IPC`).
    """

    def __init__(self, env: dict, work_dir: Path, ipc: bool):
        self._env = dict(env)
        self._work_dir = Path(work_dir)
        self._ipc = ipc
        self._lock = threading.Lock()
        self._free: list[_WarmKernel] = []
        self._starting: list[Future] = []
        self._busy: set[_WarmKernel] = set()
        self.started = 0  # kernels started, for tests and benchmarks

    def __enter__(self) -> WarmKernels:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def prestart(self, n: int, cwd: Path, env: dict | None = None,
                 timeout: int = 120) -> None:
        """Start kernels in the background, each importing :data:`WARM_IMPORTS`, until the
        pool holds ``n`` (free, busy or starting); the next notebooks take them (a notebook
        never waits longer than a start)."""
        with self._lock:
            missing = int(n) - len(self._free) - len(self._busy) - len(self._starting)
        for _ in range(max(missing, 0)):
            fut: Future = Future()
            with self._lock:
                self._starting.append(fut)
                self.started += 1
            threading.Thread(target=self._start_ahead, args=(fut, cwd, env or self._env,
                                                             timeout),
                             name="kinerja-kernel-start", daemon=True).start()

    def _start_ahead(self, fut: Future, cwd: Path, env: dict, timeout: int) -> None:
        log_path = self._work_dir / f"kernel-awal-{id(fut)}.log"
        km = None
        try:
            km = self._new_km(log_path, env)
            _run_sync(km.start_kernel)(cwd=str(cwd))
            # in a namespace of its own: the notebook finds the modules, not the names
            imports = "\n".join(f"import {name}" for name in WARM_IMPORTS)
            _run_sync(_run_silently)(km, f"exec({imports!r}, {{}})", timeout)
            fut.set_result(_WarmKernel(km, log_path, _ready_key(cwd, env)))
        except BaseException:  # noqa: BLE001 - the notebook then starts a kernel itself
            if km is not None:
                _shutdown(km)
            fut.set_result(None)

    def _take(self) -> _WarmKernel | None:
        """A free kernel, else one being started ahead (waited for), else None."""
        while True:
            with self._lock:
                if self._free:
                    return self._free.pop()
                if not self._starting:
                    return None
                fut = self._starting.pop(0)
            warm = fut.result()
            if warm is not None:
                return warm

    def execute(self, nb, out_path: Path, parameters: dict, *, cwd: Path, start_timeout: int,
                log_path: Path, env: dict | None = None):
        """Run ``nb`` in a warm kernel (see :func:`execute_notebook`)."""
        env = self._env if env is None else env
        key = _ready_key(cwd, env)
        warm = self._take()
        if (warm is not None and warm.ready_for != key
                and not self._prepared(warm, cwd, env, start_timeout)):
            warm = None  # could not be reset: a new kernel instead
        with self._lock:
            if warm is None:
                warm = _WarmKernel(self._new_km(log_path, env), log_path)
                self.started += 1
            self._busy.add(warm)
        warm.ready_for = None
        ok = False
        try:
            executed = _papermill_execute(nb, out_path, parameters, cwd, start_timeout,
                                          km=warm.km)
            ok = True
            return executed
        finally:
            for kc in warm.km.kinerja_clients:
                kc.stop_channels()
            warm.km.kinerja_clients.clear()
            fut: Future = Future()
            with self._lock:
                self._busy.discard(warm)
                if ok:  # reset for the next notebook meanwhile (this thread converts)
                    self._starting.append(fut)
            if ok:
                threading.Thread(target=self._reset_ahead,
                                 args=(fut, warm, cwd, env, start_timeout),
                                 name="kinerja-kernel-reset", daemon=True).start()
            else:
                _shutdown(warm.km)
                if warm.log_path != log_path:  # the runner quotes this job's log
                    _copy_log(warm.log_path, log_path)

    def _reset_ahead(self, fut: Future, warm: _WarmKernel, cwd: Path, env: dict,
                     timeout: int) -> None:
        """Reset a kernel after its notebook (:meth:`_prepared`), for the next one to take
        (a kernel that cannot be reset is shut down: the next notebook starts one)."""
        ok = False
        try:
            ok = self._prepared(warm, cwd, env, timeout)
        finally:  # never leave a waiting notebook hanging
            if ok:
                warm.ready_for = _ready_key(cwd, env)
            fut.set_result(warm if ok else None)

    def _prepared(self, warm: _WarmKernel, cwd: Path, env: dict, timeout: int) -> bool:
        """Reset a used kernel (:func:`_prepare_code`); on failure shut it down, False."""
        with self._lock:
            self._busy.add(warm)  # close() from another thread also stops this one
        try:
            _run_sync(_run_silently)(warm.km, _prepare_code(cwd, env), timeout)
            return True
        except Exception:  # noqa: BLE001 - a kernel that cannot be reset is replaced
            _shutdown(warm.km)
            return False
        finally:
            with self._lock:
                self._busy.discard(warm)

    def _new_km(self, log_path: Path, env: dict):
        base = _new_km_class(env, self._work_dir, self._ipc, log_path, WARM_EXEC_LINES)

        class WarmKernelManager(base):
            """Records the clients nbclient opens (it leaves them open on a kernel it does
            not own); :meth:`WarmKernels.execute` closes them after each notebook."""

            def __init__(self, **kw):
                super().__init__(**kw)
                self.kinerja_clients = []

            def client(self, **kw):
                kc = super().client(**kw)
                self.kinerja_clients.append(kc)
                return kc

        return WarmKernelManager(kernel_name="python3")

    def close(self) -> None:
        """Shut every kernel down (waiting for those being started); the pool can still
        be used afterwards (new kernels)."""
        with self._lock:
            kernels = list(self._free) + list(self._busy)
            starting = list(self._starting)
            self._free.clear()
            self._busy.clear()
            self._starting.clear()
        kernels += [w for w in (fut.result() for fut in starting) if w is not None]
        for warm in {id(w): w for w in kernels}.values():  # one being reset is also busy
            _shutdown(warm.km)


def _run_sync(coro_fn):
    from jupyter_core.utils import run_sync

    return run_sync(coro_fn)


def _shutdown(km) -> None:
    """Stop a kernel at once and remove its files; never raises."""
    try:
        if km.has_kernel:
            _run_sync(km.shutdown_kernel)(now=True)
        else:  # already stopped (or never started): only its files
            _run_sync(km._async_cleanup_resources)()
    except Exception:  # noqa: BLE001 - a kernel that is already gone
        provisioner = getattr(km, "provisioner", None)
        process = getattr(provisioner, "process", None)
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()


def _copy_log(src: Path, dest: Path) -> None:
    try:
        dest.write_bytes(src.read_bytes())
    except OSError:
        pass


#: Runs use :class:`WarmKernels` (False: a new kernel per notebook, as before; benchmarks
#: compare both).
WARM_KERNELS = True


class WarmPool:
    """What stays warm between notebooks: :class:`WarmKernels` (when :data:`WARM_KERNELS`)
    and one browser per worker for the PDFs (:class:`kinerja_lib.reports.pdf_sesi.PdfPrinters`,
    where sessions work).

    A run makes its own (started ahead with :meth:`prestart` while it prepares its data,
    closed at its end); a dask worker keeps one for all its tasks
    (:func:`kinerja_lib.run.wilayah.worker_pool`). :meth:`close` stops every kernel and
    browser and removes the pool's private folder; never raises.
    """

    def __init__(self, env: dict | None = None):
        self.work_dir = Path(tempfile.mkdtemp(prefix=f"kinerja-hangat-{os.getpid()}-"))
        self.kernels = WarmKernels(env or {}, self.work_dir, USE_IPC) if WARM_KERNELS else None
        self.printers = pdf_sesi.PdfPrinters() if pdf_sesi.SESSION_SUPPORTED else None

    def __enter__(self) -> WarmPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def prestart(self, n: int, cwd: Path, env: dict, browser: str | None = None) -> None:
        """Have ``n`` kernels and, with ``browser``, ``n`` browsers, starting the missing
        ones in the background (a worker's pool that has them already starts none)."""
        if self.kernels is not None:
            self.kernels.prestart(n, cwd, env)
        if self.printers is not None and browser:
            self.printers.prestart(browser, n)

    def printer(self, to_pdf):
        """The PDF printer to use instead of ``to_pdf``: this pool's browser sessions when
        ``to_pdf`` is a default printer (``daftar_isi.cetak_pdf`` or
        ``render.html_to_pdf``), else ``to_pdf`` itself."""
        if self.printers is None or to_pdf not in (render.html_to_pdf, daftar_isi.cetak_pdf):
            return to_pdf
        if to_pdf is render.html_to_pdf:
            return self.printers.to_pdf
        return functools.partial(daftar_isi.cetak_pdf, printer=self.printers.to_pdf)

    def close(self) -> None:
        """Stop kernels and browsers (both at once) and remove the private folder."""
        stop = [threading.Thread(target=h.close) for h in (self.kernels, self.printers)
                if h is not None]
        for t in stop:
            t.start()
        for t in stop:
            t.join()
        shutil.rmtree(self.work_dir, ignore_errors=True)
