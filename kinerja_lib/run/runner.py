"""Run the SOP phase notebooks with papermill and write the reports; ``kinerja jalankan``.

A run has two steps:

1. The data step, in this process, once per year: ``engine.compute_and_write_year`` writes
   the period tables under ``data/processed/<tahun>/<periode>/`` that the notebooks read.
2. The notebook jobs (one per phase x period, see :data:`PHASES` and :func:`plan` in
   :mod:`.jobs`). They are independent of each other and run in parallel in a thread pool;
   each thread drives one Jupyter kernel (a separate process) through papermill, then
   converts the executed notebook to HTML and, when a browser is available, to PDF.

Parameters are checked against each notebook's ``parameters`` cell *before* anything runs
(papermill itself only logs a warning for an unknown name); see :mod:`.notebooks`.

Outputs go to ``reports/<tahun>/<periode>/<stem>.{html,pdf}`` (the folder people share) and
the executed notebooks, kept for audit, to ``reports/<tahun>/notebook/<periode>/<stem>.ipynb``
(:meth:`Paths.notebook_dir`). A period's outputs are replaced as a whole: its jobs write into
a hidden staging folder and, when the last one has finished, the staging folder takes the
period folder's place, carrying over every file the product did not make (see
:mod:`.output_set`); a run killed midway leaves the old complete set, and the next run
finishes or removes what it left. After a run the period folder holds exactly this run's
outputs (an older PDF is gone when no PDF was made). A failed notebook is kept as
``<stem>.GAGAL.ipynb`` in the audit folder and the job has no output in the new set, so
nothing out of date looks current; the other jobs continue and :attr:`RunResult.ok` is False.
When stdout is not a terminal, one plain line is printed per finished job
(:func:`.jobs.progress_line`).

Kernel start-up race: kernels started at the same moment can pick the same TCP port
(``ZMQError: Address already in use`` / "kernel died"). On POSIX each kernel therefore talks
over IPC (Unix sockets) with its own socket prefix in a private temporary folder, so there is no
port to collide on; on Windows TCP is used with jupyter_client's in-process port cache. In both
cases a job whose kernel fails for a reason other than a cell error is retried once
(:attr:`JobResult.attempts` is then 2). Kernel details live in :mod:`.kernels`.

Every kernel runs the interpreter running kinerja (``sys.executable``), in the notebooks folder,
with ``KINERJA_HOME`` set to the project root and ``PLOTLY_RENDERER=notebook``. A kernel's own
stdout/stderr (ipykernel log lines, start-up crashes) go to a log file in the run's temporary
folder, not to the terminal; its last lines are quoted when a kernel fails. Cell output is part
of the executed notebook as usual.

Approved reports are archived: when a period's report is DISETUJUI (its latest decision in
force approves the current period fingerprint, ``io.review``), each job's HTML and PDF are also
copied, once, to ``reports/<tahun>/<periode>/arsip/<sidik>/`` and made read-only. A file
already archived there is never replaced, so a rerun of unchanged data keeps the copy made
first, and a later change of the data (a new sidik) leaves the approved copy in place.

Nothing here reads the clock: the run time shown in the reports (``generated_at``) is passed
in; :func:`kinerja_lib.ui.commands.jalankan` is the one place that reads it.
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path

import nbformat
from tqdm import tqdm

from kinerja_lib.domain import errors
from kinerja_lib.domain.errors import PeriodError, ReviewError, RunnerError
from kinerja_lib.domain.fingerprint import period_fingerprint
from kinerja_lib.domain.periods import Periode
from kinerja_lib.domain.settings import Settings
from kinerja_lib.io import review, store
from kinerja_lib.io.paths import Paths
from kinerja_lib.reports import daftar_isi, render
from kinerja_lib.run import output_set
from kinerja_lib.run.jobs import (
    BERHASIL,
    GAGAL,
    PHASES,
    Job,
    JobResult,
    Phase,
    RunResult,
    plan,
    progress_line,
)
from kinerja_lib.run.kernels import (
    KERNEL_EXEC_LINES,
    USE_IPC,
    WarmKernels,
    WarmPool,
    describe_error,
    execute_notebook,
    is_cell_error,
    kernel_env,
    log_tail,
)
from kinerja_lib.run.notebooks import (
    NotebookParameter,
    check_parameters,
    job_parameters,
    notebook_parameters,
    read_and_check,
    read_notebook,
)
from kinerja_lib.run.output_set import (
    ARCHIVE_DIR,
    archive_copy,
    remove_file,
    remove_stale_temp,
    temp_path,
)

#: Names importable from here (several live in :mod:`.jobs`, :mod:`.kernels`,
#: :mod:`.notebooks`).
__all__ = [
    "BERHASIL", "GAGAL", "KERNEL_EXEC_LINES", "PHASES", "Converters", "Job", "JobResult",
    "NotebookParameter", "Phase", "RunResult", "check_parameters", "engine_data_step",
    "remove_stale_temp",
    "job_parameters", "kernel_env", "notebook_parameters", "plan", "read_notebook", "run",
    "run_job", "progress_line", "archive_copy",
]

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
            # daftar_isi.cetak_pdf = render.html_to_pdf, plus TOC page numbers (LKjIP)
            to_pdf=self.to_pdf or daftar_isi.cetak_pdf,
            pdf_hint=self.pdf_hint or render.pdf_hint,
        )


def engine_data_step(paths: Paths, tahun: int, settings: Settings) -> None:
    """Compute and write the period tables of a year (``store.compute_and_write_year``),
    or reuse those ``kinerja validasi`` wrote when nothing they depend on has changed.

    Raises
    ------
    RunnerError
        When the year has not been validated yet (no processed data), or its outputs do
        not match the completeness marker of the last validasi (``store.check_complete``).
    """
    if tahun not in store.available_years(paths):
        raise RunnerError(
            f"Data olahan tahun {tahun} belum ada di {paths.processed_year(tahun)}. "
            f"Jalankan dahulu: kinerja validasi --tahun {tahun}")
    try:
        store.check_complete(paths, tahun)
    except errors.IncompleteDataError as exc:
        raise RunnerError(str(exc)) from exc

    try:
        store.compute_and_write_year(paths, tahun, settings, reuse=True)
    except errors.MissingDataError as exc:
        raise RunnerError(f"{exc}") from exc


# --------------------------------------------------------------------------------------------
# One job


def _write_nb(nb, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        nbformat.write(nb, fh)
        fh.flush()
        os.fsync(fh.fileno())


def _fix_metadata(nb, source: Path, final: Path) -> None:
    pm = nb.metadata.get("papermill")
    if pm is not None:
        pm["input_path"] = str(source)
        pm["output_path"] = str(final)

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
    approved: dict = field(default_factory=dict)  # periode kode -> sidik of approved reports
    staging: dict = field(default_factory=dict)  # periode kode -> staging folder of the run
    kernels: WarmKernels | None = None  # the run's warm kernels (None: cold kernels)


def _execute(nb, tmp_ipynb: Path, parameters: dict, ctx: _RunContext, log_path: Path):
    return execute_notebook(
        nb, tmp_ipynb, parameters, env=ctx.env, work_dir=ctx.work_dir, ipc=ctx.ipc,
        cwd=ctx.notebook_dir, start_timeout=ctx.start_timeout, log_path=log_path,
        kernels=ctx.kernels)


def run_job(job: Job, nb, ctx: _RunContext) -> JobResult:
    """Execute one phase notebook and write its outputs atomically (see module docstring).

    A kernel that fails for a reason other than a cell error is retried once, after
    ``ctx.retry_delay`` seconds; :attr:`JobResult.attempts` counts the kernel runs.
    """
    paths = ctx.paths
    out_dir = ctx.staging.get(job.periode.kode) or output_set.staging_dir(job.out_dir(paths))
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = job.phase.stem
    final = {ext: out_dir / f"{stem}.{ext}" for ext in output_set.OUTPUT_KINDS}
    audit = paths.notebook_dir(job.periode.tahun, job.periode.kode)
    source = job.notebook(ctx.notebook_dir)
    params = job_parameters(job, paths, ctx.generated_at)
    tmp_ipynb = temp_path(final["ipynb"])
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
                if not is_cell_error(exc) and attempts < 2:
                    time.sleep(ctx.retry_delay)
                    continue
                return _fail(job, exc, tmp_ipynb, final, source, attempts,
                             "" if is_cell_error(exc) else log_tail(log_path), audit)
        _fix_metadata(executed, source, audit / final["ipynb"].name)
        _write_nb(executed, tmp_ipynb)
        return _convert(job, ctx, tmp_ipynb, final, temps, attempts)
    finally:
        for t in temps:
            remove_file(t)


def _convert(job: Job, ctx: _RunContext, tmp_ipynb: Path, final: dict, temps: list[Path],
             attempts: int) -> JobResult:
    """Make the HTML (and PDF) of an executed notebook, then commit the job's outputs.

    Every temporary made is appended to ``temps`` (the caller removes leftovers).
    """
    tmp_html = temp_path(final["html"])
    temps.append(tmp_html)
    try:
        ctx.converters.to_html(tmp_ipynb, tmp_html, job.title)
    except Exception as exc:  # noqa: BLE001
        _commit({tmp_ipynb: final["ipynb"]}, remove=[final["html"], final["pdf"],
                                                    final["GAGAL.ipynb"]])
        return JobResult(job, GAGAL, [final["ipynb"]], attempts=attempts, error=(
            f"{job.label}: notebook berhasil dijalankan tetapi HTML gagal dibuat: "
            f"{describe_error(exc)}"))
    made = {tmp_ipynb: final["ipynb"], tmp_html: final["html"]}

    pdf_error = None
    if ctx.browser:
        tmp_pdf = temp_path(final["pdf"])
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
            f"{describe_error(pdf_error)}"))
    return JobResult(job, BERHASIL, outputs, attempts=attempts)


def _run_job_guarded(job: Job, nb, ctx: _RunContext) -> JobResult:
    """:func:`run_job`, turning an unexpected error into a failed result so others continue;
    the result carries the job's wall time."""
    start = time.monotonic()
    result = _run_job_caught(job, nb, ctx)
    result.detik = time.monotonic() - start
    return result


