"""The regency (Pemda-level) report: every office of a workspace side by side for one period.

What the Bagian Organisasi and the Inspektorat read: capaian per perangkat daerah (chart and
table), capaian per sasaran per office, completeness and punctuality of the monthly reports,
offices and indicators at risk (polarity-aware words from :mod:`kalimat`), budget absorption
with a total row, and the offices left out with the reason. Built from the offices' own
engine tables (:func:`kinerja_lib.io.workspace.load_wilayah`); nothing is recomputed here
except sums and means across offices.

``notebooks/07_laporan_wilayah.py`` is the notebook (:data:`NOTEBOOK_NAME`); running it with
papermill belongs to the ``run`` layer (the kernel call is ``run.kernels``), so this module
only gives the notebook's name and parameters (:func:`notebook_parameters`) and the output
folder (:func:`output_dir`).
"""

from __future__ import annotations

import datetime as _dt
import html
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from IPython.display import HTML, Markdown

from kinerja_lib.domain.anggaran import serapan_opd
from kinerja_lib.domain.numbers import format_number, format_percent, format_rupiah, format_waktu
from kinerja_lib.domain.periods import nama_bulan
from kinerja_lib.domain.settings import NAMA_SKALA, Settings
from kinerja_lib.io import tracker
from kinerja_lib.io.workspace import REPORT_FOLDER, WilayahData, load_wilayah
from kinerja_lib.reports import charts, kalimat, render
from kinerja_lib.reports import summary as ringkasan
from kinerja_lib.reports.chart_parts import TEMPLATE
from kinerja_lib.reports.tables import escape_md as _md
from kinerja_lib.reports.tables import format_table, to_html

#: The regency report notebook (in the notebooks folder) and its output file stem.
NOTEBOOK_NAME = "07_laporan_wilayah.py"
OUTPUT_STEM = "07_laporan_wilayah"
TOTAL = "Jumlah"


def notebook_parameters(root, tahun: int, periode: str, dibuat_pada: str = "") -> dict:
    """Parameters of ``notebooks/07_laporan_wilayah.py`` (its ``parameters`` cell)."""
    return {"folder_wilayah": str(root), "tahun": int(tahun), "periode": str(periode),
            "dibuat_pada": str(dibuat_pada)}


def output_dir(root, tahun: int, periode: str) -> Path:
    """Where the regency report of a period goes: ``<root>/laporan_wilayah/<tahun>/<periode>``."""
    return Path(root) / REPORT_FOLDER / str(int(tahun)) / str(periode)


@dataclass
class WilayahContext:
    """What the regency notebook displays: the offices' data and the run time."""

    data: WilayahData
    generated_at: _dt.datetime | None = None

    @property
    def periode(self):
        return self.data.periode

    @property
    def settings(self) -> Settings:
        """Settings of the first loaded office (predikat scale, risk threshold), else defaults."""
        return next((k.settings for k in self.data.kantor if k.settings), Settings())


def load_wilayah_context(folder_wilayah: str, tahun: int, periode: str,
                         dibuat_pada: str = "") -> WilayahContext:
    """Set up notebook display and load every office of the workspace for the period."""
    render.setup_notebook_display()
    data = load_wilayah(folder_wilayah, int(tahun), periode)
    when = _dt.datetime.fromisoformat(dibuat_pada) if dibuat_pada else None
    return WilayahContext(data, when)


# --------------------------------------------------------------------------- tables (plain)


def tabel_capaian_opd(data: WilayahData) -> pd.DataFrame:
    """One row per office: its office-wide row of the ``sasaran`` table (mean capaian of its
    assessable indicators) and the number of indicators projected at risk, best first.

    Columns: ``peringkat, opd, nama_opd, jumlah_indikator, jumlah_dinilai, capaian_sd,
    capaian_periode, capaian_tahunan, predikat, jumlah_berisiko``.
    """
    cols = ["peringkat", "opd", "nama_opd", "jumlah_indikator", "jumlah_dinilai", "capaian_sd",
            "capaian_periode", "capaian_tahunan", "predikat", "jumlah_berisiko"]
    if data.sasaran.empty:
        return pd.DataFrame(columns=cols)
    opd = data.sasaran[data.sasaran["kode_sasaran"] == "OPD"].copy()
    risk = (data.proyeksi[data.proyeksi["berisiko"].astype(bool)].groupby("opd").size()
            if not data.proyeksi.empty else pd.Series(dtype="int64"))
    opd["jumlah_berisiko"] = opd["opd"].map(risk).fillna(0).astype("int64")
    opd = opd.sort_values(["capaian_sd", "opd"], ascending=[False, True], na_position="last")
    opd["peringkat"] = range(1, len(opd) + 1)
    return opd[cols].reset_index(drop=True)


