# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
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

from kinerja_lib.reports import sections
from kinerja_lib.reports.context import load_context

ctx = load_context(folder_proyek, tahun, periode, dibuat_pada)

display(sections.judul(ctx, "Laporan Kinerja Instansi Pemerintah (LKjIP)"))

# %% [markdown]
# ## Kata Pengantar

# %%
display(*sections.kata_pengantar(ctx))

# %% [markdown]
# ## Ikhtisar Eksekutif

# %%
display(*sections.ikhtisar(ctx))

# %% [markdown]
# ## Bab I Pendahuluan
#
# **Latar belakang.** Laporan Kinerja Instansi Pemerintah disusun sebagai bentuk
# pertanggungjawaban kinerja sesuai Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem
# Akuntabilitas Kinerja Instansi Pemerintah (SAKIP) dan Peraturan Menteri Dalam Negeri Nomor 86
# Tahun 2017. Laporan ini menyajikan capaian kinerja selama satu tahun anggaran terhadap
# Perjanjian Kinerja, berdasarkan laporan progres bulanan dari setiap unit yang dikumpulkan
# menurut SOP Pengumpulan Data Kinerja.
#
# **Kedudukan, tugas dan fungsi.** Perangkat daerah melaksanakan urusan pemerintahan sesuai
# tugas dan fungsinya melalui unit kerja dalam susunan organisasinya, sebagai berikut.

# %%
display(*sections.daftar_unit(ctx))

# %% [markdown]
# ## Bab II Perencanaan Kinerja
#
# Rencana Strategis (Renstra) menetapkan sasaran dan target akhir periode; Perjanjian Kinerja
# tahun ini menetapkan indikator dan target tahunannya, yang dijabarkan per triwulan dalam
# Rencana Aksi.

# %%
display(*sections.tabel_perjanjian_kinerja(ctx))

# %% [markdown]
# ## Bab III Akuntabilitas Kinerja
#
# ### A. Capaian kinerja organisasi

# %%
display(*sections.tabel_sasaran(ctx))

# %%
display(*sections.grafik_capaian(ctx))

# %%
display(*sections.tabel_capaian(ctx))

# %% [markdown]
# #### Perbandingan dengan tahun sebelumnya dan dengan target akhir Renstra

# %%
display(*sections.perbandingan(ctx))

# %% [markdown]
# #### Analisis penyebab keberhasilan atau kegagalan dan upaya yang dilakukan
#
# Disusun dari kendala dan tindak lanjut yang dilaporkan unit sepanjang tahun.

# %%
display(*sections.analisis(ctx))

# %% [markdown]
# ### B. Realisasi anggaran dan efisiensi penggunaan sumber daya

# %%
display(*sections.anggaran(ctx))

# %% [markdown]
# ## Bab IV Penutup

# %%
display(*sections.penutup(ctx))

# %% [markdown]
# ## Lampiran
#
# ### Lampiran 1. Pengukuran kinerja
#
# Rincian pengukuran setiap indikator: target dan realisasi setahun, capaian sebelum dan
# sesudah pembatasan, serta kelengkapan data bulanan.

# %%
display(*sections.tabel_capaian(ctx, rinci=True))

# %% [markdown]
# ### Lampiran 2. Catatan tinjauan dan koreksi

# %%
display(*sections.log_koreksi(ctx))

# %%
display(*sections.tanda_tangan(ctx, "kepala_dinas"))
