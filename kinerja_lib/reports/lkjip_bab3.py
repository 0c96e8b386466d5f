"""Bab III of the LKjIP: the analyses PermenPANRB 53/2014 lists, for every sasaran strategis.

For each sasaran: (a) target vs realisasi this year, (b) realisasi vs earlier years,
(c) vs the Renstra end target, (d) vs a national standard, (e) causes of success or failure
and the solutions taken, (f) efficiency of the resources used, (g) the programmes and kegiatan
behind the result. Text is built from the engine tables only (deterministic, Bahasa
Indonesia, polarity-aware through :mod:`kalimat`); every figure in a sentence is printed in the
numbered table the sentence cites, with the same formatting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape as _esc

import pandas as pd

from kinerja_lib.domain.formulas import efisiensi, selisih_efisiensi
from kinerja_lib.domain.numbers import format_number, format_percent, format_rupiah
from kinerja_lib.reports import kalimat
from kinerja_lib.reports.daftar_isi import Nomor
from kinerja_lib.reports.summary import batasi_kendala, daftar_terbatas, kendala_lainnya
from kinerja_lib.reports.tables import format_table, to_html


@dataclass
class DataSasaran:
    """The rows of one sasaran the analyses read (all frames already limited to it)."""

    kode: str
    nama: str
    capaian: pd.DataFrame            # engine capaian rows of the sasaran's indicators
    ringkas: pd.Series | None        # engine sasaran row
    perbandingan: pd.DataFrame       # engine perbandingan rows (same indicators)
    anggaran: pd.DataFrame           # engine anggaran rows of the linked kegiatan
    kendala: pd.DataFrame            # realisasi rows with kendala / tindak_lanjut
    standar: dict = field(default_factory=dict)  # kode indikator -> standar nasional
    tahun: int = 0
    ambang_efisiensi: float = 5.0
    batas_kendala: int = 50  # settings.batas_kendala_laporan


def _n(v) -> str:
    return format_number(v, 2)


def _tabel(nomor: Nomor, judul: str, df: pd.DataFrame, cols: dict, fmt: dict) -> tuple[str, str]:
    anchor, label = nomor.table("3", judul)
    body = to_html(format_table(df, cols, fmt), caption=f"{label} {judul}")
    utuh = ' style="break-inside:avoid"' if len(df) <= UTUH_BARIS else ""
    return label, f'<div id="{anchor}"{utuh}>{body}</div>'


#: A table of at most this many rows is never split across pages (its caption stays with it).
UTUH_BARIS = 15

#: Legend printed under a table with an ``Arah`` column.
KET_ARAH = "Arah: ↑ makin tinggi makin baik; ↓ makin rendah makin baik (target = batas atas)."


def _p(text: str) -> str:
    return f"<p>{_esc(text)}</p>"


def _daftar(rows) -> str:
    return "; ".join(rows)


def _arah(r) -> str:
    return "↓" if kalimat.negatif(r.polaritas) else "↑"


def _jumlah(n: int, benda: str = "indikator") -> str:
    """``"3 indikator"``, or ``"tidak ada indikator"`` for 0."""
    return f"{n} {benda}" if n else f"tidak ada {benda}"


def analisis_a(d: DataSasaran, nomor: Nomor) -> list[str]:
    """(a) Target vs realisasi this year, with the sasaran's mean capaian and predikat."""
    cap = d.capaian.assign(arah=[_arah(r) for r in d.capaian.itertuples()])
    label, tab = _tabel(nomor, f"Target dan realisasi indikator {d.kode} tahun {d.tahun}", cap,
                        {"kode": "Kode", "indikator": "Indikator", "satuan": "Satuan",
                         "arah": "Arah", "target_tahunan": "Target", "realisasi_sd": "Realisasi",
                         "capaian_sd": "Capaian (%)", "predikat": "Predikat"},
                        {"capaian_sd": "persen"})
    ok, kurang = [], []
    for r in cap.itertuples():
        uraian = kalimat.uraian_selisih(r.realisasi_sd, r.target_tahunan, r.polaritas, r.satuan)
        item = f"{r.kode} ({uraian})"
        (ok if kalimat.tercapai(r.realisasi_sd, r.target_tahunan, r.polaritas) else kurang
         ).append(item)
    text = f"Sasaran ini diukur dengan {len(cap)} indikator ({label})."
    if d.ringkas is not None and pd.notna(d.ringkas["capaian_sd"]):
        text += (f" Rata-rata capaiannya {format_percent(d.ringkas['capaian_sd'])} dengan "
                 f"predikat {d.ringkas['predikat']}.")
    text += f" {len(ok)} dari {len(cap)} indikator memenuhi target"
    text += f": {_daftar(ok)}." if ok else "."
    if kurang:
        text += f" Belum memenuhi target: {_daftar(kurang)}."
    return [tab, f'<p style="font-size:8pt;margin-top:-8px">{_esc(KET_ARAH)}</p>', _p(text)]


