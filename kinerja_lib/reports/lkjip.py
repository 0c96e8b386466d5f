"""The annual report (LKjIP) as PermenPANRB 53/2014 outlines it, built in one call.

:func:`susun` turns a ``ReportContext`` (tahunan) and the office's :class:`io.profil.Profil`
into a :class:`Dokumen`: cover, Kata Pengantar with the Kepala Dinas signature block, Ikhtisar
Eksekutif, Daftar Isi/Tabel/Gambar (page numbers filled in by ``daftar_isi.cetak_pdf``),
Bab I–IV and the Lampiran on landscape pages. Bab III lives in :mod:`lkjip_bab3`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape as _esc

import pandas as pd
from IPython.display import HTML

from kinerja_lib.domain.anggaran import serapan_opd
from kinerja_lib.domain.numbers import format_percent, format_rupiah, format_waktu
from kinerja_lib.io.profil import Profil
from kinerja_lib.reports import charts, kalimat, sections
from kinerja_lib.reports.daftar_isi import Nomor
from kinerja_lib.reports.lkjip_bab3 import UTUH_BARIS, analisis_sasaran, data_sasaran
from kinerja_lib.reports.logo import logo_html
from kinerja_lib.reports.tables import format_table, to_html

CSS = """
@page lampiran { size: A4 landscape; }
.lkjip-lampiran { page: lampiran; }
.lkjip-lampiran table.tabel-kinerja { font-size: 8pt; }
.lkjip-baru { break-before: page; }
.lkjip-sampul { text-align: center; padding-top: 22mm; }
.jp-RenderedHTMLCommon .lkjip-sampul p { text-align: center; }
.lkjip-sampul h1 { font-size: 20pt; margin: 14mm 0 6mm; border: none; }
.lkjip-sampul .kinerja-logo { display: block; margin: 10mm auto 0; max-height: 32mm !important;
  max-width: 40mm !important; }
.lkjip-status { margin: 18mm auto 0; width: 150mm; border: 1.5px solid; border-radius: 3px;
  padding: 4px 8px; font-size: 9pt; text-align: center; }
