"""Report sections: each function takes a ``ReportContext`` and returns display objects.

The phase notebooks are parameters, one ``load_context`` call, then ``display(*section(ctx))``
between prose cells. Every section returns a tuple of objects IPython can display
(``HTML``, ``Markdown``, plotly figures) so the notebooks hold no logic.
"""

from __future__ import annotations

from html import escape as _esc

import pandas as pd
from IPython.display import HTML, Markdown

from kinerja_lib.domain.anggaran import serapan_opd
from kinerja_lib.domain.contract import AGREGASI_LABEL
from kinerja_lib.domain.engine import history_trend, iku_mask
from kinerja_lib.domain.numbers import format_number, format_percent, format_tanggal
from kinerja_lib.domain.periods import Periode, nama_bulan, tanggal_acuan
from kinerja_lib.domain.settings import JABATAN_PEJABAT
from kinerja_lib.io import review, tracker
from kinerja_lib.io.recap import rekap_realisasi as rekap
from kinerja_lib.io.store import load_period_tables
from kinerja_lib.reports import charts, kalimat
from kinerja_lib.reports import summary as ringkasan
from kinerja_lib.reports.render import title_block
from kinerja_lib.reports.tables import escape_md as _md
from kinerja_lib.reports.tables import format_table, to_html

_CAPAIAN_COLS = {
    "kode": "Kode",
    "indikator": "Indikator",
    "satuan": "Satuan",
    "target_sd": "Target s.d. periode",
    "realisasi_sd": "Realisasi s.d. periode",
    "capaian_tampil": "Capaian (%)",
    "predikat": "Predikat",
    "target_tahunan": "Target tahunan",
    "capaian_tahunan": "Capaian thd. target tahunan (%)",
}
_CAPAIAN_FMT = {"capaian_sd": "persen", "capaian_tahunan": "persen", "capaian_periode": "persen",
                "capaian_sd_mentah": "persen"}


def _html(df: pd.DataFrame, columns: dict, formats: dict | None = None, caption=None,
          kanan=()) -> HTML:
    return HTML(to_html(format_table(df, columns, formats), caption=caption, kanan=kanan))


def _note(df: pd.DataFrame) -> list:
    """Footnotes for indicators that cannot be assessed or have missing months."""
    out = []
    tidak = df[~df["dinilai"].astype(bool)]
    for r in tidak.itertuples():
        out.append(f"- {_md(r.kode)}: tidak dapat dinilai — {_md(r.alasan)}")
    kurang = df[~df["lengkap"].astype(bool)]
    for r in kurang.itertuples():
        out.append(f"- {_md(r.kode)}: data belum lengkap, bulan belum dilaporkan: "
                   f"{_md(r.bulan_hilang)}")
    return [Markdown("**Catatan:**\n\n" + "\n".join(out))] if out else []


# --------------------------------------------------------------------------- headers


def judul(ctx, judul: str):
    """Title block: office, report title, period, status mark, generation time, fingerprint."""
    return title_block(ctx.settings, ctx.periode, ctx.status, ctx.fingerprint,
                       ctx.generated_at, judul=judul, root=ctx.paths.root)


# --------------------------------------------------------------------------- steps 1-2


def acuan_status(ctx):
    """Reference date of the period's submission status (:func:`periods.tanggal_acuan`)."""
    p = ctx.periode
    return tanggal_acuan(p.tahun, p.last_month, ctx.settings.hari_batas_laporan,
                         ctx.settings.libur)


def status_table(ctx) -> pd.DataFrame:
    """Submission status of every unit x month up to the period's end.

    The reference date is :func:`acuan_status` (the day after the due date of the period's last
    month), so every month of the period is overdue (a missing one is *belum ada*) and the
    report of a period is the same whenever it is rerun.
    """
    p = ctx.periode
    acuan = acuan_status(ctx)
    d = ctx.data
    return tracker.submission_status(d.pk, d.pengiriman, p.tahun, p.last_month, ctx.settings,
                                     acuan, d.anggaran)


_STATUS_MARK = {"tepat waktu": "✓", "terlambat": "T", "belum ada": "✗",
                "belum jatuh tempo": "·"}