def tabel_sasaran_opd(data: WilayahData) -> pd.DataFrame:
    """Capaian per sasaran strategis of every office (office rows excluded), office order as
    :func:`tabel_capaian_opd`."""
    if data.sasaran.empty:
        return data.sasaran
    order = {k: i for i, k in enumerate(tabel_capaian_opd(data)["opd"])}
    s = data.sasaran[data.sasaran["kode_sasaran"] != "OPD"].copy()
    s["_urut"] = s["opd"].map(order)
    return s.sort_values(["_urut", "kode_sasaran"]).drop(columns="_urut").reset_index(drop=True)


def tabel_pelaporan(data: WilayahData) -> pd.DataFrame:
    """Monthly reporting per office from January to the period's end (``tracker.on_time_rate``
    of the office's status table) with a last row for all offices (``opd == "Jumlah"``).

    Columns: ``opd, nama_opd, jumlah_unit, jumlah_wajib, terkirim, tepat_waktu, terlambat,
    belum_ada, persen_lengkap, persen_tepat_waktu``.
    """
    rows = []
    st = data.pengiriman
    for k in data.kantor:
        part = st[st["opd"] == k.kode_opd]
        if part.empty:
            continue
        r = tracker.on_time_rate(part).iloc[-1]
        rows.append({"opd": k.kode_opd, "nama_opd": k.nama_opd,
                     "jumlah_unit": int(part["unit"].nunique()),
                     "jumlah_wajib": int(r["jumlah_wajib"]),
                     "tepat_waktu": int(r["tepat_waktu"]), "terlambat": int(r["terlambat"]),
                     "belum_ada": int(r["belum_ada"])})
    df = pd.DataFrame(rows, columns=["opd", "nama_opd", "jumlah_unit", "jumlah_wajib",
                                     "tepat_waktu", "terlambat", "belum_ada"])
    if not df.empty:
        total = df.drop(columns=["opd", "nama_opd"]).sum()
        df.loc[len(df)] = {"opd": TOTAL, "nama_opd": "Seluruh perangkat daerah", **total}
    df["terkirim"] = df["tepat_waktu"] + df["terlambat"]
    wajib = df["jumlah_wajib"].where(df["jumlah_wajib"] > 0)
    df["persen_lengkap"] = (df["terkirim"] / wajib * 100).astype("float64")
    df["persen_tepat_waktu"] = (df["tepat_waktu"] / wajib * 100).astype("float64")
    return df[["opd", "nama_opd", "jumlah_unit", "jumlah_wajib", "terkirim", "tepat_waktu",
               "terlambat", "belum_ada", "persen_lengkap", "persen_tepat_waktu"]]


def tabel_indikator_berisiko(data: WilayahData) -> pd.DataFrame:
    """Indicators projected to miss their annual target, every office, worst first.

    One office at a time through :func:`summary.indikator_berisiko` (its unit names; the gap
    in words in the indicator's direction, ``selisih_teks``), plus ``keadaan``: the realisation
    to date against the target to date in words (:func:`kalimat.banding_target`).
    """
    parts = []
    for k in data.kantor:
        pr = data.proyeksi[data.proyeksi["opd"] == k.kode_opd]
        cap = data.capaian[data.capaian["opd"] == k.kode_opd]
        if pr.empty:
            continue
        r = ringkasan.indikator_berisiko(pr, cap.drop(columns=["nama_opd"]),
                                         k.settings.organisasi if k.settings else None)
        if r.empty:
            continue
        sd = cap.drop_duplicates("kode").set_index("kode")
        r["nama_opd"] = k.nama_opd
        r["realisasi_sd"] = r["kode"].map(sd["realisasi_sd"])
        r["target_sd"] = r["kode"].map(sd["target_sd"])
        r["keadaan"] = [kalimat.banding_target(a, b, p) for a, b, p in zip(
            r["realisasi_sd"], r["target_sd"], r["polaritas"], strict=True)]
        r["arah"] = r["polaritas"].map(kalimat.arah_baik)
        parts.append(r)
    if not parts:
        return pd.DataFrame(columns=["opd", "nama_opd", "kode", "indikator", "nama_unit",
                                     "capaian_proyeksi", "selisih_teks", "keadaan", "arah"])
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["capaian_proyeksi", "opd", "kode"], na_position="first"
                           ).reset_index(drop=True)


