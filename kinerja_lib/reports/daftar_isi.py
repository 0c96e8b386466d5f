"""Daftar Isi, Daftar Tabel and Daftar Gambar of the LKjIP, with page numbers in the PDF.

:class:`Nomor` hands out anchors and numbers ("Tabel 3.1", "Gambar 3.1") while the report is
built and renders the three lists; every entry links to its anchor and carries a fixed-width
page placeholder (hidden on screen). :func:`cetak_pdf` prints the HTML once with Chromium
(``render.html_to_pdf``), reads the page of every anchor from the PDF's named destinations
(pypdf), writes the numbers into the placeholders of a copy of the HTML, prints again and
checks that every anchor is still on the page written. HTML without placeholders is printed
once, unchanged.
"""

from __future__ import annotations

import html as _html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader

from kinerja_lib.domain.errors import PdfError
from kinerja_lib.reports import render

#: CSS class of a page-number placeholder; its text is replaced by :func:`cetak_pdf`.
KELAS_HALAMAN = "lkjip-hal"
_PLACEHOLDER = re.compile(
    r'(<span class="' + KELAS_HALAMAN + r'" data-ref="([A-Za-z0-9_-]+)">)([^<]*)(</span>)')

CSS = f"""
.lkjip-daftar {{ width: 100%; border-collapse: collapse; font-size: 10pt; }}
.lkjip-daftar td {{ padding: 2px 0; vertical-align: bottom; border: none; }}
.jp-RenderedHTMLCommon .lkjip-daftar td.judul {{ text-align: left; }}
.jp-RenderedHTMLCommon .lkjip-daftar tr {{ background: none !important; }}
.lkjip-daftar td.judul a {{ color: inherit; text-decoration: none; }}
.lkjip-daftar td.judul.l2 {{ padding-left: 1.5em; }}
.lkjip-daftar td.judul.l3 {{ padding-left: 3em; }}
.{KELAS_HALAMAN} {{ display: inline-block; width: 2.5em; text-align: right;
  font-variant-numeric: tabular-nums; }}
@media screen {{ .{KELAS_HALAMAN} {{ visibility: hidden; }} }}
"""


@dataclass
class Nomor:
    """Anchors and numbers of the headings, tables and figures of one report, in order."""

    judul: list = field(default_factory=list)   # (anchor, level, text)
    tabel: list = field(default_factory=list)   # (anchor, label, text)
    gambar: list = field(default_factory=list)  # (anchor, label, text)
    _hitung: dict = field(default_factory=dict)

    def heading(self, level: int, text: str) -> str:
        """``<hN id=...>`` of a heading listed in the Daftar Isi."""
        anchor = f"j-{len(self.judul) + 1}"
        self.judul.append((anchor, level, text))
        return f'<h{level + 1} id="{anchor}">{_html.escape(text)}</h{level + 1}>'

    def _next(self, jenis: str, bab: str, text: str, store: list) -> tuple[str, str]:
        n = self._hitung.get((jenis, bab), 0) + 1
        self._hitung[(jenis, bab)] = n
        label = f"{jenis.title()} {bab}.{n}"
        anchor = f"{jenis[0]}-{bab}-{n}"
        store.append((anchor, label, text))
        return anchor, label

    def table(self, bab: str, text: str) -> tuple[str, str]:
        """(anchor, "Tabel <bab>.<n>") of the next table of ``bab``."""
        return self._next("tabel", bab, text, self.tabel)

    def figure(self, bab: str, text: str) -> tuple[str, str]:
        """(anchor, "Gambar <bab>.<n>") of the next figure of ``bab``."""
        return self._next("gambar", bab, text, self.gambar)

    def daftar_html(self) -> str:
        """The three lists (each entry a link and a page placeholder), one section each."""
        def rows(items):
            return "".join(
                f'<tr><td class="judul l{lvl}"><a href="#{a}">{_html.escape(t)}</a></td>'
                f'<td style="text-align:right;width:3em"><span class="{KELAS_HALAMAN}" '
                f'data-ref="{a}">000</span></td></tr>' for a, lvl, t in items)
        isi = rows(self.judul)
        tab = rows([(a, 1, f"{lab} {t}") for a, lab, t in self.tabel])
        gbr = rows([(a, 1, f"{lab} {t}") for a, lab, t in self.gambar])
        return (
            f"<style>{CSS}</style>"
            '<div style="break-before:page"><h2 id="daftar-isi">DAFTAR ISI</h2>'
            f'<table class="lkjip-daftar">{isi}</table></div>'
            '<div style="break-before:page"><h2 id="daftar-tabel">DAFTAR TABEL</h2>'
            f'<table class="lkjip-daftar">{tab}</table></div>'
            '<div style="break-before:page"><h2 id="daftar-gambar">DAFTAR GAMBAR</h2>'
            f'<table class="lkjip-daftar">{gbr}</table></div>'
        )