def status_pengiriman(ctx) -> tuple:
    """Unit x month matrix of submission status and the on-time rate per unit."""
    st = status_table(ctx)
    counts = st["status"].value_counts()
    text = (
        f"Sampai {nama_bulan(ctx.periode.last_month)} {ctx.periode.tahun} diharapkan "
        f"{len(st)} laporan dari {st['unit'].nunique()} unit: "
        f"{counts.get('tepat waktu', 0)} tepat waktu, {counts.get('terlambat', 0)} terlambat, "
        f"{counts.get('belum ada', 0)} belum ada"
        + (f", {counts['belum jatuh tempo']} belum jatuh tempo"
           if counts.get("belum jatuh tempo", 0) else "")
        + " (keadaan per "
        f"{format_tanggal(acuan_status(ctx))}, sehari sesudah batas kirim laporan "
        f"{nama_bulan(ctx.periode.last_month)}). Tanda: ✓ tepat waktu, T terlambat, "
        "✗ belum ada."
    )
    matrix = st.assign(tanda=st["status"].map(_STATUS_MARK)).pivot(
        index="nama_unit", columns="bulan", values="tanda")
    order = [ctx.settings.nama_unit(u) for u in dict.fromkeys(st["unit"])]
    matrix = matrix.reindex(order)
    matrix.columns = [nama_bulan(m)[:3] for m in matrix.columns]
    matrix = matrix.reset_index().rename(columns={"nama_unit": "Unit"})
    late = st[st["status"].isin(["terlambat", "belum ada"])]
    rate = tracker.on_time_rate(st)
    out = [
        Markdown(text),
        HTML(to_html(matrix, caption="Status pengiriman per unit dan bulan")),
        _html(rate, {"nama_unit": "Unit", "jumlah_wajib": "Wajib", "tepat_waktu": "Tepat waktu",
                     "terlambat": "Terlambat", "belum_ada": "Belum ada",
                     "persen_tepat_waktu": "Tepat waktu (%)"},
              {"jumlah_wajib": "bulat", "tepat_waktu": "bulat", "terlambat": "bulat",
               "belum_ada": "bulat", "persen_tepat_waktu": "persen"},
              caption="Ketepatan waktu per unit"),
    ]
    if len(late):
        out.append(_html(late, {"nama_unit": "Unit", "nama_bulan": "Bulan", "batas": "Batas",
                                "tanggal_kirim": "Diterima", "status": "Status",
                                "hari_terlambat": "Hari terlambat"},
                         {"batas": "tanggal", "tanggal_kirim": "tanggal",
                          "hari_terlambat": "bulat"},
                         caption="Laporan terlambat dan belum ada"))
    return tuple(out)


def mutu_data(ctx) -> tuple:
    """Summary of validation and the data-quality table (file, sheet, cell, message)."""
    d = ctx.data
    q = d.kualitas
    n_err = int((q["tingkat"] == "error").sum())
    n_warn = int((q["tingkat"] == "peringatan").sum())
    text = (
        f"{len(d.sumber)} berkas dibaca; {len(d.realisasi)} baris realisasi diterima, "
        f"{len(d.karantina)} baris dikarantina. Ditemukan {n_err} error dan {n_warn} peringatan."
    )
    return (
        Markdown(text),
        _html(q, {"file": "Berkas", "sheet": "Lembar", "sel": "Sel", "tingkat": "Tingkat",
                  "pesan": "Pesan"}, caption="Masalah mutu data"),
    )


_KOLOM_REVISI = {"realisasi": "Realisasi", "pembilang": "Pembilang", "penyebut": "Penyebut",
                 "realisasi_anggaran": "Realisasi anggaran (Rp)"}