def opd_perlu_perhatian(data: WilayahData, batas: float) -> pd.DataFrame:
    """Offices whose capaian to date is below ``batas`` or with at least a third of their
    assessable indicators projected at risk (rows of :func:`tabel_capaian_opd` + ``alasan``)."""
    t = tabel_capaian_opd(data)
    rendah = t["capaian_sd"] < batas
    banyak = t["jumlah_berisiko"] * 3 >= t["jumlah_dinilai"].clip(lower=1)
    t = t[rendah | (banyak & (t["jumlah_berisiko"] > 0))].copy()
    t["alasan"] = [
        "; ".join(x for x in (
            f"capaian {format_percent(c)} di bawah {format_percent(batas, 0)}" if c < batas
            else "",
            f"{n} dari {d} indikator diproyeksikan tidak mencapai target tahunan"
            if n * 3 >= max(d, 1) and n else "") if x)
        for c, n, d in zip(t["capaian_sd"], t["jumlah_berisiko"], t["jumlah_dinilai"],
                           strict=True)]
    return t.reset_index(drop=True)


def tabel_anggaran_opd(data: WilayahData) -> pd.DataFrame:
    """Pagu, spending to date and serapan per office (:func:`domain.anggaran.serapan_opd`),
    highest serapan first, with a last row ``opd == "Jumlah"`` over every kegiatan."""
    cols = ["opd", "nama_opd", "pagu", "realisasi", "serapan"]
    a = data.anggaran
    if a.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for k in data.kantor:
        part = a[a["opd"] == k.kode_opd]
        if part.empty:
            continue
        s = serapan_opd(part)
        rows.append({"opd": k.kode_opd, "nama_opd": k.nama_opd, "pagu": s.pagu,
                     "realisasi": s.realisasi, "serapan": s.serapan})
    df = pd.DataFrame(rows, columns=cols).sort_values(["serapan", "opd"], ascending=[False, True])
    s = serapan_opd(a)
    df.loc[len(df)] = {"opd": TOTAL, "nama_opd": "Seluruh perangkat daerah", "pagu": s.pagu,
                       "realisasi": s.realisasi, "serapan": s.serapan}
    return df.reset_index(drop=True)


# --------------------------------------------------------------------------- charts


def _label(df: pd.DataFrame) -> list[str]:
    return [html.escape(str(n)) for n in df["nama_opd"]]


def grafik_capaian_opd(t: pd.DataFrame, scale) -> go.Figure:
    """Office capaian as horizontal bars coloured by predikat (:func:`charts.capaian_predikat`
    on one row per office), best on top; readable for 40 offices."""
    df = t.drop(columns="opd").rename(columns={"nama_opd": "kode"}).assign(
        indikator="", dinilai=t["jumlah_dinilai"] > 0)  # label: the office's name only
    fig = charts.capaian_predikat(df, scale)
    fig.update_layout(title_text="<b>Capaian Kinerja per Perangkat Daerah</b><br><span "
                      "style='font-size:11px;color:#555'>Rata-rata capaian indikator yang "
                      "dapat dinilai; garis titik-titik: batas bawah tiap predikat</span>")
    return fig


def grafik_pelaporan(t: pd.DataFrame) -> go.Figure:
    """Monthly reports per office as stacked bars: on time, late, missing."""
    t = t[t["opd"] != TOTAL].sort_values(["persen_tepat_waktu", "opd"], ascending=[False, True])
    title = "Ketepatan Waktu Laporan Bulanan per Perangkat Daerah"
    if t.empty:
        return charts.empty_figure(title)
    y = _label(t)
    fig = go.Figure()
    for col, name, colour in (("tepat_waktu", "Tepat waktu", "#1a9850"),
                              ("terlambat", "Terlambat", "#f9a825"),
                              ("belum_ada", "Belum ada", "#d73027")):
        fig.add_bar(name=name, y=y, x=t[col], orientation="h", marker_color=colour,
                    text=[format_number(v, 0) if v else "" for v in t[col]],
                    textposition="inside", insidetextanchor="middle")
    fig.update_layout(
        barmode="stack", template=TEMPLATE, separators=",.",
        font=dict(family="Arial, Helvetica, sans-serif", size=12, color="#212121"),
        title=dict(text=f"<b>{title}</b>", x=0.0, xanchor="left", font=dict(size=15)),
        height=max(260, 150 + 26 * len(t)), margin=dict(l=10, r=20, t=55, b=80),
        legend=dict(orientation="h", yref="container", y=0.0, yanchor="bottom", x=0.0,
                    traceorder="normal"))
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title_text="Jumlah laporan unit x bulan", automargin=True)
    return fig


