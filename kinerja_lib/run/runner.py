"""Run the SOP phase notebooks with papermill and write the reports; ``kinerja jalankan``.

A run has two steps:

1. The data step, in this process, once per year: ``engine.compute_and_write_year`` writes
   the period tables under ``data/processed/<tahun>/<periode>/`` that the notebooks read.
2. The notebook jobs (one per phase x period, see :data:`PHASES` and :func:`plan`). They are
   independent of each other and run in parallel in a thread pool; each thread drives one
   Jupyter kernel (a separate process) through papermill, then converts the executed notebook
   to HTML and, when a browser is available, to PDF.

Parameters are checked against each notebook's ``parameters`` cell *before* anything runs
(papermill itself only logs a warning for an unknown name).

Outputs go to ``reports/<tahun>/<periode>/<stem>.{ipynb,html,pdf}``. Every file is written
under a temporary name (``.<stem>.tmp-<pid>-<n>.<ext>``) and renamed with :func:`os.replace`
once the job is complete, so a run that is killed midway never leaves a half-written file with
a final name; rerunning regenerates everything. After a successful job the folder holds
exactly this run's outputs of that phase (an older PDF is removed when no PDF is made). A
failed notebook is kept as ``<stem>.GAGAL.ipynb`` and the job's older outputs are removed, so
nothing out of date looks current; the other jobs continue and :attr:`RunResult.ok` is False.

Kernel start-up race: kernels started at the same moment can pick the same TCP port
(``ZMQError: Address already in use`` / "kernel died"). On POSIX each kernel therefore talks
over IPC (Unix sockets) with its own socket prefix in a private temporary folder, so there is no
port to collide on; on Windows TCP is used with jupyter_client's in-process port cache. In both
cases a job whose kernel fails for a reason other than a cell error is retried once.

Every kernel runs the interpreter running kinerja (``sys.executable``), in the notebooks folder,
with ``KINERJA_HOME`` set to the project root and ``PLOTLY_RENDERER=notebook``. A kernel's own
stdout/stderr (ipykernel log lines, start-up crashes) go to a log file in the run's temporary
folder, not to the terminal; its last lines are quoted when a kernel fails. Cell output is part
of the executed notebook as usual.

Nothing here reads the clock: the run time shown in the reports (``generated_at``) is passed
in; :func:`cli_jalankan` is the one place that reads it.
"""

from __future__ import annotations

import ast
import datetime as _dt
import itertools
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from kinerja_lib.domain import errors
from kinerja_lib.domain.errors import PeriodError, RunnerError
from kinerja_lib.domain.periods import Periode
from kinerja_lib.domain.settings import Settings
from kinerja_lib.io import store
from kinerja_lib.io.paths import Paths
from kinerja_lib.reports import render

# --------------------------------------------------------------------------------------------
# Phases and plan


@dataclass(frozen=True)
class Phase:
    """One SOP phase notebook.

    Attributes
    ----------
    stem : str
        File stem in ``paths.notebooks`` (``<stem>.py``, jupytext percent format) and of the
        outputs.
    jenis : tuple of str
        Period types (``Periode.jenis``) the phase runs for.
    judul : str
        Indonesian title, used in the HTML title and in messages.
    bobot : int
        Relative run time (rough, measured on the sample); heavier jobs are started first so
        that no long job is left running alone at the end of a parallel run.
    """

    stem: str
    jenis: tuple[str, ...]
    judul: str
    bobot: int = 1


#: Phase notebooks in run order. ``00_eksplorasi`` is interactive and never run here.
PHASES: tuple[Phase, ...] = (
    Phase("01_pengumpulan", ("triwulan",), "Pengumpulan dan Rekap Data Kinerja", 1),
    Phase("02_pengolahan", ("triwulan", "semester", "tahunan"), "Pengolahan Data Kinerja", 2),
    Phase("03_laporan_triwulan", ("triwulan",), "Laporan Kinerja Triwulan", 3),
    Phase("04_sosialisasi_triwulan", ("triwulan",), "Bahan Sosialisasi Laporan Kinerja Triwulan",
          1),
    Phase("05_laporan_semester", ("semester",), "Laporan Kinerja Semester", 3),
    Phase("06_laporan_tahunan", ("tahunan",), "Laporan Kinerja Tahunan (LKjIP)", 4),
)