def revisi(ctx, sampai_periode: bool = False) -> tuple:
    """Numbers changed by revisions (a unit sent a month again) in the period's months.

    One row per changed value of ``ctx.data.revisi``: indicator or kegiatan, unit, month,
    old -> new value and both submission dates. ``sampai_periode`` widens the months to
    January..period end (the months the s.d. figures are built from).
    """
    rv = ctx.data.revisi
    months = ctx.periode.months_to_date if sampai_periode else ctx.periode.months
    rv = rv[rv["bulan"].isin(months)] if len(rv) else rv
    if rv.empty:
        return (Markdown("Tidak ada angka yang direvisi unit untuk bulan-bulan periode ini."),)
    names = dict(zip(ctx.data.pk["kode"], ctx.data.pk["indikator"], strict=False))
    names.update(zip(ctx.data.anggaran["kode_kegiatan"], ctx.data.anggaran["kegiatan"],
                     strict=False))
    t = rv.assign(
        nama=[names.get(k, "") for k in rv["kode"]],
        nama_unit=[ctx.settings.nama_unit(u) for u in rv["unit"]],
        nama_bulan=[nama_bulan(int(b)) for b in rv["bulan"]],
        kolom_label=[_KOLOM_REVISI.get(k, k) for k in rv["kolom"]])
    n_lap = len(rv[["unit", "bulan", "file_baru"]].drop_duplicates())
    text = (f"{format_number(len(rv), 0)} angka diubah melalui {format_number(n_lap, 0)} "
            "laporan revisi (unit mengirim ulang laporan bulan yang sama). Laporan ini memakai "
            "nilai baru; nilai lama tetap tercatat pada tabel revisi dan berkas lama tidak "
            "dihapus. Ketepatan waktu tetap dinilai dari kiriman pertama.")
    return (Markdown(text + _since_approval(ctx, rv)),
            _html(t, {"kode": "Kode", "nama": "Indikator / kegiatan", "nama_unit": "Unit",
                      "nama_bulan": "Bulan", "kolom_label": "Isian", "nilai_lama": "Nilai lama",
                      "nilai_baru": "Nilai baru", "tanggal_kirim_lama": "Dikirim",
                      "tanggal_kirim_baru": "Direvisi"},
                  {"nilai_lama": "angka", "nilai_baru": "angka", "tanggal_kirim_lama": "tanggal",
                   "tanggal_kirim_baru": "tanggal"},
                  caption="Angka yang direvisi"))


def _since_approval(ctx, rv: pd.DataFrame) -> str:
    """A sentence on the revisions received after this period's approval in force, if any
    (the reviewer approved the numbers before them)."""
    last = review.latest(getattr(ctx, "decisions", None) or [])
    if last is None or not last.disetujui:
        return ""
    sent = pd.to_datetime(rv["tanggal_kirim_baru"], errors="coerce").dt.date
    after = rv[sent > last.tanggal]
    if after.empty:
        return (f" Tidak ada revisi yang diterima sesudah laporan disetujui pada "
                f"{format_tanggal(last.tanggal)}.")
    kodes = ", ".join(dict.fromkeys(after["kode"].astype(str)))
    return (f" **Sesudah laporan disetujui pada {format_tanggal(last.tanggal)} oleh "
            f"{_md(last.nama)}, {format_number(len(after), 0)} angka berubah karena revisi "
            f"({_md(kodes)}); laporan perlu ditinjau ulang.**")


def permintaan_unit(ctx, dengan_risiko: bool = False) -> tuple:
    """Per unit: reports still owed, cells to fix and (optionally) at-risk indicators."""
    cap = ctx["capaian"] if dengan_risiko else ctx["capaian"].iloc[0:0]
    proj = ctx["proyeksi"] if dengan_risiko else ctx["proyeksi"].iloc[0:0]
    t = ringkasan.tindakan_unit(cap, proj, status_table(ctx), ctx.data.kualitas,
                                ctx.data.pengiriman, org=ctx.settings.organisasi)
    if t.empty:
        return (Markdown("Tidak ada tindak lanjut yang diminta dari unit."),)
    return (HTML(ringkasan.tindakan_per_unit_html(t)),)


def rekap_realisasi(ctx) -> tuple:
    """Monthly realisation of every indicator up to the period's end (wide table)."""
    r = _with_unit(rekap(ctx.data, ctx.settings.organisasi), ctx.settings)
    months = ctx.periode.months_to_date
    cols = {"kode": "Kode", "indikator_unit": "Indikator (unit)", "satuan": "Satuan"}
    cols.update({f"b{m:02d}": nama_bulan(m)[:3] for m in months})
    return (_html(r, cols),)


# --------------------------------------------------------------------------- step 3-4


def ikhtisar(ctx, singkat: bool = False) -> tuple:
    """Headline paragraph, the missing months per indicator (named with unit and month),
    predikat distribution and (full) the office/sasaran averages."""
    scale = ctx.settings.predikat_scale
    cap, sas = ctx["capaian"], ctx["sasaran"]
    out = [Markdown(ringkasan.headline(cap, sas, ctx.periode, scale))]
    hilang = ringkasan.bulan_belum_dilaporkan(cap, ctx.settings.organisasi)
    if hilang:
        out.append(Markdown(f"**Bulan yang belum dilaporkan (s.d. {ctx.periode.label}):**\n\n"
                            + "\n".join(f"- {line}" for line in hilang)))
    dist = ringkasan.distribusi_predikat(cap, scale)
    out.append(_html(dist, {"predikat": "Predikat", "jumlah_indikator": "Jumlah indikator"},
                     {"jumlah_indikator": "bulat"}, caption="Sebaran predikat"))
    if not singkat:
        out.append(tabel_sasaran(ctx)[0])
    return tuple(out)