def _tahun_cols(pb: pd.DataFrame) -> list[str]:
    return sorted(c for c in pb.columns if c.startswith("realisasi_") and c[10:].isdigit())


def _membaik(lalu, kini, polaritas) -> str:
    if pd.isna(lalu) or pd.isna(kini):
        return "tidak dapat dibandingkan"
    if abs(kini - lalu) < 1e-9:
        return "tetap"
    naik = kini > lalu
    return "membaik" if naik != (polaritas == "negatif") else "memburuk"


def analisis_b(d: DataSasaran, nomor: Nomor) -> list[str]:
    """(b) Realisasi this year vs last year and every earlier year available."""
    years = _tahun_cols(d.perbandingan)
    pb = d.capaian[["kode", "indikator", "satuan", "polaritas"]].merge(
        d.perbandingan, on="kode", how="left")
    if not years:
        return [_p("Data realisasi tahun-tahun sebelumnya belum tersedia di folder data, "
                   "sehingga perbandingan antartahun belum dapat disajikan.")]
    last = years[-1]
    pb["arah_ubah"] = [_membaik(r[last], r["realisasi_tahun_ini"], r["polaritas"])
                       for _, r in pb.iterrows()]
    cols = {"kode": "Kode", "indikator": "Indikator", "satuan": "Satuan"}
    if not (pb["baseline"].round(2).fillna(-1e18) == pb[last].round(2).fillna(-1e18)).all():
        cols["baseline"] = "Baseline"
    cols.update({y: f"Realisasi {y[10:]}" for y in years})
    cols.update({"realisasi_tahun_ini": f"Realisasi {d.tahun}", "arah_ubah": "Perubahan"})
    label, tab = _tabel(nomor, f"Realisasi indikator {d.kode} {years[0][10:]}–{d.tahun}",
                        pb, cols, {})
    groups = {k: [f"{r.kode} ({_n(r[last])} menjadi {_n(r.realisasi_tahun_ini)})"
                  for _, r in pb[pb["arah_ubah"] == k].iterrows()]
              for k in ("membaik", "memburuk", "tetap")}
    n = {k: len(v) for k, v in groups.items()}
    text = f"Dibandingkan tahun {last[10:]} ({label}), " + ", ".join(
        f"{n[k]} indikator {k}" for k in ("membaik", "memburuk", "tetap") if n[k]) + "."
    if len(pb) - sum(n.values()):
        text += f" {len(pb) - sum(n.values())} indikator tidak dapat dibandingkan."
    for k in ("membaik", "memburuk"):
        if groups[k]:
            text += f" {k.title()}: {_daftar(groups[k])}."
    return [tab, _p(text)]


