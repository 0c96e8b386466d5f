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
periode: str = "tw2"  # kode periode: tw1, tw2, tw3, tw4
folder_proyek: str = ""  # folder proyek; kosong berarti bawaan
dibuat_pada: str = ""  # waktu pembuatan (ISO 8601), diisi oleh runner

# %%
from IPython.display import display

from kinerja_lib.reports import sections
from kinerja_lib.reports.context import load_context

ctx = load_context(folder_proyek, tahun, periode, dibuat_pada)

display(sections.judul(ctx, "Pengumpulan dan Rekap Data Kinerja"))

# %% [markdown]
# Status pengiriman laporan progres bulanan setiap unit, masalah mutu data yang ditemukan saat
# validasi, permintaan kepada setiap unit, dan rekap realisasi yang sudah diterima.

# %% [markdown]
# ## 1. Status pengiriman laporan bulanan
#
# *Tepat waktu*: diterima paling lambat tanggal batas pada bulan berikutnya; *terlambat*:
# diterima sesudahnya; *belum ada*: belum diterima sampai tanggal acuan.

# %%
display(*sections.status_pengiriman(ctx))

# %% [markdown]
# ## 2. Mutu data
#
# Setiap masalah menyebut berkas, lembar dan sel. Tingkat *error* berarti baris dikarantina
# (tidak ikut dihitung sampai diperbaiki); *peringatan* berarti baris tetap dipakai.

# %%
display(*sections.mutu_data(ctx))

# %% [markdown]
# ### Angka yang direvisi
#
# Laporan yang dikirim ulang (revisi) menggantikan kiriman sebelumnya; nilai lama tidak
# dihapus dan tercatat di sini.

# %%
display(*sections.revisi(ctx))

# %% [markdown]
# ## 3. Permintaan kepada unit
#
# Yang masih harus dikirim atau diperbaiki oleh setiap unit. Lembar permintaan siap cetak per
# unit ada di `data/processed/<tahun>/permintaan/`.

# %%
display(*sections.permintaan_unit(ctx))

# %% [markdown]
# ## 4. Rekap realisasi yang diterima
#
# Realisasi bulanan semua unit dan indikator sampai akhir periode (rekap lengkap dalam Excel:
# `data/processed/<tahun>/rekap_<tahun>.xlsx`).

# %%
display(*sections.rekap_realisasi(ctx))