def grafik_capaian(ctx) -> tuple:
    """Capaian coloured by predikat and target vs realisasi charts."""
    cap = ctx["capaian"]
    out = [charts.capaian_predikat(cap, ctx.settings.predikat_scale)]
    # one target/realisation chart per sasaran, so each fits on an A4 page
    for (kode_s, sasaran), grp in cap.groupby(["kode_sasaran", "sasaran"], sort=True):
        out.append(charts.target_vs_realisasi(grp, judul=f"Target dan Realisasi: {kode_s} "
                                                         f"{sasaran}"))
    return tuple(out)


def _with_unit(df: pd.DataFrame, settings) -> pd.DataFrame:
    """Add ``indikator_unit``: "Indikator (nama unit)", one column instead of two so that
    wide tables fit the width of an A4 page (unit names from the office's settings)."""
    names = df["unit"].map(settings.nama_unit) if "unit" in df else df["nama_unit"]
    return df.assign(indikator_unit=[f"{i} ({u})" for i, u in zip(df["indikator"], names,
                                                                  strict=True)])


def tabel_capaian(ctx, rinci: bool = False) -> tuple:
    """Capaian per indicator grouped by sasaran; ``rinci`` adds period-alone and raw values."""
    cap = ctx["capaian"]
    cols = dict(_CAPAIAN_COLS)
    if rinci:
        cols = {"kode": "Kode", "indikator_unit": "Indikator (unit)", "satuan": "Satuan",
                "agregasi_polaritas": "Agregasi, polaritas",
                "target_periode": "Target periode", "realisasi_periode": "Realisasi periode",
                "capaian_periode": "Capaian periode (%)", "target_sd": "Target s.d.",
                "realisasi_sd": "Realisasi s.d.", "capaian_sd_mentah": "Capaian s.d. mentah (%)",
                "capaian_sd": "Capaian s.d. (%)", "predikat": "Predikat",
                "lengkap": "Lengkap"}
    cap = _with_unit(cap, ctx.settings).assign(agregasi_polaritas=[
        f"{AGREGASI_LABEL.get(a, a)}, {p}" for a, p in zip(cap["agregasi"], cap["polaritas"],
                                                           strict=True)])
    if not rinci:
        # one column for what is the same everywhere (s.d. TW IV: the target to date is the
        # annual one); the raw capaian next to the capped one where they differ
        if ringkasan.kolom_sama(cap, "target_sd", "target_tahunan"):
            cols.pop("target_tahunan")
            cols.pop("capaian_tahunan")
        cap = cap.assign(capaian_tampil=ringkasan.capaian_dengan_mentah(
            cap["capaian_sd"], cap.get("capaian_sd_mentah", cap["capaian_sd"])),
            indikator=ringkasan.dengan_arah(cap["indikator"], cap["polaritas"]))
    out = []
    for (kode_s, sasaran), grp in cap.groupby(["kode_sasaran", "sasaran"], sort=True):
        out.append(_html(grp, cols, _CAPAIAN_FMT, caption=f"{kode_s} {sasaran}"))
    out += _note(cap)
    return tuple(out)


def tabel_sasaran(ctx) -> tuple:
    """Average capaian per sasaran and for the whole office, with predikat."""
    s = ctx["sasaran"].copy()
    s["sasaran"] = s["sasaran"].where(s["kode_sasaran"] != "OPD", "Rata-rata organisasi")
    return (_html(s, {"kode_sasaran": "Kode", "sasaran": "Sasaran strategis",
                      "jumlah_indikator": "Jumlah indikator", "capaian_sd": "Capaian (%)",
                      "predikat": "Predikat"},
                  {"capaian_sd": "persen", "jumlah_indikator": "bulat"}),)


def peta_unit(ctx, tabel: bool = True) -> tuple:
    """Capaian per unit: a bar per unit (mean capaian, indicators at risk) and, with
    ``tabel``, the table behind it; readable for 8 to 40 units."""
    u = ringkasan.ringkasan_unit(ctx["capaian"], ctx["proyeksi"], ctx.settings.organisasi)
    out = [charts.capaian_per_unit(u, ctx.settings.predikat_scale)]
    if tabel:
        out.append(_html(u.sort_values("nama_unit", kind="stable"),
                         {"nama_unit": "Unit", "jumlah_indikator": "Indikator",
                          "dinilai": "Dapat dinilai", "sesuai": "Sesuai rencana",
                          "berisiko": "Berisiko", "capaian_rata": "Capaian rata-rata (%)",
                          "terendah": "Capaian terendah"},
                         {"jumlah_indikator": "bulat", "dinilai": "bulat", "sesuai": "bulat",
                          "berisiko": "bulat", "capaian_rata": "persen"},
                         caption="Capaian per unit (berisiko: proyeksi akhir tahun di bawah "
                                 "ambang)"))
    return tuple(out)