def halaman_anchor(pdf_path) -> dict[str, int]:
    """1-based page of every named destination (HTML anchor) in a Chromium PDF."""
    reader = PdfReader(str(pdf_path))
    return {name.lstrip("/"): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()}


def isi_nomor(text: str, halaman: dict[str, int]) -> tuple[str, list[str]]:
    """Write page numbers into the placeholders; returns the text and the anchors not found."""
    hilang: list[str] = []

    def ganti(m):
        page = halaman.get(m.group(2))
        if page is None:
            hilang.append(m.group(2))
            return m.group(1) + "-" + m.group(4)
        return m.group(1) + str(page) + m.group(4)

    return _PLACEHOLDER.sub(ganti, text), hilang


def nomor_tertulis(text: str) -> dict[str, str]:
    """Anchor -> the page number text written in its placeholder."""
    return {m.group(2): m.group(3) for m in _PLACEHOLDER.finditer(text)}


def cetak_pdf(html_path, pdf_path, browser: str | None = None, *, printer=None,
              **kwargs) -> Path:
    """Print ``html_path`` to ``pdf_path``; a report with a Daftar Isi gets its page numbers.

    Two passes when the HTML has page placeholders: the first PDF gives each anchor's page,
    the numbers go into a temporary copy of the HTML (``html_path`` is not modified), the
    copy is printed, and every anchor must be on the page written (else :class:`PdfError`).

    Parameters
    ----------
    html_path, pdf_path : path
    browser : str, optional
        Passed to :func:`render.html_to_pdf`, like the other keyword arguments.
    printer : callable(html_path, pdf_path, browser, **kwargs), optional
        What prints one PDF; default :func:`render.html_to_pdf` (the runner passes a
        browser session's, ``pdf_sesi.PdfPrinters.to_pdf``).
    """
    html_path, pdf_path = Path(html_path), Path(pdf_path)
    printer = printer or render.html_to_pdf
    text = html_path.read_text(encoding="utf-8")
    if not _PLACEHOLDER.search(text):
        return printer(html_path, pdf_path, browser, **kwargs)
    printer(html_path, pdf_path, browser, **kwargs)
    numbered, _ = isi_nomor(text, halaman_anchor(pdf_path))
    tmp = html_path.with_name(f".{html_path.stem}.bernomor-{os.getpid()}.html")
    try:
        tmp.write_text(numbered, encoding="utf-8")
        printer(tmp, pdf_path, browser, **kwargs)
    finally:
        tmp.unlink(missing_ok=True)
    akhir = halaman_anchor(pdf_path)
    salah = [a for a, n in nomor_tertulis(numbered).items()
             if n != "-" and str(akhir.get(a)) != n]
    if salah:
        raise PdfError(f"Nomor halaman daftar isi tidak sesuai setelah dicetak ulang "
                       f"({', '.join(salah[:5])}).")
    return pdf_path


__all__ = ["Nomor", "cetak_pdf", "halaman_anchor", "isi_nomor", "nomor_tertulis",
           "KELAS_HALAMAN", "CSS"]
