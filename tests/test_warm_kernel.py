"""Warm kernels (``run.kernels.WarmKernels``): a kernel per worker thread reused across
notebooks must give the same executed notebook as a new kernel per notebook, must not leak
one notebook's names into the next, must recover from a failed notebook, and must leave no
kernel process behind."""

from __future__ import annotations

import copy
import re
import tempfile
import threading
from pathlib import Path

import psutil
import pytest
from papermill.exceptions import PapermillExecutionError

from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample import write_sample
from kinerja_lib.io.settings_file import load_settings
from kinerja_lib.run import kernels, runner
from kinerja_lib.run.jobs import plan
from kinerja_lib.run.notebooks import job_parameters, read_notebook
from kinerja_lib.ui import cli

FIXTURES = Path(__file__).parent / "fixtures_notebooks"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

pytestmark = pytest.mark.slow


def _kernel_children() -> list[psutil.Process]:
    """Live descendants of this test process running ipykernel_launcher."""
    found = []
    for proc in psutil.Process().children(recursive=True):
        try:
            if proc.status() != psutil.STATUS_ZOMBIE and "ipykernel_launcher" in " ".join(proc.cmdline()):
                found.append(proc)
        except psutil.Error:  # exited meanwhile
            continue
    return found


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """A sample office with 2024 validated and its period tables written."""
    root = tmp_path_factory.mktemp("kantor")
    paths = Paths(root)
    write_sample(paths, (2024,))
    cli.main(["--folder", str(root), "validasi", "--tahun", "2024"])  # 1: planted error
    settings = load_settings(paths.settings_file)
    runner.engine_data_step(paths, 2024, settings)
    return paths


@pytest.fixture
def work_dir():
    with tempfile.TemporaryDirectory(prefix="h7-warm-") as d:
        yield Path(d)


def _run(paths, job_or_nb, out, work_dir, pool=None, cwd=None):
    if isinstance(job_or_nb, Path):
        nb, params = read_notebook(job_or_nb), {"tahun": 2024, "periode": "tw1",
                                                "folder_proyek": str(paths.root),
                                                "dibuat_pada": ""}
    else:
        nb = read_notebook(job_or_nb.notebook(paths.notebooks))
        params = job_parameters(job_or_nb, paths, None)
    return kernels.execute_notebook(
        nb, out, params, env=kernels.kernel_env(paths), work_dir=work_dir, ipc=kernels.USE_IPC,
        cwd=cwd or paths.notebooks, start_timeout=120, log_path=work_dir / "kernel.log",
        kernels=pool)


def _outputs(nb) -> str:
    """Code cells' execution counts and outputs, plotly's random div ids normalised."""
    cells = [(c.execution_count, copy.deepcopy(c.outputs)) for c in nb.cells
             if c.cell_type == "code"]
    return UUID.sub("<uuid>", repr(cells))


def test_warm_outputs_equal_cold_outputs(office, work_dir, tmp_path):
    jobs = {j.phase.stem: j for j in plan(2024, ["tw1"])}
    names = ("03_laporan_triwulan", "04_sosialisasi_triwulan")
    cold = {n: _run(office, jobs[n], tmp_path / f"cold-{n}.ipynb", work_dir) for n in names}
    with kernels.WarmKernels(kernels.kernel_env(office), work_dir, kernels.USE_IPC) as pool:
        warm = {n: _run(office, jobs[n], tmp_path / f"warm-{n}.ipynb", work_dir, pool)
                for n in names}
        assert pool.started == 1  # both notebooks ran in one kernel
        assert len(_kernel_children()) == 1
    for n in names:
        counts = [c.execution_count for c in warm[n].cells if c.cell_type == "code"]
        assert counts[:3] == [1, 2, 3]
        assert _outputs(warm[n]) == _outputs(cold[n])
        assert "plotly" in _outputs(warm[n])  # the comparison covers the charts
    assert _kernel_children() == []


def test_namespace_cwd_and_environment_are_fresh(office, work_dir, tmp_path):
    first = tmp_path / "satu.py"
    first.write_text("# %% tags=['parameters']\ntahun = 0\nperiode = ''\nfolder_proyek = ''\n"
                     "dibuat_pada = ''\n\n# %%\nrahasia = 42\nimport os\n"
                     "os.environ['KINERJA_HOME'] = 'diubah'\nos.chdir('/')\n", encoding="utf-8")
    second = tmp_path / "dua.py"
    second.write_text("# %% tags=['parameters']\ntahun = 0\nperiode = ''\nfolder_proyek = ''\n"
                      "dibuat_pada = ''\n\n# %%\nimport os\n"
                      "print('rahasia' in globals(), os.environ['KINERJA_HOME'], os.getcwd())\n",
                      encoding="utf-8")
    with kernels.WarmKernels(kernels.kernel_env(office), work_dir, kernels.USE_IPC) as pool:
        _run(office, first, tmp_path / "1.ipynb", work_dir, pool, cwd=tmp_path)
        nb = _run(office, second, tmp_path / "2.ipynb", work_dir, pool, cwd=tmp_path)
        assert pool.started == 1
    text = nb.cells[-1].outputs[0]["text"]
    assert text.split() == ["False", str(office.root), str(tmp_path)]
    # parameters cell 1, papermill's injected parameters 2, this cell 3: as in a new kernel
    assert [c.execution_count for c in nb.cells if c.cell_type == "code"] == [1, 2, 3]
    assert _kernel_children() == []