.lkjip-status-draft, .lkjip-status-dikembalikan { color: #b71c1c; background: #ffebee; }
.lkjip-status-disetujui { color: #1b5e20; background: #e8f5e9; }
.lkjip-status code { font: bold 10pt "Courier New", monospace; color: #212121; }
.lkjip-watermark { position: fixed; top: 38%; left: 0; right: 0; text-align: center;
  font: bold 110pt Arial, sans-serif; color: rgba(183, 28, 28, 0.08); transform: rotate(-30deg);
  z-index: 1000; pointer-events: none; }
.jp-OutputArea-child:has(.lkjip-gambar) { break-before: avoid; }
.lkjip-total tr:last-child td { font-weight: bold; }
.lkjip-sub { font-size: 11pt; margin: 10px 0 4px; }
.lkjip-gambar { font-weight: bold; font-size: 9pt; margin: 2px 0 10px; text-align: center; }
@media print {
  body.jp-Notebook { max-width: none !important; }
  .jp-Cell:has(.lkjip-lampiran), .jp-Cell:has(.lkjip-lampiran) * { overflow: visible !important; }
  .lkjip-lampiran { width: 267mm; }
}
"""


def _status(ctx) -> tuple[str, str, str]:
    """(kode, label, alasan) of the report's review status (``review.Status``; None = DRAFT)."""
    st = ctx.status
    if st is None:
        return "DRAFT", "DRAFT", "Laporan belum ditinjau."
    if isinstance(st, str):
        return st.strip().upper() or "DRAFT", st.strip().upper() or "DRAFT", ""
    return str(st.kode), str(st.label), str(getattr(st, "alasan", "") or "")


def status_dokumen(ctx) -> str:
    """The review status and sidik data of the LKjIP, as every report carries them.

    A box at the foot of the cover (status, reason, generation time, the sidik to type back
    into ``kinerja tinjau --sidik``), a running mark at the top right of every printed page
    (``DRAFT · sidik …``) and, unless approved, a faint watermark on every page.
    """
    kode, label, alasan = _status(ctx)
    koreksi = [str(c) for c in (getattr(ctx.status, "koreksi", None) or [])]
    sidik = ctx.fingerprint or "-"
    waktu = format_waktu(ctx.generated_at) if ctx.generated_at is not None else "-"
    kop = (re.sub(r"[^A-Za-z0-9 ]", "", kode) + r" \00B7  Sidik data "
           + re.sub(r"[^A-Za-z0-9]", "", sidik))
    watermark = ("" if kode == "DISETUJUI" else
                 f'<div class="lkjip-watermark" aria-hidden="true">{_esc(kode)}</div>')
    return (f'<style>@page {{ @top-right {{ content: "{kop}"; font: 8pt Arial, sans-serif; '
            f'color: #757575; }} }}</style>{watermark}'
            f'<div class="lkjip-status lkjip-status-{_esc(kode.lower())}"><b>{_esc(label)}</b>'
            + (f" &mdash; {_esc(alasan)}" if alasan else "")
            + f'<br>Dibuat {_esc(waktu)} &middot; Sidik data: <code class="kinerja-sidik">'
            f"{_esc(sidik)}</code> &middot; {_esc(ctx.settings.kode_opd)}"
            + ("<br>Koreksi yang diminta: " + "; ".join(
                f"{i}. {_esc(c)}" for i, c in enumerate(koreksi, 1)) if koreksi else "")
            + "</div>")


@dataclass
class Dokumen:
    """The LKjIP's parts, each a list of displayable objects, in print order."""

    nomor: Nomor
    bagian: dict = field(default_factory=dict)

    def tampil(self, nama: str) -> tuple:
        """The displayable objects of one part (``sampul``, ``pengantar``, ``ikhtisar``,
        ``daftar``, ``bab1``..``bab4``, ``lampiran``)."""
        if nama == "daftar":
            return (HTML(self.nomor.daftar_html()),)
        return tuple(HTML(x) if isinstance(x, str) else x for x in self.bagian[nama])


def _tabel(nomor: Nomor, bab: str, judul: str, df, cols, fmt=None, total=False) -> str:
    """A numbered table; a short one never splits from its caption, a total row is bold."""
    anchor, label = nomor.table(bab, judul)
    attr = (' class="lkjip-total"' if total else "") + (
        ' style="break-inside:avoid"' if len(df) <= UTUH_BARIS else "")
    body = to_html(format_table(df, cols, fmt or {}), caption=f"{label} {judul}")
    return f'<div id="{anchor}"{attr}>{body}</div>'


def _p(text: str) -> str:
    return f"<p>{_esc(text)}</p>"


def tempat_ttd(settings, profil: Profil) -> str:
    """Place printed with the signature: the profile's ``tempat``, else the pemda's name
    without "Kabupaten"/"Kota"."""
    if profil.tempat:
        return profil.tempat
    nama = str(settings.nama_pemda)
    for prefix in ("Kabupaten ", "Kota ", "Provinsi "):
        if nama.startswith(prefix):
            return nama[len(prefix):]
    return nama


def tanda_tangan(ctx, profil: Profil) -> str:
    """Signature block of the Kepala Dinas (``sections.tanda_tangan``) with the place."""
    return sections.tanda_tangan(ctx, "kepala_dinas", tempat_ttd(ctx.settings, profil))[0].data


def sampul(ctx, profil: Profil) -> list:
    """Cover page: pemda, logo, title, office, place and year; a page break after it."""
    st, th = ctx.settings, ctx.periode.tahun
    return [f"<style>{CSS}</style>"
            f'<div class="lkjip-sampul"><p style="font-size:14pt">PEMERINTAH '
            f"{_esc(st.nama_pemda.upper())}</p>{logo_html(st, ctx.paths.root)}"
            f"<h1>LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP) TAHUN {th}</h1>"
            f'<p style="font-size:14pt;font-weight:bold">{_esc(st.nama_opd.upper())}</p>'
            f'<p style="margin-top:40mm">{_esc(st.alamat)}</p>'
            f"<p>{_esc(tempat_ttd(st, profil))}, {th + 1 if ctx.generated_at is None else ctx.generated_at.year}</p>"
            + status_dokumen(ctx) + "</div>"]


def kata_pengantar(ctx, profil: Profil, nomor: Nomor) -> list:
    st, th = ctx.settings, ctx.periode.tahun
    cap = ctx["capaian"]
    text = (f"Laporan Kinerja Instansi Pemerintah (LKjIP) {st.nama_opd} {st.nama_pemda} Tahun "
            f"{th} disusun sebagai wujud pertanggungjawaban atas pelaksanaan tugas dan fungsi "
            "selama satu tahun anggaran, sesuai Peraturan Presiden Nomor 29 Tahun 2014 tentang "
            "SAKIP dan Peraturan Menteri PANRB Nomor 53 Tahun 2014.")
    text2 = (f"Laporan ini menyajikan capaian {len(cap)} indikator kinerja pada "
             f"{cap['kode_sasaran'].nunique()} sasaran strategis terhadap Perjanjian Kinerja "
             f"Tahun {th}, perbandingannya dengan tahun sebelumnya, dengan target akhir Renstra "
             "dan dengan standar nasional, analisis penyebab dan efisiensi, serta realisasi "
             "anggaran yang mendukungnya. Semoga laporan ini bermanfaat bagi perbaikan kinerja.")
    return ['<div class="lkjip-baru">' + nomor.heading(1, "KATA PENGANTAR") + _p(text)
            + _p(text2) + tanda_tangan(ctx, profil) + "</div>"]


def ikhtisar(ctx, nomor: Nomor) -> list:
    """Key achievements in numbers, predikat overall and per sasaran, budget and efficiency."""
    cap, sas, ang = ctx["capaian"], ctx["sasaran"], ctx["anggaran"]
    th = ctx.periode.tahun
    met = [r for r in cap.itertuples()
           if kalimat.tercapai(r.realisasi_sd, r.target_tahunan, r.polaritas)]
    opd = sas[sas["kode_sasaran"] == "OPD"]
    parts = [f"Pada Tahun {th}, {len(met)} dari {len(cap)} indikator kinerja memenuhi target."]
    if len(opd):
        parts.append(f"Rata-rata capaian kinerja {ctx.settings.nama_opd} "
                     f"{format_percent(opd.iloc[0]['capaian_sd'])} dengan predikat "
                     f"{opd.iloc[0]['predikat']}.")
    per = [f"{r.kode_sasaran} {format_percent(r.capaian_sd)} ({r.predikat})"
           for r in sas[sas["kode_sasaran"] != "OPD"].itertuples()]
    if per:
        parts.append("Capaian per sasaran (rincian pada Bab III): " + "; ".join(per) + ".")
    best = cap.dropna(subset=["capaian_sd_mentah"]).sort_values(
        ["capaian_sd_mentah", "kode"], ascending=[False, True]).head(3)
    if len(best):
        parts.append("Capaian tertinggi: " + "; ".join(
            f"{r.kode} {r.indikator} (capaian {format_percent(r.capaian_sd_mentah)}, "
            f"{kalimat.uraian_selisih(r.realisasi_sd, r.target_tahunan, r.polaritas, r.satuan)})"
            for r in best.itertuples()) + f". Capaian di atas "
            f"{format_percent(ctx.settings.batas_capaian)} dihitung "
            f"{format_percent(ctx.settings.batas_capaian)} dalam rata-rata dan predikat.")
    s = serapan_opd(ang)
    ef = ang["efisiensi"].value_counts()
    anggaran = (f"Pagu anggaran {format_rupiah(s.pagu)} terealisasi {format_rupiah(s.realisasi)} "
                f"(serapan {format_percent(s.serapan)}). Dari {len(ang)} kegiatan, "
                + ", ".join(f"{int(ef.get(k, 0))} {k}" for k in
                            ("efisien", "cukup efisien", "tidak efisien", "tidak dapat dinilai")
                            if ef.get(k, 0))
                + " (rincian pada Bab III).")
    return ['<div class="lkjip-baru">' + nomor.heading(1, "IKHTISAR EKSEKUTIF")
            + "".join(_p(x) for x in parts) + _p(anggaran) + "</div>"]


def bab1(ctx, profil: Profil, nomor: Nomor) -> list:
    """Bab I: latar belakang, tugas dan fungsi, organisation, isu strategis."""
    st = ctx.settings
    out = ['<div class="lkjip-baru">' + nomor.heading(1, "BAB I PENDAHULUAN")]
    out.append(nomor.heading(2, "1.1 Latar Belakang") + _p(
        "Sesuai Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja "
        "Instansi Pemerintah dan Peraturan Menteri PANRB Nomor 53 Tahun 2014, setiap perangkat "
        f"daerah menyusun laporan kinerja tahunan. {st.nama_opd} {st.nama_pemda} menyusun LKjIP "
        f"Tahun {ctx.periode.tahun} dari laporan progres bulanan setiap unit yang dikumpulkan "
        "menurut SOP Pengumpulan Data Kinerja."))
    tugas = profil.tugas or ("(Tugas pokok belum diisi: lengkapi 'tugas' dan 'fungsi' pada "
                             f"berkas {profil.renstra_file}.)")
    fungsi = "".join(f"<li>{_esc(f)}</li>" for f in profil.fungsi)
    out.append(nomor.heading(2, "1.2 Tugas Pokok dan Fungsi") + _p(tugas)
               + (f"<p>Fungsi:</p><ol>{fungsi}</ol>" if fungsi else ""))
    n = ctx.data.pk.groupby("unit")["kode"].count()
    units = pd.DataFrame([{"nama": u.nama, "induk": st.nama_unit(u.induk) if u.induk else "-",
                           "kepala": u.jabatan_kepala or "-", "jumlah": int(n.get(u.kode, 0))}
                          for u in st.units], columns=["nama", "induk", "kepala", "jumlah"])
    out.append(nomor.heading(2, "1.3 Struktur Organisasi") + _p(
        f"{st.nama_opd} terdiri atas {len(units)} unit kerja yang melaporkan kinerja:")
        + _tabel(nomor, "1", "Unit kerja dan jumlah indikator yang menjadi tanggung jawabnya",
                 units, {"nama": "Unit", "induk": "Di bawah", "kepala": "Dipimpin oleh",
                         "jumlah": "Indikator PK"}, {"jumlah": "bulat"}))
    isu = ("".join(_p(x.strip()) for x in profil.isu_strategis.split("\n\n")
                   if x.strip() and not x.strip().startswith("<!--"))
           or _p(f"(Isu strategis belum diisi: tulis satu paragraf per isu pada berkas "
                 f"{profil.isu_file}.)"))
    out.append(nomor.heading(2, "1.4 Isu Strategis") + isu + "</div>")
    return ["".join(out)]


def bab2(ctx, profil: Profil, nomor: Nomor) -> list:
    """Bab II: Renstra (visi, misi, tujuan, sasaran, IKU) and the PK with its budget."""
    pk, ang, th = ctx.data.pk, ctx["anggaran"], ctx.periode.tahun
    kosong = f"(belum diisi pada berkas {profil.renstra_file})"
    misi = "".join(f"<li>{_esc(m)}</li>" for m in profil.misi)
    tujuan = "".join(f"<li>{_esc(t)}</li>" for t in profil.tujuan)
    out = ['<div class="lkjip-baru">' + nomor.heading(1, "BAB II PERENCANAAN KINERJA"),
           nomor.heading(2, f"2.1 Rencana Strategis {profil.periode}".strip()),
           f"<p><b>Visi:</b> {_esc(profil.visi or kosong)}</p>",
           f"<p><b>Misi:</b></p><ol>{misi}</ol>" if misi else _p(f"Misi: {kosong}"),
           f"<p><b>Tujuan:</b></p><ol>{tujuan}</ol>" if tujuan else _p(f"Tujuan: {kosong}")]
    iku = pk[pk["iku"].astype(str).str.lower().isin(["ya", "true", "1"])]
    out.append(_p(f"Sasaran strategis dan Indikator Kinerja Utama (IKU) dengan target akhir "
                  f"Renstra ditetapkan sebagai berikut ({len(iku)} IKU):"))
    out.append(_tabel(nomor, "2", "Sasaran strategis dan Indikator Kinerja Utama", iku,
                      {"kode_sasaran": "Kode", "sasaran": "Sasaran strategis", "kode": "Kode IKU",
                       "indikator": "Indikator Kinerja Utama", "satuan": "Satuan",
                       "target_renstra": "Target akhir Renstra", "tahun_renstra": "Tahun"},
                      {"tahun_renstra": "tahun"}))
    keg = ang.assign(indikator=[", ".join(pk.loc[pk["kode_kegiatan"] == k, "kode"])
                                for k in ang["kode_kegiatan"]])
    total = {"program": "Jumlah", "kegiatan": "", "indikator": "", "pagu": keg["pagu"].sum()}
    keg = pd.concat([keg, pd.DataFrame([total])], ignore_index=True)
    out.append(nomor.heading(2, f"2.2 Perjanjian Kinerja Tahun {th}") + _p(
        f"Perjanjian Kinerja Tahun {th} memuat {len(pk)} indikator pada "
        f"{pk['kode_sasaran'].nunique()} sasaran (rincian target pada Lampiran 1), didukung "
        f"anggaran {format_rupiah(total['pagu'])} pada {len(ang)} kegiatan:"))
    out.append(_tabel(nomor, "2", f"Program, kegiatan dan pagu pendukung Perjanjian Kinerja {th}",
                      keg, {"program": "Program", "kegiatan": "Kegiatan",
                            "indikator": "Indikator didukung", "pagu": "Pagu"},
                      {"pagu": "rupiah"}, total=True) + "</div>")
    return ["".join(out)]


def _gambar(nomor: Nomor, bab: str, judul: str, fig) -> list:
    anchor, label = nomor.figure(bab, judul)
    return [fig, f'<p class="lkjip-gambar" id="{anchor}">{label} {_esc(judul)}</p>']


def bab3(ctx, profil: Profil, nomor: Nomor) -> list:
    """Bab III: (a)–(g) for every sasaran, then the budget per program/kegiatan."""
    st, th = ctx.settings, ctx.periode.tahun
    out = ['<div class="lkjip-baru">' + nomor.heading(1, "BAB III AKUNTABILITAS KINERJA")
           + nomor.heading(2, "3.1 Capaian Kinerja Organisasi") + _p(
               "Capaian setiap sasaran strategis diuraikan menurut PermenPANRB 53/2014: (a) "
               "target dan realisasi, (b) perbandingan antartahun, (c) terhadap target akhir "
               "Renstra, (d) terhadap standar nasional, (e) penyebab dan solusi, (f) efisiensi "
               "sumber daya, (g) program dan kegiatan pendukung.") + "</div>"]
    sasaran = data_sasaran(ctx.tables, ctx.data.realisasi, profil.standar_nasional, th,
                           st.ambang_efisiensi, st.batas_kendala_laporan)
    for i, d in enumerate(sasaran, start=1):
        blocks = analisis_sasaran(d, nomor)
        cut = blocks.index('<h4 class="lkjip-sub">b. '
                           'Perbandingan realisasi dengan tahun-tahun sebelumnya</h4>')
        out.append(nomor.heading(2, f"3.1.{i} Sasaran {d.kode}: {d.nama}") + "".join(blocks[:cut]))
        out += _gambar(nomor, "3", f"Capaian indikator {d.kode} tahun {th}",
                       charts.capaian_predikat(d.capaian, st.predikat_scale))
        out.append("".join(blocks[cut:]))
    ang = ctx["anggaran"]
    s = serapan_opd(ang)
    total = pd.DataFrame([{"program": "Jumlah", "kegiatan": "", "pagu": s.pagu,
                           "realisasi_anggaran_sd": s.realisasi, "serapan_sd": s.serapan}])
    rows = pd.concat([ang, total], ignore_index=True)
    anchor, label = nomor.table("3", f"Realisasi anggaran per program dan kegiatan {th}")
    tab = f'<div id="{anchor}" class="lkjip-total">' + to_html(format_table(
        rows, {"program": "Program", "kegiatan": "Kegiatan", "pagu": "Pagu",
               "realisasi_anggaran_sd": "Realisasi", "serapan_sd": "Serapan (%)",
               "efisiensi": "Efisiensi"},
        {"pagu": "rupiah", "realisasi_anggaran_sd": "rupiah", "serapan_sd": "persen"}),
        caption=f"{label} Realisasi anggaran per program dan kegiatan {th}") + "</div>"
    out.append(nomor.heading(2, "3.2 Realisasi Anggaran") + _p(
        f"Pagu {format_rupiah(s.pagu)} terealisasi {format_rupiah(s.realisasi)}, serapan "
        f"{format_percent(s.serapan)} ({label}).") + tab)
    out += _gambar(nomor, "3", "Serapan anggaran dan capaian indikator per kegiatan",
                   charts.kuadran_anggaran(ang, st.ambang_efisiensi))
    return out


def _awal_kecil(text: str) -> str:
    """First letter lower-cased, the rest kept (acronyms such as IPLM, SPP/SPM stay)."""
    return text[:1].lower() + text[1:]


def bab4(ctx, nomor: Nomor) -> list:
    """Bab IV Penutup: conclusions and next steps drawn from the numbers."""
    cap, sas, ang = ctx["capaian"], ctx["sasaran"], ctx["anggaran"]
    real = ctx.data.realisasi
    items = []
    for r in sas.itertuples():
        rows = cap if r.kode_sasaran == "OPD" else cap[cap["kode_sasaran"] == r.kode_sasaran]
        met = sum(bool(kalimat.tercapai(x.realisasi_sd, x.target_tahunan, x.polaritas))
                  for x in rows.itertuples())
        nama = "Secara keseluruhan" if r.kode_sasaran == "OPD" else f"Sasaran {r.kode_sasaran}"
        items.append(f"{nama}: capaian {format_percent(r.capaian_sd)} ({r.predikat}); {met} dari "
                     f"{len(rows)} indikator memenuhi target.")
    langkah = []
    for x in cap.sort_values("kode").itertuples():
        if kalimat.tercapai(x.realisasi_sd, x.target_tahunan, x.polaritas) is not False:
            continue
        tl = sorted(set(real.loc[(real["kode"] == x.kode), "tindak_lanjut"].dropna().str.strip())
                    - {""})
        gap = kalimat.selisih_target(x.realisasi_sd, x.target_tahunan, x.polaritas, x.satuan)
        langkah.append(f"{x.kode} {x.indikator} ({gap}): {kalimat.kata_kerja(x.polaritas)} "
                       f"realisasi tahun berikutnya"
                       + (f" dengan melanjutkan {_awal_kecil('; '.join(tl))}" if tl else
                          ", dengan rencana aksi yang perlu disusun unit penanggung jawab") + ".")
    boros = ang[ang["efisiensi"] == "tidak efisien"]
    for r in boros.itertuples():
        langkah.append(f"Kegiatan {r.kegiatan}: serapan {format_percent(r.serapan_sd)} melebihi "
                       f"capaian indikatornya ({format_percent(r.capaian_rata)}); tinjau ulang "
                       "alokasi anggarannya.")
    if not langkah:
        langkah.append("Seluruh indikator memenuhi target; pertahankan pelaksanaan Rencana Aksi "
                       "dan naikkan target tahun berikutnya menuju target akhir Renstra.")
    return ['<div class="lkjip-baru">' + nomor.heading(1, "BAB IV PENUTUP")
            + nomor.heading(2, "4.1 Kesimpulan") + "<ol>"
            + "".join(f"<li>{_esc(x)}</li>" for x in items) + "</ol>"
            + nomor.heading(2, "4.2 Langkah Tindak Lanjut") + "<ol>"
            + "".join(f"<li>{_esc(x)}</li>" for x in langkah) + "</ol>" + "</div>"]


def lampiran(ctx, nomor: Nomor) -> list:
    """Lampiran on landscape pages: PK, IKU and the measurement table (full names)."""
    pk, cap, th = ctx.data.pk, ctx["capaian"], ctx.periode.tahun
    pk = pk.assign(nama_unit=pk["unit"].map(ctx.settings.nama_unit),
                   arah=["↓" if p == "negatif" else "↑" for p in pk["polaritas"]])
    iku = pk[pk["iku"].astype(str).str.lower().isin(["ya", "true", "1"])]
    cap = cap.assign(lengkap_teks=[("lengkap" if r.lengkap else f"belum: {r.bulan_hilang}")
                                   for r in cap.itertuples()])
    return ['<div class="lkjip-lampiran">' + nomor.heading(1, "LAMPIRAN")
            + nomor.heading(2, f"Lampiran 1. Perjanjian Kinerja Tahun {th}")
            + _tabel(nomor, "L", f"Perjanjian Kinerja Tahun {th}", pk,
                     {"kode_sasaran": "Sasaran", "kode": "Kode", "indikator": "Indikator",
                      "satuan": "Satuan", "arah": "Arah", "target_tahunan": f"Target {th}",
                      "nama_unit": "Penanggung jawab", "kode_kegiatan": "Kegiatan"})
            + '<div class="lkjip-baru">'
            + nomor.heading(2, "Lampiran 2. Indikator Kinerja Utama")
            + _tabel(nomor, "L", "Indikator Kinerja Utama", iku,
                     {"kode": "Kode", "indikator": "Indikator", "satuan": "Satuan",
                      "arah": "Arah", "baseline": "Baseline", "target_renstra": "Target akhir",
                      "tahun_renstra": "Tahun", "nama_unit": "Penanggung jawab"},
                     {"tahun_renstra": "tahun"}) + "</div>"
            + '<div class="lkjip-baru">'
            + nomor.heading(2, f"Lampiran 3. Pengukuran Kinerja Tahun {th}")
            + _tabel(nomor, "L", f"Pengukuran kinerja Tahun {th}", cap,
                     {"kode": "Kode", "indikator": "Indikator", "satuan": "Satuan",
                      "target_tahunan": "Target", "realisasi_sd": "Realisasi",
                      "capaian_sd_mentah": "Capaian sebelum pembatasan (%)",
                      "capaian_sd": "Capaian (%)", "predikat": "Predikat",
                      "lengkap_teks": "Data bulanan"},
                     {"capaian_sd_mentah": "persen", "capaian_sd": "persen"})
            + "</div></div>"]


def susun(ctx, profil: Profil) -> Dokumen:
    """Build every part of the LKjIP for an annual ``ReportContext``."""
    nomor = Nomor()
    doc = Dokumen(nomor)
    doc.bagian["sampul"] = sampul(ctx, profil)
    doc.bagian["pengantar"] = kata_pengantar(ctx, profil, nomor)
    doc.bagian["ikhtisar"] = ikhtisar(ctx, nomor)
    doc.bagian["bab1"] = bab1(ctx, profil, nomor)
    doc.bagian["bab2"] = bab2(ctx, profil, nomor)
    doc.bagian["bab3"] = bab3(ctx, profil, nomor)
    doc.bagian["bab4"] = bab4(ctx, nomor)
    doc.bagian["lampiran"] = lampiran(ctx, nomor)
    return doc


__all__ = ["Dokumen", "susun", "tanda_tangan", "tempat_ttd", "CSS"]
