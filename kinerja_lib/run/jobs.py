"""Phases, the job plan and job results of a run (``kinerja jalankan``).

A job is one phase notebook (:class:`Phase`, see :data:`PHASES`) for one period; :func:`plan`
lists the jobs of the requested periods. :class:`JobResult` and :class:`RunResult` are what
:func:`kinerja_lib.run.runner.run` returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kinerja_lib.domain.numbers import format_number
from kinerja_lib.domain.periods import Periode
from kinerja_lib.io.paths import Paths

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
        """Final output path, ``ext`` in ``ipynb``, ``html``, ``pdf``, ``GAGAL.ipynb``; the
        notebooks are kept for audit in ``paths.notebook_dir``, outside the period folder."""
        folder = (paths.notebook_dir(self.periode.tahun, self.periode.kode)
                  if ext.endswith("ipynb") else self.out_dir(paths))
        return folder / f"{self.phase.stem}.{ext}"


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
        Final output files written by this run (ipynb in the audit folder
        ``Paths.notebook_dir``, html and pdf in the period folder, as made).
    error : str or None
        Indonesian message naming the phase, the period and the cause.
    gagal_path : Path or None
        The kept failed notebook (``<stem>.GAGAL.ipynb`` in the audit folder), when there is
        one.
    attempts : int
        Kernel runs used (2 when the first kernel failed to start and was retried).
    detik : float
        Seconds the job took (shown in the progress lines, never in a report).
    """

    job: Job
    status: str
    outputs: list[Path] = field(default_factory=list)
    error: str | None = None
    gagal_path: Path | None = None
    attempts: int = 1
    detik: float = 0.0  # wall time of the job, for the progress lines only

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


def progress_line(done: int, total: int, result: JobResult) -> str:
    """One finished job, e.g. ``"[3/22] tw2 03_laporan_triwulan selesai (4,1 dtk)"``
    (printed by a run whose output is not a terminal; only the time varies between runs)."""
    status = "selesai" if result.ok else "gagal"
    return (f"[{done}/{total}] {result.job.periode.kode} {result.job.phase.stem} {status} "
            f"({format_number(result.detik, 1, strip_zeros=False)} dtk)")