def _run_job_caught(job: Job, nb, ctx: _RunContext) -> JobResult:
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
            f"Fase '{job.phase.judul}' untuk {job.periode.label} gagal: {describe_error(exc)}."))


def _commit(made: dict[Path, Path], remove: Sequence[Path] = ()) -> None:
    """Rename completed temporaries to their final names, then drop outdated outputs."""
    for tmp, final in made.items():
        os.replace(tmp, final)
    for path in remove:
        remove_file(path)


def approved_periods(paths: Paths, settings: Settings, tahun: int,
                     periods: Sequence[Periode]) -> dict[str, str]:
    """Periods whose report is DISETUJUI now, with their current sidik.

    Same rule as the reports' status mark (``io.review.report_status`` on the period
    fingerprint). A year without processed data or a period whose decisions file cannot be
    read counts as not approved (the notebook reports the problem).
    """
    try:
        data = store.load_year(paths, tahun)
    except errors.MissingDataError:
        return {}
    out: dict[str, str] = {}
    for p in periods:
        try:
            decisions = review.load_decisions(paths, p.tahun, p.kode)
        except ReviewError:
            continue
        if not decisions:
            continue
        sidik = period_fingerprint(data, p, settings)
        if review.report_status(decisions, sidik).kode == review.DISETUJUI:
            out[p.kode] = sidik
    return out