# --------------------------------------------------------------------------- sections


def _html(df, columns: dict, formats: dict | None = None, caption=None, kanan=(),
          total: bool = False) -> HTML:
    """An escaped table; ``total``: its last row (the ``Jumlah`` row) printed bold."""
    body = to_html(format_table(df, columns, formats), caption=caption, kanan=kanan)
    if total:
        body = (f'<div class="wilayah-total">{body}</div><style>.wilayah-total '
                "tr:last-child td { font-weight: bold; }</style>")
    return HTML(body)


def catatan_skala(ctx: WilayahContext) -> str:
    """Note naming the predikat scale and the office whose settings it comes from."""
    asal = next((k for k in ctx.data.kantor if k.settings), None)
    scale = ctx.settings.predikat_scale
    pita = "; ".join(f"≥ {format_number(b, 0)} {lab}" for b, lab in scale[:-1])
    if len(scale) > 1:
        pita += f"; di bawah {format_number(scale[-2][0], 0)} {scale[-1][1]}"
    dari = (f"diambil dari pengaturan {asal.nama_opd} (perangkat daerah pertama) dan dipakai "
            "untuk semua perangkat daerah" if asal else "bawaan")
    return (f"Catatan: predikat memakai skala *{_md(NAMA_SKALA.get(ctx.settings.skala_predikat, ctx.settings.skala_predikat))}* ({_md(pita)}), "
            f"{_md(dari)}.")


def judul(ctx: WilayahContext, judul: str = "Laporan Kinerja Perangkat Daerah") -> HTML:
    """Title block of the regency report: Pemda, title, period, run time, office count."""
    e = html.escape
    w = ctx.data.wilayah
    pemda = w.nama_pemda or ctx.settings.nama_pemda
    p = ctx.periode
    waktu = format_waktu(ctx.generated_at) if ctx.generated_at else "-"
    n, m = len(ctx.data.kantor), len(ctx.data.kantor) + len(ctx.data.tidak_lengkap)
    return HTML(f"""<div class="kinerja-judul" lang="id" style="font-family:Arial,Helvetica,
sans-serif;color:#212121;margin:0 0 12px">
<div style="font-size:11pt;text-transform:uppercase;letter-spacing:.03em;color:#424242">
Pemerintah {e(pemda)}{(' &middot; Provinsi ' + e(w.provinsi)) if w.provinsi else ''}</div>
<h1 style="font-size:20pt;margin:4px 0 2px;border:0">{e(judul)}</h1>
<div style="font-size:14pt;margin:0 0 8px">{e(p.label)} <span style="color:#757575">
({e(p.rentang_bulan)})</span></div>
<div style="font-size:9pt;color:#555;border-top:1px solid #bdbdbd;padding-top:4px">Dibuat
{e(waktu)} &middot; {n} dari {m} perangkat daerah dengan data lengkap &middot; disusun dari
tabel olahan masing-masing perangkat daerah</div></div>""")


def ikhtisar(ctx: WilayahContext) -> tuple:
    """Headline figures across offices."""
    d = ctx.data
    t = tabel_capaian_opd(d)
    if t.empty:
        return (Markdown("Belum ada perangkat daerah dengan data olahan lengkap untuk "
                         f"{d.periode.label}."),)
    pel = tabel_pelaporan(d).iloc[-1]
    ang = tabel_anggaran_opd(d).iloc[-1]
    terbaik, terendah = t.iloc[0], t.dropna(subset=["capaian_sd"]).iloc[-1]
    lines = [
        f"- **{len(t)} perangkat daerah** dengan data lengkap"
        + (f"; {len(d.tidak_lengkap)} belum (lihat bagian 7)." if len(d.tidak_lengkap) else "."),
        f"- Rata-rata capaian kinerja s.d. {_md(nama_bulan(d.periode.last_month))}: "
        f"**{format_percent(t['capaian_sd'].mean())}** (tertinggi {_md(terbaik.nama_opd)} "
        f"{format_percent(terbaik.capaian_sd)}, terendah {_md(terendah.nama_opd)} "
        f"{format_percent(terendah.capaian_sd)}).",
        f"- {format_number(t['jumlah_berisiko'].sum(), 0)} dari "
        f"{format_number(t['jumlah_dinilai'].sum(), 0)} indikator yang dapat dinilai "
        "diproyeksikan tidak mencapai target tahunan.",
        f"- Laporan bulanan unit: {format_number(pel.terkirim, 0)} dari "
        f"{format_number(pel.jumlah_wajib, 0)} terkirim "
        f"({format_percent(pel.persen_lengkap)}), {format_percent(pel.persen_tepat_waktu)} "
        "tepat waktu.",
        f"- Serapan anggaran: {format_rupiah(ang.realisasi)} dari pagu "
        f"{format_rupiah(ang.pagu)} (**{format_percent(ang.serapan)}**).",
    ]
    return (Markdown("\n".join(lines)),)


