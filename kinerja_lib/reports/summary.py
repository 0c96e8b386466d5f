"""Report narrative: headline figures, at-risk lists and per-unit actions, in Indonesian.

Pure functions over the engine tables (schema in ``docs/dev/arsitektur.md``); the notebooks
display what these return. Text that came from units' workbooks is returned as plain text;
escaping is the job of ``tables.to_html`` at display time, except in :func:`headline`, which
returns Markdown and escapes the labels it quotes (``tables.escape_md``).
"""

from __future__ import annotations

import html

import pandas as pd

from kinerja_lib.domain.numbers import format_number, format_percent
from kinerja_lib.domain.organisasi import Organisasi
from kinerja_lib.domain.periods import Periode, nama_bulan
from kinerja_lib.reports import kalimat
from kinerja_lib.reports.tables import escape_md, format_table


def distribusi_predikat(capaian: pd.DataFrame, scale) -> pd.DataFrame:
    """Count of indicators per predikat band, in band order (top first), plus not assessable.

    Parameters
    ----------
    capaian : DataFrame
        Engine ``capaian`` table (columns ``predikat``, ``dinilai``).
    scale : sequence of (lower_bound, label)
        The predikat scale in force (``Settings.predikat_scale``).
    """
    labels = [label for _, label in scale]
    counts = capaian.loc[capaian["dinilai"].astype(bool), "predikat"].value_counts()
    rows = [(label, int(counts.get(label, 0))) for label in labels]
    rows.append(("Tidak dapat dinilai", int((~capaian["dinilai"].astype(bool)).sum())))
    return pd.DataFrame(rows, columns=["predikat", "jumlah_indikator"])


def headline(capaian: pd.DataFrame, sasaran: pd.DataFrame, periode: Periode, scale) -> str:
    """One Indonesian paragraph with the period's headline results (markdown)."""
    n = len(capaian)
    dinilai = capaian[capaian["dinilai"].astype(bool)]
    opd = sasaran[sasaran["kode_sasaran"] == "OPD"]
    dist = distribusi_predikat(capaian, scale)
    top = scale[0][1]
    n_top = int(dist.loc[dist["predikat"] == top, "jumlah_indikator"].sum())
    span = f"Pada {periode.label}" if periode.jenis == "tahunan" else f"Sampai dengan {periode.label}"
    parts = [f"{span}, {n} indikator kinerja dipantau; {len(dinilai)} dapat dinilai."]
    if len(opd):
        row = opd.iloc[0]
        parts.append(
            f"Rata-rata capaian organisasi **{format_percent(row['capaian_sd'])}** dengan "
            f"predikat **{escape_md(row['predikat'])}**."
        )
    parts.append(f"{n_top} indikator berpredikat {escape_md(top)}.")
    tidak = n - len(dinilai)
    if tidak:
        parts.append(f"{tidak} indikator tidak dapat dinilai (alasannya dicatat di bawah tabel capaian).")
    tidak_lengkap = int((~capaian["lengkap"].astype(bool)).sum())
    if tidak_lengkap:
        parts.append(f"Data {tidak_lengkap} indikator belum lengkap: ada bulan yang belum "
                     "dilaporkan (dirinci di bawah).")
    return " ".join(parts)


def bulan_belum_dilaporkan(capaian: pd.DataFrame, org: Organisasi | None = None) -> list[str]:
    """One Markdown line per incomplete indicator naming its unit and missing months.

    ``"IK-04 (Seksi Pembinaan Perpustakaan): Juni belum dilaporkan"``, in the table's order,
    from the engine ``capaian`` columns ``kode``, ``unit``, ``lengkap`` and ``bulan_hilang``
    (months to date without a report). Codes and names are escaped (``tables.escape_md``).
    """
    if capaian is None or not len(capaian) or "lengkap" not in capaian:
        return []
    kurang = capaian[~capaian["lengkap"].astype(bool)]
    lines = []
    for _, r in kurang.iterrows():
        unit = r.get("unit")
        who = (f" ({escape_md((org or Organisasi()).nama_unit(unit))})"
               if isinstance(unit, str) and unit else "")
        lines.append(f"{escape_md(r['kode'])}{who}: {escape_md(r['bulan_hilang'])} belum "
                     "dilaporkan")
    return lines


