"""Report assembly: tables (escaping), title block, fingerprint, HTML export, browser, PDF.

The slow test runs the whole chain for real: a notebook built with nbformat is executed with
papermill, converted with ``notebook_to_html``, screenshotted by headless Chromium with the
network blocked (pixels are checked for drawn bars) and printed with ``html_to_pdf``
(``pdftotext``/``pdfinfo``/``pdftoppm`` check text, page numbers and colours).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from pixels import count_near, png_pixels, ppm_pixels

from kinerja_lib.domain import errors
from kinerja_lib.domain.errors import MissingDataError
from kinerja_lib.domain.fingerprint import FINGERPRINT_LENGTH
from kinerja_lib.domain.periods import Periode
from kinerja_lib.domain.settings import Settings
from kinerja_lib.io import fingerprint
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.review import Status
from kinerja_lib.reports import render as report
from kinerja_lib.reports import tables

CHROMIUM = report.find_browser()
needs_browser = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium-family browser")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no poppler")


# --------------------------------------------------------------------------- tables


def test_format_table_indonesian_formats_and_headers():
    df = pd.DataFrame({
        "kode": ["IK-01", "IK-02"],
        "realisasi": [1234.5, float("nan")],
        "capaian": [85.5, 100.0],
        "pagu": [3521689000.0, None],
        "tanggal": [pd.Timestamp("2024-02-05"), pd.NaT],
        "lengkap": [True, False],
    })
    out = tables.format_table(
        df,
        {"kode": "Kode", "realisasi": "Realisasi", "capaian": "Capaian (%)",
         "pagu": "Pagu", "tanggal": "Tanggal Kirim", "lengkap": "Lengkap", "tidak_ada": "X"},
        {"capaian": "persen", "pagu": "rupiah", "tanggal": "tanggal", "lengkap": "ya_tidak"},
    )
    assert list(out.columns) == ["Kode", "Realisasi", "Capaian (%)", "Pagu", "Tanggal Kirim",
                                 "Lengkap", "X"]
    assert out.iloc[0].tolist() == ["IK-01", "1.234,5", "85,5%", "Rp3.521.689.000",
                                    "5 Februari 2024", "Ya", "-"]
    assert out.iloc[1].tolist() == ["IK-02", "-", "100%", "-", "-", "Tidak", "-"]
    # defaults: floats are numbers, bools Ya/Tidak, integers (years, months) stay as typed
    dflt = tables.format_table(df.assign(tahun=[2024, 2024]),
                               {"tahun": "Tahun", "realisasi": "R", "lengkap": "L"})
    assert dflt.iloc[0].tolist() == ["2024", "1.234,5", "Ya"]


def test_to_html_escapes_workbook_text():
    df = pd.DataFrame({"indikator": ["<script>alert('x')</script>", "A & B"],
                       "kendala": ["<img src=x onerror=alert(1)>", "ok"]})
    shown = tables.format_table(df, {"indikator": "Indikator <i>", "kendala": "Kendala"})
    out = tables.to_html(shown, caption="Tabel <1>")
    assert "<script" not in out and "<img" not in out and "<i>" not in out
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in out or \
        "&lt;script&gt;alert('x')&lt;/script&gt;" in out
    assert "A &amp; B" in out and "Tabel &lt;1&gt;" in out
    assert 'class="dataframe tabel-kinerja"' in out
    empty = tables.to_html(shown.iloc[0:0])
    assert "Tidak ada data" in empty and "Indikator &lt;i&gt;" in empty


# --------------------------------------------------------------------------- title block


def _status(kode, koreksi=()):
    return Status(kode, {"DIKEMBALIKAN": "DIKEMBALIKAN UNTUK DIPERBAIKI"}.get(kode, kode),
                  f"alasan {kode}", list(koreksi))


def test_title_block_contents_and_status_marks():
    s = Settings(nama_opd="Dinas <Uji>", nama_pemda="Kabupaten Balangan")
    p = Periode(2024, "triwulan", 2)
    at = dt.datetime(2024, 7, 10, 9, 5)
    h = report.title_block_html(s, p, _status("DRAFT"), "abc123def456", at)
    assert "Dinas &lt;Uji&gt;" in h and "Kabupaten Balangan" in h
    assert "Triwulan II 2024" in h and "April - Juni 2024" in h
    assert "10 Juli 2024 pukul 09.05" in h and "abc123def456" in h
    assert "class='kinerja-watermark'" in h and ">DRAFT<" in h
    h = report.title_block_html(s, p, _status("DIKEMBALIKAN", ["Perbaiki <b>IK-01</b>"]),
                                "f", at)
    assert "DIKEMBALIKAN UNTUK DIPERBAIKI" in h and "class='kinerja-watermark'" in h
    assert "<li>Perbaiki &lt;b&gt;IK-01&lt;/b&gt;</li>" in h
    h = report.title_block_html(s, p, _status("DISETUJUI"), "f", at)
    assert "class='kinerja-watermark'" not in h and "DISETUJUI" in h
    assert ">DRAFT<" in report.title_block_html(s, p, None, "f", None)
    assert report.title_block(s, p, "DRAFT", "f", at).data.startswith("<div")


def test_title_block_embeds_the_office_logo(tmp_path):
    import base64
    from types import SimpleNamespace

    from kinerja_lib.reports import logo as L
    from kinerja_lib.reports import sections

    s = Settings(nama_opd="Dinas <Uji> & 'Arsip'", nama_pemda="Kabupaten Balangan")
    p = Periode(2024, "triwulan", 2)
    at = dt.datetime(2024, 7, 10, 9, 5)
    plain = report.title_block_html(s, p, _status("DRAFT"), "f", at)
    # no logo set: the block is the same with or without the project folder
    assert report.title_block_html(s, p, _status("DRAFT"), "f", at, root=tmp_path) == plain
    assert "<img" not in plain and "kinerja-kop" not in plain
    (tmp_path / "data").mkdir()
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(40))
    (tmp_path / "data" / "logo.png").write_bytes(png)
    h = report.title_block_html(s.with_(logo="data/logo.png"), p, _status("DRAFT"), "f", at,
                                root=tmp_path)
    src = f"data:image/png;base64,{base64.b64encode(png).decode('ascii')}"
    assert f"<img class='kinerja-logo' src='{src}'" in h
    assert "alt='Dinas &lt;Uji&gt; &amp; &#x27;Arsip&#x27;'" in h
    assert "max-height:18mm" in h and h.index("<img") < h.index("class=\"instansi\"")
    # the notebooks' title block (sections.judul) finds the logo through ctx.paths
    ctx = SimpleNamespace(settings=s.with_(logo="data/logo.png"), periode=p, status=None,
                          fingerprint="f", generated_at=at, paths=Paths(tmp_path))
    assert src in sections.judul(ctx, "Laporan Uji").data
    # the type comes from the content, not the name
    jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * 20
    (tmp_path / "data" / "jpeg.png").write_bytes(jpeg)
    assert L.logo_data_uri(tmp_path / "data" / "jpeg.png").startswith("data:image/jpeg;base64,")
    svg = "<?xml version='1.0'?>\n<svg xmlns='http://www.w3.org/2000/svg'/>"
    (tmp_path / "data" / "lambang.svg").write_text(svg, encoding="utf-8")
    assert L.read_logo(tmp_path / "data" / "lambang.svg") == (
        f"data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}", "")
    # not an image, too large, missing: no image, an Indonesian note in its place
    (tmp_path / "data" / "teks.png").write_text("bukan gambar", encoding="utf-8")
    (tmp_path / "data" / "besar.png").write_bytes(png + b"\x00" * L.LOGO_MAX_BYTES)
    for name, note in [("teks.png", "isinya bukan gambar PNG, JPEG atau SVG"),
                       ("besar.png", "ukurannya 1.000.048 byte, melebihi batas 1.000.000 byte"),
                       ("hilang.png", "Logo hilang.png tidak ditemukan")]:
        assert L.logo_data_uri(tmp_path / "data" / name) is None
        h = report.title_block_html(s.with_(logo=f"data/{name}"), p, None, "f", at,
                                    root=tmp_path)
        assert "<img" not in h and note in h and "kinerja-logo-catatan" in h, name
    assert L.read_logo("") == (None, "")


# --------------------------------------------------------------------------- fingerprint


def test_title_block_prints_the_whole_sidik_to_type_back():
    sidik = "3f9a0c1d2b4e"
    assert len(sidik) == FINGERPRINT_LENGTH
    h = report.title_block_html(Settings(), Periode(2024, "triwulan", 2), _status("DRAFT"),
                                sidik, None)
    assert f'Sidik data: <code class="kinerja-sidik">{sidik}</code>' in h


def test_current_fingerprint_needs_processed_data(tmp_path):
    paths = Paths(tmp_path)
    with pytest.raises(MissingDataError, match="kinerja validasi --tahun 2024"):
        fingerprint.current_fingerprint(paths, Periode(2024, "triwulan", 2), Settings())
    # raw files alone are not enough: the fingerprint is of validated values, not files
    paths.monthly_dir(2024).mkdir(parents=True)
    paths.pk_workbook(2024).write_bytes(b"pk")
    with pytest.raises(MissingDataError):
        fingerprint.current_fingerprint(paths, Periode(2024, "triwulan", 2), Settings())


# --------------------------------------------------------------------------- browser


def test_find_browser_order(tmp_path):
    exe = tmp_path / "mybrowser"
    exe.write_text("#!/bin/sh\n")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    onpath = {"chromium": "/usr/bin/chromium", "msedge": "/x/msedge"}
    which = onpath.get
    assert report.find_browser(Settings(browser=str(exe)), {}, which) == str(exe)
    assert report.find_browser(Settings(), {"KINERJA_BROWSER": str(exe)}, which) == str(exe)
    assert report.find_browser(Settings(), {"KINERJA_BROWSER": "msedge"}, which) == "/x/msedge"
    assert report.find_browser(Settings(), {}, which) == "/usr/bin/chromium"
    assert report.find_browser(Settings(), {}, {"msedge": "/x/msedge"}.get) == "/x/msedge"
    assert report.find_browser(Settings(), {}, lambda n: None, extra_paths=()) is None
    assert report.find_browser(None, {}, lambda n: None, extra_paths=[str(exe)]) == str(exe)


def test_html_to_pdf_errors(tmp_path, monkeypatch):
    html = tmp_path / "r.html"
    html.write_text("<p>x</p>")
    monkeypatch.setattr(report, "find_browser", lambda settings=None: None)
    with pytest.raises(errors.BrowserNotFound, match="Ctrl\\+P"):
        report.html_to_pdf(html, tmp_path / "r.pdf", settings=Settings())
    fake = tmp_path / "fake"
    fake.write_text("#!/bin/sh\necho rusak >&2\nexit 3\n")
    fake.chmod(0o755)
    with pytest.raises(errors.PdfError, match="kode keluar 3"):
        report.html_to_pdf(html, tmp_path / "r.pdf", browser=str(fake))
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".*tmp*"))
    assert "Simpan sebagai PDF" in report.pdf_hint(html)


# --------------------------------------------------------------------------- notebook export


def _notebook(cells):
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def test_notebook_to_html_hides_code_and_needs_no_network(tmp_path):
    code = nbformat.v4.new_code_cell("print('rahasia_kode')")
    code.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="keluaran terlihat\n"),
        nbformat.v4.new_output("stream", name="stderr", text="UserWarning: peringatan\n"),
    ]
    hidden = nbformat.v4.new_code_cell("x = 1")
    hidden.metadata["tags"] = ["hapus"]
    hidden.outputs = [nbformat.v4.new_output("stream", name="stdout", text="sel dihapus\n")]
    md = nbformat.v4.new_markdown_cell("## Bab I Pendahuluan")
    figs = []
    for _ in range(2):  # plotly JSON only (a notebook run without setup_notebook_display)
        fig = nbformat.v4.new_code_cell("fig")
        fig.outputs = [nbformat.v4.new_output(
            "display_data", data={"application/vnd.plotly.v1+json": {
                "data": [{"type": "bar", "y": [1, 2]}], "layout": {}}, "text/plain": "Figure"})]
        figs.append(fig)
    nb = _notebook([md, code, hidden, *figs])
    src = tmp_path / "nb.ipynb"
    nbformat.write(nb, src)
    out = report.notebook_to_html(src, tmp_path / "out" / "lap.html", "Laporan \"TW II\" </style>")
    text = out.read_text(encoding="utf-8")
    assert '<html lang="id">' in text
    assert "keluaran terlihat" in text and "Bab I Pendahuluan" in text
    assert "rahasia_kode" not in text and "sel dihapus" not in text
    assert "peringatan" not in text
    assert "counter(pages)" in text and "size: A4" in text
    assert "</style>\"" not in text  # title escaped inside the CSS string
    assert "<script src" not in text
    assert text.count("plotly.js (cartesian - minified) v3.") == 1  # one partial bundle
    assert text.count('class="plotly-graph-div"') == 2
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["lap.html"]


def test_setup_notebook_display_inline_plotly_no_modebar():
    import plotly.graph_objects as go
    import plotly.io as pio

    old_renderer, old_default = pio.renderers["notebook"], pio.renderers.default
    try:
        report.setup_notebook_display()
        assert pio.renderers.default == "notebook"
        bundle = pio.renderers["notebook"].to_mimebundle(go.Figure(go.Bar(y=[1])).to_dict())
        assert set(bundle) == {"application/vnd.plotly.v1+json"}  # figure JSON, no plotly.js
        assert bundle["application/vnd.plotly.v1+json"]["config"]["displayModeBar"] is False
        assert len(json.dumps(bundle)) < 20_000  # measured 7.455 with the default template
        assert pd.get_option("display.float_format")(1234.5) == "1.234,5"
    finally:
        pio.renderers["notebook"] = old_renderer
        pio.renderers.default = old_default
        pd.reset_option("display.float_format")


# --------------------------------------------------------------------------- end to end


# predikat band colours of the bars (the DRAFT banner's dark red is more than 12 away)
GREEN, LIGHT_GREEN, RED = (0x1A, 0x98, 0x50), (0x91, 0xCF, 0x60), (0xD7, 0x30, 0x27)


@pytest.mark.slow
@needs_browser
@needs_poppler
def test_end_to_end_notebook_html_screenshot_pdf(tmp_path):
    import papermill

    setup = (
        "import datetime as dt\n"
        "import pandas as pd\n"
        "from kinerja_lib.reports import charts, tables\n"
        "from kinerja_lib.reports import render as report\n"
        "from kinerja_lib.domain.periods import Periode\n"
        "from kinerja_lib.domain.settings import Settings\n"
        "report.setup_notebook_display()\n"
        "cap = pd.DataFrame({'kode': ['IK-01', 'IK-02', 'IK-03'],\n"
        "    'indikator': ['Persentase pengunjung perpustakaan', 'Jumlah koleksi', "
        "'Arsip <script>alert(1)</script>'],\n"
        "    'capaian_sd': [96.5, 88.0, 30.25], 'dinilai': [True, True, True],\n"
        "    'predikat': ['Sangat Tinggi', 'Tinggi', 'Sangat Rendah']})\n"
    )
    cells = [
        nbformat.v4.new_code_cell(setup),
        nbformat.v4.new_code_cell(
            "report.title_block(Settings(nama_opd='Dinas Perpustakaan dan Kearsipan', "
            "nama_pemda='Kabupaten Balangan'), Periode(2024, 'triwulan', 2), 'DRAFT', "
            "'abc123def456', dt.datetime(2024, 7, 10, 9, 5), judul='Laporan Kinerja Triwulan')"),
        nbformat.v4.new_markdown_cell("## Capaian Kinerja\nCapaian rata-rata **71,58%**."),
        nbformat.v4.new_code_cell("charts.capaian_predikat(cap, Settings().predikat_scale)"),
        nbformat.v4.new_code_cell(
            "tables.display_table(cap, {'kode': 'Kode', 'indikator': 'Indikator', "
            "'capaian_sd': 'Capaian'}, {'capaian_sd': 'persen'})"),
    ]
    src = tmp_path / "lap.ipynb"
    nbformat.write(_notebook(cells), src)
    executed = tmp_path / "lap_out.ipynb"
    papermill.execute_notebook(str(src), str(executed), kernel_name="python3",
                               progress_bar=False, cwd=str(tmp_path))
    html = report.notebook_to_html(executed, tmp_path / "lap.html",
                                   "Laporan Kinerja Triwulan II 2024")
    text = html.read_text(encoding="utf-8")
    assert "plotly.js (cartesian - minified) v3." in text  # the library itself is inline ...
    assert "<script src" not in text  # ... and nothing is fetched
    assert '"displayModeBar": false' in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text  # table cell escaped

    png = report.screenshot(html, tmp_path / "shot.png", CHROMIUM, width=900, height=1300,
                            offline=True)
    rows = png_pixels(png)
    # measured: ~8800 / ~7200 / ~2800 pixels drawn, 0 each when plotly.js is missing
    assert count_near(rows, GREEN) > 3000, "top-band bar was not drawn"
    assert count_near(rows, LIGHT_GREEN) > 2500, "second-band bar was not drawn"
    assert count_near(rows, RED) > 1000, "bottom-band bar was not drawn"

    pdf = report.html_to_pdf(html, tmp_path / "lap.pdf", CHROMIUM)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))
    assert pages >= 1 and "A4" in info
    pdf_text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True).stdout
    for expected in ("DINAS PERPUSTAKAAN DAN KEARSIPAN", "Laporan Kinerja Triwulan",
                     "Triwulan II 2024", "10 Juli 2024 pukul 09.05", "abc123def456",
                     "Capaian Kinerja dan Predikat per Indikator", "96,5%", "30,25%",
                     f"Halaman 1 dari {pages}", "<script>alert(1)</script>"):
        assert expected in pdf_text, expected
    assert "DRAFT" in pdf_text
    subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True)
    page = ppm_pixels(next(tmp_path.glob("page*.ppm")))
    assert count_near(page, GREEN) > 300, "chart missing from the PDF"
    keep = os.environ.get("KINERJA_KEEP_E2E")
    if keep:  # for looking at the output by eye
        for f in (png, pdf, *tmp_path.glob("page*.ppm"), html):
            shutil.copy(f, Path(keep) / f.name)