def _fail(job: Job, exc: BaseException, tmp_ipynb: Path, final: dict, source: Path,
          attempts: int, kernel_log: str = "", audit: Path | None = None) -> JobResult:
    """Keep the failed notebook as ``<stem>.GAGAL.ipynb`` (moved to the audit folder ``audit``
    with the period's set) and remove the job's outputs."""
    gagal = None
    shown = (audit or final["GAGAL.ipynb"].parent) / final["GAGAL.ipynb"].name
    if tmp_ipynb.exists():
        try:
            nb = nbformat.read(str(tmp_ipynb), as_version=4)
            _fix_metadata(nb, source, shown)
            _write_nb(nb, tmp_ipynb)
            os.replace(tmp_ipynb, final["GAGAL.ipynb"])
            gagal = final["GAGAL.ipynb"]
        except Exception:  # noqa: BLE001 - an unreadable partial notebook is not kept
            gagal = None
    for ext in ("ipynb", "html", "pdf"):
        remove_file(final[ext])
    if gagal is None:
        remove_file(final["GAGAL.ipynb"])
    cause = describe_error(exc)
    where = (f" Notebook yang gagal disimpan di {shown}." if gagal
             else " Kernel tidak menghasilkan notebook.")
    if is_cell_error(exc):
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
    paths: Paths, settings: Settings, tahun: int, periode_kodes: Sequence[str], *,
    parallel: int = 2, pdf: bool = True, generated_at: _dt.datetime | None = None,
    converters: Converters | None = None,
    data_step: Callable[[Paths, int, Settings], object] | None = engine_data_step,
    notebook_dir: Path | None = None, phases: Sequence[Phase] = PHASES,
    progress: bool | None = None, retry_delay: float = 1.0, start_timeout: int = 120,
    lines: Callable[[str], None] | bool | None = None, pool: WarmPool | None = None,
) -> RunResult:
    """Run the phase notebooks of the given periods and write their reports.

    Parameters
    ----------
    paths, settings : Paths, Settings
    tahun, periode_kodes : int, sequence of str
        Year; period codes, e.g. ``["tw2"]`` or every code of :func:`periods.all_periods`.
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
    phases : sequence of Phase, default :data:`PHASES`
    progress : bool or None
        tqdm progress bar on stderr; None = only on a terminal.
    retry_delay, start_timeout : float, int
        Seconds before the single retry of a kernel that failed to start; seconds to wait
        for a kernel to start.
    lines : callable(str), bool or None
        Gets a line per finished job (:func:`.progress_line`); True/None: stdout/if no tty.
    pool : WarmPool, optional
        Kernels and browsers to use (a dask worker's). None: the run's own, its
        ``parallel`` kernels started while the data step runs, stopped at the end.

    Returns
    -------
    RunResult
        (Outputs of approved periods are also archived, see the module docstring.)

    Raises
    ------
    RunnerError
        Before anything runs: bad period code, missing notebook, parameter mismatch,
        ``parallel`` < 1, or processed data missing for the data step.
    """
    jobs = _plan(tahun, periode_kodes, phases, parallel)
    notebook_dir = Path(notebook_dir) if notebook_dir is not None else paths.notebooks
    notebooks = read_and_check(jobs, notebook_dir, paths, generated_at)
    conv = (converters or Converters()).resolved()
    browser, notes = _find_browser(conv, settings) if pdf else (None, [])
    bar = tqdm(total=len(jobs) + (1 if data_step else 0), desc="Menyiapkan",
               unit="langkah", file=sys.stderr, disable=None if progress is None else not progress,
               dynamic_ncols=True)
    own_pool, pool = pool is None, pool or WarmPool(kernel_env(paths))
    pool.prestart(min(int(parallel), len(jobs)), notebook_dir, kernel_env(paths))  # kernels
    try:
        if data_step is not None:
            bar.set_description(f"Mengolah data {tahun}")
            data_step(paths, tahun, settings)
            bar.update(1)
        approved = approved_periods(paths, settings, tahun, sorted({j.periode for j in jobs}))
        results = _run_jobs(jobs, notebooks, bar, int(parallel), paths=paths,
                            notebook_dir=notebook_dir, generated_at=generated_at,
                            converters=conv, browser=browser, retry_delay=retry_delay,
                            start_timeout=start_timeout, approved=approved,
                            periods=(tahun, periode_kodes), line=_line_sink(lines),
                            stems={p.stem for p in (*PHASES, *phases)}, pool=pool)
        bar.set_description("Selesai")
    finally:
        bar.close()
        if own_pool:
            pool.close()
    notes += _archive_notes(paths, tahun, approved)
    return RunResult(tahun=tahun, jobs=results, notes=notes, pdf_made=bool(browser))