def indikator_berisiko(proyeksi: pd.DataFrame, capaian: pd.DataFrame,
                       org: Organisasi | None = None) -> pd.DataFrame:
    """Indicators whose projected year-end capaian is below the risk threshold.

    Returns one row per at-risk indicator, worst projected capaian first, with the unit name
    (from ``org``, the office's units; the code without it), the gap to the annual target
    (``selisih_target``, positive = short of it or above the ceiling) and that gap in words
    in the indicator's direction (``selisih_teks``: "kurang 15 perpustakaan", "melebihi batas
    4 berkas"; :func:`kalimat.selisih_target`).
    """
    cols = ["kode", "indikator", "satuan", "polaritas"] + ([] if "unit" in proyeksi
                                                           else ["unit"])
    cols = [c for c in cols if c in capaian.columns]
    merged = proyeksi.merge(capaian[cols].drop_duplicates("kode"), on="kode", how="left")
    if "polaritas" not in merged:
        merged["polaritas"] = kalimat.POSITIF
    risk = merged[merged["berisiko"].astype(bool)].copy()
    risk["nama_unit"] = risk["unit"].map((org or Organisasi()).nama_unit)
    risk["selisih_teks"] = [
        kalimat.selisih_target(r.get("proyeksi_akhir_tahun"), r.get("target_tahunan"),
                               r.get("polaritas"), r.get("satuan"))
        for _, r in risk.iterrows()] if len(risk) else pd.Series(dtype=object)
    return risk.sort_values(["capaian_proyeksi", "kode"], na_position="first").reset_index(
        drop=True
    )


def tindakan_unit(
    capaian: pd.DataFrame,
    proyeksi: pd.DataFrame,
    status_pengiriman: pd.DataFrame | None = None,
    kualitas: pd.DataFrame | None = None,
    pengiriman: pd.DataFrame | None = None,
    org: Organisasi | None = None,
) -> pd.DataFrame:
    """What each unit must act on: at-risk indicators, missing reports, data to fix.

    ``org`` (the office's units) gives the unit names; without it the codes are shown.

    Returns
    -------
    DataFrame
        Columns ``unit``, ``nama_unit``, ``tindakan`` (one Indonesian sentence per row).
    """
    rows: list[tuple[str, str]] = []
    for _, r in indikator_berisiko(proyeksi, capaian, org).iterrows():
        rows.append((r["unit"], kalimat.saran_tindakan(
            r["kode"], r["indikator"], r["polaritas"], format_percent(r["capaian_proyeksi"]),
            r["selisih_teks"])))
    if status_pengiriman is not None and len(status_pengiriman):
        owed = status_pengiriman[status_pengiriman["status"] == "belum ada"]
        for unit, grp in owed.groupby("unit", sort=True):
            months = ", ".join(nama_bulan(m) for m in sorted(grp["bulan"]))
            rows.append((unit, f"Kirim laporan bulan {months}."))
    if kualitas is not None and pengiriman is not None and len(kualitas):
        rows += _perbaikan_data(kualitas, pengiriman, org)
    out = pd.DataFrame(rows, columns=["unit", "tindakan"])
    out.insert(1, "nama_unit", out["unit"].map((org or Organisasi()).nama_unit))
    return out.sort_values("unit", kind="stable").reset_index(drop=True)


def tindakan_per_unit_html(t: pd.DataFrame) -> str:
    """The :func:`tindakan_unit` rows as one table row per unit, its actions numbered (the
    unit's name printed once); every text escaped."""
    rows = []
    for unit, g in t.groupby("nama_unit", sort=False):
        items = "".join(f"<li>{html.escape(str(x))}</li>" for x in g["tindakan"])
        rows.append(f"<tr><td>{html.escape(str(unit))}</td><td><ol style=\"margin:0;"
                    f'padding-left:1.3em">{items}</ol></td></tr>')
    return ('<table class="dataframe tabel-kinerja"><thead><tr><th style="width:28%">Unit</th>'
            "<th>Yang harus dilakukan</th></tr></thead><tbody>" + "".join(rows)
            + "</tbody></table>")


