"""Report assembly: notebook display setup, title block (status, sidik data), HTML and PDF.

The phase notebooks call :func:`setup_notebook_display` first and :func:`title_block` near
the top; the runner then converts each executed notebook with :func:`notebook_to_html` (no
code, Indonesian ``lang``, A4 print CSS with page numbers, every script inline so the file
works offline) and prints it to PDF with :func:`html_to_pdf` through a Chromium-family
browser found by :func:`find_browser`. Without a browser the HTML stays and
:func:`pdf_hint` tells the user how to get the PDF.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as _dt
import functools
import gzip
import html
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from kinerja_lib.domain.errors import BrowserNotFound, PdfError
from kinerja_lib.domain.numbers import format_number, format_waktu
from kinerja_lib.io.store import atomic_write_text
from kinerja_lib.reports.logo import logo_html

#: Environment variable naming the browser used for PDF printing.
BROWSER_ENV = "KINERJA_BROWSER"

#: Browser names searched on PATH, in order.
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
                 "chrome", "msedge", "microsoft-edge", "microsoft-edge-stable")

#: Usual install locations on Windows and macOS (checked after PATH).
BROWSER_PATHS = (
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
    r"C:\Program Files\Microsoft\Edge\Application\msedge.exe",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
)

#: Plotly config used in reports: no mode bar (it would print), no plotly logo.
PLOTLY_CONFIG = {"displayModeBar": False, "displaylogo": False, "responsive": True}







# --------------------------------------------------------------------------- notebook display


def _report_renderer():
    """plotly's ``plotly_mimetype`` renderer with the report config: a figure is stored in the
    notebook as its JSON only (``application/vnd.plotly.v1+json``, a few kB), never with
    plotly.js; :func:`notebook_to_html` draws it with the one bundle per HTML file."""
    from plotly.io._base_renderers import PlotlyRenderer

    return PlotlyRenderer(config=dict(PLOTLY_CONFIG))


def setup_notebook_display() -> None:
    """Configure plotly and pandas for report notebooks (call at the top of each notebook).

    * plotly's default renderer becomes ``notebook``, replaced by one that stores each figure
      as plotly JSON only (no plotly.js, no CDN, no MathJax) with the mode bar hidden;
      :func:`notebook_to_html` adds plotly.js once per HTML file, so the charts draw offline
      and print without the toolbar;
    * pandas shows all columns, wide cells, and floats the Indonesian way (``1.234,5``).
    """
    # only inside a notebook kernel: plotly's renderers and pandas display options
    import pandas as pd
    import plotly.io as pio

    pio.renderers["notebook"] = _report_renderer()
    pio.renderers.default = "notebook"
    pd.set_option("display.max_columns", 50)
    pd.set_option("display.max_rows", 200)
    pd.set_option("display.max_colwidth", 120)
    pd.set_option("display.width", 160)
    pd.set_option("display.float_format", lambda v: format_number(v, 2))


def _kop_open(logo: str) -> str:
    """Start of the logo row around the office, title and period lines (empty without logo,
    so the title block of an office without a logo is unchanged)."""
    if not logo:
        return ""
    return ("<div class='kinerja-kop' style='display:flex;align-items:center;gap:4mm'>"
            f"{logo}<div>\n")


def _kop_close(logo: str) -> str:
    return "</div></div>\n" if logo else ""


# --------------------------------------------------------------------------- title block


_STATUS_STYLE = {
    "DRAFT": ("#b71c1c", "#ffebee"),
    "DIKEMBALIKAN": ("#e65100", "#fff3e0"),
    "DISETUJUI": ("#1b5e20", "#e8f5e9"),
}


def _status_parts(status) -> tuple[str, str, str, list[str]]:
    """(kode, label, alasan, koreksi) from a ``review.Status``, a code string or None."""
    if status is None:
        return "DRAFT", "DRAFT", "Laporan belum ditinjau.", []
    if isinstance(status, str):
        kode = status.strip().upper() or "DRAFT"
        return kode, kode, "", []
    return (str(status.kode), str(status.label), str(getattr(status, "alasan", "") or ""),
            [str(c) for c in (getattr(status, "koreksi", None) or [])])


def title_block_html(settings, periode, status, fingerprint: str,
                     generated_at: _dt.datetime | None, judul: str = "Laporan Kinerja",
                     root=None) -> str:
    """HTML of the title block (see :func:`title_block`); every text is escaped."""
    e = html.escape
    logo = logo_html(settings, root)
    kode, label, alasan, koreksi = _status_parts(status)
    fg, bg = _STATUS_STYLE.get(kode, _STATUS_STYLE["DRAFT"])
    waktu = format_waktu(generated_at) if generated_at is not None else "-"
    koreksi_html = ""
    if koreksi:
        koreksi_html = ("<div class='kinerja-koreksi'><b>Koreksi yang diminta:</b><ol>"
                        + "".join(f"<li>{e(c)}</li>" for c in koreksi) + "</ol></div>")
    watermark = ""
    if kode != "DISETUJUI":
        watermark = f"<div class='kinerja-watermark' aria-hidden='true'>{e(kode)}</div>"
    return f"""<div class="kinerja-judul" lang="id">
