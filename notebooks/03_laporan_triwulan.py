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

display(sections.judul(ctx, "Laporan Kinerja Triwulan"))

# %% [markdown]
# ## 1. Ikhtisar

# %%
display(*sections.ikhtisar(ctx, singkat=True))

# %% [markdown]
# ## 2. Capaian indikator kinerja
#
# Capaian s.d. triwulan ini terhadap target Rencana Aksi s.d. triwulan ini, dengan predikat
# menurut skala yang berlaku.

# %%
display(*sections.grafik_capaian(ctx))

# %%
display(*sections.tabel_capaian(ctx))

# %% [markdown]
# ### Angka yang direvisi unit
#
# Nilai bulan Januari s.d. akhir triwulan yang diubah unit dengan mengirim ulang laporannya
# (revisi). Angka capaian di atas memakai nilai baru.

# %%
display(*sections.revisi(ctx, sampai_periode=True))

# %% [markdown]
# ## 3. Capaian per sasaran strategis

# %%
display(*sections.tabel_sasaran(ctx))

# %% [markdown]
# ## 4. Capaian per unit
#
# Rata-rata capaian indikator setiap unit dan jumlah indikatornya yang diproyeksikan belum
# mencapai target akhir tahun.

# %%
display(*sections.peta_unit(ctx))

# %% [markdown]
# ## 5. Tren bulanan indikator kinerja utama
#
# Realisasi s.d. bulan berjalan dibandingkan dengan target Rencana Aksi, dengan proyeksi akhir
# tahun.

# %%
display(*sections.tren_iku(ctx))

# %% [markdown]
# ## 6. Realisasi anggaran dan efisiensi

# %%
display(*sections.anggaran(ctx))

# %% [markdown]
# ## 7. Indikator berisiko tidak mencapai target

# %%
display(*sections.berisiko(ctx))

# %% [markdown]
# ## 8. Kendala dan tindak lanjut dari unit

# %%
display(*sections.kendala(ctx))

# %% [markdown]
# ## 9. Penutup

# %%
display(*sections.penutup_laporan(ctx))

# %%
display(*sections.tanda_tangan(ctx, "kepala_dinas"))
