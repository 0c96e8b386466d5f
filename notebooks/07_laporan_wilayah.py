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
folder_wilayah: str = ""  # folder wilayah: berisi folder tiap perangkat daerah
tahun: int = 2024  # tahun anggaran
periode: str = "tw1"  # kode periode: tw1..tw4, s1, s2, tahunan
dibuat_pada: str = ""  # waktu pembuatan (ISO 8601), diisi oleh runner

# %%
from IPython.display import display

from kinerja_lib.reports import wilayah

ctx = wilayah.load_wilayah_context(folder_wilayah, tahun, periode, dibuat_pada)

display(wilayah.judul(ctx))

# %% [markdown]
# ## 1. Ikhtisar
#
# Gambaran kinerja seluruh perangkat daerah untuk Bagian Organisasi dan Inspektorat. Angka
# tiap perangkat daerah diambil dari tabel olahannya sendiri (hasil `kinerja validasi`), jadi
# sama dengan laporan triwulan perangkat daerah tersebut.

# %%
display(*wilayah.ikhtisar(ctx))

# %% [markdown]
# ## 2. Capaian kinerja per perangkat daerah
#
# Capaian perangkat daerah adalah rata-rata capaian s.d. periode indikator-indikatornya yang
# dapat dinilai, dengan predikat menurut skala yang berlaku.

# %%
display(*wilayah.capaian_opd(ctx))

# %% [markdown]
# ## 3. Capaian per sasaran strategis

# %%
display(*wilayah.capaian_sasaran(ctx))

# %% [markdown]
# ## 4. Kelengkapan dan ketepatan waktu pelaporan

# %%
display(*wilayah.pelaporan(ctx))

# %% [markdown]
# ## 5. Perangkat daerah dan indikator berisiko

# %%
display(*wilayah.berisiko(ctx))

# %% [markdown]
# ## 6. Serapan anggaran

# %%
display(*wilayah.anggaran(ctx))

# %% [markdown]
# ## 7. Perangkat daerah tanpa data lengkap

# %%
display(*wilayah.tidak_lengkap(ctx))