def _proyeksi_row(ctx, kode):
    pr = ctx["proyeksi"]
    row = pr[pr["kode"] == kode]
    return row.iloc[0] if len(row) else None


def _history_series(ctx) -> pd.DataFrame | None:
    """Monthly realisation to date of earlier years, for trend charts.

    :func:`kinerja_lib.domain.engine.history_trend` of the earlier years' validated data
    (cheap: month matrices only), so it does not depend on whether reports were ever run
    for those years.
    """
    return history_trend(ctx.history, ctx.settings)


def tren_iku(ctx, maks: int = 6) -> tuple:
    """Monthly trend with target and projection for the key indicators (IKU)."""
    hist = _history_series(ctx)
    return tuple(_tren(ctx, r, hist) for r in _iku_terpilih(ctx, maks).itertuples())


def _iku_terpilih(ctx, maks: int = 6) -> pd.DataFrame:
    """The indicators :func:`tren_iku` draws: the IKU (all indicators if none), first ``maks``."""
    cap = ctx["capaian"]
    iku = cap[iku_mask(cap["iku"])]
    return (iku if len(iku) else cap).drop_duplicates("kode").head(maks)


def _tren(ctx, r, hist):
    """The trend chart of one indicator row ``r`` (``kode, indikator, satuan``)."""
    return charts.tren_bulanan(ctx["bulanan"], r.kode, _proyeksi_row(ctx, r.kode), history=hist,
                               judul=f"{r.kode} {r.indikator}", satuan=r.satuan,
                               polaritas=getattr(r, "polaritas", None))


def anggaran(ctx) -> tuple:
    """Budget absorption vs capaian: quadrant chart and table with efficiency class."""
    a = ctx["anggaran"]
    total = serapan_opd(a)
    text = (f"Pagu seluruh kegiatan Rp{format_number(total.pagu, 0)}; realisasi "
            f"{ctx.periode.label_sd} Rp{format_number(total.realisasi, 0)} "
            f"(serapan {format_percent(total.serapan)}). "
            + ringkasan.dasar_efisiensi(ctx.settings.ambang_efisiensi))
    shown, kanan = ringkasan.tabel_anggaran(a, total, ctx.periode.label_sd)
    return (Markdown(text), charts.kuadran_anggaran(a, ctx.settings.ambang_efisiensi),
            HTML(to_html(shown, kanan=kanan)))


def proyeksi(ctx) -> tuple:
    """Year-end projection of every indicator."""
    pr = ctx["proyeksi"].merge(ctx["capaian"][["kode", "indikator", "satuan", "polaritas"]]
                               .drop_duplicates("kode"), on="kode", how="left")
    pr = pr.assign(selisih_teks=[
        kalimat.selisih_target(p, t, pol, sat) or "tepat target"
        for p, t, pol, sat in zip(pr["proyeksi_akhir_tahun"], pr["target_tahunan"],
                                  pr["polaritas"], pr["satuan"], strict=True)],
        indikator=ringkasan.dengan_arah(pr["indikator"], pr["polaritas"]))
    return (_html(pr, {"kode": "Kode", "indikator": "Indikator", "satuan": "Satuan",
                       "proyeksi_akhir_tahun": "Proyeksi akhir tahun",
                       "target_tahunan": "Target tahunan",
                       "capaian_proyeksi": "Capaian proyeksi (%)", "berisiko": "Berisiko",
                       "selisih_teks": kalimat.label_selisih(None)},
                  {"capaian_proyeksi": "persen"}),)


