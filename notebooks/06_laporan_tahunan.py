# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
tahun: int = 2024  # tahun anggaran
periode: str = "tahunan"  # kode periode: tahunan
folder_proyek: str = ""  # folder proyek; kosong berarti bawaan
dibuat_pada: str = ""  # waktu pembuatan (ISO 8601), diisi oleh runner

# %%
from IPython.display import display

from kinerja_lib.io.profil import load_profil
from kinerja_lib.reports import lkjip
from kinerja_lib.reports.context import load_context

ctx = load_context(folder_proyek, tahun, periode, dibuat_pada)
doc = lkjip.susun(ctx, load_profil(ctx.paths))

# %%
# Sampul, Kata Pengantar (ditandatangani Kepala Dinas), Ikhtisar Eksekutif, lalu Daftar Isi,
# Daftar Tabel dan Daftar Gambar; nomor halamannya diisi saat PDF dicetak.
display(*doc.tampil("sampul"))
display(*doc.tampil("pengantar"))
display(*doc.tampil("ikhtisar"))
display(*doc.tampil("daftar"))

# %%
display(*doc.tampil("bab1"))
display(*doc.tampil("bab2"))

# %%
display(*doc.tampil("bab3"))

# %%
display(*doc.tampil("bab4"))
display(*doc.tampil("lampiran"))