<style>
.kinerja-judul {{ font-family: Arial, Helvetica, sans-serif; color: #212121; margin: 0 0 12px; }}
.kinerja-judul .instansi {{ font-size: 11pt; text-transform: uppercase; letter-spacing: .03em;
  color: #424242; }}
.kinerja-judul h1 {{ font-size: 20pt; margin: 4px 0 2px; border: 0; }}
.kinerja-judul .periode {{ font-size: 14pt; margin: 0 0 8px; }}
.kinerja-judul .meta {{ font-size: 9pt; color: #555; border-top: 1px solid #bdbdbd;
  padding-top: 4px; }}
.kinerja-judul .kinerja-sidik {{ font: bold 10pt "Courier New", monospace; color: #212121;
  letter-spacing: .05em; }}
.kinerja-status {{ border: 2px solid {fg}; background: {bg}; color: {fg}; padding: 6px 10px;
  margin: 10px 0; font-size: 10pt; border-radius: 3px; }}
.kinerja-status .tanda {{ font-weight: bold; font-size: 13pt; letter-spacing: .08em; }}
.kinerja-koreksi ol {{ margin: 4px 0 0 18px; padding: 0; }}
.kinerja-watermark {{ position: fixed; top: 38%; left: 0; right: 0; text-align: center;
  font: bold 110pt Arial, sans-serif; color: rgba(183, 28, 28, 0.10);
  transform: rotate(-30deg); z-index: 1000; pointer-events: none; }}
</style>
{watermark}
{_kop_open(logo)}<div class="instansi">{e(settings.nama_pemda)} &middot; {e(settings.nama_opd)}</div>
<h1>{e(judul)}</h1>
<div class="periode">{e(periode.label)} <span style="color:#757575">({e(periode.rentang_bulan)})</span></div>
{_kop_close(logo)}<div class="kinerja-status kinerja-status-{e(kode.lower())}"><span class="tanda">{e(label)}</span>
{('&nbsp;&mdash; ' + e(alasan)) if alasan else ''}{koreksi_html}</div>
<div class="meta">Dibuat {e(waktu)} &middot; Sidik data: <code class="kinerja-sidik">{e(fingerprint or '-')}</code>
&middot; {e(settings.kode_opd)}</div>
</div>"""


def title_block(settings, periode, status, fingerprint: str,
                generated_at: _dt.datetime | None, judul: str = "Laporan Kinerja", root=None):
    """Title block of a report as ``IPython.display.HTML``.

    Parameters
    ----------
    settings : Settings
        Office names (``nama_pemda``, ``nama_opd``, ``kode_opd``) and ``logo``.
    periode : Periode
        Report period (label and month span).
    status : review.Status, str or None
        Status mark; DRAFT and DIKEMBALIKAN also put a large watermark on every printed page,
        DIKEMBALIKAN lists the corrections asked for.
    fingerprint : str
        Period fingerprint (``domain.fingerprint.period_fingerprint``), printed in full so the
        reviewer can type it back (``kinerja tinjau --sidik``).
    generated_at : datetime or None
        Time of the run, passed by the runner (the library never reads the clock).
    judul : str
        Report title, e.g. ``"Laporan Kinerja Triwulan"``.
    root : path, optional
        Project folder ``settings.logo`` is relative to; with it the logo is printed left of
        the office name (embedded by :func:`read_logo`, at most 18 mm high, the office name as
        alt text), or a note when it cannot be (missing, not an image, over 1 MB).
    """
    from IPython.display import HTML

    return HTML(title_block_html(settings, periode, status, fingerprint, generated_at, judul,
                                 root))


# --------------------------------------------------------------------------- HTML


def _css_string(text: str) -> str:
    """A CSS string literal holding ``text`` (every non-alphanumeric char escaped)."""
    out = []
    for ch in text:
        out.append(ch if ch.isalnum() and ord(ch) < 128 or ch == " " else f"\\{ord(ch):06x}")
    return '"' + "".join(out) + '"'


def print_css(title: str) -> str:
    """Screen and A4 print CSS of the reports (page numbers in the bottom margin)."""
    return f"""
html {{ background: #fff; }}
body.jp-Notebook {{ max-width: 182mm; margin: 0 auto !important; padding: 8mm 0 !important;
  font-family: Arial, Helvetica, sans-serif; }}
.jp-Cell {{ padding-left: 0 !important; padding-right: 0 !important; }}
.jp-OutputArea-output, .jp-RenderedHTMLCommon {{ padding-left: 0 !important;
  padding-right: 0 !important; }}
.jp-RenderedHTMLCommon {{ font-size: 10.5pt; line-height: 1.45; }}
.jp-RenderedHTMLCommon h1 {{ font-size: 18pt; }}
.jp-RenderedHTMLCommon h2 {{ font-size: 14pt; margin-top: 14px; border-bottom: 1px solid #9e9e9e; }}
.jp-RenderedHTMLCommon h3 {{ font-size: 12pt; }}
table.tabel-kinerja {{ border-collapse: collapse; width: 100%; font-size: 8.5pt;
  margin: 6px 0 12px; table-layout: auto; }}
table.tabel-kinerja th {{ background: #eceff1; color: #212121; font-weight: bold;
  text-align: left; border: 1px solid #b0bec5; padding: 3px 5px; vertical-align: bottom; }}
table.tabel-kinerja td {{ border: 1px solid #cfd8dc; padding: 3px 5px; vertical-align: top;
  text-align: left; white-space: normal; }}
.jp-RenderedHTMLCommon table.tabel-kinerja td, .jp-RenderedHTMLCommon table.tabel-kinerja th {{
  text-align: left; }}
table.tabel-kinerja tbody tr:nth-child(even) {{ background: #fafafa; }}
table.tabel-kinerja caption {{ caption-side: top; text-align: left; font-weight: bold;
  padding: 2px 0 4px; }}
table.tabel-kinerja.tabel-lebar {{ font-size: 7pt; }}
table.tabel-kinerja.tabel-lebar th, table.tabel-kinerja.tabel-lebar td {{ padding: 2px 3px; }}
@page {{
  size: A4;
  margin: 15mm 14mm 16mm 14mm;
  @bottom-left {{ content: {_css_string(title)}; font-family: Arial, sans-serif;
    font-size: 8pt; color: #616161; }}
  @bottom-right {{ content: "Halaman " counter(page) " dari " counter(pages);
    font-family: Arial, sans-serif; font-size: 8pt; color: #616161; }}
}}
@media print {{
  body.jp-Notebook {{ padding: 0 !important; }}
  .plotly-graph-div, .js-plotly-plot, .jp-RenderedImage, figure {{ break-inside: avoid; }}
  h1, h2, h3, h4 {{ break-after: avoid; }}
  /* a section heading or a lead-in sentence stays on the page of the chart or table it
     introduces (Chromium ignores break-after on the flex output rows, so break-before) */
  .jp-MarkdownCell {{ break-after: avoid; }}
  .jp-OutputArea-child:has(> .jp-RenderedMarkdown) + .jp-OutputArea-child {{
    break-before: avoid; }}
  table.tabel-kinerja thead {{ display: table-header-group; }}
  table.tabel-kinerja tr {{ break-inside: avoid; }}
  .jp-Cell-outputWrapper {{ display: block; }}
}}
"""


_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_css -%}
<style type="text/css">{{ resources.kinerja_css }}</style>
{{ resources.kinerja_plotly }}
{%- endblock html_head_css -%}
"""

#: The vendored plotly.js partial bundle (see ``assets/README.md``), stored gzip-compressed
#: (level 9, time stamp 0) exactly as it is embedded; its major version must be the one
#: plotly.py expects (``plotly.offline.get_plotlyjs_version()``).
PLOTLY_BUNDLE = Path(__file__).with_name("assets") / "plotly-cartesian.min.js.gz"

# Defines a stand-in ``Plotly.newPlot`` that queues the charts of the page, unpacks the
# gzip+base64 bundle with the browser's DecompressionStream, evaluates it globally (it sets
# ``window.Plotly``) and draws the queued charts. Without DecompressionStream (browsers older
# than 2023) each chart shows an Indonesian note instead.
#: The page script around it (``assets/plotly-loader.js``).
PLOTLY_LOADER = PLOTLY_BUNDLE.with_name("plotly-loader.js")


@functools.lru_cache(maxsize=1)
def plotly_loader() -> str:
    """The ``<script>`` that gives an HTML report plotly.js (about 630 kB, once per file).

    The vendored partial bundle (bar, scatter, heatmap, … : :data:`PLOTLY_BUNDLE`), kept
    gzip-compressed with a fixed time stamp (deterministic), is embedded base64-encoded.
    """
    compressed = PLOTLY_BUNDLE.read_bytes()
    with gzip.open(PLOTLY_BUNDLE, "rb") as fh:  # only the licence header line is needed
        header = fh.read(200).decode("utf-8", "replace").splitlines()[1].strip(" *")
    packed = base64.b64encode(compressed).decode("ascii")
    script = PLOTLY_LOADER.read_text(encoding="utf-8")
    script = script.replace("{header}", header.replace("*/", ""), 1).replace("{data}", packed, 1)
    return f'<script type="text/javascript">\n{script}</script>'


#: Cell tags honoured by :func:`notebook_to_html`.
REMOVE_CELL_TAGS = ("hapus", "remove_cell")
REMOVE_OUTPUT_TAGS = ("hapus_keluaran", "remove_output")

_CDN_SCRIPT = re.compile(r"<script[^>]+src=[\"']?https?://", re.I)


_PLOTLY_MIME = "application/vnd.plotly.v1+json"


def _is_plotly_bundle(data) -> bool:
    """An output that only publishes a whole plotly.js (plotly's ``notebook`` renderer in a
    notebook executed by an older version); the report brings its own bundle."""
    text = str(data.get("text/html", ""))
    return "plotly.js v" in text and "Plotly.newPlot" not in text and len(text) > 100_000


def _prepare(nb) -> tuple[object, bool]:
    """Drop stderr streams (warnings) and old plotly.js bundle outputs; give each plotly
    figure stored as JSON (``application/vnd.plotly.v1+json``, see
    :func:`setup_notebook_display`) an HTML rendering without plotly.js, since nbconvert's
    HTML ignores that mimetype. Returns the notebook and whether it holds a chart."""
    from plotly.io import to_html

    charts = False
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        outputs = []
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream" and o.get("name") == "stderr":
                continue
            data = o.get("data", {})
            if _is_plotly_bundle(data):
                continue
            if _PLOTLY_MIME in data and "text/html" not in data:
                fig = dict(data[_PLOTLY_MIME])
                config = fig.pop("config", None) or dict(PLOTLY_CONFIG)
                data["text/html"] = to_html(
                    fig, include_plotlyjs=False, include_mathjax=False, full_html=False,
                    config=config, default_width="100%", validate=False,
                )
            charts = charts or "Plotly.newPlot" in str(data.get("text/html", ""))
            outputs.append(o)
        cell["outputs"] = outputs
    return nb, charts


_local = threading.local()


def _exporter():
    """This thread's HTML exporter: made once, so its jinja2 templates are compiled once
    (about half of a small report's conversion time); it keeps no state between notebooks."""
    exporter = getattr(_local, "exporter", None)
    if exporter is None:
        # nbconvert (and its jinja2 templates) is heavy; only the converting process needs it
        import jinja2
        from nbconvert import HTMLExporter
        from nbconvert.preprocessors import TagRemovePreprocessor

        exporter = HTMLExporter(
            template_name="lab",
            extra_loaders=[jinja2.DictLoader({"kinerja.html.j2": _TEMPLATE})],
            template_file="kinerja.html.j2",
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )
        exporter.language_code = "id"
        tags = TagRemovePreprocessor(remove_cell_tags=set(REMOVE_CELL_TAGS),
                                     remove_all_outputs_tags=set(REMOVE_OUTPUT_TAGS))
        exporter.register_preprocessor(tags, enabled=True)
        _local.exporter = exporter
    return exporter


def notebook_to_html(ipynb_path, html_path, title: str) -> Path:
    """Convert an executed notebook to a standalone HTML report.

    No code and no prompts; ``<html lang="id">``; A4 print CSS with "Halaman n dari m" in
    the bottom margin; stderr output and cells tagged ``hapus``/``remove_cell`` removed;
    external scripts (require.js, MathJax, mermaid) left out; plotly.js embedded once (the
    compressed partial bundle of :func:`plotly_loader`) when the notebook holds a chart, so
    the file works without network and stays small (``docs/ukuran-berkas.md``). Written
    atomically.

    Parameters
    ----------
    ipynb_path : path
        Executed notebook.
    html_path : path
        Output file.
    title : str
        Document title (``<title>`` and page footer).

    Returns
    -------
    Path
        ``html_path``.

    Raises
    ------
    ValueError
        If the output would still load a script from the network.
    """
    import nbformat

    nb = nbformat.read(str(ipynb_path), as_version=4)
    nb, charts = _prepare(nb)
    nb.metadata["title"] = title
    body, _ = _exporter().from_notebook_node(
        nb, resources={"metadata": {"name": title}, "kinerja_css": print_css(title),
                       "kinerja_plotly": plotly_loader() if charts else ""}
    )
    if _CDN_SCRIPT.search(body):
        raise ValueError(f"HTML {html_path} still loads a script from the network")
    html_path = Path(html_path)
    atomic_write_text(html_path, body)
    return html_path


# --------------------------------------------------------------------------- PDF


def find_browser(settings=None, environ=None, which=shutil.which,
                 extra_paths: Sequence[str] = BROWSER_PATHS) -> str | None:
    """Locate a Chromium-family browser for PDF printing.

    Order: ``settings.browser`` (a path or a name on PATH), the ``KINERJA_BROWSER``
    environment variable, the names in :data:`BROWSER_NAMES` on PATH, then the usual
    install paths (:data:`BROWSER_PATHS`).

    Returns
    -------
    str or None
        Path of the browser executable, None when nothing was found.
    """
    environ = os.environ if environ is None else environ
    candidates = []
    if settings is not None and getattr(settings, "browser", ""):
        candidates.append(settings.browser)
    if environ.get(BROWSER_ENV):
        candidates.append(environ[BROWSER_ENV])
    for cand in candidates:
        p = Path(cand).expanduser()
        if p.is_file() and os.access(p, os.X_OK):
            return str(p)
        found = which(cand)
        if found:
            return found
    for name in BROWSER_NAMES:
        found = which(name)
        if found:
            return found
    for cand in extra_paths:
        if Path(cand).is_file():
            return cand
    return None


def pdf_hint(html_path=None) -> str:
    """Indonesian instructions for getting a PDF when no browser was found."""
    target = f" {html_path}" if html_path else ""
    return (
        "PDF tidak dibuat karena peramban Chromium/Google Chrome/Microsoft Edge tidak "
        f"ditemukan. Laporan HTML{target} tetap tersedia. Untuk membuat PDF: (1) pasang "
        "Google Chrome, Chromium atau Microsoft Edge, lalu jalankan ulang perintah; atau "
        "(2) isi `browser = \"<lokasi program peramban>\"` di data/pengaturan.toml atau "
        "variabel lingkungan KINERJA_BROWSER; atau (3) buka berkas HTML di peramban, tekan "
        "Ctrl+P, pilih \"Simpan sebagai PDF\" dan ukuran kertas A4."
    )


#: Prefix of the throw-away browser profiles; the PID lets a later run remove the profile
#: of a killed one (``run.runner.remove_stale_temp``).
PROFILE_PREFIX = "kinerja-browser-"


@contextlib.contextmanager
def _browser_profile():
    """A private browser profile folder, removed on every exit path.

    Chromium helper processes can still be writing when the browser exits (or is killed
    after a timeout), so the removal is retried briefly and never raises.
    """
    profile = tempfile.mkdtemp(prefix=f"{PROFILE_PREFIX}{os.getpid()}-")
    try:
        yield profile
    finally:
        for _ in range(5):
            shutil.rmtree(profile, ignore_errors=True)
            if not os.path.exists(profile):
                break
            time.sleep(0.2)


def _browser_cmd(browser: str, profile: str, offline: bool) -> list[str]:
    """Common headless flags: throw-away profile, no background services, wait for scripts;
    ``offline`` also makes every host name unresolvable (a report must not need network)."""
    cmd = [
        browser, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions", "--disable-default-apps", "--no-first-run",
        "--no-default-browser-check", "--mute-audio", "--hide-scrollbars",
        f"--user-data-dir={profile}",
        "--run-all-compositor-stages-before-draw", "--virtual-time-budget=15000",
    ]
    if offline:
        cmd += ["--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
                "--proxy-bypass-list=<-loopback>"]
    return cmd


def html_to_pdf(html_path, pdf_path, browser: str | None = None, timeout: float = 180,
                settings=None, offline: bool = True) -> Path:
    """Print an HTML report to an A4 PDF with a headless Chromium-family browser.

    The browser runs with networking features off and a throw-away profile, waits for the
    page's scripts (plotly) through a virtual time budget, and prints without its own
    header/footer (the page numbers come from the report's CSS). The PDF is written under a
    temporary name and renamed.

    Parameters
    ----------
    html_path, pdf_path : path
    browser : str, optional
        Browser executable; default :func:`find_browser` (``settings``).
    timeout : float
        Seconds before the browser is stopped.
    settings : Settings, optional
        Used to find the browser when ``browser`` is not given.
    offline : bool
        Block all network access of the browser (default; the report is self-contained).

    Raises
    ------
    BrowserNotFound
        No browser (message includes :func:`pdf_hint`).
    PdfError
        The browser failed or timed out, or wrote no PDF.
    """
    html_path = Path(html_path).resolve()
    pdf_path = Path(pdf_path)
    browser = browser or find_browser(settings)
    if not browser:
        raise BrowserNotFound(pdf_hint(html_path))
    if not html_path.exists():
        raise PdfError(f"Berkas HTML {html_path} tidak ada.")
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    tmp_pdf = pdf_path.with_name(f".{pdf_path.name}.tmp-{os.getpid()}.pdf")
    with _browser_profile() as profile:
        source = html_path
        if html_path.suffix.lower() not in (".html", ".htm"):  # browsers sniff by extension
            source = Path(profile) / "laporan.html"
            shutil.copyfile(html_path, source)
        cmd = _browser_cmd(browser, profile, offline) + [
            "--no-pdf-header-footer", f"--print-to-pdf={tmp_pdf}", source.as_uri(),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  stdin=subprocess.DEVNULL)
        except OSError as exc:
            raise PdfError(f"Peramban {browser} tidak dapat dijalankan: {exc}") from exc
        except BaseException as exc:  # timeout, Ctrl-C: no half-written PDF is left behind
            tmp_pdf.unlink(missing_ok=True)
            if not isinstance(exc, subprocess.TimeoutExpired):
                raise
            raise PdfError(
                f"Peramban tidak selesai mencetak PDF dalam {int(timeout)} detik ({html_path})."
            ) from exc
    ok = tmp_pdf.exists() and tmp_pdf.stat().st_size > 0
    if proc.returncode != 0 or not ok:
        tmp_pdf.unlink(missing_ok=True)
        tail = "\n".join((proc.stderr or "").strip().splitlines()[-3:])
        raise PdfError(
            f"Peramban gagal mencetak PDF dari {html_path} (kode keluar {proc.returncode}). "
            f"{tail}".strip()
        )
    with open(tmp_pdf, "rb") as fh:
        if fh.read(5) != b"%PDF-":
            tmp_pdf.unlink(missing_ok=True)
            raise PdfError(f"Berkas yang ditulis peramban bukan PDF ({html_path}).")
    os.replace(tmp_pdf, pdf_path)
    return pdf_path


def screenshot(html_path, png_path, browser: str | None = None, width: int = 900,
               height: int = 1400, timeout: float = 120, offline: bool = True) -> Path:
    """Headless screenshot of an HTML file (used by tests and for checking charts)."""
    html_path = Path(html_path).resolve()
    browser = browser or find_browser()
    if not browser:
        raise BrowserNotFound(pdf_hint(html_path))
    with _browser_profile() as profile:
        cmd = _browser_cmd(browser, profile, offline) + [
            f"--window-size={width},{height}", f"--screenshot={Path(png_path).resolve()}",
            html_path.as_uri(),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    if proc.returncode != 0 or not Path(png_path).exists():
        raise PdfError(f"Tangkapan layar gagal ({proc.returncode}): {proc.stderr[-300:]}")
    return Path(png_path)


__all__ = [
    "setup_notebook_display", "title_block", "title_block_html",
    "notebook_to_html", "plotly_loader", "print_css", "find_browser", "html_to_pdf",
    "pdf_hint", "screenshot",
    "PLOTLY_CONFIG", "BROWSER_ENV",
]