def analisis_c(d: DataSasaran, nomor: Nomor) -> list[str]:
    """(c) Realisasi this year vs the Renstra end-of-period target."""
    pb = d.capaian[["kode", "indikator", "satuan", "polaritas"]].merge(
        d.perbandingan, on="kode", how="left")
    if pb["target_renstra"].isna().all():
        return [_p("Target akhir Renstra belum diisi pada Perjanjian Kinerja (kolom Target "
                   "Renstra), sehingga kemajuan terhadap Renstra belum dapat diukur.")]
    label, tab = _tabel(nomor, f"Realisasi {d.tahun} terhadap target akhir Renstra ({d.kode})", pb,
                        {"kode": "Kode", "indikator": "Indikator", "satuan": "Satuan",
                         "target_renstra": "Target akhir Renstra",
                         "tahun_renstra": "Tahun akhir", "realisasi_tahun_ini":
                         f"Realisasi {d.tahun}", "capaian_renstra": "Capaian terhadap Renstra (%)"},
                        {"capaian_renstra": "persen", "tahun_renstra": "tahun"})
    valid = pb.dropna(subset=["capaian_renstra"])
    sudah = valid[valid["capaian_renstra"] >= 100]
    text = f"Terhadap target akhir Renstra ({label}), "
    if len(valid):
        low = valid.sort_values(["capaian_renstra", "kode"]).iloc[0]
        text += (f"rata-rata capaian indikator sasaran ini "
                 f"{format_percent(valid['capaian_renstra'].mean())}; "
                 + (f"{len(sudah)} indikator sudah mencapai target akhir Renstra "
                    f"({', '.join(sudah['kode'])})" if len(sudah) else
                    "belum ada indikator yang mencapai target akhir Renstra")
                 + f". Capaian terendah {low['kode']} "
                 f"({format_percent(low['capaian_renstra'])}): realisasi "
                 f"{kalimat.format_jumlah(low['realisasi_tahun_ini'], low['satuan'], False)} "
                 f"terhadap target akhir "
                 f"{kalimat.format_jumlah(low['target_renstra'], low['satuan'], False)}, "
                 + kalimat.uraian_selisih(low["realisasi_tahun_ini"], low["target_renstra"],
                                          low["polaritas"], low["satuan"], "target akhir")
                 + ".")
    else:
        text += "capaian belum dapat dihitung."
    return [tab, _p(text)]


def analisis_d(d: DataSasaran, nomor: Nomor) -> list[str]:
    """(d) Realisasi vs a national standard, where the office's profile gives one."""
    cap = d.capaian[d.capaian["kode"].isin(list(d.standar))].copy()
    if cap.empty:
        return [_p("Belum ada standar nasional yang ditetapkan untuk indikator sasaran ini "
                   "(dapat diisi pada bagian [standar_nasional] berkas data/profil/renstra.toml).")]
    cap["standar"] = [d.standar[k] for k in cap["kode"]]
    cap["banding"] = [kalimat.uraian_selisih(r.realisasi_sd, r.standar, r.polaritas, r.satuan,
                                             "standar") for r in cap.itertuples()]
    label, tab = _tabel(nomor, f"Realisasi {d.tahun} terhadap standar nasional ({d.kode})", cap,
                        {"kode": "Kode", "indikator": "Indikator", "satuan": "Satuan",
                         "standar": "Standar nasional", "realisasi_sd": f"Realisasi {d.tahun}",
                         "banding": "Keterangan"}, {})
    items = [f"{r.kode} {_n(r.realisasi_sd)} terhadap standar {_n(r.standar)}: {r.banding}"
             for r in cap.itertuples()]
    return [tab, _p(f"Indikator yang memiliki standar nasional ({label}): {_daftar(items)}.")]


def _kendala_rows(d: DataSasaran) -> pd.DataFrame:
    k = d.kendala
    if k.empty:
        return pd.DataFrame(columns=["kode", "kendala", "tindak_lanjut", "bulan"])
    k = k.assign(kendala=k["kendala"].fillna("").str.strip(),
                 tindak_lanjut=k["tindak_lanjut"].fillna("").str.strip())
    k = k[k["kendala"] != ""]
    g = (k.groupby(["kode", "kendala", "tindak_lanjut"], sort=True)["bulan"]
         .agg(lambda s: ", ".join(str(int(b)) for b in sorted(set(s)))).reset_index())
    return g