@dataclass(frozen=True)
class Job:
    """One notebook run: a phase for a period."""

    phase: Phase
    periode: Periode

    @property
    def label(self) -> str:
        """``"Laporan Kinerja Triwulan, Triwulan II 2024"``."""
        return f"{self.phase.judul}, {self.periode.label}"

    @property
    def title(self) -> str:
        """Title of the HTML/PDF document."""
        return f"{self.phase.judul} \u2014 {self.periode.label}"

    def notebook(self, notebook_dir: Path) -> Path:
        return Path(notebook_dir) / f"{self.phase.stem}.py"

    def out_dir(self, paths: Paths) -> Path:
        return paths.report_dir(self.periode.tahun, self.periode.kode)

    def output(self, paths: Paths, ext: str) -> Path:
        """Final output path, ``ext`` in ``ipynb``, ``html``, ``pdf``, ``GAGAL.ipynb``."""
        return self.out_dir(paths) / f"{self.phase.stem}.{ext}"


def plan(
    tahun: int, periode_kodes: Sequence[str], phases: Sequence[Phase] = PHASES
) -> list[Job]:
    """Jobs for the given periods, in period order then phase order.

    Parameters
    ----------
    tahun : int
    periode_kodes : sequence of str
        Period codes (``tw1``..``tw4``, ``s1``, ``s2``, ``tahunan``); duplicates are ignored.
    phases : sequence of Phase
        Defaults to :data:`PHASES`.

    Raises
    ------
    periods.PeriodError
        For an unknown period code (Indonesian message).
    """
    periodes = sorted({Periode.from_kode(tahun, k) for k in periode_kodes},
                      key=_period_order)
    return [Job(ph, p) for p in periodes for ph in phases if p.jenis in ph.jenis]


def _period_order(p: Periode) -> tuple:
    return (p.tahun, {"triwulan": 0, "semester": 1, "tahunan": 2}[p.jenis], p.nomor)


# --------------------------------------------------------------------------------------------
# Parameters




@dataclass(frozen=True)
class NotebookParameter:
    """A name declared in a notebook's ``parameters`` cell."""

    name: str
    annotation: str | None
    required: bool  # declared with a type annotation but no value (``tahun: int``)


def notebook_parameters(nb) -> dict[str, NotebookParameter] | None:
    """Names declared in the cell tagged ``parameters``; None when the notebook has none.

    Top-level assignments (``x = 1``, ``x: int = 1``) are optional parameters; a bare
    annotation (``x: int``) is a required one (papermill's own inspection skips those).

    Raises
    ------
    SyntaxError
        When the parameters cell is not valid Python.
    """
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            out: dict[str, NotebookParameter] = {}
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                    out[node.target.id] = NotebookParameter(
                        node.target.id, ast.unparse(node.annotation), node.value is None)
                elif isinstance(node, ast.Assign):
                    for target in node.targets:
                        for n in ast.walk(target):
                            if isinstance(n, ast.Name):
                                out[n.id] = NotebookParameter(n.id, None, False)
            return out
    return None


_TYPES = {"int": int, "str": str, "float": (int, float), "bool": bool}


