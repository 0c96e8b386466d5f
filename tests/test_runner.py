"""Tests of the papermill runner (``kinerja jalankan``) with tiny fixture notebooks.

Every run here starts real Jupyter kernels through papermill. HTML/PDF converters are small
injected functions (the real ones live in report.py and have their own tests), except in
one test that uses ``report.notebook_to_html`` when it exists.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import nbformat
import pytest

from kinerja_lib.domain import errors
from kinerja_lib.domain.errors import PeriodError
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample import sample_settings, write_sample
from kinerja_lib.io.store import TABLES_STAMP, check_complete
from kinerja_lib.reports import render as report
from kinerja_lib.run import runner
from kinerja_lib.ui import commands

FIXTURES = Path(__file__).parent / "fixtures_notebooks"
WAKTU = dt.datetime(2024, 7, 3, 9, 5, 0)
STEMS = [ph.stem for ph in runner.PHASES]


# ---------------------------------------------------------------------------- helpers


def fake_html(ipynb_path, html_path, title):
    """Trivial converter: reads the executed notebook back, writes a small HTML file."""
    nb = nbformat.read(str(ipynb_path), as_version=4)
    text = "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                     for o in c.get("outputs", []))
    Path(html_path).write_text(
        f"<html><head><title>{html.escape(title)}</title></head>"
        f"<body><pre>{html.escape(text)}</pre></body></html>", encoding="utf-8")


def fake_pdf(html_path, pdf_path, browser):
    body = Path(html_path).read_bytes()
    Path(pdf_path).write_bytes(b"%PDF-1.4\n% " + browser.encode() + b"\n" + body[:40])


def broken_pdf(html_path, pdf_path, browser):
    raise RuntimeError("peramban mogok")


def fakes(browser: str | None = "peramban-palsu", to_pdf=fake_pdf) -> runner.Converters:
    return runner.Converters(to_html=fake_html, find_browser=lambda s: browser,
                             to_pdf=to_pdf, pdf_hint=lambda: "Pasang Chromium untuk PDF.")


def nb_dir(paths: Paths) -> Path:
    """Phase notebooks of a test project (``paths.notebooks`` is the checkout's folder)."""
    return paths.root / "nb"


def project(tmp_path: Path, notebooks: dict[str, str] | None = None,
            default: str = "ok") -> Paths:
    """A project root with phase notebooks in ``nb_dir`` copied from fixture notebooks."""
    paths = Paths(tmp_path / "proyek")
    nb_dir(paths).mkdir(parents=True)
    for stem in STEMS:
        name = (notebooks or {}).get(stem, default)
        shutil.copy(FIXTURES / f"{name}.py", nb_dir(paths) / f"{stem}.py")
    return paths


def do_run(paths, kodes, **kw):
    kw.setdefault("notebook_dir", nb_dir(paths))
    kw.setdefault("converters", fakes())
    kw.setdefault("data_step", None)
    kw.setdefault("generated_at", WAKTU)
    kw.setdefault("retry_delay", 0.2)
    return runner.run(paths, sample_settings(), 2024, kodes, **kw)


def recorded(ipynb: Path) -> dict:
    """The JSON line the ``ok`` fixture printed, read back from the executed notebook."""
    nb = nbformat.read(str(ipynb), as_version=4)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            for line in out.get("text", "").splitlines():
                if line.startswith("HASIL="):
                    return json.loads(line[len("HASIL="):])
    raise AssertionError(f"no HASIL line in {ipynb}")


def final_names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if not p.name.startswith(".")}


# ---------------------------------------------------------------------------- plan, params


def test_plan_per_period_type():
    assert [j.phase.stem for j in runner.plan(2024, ["tw2"])] == STEMS[:4]
    assert [j.phase.stem for j in runner.plan(2024, ["s1"])] == [
        "02_pengolahan", "05_laporan_semester"]
    assert [j.phase.stem for j in runner.plan(2024, ["tahunan"])] == [
        "02_pengolahan", "06_laporan_tahunan"]
    semua = runner.plan(2024, ["tahunan", "s2", "tw4", "tw1", "tw2", "tw3", "s1", "tw1"])
    assert len(semua) == 4 * 4 + 2 * 2 + 2
    assert [j.periode.kode for j in semua][::2][:8] == ["tw1", "tw1", "tw2", "tw2", "tw3",
                                                        "tw3", "tw4", "tw4"]
    assert semua[-1].periode.kode == "tahunan"
    with pytest.raises(PeriodError):
        runner.plan(2024, ["tw5"])


