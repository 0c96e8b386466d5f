"""Small, shareable report files (docs/ukuran-berkas.md).

A real run of the quarterly report notebook on the sample: the HTML stays self-contained
and small (plotly.js once, as the compressed partial bundle), the executed notebook stores
figure JSON only and lies outside the shared period folder, and the charts are drawn by the
embedded bundle with networking off, on screen and in the PDF.
"""

from __future__ import annotations

import datetime as dt
import gzip
import shutil
import subprocess

import pytest
from pixels import count_near, png_pixels, ppm_pixels

from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample import write_sample
from kinerja_lib.io.settings_file import load_settings
from kinerja_lib.reports import render
from kinerja_lib.run import runner
from kinerja_lib.ui import cli

CHROMIUM = render.find_browser()
needs_browser = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium-family browser")
needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="no poppler")
GREEN = (0x1A, 0x98, 0x50)  # 'Sangat Tinggi' bars of the capaian chart
BATAS_HTML = 1_500_000  # bytes, one report with charts

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def laporan(tmp_path_factory):
    root = tmp_path_factory.mktemp("ukuran")
    paths = Paths(root)
    write_sample(paths, (2023, 2024))
    for tahun in (2023, 2024):  # 2024 has planted errors (exit 1) but is processed
        cli.main(["--folder", str(root), "validasi", "--tahun", str(tahun)])
    phase = [p for p in runner.PHASES if p.stem == "03_laporan_triwulan"]
    result = runner.run(paths, load_settings(paths.settings_file), 2024, ["tw2"],
                        phases=phase, pdf=CHROMIUM is not None,
                        generated_at=dt.datetime(2024, 7, 10, 9, 5), lines=False)
    assert result.ok, result.jobs[0].error
    return paths


def test_html_small_self_contained_and_notebook_apart(laporan):
    out = laporan.report_dir(2024, "tw2")
    html = out / "03_laporan_triwulan.html"
    text = html.read_text(encoding="utf-8")
    assert html.stat().st_size <= BATAS_HTML, html.stat().st_size
    assert text.count("plotly.js (cartesian - minified) v3.") == 1  # the bundle, once
    assert text.count('class="plotly-graph-div"') >= 6
    assert "<script src" not in text and "cdn.plot.ly" not in text
    # the shared folder holds what is sent; the executed notebook is kept for audit
    assert {p.name for p in out.iterdir()} <= {"03_laporan_triwulan.html",
                                               "03_laporan_triwulan.pdf"}
    ipynb = laporan.notebook_dir(2024, "tw2") / "03_laporan_triwulan.ipynb"
    nb_text = ipynb.read_text(encoding="utf-8")
    assert "application/vnd.plotly.v1+json" in nb_text  # figure JSON ...
    assert "plotly.js v" not in nb_text and "plotly.js (" not in nb_text  # ... no library
    assert ipynb.stat().st_size < 1_000_000, ipynb.stat().st_size


def test_loader_is_deterministic_and_holds_the_vendored_bundle():
    import base64
    import re

    loader = render.plotly_loader()
    packed = re.search(r'var packed = "([A-Za-z0-9+/=]+)"', loader).group(1)
    assert gzip.decompress(base64.b64decode(packed)) == gzip.decompress(
        render.PLOTLY_BUNDLE.read_bytes())
    render.plotly_loader.cache_clear()
    assert render.plotly_loader() == loader  # fixed gzip time stamp: same bytes each time
    from plotly.offline import get_plotlyjs_version

    major = get_plotlyjs_version().split(".")[0]  # the bundle plotly.py was written for
    assert f"v{major}." in loader.splitlines()[1]


@needs_browser
def test_charts_drawn_offline_by_the_embedded_bundle(laporan, tmp_path):
    html = laporan.report_dir(2024, "tw2") / "03_laporan_triwulan.html"
    png = render.screenshot(html, tmp_path / "laporan.png", CHROMIUM, width=1000,
                            height=2600, offline=True)
    drawn = count_near(png_pixels(png), GREEN)
    # control: the same page without the bundle draws no bar at all
    bare = tmp_path / "tanpa_plotly.html"
    bare.write_text(html.read_text(encoding="utf-8").replace(render.plotly_loader(), ""),
                    encoding="utf-8")
    png0 = render.screenshot(bare, tmp_path / "tanpa.png", CHROMIUM, width=1000, height=2600,
                             offline=True)
    assert count_near(png_pixels(png0), GREEN) == 0
    assert drawn > 3000, drawn


@needs_browser
@needs_poppler
def test_pdf_shows_the_charts(laporan, tmp_path):
    pdf = laporan.report_dir(2024, "tw2") / "03_laporan_triwulan.pdf"
    subprocess.run(["pdftoppm", "-r", "40", "-f", "2", "-l", "3", str(pdf), str(tmp_path / "p")],
                   check=True)
    green = sum(count_near(ppm_pixels(p), GREEN, tol=20) for p in tmp_path.glob("p*.ppm"))
    assert green > 500, green