def capaian_opd(ctx: WilayahContext) -> tuple:
    """Chart and table of capaian per office."""
    t = tabel_capaian_opd(ctx.data)
    return (
        grafik_capaian_opd(t, ctx.settings.predikat_scale),
        _html(t, {"peringkat": "No.", "nama_opd": "Perangkat daerah",
                  "jumlah_indikator": "Indikator", "jumlah_dinilai": "Dapat dinilai",
                  "capaian_periode": "Capaian periode (%)", "capaian_sd": "Capaian s.d. (%)",
                  "capaian_tahunan": "Thd. target tahunan (%)", "predikat": "Predikat",
                  "jumlah_berisiko": "Indikator berisiko"},
              {"capaian_periode": "persen", "capaian_sd": "persen",
               "capaian_tahunan": "persen"},
              caption="Capaian kinerja per perangkat daerah",
              kanan=("Indikator", "Dapat dinilai", "Capaian periode (%)", "Capaian s.d. (%)",
                     "Thd. target tahunan (%)", "Indikator berisiko")),
        Markdown(catatan_skala(ctx)),
    )


def capaian_sasaran(ctx: WilayahContext) -> tuple:
    """Capaian per sasaran strategis of every office."""
    s = tabel_sasaran_opd(ctx.data)
    return (_html(s, {"nama_opd": "Perangkat daerah", "kode_sasaran": "Kode",
                      "sasaran": "Sasaran strategis", "jumlah_dinilai": "Indikator dinilai",
                      "capaian_sd": "Capaian s.d. (%)", "predikat": "Predikat"},
                  {"capaian_sd": "persen"}, caption="Capaian per sasaran strategis",
                  kanan=("Indikator dinilai", "Capaian s.d. (%)")),)


def pelaporan(ctx: WilayahContext) -> tuple:
    """Completeness and punctuality of the units' monthly reports per office."""
    t = tabel_pelaporan(ctx.data)
    p = ctx.periode
    text = (f"Laporan bulanan yang wajib dikirim unit kerja Januari s.d. "
            f"{nama_bulan(p.last_month)} {p.tahun}, dinilai sehari sesudah batas kirim "
            f"laporan {nama_bulan(p.last_month)} (seperti pada laporan triwulan tiap perangkat "
            "daerah). *Lengkap* = terkirim / wajib; *tepat waktu* = terkirim sebelum batas.")
    num = ("Unit", "Wajib", "Terkirim", "Tepat waktu", "Terlambat", "Belum ada", "Lengkap (%)",
           "Tepat waktu (%)")
    return (
        Markdown(text),
        grafik_pelaporan(t),
        _html(t, {"nama_opd": "Perangkat daerah", "jumlah_unit": "Unit",
                  "jumlah_wajib": "Wajib", "terkirim": "Terkirim", "tepat_waktu": "Tepat waktu",
                  "terlambat": "Terlambat", "belum_ada": "Belum ada",
                  "persen_lengkap": "Lengkap (%)", "persen_tepat_waktu": "Tepat waktu (%)"},
              {c: "bulat" for c in ("jumlah_unit", "jumlah_wajib", "terkirim", "tepat_waktu",
                                    "terlambat", "belum_ada")}
              | {"persen_lengkap": "persen", "persen_tepat_waktu": "persen"},
              caption="Kelengkapan dan ketepatan waktu laporan bulanan", kanan=num,
              total=True),
    )