def test_check_parameters_messages():
    job = runner.plan(2024, ["tw2"])[0]
    params = runner.job_parameters(job, Paths(Path("/x")), WAKTU)
    assert params == {"tahun": 2024, "periode": "tw2", "folder_proyek": "/x",
                      "dibuat_pada": "2024-07-03T09:05:00"}
    ok = runner.read_notebook(FIXTURES / "ok.py")
    assert runner.check_parameters(ok, params, "ok.py") == []
    lain = runner.check_parameters(runner.read_notebook(FIXTURES / "param_lain.py"), params,
                                   "param_lain.py")
    assert len(lain) == 2 and all("param_lain.py" in p and "tidak dikenal" in p for p in lain)
    assert "'folder_proyek'" in lain[0] and "'dibuat_pada'" in lain[1]
    wajib = runner.check_parameters(runner.read_notebook(FIXTURES / "wajib.py"), params,
                                    "wajib.py")
    assert wajib == ["Notebook wajib.py: parameter wajib 'unit' tidak diisi oleh runner."]
    tanpa = runner.check_parameters(runner.read_notebook(FIXTURES / "tanpa_parameter.py"),
                                    params, "tanpa_parameter.py")
    assert len(tanpa) == 1 and "'parameters'" in tanpa[0]
    salah_tipe = runner.check_parameters(ok, {**params, "tahun": "2024"}, "ok.py")
    assert salah_tipe == ["Notebook ok.py: parameter 'tahun' harus bertipe int, runner "
                          "mengirim '2024'."]


# ---------------------------------------------------------------------------- runs


def test_success_writes_all_outputs(tmp_path):
    paths = project(tmp_path)
    calls = []
    result = do_run(paths, ["tw2"], data_step=lambda p, t, s: calls.append((p, t)))
    assert calls == [(paths, 2024)]
    assert result.ok and [r.status for r in result.jobs] == ["berhasil"] * 4
    out, audit = paths.report_dir(2024, "tw2"), paths.notebook_dir(2024, "tw2")
    # the shared folder holds what is sent; the executed notebooks are kept for audit
    assert final_names(out) == {f"{s}.{e}" for s in STEMS[:4] for e in ("html", "pdf")}
    assert final_names(audit) == {f"{s}.ipynb" for s in STEMS[:4]}
    assert audit == paths.reports / "2024" / "notebook" / "tw2"
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporaries left
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # nor staging
    for r in result.jobs:
        stem = r.job.phase.stem
        assert r.outputs == [audit / f"{stem}.ipynb", out / f"{stem}.html", out / f"{stem}.pdf"]
        assert r.job.output(paths, "ipynb") == audit / f"{stem}.ipynb"
        got = recorded(audit / f"{stem}.ipynb")
        assert got["tahun"] == 2024 and got["periode"] == "tw2"
        assert got["folder_proyek"] == str(paths.root)
        assert got["dibuat_pada"] == "2024-07-03T09:05:00"
        assert got["KINERJA_HOME"] == str(paths.root)
        assert got["PLOTLY_RENDERER"] == "notebook"
        assert Path(got["cwd"]).resolve() == nb_dir(paths).resolve()
        assert Path(got["executable"]).resolve() == Path(sys.executable).resolve()
        nb = nbformat.read(str(audit / f"{stem}.ipynb"), as_version=4)
        text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
        assert "RENDERER=notebook" in text
        assert "RFC=None" in text  # KERNEL_EXEC_LINES ran before the first cell
        assert [c.execution_count for c in nb.cells if c.cell_type == "code"] == [1, 2, 3, 4, 5]
        meta = nb.metadata.papermill
        assert meta["output_path"] == str(audit / f"{stem}.ipynb")  # not the temporary name
        assert meta["parameters"]["periode"] == "tw2"
        page = (out / f"{stem}.html").read_text(encoding="utf-8")
        assert f"<title>{html.escape(r.job.title)}</title>" in page
        assert "Triwulan II 2024" in page and "HASIL=" in page
        assert (out / f"{stem}.pdf").read_bytes().startswith(b"%PDF-1.4\n% peramban-palsu")
    text = commands.format_summary(result, paths, WAKTU)
    assert "3 Juli 2024 pukul 09.05" in text and "Semua 4 notebook berhasil." in text
    assert str(out) in text and "03_laporan_triwulan (ipynb, html, pdf)" in text


