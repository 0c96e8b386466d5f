"""One browser session printing many PDFs (``reports.pdf_sesi``): same PDF as the
one-browser-per-PDF command line, fallback when the session's browser dies, no browser
process or profile left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from kinerja_lib.domain.errors import BrowserNotFound, PdfError
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample import write_sample
from kinerja_lib.io.settings_file import load_settings
from kinerja_lib.reports import pdf_sesi, render
from kinerja_lib.run import runner
from kinerja_lib.run.jobs import PHASES
from kinerja_lib.ui import cli

pytestmark = pytest.mark.slow


def _browser_children() -> list[psutil.Process]:
    """Live descendants of this test process running --remote-debugging-pipe."""
    found = []
    for proc in psutil.Process().children(recursive=True):
        try:
            if proc.status() != psutil.STATUS_ZOMBIE and "--remote-debugging-pipe" in " ".join(proc.cmdline()):
                found.append(proc)
        except psutil.Error:  # exited meanwhile
            continue
    return found


def _profiles() -> set[str]:
    """This test process's browser profiles (other processes may be printing too)."""
    pattern = f"{render.PROFILE_PREFIX}{os.getpid()}-*"
    return {p.name for p in Path(tempfile.gettempdir()).glob(pattern)}


@pytest.fixture(scope="module")
def report_html(tmp_path_factory) -> Path:
    """A real report with a chart: the sample office's tw1 sosialisasi phase, as HTML."""
    root = tmp_path_factory.mktemp("kantor")
    paths = Paths(root)
    write_sample(paths, (2024,))
    cli.main(["--folder", str(root), "validasi", "--tahun", "2024"])  # 1: planted error
    phase = next(p for p in PHASES if p.stem == "04_sosialisasi_triwulan")
    # the runner prints its PDF through a browser session (kernels.WarmPool)
    result = runner.run(paths, load_settings(paths.settings_file), 2024, ["tw1"], pdf=True,
                        phases=[phase], progress=False)
    assert result.ok, [j.error for j in result.jobs]
    assert _browser_children() == []
    html = paths.report_dir(2024, "tw1") / f"{phase.stem}.html"
    assert "plotly-graph-div" in html.read_text(encoding="utf-8")
    return html


def _pages(pdf: Path, folder: Path, prefix: str) -> list[bytes]:
    subprocess.run(["pdftoppm", "-r", "30", str(pdf), str(folder / prefix)], check=True)
    return [p.read_bytes() for p in sorted(folder.glob(f"{prefix}-*.ppm"))]


def test_session_pdf_equals_command_line_pdf(report_html, tmp_path):
    browser = render.find_browser()
    cli_pdf = render.html_to_pdf(report_html, tmp_path / "cli.pdf", browser)
    before = _profiles()
    runner_pdf = report_html.with_suffix(".pdf")  # printed by the run's session
    assert _pages(runner_pdf, tmp_path, "run") == _pages(cli_pdf, tmp_path, "cli0")
    with pdf_sesi.PdfSession(browser) as session:
        one = session.print_pdf(report_html, tmp_path / "sesi.pdf")
        two = session.print_pdf(report_html, tmp_path / "sesi2.pdf")  # same browser again
        assert session.printed == 2
        assert len(_browser_children()) >= 1
    assert one.read_bytes()[:5] == b"%PDF-" and two.read_bytes()[:5] == b"%PDF-"
    cli_pages = _pages(cli_pdf, tmp_path, "cli")
    assert len(cli_pages) >= 2
    # every page renders to the same pixels (charts included)
    assert _pages(one, tmp_path, "sesi") == cli_pages
    assert _pages(two, tmp_path, "dua") == cli_pages
    assert _browser_children() == []
    assert _profiles() <= before  # the session's profile was removed
    assert not list(tmp_path.glob(".*.tmp-*"))


def test_tab_reused_then_replaced_same_pixels(report_html, tmp_path, monkeypatch):
    """One tab prints file after file (its warm renderer draws the charts faster) and is
    replaced every PRINTS_PER_TAB prints; every print gives the same pixels."""
    monkeypatch.setattr(pdf_sesi, "PRINTS_PER_TAB", 2)
    tabs = []
    with pdf_sesi.PdfSession(render.find_browser()) as session:
        for i in range(3):
            session.print_pdf(report_html, tmp_path / f"{i}.pdf")
            tabs.append(session._tab)
    assert tabs[0] is not None and tabs[1] is None and tabs[2] not in (None, tabs[0])
    first = _pages(tmp_path / "0.pdf", tmp_path, "p0")
    assert first and all(_pages(tmp_path / f"{i}.pdf", tmp_path, f"p{i}") == first
                         for i in (1, 2))
    assert _browser_children() == []


def test_missing_html_is_an_indonesian_error(tmp_path):
    with pdf_sesi.PdfSession(render.find_browser()) as session:
        with pytest.raises(PdfError, match="tidak ada"):
            session.print_pdf(tmp_path / "tidak-ada.html", tmp_path / "x.pdf")
    assert _browser_children() == []


def test_printers_fall_back_when_the_session_dies(report_html, tmp_path):
    browser = render.find_browser()
    with pdf_sesi.PdfPrinters() as printers:
        printers.to_pdf(report_html, tmp_path / "a.pdf", browser)
        assert printers.fallbacks == 0
        (session,) = printers._all
        os.killpg(session._proc.pid, signal.SIGKILL)  # the browser dies between two PDFs
        session._proc.wait()
        printers.to_pdf(report_html, tmp_path / "b.pdf", browser)
        assert printers.failures == 1 and printers.fallbacks == 1
        printers.to_pdf(report_html, tmp_path / "c.pdf", browser)  # a new session
        assert printers.fallbacks == 1
    for name in "abc":
        assert (tmp_path / f"{name}.pdf").read_bytes()[:5] == b"%PDF-"
    assert _pages(tmp_path / "b.pdf", tmp_path, "b") == _pages(tmp_path / "c.pdf", tmp_path, "c")
    assert _browser_children() == []


def test_prestarted_browsers_are_used_and_stopped(report_html, tmp_path):
    browser = render.find_browser()
    with pdf_sesi.PdfPrinters() as printers:
        printers.prestart(browser, 2)
        printers.prestart(browser, 2)  # a worker's next task: it has its browsers already
        assert len(printers._all) == 2
        deadline = time.monotonic() + 30
        while len(_browser_children()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(_browser_children()) >= 2  # both start before any PDF is asked for
        printers.to_pdf(report_html, tmp_path / "a.pdf", browser)
        printers.to_pdf(report_html, tmp_path / "b.pdf", browser)
        assert len(printers._all) == 2 and printers.fallbacks == 0
        assert sum(s.printed for s in printers._all) == 2
    assert _pages(tmp_path / "a.pdf", tmp_path, "a") == _pages(tmp_path / "b.pdf", tmp_path, "b")
    assert _browser_children() == []


def test_no_browser_found(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "find_browser", lambda settings=None: None)
    html = tmp_path / "r.html"
    html.write_text("<html><body>x</body></html>", encoding="utf-8")
    with pytest.raises(BrowserNotFound, match="PDF tidak dibuat"):
        pdf_sesi.PdfPrinters().to_pdf(html, tmp_path / "r.pdf")