def check_parameters(nb, parameters: dict, notebook_name: str) -> list[str]:
    """Indonesian problems with passing ``parameters`` to ``nb``; empty when all is well.

    Checks: the notebook has a ``parameters`` cell; every passed name is declared there; every
    required name (bare annotation) is passed; a passed value matches a simple annotation
    (``int``, ``str``, ``float``, ``bool``).
    """
    try:
        declared = notebook_parameters(nb)
    except SyntaxError as exc:
        return [f"Notebook {notebook_name}: sel 'parameters' bukan kode Python yang sah "
                f"(baris {exc.lineno}: {exc.msg})."]
    if declared is None:
        return [f"Notebook {notebook_name} tidak punya sel bertanda 'parameters'; runner tidak "
                "dapat mengisi tahun dan periode."]
    problems = []
    for name, value in parameters.items():
        p = declared.get(name)
        if p is None:
            problems.append(
                f"Notebook {notebook_name}: parameter '{name}' tidak dikenal (sel 'parameters' "
                f"hanya memuat: {', '.join(declared) or '(kosong)'}).")
            continue
        want = _TYPES.get(p.annotation or "")
        if want is not None and (not isinstance(value, want)
                                 or (want is int and isinstance(value, bool))):
            problems.append(
                f"Notebook {notebook_name}: parameter '{name}' harus bertipe {p.annotation}, "
                f"runner mengirim {value!r}.")
    for p in declared.values():
        if p.required and p.name not in parameters:
            problems.append(
                f"Notebook {notebook_name}: parameter wajib '{p.name}' tidak diisi oleh runner.")
    return problems


def job_parameters(job: Job, paths: Paths, generated_at: _dt.datetime | None) -> dict:
    """Values injected into a phase notebook's parameters cell."""
    return {
        "tahun": int(job.periode.tahun),
        "periode": job.periode.kode,
        "folder_proyek": str(paths.root),
        "dibuat_pada": generated_at.isoformat(timespec="seconds") if generated_at else "",
    }


def read_notebook(path: Path):
    """Read a jupytext notebook (``.py`` percent format or ``.ipynb``) with a python3 kernelspec."""
    import jupytext

    nb = jupytext.read(str(path))
    nb.metadata.setdefault(
        "kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"})
    return nb


# --------------------------------------------------------------------------------------------
# Converters (reports.render) and the data step (io.store), injectable


@dataclass(frozen=True)
class Converters:
    """Output converters; ``None`` fields are taken from :mod:`kinerja_lib.reports.render` on use.

    Attributes
    ----------
    to_html : callable(ipynb_path, html_path, title) -> None
    find_browser : callable(settings) -> str | None
    to_pdf : callable(html_path, pdf_path, browser) -> None
    pdf_hint : callable() -> str
        Indonesian hint shown when no browser is found.
    """

    to_html: Callable | None = None
    find_browser: Callable | None = None
    to_pdf: Callable | None = None
    pdf_hint: Callable | None = None

    def resolved(self) -> Converters:
        if None not in (self.to_html, self.find_browser, self.to_pdf, self.pdf_hint):
            return self

        return Converters(
            to_html=self.to_html or render.notebook_to_html,
            find_browser=self.find_browser or render.find_browser,
            to_pdf=self.to_pdf or render.html_to_pdf,
            pdf_hint=self.pdf_hint or render.pdf_hint,
        )


def engine_data_step(paths: Paths, tahun: int, settings: Settings) -> None:
    """Compute and write the period tables of a year (``engine.compute_and_write_year``).

    Raises
    ------
    RunnerError
        When the year has not been validated yet (no processed data).
    """
    if tahun not in store.available_years(paths):
        raise RunnerError(
            f"Data olahan tahun {tahun} belum ada di {paths.processed_year(tahun)}. "
            f"Jalankan dahulu: kinerja validasi --tahun {tahun}")

    try:
        store.compute_and_write_year(paths, tahun, settings)
    except errors.MissingDataError as exc:
        raise RunnerError(f"{exc}") from exc


# --------------------------------------------------------------------------------------------
# Results


BERHASIL = "berhasil"
GAGAL = "gagal"