def test_parameter_problems_stop_before_anything_runs(tmp_path):
    paths = project(tmp_path, {"03_laporan_triwulan": "param_lain", "04_sosialisasi_triwulan":
                               "wajib"})
    (nb_dir(paths) / "01_pengumpulan.py").unlink()
    calls = []
    with pytest.raises(errors.RunnerError) as err:
        do_run(paths, ["tw2"], data_step=lambda *a: calls.append(a))
    msg = str(err.value)
    assert ("'Pengumpulan dan Rekap Data Kinerja' (01_pengumpulan.py) tidak ditemukan di "
            f"{nb_dir(paths)}") in msg
    assert "Notebook 03_laporan_triwulan.py: parameter 'folder_proyek' tidak dikenal" in msg
    assert "Notebook 04_sosialisasi_triwulan.py: parameter wajib 'unit' tidak diisi" in msg
    assert calls == [] and not paths.reports.exists()
    with pytest.raises(errors.RunnerError, match="minimal 1"):
        do_run(paths, ["tw2"], parallel=0)


def test_failing_notebook_kept_as_gagal_others_continue(tmp_path, monkeypatch, capsys):
    paths = project(tmp_path, {"03_laporan_triwulan": "gagal"})
    out = paths.report_dir(2024, "tw2")
    out.mkdir(parents=True)
    for ext in ("ipynb", "html", "pdf"):  # an earlier successful run's outputs
        (out / f"03_laporan_triwulan.{ext}").write_text("lama")
    # through the CLI entry point, with the test converters injected
    monkeypatch.setattr(commands, "run", functools.partial(
        runner.run, converters=fakes(), data_step=None, retry_delay=0.2,
        notebook_dir=nb_dir(paths)))
    args = argparse.Namespace(tahun=2024, triwulan=2, semester=None, tahunan=False,
                              semua=False, paralel=2, tanpa_pdf=False)
    assert commands.jalankan(args, paths, sample_settings()) == 1
    printed = capsys.readouterr().out
    assert "1 dari 4 notebook gagal" in printed and "Traceback" not in printed
    # stdout is not a terminal here: one plain line per finished notebook, in finishing order
    lines = [line for line in printed.splitlines() if line.startswith("[")]
    assert [line.split("]")[0] for line in lines] == ["[1/4", "[2/4", "[3/4", "[4/4"]
    assert {re.sub(r"\(\d+,\d dtk\)$", "(…)", line.split("] ", 1)[1]) for line in lines} == {
        "tw2 01_pengumpulan selesai (…)", "tw2 02_pengolahan selesai (…)",
        "tw2 03_laporan_triwulan gagal (…)", "tw2 04_sosialisasi_triwulan selesai (…)"}
    assert ("Fase 'Laporan Kinerja Triwulan' untuk Triwulan II 2024 gagal: ValueError: Data "
            "tw2 kosong untuk diuji (sel ke-4)") in printed
    gagal = paths.notebook_dir(2024, "tw2") / "03_laporan_triwulan.GAGAL.ipynb"
    assert f"Notebook yang gagal disimpan di {gagal}" in printed
    nb = nbformat.read(str(gagal), as_version=4)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors and errors[0].ename == "ValueError"
    names = final_names(out)
    assert not {n for n in names if n.startswith("03_")}  # old outputs do not look current
    for stem in ("01_pengumpulan", "02_pengolahan", "04_sosialisasi_triwulan"):
        assert {f"{stem}.html", f"{stem}.pdf"} <= names
        assert (gagal.parent / f"{stem}.ipynb").exists()
    # fixed notebook: the rerun succeeds and the stale GAGAL file goes away
    shutil.copy(FIXTURES / "ok.py", nb_dir(paths) / "03_laporan_triwulan.py")
    assert commands.jalankan(args, paths, sample_settings()) == 0
    assert not gagal.exists() and (gagal.parent / "03_laporan_triwulan.ipynb").exists()
    assert {"03_laporan_triwulan.html", "03_laporan_triwulan.pdf"} <= final_names(out)