def _plan(tahun: int, periode_kodes: Sequence[str], phases: Sequence[Phase],
          parallel: int) -> list[Job]:
    if int(parallel) < 1:
        raise RunnerError("Jumlah kernel paralel (--paralel) minimal 1.")
    try:
        return plan(tahun, periode_kodes, phases)
    except PeriodError as exc:
        raise RunnerError(str(exc)) from exc


def _line_sink(lines) -> Callable[[str], None] | None:
    if callable(lines):
        return lines
    if lines or (lines is None and not sys.stdout.isatty()):
        return functools.partial(print, flush=True)
    return None


def _archive_notes(paths: Paths, tahun: int, approved: dict[str, str]) -> list[str]:
    """One note per approved period whose archive folder exists."""
    notes = []
    for kode, sidik in approved.items():
        folder = paths.report_dir(tahun, kode) / ARCHIVE_DIR / sidik
        if folder.is_dir():
            notes.append(f"Laporan {Periode.from_kode(tahun, kode).label} berstatus DISETUJUI; "
                         f"salinan HTML/PDF yang disetujui tersimpan di {folder}.")
    return notes


def _find_browser(conv: Converters, settings: Settings) -> tuple[str | None, list[str]]:
    """The browser that prints the PDFs and the run notes (a hint when there is none)."""
    browser = conv.find_browser(settings)
    notes: list[str] = []
    if not browser:
        hint = conv.pdf_hint()  # render.pdf_hint already starts "PDF tidak dibuat ..."
        notes.append(hint if hint.startswith("PDF tidak dibuat") else
                     f"PDF tidak dibuat: {hint}")
    return browser, notes