@dataclass
class JobResult:
    """Outcome of one job.

    Attributes
    ----------
    job : Job
    status : str
        ``"berhasil"`` or ``"gagal"``.
    outputs : list of Path
        Final output files written by this run (ipynb, html, pdf as made).
    error : str or None
        Indonesian message naming the phase, the period and the cause.
    gagal_path : Path or None
        The kept failed notebook (``<stem>.GAGAL.ipynb``), when there is one.
    attempts : int
        Kernel runs used (2 when the first kernel failed to start and was retried).
    """

    job: Job
    status: str
    outputs: list[Path] = field(default_factory=list)
    error: str | None = None
    gagal_path: Path | None = None
    attempts: int = 1

    @property
    def ok(self) -> bool:
        return self.status == BERHASIL


@dataclass
class RunResult:
    """Outcome of a run: job results in plan order and run-level notes (Indonesian)."""

    tahun: int
    jobs: list[JobResult]
    notes: list[str] = field(default_factory=list)
    pdf_made: bool = False

    @property
    def ok(self) -> bool:
        return all(j.ok for j in self.jobs)

    @property
    def failed(self) -> list[JobResult]:
        return [j for j in self.jobs if not j.ok]


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


def _log_tail(path: Path, lines: int = 3) -> str:
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
# One job


_tmp_counter = itertools.count()
_tmp_lock = threading.Lock()


def _tmp_path(final: Path) -> Path:
    """A sibling temporary path that can never be mistaken for a final output."""
    with _tmp_lock:
        n = next(_tmp_counter)
    stem, _, ext = final.name.partition(".")
    return final.with_name(f".{stem}.tmp-{os.getpid()}-{n}.{ext}")


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def _write_nb(nb, path: Path) -> None:
    import nbformat

    with open(path, "w", encoding="utf-8") as fh:
        nbformat.write(nb, fh)
        fh.flush()
        os.fsync(fh.fileno())


def _fix_metadata(nb, source: Path, final: Path) -> None:
    pm = nb.metadata.get("papermill")
    if pm is not None:
        pm["input_path"] = str(source)
        pm["output_path"] = str(final)


def _is_cell_error(exc: BaseException) -> bool:
    from papermill.exceptions import PapermillExecutionError

    return isinstance(exc, PapermillExecutionError)


def _describe(exc: BaseException) -> str:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        where = f" (sel ke-{exc.exec_count})" if exc.exec_count else ""
        value = f": {' '.join(str(exc.evalue).split())}" if exc.evalue else ""
        return f"{exc.ename}{value}{where}"
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text and text[0] else type(exc).__name__


@dataclass(frozen=True)
class _RunContext:
    paths: Paths
    notebook_dir: Path
    generated_at: _dt.datetime | None
    converters: Converters
    browser: str | None
    env: dict
    work_dir: Path  # private temporary folder of the run: sockets and kernel logs
    ipc: bool
    retry_delay: float
    start_timeout: int


#: Unix-socket transport for kernels (POSIX only); TCP otherwise.
_USE_IPC = os.name == "posix"

_kernel_counter = itertools.count()
_kernel_lock = threading.Lock()


def _execute(nb, tmp_ipynb: Path, parameters: dict, ctx: _RunContext, log_path: Path):
    import papermill

    with _kernel_lock:
        n = next(_kernel_counter)
    km_class = _kernel_manager_class(
        ctx.env, str(ctx.work_dir / f"k{n}") if ctx.ipc else None, log_path)
    return papermill.execute_notebook(
        nb, str(tmp_ipynb), parameters=parameters, kernel_name="python3", language="python",
        progress_bar=False, request_save_on_cell_execute=False, start_timeout=ctx.start_timeout,
        # The kernel's cwd is set through nbclient's resources, not papermill's ``cwd=``,
        # which would chdir this whole process (unsafe with threads).
        resources={"metadata": {"path": str(ctx.notebook_dir)}},
        kernel_manager_class=km_class,
    )


