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
periode: str = "tw2"  # kode periode: tw1-tw4, s1, s2, tahunan
folder_proyek: str = ""  # folder proyek; kosong berarti bawaan
dibuat_pada: str = ""  # waktu pembuatan (ISO 8601), diisi oleh runner

# %%
from IPython.display import display

from kinerja_lib.reports import sections
from kinerja_lib.reports.context import load_context

ctx = load_context(folder_proyek, tahun, periode, dibuat_pada)

display(sections.judul(ctx, "Pengolahan Data Kinerja"))

# %% [markdown]
# Realisasi bulanan diagregasi ke periode menurut jenis agregasi tiap indikator, dibandingkan
# dengan target Rencana Aksi dan target tahunan Perjanjian Kinerja, lalu diberi predikat.

# %% [markdown]
# ## 1. Ringkasan
#
# Capaian dihitung s.d. akhir periode: positif = R/T × 100; negatif metode A = (2T − R)/T × 100
# atau metode B = T/R × 100; dibatasi pada batas capaian dan tidak kurang dari 0. Bulan yang
# belum dilaporkan tidak dianggap nol: indikatornya ditandai belum lengkap.

# %%
display(*sections.ikhtisar(ctx))

# %% [markdown]
# ## 2. Capaian per indikator

# %%
display(*sections.tabel_capaian(ctx, rinci=True))

# %% [markdown]
# ## 3. Capaian per sasaran strategis

# %%
display(*sections.tabel_sasaran(ctx))

# %% [markdown]
# ## 4. Anggaran dan efisiensi

# %%
display(*sections.anggaran(ctx))

# %% [markdown]
# ## 5. Proyeksi akhir tahun

# %%
display(*sections.proyeksi(ctx))