def _run_jobs(jobs: list[Job], notebooks: dict, bar, parallel: int, line=None,
              **context) -> list[JobResult]:
    """Run the jobs in a thread pool (heaviest first); results in plan order.

    Each period's jobs write into its staging folder; when the last one has finished the
    period's set replaces the old one as a whole (:mod:`.output_set`). ``line`` (callable or
    None) gets one progress line per finished job (:func:`.jobs.progress_line`).
    ``context`` holds the :class:`_RunContext` fields other than the environment, the
    staging folders and the run's private temporary folder, which are made here.
    """
    remove_stale_temp()
    paths: Paths = context["paths"]
    ours = output_set.output_names(context.pop("stems"))
    tahun, kodes = context.pop("periods")
    output_set.recover(paths.reports / str(tahun), ours, kodes)
    staging = {j.periode.kode: output_set.staging_dir(j.out_dir(paths)) for j in jobs}
    left = {kode: sum(j.periode.kode == kode for j in jobs) for kode in staging}
    work_dir = Path(tempfile.mkdtemp(prefix=f"kinerja-{os.getpid()}-"))
    pool: WarmPool = context.pop("pool")
    to_pdf = pool.printer(context["converters"].to_pdf)
    if context["browser"] and to_pdf is not context["converters"].to_pdf:
        # the pool prints: its browsers start now (during the data step they would only
        # have competed with it for the processor)
        pool.prestart(min(parallel, len(jobs)), context["notebook_dir"], kernel_env(paths),
                      context["browser"])
    context["converters"] = replace(context["converters"], to_pdf=to_pdf)
    try:
        ctx = _RunContext(env=kernel_env(paths), work_dir=work_dir, ipc=USE_IPC,
                          staging=staging, kernels=pool.kernels, **context)
        results: dict[int, JobResult] = {}
        bar.set_description("Menjalankan notebook")
        pool = ThreadPoolExecutor(max_workers=min(parallel, max(len(jobs), 1)),
                                  thread_name_prefix="kinerja-notebook")
        try:
            order = sorted(range(len(jobs)), key=lambda i: (-jobs[i].phase.bobot, i))
            futures = {pool.submit(_run_job_guarded, jobs[i], notebooks[jobs[i].phase.stem],
                                   ctx): i for i in order}
            for fut in as_completed(futures):
                i = futures[fut]
                results[i] = fut.result()
                kode = jobs[i].periode.kode
                left[kode] -= 1
                if left[kode] == 0:
                    _commit_period(ctx, kode, [results[k] for k in sorted(results)
                                               if jobs[k].periode.kode == kode], ours)
                if line is not None:
                    line(progress_line(len(results), len(jobs), results[i]))
                bar.set_postfix_str(f"{kode}/{jobs[i].phase.stem}", refresh=False)
                bar.update(1)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
        for folder in staging.values():  # not committed (interrupted): only our files go
            output_set.discard(folder, ours)
    return [results[i] for i in range(len(jobs))]


def _commit_period(ctx: _RunContext, kode: str, results: list[JobResult],
                   ours: set[str]) -> None:
    """Replace a period's outputs by this run's set (:func:`.output_set.commit_period`),
    point the results at the final paths and archive approved reports.

    A rename refused by the system (on Windows: a file open in another program) fails the
    period's jobs with a message; the complete set waits in the staging folder and the next
    run puts it in place.
    """
    job = results[0].job
    final = job.out_dir(ctx.paths)
    audit = ctx.paths.notebook_dir(job.periode.tahun, kode)
    try:
        output_set.commit_period(ctx.staging[kode], final, audit,
                                 sorted({r.job.phase.stem for r in results}), ours)
    except OSError as exc:
        for r in results:
            r.status, r.outputs, r.gagal_path = GAGAL, [], None
            r.error = (f"Laporan {job.periode.label} di {final} tidak dapat diganti "
                       f"({exc.strerror or type(exc).__name__}); laporan lama tetap utuh. "
                       "Tutup berkas atau folder laporan yang sedang dibuka di program lain "
                       "(misalnya penampil PDF), lalu jalankan ulang.")
        return
    for r in results:
        r.outputs = [(audit if p.name.endswith(".ipynb") else final) / p.name
                     for p in r.outputs]
        r.gagal_path = audit / r.gagal_path.name if r.gagal_path is not None else None
        sidik = ctx.approved.get(kode)
        for out in r.outputs if sidik else ():
            if out.suffix in (".html", ".pdf"):
                archive_copy(out, final / ARCHIVE_DIR / sidik / out.name)