def berisiko(ctx, grafik: bool = True) -> tuple:
    """Indicators projected to miss the annual target, worst first."""
    r = ringkasan.indikator_berisiko(ctx["proyeksi"], ctx["capaian"], ctx.settings.organisasi)
    if r.empty:
        return (Markdown("Tidak ada indikator yang diproyeksikan gagal mencapai target "
                         "tahunan."),)
    shown, header = ringkasan.selisih_tampil(r)
    out = [
        Markdown(f"{len(r)} indikator diproyeksikan belum mencapai ambang "
                 f"{format_percent(ctx.settings.ambang_risiko)} dari target tahunan:"),
        _html(shown, {"kode": "Kode", "indikator": "Indikator", "nama_unit": "Unit",
                      "proyeksi_akhir_tahun": "Proyeksi akhir tahun",
                      "target_tahunan": "Target tahunan",
                      "capaian_proyeksi": "Capaian proyeksi (%)", "selisih_teks": header},
              {"capaian_proyeksi": "persen"}),
    ]
    if grafik:  # the trend of the worst three, unless tren_iku already drew it
        hist = _history_series(ctx)
        drawn = set(_iku_terpilih(ctx)["kode"])
        for row in r[~r["kode"].isin(drawn)].head(3).itertuples():
            out.append(_tren(ctx, row, hist))
    return tuple(out)


def kendala(ctx) -> tuple:
    """Obstacles and follow-up reported by units in the period (text escaped on display)."""
    k = ringkasan.kendala_periode(ctx.data.realisasi, ctx.data.pk, ctx.periode,
                                  ctx.settings.organisasi)
    if k.empty:
        return (Markdown("Tidak ada kendala yang dilaporkan pada periode ini."),)
    k, sisa = ringkasan.batasi_kendala(k, ctx.settings.batas_kendala_laporan)
    return (_html(k, {"kode": "Kode", "indikator": "Indikator", "nama_unit": "Unit",
                      "nama_bulan": "Bulan", "kendala": "Kendala", "tindak_lanjut":
                      "Tindak lanjut"}), Markdown(_md(ringkasan.kendala_lainnya(sisa))))


# --------------------------------------------------------------------------- steps 6-9


def log_koreksi(ctx) -> tuple:
    """Review status and the correction log of this report and the reports feeding it."""
    log = review.load_correction_log(ctx.paths, ctx.periode)
    st = ctx.status
    head = Markdown(f"Status laporan: **{_md(st.label)}**"
                    + (f" — {_md(st.alasan)}" if st.alasan else ""))
    if log.empty:
        return (head, Markdown("Belum ada keputusan tinjauan yang dicatat."))
    log = log.assign(periode_label=[Periode.from_kode(t, p).label
                                    for t, p in zip(log["tahun"], log["periode"], strict=True)])
    return (head, _html(log, {"periode_label": "Laporan", "tanggal": "Tanggal",
                              "nama": "Peninjau", "jabatan": "Jabatan",
                              "keputusan": "Keputusan", "catatan": "Catatan koreksi",
                              "fingerprint": "Sidik data"},
                        {"tanggal": "tanggal"}, caption="Catatan tinjauan dan koreksi"))


def capaian_per_triwulan(ctx) -> tuple:
    """Capaian of each quarter inside a semester/year next to the cumulative capaian."""
    base = ctx["capaian"][["kode", "indikator", "satuan", "capaian_sd", "predikat"]]
    cols = {"kode": "Kode", "indikator": "Indikator", "satuan": "Satuan"}
    fmt = {"capaian_sd": "persen"}
    for tw in ctx.periode.triwulan_list:
        t = load_period_tables(ctx.paths, ctx.periode.tahun, f"tw{tw}")["capaian"]
        t = t[["kode", "realisasi_periode", "capaian_periode"]].drop_duplicates("kode")
        t = t.rename(columns={"realisasi_periode": f"r{tw}", "capaian_periode": f"c{tw}"})
        base = base.merge(t, on="kode", how="left")
        roman = Periode(ctx.periode.tahun, "triwulan", tw).label.split()[1]
        cols[f"r{tw}"] = f"Realisasi TW {roman}"
        cols[f"c{tw}"] = f"Capaian TW {roman} (%)"
        fmt[f"c{tw}"] = "persen"
    cols.update({"capaian_sd": f"Capaian {ctx.periode.label_sd} (%)", "predikat": "Predikat"})
    return (_html(base, cols, fmt),)