def test_failed_notebook_then_good_one_on_same_worker(office, work_dir, tmp_path):
    with kernels.WarmKernels(kernels.kernel_env(office), work_dir, kernels.USE_IPC) as pool:
        with pytest.raises(PapermillExecutionError, match="kosong untuk diuji"):
            _run(office, FIXTURES / "gagal.py", tmp_path / "g.ipynb", work_dir, pool)
        nb = _run(office, FIXTURES / "ok.py", tmp_path / "ok.ipynb", work_dir, pool)
        assert pool.started == 2  # the failed notebook's kernel was discarded
        with pytest.raises(Exception):  # noqa: B017 - the kernel process dies
            _run(office, FIXTURES / "mati.py", tmp_path / "m.ipynb", work_dir, pool)
        nb2 = _run(office, FIXTURES / "ok.py", tmp_path / "ok2.ipynb", work_dir, pool)
        assert pool.started == 3
        assert len(_kernel_children()) == 1
    assert "HASIL=" in nb.cells[-2].outputs[0]["text"]
    assert _outputs(nb2) == _outputs(nb)
    assert _kernel_children() == []


def test_one_kernel_per_thread_all_shut_down(office, work_dir, tmp_path):
    pool = kernels.WarmKernels(kernels.kernel_env(office), work_dir, kernels.USE_IPC)
    errors = []

    def worker(i):
        try:
            for k in range(2):
                _run(office, FIXTURES / "ok.py", tmp_path / f"t{i}-{k}.ipynb", work_dir, pool)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert pool.started == 2
        assert len(_kernel_children()) == 2
    finally:
        pool.close()
    assert _kernel_children() == []


def test_kernel_that_cannot_be_reset_is_replaced(office, work_dir, tmp_path):
    breaker = tmp_path / "rusak.py"
    breaker.write_text("# %% tags=['parameters']\ntahun = 0\nperiode = ''\nfolder_proyek = ''\n"
                       "dibuat_pada = ''\n\n# %%\nimport sys\ndel sys._kinerja_warning_filters\n",
                       encoding="utf-8")
    with kernels.WarmKernels(kernels.kernel_env(office), work_dir, kernels.USE_IPC) as pool:
        _run(office, breaker, tmp_path / "r.ipynb", work_dir, pool)
        nb = _run(office, FIXTURES / "ok.py", tmp_path / "ok.ipynb", work_dir, pool)
        assert pool.started == 2  # the reset failed, so the notebook got a new kernel
        assert len(_kernel_children()) == 1
    assert "HASIL=" in nb.cells[-2].outputs[0]["text"]
    assert _kernel_children() == []


def test_kernels_started_ahead_are_used_with_each_calls_environment(office, work_dir,
                                                                     tmp_path):
    """:meth:`WarmKernels.prestart`: the kernels started (and imports made) while a run
    prepares its data are the ones its notebooks run in; each notebook gets its own call's
    environment (a worker serves several offices); nothing is left running."""
    jobs = {j.phase.stem: j for j in plan(2024, ["tw1"])}
    cold = _run(office, jobs["04_sosialisasi_triwulan"], tmp_path / "cold.ipynb", work_dir)
    other = Paths(tmp_path / "kantor-lain")
    with kernels.WarmKernels(kernels.kernel_env(office), work_dir, kernels.USE_IPC) as pool:
        pool.prestart(2, office.notebooks)
        pool.prestart(2, office.notebooks)  # already has two (starting): none more
        assert pool.started == 2
        warm = _run(office, jobs["04_sosialisasi_triwulan"], tmp_path / "warm.ipynb",
                    work_dir, pool)
        assert pool.started == 2  # no kernel started for the notebook itself
        nb = kernels.execute_notebook(
            read_notebook(FIXTURES / "ok.py"), tmp_path / "ok.ipynb",
            {"tahun": 2024, "periode": "tw1", "folder_proyek": str(other.root),
             "dibuat_pada": ""}, env=kernels.kernel_env(other), work_dir=work_dir,
            ipc=kernels.USE_IPC, cwd=tmp_path, start_timeout=120,
            log_path=work_dir / "k.log", kernels=pool)
        assert pool.started == 2 and len(_kernel_children()) == 2
    assert _outputs(warm) == _outputs(cold)
    hasil = next(line for c in nb.cells for o in c.get("outputs", [])
                 for line in o.get("text", "").splitlines() if line.startswith("HASIL="))
    assert f'"KINERJA_HOME": "{other.root}"' in hasil and f'"cwd": "{tmp_path}"' in hasil
    assert _kernel_children() == []


def test_closing_while_kernels_are_still_starting_leaves_none(office, work_dir):
    pool = kernels.WarmKernels(kernels.kernel_env(office), work_dir, kernels.USE_IPC)
    pool.prestart(2, office.notebooks)
    pool.close()  # at once: waits for both starts, then stops them
    assert _kernel_children() == []
