"""Many offices at once on dask.distributed: ``kinerja wilayah jalankan``.

A *wilayah* (workspace) is a folder of office folders. The work is split into tasks:

* the **validasi task** of an office-year: ``io.validasi.validate_year`` (what ``kinerja
  validasi`` writes) followed by the engine data step (``runner.engine_data_step``, the period
  tables of every period of the year);
* one **period task** per office-period: ``runner.run`` for that one period without its data
  step (the validasi task of the same office-year did it), i.e. the phase notebooks to
  ipynb, HTML and PDF.

Every period task depends on its office's validasi task (a dask dependency: the validasi
result is the period task's argument). Tasks never raise: a failure becomes a
:class:`HasilTugas` with an Indonesian cause, the office's period tasks then report
"tidak dijalankan", and the other offices carry on.

The same code runs on a :class:`distributed.LocalCluster` (processes, one thread each) or on
an existing cluster (``Client(address)``): :func:`jalankan_tugas` only uses
``client.submit`` and ``as_completed``. Workers import ``kinerja_lib`` from the same
environment and read and write the office folders directly (a shared file system).

Resuming: a task whose inputs and outputs are unchanged since its last success is skipped
(status ``tidak berubah``). The record of a success is a small JSON file under the office's
``data/.wilayah/`` (``<tahun>-validasi.json``, ``<tahun>-<periode>.json``), outside
``data/processed`` and ``reports``. Inputs of a validasi: the bytes of every file under
``data/raw/<tahun>/``, of ``data/pengaturan.toml``, the completeness markers of earlier
processed years (history), the package version and its files (:func:`code_key`); it is
current when they are unchanged, the year's completeness marker (``lengkap.json``) is the
one written then and every period folder exists. Inputs of a period: the validasi's inputs, the period fingerprint
(``io.fingerprint.current_fingerprint``), the review decisions file, the phase notebooks and
the PDF choice; it is current when they are unchanged and every recorded output file still
has the recorded sha256.

Nothing here reads the clock: the run time shown in the reports is a parameter.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as _dt
import functools
import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import nbformat

from kinerja_lib import __version__
from kinerja_lib.domain.errors import UserError
from kinerja_lib.domain.periods import Periode, all_periods, tanggal_acuan
from kinerja_lib.domain.settings import Settings
from kinerja_lib.io import store
from kinerja_lib.io.fingerprint import current_fingerprint
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.review import decisions_file
from kinerja_lib.io.settings_file import load_settings, require_units
from kinerja_lib.io.validasi import validate_year
from kinerja_lib.reports import render
from kinerja_lib.reports import wilayah as laporan
from kinerja_lib.run.kernels import (
    USE_IPC,
    WarmPool,
    describe_error,
    execute_notebook,
    kernel_env,
)
from kinerja_lib.run.notebooks import read_notebook
from kinerja_lib.run.runner import ARCHIVE_DIR, PHASES, engine_data_step, run

BERHASIL = "berhasil"
TIDAK_BERUBAH = "tidak berubah"  # skipped: inputs and outputs unchanged since the last success
GAGAL = "gagal"
TIDAK_DIJALANKAN = "tidak dijalankan"  # the office's validasi failed
VALIDASI = "validasi"
LAPORAN_WILAYAH = "laporan wilayah"  # the kantor label of a regency report task
STATE_DIR = ".wilayah"  # under the office's data/ folder


@dataclass(frozen=True)
class Tugas:
    """One task: the validasi of an office-year (``periode`` None) or one office-period."""

    kantor: str
    folder: str  # absolute path of the office folder
    tahun: int
    periode: str | None = None

    @property
    def nama(self) -> str:
        return f"{self.kantor} {self.periode or VALIDASI}"


@dataclass(frozen=True)
class HasilTugas:
    """Outcome of one task.

    Attributes
    ----------
    tugas : Tugas
    status : str
        :data:`BERHASIL`, :data:`TIDAK_BERUBAH`, :data:`GAGAL` or :data:`TIDAK_DIJALANKAN`.
    pesan : str
        Indonesian cause of a failure, or a note (quarantined rows of a validasi).
    detik : float
        Wall time of the task.
    kunci : str
        The task's input key (a validasi's is part of its periods' keys).
    berkas : tuple of str
        Output files of a period task.
    """

    tugas: Tugas
    status: str
    pesan: str = ""
    detik: float = 0.0
    kunci: str = ""
    berkas: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.status in (BERHASIL, TIDAK_BERUBAH)


# --------------------------------------------------------------------------- fingerprints


def _files_key(files: Sequence[Path], root: Path, *extra: str) -> str:
    """sha256 over (relative name, content sha256) of the existing files, plus ``extra``."""
    h = hashlib.sha256("\n".join(extra).encode("utf-8"))
    for f in sorted(files):
        if f.is_file():
            h.update(f"\n{f.relative_to(root).as_posix()} {store.sha256_file(f)}".encode())
    return h.hexdigest()


_PACKAGE = Path(__file__).resolve().parent.parent


@functools.cache
def code_key() -> str:
    """sha256 of kinerja_lib's files (code, templates, assets): part of every task's input
    key, so a changed program (a developer's checkout, a fix inside one version) runs every
    task again instead of keeping outputs the old code made."""
    h = hashlib.sha256()
    for f in sorted(_PACKAGE.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(f"{f.relative_to(_PACKAGE).as_posix()}\0".encode() + f.read_bytes())
    return h.hexdigest()


def validasi_key(paths: Paths, tahun: int) -> str:
    """Input key of an office-year's validasi (see the module docstring)."""
    history = [paths.processed_year(y) / store.MARKER_NAME
               for y in store.available_years(paths) if y < tahun]
    files = [*paths.raw_year(tahun).rglob("*"), paths.settings_file, *history]
    return _files_key(files, paths.root, f"kinerja {__version__} {code_key()}", str(tahun))


def _state_file(paths: Paths, tahun: int, kode: str) -> Path:
    return paths.data / STATE_DIR / f"{tahun}-{kode}.json"


def _read_state(path: Path) -> dict:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        return state if isinstance(state, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_state(path: Path, state: dict) -> None:
    store.atomic_write_text(path, json.dumps(state, indent=1, sort_keys=True))


def _outputs_match(recorded: dict) -> bool:
    try:
        return bool(recorded) and all(Path(f).is_file() and store.sha256_file(Path(f)) == digest
                                      for f, digest in recorded.items())
    except OSError:
        return False


def report_files(paths: Paths, periode: Periode) -> dict[str, str]:
    """sha256 of every file of the period's report folder and of its executed notebooks'
    folder (hidden files and the archive of approved copies left out), by path."""
    files = []
    for folder in (paths.report_dir(periode.tahun, periode.kode),
                   paths.notebook_dir(periode.tahun, periode.kode)):
        files += [f for f in folder.rglob("*") if f.is_file()
                  and not any(part.startswith(".") or part == ARCHIVE_DIR
                              for part in f.relative_to(folder).parts)]
    return {str(f): store.sha256_file(f) for f in sorted(files)}


# --------------------------------------------------------------------------- the tasks


def _settings(paths: Paths) -> Settings:
    settings = load_settings(paths.settings_file)
    require_units(settings, paths.settings_file)
    return settings


def _validasi_current(paths: Paths, tahun: int, key: str) -> bool:
    state = _read_state(_state_file(paths, tahun, VALIDASI))
    marker = paths.processed_year(tahun) / store.MARKER_NAME
    if state.get("kunci") != key or not marker.is_file():
        return False
    try:
        store.check_complete(paths, tahun)
    except UserError:
        return False
    return (state.get("lengkap") == store.sha256_file(marker)
            and all(store.period_dir(paths, tahun, p.kode).is_dir() for p in all_periods(tahun)))


def validasi_task(tugas: Tugas, sampai: int = 12) -> HasilTugas:
    """The validasi task of an office-year (runs on a worker; never raises).

    Skipped (:data:`TIDAK_BERUBAH`) when its inputs and outputs are unchanged; otherwise
    validates the year like ``kinerja validasi`` (rows with errors are quarantined, as
    there; their count is the result's note) and writes the period tables.
    """
    start = time.perf_counter()
    paths = Paths.default(tugas.folder)
    try:
        settings = _settings(paths)
        key = validasi_key(paths, tugas.tahun)
        if _validasi_current(paths, tugas.tahun, key):
            return HasilTugas(tugas, TIDAK_BERUBAH, detik=time.perf_counter() - start, kunci=key)
        acuan = tanggal_acuan(tugas.tahun, sampai, settings.hari_batas_laporan, settings.libur)
        v = validate_year(paths, tugas.tahun, settings, sampai, acuan)
        engine_data_step(paths, tugas.tahun, settings)
        marker = paths.processed_year(tugas.tahun) / store.MARKER_NAME
        _write_state(_state_file(paths, tugas.tahun, VALIDASI),
                     {"kunci": key, "lengkap": store.sha256_file(marker)})
    except UserError as exc:
        return HasilTugas(tugas, GAGAL, str(exc), time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001 - isolated to this office, reported in Indonesian
        return HasilTugas(tugas, GAGAL, f"galat internal: {describe_error(exc)}",
                          time.perf_counter() - start)
    n = v.result.errors
    note = f"{n} galat data, baris bermasalah dikarantina" if n else ""
    return HasilTugas(tugas, BERHASIL, note, time.perf_counter() - start, kunci=key)


def periode_key(paths: Paths, settings: Settings, periode: Periode, validasi: str,
                pdf: bool) -> str:
    """Input key of an office-period report (see the module docstring)."""
    notebooks = [paths.notebooks / f"{ph.stem}.py" for ph in PHASES]
    files = [decisions_file(paths, periode.tahun, periode.kode), *notebooks]
    sidik = current_fingerprint(paths, periode, settings)
    return _files_key([f for f in files if f.is_file()], Path("/"), validasi, sidik,
                      periode.kode, f"pdf={pdf}")


def periode_task(tugas: Tugas, validasi: HasilTugas, generated_at: _dt.datetime | None = None,
                 pdf: bool = True, parallel: int = 1) -> HasilTugas:
    """The report task of an office-period: its phase notebooks (runs on a worker; never
    raises). Not run when the office's validasi failed; skipped when current."""
    start = time.perf_counter()
    if not validasi.ok:
        return HasilTugas(tugas, TIDAK_DIJALANKAN, "validasi kantor ini gagal")
    paths = Paths.default(tugas.folder)
    try:
        settings = _settings(paths)
        periode = Periode.from_kode(tugas.tahun, str(tugas.periode))
        key = periode_key(paths, settings, periode, validasi.kunci, pdf)
        state_path = _state_file(paths, tugas.tahun, periode.kode)
        state = _read_state(state_path)
        recorded = state.get("berkas", {})
        if (state.get("kunci") == key and _outputs_match(recorded)
                and set(recorded) == set(report_files(paths, periode))):
            return HasilTugas(tugas, TIDAK_BERUBAH, detik=time.perf_counter() - start,
                              kunci=key, berkas=tuple(state["berkas"]))
        result = run(paths, settings, tugas.tahun, [periode.kode], parallel=parallel, pdf=pdf,
                     generated_at=generated_at, data_step=None, progress=False,
                     lines=False, pool=worker_pool())
    except UserError as exc:
        return HasilTugas(tugas, GAGAL, str(exc), time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001 - isolated to this office, reported in Indonesian
        return HasilTugas(tugas, GAGAL, f"galat internal: {describe_error(exc)}",
                          time.perf_counter() - start)
    berkas = report_files(paths, periode)
    if not result.ok:
        return HasilTugas(tugas, GAGAL, " ".join(r.error or "" for r in result.failed),
                          time.perf_counter() - start, berkas=tuple(berkas))
    _write_state(state_path, {"kunci": key, "berkas": berkas})
    return HasilTugas(tugas, BERHASIL, "", time.perf_counter() - start, kunci=key,
                      berkas=tuple(berkas))


def laporan_wilayah_task(root: str, tahun: int, periode: str,
                         generated_at: _dt.datetime | None = None,
                         pdf: bool = True) -> HasilTugas:
    """The regency report of one period (``notebooks/07_laporan_wilayah.py``, see
    :mod:`kinerja_lib.reports.wilayah`) to HTML and PDF in
    ``<root>/laporan_wilayah/<tahun>/<periode>/`` (the executed notebook in
    ``<root>/laporan_wilayah/<tahun>/notebook/<periode>/``); runs on a worker, never raises.

    Outputs are written under hidden temporary names and renamed into place at the end.
    """
    start = time.perf_counter()
    tugas = Tugas(LAPORAN_WILAYAH, str(root), int(tahun), periode)
    paths = Paths.default(root)
    out = laporan.output_dir(root, tahun, periode)
    # the shared folder holds HTML and PDF only; the executed notebook is kept for audit in
    # <root>/laporan_wilayah/<tahun>/notebook/<periode>/, as for an office's reports
    audit = out.parent / "notebook" / out.name
    final = {ext: (audit if ext == "ipynb" else out) / f"{laporan.OUTPUT_STEM}.{ext}"
             for ext in ("ipynb", "html", "pdf")}
    tmp = {ext: f.parent / f".{laporan.OUTPUT_STEM}.tmp-{os.getpid()}.{ext}"
           for ext, f in final.items()}
    work = Path(tempfile.mkdtemp(prefix=f"kinerja-{os.getpid()}-"))
    try:
        out.mkdir(parents=True, exist_ok=True)
        audit.mkdir(parents=True, exist_ok=True)
        nb = read_notebook(paths.notebooks / laporan.NOTEBOOK_NAME)
        params = laporan.notebook_parameters(
            root, tahun, periode, generated_at.isoformat() if generated_at else "")
        pool = worker_pool()
        executed = execute_notebook(nb, tmp["ipynb"], params, env=kernel_env(paths),
                                    work_dir=work, ipc=USE_IPC, cwd=paths.notebooks,
                                    start_timeout=120, log_path=work / "kernel.log",
                                    kernels=pool.kernels)
        store.atomic_write_text(tmp["ipynb"], nbformat.writes(executed))
        title = f"Laporan Kinerja Perangkat Daerah {Periode.from_kode(tahun, periode).label}"
        render.notebook_to_html(tmp["ipynb"], tmp["html"], title)
        browser = render.find_browser() if pdf else None
        if browser:
            pool.printer(render.html_to_pdf)(tmp["html"], tmp["pdf"], browser)
        for ext in final:
            if tmp[ext].exists():
                os.replace(tmp[ext], final[ext])
    except Exception as exc:  # noqa: BLE001 - reported in the summary
        return HasilTugas(tugas, GAGAL, f"laporan wilayah gagal dibuat: {describe_error(exc)}",
                          time.perf_counter() - start)
    finally:
        for t in tmp.values():
            t.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    made = tuple(str(f) for f in final.values() if f.exists())
    return HasilTugas(tugas, BERHASIL, "", time.perf_counter() - start, berkas=made)


# --------------------------------------------------------------------------- a worker's pool

_pool: WarmPool | None = None
_pool_lock = threading.Lock()


def worker_pool() -> WarmPool:
    """This process's warm kernels and browsers, kept from one task to the next.

    A worker runs many office-period tasks; starting a kernel (with pandas, plotly and
    kinerja_lib imported) and a browser once per worker instead of once per task is most
    of the per-task saving. Each notebook still runs in a reset kernel with its own
    office's environment (:class:`kinerja_lib.run.kernels.WarmKernels`). Stopped by
    :func:`close_worker_pool`: at the worker's teardown (:func:`dask_client` registers a
    plugin) and at the process's exit.
    """
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = WarmPool()
            atexit.register(close_worker_pool)
        return _pool


def close_worker_pool() -> None:
    """Stop this process's :func:`worker_pool` (if any); never raises."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.close()


def _pool_plugin():
    """A dask worker plugin stopping the worker's pool at the worker's teardown."""
    from distributed import WorkerPlugin

    class KolamHangat(WorkerPlugin):
        name = "kinerja-kolam-hangat"

        def teardown(self, worker) -> None:
            close_worker_pool()

    return KolamHangat()


# --------------------------------------------------------------------------- the cluster


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int = 2) -> Iterator:
    """A :class:`distributed.Client`, closed (with its cluster) when the block ends.

    ``scheduler`` None: a new LocalCluster of ``workers`` processes with one thread each,
    no dashboard, quiet logs. Otherwise the client connects to the existing scheduler at
    that address (its workers must import ``kinerja_lib`` and see the office folders).
    """
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler, set_as_default=False, timeout="20s") as client:
            client.register_plugin(_pool_plugin())
            yield client
        return
    with (LocalCluster(n_workers=int(workers), threads_per_worker=1, processes=True,
                       dashboard_address=None, silence_logs=logging.ERROR) as cluster,
          Client(cluster, set_as_default=False) as client):
        client.register_plugin(_pool_plugin())
        yield client


def plan_tugas(offices: Sequence[tuple[str, Path]], tahun: int,
               periode_kodes: Sequence[str]) -> list[tuple[Tugas, list[Tugas]]]:
    """Per office: its validasi task and its period tasks."""
    out = []
    for kantor, folder in offices:
        v = Tugas(kantor, str(Path(folder).resolve()), int(tahun))
        out.append((v, [replace(v, periode=k) for k in periode_kodes]))
    return out


def jalankan_tugas(client, plan: Sequence[tuple[Tugas, list[Tugas]]], *,
                   generated_at: _dt.datetime | None = None, pdf: bool = True,
                   parallel: int = 1, sampai: int = 12,
                   on_done: Callable[[HasilTugas, int, int], None] | None = None,
                   ) -> list[HasilTugas]:
    """Submit every task to ``client`` and collect the results as they finish.

    ``on_done(hasil, n_done, n_total)`` is called per finished task (progress). A task
    whose worker failed (e.g. a worker process died) becomes a :data:`GAGAL` result.
    Results come back in plan order (office by office, validasi first).
    """
    from distributed import as_completed

    futures = {}
    for v, periods in plan:
        fv = client.submit(validasi_task, v, sampai, key=f"validasi-{v.kantor}-{v.tahun}",
                           pure=False)
        futures[fv] = v
        for t in periods:
            fp = client.submit(periode_task, t, fv, generated_at, pdf, parallel,
                               key=f"periode-{t.kantor}-{t.tahun}-{t.periode}", pure=False)
            futures[fp] = t
    done: dict[Tugas, HasilTugas] = {}
    with client.as_current():  # as_completed finds the client through it
        for fut in as_completed(list(futures)):
            t = futures[fut]
            try:
                hasil = fut.result()
            except Exception as exc:  # noqa: BLE001 - the worker itself failed
                hasil = HasilTugas(t, GAGAL, f"pekerja dask gagal: {describe_error(exc)}")
            done[t] = hasil
            if on_done is not None:
                on_done(hasil, len(done), len(futures))
    return [done[t] for v, periods in plan for t in (v, *periods)]


def jalankan_laporan_wilayah(client, root: Path, tahun: int, periode_kodes: Sequence[str], *,
                             generated_at: _dt.datetime | None = None, pdf: bool = True,
                             on_done: Callable[[HasilTugas, int, int], None] | None = None,
                             ) -> list[HasilTugas]:
    """The regency report of each period, as tasks on ``client`` (after the offices')."""
    from distributed import as_completed

    futures = [client.submit(laporan_wilayah_task, str(Path(root).resolve()), int(tahun), k,
                             generated_at, pdf, key=f"laporan-wilayah-{tahun}-{k}", pure=False)
               for k in periode_kodes]
    out = []
    with client.as_current():
        for fut in as_completed(futures):
            try:
                hasil = fut.result()
            except Exception as exc:  # noqa: BLE001 - the worker itself failed
                k = periode_kodes[futures.index(fut)]
                hasil = HasilTugas(Tugas(LAPORAN_WILAYAH, str(root), int(tahun), k), GAGAL,
                                   f"pekerja dask gagal: {describe_error(exc)}")
            out.append(hasil)
            if on_done is not None:
                on_done(hasil, len(out), len(futures))
    return sorted(out, key=lambda h: list(periode_kodes).index(str(h.tugas.periode)))


__all__ = ["BERHASIL", "GAGAL", "TIDAK_BERUBAH", "TIDAK_DIJALANKAN", "HasilTugas", "Tugas",
           "dask_client", "jalankan_laporan_wilayah", "jalankan_tugas", "laporan_wilayah_task", "periode_key", "periode_task", "plan_tugas",
           "validasi_key", "validasi_task", "worker_pool", "close_worker_pool", "code_key"]