def test_progress_lines(tmp_path):
    paths = project(tmp_path)
    got: list[str] = []
    result = do_run(paths, ["tahunan"], lines=got.append)
    assert result.ok and len(got) == 2
    assert re.fullmatch(r"\[1/2\] tahunan 0[26]_\w+ selesai \(\d+,\d dtk\)", got[0]), got
    assert re.fullmatch(r"\[2/2\] tahunan 0[26]_\w+ selesai \(\d+,\d dtk\)", got[1]), got
    assert {g.split()[2] for g in got} == {"02_pengolahan", "06_laporan_tahunan"}
    assert runner.progress_line(3, 22, result.jobs[0]).startswith("[3/22] tahunan ")
    result.jobs[0].detik = 4.0
    assert runner.progress_line(3, 22, result.jobs[0]) == (
        "[3/22] tahunan 02_pengolahan selesai (4,0 dtk)")


def test_dead_kernel_retried_once_then_reported(tmp_path):
    paths = project(tmp_path, {"02_pengolahan": "mati"})
    result = do_run(paths, ["s1"])
    assert [r.status for r in result.jobs] == ["gagal", "berhasil"]
    dead = result.jobs[0]
    assert dead.attempts == 2 and dead.gagal_path is None and dead.outputs == []
    assert dead.error.startswith("Fase 'Pengolahan Data Kinerja' untuk Semester I 2024 gagal "
                                 "(kernel berhenti, sudah dicoba 2 kali): ")
    assert "DeadKernelError" in dead.error and "Traceback" not in dead.error
    assert final_names(paths.report_dir(2024, "s1")) == {
        f"05_laporan_semester.{e}" for e in ("html", "pdf")}


def test_kernel_start_failure_message_shows_kernel_output(tmp_path, monkeypatch):
    """A kernel that dies at start-up (here: a sitecustomize that exits) is retried once,
    then reported with the last lines the kernel printed (kept in a per-kernel log)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import os, sys\nsys.stderr.write('modul kinerja_lib tidak dapat dimuat\\n')\n"
        "sys.stderr.flush()\nos._exit(1)\n")
    base = runner.kernel_env
    monkeypatch.setattr(runner, "kernel_env", lambda paths: {**base(paths),
                                                             "PYTHONPATH": str(site)})
    paths = project(tmp_path)
    result = do_run(paths, ["tahunan"], phases=[runner.PHASES[5]])
    job = result.jobs[0]
    assert job.status == "gagal" and job.attempts == 2
    assert "(kernel berhenti, sudah dicoba 2 kali)" in job.error
    assert "Pesan terakhir kernel: modul kinerja_lib tidak dapat dimuat" in job.error
    assert not paths.report_dir(2024, "tahunan").exists() or not final_names(
        paths.report_dir(2024, "tahunan"))


def test_no_browser_note_says_pdf_missing_once(tmp_path):
    """With report's own hint the summary read "PDF tidak dibuat: PDF tidak dibuat karena"."""
    paths = project(tmp_path)
    conv = runner.Converters(to_html=fake_html, find_browser=lambda s: None, to_pdf=fake_pdf)
    result = do_run(paths, ["tw1"], converters=conv, phases=[])  # no job: only the note
    assert result.notes == [report.pdf_hint()]
    assert commands.format_summary(result, paths).count("PDF tidak dibuat") == 1


def test_no_browser_keeps_html_and_hints(tmp_path):
    paths = project(tmp_path)
    out = paths.report_dir(2024, "tw1")
    out.mkdir(parents=True)
    (out / "02_pengolahan.pdf").write_bytes(b"%PDF-lama")
    phases = [runner.PHASES[1]]
    result = do_run(paths, ["tw1"], converters=fakes(browser=None), phases=phases)
    assert result.ok and not result.pdf_made
    assert result.notes == ["PDF tidak dibuat: Pasang Chromium untuk PDF."]
    assert final_names(out) == {"02_pengolahan.html"}  # stale PDF gone
    assert "Pasang Chromium untuk PDF." in commands.format_summary(result, paths)
    # --tanpa-pdf never asks for a browser
    result = do_run(paths, ["tw1"], converters=fakes(browser=None), phases=phases, pdf=False)
    assert result.ok and result.notes == []
    # a browser that fails: HTML kept, job reported as failed
    result = do_run(paths, ["tw1"], converters=fakes(to_pdf=broken_pdf), phases=phases)
    assert not result.ok
    assert "PDF gagal dibuat: RuntimeError: peramban mogok" in result.jobs[0].error
    assert final_names(out) == {"02_pengolahan.html"}