def berisiko(ctx: WilayahContext) -> tuple:
    """Offices needing attention and the indicators projected to miss their annual target."""
    scale = ctx.settings.predikat_scale
    batas = float(scale[1][0]) if len(scale) > 1 else 0.0
    o = opd_perlu_perhatian(ctx.data, batas)
    r = tabel_indikator_berisiko(ctx.data)
    out = [Markdown(
        f"Perangkat daerah perlu perhatian bila capaian s.d. periode di bawah "
        f"{format_percent(batas, 0)} (batas bawah predikat *{_md(scale[1][1])}*) atau "
        "sepertiga atau lebih indikatornya diproyeksikan tidak mencapai target tahunan.")]
    if o.empty:
        out.append(Markdown("Tidak ada perangkat daerah yang memenuhi kriteria tersebut."))
    else:
        out.append(_html(o, {"nama_opd": "Perangkat daerah", "capaian_sd": "Capaian s.d. (%)",
                             "predikat": "Predikat", "alasan": "Alasan"},
                         {"capaian_sd": "persen"}, caption="Perangkat daerah perlu perhatian",
                         kanan=("Capaian s.d. (%)",)))
    if r.empty:
        out.append(Markdown("Tidak ada indikator yang diproyeksikan gagal mencapai target "
                            "tahunan."))
        return tuple(out)
    out.append(Markdown(
        f"{len(r)} indikator diproyeksikan tidak mencapai target tahunan. *Keadaan s.d. "
        "periode* membandingkan realisasi dengan target s.d. periode; *selisih proyeksi* "
        "adalah jarak proyeksi akhir tahun ke target tahunan, menurut arah indikator (untuk "
        "indikator negatif, target adalah batas atas)."))
    out.append(_html(r, {"nama_opd": "Perangkat daerah", "kode": "Kode",
                         "indikator": "Indikator", "nama_unit": "Unit",
                         "keadaan": "Keadaan s.d. periode",
                         "capaian_proyeksi": "Capaian proyeksi (%)",
                         "selisih_teks": "Selisih proyeksi", "arah": "Arah baik"},
                     {"capaian_proyeksi": "persen"}, caption="Indikator berisiko",
                     kanan=("Capaian proyeksi (%)",)))
    return tuple(out)


def anggaran(ctx: WilayahContext) -> tuple:
    """Budget absorption per office with a total row (rupiah right-aligned)."""
    t = tabel_anggaran_opd(ctx.data)
    return (_html(t, {"nama_opd": "Perangkat daerah", "pagu": "Pagu (Rp)",
                      "realisasi": f"Realisasi {ctx.periode.label_sd} (Rp)",
                      "serapan": "Serapan (%)"},
                  {"pagu": _rp, "realisasi": _rp, "serapan": "persen"},
                  caption="Serapan anggaran per perangkat daerah",
                  kanan=("Pagu (Rp)", f"Realisasi {ctx.periode.label_sd} (Rp)",
                         "Serapan (%)"), total=True),)


def _rp(v) -> str:
    """Rupiah amount without the prefix (the header says Rp): ``1.234.500``."""
    try:
        return "-" if v is None or math.isnan(float(v)) else format_number(float(v), 0)
    except (TypeError, ValueError):
        return "-"


def tidak_lengkap(ctx: WilayahContext) -> tuple:
    """Offices left out (no complete processed data, unreadable settings) and non-office
    folders, with the reason."""
    d = ctx.data
    out = []
    if d.tidak_lengkap.empty:
        out.append(Markdown("Semua perangkat daerah memiliki data olahan lengkap."))
    else:
        out.append(_html(d.tidak_lengkap, {"nama_opd": "Perangkat daerah", "folder": "Folder",
                                           "alasan": "Alasan"},
                         caption="Perangkat daerah yang belum dapat disertakan"))
    if d.wilayah.dilewati:
        items = "\n".join(f"- {_md(x.folder.name)}: {_md(x.alasan)}" for x in d.wilayah.dilewati)
        out.append(Markdown("Folder lain di folder wilayah yang tidak dibaca:\n\n" + items))
    return tuple(out)


__all__ = ["NOTEBOOK_NAME", "OUTPUT_STEM", "notebook_parameters", "output_dir",
           "WilayahContext", "load_wilayah_context", "tabel_capaian_opd", "tabel_sasaran_opd",
           "tabel_pelaporan", "tabel_indikator_berisiko", "opd_perlu_perhatian",
           "tabel_anggaran_opd", "grafik_capaian_opd", "grafik_pelaporan", "judul", "ikhtisar",
           "capaian_opd", "capaian_sasaran", "catatan_skala", "pelaporan", "berisiko", "anggaran",
           "tidak_lengkap"]