def run_job(job: Job, nb, ctx: _RunContext) -> JobResult:
    """Execute one phase notebook and write its outputs atomically (see module docstring)."""
    paths = ctx.paths
    out_dir = job.out_dir(paths)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = job.phase.stem
    # temporaries left by a killed run (ours, and the converters' own inside them)
    for stale in out_dir.glob(f"*.{stem}.tmp-*"):
        _remove(stale)
    final = {ext: job.output(paths, ext) for ext in ("ipynb", "html", "pdf", "GAGAL.ipynb")}
    source = job.notebook(ctx.notebook_dir)
    params = job_parameters(job, paths, ctx.generated_at)
    tmp_ipynb = _tmp_path(final["ipynb"])
    temps = [tmp_ipynb]
    attempts = 0
    try:
        while True:
            attempts += 1
            log_path = ctx.work_dir / f"{job.periode.kode}-{stem}-{attempts}.log"
            try:
                executed = _execute(nb, tmp_ipynb, params, ctx, log_path)
                break
            except Exception as exc:  # noqa: BLE001 - reported to the user, not swallowed
                if not _is_cell_error(exc) and attempts < 2:
                    time.sleep(ctx.retry_delay)
                    continue
                return _fail(job, exc, tmp_ipynb, final, source, attempts,
                             "" if _is_cell_error(exc) else _log_tail(log_path))
        _fix_metadata(executed, source, final["ipynb"])
        _write_nb(executed, tmp_ipynb)

        tmp_html = _tmp_path(final["html"])
        temps.append(tmp_html)
        try:
            ctx.converters.to_html(tmp_ipynb, tmp_html, job.title)
        except Exception as exc:  # noqa: BLE001
            _commit({tmp_ipynb: final["ipynb"]}, remove=[final["html"], final["pdf"],
                                                        final["GAGAL.ipynb"]])
            return JobResult(job, GAGAL, [final["ipynb"]], attempts=attempts, error=(
                f"{job.label}: notebook berhasil dijalankan tetapi HTML gagal dibuat: "
                f"{_describe(exc)}"))
        made = {tmp_ipynb: final["ipynb"], tmp_html: final["html"]}

        pdf_error = None
        if ctx.browser:
            tmp_pdf = _tmp_path(final["pdf"])
            temps.append(tmp_pdf)
            try:
                ctx.converters.to_pdf(tmp_html, tmp_pdf, ctx.browser)
                if not tmp_pdf.exists() or tmp_pdf.stat().st_size == 0:
                    raise RuntimeError("berkas PDF tidak terbentuk")
                made[tmp_pdf] = final["pdf"]
            except Exception as exc:  # noqa: BLE001
                pdf_error = exc
        remove = [final["GAGAL.ipynb"]] + ([] if final["pdf"] in made.values() else [final["pdf"]])
        _commit(made, remove=remove)
        outputs = list(made.values())
        if pdf_error is not None:
            return JobResult(job, GAGAL, outputs, attempts=attempts, error=(
                f"{job.label}: HTML sudah dibuat tetapi PDF gagal dibuat: "
                f"{_describe(pdf_error)}"))
        return JobResult(job, BERHASIL, outputs, attempts=attempts)
    finally:
        for t in temps:
            _remove(t)


def _run_job_guarded(job: Job, nb, ctx: _RunContext) -> JobResult:
    """:func:`run_job`, turning an unexpected error into a failed result so others continue."""
    try:
        return run_job(job, nb, ctx)
    except PermissionError as exc:  # on Windows: the old file is open in a viewer
        name = exc.filename2 or exc.filename or ""
        return JobResult(job, GAGAL, error=(
            f"Fase '{job.phase.judul}' untuk {job.periode.label} gagal: berkas {name} tidak "
            "dapat ditulis (mungkin sedang dibuka di program lain, misalnya penampil PDF). "
            "Tutup berkas itu lalu jalankan ulang."))
    except Exception as exc:  # noqa: BLE001
        return JobResult(job, GAGAL, error=(
            f"Fase '{job.phase.judul}' untuk {job.periode.label} gagal: {_describe(exc)}."))