def test_locked_output_file_message(tmp_path, monkeypatch):
    """Windows refuses to rename a folder holding a file open in a viewer: a clear message,
    the old set left whole, and the next run puts the new set in place."""
    paths = project(tmp_path)
    out = paths.report_dir(2024, "tahunan")
    assert do_run(paths, ["tahunan"], generated_at=None).ok
    old = {p.name: p.read_bytes() for p in out.iterdir()}
    real_replace = os.replace

    def replace(src, dst):
        if Path(src) == out:
            raise PermissionError(13, "Access is denied", str(src), None, str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(runner.os, "replace", replace)
    result = do_run(paths, ["tahunan"])
    assert [r.status for r in result.jobs] == ["gagal", "gagal"]
    assert result.jobs[1].error == (
        f"Laporan Tahun 2024 di {out} tidak dapat diganti (Access is denied); laporan lama "
        "tetap utuh. Tutup berkas atau folder laporan yang sedang dibuka di program lain "
        "(misalnya penampil PDF), lalu jalankan ulang.")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == old  # the old set, whole
    monkeypatch.undo()
    assert do_run(paths, ["tahunan"], phases=[]).ok  # no job: the waiting set goes in place
    assert {p.name: p.read_bytes() for p in out.iterdir()} != old
    assert "2024-07-03T09:05:00" in (out / "06_laporan_tahunan.html").read_text("utf-8")
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]


def test_parallel_runs_repeated(tmp_path):
    """Kernels started in parallel must not collide: 5 rounds x 4 notebooks, 2 or 4 at once
    (a by-hand stress run repeated this 25+ times with 8 notebooks, see docs)."""
    paths = project(tmp_path)
    retried = []
    for rnd in range(5):
        result = do_run(paths, ["tw3"], parallel=2 if rnd % 2 == 0 else 4)
        assert [r.status for r in result.jobs] == ["berhasil"] * 4, [r.error for r in
                                                                     result.jobs]
        # a retry (JobResult.attempts > 1) would hide a start-up collision behind a success
        retried += [(rnd, r.job.phase.stem, r.attempts) for r in result.jobs if r.attempts != 1]
        for r in result.jobs:
            assert recorded(r.outputs[0])["periode"] == r.job.periode.kode
    assert retried == [], f"kernel start retried (round, notebook, attempts): {retried}"


def test_real_html_converter(tmp_path):
    report = pytest.importorskip("kinerja_lib.reports.render")
    if not hasattr(report, "notebook_to_html"):
        pytest.skip("report.notebook_to_html not written yet")
    paths = project(tmp_path)
    result = do_run(paths, ["tahunan"], phases=[runner.PHASES[5]], pdf=False,
                    converters=runner.Converters(to_html=report.notebook_to_html))
    assert result.ok, result.jobs[0].error
    page = (paths.report_dir(2024, "tahunan") / "06_laporan_tahunan.html").read_text("utf-8")
    assert "Laporan Kinerja Tahunan (LKjIP) \u2014 Tahun 2024" in page
    assert "HASIL=" in page


def test_missing_processed_data_message(tmp_path):
    paths = project(tmp_path)
    with pytest.raises(errors.RunnerError) as err:
        do_run(paths, ["tw2"], data_step=runner.engine_data_step)
    assert "kinerja validasi --tahun 2024" in str(err.value)
    assert not paths.reports.exists()


# ---------------------------------------------------------------------------- kill midway