def daftar_unit(ctx) -> tuple:
    """The office's reporting units (from its settings) with the number of PK indicators each
    is responsible for (Bab I of the annual report)."""
    st = ctx.settings
    n = ctx.data.pk.groupby("unit")["kode"].count()
    rows = [{"kode": u.kode, "nama": u.nama, "induk": st.nama_unit(u.induk) if u.induk else "-",
             "kepala": u.jabatan_kepala or "-", "jumlah": int(n.get(u.kode, 0))}
            for u in st.units]
    cols = {"kode": "Kode", "nama": "Unit", "induk": "Di bawah", "kepala": "Dipimpin oleh",
            "jumlah": "Indikator PK"}
    if not any(u.jabatan_kepala for u in st.units):
        cols.pop("kepala")
    text = (f"Unit kerja {_md(st.nama_opd)} {_md(st.nama_pemda)} yang melaporkan kinerja "
            f"({len(rows)} unit):")
    return (Markdown(text), _html(pd.DataFrame(rows, columns=list(cols)), cols,
                                  {"jumlah": "bulat"}))


def tabel_perjanjian_kinerja(ctx) -> tuple:
    """The Perjanjian Kinerja: sasaran, indicators, annual and Renstra targets."""
    pk = ctx.data.pk.assign(nama_unit=ctx.data.pk["unit"].map(ctx.settings.nama_unit))
    return (_html(pk, {"kode_sasaran": "Sasaran", "kode": "Kode", "indikator": "Indikator",
                       "satuan": "Satuan", "target_tahunan": "Target tahunan",
                       "target_renstra": "Target akhir Renstra", "tahun_renstra": "Tahun Renstra",
                       "nama_unit": "Penanggung jawab", "iku": "IKU"},
                  {"tahun_renstra": "tahun"}, caption=f"Perjanjian Kinerja Tahun {ctx.periode.tahun}"),)


def perbandingan(ctx) -> tuple:
    """This year against baseline, earlier years and the Renstra end target."""
    pb = ctx["perbandingan"].merge(ctx["capaian"][["kode", "indikator", "satuan"]]
                                   .drop_duplicates("kode"), on="kode", how="left")
    cols = {"kode": "Kode", "indikator": "Indikator", "satuan": "Satuan",
            "baseline": "Baseline"}
    for col in sorted(c for c in pb.columns if c.startswith("realisasi_") and c[10:].isdigit()):
        cols[col] = f"Realisasi {col[10:]}"
    cols.update({"realisasi_tahun_ini": f"Realisasi {ctx.periode.tahun}",
                 "target_renstra": "Target akhir Renstra", "tahun_renstra": "Tahun Renstra",
                 "capaian_renstra": "Capaian thd. Renstra (%)"})
    return (_html(pb, cols, {"capaian_renstra": "persen", "tahun_renstra": "tahun"}),)


def analisis(ctx) -> tuple:
    """Per sasaran: what succeeded, what fell short, with the units' kendala/tindak lanjut."""
    cap = ctx["capaian"]
    k = ringkasan.kendala_periode(ctx.data.realisasi, ctx.data.pk, ctx.periode,
                                  ctx.settings.organisasi)
    top, batas = ctx.settings.predikat_scale[0][1], ctx.settings.batas_kendala_laporan
    out = []
    for (kode_s, sasaran), grp in cap.groupby(["kode_sasaran", "sasaran"], sort=True):
        ok = grp[grp["predikat"] == top]
        short = grp[(grp["predikat"] != top) & grp["dinilai"].astype(bool)]
        lines = [f"**{_md(kode_s)} {_md(sasaran)}.** {len(ok)} dari {len(grp)} indikator "
                 f"berpredikat {_md(top)}."]
        for r in short.itertuples():
            kk = k[k["kode"] == r.kode]
            sebab, upaya = (ringkasan.daftar_terbatas(kk[c].dropna().astype(str), batas)
                            for c in ("kendala", "tindak_lanjut"))
            lines.append(f"- {_md(r.kode)} {_md(r.indikator)}: capaian "
                         f"{format_percent(r.capaian_sd)} ({_md(r.predikat)}). Kendala: "
                         f"{_md(sebab or 'tidak dilaporkan')}. "
                         f"Upaya: {_md(upaya or 'tidak dilaporkan')}.")
        out.append(Markdown("\n".join(lines)))
    return tuple(out)