def _perbaikan_data(kualitas: pd.DataFrame, pengiriman: pd.DataFrame,
                    org: Organisasi | None) -> list[tuple[str, str]]:
    """One plain sentence per data error in a unit's monthly report, naming the month and
    the row, not the file path: "Laporan Februari 2024, lembar Realisasi baris 4: …"."""
    errors = kualitas[kualitas["tingkat"] == "error"]
    cols = [c for c in ("sumber_file", "unit", "bulan", "tahun") if c in pengiriman.columns]
    info = pengiriman[cols].drop_duplicates("sumber_file").set_index("sumber_file")
    rows = []
    for _, q in errors.iterrows():
        if q["file"] not in info.index:
            continue
        src = info.loc[q["file"]]
        bulan = src.get("bulan")
        laporan = (f"Laporan {nama_bulan(int(bulan))}"
                   + (f" {int(src['tahun'])}" if pd.notna(src.get("tahun")) else "")
                   if pd.notna(bulan) else "Laporan bulanan")
        baris = "".join(ch for ch in str(q.get("sel") or "") if ch.isdigit())
        tempat = f"lembar {q['sheet']}" + (f" baris {baris}" if baris else "")
        rows.append((src["unit"], f"{laporan}, {tempat}: {q['pesan']} Perbaiki isian itu lalu "
                     "kirim ulang laporannya."))
    return rows


def kendala_periode(realisasi: pd.DataFrame, pk: pd.DataFrame, periode: Periode,
                    org: Organisasi | None = None) -> pd.DataFrame:
    """Obstacles and follow-ups reported by units in the period's months (non-empty only);
    unit names from ``org`` (the office's units). The same text reported for the same
    indicator and unit in several months is one row whose ``nama_bulan`` lists the months
    ("Januari, Februari, Maret")."""
    r = realisasi[realisasi["bulan"].isin(periode.months)]
    has_text = r["kendala"].fillna("").astype(str).str.strip().ne("") | r[
        "tindak_lanjut"
    ].fillna("").astype(str).str.strip().ne("")
    r = r[has_text].merge(pk[["kode", "indikator"]], on="kode", how="left")
    r = r.assign(nama_unit=r["unit"].map((org or Organisasi()).nama_unit),
                 kendala=r["kendala"].fillna("").astype(str).str.strip(),
                 tindak_lanjut=r["tindak_lanjut"].fillna("").astype(str).str.strip())
    cols = ["kode", "indikator", "nama_unit", "nama_bulan", "kendala", "tindak_lanjut"]
    if r.empty:
        return pd.DataFrame(columns=cols)
    # the same kendala and tindak lanjut over several months: one row listing the months
    keys = ["kode", "unit", "kendala", "tindak_lanjut"]
    g = (r.sort_values(["kode", "bulan"]).groupby(keys, sort=False, dropna=False)
         .agg(indikator=("indikator", "first"), nama_unit=("nama_unit", "first"),
              bulan=("bulan", "min"),
              nama_bulan=("bulan", lambda b: ", ".join(nama_bulan(int(m)) for m in sorted(b))))
         .reset_index())
    g[["kendala", "tindak_lanjut"]] = g[["kendala", "tindak_lanjut"]].replace("", None)
    return g.sort_values(["kode", "bulan"], kind="stable")[cols].reset_index(drop=True)


def batasi_kendala(k: pd.DataFrame, batas: int) -> tuple[pd.DataFrame, int]:
    """The rows of the first ``batas`` distinct kendala texts of a grouped kendala frame
    (``settings.batas_kendala_laporan``) and how many distinct kendala were left out.

    A row without kendala (tindak lanjut only) counts by its tindak lanjut. The order of the
    frame is kept; every row of a kept kendala is kept (one kendala of several indicators)."""
    if k.empty:
        return k, 0
    teks = k["kendala"].fillna("").astype(str)
    if "tindak_lanjut" in k:
        teks = teks.where(teks.ne(""), "\0" + k["tindak_lanjut"].fillna("").astype(str))
    urut = pd.unique(teks)
    if len(urut) <= batas:
        return k, 0
    simpan = set(urut[:batas])
    return k[teks.isin(simpan)].reset_index(drop=True), len(urut) - batas


def kendala_lainnya(sisa: int) -> str:
    """The closing line of a capped kendala list ("" when nothing was left out)."""
    if sisa <= 0:
        return ""
    return f"… dan {format_number(sisa, 0)} kendala lainnya (lihat rekap Excel)."


def daftar_terbatas(items, batas: int, sep: str = "; ") -> str:
    """Distinct ``items`` joined, at most ``batas`` of them, then "dan N lainnya"."""
    items = list(dict.fromkeys(items))
    teks = sep.join(items[:batas])
    if len(items) > batas:
        teks += f" dan {format_number(len(items) - batas, 0)} lainnya"
    return teks