def _commit(made: dict[Path, Path], remove: Sequence[Path] = ()) -> None:
    """Rename completed temporaries to their final names, then drop outdated outputs."""
    for tmp, final in made.items():
        os.replace(tmp, final)
    for path in remove:
        _remove(path)


def _fail(job: Job, exc: BaseException, tmp_ipynb: Path, final: dict, source: Path,
          attempts: int, kernel_log: str = "") -> JobResult:
    """Keep the failed notebook as ``<stem>.GAGAL.ipynb`` and remove the job's old outputs."""
    gagal = None
    if tmp_ipynb.exists():
        import nbformat

        try:
            nb = nbformat.read(str(tmp_ipynb), as_version=4)
            _fix_metadata(nb, source, final["GAGAL.ipynb"])
            _write_nb(nb, tmp_ipynb)
            os.replace(tmp_ipynb, final["GAGAL.ipynb"])
            gagal = final["GAGAL.ipynb"]
        except Exception:  # noqa: BLE001 - an unreadable partial notebook is not kept
            gagal = None
    for ext in ("ipynb", "html", "pdf"):
        _remove(final[ext])
    if gagal is None:
        _remove(final["GAGAL.ipynb"])
    cause = _describe(exc)
    where = (f" Notebook yang gagal disimpan di {gagal}." if gagal
             else " Kernel tidak menghasilkan notebook.")
    if _is_cell_error(exc):
        kind = ""
    else:
        kind = f" (kernel berhenti, sudah dicoba {attempts} kali)"
        if kernel_log:
            where += f" Pesan terakhir kernel: {kernel_log}"
    return JobResult(job, GAGAL, [], gagal_path=gagal, attempts=attempts, error=(
        f"Fase '{job.phase.judul}' untuk {job.periode.label} gagal{kind}: {cause}.{where}"))


# --------------------------------------------------------------------------------------------
# The run


