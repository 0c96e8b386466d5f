"""The user documentation of the data contract, ``docs/kontrak-data.md``, rendered from
:mod:`kinerja_lib.domain.contract` (Bahasa Indonesia, Markdown).

:func:`contract_markdown` gives the text; :func:`write_contract_doc` writes the file. A test
checks the committed file is in sync: regenerate it after changing ``contract.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kinerja_lib.domain import contract as c
from kinerja_lib.domain.periods import NAMA_BULAN
from kinerja_lib.domain.settings import Settings
from kinerja_lib.io.excel import formula_number as _num
from kinerja_lib.io.paths import default_root
from kinerja_lib.io.petunjuk import TIPE_LABEL
from kinerja_lib.io.sample_catalogue import sample_settings


def _md(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _allowed(col: c.Column) -> str:
    if col.choices:
        return ", ".join(f"`{v}`" for v in col.choices.values())
    if col.dtype == "unit":
        return "lihat Daftar unit"
    if col.min is not None and col.max is not None:
        return f"{_num(col.min)}-{_num(col.max)}"
    if col.min is not None:
        return f">= {_num(col.min)}"
    return ""


def _md_table(spec_name: str, columns: Iterable[c.Column], first: str) -> list[str]:
    lines = [f"| {first} | Nama kolom (kode) | Tipe | Wajib | Diisi | Satuan | "
             "Keterangan | Nilai yang diizinkan |",
             "|---|---|---|---|---|---|---|---|"]
    for col in columns:
        lines.append(
            f"| {_md(col.header)} | `{col.name}` | {TIPE_LABEL.get(col.dtype, col.dtype)} | "
            f"{'ya' if col.required else 'tidak'} | {'ya' if col.input else 'terisi di templat'} | "
            f"{_md(col.satuan)} | {_md(col.meaning)} | {_allowed(col)} |"
        )
    return lines


def _md_intro() -> list[str]:
    return [
        "# Kontrak data",
        "",
        "<!-- Dibuat otomatis dari kinerja_lib/domain/contract.py oleh "
        "kinerja_lib.io.contract_doc.contract_markdown(); jangan disunting langsung. -->",
        "",
        "Dokumen ini menjelaskan berkas Excel yang dibaca `kinerja`: workbook, lembar (sheet), "
        "kolom, pilihan isian, daftar unit, kalender pengiriman dan aturan pemeriksaan. "
        "Templat isian dibuat dengan `kinerja templat --tahun <tahun>`.",
        "",
        "## Letak berkas",
        "",
        "```",
        f"{'data/pengaturan.toml':<52}pengaturan (boleh tidak ada)",
        f"{'data/raw/<tahun>/' + c.pk_filename(0).replace('0.xlsx', '<tahun>.xlsx'):<52}"
        "Perjanjian Kinerja, Rencana Aksi, Anggaran",
        f"{'data/raw/<tahun>/bulanan/<UNIT>_<tahun>-<MM>.xlsx':<52}laporan progres bulanan "
        "satu unit",
        "```",
        "",
        "## Aturan umum",
        "",
        "- Judul kolom ada di baris 1 dan data mulai baris 2. Kolom dikenali dari judulnya "
        "(huruf besar/kecil, spasi dan tanda baca diabaikan), bukan dari urutannya.",
        f"- Lembar `{c.IDENTITAS_SHEET.name}` berbentuk label-isian: label di kolom A, isian di "
        "kolom B, mulai baris 1.",
        "- Nama berkas laporan bulanan hanya keterangan: unit, tahun dan bulan dibaca dari "
        f"lembar `{c.IDENTITAS_SHEET.name}` (nama berkas yang tidak sesuai menjadi peringatan).",
        f"- Lembar `{c.PETUNJUK_SHEET_NAME}` diabaikan. Lembar lain di luar templat dan kolom "
        "tambahan diabaikan dengan peringatan.",
        "- Angka diketik sebagai angka. Angka yang terketik sebagai teks dibaca dengan format "
        "Indonesia (`1.234` = seribu dua ratus tiga puluh empat, `85,5%` = 85,5) dengan "
        "peringatan. Sel kosong atau `-` berarti tidak ada nilai.",
        "- Tanggal ditulis dd/mm/yyyy (mis. `05/02/2024`).",
        "- Berkas harus .xlsx; .xls lama ditolak, .xlsm dibaca tanpa makro.",
        "",
    ]


def _md_workbooks() -> list[str]:
    L: list[str] = []
    for wbspec in c.WORKBOOKS:
        L += [f"## Workbook {wbspec.name}", "",
              f"Nama berkas: `{wbspec.filename_pattern}`. {wbspec.meaning}", ""]
        for sh in wbspec.sheets:
            if isinstance(sh, c.KeyValueSheetSpec):
                L += [f"### Lembar `{sh.name}` (label di kolom A, isian di kolom B)", "",
                      sh.meaning, ""]
                L += _md_table(sh.name, sh.fields, "Label (kolom A)")
            else:
                key = ", ".join(sh.column(k).header for k in sh.key)
                L += [f"### Lembar `{sh.name}`", "",
                      f"{sh.meaning} Kunci unik: {key}." if key else sh.meaning, ""]
                L += _md_table(sh.name, sh.columns, "Judul kolom")
            L.append("")
        L += [f"Lembar `{c.PETUNJUK_SHEET_NAME}` berisi petunjuk pengisian dan tidak dibaca.", ""]
    return L


def _md_enums(s: Settings) -> list[str]:
    L = ["## Pilihan isian", ""]
    enums = (
        ("Polaritas", c.PK_SHEET.column("polaritas")),
        ("Metode capaian negatif", c.PK_SHEET.column("metode_negatif")),
        ("Jenis agregasi", c.PK_SHEET.column("agregasi")),
        ("Jenis target Rencana Aksi", c.RA_SHEET.column("jenis_target")),
        ("IKU", c.PK_SHEET.column("iku")),
    )
    for title, col in enums:
        L += [f"### {title}", "", f"Kolom `{col.header}`: {col.meaning}.", "",
              "| Isian | Kode |", "|---|---|"]
        L += [f"| `{label}` | `{code}` |" for code, label in col.choices.items()]
        L.append("")
    L += [f"Bila metode capaian negatif kosong dipakai metode `{s.metode_negatif_default}` "
          "(pengaturan `metode_negatif_default`).", ""]
    return L


def _md_units(s: Settings) -> list[str]:
    L = ["## Daftar unit", "",
         "Unit kerja setiap kantor didefinisikan di `data/pengaturan.toml` (tabel `[[unit]]`: "
         "`kode`, `nama`, `induk`, `alias`, `jabatan_kepala`); daftar di bawah adalah unit "
         f"{_md(s.nama_opd)} {_md(s.nama_pemda)}. Kolom unit boleh diisi kode, nama resmi atau "
         "salah satu ejaan lain (alias); alias diterima dengan peringatan `unit_alias`. Alias "
         "yang tercantum pada lebih dari satu unit tidak dipakai (galat `unit_ambigu`).", "",
         "| Kode | Nama resmi | Induk | Alias yang dikenali |", "|---|---|---|---|"]
    for u in s.units:
        L.append(f"| `{u.kode}` | {u.nama} | {u.induk or '-'} | "
                 f"{', '.join(u.alias) if u.alias else '-'} |")
    return L


def _md_calendar(s: Settings) -> list[str]:
    L = ["", "## Kalender pengiriman", "",
         f"Laporan progres bulanan dikirim paling lambat tanggal {s.hari_batas_laporan} bulan "
         "berikutnya (pengaturan `hari_batas_laporan`). Tanggal kirim diambil dari lembar "
         f"`{c.IDENTITAS_SHEET.name}`; kiriman sesudah batas tercatat *terlambat*, unit-bulan "
         "tanpa berkas tercatat *belum ada*.", "",
         "| Bulan laporan | Batas pengiriman |", "|---|---|"]
    for i, nama in enumerate(NAMA_BULAN, start=1):
        nxt = NAMA_BULAN[i % 12]
        tail = " tahun berikutnya" if i == 12 else ""
        L.append(f"| {nama} | {s.hari_batas_laporan} {nxt}{tail} |")
    return L


def _md_rules() -> list[str]:
    L = ["", "## Aturan pemeriksaan", "",
         "Setiap masalah dicatat pada tabel kualitas data dengan berkas, lembar dan sel. "
         "Tingkat `error` mengarantina baris (tidak dihitung); `peringatan` tetap dihitung.", "",
         "| Kode aturan | Tingkat | Keterangan |", "|---|---|---|"]
    for kode, (tingkat, ket) in c.ATURAN.items():
        L.append(f"| `{kode}` | {tingkat} | {_md(ket)} |")
    L.append("")
    return L


def contract_markdown(settings: Settings | None = None) -> str:
    """Render the user documentation of the data contract (Bahasa Indonesia, Markdown).

    The committed ``docs/kontrak-data.md`` equals this text for the sample office's settings
    (the default); update it with :func:`write_contract_doc` after changing ``contract.py``.
    """
    s = settings or sample_settings()
    return "\n".join(_md_intro() + _md_workbooks() + _md_enums(s) + _md_units(s)
                     + _md_calendar(s) + _md_rules())


def write_contract_doc(root: Path | None = None) -> Path:
    """Write ``docs/kontrak-data.md`` under ``root`` (default: the repository checkout)."""
    target = Path(root or default_root()) / "docs" / "kontrak-data.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(contract_markdown(), encoding="utf-8")
    return target


__all__ = ["contract_markdown", "write_contract_doc"]