def ringkasan_unit(capaian: pd.DataFrame, proyeksi: pd.DataFrame | None = None,
                   org: Organisasi | None = None) -> pd.DataFrame:
    """One row per unit: its indicators, how many are on track or at risk, mean capaian.

    Parameters
    ----------
    capaian : DataFrame
        Engine ``capaian`` table (``unit, kode, capaian_sd, dinilai``).
    proyeksi : DataFrame, optional
        Engine ``proyeksi`` table (``kode, berisiko``); without it no indicator is at risk.
    org : Organisasi, optional
        The office's units, for ``nama_unit`` (the code without it).

    Returns
    -------
    DataFrame
        Columns ``unit, nama_unit, jumlah_indikator, dinilai, sesuai, berisiko,
        capaian_rata`` (mean capped ``capaian_sd`` of the assessable indicators, NaN when
        none), ``terendah`` ("IK-05 56,25%": the unit's lowest capaian); ``sesuai`` counts
        assessable indicators not at risk. Sorted by mean capaian, lowest first.
    """
    cols = ["unit", "nama_unit", "jumlah_indikator", "dinilai", "sesuai", "berisiko",
            "capaian_rata", "terendah"]
    if capaian is None or capaian.empty or "unit" not in capaian:
        return pd.DataFrame(columns=cols)
    c = capaian.copy()
    c["dinilai"] = c["dinilai"].astype(bool)
    risk = set()
    if proyeksi is not None and len(proyeksi) and "berisiko" in proyeksi:
        risk = set(proyeksi.loc[proyeksi["berisiko"].astype(bool), "kode"].astype(str))
    c["_risk"] = c["kode"].astype(str).isin(risk) & c["dinilai"]
    rows = []
    for unit, g in c.groupby("unit", sort=True):
        ok = g[g["dinilai"]]
        low = ok.nsmallest(1, "capaian_sd") if len(ok) else ok
        rows.append({
            "unit": unit, "nama_unit": (org or Organisasi()).nama_unit(unit),
            "jumlah_indikator": int(g["kode"].nunique()), "dinilai": int(len(ok)),
            "sesuai": int((~ok["_risk"]).sum()), "berisiko": int(ok["_risk"].sum()),
            "capaian_rata": float(ok["capaian_sd"].mean()) if len(ok) else float("nan"),
            "terendah": (f"{low.iloc[0]['kode']} {format_percent(low.iloc[0]['capaian_sd'])}"
                         if len(low) else "-"),
        })
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["capaian_rata", "unit"], na_position="first",
                           kind="stable").reset_index(drop=True)


def capaian_dengan_mentah(capped, raw) -> list[str]:
    """Capped capaian with the raw value in brackets where they differ: ``"100% (102,15%)"``.

    Parameters
    ----------
    capped, raw : array-like of float
        The capped capaian and the uncapped one (``capaian_sd``, ``capaian_sd_mentah``).
    """
    out = []
    for c, r in zip(pd.Series(capped, dtype="float64"), pd.Series(raw, dtype="float64"),
                    strict=True):
        txt = format_percent(c)
        if pd.notna(c) and pd.notna(r) and round(float(r), 2) != round(float(c), 2):
            txt += f" ({format_percent(r)})"
        out.append(txt)
    return out


def kolom_sama(df: pd.DataFrame, a: str, b: str) -> bool:
    """Whether columns ``a`` and ``b`` hold the same value on every row (NaN equals NaN;
    numbers compared at the 2 printed decimals), so a report shows only one of them."""
    if a not in df or b not in df or df.empty:
        return False
    x = pd.to_numeric(df[a], errors="coerce").round(2)
    y = pd.to_numeric(df[b], errors="coerce").round(2)
    return bool(((x == y) | (x.isna() & y.isna())).all())


def dengan_arah(indikator, polaritas) -> list[str]:
    """Indicator names with "(↓ makin rendah makin baik)" after each negatif one."""
    return [f"{i} ({kalimat.panah_arah(p)})" if kalimat.negatif(p) else str(i)
            for i, p in zip(indikator, polaritas, strict=True)]


def dasar_efisiensi(ambang: float) -> str:
    """The sentence explaining on what span the efficiency class compares (docs/domain.md)."""
    return ("Pagu hanya ditetapkan untuk setahun, maka serapan dihitung terhadap pagu tahunan "
            "dan capaian kinerja kegiatan (rata-rata indikatornya) juga terhadap target "
            "tahunan: keduanya menunjukkan bagian tahun yang sudah terlaksana. Capaian lebih "
            f"dari {format_number(ambang)} poin di atas serapan: efisien; lebih dari "
            f"{format_number(ambang)} poin di bawahnya: tidak efisien; di antaranya: cukup "
            "efisien.")