def run(
    paths: Paths,
    settings: Settings,
    tahun: int,
    periode_kodes: Sequence[str],
    *,
    parallel: int = 2,
    pdf: bool = True,
    generated_at: _dt.datetime | None = None,
    converters: Converters | None = None,
    data_step: Callable[[Paths, int, Settings], object] | None = engine_data_step,
    notebook_dir: Path | None = None,
    phases: Sequence[Phase] = PHASES,
    progress: bool | None = None,
    retry_delay: float = 1.0,
    start_timeout: int = 120,
) -> RunResult:
    """Run the phase notebooks of the given periods and write their reports.

    Parameters
    ----------
    paths, settings : Paths, Settings
    tahun : int
    periode_kodes : sequence of str
        Period codes, e.g. ``["tw2"]`` or every code of :func:`periods.all_periods`.
    parallel : int
        Number of kernels running at once (at least 1).
    pdf : bool
        Also print each HTML to PDF when a browser is found (``--tanpa-pdf`` = False).
    generated_at : datetime, optional
        Run time shown in the reports (notebook parameter ``dibuat_pada``); None = empty.
    converters : Converters, optional
        HTML/PDF functions; missing ones are taken from :mod:`kinerja_lib.reports.render`.
    data_step : callable(paths, tahun, settings), optional
        Run once before the notebooks; default :func:`engine_data_step`. None skips it.
    notebook_dir : Path, optional
        Folder of the phase notebooks; default ``paths.notebooks``.
    phases : sequence of Phase
        Defaults to :data:`PHASES`.
    progress : bool or None
        tqdm progress bar on stderr; None = only on a terminal.
    retry_delay : float
        Seconds to wait before the single retry of a kernel that failed to start.
    start_timeout : int
        Seconds to wait for a kernel to start.

    Returns
    -------
    RunResult

    Raises
    ------
    RunnerError
        Before anything runs: bad period code, missing notebook, parameter mismatch,
        ``parallel`` < 1, or processed data missing for the data step.
    """
    from tqdm import tqdm

    if int(parallel) < 1:
        raise RunnerError("Jumlah kernel paralel (--paralel) minimal 1.")
    try:
        jobs = plan(tahun, periode_kodes, phases)
    except PeriodError as exc:
        raise RunnerError(str(exc)) from exc
    notebook_dir = Path(notebook_dir) if notebook_dir is not None else paths.notebooks

    # 1. Read every notebook and check its parameters before running anything.
    problems, notebooks = [], {}
    for job in jobs:
        src = job.notebook(notebook_dir)
        if src.stem not in notebooks:
            if not src.exists():
                problems.append(f"Notebook fase '{job.phase.judul}' ({src.name}) tidak ditemukan "
                                f"di {src.parent}.")
                notebooks[src.stem] = None
                continue
            try:
                notebooks[src.stem] = read_notebook(src)
            except Exception as exc:  # noqa: BLE001
                problems.append(f"Notebook {src} tidak dapat dibaca: {_describe(exc)}")
                notebooks[src.stem] = None
                continue
        nb = notebooks[src.stem]
        if nb is not None:
            for p in check_parameters(nb, job_parameters(job, paths, generated_at), src.name):
                if p not in problems:
                    problems.append(p)
    if problems:
        raise RunnerError("Notebook tidak dijalankan:\n- " + "\n- ".join(problems))

    conv = (converters or Converters()).resolved()
    notes: list[str] = []
    browser = None
    if pdf:
        browser = conv.find_browser(settings)
        if not browser:
            hint = conv.pdf_hint()  # render.pdf_hint already starts "PDF tidak dibuat ..."
            notes.append(hint if hint.startswith("PDF tidak dibuat") else
                         f"PDF tidak dibuat: {hint}")

    bar = tqdm(total=len(jobs) + (1 if data_step else 0), desc="Menyiapkan",
               unit="langkah", file=sys.stderr, disable=None if progress is None else not progress,
               dynamic_ncols=True)
    try:
        # 2. Data step, in-process.
        if data_step is not None:
            bar.set_description(f"Mengolah data {tahun}")
            data_step(paths, tahun, settings)
            bar.update(1)

        # 3. Notebook jobs in parallel.
        work_dir = Path(tempfile.mkdtemp(prefix="kinerja-"))
        try:
            ctx = _RunContext(
                paths=paths, notebook_dir=notebook_dir, generated_at=generated_at,
                converters=conv, browser=browser, env=kernel_env(paths), work_dir=work_dir,
                ipc=_USE_IPC, retry_delay=retry_delay, start_timeout=start_timeout)
            results: dict[int, JobResult] = {}
            bar.set_description("Menjalankan notebook")
            pool = ThreadPoolExecutor(max_workers=min(int(parallel), max(len(jobs), 1)),
                                      thread_name_prefix="kinerja-notebook")
            try:
                order = sorted(range(len(jobs)), key=lambda i: (-jobs[i].phase.bobot, i))
                futures = {pool.submit(_run_job_guarded, jobs[i], notebooks[jobs[i].phase.stem],
                                       ctx): i for i in order}
                for fut in as_completed(futures):
                    i = futures[fut]
                    results[i] = fut.result()
                    bar.set_postfix_str(f"{jobs[i].periode.kode}/{jobs[i].phase.stem}",
                                        refresh=False)
                    bar.update(1)
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
            pool.shutdown(wait=True)
        finally:
            shutil.rmtree(work_dir, ignore_errors=True)
        bar.set_description("Selesai")
    finally:
        bar.close()
    return RunResult(tahun=tahun, jobs=[results[i] for i in range(len(jobs))], notes=notes,
                     pdf_made=bool(browser))


# --------------------------------------------------------------------------------------------
# CLI






