"""LKjIP (annual report): Bab III analyses, profile files, TOC page numbers in a real PDF."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import pandas as pd
import papermill as pm
import pytest
from pypdf import PdfReader

from kinerja_lib.io.paths import Paths
from kinerja_lib.io.profil import load_profil, write_profil_templates
from kinerja_lib.reports import daftar_isi, render
from kinerja_lib.reports.daftar_isi import Nomor
from kinerja_lib.reports.lkjip_bab3 import SUB, DataSasaran, analisis_sasaran


def _png() -> bytes:
    """A real 8x8 PNG (stdlib only)."""
    import struct
    import zlib

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    rows = b"".join(b"\x00" + b"\x20\x60\xc0" * 8 for _ in range(8))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


_PNG = _png()


def _sasaran(polaritas: str, realisasi: float) -> DataSasaran:
    cap = pd.DataFrame({
        "kode": ["IK-01"], "kode_sasaran": ["SS-1"], "sasaran": ["Sasaran uji"],
        "indikator": ["Jumlah arsip rusak"], "satuan": ["berkas"], "polaritas": [polaritas],
        "target_tahunan": [10.0], "realisasi_sd": [realisasi], "capaian_sd": [80.0],
        "capaian_sd_mentah": [80.0], "predikat": ["Tinggi"], "kode_kegiatan": ["K1"],
    })
    pb = pd.DataFrame({"kode": ["IK-01"], "baseline": [12.0], "realisasi_2023": [12.0],
                       "realisasi_tahun_ini": [realisasi], "target_renstra": [8.0],
                       "tahun_renstra": [2026], "capaian_renstra": [75.0]})
    ang = pd.DataFrame({"kode_kegiatan": ["K1"], "program": ["Program A"],
                        "kegiatan": ["Kegiatan A"], "unit": ["U"], "pagu": [1000.0],
                        "realisasi_anggaran_sd": [900.0], "serapan_sd": [90.0],
                        "capaian_rata": [80.0], "efisiensi": ["tidak efisien"]})
    kend = pd.DataFrame({"kode": ["IK-01", "IK-01"], "bulan": [1, 2],
                         "kendala": ["Atap bocor", "Atap bocor"],
                         "tindak_lanjut": ["Perbaikan atap", "Perbaikan atap"]})
    ring = pd.Series({"capaian_sd": 80.0, "predikat": "Tinggi"})
    return DataSasaran("SS-1", "Sasaran uji", cap, ring, pb, ang, kend, {}, 2024, 5.0)


def _text(d: DataSasaran) -> str:
    return re.sub(r"<[^>]+>", " ", "".join(analisis_sasaran(d, Nomor())))


def test_negatif_above_ceiling_is_not_an_achievement():
    text = _text(_sasaran("negatif", 14.0))
    assert "melebihi batas" in text
    assert "melampaui target" not in text
    assert "Belum memenuhi target: IK-01" in text
    assert "Atap bocor" in text and text.count("Atap bocor") == 2  # table once, sentence once
    # 12 -> 14 for a lower-is-better indicator is a worsening
    assert "(Tabel 3.2), 1 indikator memburuk." in text and "membaik" not in text
    assert "IK-01 (melebihi batas sebesar 4 berkas)" in text


def test_positif_above_target_is_success_and_every_subsection_present():
    d = _sasaran("positif", 14.0)
    text = _text(d)
    assert "melampaui target" in text and "1 indikator membaik" in text
    for key, title in SUB:
        assert f"{key}. {title}" in text
    assert _text(d) == text  # deterministic
    assert "Belum ada standar nasional" in text


def test_standar_nasional_and_table_numbers_are_cited():
    d = _sasaran("positif", 14.0)
    d.standar = {"IK-01": 15.0}
    nomor = Nomor()
    text = "".join(analisis_sasaran(d, nomor))
    for _, label, _ in nomor.tabel:
        assert f"({label}" in text or f"{label})" in text or f"({label})" in text
    assert "standar nasional" in text.lower() and "15" in text


def test_profile_files_missing_then_written(tmp_path):
    paths = Paths(tmp_path)
    assert load_profil(paths).visi == ""
    written = write_profil_templates(paths, 'visi = "Maju"\nmisi = ["A", "B"]\n'
                                     '[standar_nasional]\n"IK-01" = 5\n', "Isu satu.\n")
    assert len(written) == 2 and write_profil_templates(paths) == []  # never replaced
    p = load_profil(paths)
    assert p.visi == "Maju" and p.misi == ("A", "B") and p.standar_nasional == {"IK-01": 5.0}
    assert p.isu_strategis == "Isu satu."


def test_toc_page_numbers_match_real_pdf(tmp_path):
    nomor = Nomor()
    parts = [nomor.heading(1, f"BAB {i} JUDUL") + "<p>isi</p>" * (20 * i) for i in (1, 2, 3)]
    html = ("<html><head><style>@page{size:A4}</style></head><body>" + nomor.daftar_html()
            + "".join(f'<div style="break-before:page">{p}</div>' for p in parts) + "</body></html>")
    src = tmp_path / "a.html"
    src.write_text(html, encoding="utf-8")
    pdf = daftar_isi.cetak_pdf(src, tmp_path / "a.pdf")
    reader = PdfReader(str(pdf))
    toc = reader.pages[0].extract_text()
    for i in (1, 2, 3):
        m = re.search(rf"BAB {i} JUDUL\s*(\d+)", toc)
        page = int(m.group(1))
        assert f"BAB {i} JUDUL" in reader.pages[page - 1].extract_text()
        assert all(f"BAB {i} JUDUL" not in reader.pages[k].extract_text()
                   for k in range(3, page - 1))


@pytest.mark.slow
def test_notebook_06_on_sample(tmp_path):
    """The 06 notebook on a freshly validated sample office, printed with its TOC numbers."""
    root = tmp_path / "k"
    kinerja = str(Path(sys.executable).parent / "kinerja")
    for args in (["contoh"], ["validasi", "--tahun", "2023"], ["validasi", "--tahun", "2024"]):
        subprocess.run([kinerja, "--folder", str(root), *args], capture_output=True)
    assert (root / "data" / "processed" / "2024" / "lengkap.json").exists()
    toml = root / "data" / "pengaturan.toml"  # the office has a logo: it is on the cover
    (root / "data" / "logo.png").write_bytes(_PNG)
    toml.write_text(re.sub(r'(?m)^logo = ""', 'logo = "data/logo.png"',
                           toml.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    nb = jupytext.read("notebooks/06_laporan_tahunan.py")
    nbformat.write(nb, out / "06.ipynb")

    def cetak(nama):
        pm.execute_notebook(str(out / "06.ipynb"), str(out / f"{nama}.ipynb"), parameters=dict(
            tahun=2024, periode="tahunan", folder_proyek=str(root),
            dibuat_pada="2025-01-20T10:00:00"), kernel_name="python3", progress_bar=False)
        render.notebook_to_html(out / f"{nama}.ipynb", out / f"{nama}.html", "LKjIP 2024")
        pdf = daftar_isi.cetak_pdf(out / f"{nama}.html", out / f"{nama}.pdf")
        html = (out / f"{nama}.html").read_text(encoding="utf-8")
        return html, [p.extract_text() for p in PdfReader(str(pdf)).pages]

    html, pages = cetak("06")
    assert "LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP) TAHUN 2024" in " ".join(pages[0].split())
    # status and sidik as every report carries them: on the cover and marked on every page
    sidik = re.search(r'class="kinerja-sidik">([0-9a-f]{12})</code>', html).group(1)
    assert "DRAFT" in pages[0] and f"Sidik data: {sidik}" in " ".join(pages[0].split())
    assert all(f"Sidik data {sidik}" in " ".join(t.split()) for t in pages)
    assert html.count("kinerja-logo") >= 1 and "data:image/png;base64," in html
    done = subprocess.run([kinerja, "--folder", str(root), "tinjau", "--tahun", "2024",
                           "--periode", "tahunan", "--nama", "Sekretaris Uji", "--jabatan",
                           "Sekretaris", "--keputusan", "ya", "--sidik", sidik,
                           "--tanggal", "21/01/2025"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    html2, pages2 = cetak("06b")  # the approval is bound to that sidik: now DISETUJUI
    assert "DISETUJUI" in pages2[0] and 'class="lkjip-watermark"' not in html2
    assert all(f"DISETUJUI · Sidik data {sidik}" in " ".join(t.split()) for t in pages2)
    assert any("Paringin, 20 Januari 2025" in t and "NIP" in t for t in pages[1:3])
    toc_page = next(i for i, t in enumerate(pages) if "DAFTAR ISI" in t)
    for m in re.finditer(r"(3\.1\.\d Sasaran SS-\d)[^\n]*?(\d+)\n", pages[toc_page]):
        assert m.group(1) in pages[int(m.group(2)) - 1]
    assert sum(bool(re.search(r"3\.1\.\d Sasaran SS-", t)) for t in pages[toc_page + 3:]) >= 4


def _ctx_status(status, fingerprint="abc123def456"):
    import datetime as dt
    from types import SimpleNamespace

    from kinerja_lib.domain.settings import Settings
    return SimpleNamespace(status=status, fingerprint=fingerprint,
                           generated_at=dt.datetime(2025, 1, 20, 10, 0),
                           settings=Settings(kode_opd="DISPERSIP"))


def test_lkjip_carries_status_and_sidik_like_every_report():
    from kinerja_lib.io.review import Status
    from kinerja_lib.reports.lkjip import status_dokumen

    draft = status_dokumen(_ctx_status(None))
    assert "<b>DRAFT</b>" in draft and "Laporan belum ditinjau." in draft
    assert 'class="kinerja-sidik">abc123def456</code>' in draft
    assert "lkjip-watermark" in draft  # faint DRAFT on every page
    assert '@top-right { content: "DRAFT \\00B7  Sidik data abc123def456"' in draft
    ok = status_dokumen(_ctx_status(Status("DISETUJUI", "DISETUJUI", "Disetujui Sekretaris.")))
    assert "<b>DISETUJUI</b>" in ok and "Disetujui Sekretaris." in ok
    assert "lkjip-watermark" not in ok and "DISETUJUI \\00B7  Sidik data" in ok
    back = status_dokumen(_ctx_status(Status("DIKEMBALIKAN", "DIKEMBALIKAN UNTUK DIPERBAIKI",
                                             "Dikembalikan.", ["Periksa IK-05", "Isi <visi>"])))
    assert "Koreksi yang diminta: 1. Periksa IK-05; 2. Isi &lt;visi&gt;" in back
    assert "lkjip-watermark" in back
    # nothing of the status text can break out of the CSS string of the page mark
    evil = status_dokumen(_ctx_status("x\"}</style><script>", 'f"}'))
    assert "<script>" not in evil and '"}' not in evil.split("</style>")[0][:-3]


def test_kendala_listed_at_most_batas_per_section():
    """5,000 distinct kendala on one indicator: 50 listed, the rest counted in one line."""
    d = _sasaran("negatif", 14.0)
    n = 5000
    d.kendala = pd.DataFrame({"kode": ["IK-01"] * n, "bulan": [1 + i % 12 for i in range(n)],
                              "kendala": [f"Kendala nomor {i:04d}" for i in range(n)],
                              "tindak_lanjut": [f"Upaya {i:04d}" for i in range(n)]})
    html = "".join(analisis_sasaran(d, Nomor()))
    assert len(html) < 40_000, len(html)
    text = re.sub(r"<[^>]+>", " ", html)
    listed = set(re.findall(r"Kendala nomor \d{4}", text))
    assert len(listed) == d.batas_kendala == 50
    assert "… dan 4.950 kendala lainnya (lihat rekap Excel)." in text
    assert text.count("Kendala nomor 0049") == 2 and "Kendala nomor 0050" not in text
    d.batas_kendala = 3
    text = re.sub(r"<[^>]+>", " ", "".join(analisis_sasaran(d, Nomor())))
    assert len(set(re.findall(r"Kendala nomor \d{4}", text))) == 3
    assert "… dan 4.997 kendala lainnya" in text


def test_batas_kendala_setting_read_from_pengaturan(tmp_path):
    from kinerja_lib.domain.errors import SettingsError
    from kinerja_lib.io.settings_file import load_settings

    f = tmp_path / "pengaturan.toml"
    f.write_text("batas_kendala_laporan = 7\n", encoding="utf-8")
    assert load_settings(f).batas_kendala_laporan == 7
    f.write_text("batas_kendala_laporan = 0\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="batas_kendala_laporan"):
        load_settings(f)