def tabel_anggaran(anggaran: pd.DataFrame, total, label_sd: str) -> tuple[pd.DataFrame, list]:
    """The budget table for display, with a *Jumlah* row, and the headers to align right.

    Parameters
    ----------
    anggaran : DataFrame
        Engine ``anggaran`` table.
    total : SerapanOPD
        :func:`kinerja_lib.domain.anggaran.serapan_opd` of it.
    label_sd : str
        ``Periode.label_sd`` ("s.d. Triwulan II 2024") for the spending header.
    """
    cols = {"kode_kegiatan": "Kode", "kegiatan": "Kegiatan", "pagu": "Pagu (Rp)",
            "realisasi_anggaran_sd": f"Realisasi {label_sd} (Rp)", "serapan_sd": "Serapan (%)",
            "capaian_rata": "Capaian thd. target tahunan (%)", "selisih": "Selisih (poin)",
            "efisiensi": "Efisiensi"}
    fmt = {"pagu": "bulat", "realisasi_anggaran_sd": "bulat", "serapan_sd": "persen",
           "capaian_rata": "persen", "selisih": "angka"}
    jumlah = pd.DataFrame([{"kegiatan": "Jumlah", "pagu": total.pagu,
                            "realisasi_anggaran_sd": total.realisasi,
                            "serapan_sd": total.serapan}])
    rows = pd.concat([anggaran, jumlah], ignore_index=True) if len(anggaran) else jumlah
    shown = format_table(rows, cols, fmt)
    shown.iloc[-1, [0, 5, 6, 7]] = ""
    kanan = [cols[c] for c in ("pagu", "realisasi_anggaran_sd", "serapan_sd", "capaian_rata",
                               "selisih")]
    return shown, kanan


def penutup_periode(sasaran: pd.DataFrame, berisiko: pd.DataFrame, periode: Periode,
                    nama_opd: str) -> str:
    """Closing paragraph of a quarterly or semester report (Markdown, names escaped).

    Parameters
    ----------
    sasaran : DataFrame
        Engine ``sasaran`` table (the office row ``kode_sasaran == "OPD"``).
    berisiko : DataFrame
        :func:`indikator_berisiko` of the period.
    periode : Periode
        The report's period.
    nama_opd : str
        The office's name.
    """
    opd = sasaran[sasaran["kode_sasaran"] == "OPD"]
    parts = [f"Demikian laporan kinerja {escape_md(nama_opd)} {periode.label_sd}."]
    if len(opd):
        parts.append(f"Rata-rata capaian {format_percent(opd.iloc[0]['capaian_sd'])} "
                     f"(predikat {escape_md(opd.iloc[0]['predikat'])}).")
    if len(berisiko):
        kodes = ", ".join(escape_md(k) for k in berisiko["kode"])
        parts.append(f"{len(berisiko)} indikator ({kodes}) diproyeksikan belum mencapai target "
                     "akhir tahun; unit penanggung jawabnya diminta menjalankan tindak lanjut "
                     "pada bagian indikator berisiko dan melaporkan hasilnya pada laporan "
                     "bulan berikutnya.")
    else:
        parts.append("Seluruh indikator diproyeksikan mencapai target akhir tahun; capaian ini "
                     "perlu dijaga sampai akhir tahun.")
    parts.append("Laporan ini menjadi bahan evaluasi pimpinan dan perbaikan pelaksanaan "
                 "kegiatan pada periode berikutnya.")
    return " ".join(parts)


def selisih_tampil(risk: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """At-risk rows (:func:`indikator_berisiko`) ready to show, and the gap column's header.

    When every row has the same polaritas the header says the direction (``"Kekurangan"``,
    ``"Kelebihan dari batas"``) and ``selisih_teks`` is the amount alone ("15 perpustakaan",
    rounded up for count satuan); mixed, the header is ``"Selisih dari target"`` and each cell
    says it ("kurang 15 perpustakaan", "melebihi batas 4 berkas"). Negatif indicator names get
    "(↓ makin rendah makin baik)".
    """
    pols = {kalimat.NEGATIF if kalimat.negatif(p) else kalimat.POSITIF for p in risk["polaritas"]}
    one = pols.pop() if len(pols) == 1 else None
    if one is not None:
        risk = risk.assign(selisih_teks=[
            kalimat.format_jumlah(abs(g), sat) if pd.notna(g) else "-"
            for g, sat in zip(risk["selisih_target"], risk["satuan"], strict=True)])
    risk = risk.assign(indikator=dengan_arah(risk["indikator"], risk["polaritas"]))
    return risk, kalimat.label_selisih(one)
