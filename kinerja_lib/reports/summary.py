"""Report narrative: headline figures, at-risk lists and per-unit actions, in Indonesian.

Pure functions over the engine tables (schema in ``docs/dev/arsitektur.md``); the notebooks
display what these return. Text that came from units' workbooks is returned as plain text;
escaping is the job of ``tables.to_html`` at display time, except in :func:`headline`, which
returns Markdown and escapes the labels it quotes (``tables.escape_md``).
"""

from __future__ import annotations

import pandas as pd

from kinerja_lib.domain.numbers import format_number, format_percent
from kinerja_lib.domain.organisasi import Organisasi
from kinerja_lib.domain.periods import Periode, nama_bulan
from kinerja_lib.reports.tables import escape_md


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
    (from ``org``, the office's units; the code without it) and the gap to the annual target.
    """
    cols = ["kode", "indikator", "satuan"] + ([] if "unit" in proyeksi else ["unit"])
    merged = proyeksi.merge(capaian[cols].drop_duplicates("kode"), on="kode", how="left")
    risk = merged[merged["berisiko"].astype(bool)].copy()
    risk["nama_unit"] = risk["unit"].map((org or Organisasi()).nama_unit)
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
        gap = r.get("selisih_target")
        gap_txt = f" (kurang {format_number(abs(gap))} {r['satuan']})" if pd.notna(gap) else ""
        rows.append(
            (r["unit"], f"Percepat {r['kode']} {r['indikator']}: proyeksi capaian akhir tahun "
             f"{format_percent(r['capaian_proyeksi'])}{gap_txt}.")
        )
    if status_pengiriman is not None and len(status_pengiriman):
        owed = status_pengiriman[status_pengiriman["status"] == "belum ada"]
        for unit, grp in owed.groupby("unit", sort=True):
            months = ", ".join(nama_bulan(m) for m in sorted(grp["bulan"]))
            rows.append((unit, f"Kirim laporan bulan {months}."))
    if kualitas is not None and pengiriman is not None and len(kualitas):
        errors = kualitas[kualitas["tingkat"] == "error"]
        file_unit = dict(zip(pengiriman["sumber_file"], pengiriman["unit"], strict=False))
        for _, q in errors.iterrows():
            unit = file_unit.get(q["file"])
            if unit:
                rows.append((unit, f"Perbaiki {q['file']} lembar {q['sheet']} sel {q['sel']}: "
                             f"{q['pesan']}"))
    out = pd.DataFrame(rows, columns=["unit", "tindakan"])
    out.insert(1, "nama_unit", out["unit"].map((org or Organisasi()).nama_unit))
    return out.sort_values("unit", kind="stable").reset_index(drop=True)


def kendala_periode(realisasi: pd.DataFrame, pk: pd.DataFrame, periode: Periode,
                    org: Organisasi | None = None) -> pd.DataFrame:
    """Obstacles and follow-ups reported by units in the period's months (non-empty only);
    unit names from ``org`` (the office's units)."""
    r = realisasi[realisasi["bulan"].isin(periode.months)]
    has_text = r["kendala"].fillna("").astype(str).str.strip().ne("") | r[
        "tindak_lanjut"
    ].fillna("").astype(str).str.strip().ne("")
    r = r[has_text].merge(pk[["kode", "indikator"]], on="kode", how="left")
    r = r.assign(nama_bulan=r["bulan"].map(nama_bulan), nama_unit=r["unit"].map((org or Organisasi()).nama_unit))
    cols = ["kode", "indikator", "nama_unit", "nama_bulan", "kendala", "tindak_lanjut"]
    return r.sort_values(["kode", "bulan"])[cols].reset_index(drop=True)