KILL_SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_runner import do_run
from kinerja_lib.io.paths import Paths
do_run(Paths(Path({root!r})), ["tw2"], parallel=2)
"""


def _wait_for(cond, timeout=45.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(os.name != "posix", reason="uses process groups and SIGKILL")
def test_killed_run_leaves_the_old_set_whole(tmp_path):
    paths = project(tmp_path, {"03_laporan_triwulan": "tidur"})
    out = paths.report_dir(2024, "tw2")
    flag, pidfile = paths.root / "tidur.flag", paths.root / "tidur.pid"
    assert do_run(paths, ["tw2"], generated_at=None).ok  # the old, complete set
    old = {p.name: p.read_bytes() for p in out.iterdir()}
    (out / "catatan pribadi.txt").write_text("milik pengguna")  # not made by the product
    pidfile.unlink()
    flag.write_text("tidur")
    script = tmp_path / "jalan.py"
    script.write_text(textwrap.dedent(KILL_SCRIPT.format(tests=str(Path(__file__).parent),
                                                         root=str(paths.root))))
    # the killed runner cannot remove its temporary folder (kernel sockets and logs): give it
    # a short private TMPDIR that this test removes
    tmpdir = tempfile.mkdtemp(prefix="kj-")
    proc = subprocess.Popen([sys.executable, str(script)], start_new_session=True,
                            env={**os.environ, "TMPDIR": tmpdir},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    kernel_pid = None
    try:
        staging = out.parent / f".tw2.baru-{proc.pid}"
        done = _wait_for(lambda: pidfile.exists() and all(
            (staging / f"{s}.pdf").exists() for s in STEMS[:4] if s != "03_laporan_triwulan"))
        assert done, proc.stderr.read().decode() if proc.poll() is not None else "timeout"
        kernel_pid = int(pidfile.read_text())
        os.killpg(proc.pid, signal.SIGKILL)  # the runner and its thread pool, mid-run
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if kernel_pid is not None:  # the sleeping kernel runs in its own session
            try:
                os.kill(kernel_pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if proc.stderr:
            proc.stderr.close()
        shutil.rmtree(tmpdir, ignore_errors=True)
    assert proc.returncode == -signal.SIGKILL
    assert staging.is_dir()  # three of four new outputs made, never shown
    # the period folder still holds the old complete set, byte for byte, and the user's file
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {
        **old, "catatan pribadi.txt": b"milik pengguna"}
    # the rerun completes the set and clears the killed run's staging folder
    flag.unlink()
    result = do_run(paths, ["tw2"])
    assert result.ok
    assert final_names(out) == {f"{s}.{e}" for s in STEMS[:4] for e in ("html", "pdf")} | {
        "catatan pribadi.txt"}
    assert "2024-07-03T09:05:00" in (out / "01_pengumpulan.html").read_text("utf-8")  # new
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_jalankan_validasi_validates_then_runs_in_one_command(tmp_path, monkeypatch, capsys):
    """``kinerja jalankan --validasi``: the year is validated first (the validasi summary is
    printed, planted data errors do not fail the command), then the notebooks run."""
    paths = project(tmp_path)
    write_sample(paths, (2024,))
    monkeypatch.setattr(commands, "run", functools.partial(
        runner.run, converters=fakes(), retry_delay=0.2, notebook_dir=nb_dir(paths)))
    args = argparse.Namespace(tahun=2024, triwulan=1, semester=None, tahunan=False,
                              semua=False, paralel=2, tanpa_pdf=False, validasi=True)
    assert commands.jalankan(args, paths, sample_settings()) == 0
    printed = capsys.readouterr().out
    assert printed.index("Validasi data kinerja tahun 2024") < printed.index("[1/4]")
    assert "Baris dikarantina  : 1" in printed and "Semua 4 notebook berhasil." in printed
    check_complete(paths, 2024)  # the validasi outputs are whole
    assert (paths.processed_year(2024) / TABLES_STAMP).is_file()
    assert {"01_pengumpulan.html", "04_sosialisasi_triwulan.pdf"} <= final_names(
        paths.report_dir(2024, "tw1"))
    # without --validasi on the same data: the period tables written then are reused
    stamp = (paths.processed_year(2024) / TABLES_STAMP).stat().st_mtime_ns
    args.validasi = False
    assert commands.jalankan(args, paths, sample_settings()) == 0
    assert (paths.processed_year(2024) / TABLES_STAMP).stat().st_mtime_ns == stamp