def analisis_e(d: DataSasaran, nomor: Nomor) -> list[str]:
    """(e) Causes of success or failure and the solutions taken (kendala grouped)."""
    g, sisa = batasi_kendala(_kendala_rows(d), d.batas_kendala)
    cap = d.capaian
    met = [r.kode for r in cap.itertuples()
           if kalimat.tercapai(r.realisasi_sd, r.target_tahunan, r.polaritas)]
    out = []
    text = ""
    if met:
        text = (f"Keberhasilan: {', '.join(met)} memenuhi target; capaian ini ditopang oleh "
                "pelaksanaan kegiatan sesuai Rencana Aksi. ")
    if g.empty:
        text += "Unit tidak melaporkan kendala untuk indikator sasaran ini sepanjang tahun."
        return [_p(text)]
    label, tab = _tabel(nomor, f"Kendala dan tindak lanjut indikator {d.kode}", g,
                        {"kode": "Kode", "kendala": "Kendala", "bulan": "Bulan dilaporkan",
                         "tindak_lanjut": "Tindak lanjut"}, {"bulan": "teks"})
    gagal = [r for r in cap.itertuples()
             if kalimat.tercapai(r.realisasi_sd, r.target_tahunan, r.polaritas) is False]
    for r in gagal:
        rows = g[g["kode"] == r.kode]
        if len(rows):
            upaya = daftar_terbatas((t for t in rows["tindak_lanjut"] if t), d.batas_kendala)
            text += (f"{r.kode} belum memenuhi target; penyebab yang dilaporkan: "
                     f"{daftar_terbatas(rows['kendala'], d.batas_kendala)}, dengan upaya: "
                     f"{upaya or 'belum dilaporkan'} ({label}). ")
        else:
            text += f"{r.kode} belum memenuhi target tanpa kendala yang dilaporkan unit. "
    lain = g[g["kode"].isin(met)]
    if len(lain):
        text += (f"Kendala pada {', '.join(sorted(set(lain['kode'])))} dapat diatasi sehingga "
                 f"target tetap terpenuhi ({label}).")
    out += [tab] + ([_p(kendala_lainnya(sisa))] if sisa else []) + [_p(text.strip())]
    return out


def analisis_f(d: DataSasaran, nomor: Nomor) -> list[str]:
    """(f) Efficiency: serapan of the linked kegiatan vs the sasaran's capaian."""
    a = d.anggaran
    if a.empty:
        return [_p("Indikator sasaran ini belum dihubungkan dengan kegiatan anggaran (kolom "
                   "Kode Kegiatan pada Perjanjian Kinerja), sehingga efisiensi belum dapat "
                   "dianalisis.")]
    a = a.assign(nama=[f"{r.kode_kegiatan} {r.kegiatan}" for r in a.itertuples()])
    label, tab = _tabel(nomor, f"Anggaran dan efisiensi kegiatan pendukung {d.kode}", a,
                        {"nama": "Kegiatan", "unit": "Unit", "pagu": "Pagu",
                         "realisasi_anggaran_sd": "Realisasi", "serapan_sd": "Serapan (%)",
                         "capaian_rata": "Capaian indikator (%)", "efisiensi": "Efisiensi"},
                        {"pagu": "rupiah", "realisasi_anggaran_sd": "rupiah",
                         "serapan_sd": "persen", "capaian_rata": "persen"})
    pagu = float(a["pagu"].sum())
    real = float(a["realisasi_anggaran_sd"].sum(min_count=1))
    serapan = real / pagu * 100 if pagu > 0 and pd.notna(real) else float("nan")
    cap = d.ringkas["capaian_sd"] if d.ringkas is not None else float("nan")
    kelas = efisiensi([cap], [serapan], d.ambang_efisiensi).iloc[0]
    selisih = selisih_efisiensi([cap], [serapan]).iloc[0]
    text = (f"Kegiatan pendukung sasaran ini ({label}) memiliki pagu {format_rupiah(pagu)} "
            f"dengan realisasi {format_rupiah(real)}, serapan {format_percent(serapan)}. "
            f"Dengan rata-rata capaian sasaran {format_percent(cap)}, selisih capaian dan "
            f"serapan {_n(selisih)} poin persen, sehingga penggunaan sumber daya tergolong "
            f"{kelas} (ambang {_n(d.ambang_efisiensi)} poin).")
    return [tab, _p(text)]


