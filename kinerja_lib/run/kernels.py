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
"""

from __future__ import annotations

import itertools
import os
import sys
import threading
from pathlib import Path

from kinerja_lib.io.paths import Paths

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


def _kernel_manager_class(extra_env: dict[str, str], ipc_ip: str | None, log_path: Path):
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
            self._kernel_spec = KernelSpec(
                argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                      *(f"--IPKernelApp.exec_lines={line}" for line in KERNEL_EXEC_LINES)],
                display_name="Python 3 (kinerja)", language="python", name="python3")

        async def start_kernel(self, **kw):
            env = dict(kw.pop("env", None) or os.environ)
            env.update(extra_env)
            with open(log_path, "ab") as log:
                kw.setdefault("stdout", log)
                kw.setdefault("stderr", log)
                return await super().start_kernel(env=env, **kw)

    return KinerjaKernelManager


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


def execute_notebook(nb, out_path: Path, parameters: dict, *, env: dict, work_dir: Path,
                     ipc: bool, cwd: Path, start_timeout: int, log_path: Path):
    """Run ``nb`` with papermill in a new kernel, writing the executed notebook to ``out_path``.

    ``env`` is added to the kernel's environment; with ``ipc`` its sockets live in
    ``work_dir``; ``cwd`` is the kernel's working folder; the kernel's own output goes to
    ``log_path``. Returns the executed notebook; raises what papermill raises.
    """
    import papermill  # heavy (nbclient, jupyter_client): paid only when a notebook runs

    with _kernel_lock:
        n = next(_kernel_counter)
    km_class = _kernel_manager_class(env, str(work_dir / f"k{n}") if ipc else None, log_path)
    return papermill.execute_notebook(
        nb, str(out_path), parameters=parameters, kernel_name="python3", language="python",
        progress_bar=False, request_save_on_cell_execute=False, start_timeout=start_timeout,
        # The kernel's cwd is set through nbclient's resources, not papermill's ``cwd=``,
        # which would chdir this whole process (unsafe with threads).
        resources={"metadata": {"path": str(cwd)}},
        kernel_manager_class=km_class,
    )