def kata_pengantar(ctx) -> tuple:
    """Foreword of the annual report (LKjIP outline: Kata Pengantar), from the office data."""
    st = ctx.settings
    cap = ctx["capaian"]
    n_sasaran = cap["kode_sasaran"].nunique()
    text = (
        f"Laporan Kinerja Instansi Pemerintah (LKjIP) {_md(st.nama_opd)} "
        f"{_md(st.nama_pemda)} Tahun {ctx.periode.tahun} disusun sebagai wujud "
        "pertanggungjawaban atas pelaksanaan tugas dan fungsi selama satu tahun anggaran, "
        "sesuai Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja "
        "Instansi Pemerintah.\n\n"
        f"Laporan ini menyajikan capaian {len(cap)} indikator kinerja pada {n_sasaran} sasaran "
        "strategis terhadap Perjanjian Kinerja dan Rencana Aksi, perbandingannya dengan tahun "
        "sebelumnya dan dengan target akhir Renstra, serta realisasi anggaran yang mendukungnya. "
        "Data dihimpun dari laporan progres bulanan setiap unit sesuai SOP Pengumpulan Data "
        "Kinerja.\n\n"
        "Semoga laporan ini bermanfaat sebagai bahan evaluasi dan perbaikan kinerja pada tahun "
        "berikutnya."
    )
    return (Markdown(text),)


def penutup(ctx) -> tuple:
    """Conclusions and next steps, derived from the year's results."""
    cap, sas = ctx["capaian"], ctx["sasaran"]
    opd = sas[sas["kode_sasaran"] == "OPD"]
    risk = ringkasan.indikator_berisiko(ctx["proyeksi"], cap, ctx.settings.organisasi)
    lines = []
    if len(opd):
        lines.append(f"1. Rata-rata capaian kinerja {ctx.periode.label} adalah "
                     f"{format_percent(opd.iloc[0]['capaian_sd'])} dengan predikat "
                     f"**{_md(opd.iloc[0]['predikat'])}**.")
    weakest = cap[cap["dinilai"].astype(bool)].nsmallest(3, "capaian_sd")
    if len(weakest):
        names = "; ".join(f"{_md(r.kode)} {_md(r.indikator)} ({format_percent(r.capaian_sd)})"
                          for r in weakest.itertuples())
        lines.append(f"2. Indikator dengan capaian terendah: {names}.")
    lines.append(f"3. {len(risk)} indikator belum mencapai ambang "
                 f"{format_percent(ctx.settings.ambang_risiko)} dan perlu menjadi prioritas "
                 "rencana aksi tahun berikutnya.")
    lines.append("4. Pengumpulan data bulanan tepat waktu oleh seluruh unit tetap menjadi "
                 "syarat mutu laporan kinerja (SOP Pengumpulan Data Kinerja).")
    return (Markdown("\n".join(lines)),)


def penutup_laporan(ctx) -> tuple:
    """Short closing paragraph of the quarterly and semester reports
    (:func:`summary.penutup_periode`)."""
    risk = ringkasan.indikator_berisiko(ctx["proyeksi"], ctx["capaian"], ctx.settings.organisasi)
    return (Markdown(ringkasan.penutup_periode(ctx["sasaran"], risk, ctx.periode,
                                               ctx.settings.nama_opd)),)


def tanda_tangan(ctx, jabatan: str = "kepala_dinas", tempat: str = "") -> tuple:
    """Signature block of the official ``jabatan`` (``kepala_dinas``, ``sekretaris``).

    Name and NIP come from ``[pejabat.<jabatan>]`` in the office's ``data/pengaturan.toml``;
    without it the block says so instead of printing another office's official. The date is
    the run date (``ctx.generated_at``), blank when unknown, after ``tempat`` when given.
    """
    st = ctx.settings
    p = st.pejabat_untuk(jabatan)
    label = JABATAN_PEJABAT.get(jabatan, jabatan.replace("_", " ").title())
    tanggal = format_tanggal(ctx.generated_at.date()) if ctx.generated_at else "&nbsp;" * 24
    # "Kepala Dinas Kesehatan", "Kepala Badan ...": the head's title is the office's name
    jabatan_opd = f"{'Kepala' if jabatan == 'kepala_dinas' else label} {st.nama_opd}"
    if p is None:
        nama = (f"<i>(nama {_esc(label)} belum diatur: isi [pejabat.{_esc(jabatan)}] nama dan "
                "nip di data/pengaturan.toml)</i>")
        nip = ""
    else:
        nama = f"<b><u>{_esc(p.nama)}</u></b>"
        nip = f"<br>NIP {_esc(p.nip)}" if p.nip else ""
    html = (
        '<div class="tanda-tangan" style="margin:2.5em 0 0 55%;page-break-inside:avoid">'
        f"<p>{_esc(tempat) + ', ' if tempat else ''}{tanggal}<br>{_esc(jabatan_opd)}<br>{_esc(st.nama_pemda)}</p>"
        f'<p style="margin-top:4.5em">{nama}{nip}</p></div>'
    )
    return (HTML(html),)