def analisis_g(d: DataSasaran) -> list[str]:
    """(g) The programmes and kegiatan behind the result (no new figures: names only)."""
    if d.anggaran.empty:
        return [_p("Program dan kegiatan pendukung belum dapat disebutkan karena indikator "
                   "belum dihubungkan dengan kegiatan anggaran.")]
    parts = []
    for program, rows in d.anggaran.groupby("program", sort=True):
        keg = []
        for r in rows.itertuples():
            ind = d.capaian[d.capaian["kode_kegiatan"] == r.kode_kegiatan]
            kurang = [i.kode for i in ind.itertuples()
                      if kalimat.tercapai(i.realisasi_sd, i.target_tahunan, i.polaritas) is False]
            note = f"; belum memenuhi target: {', '.join(kurang)}" if kurang else \
                "; seluruh indikatornya memenuhi target"
            keg.append(f"kegiatan {r.kegiatan} (mendukung {', '.join(ind['kode'])}{note})")
        parts.append(f"{program} melalui {'; '.join(keg)}")
    return [_p("Hasil sasaran ini didukung oleh " + ". ".join(parts) + ".")]


SUB = (
    ("a", "Perbandingan target dan realisasi tahun ini"),
    ("b", "Perbandingan realisasi dengan tahun-tahun sebelumnya"),
    ("c", "Perbandingan realisasi dengan target akhir Renstra"),
    ("d", "Perbandingan dengan standar nasional"),
    ("e", "Analisis penyebab keberhasilan/kegagalan dan solusi yang dilakukan"),
    ("f", "Analisis efisiensi penggunaan sumber daya"),
    ("g", "Program dan kegiatan yang menunjang keberhasilan atau kegagalan"),
)


def analisis_sasaran(d: DataSasaran, nomor: Nomor) -> list[str]:
    """HTML blocks (a)–(g) of one sasaran, each under its own sub-heading."""
    fns = {"a": analisis_a, "b": analisis_b, "c": analisis_c, "d": analisis_d,
           "e": analisis_e, "f": analisis_f, "g": lambda d, _n: analisis_g(d)}
    out = []
    for key, title in SUB:
        out.append(f'<h4 class="lkjip-sub">{key}. {_esc(title)}</h4>')
        out += fns[key](d, nomor)
    return out


def data_sasaran(tables: dict, realisasi: pd.DataFrame, standar: dict, tahun: int,
                 ambang: float, batas_kendala: int = 50) -> list[DataSasaran]:
    """One :class:`DataSasaran` per sasaran of the capaian table, in code order."""
    cap, sas = tables["capaian"], tables["sasaran"]
    out = []
    for kode, rows in cap.groupby("kode_sasaran", sort=True):
        rows = rows.sort_values("kode").reset_index(drop=True)
        ring = sas[sas["kode_sasaran"] == kode]
        keg = set(rows["kode_kegiatan"].dropna())
        ang = tables["anggaran"]
        out.append(DataSasaran(
            kode=str(kode), nama=str(rows["sasaran"].iloc[0]), capaian=rows,
            ringkas=ring.iloc[0] if len(ring) else None,
            perbandingan=tables["perbandingan"][tables["perbandingan"]["kode"].isin(rows["kode"])],
            anggaran=ang[ang["kode_kegiatan"].isin(keg)].sort_values("kode_kegiatan"),
            kendala=realisasi[realisasi["kode"].isin(rows["kode"])],
            standar={k: v for k, v in standar.items() if k in set(rows["kode"])},
            tahun=int(tahun), ambang_efisiensi=float(ambang),
            batas_kendala=int(batas_kendala)))
    return out


__all__ = ["DataSasaran", "data_sasaran", "analisis_sasaran", "SUB"]
