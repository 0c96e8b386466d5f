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
periode: str = "s1"  # kode periode: s1, s2
folder_proyek: str = ""  # folder proyek; kosong berarti bawaan
dibuat_pada: str = ""  # waktu pembuatan (ISO 8601), diisi oleh runner

# %%
from IPython.display import display

from kinerja_lib.reports import sections
from kinerja_lib.reports.context import load_context

ctx = load_context(folder_proyek, tahun, periode, dibuat_pada)

display(sections.judul(ctx, "Laporan Kinerja Semester"))

# %% [markdown]
# Dua laporan triwulan direkap menjadi laporan semester, lengkap dengan status tinjauan
# (Kepala Bidang) dan catatan koreksinya.

# %% [markdown]
# ## 1. Status tinjauan dan catatan koreksi

# %%
display(*sections.log_koreksi(ctx))

# %% [markdown]
# ## 2. Ikhtisar

# %%
display(*sections.ikhtisar(ctx, singkat=True))

# %% [markdown]
# ## 3. Capaian per triwulan dalam semester
#
# Capaian triwulan masing-masing dan capaian kumulatif s.d. akhir semester.

# %%
display(*sections.capaian_per_triwulan(ctx))

# %%
display(*sections.grafik_capaian(ctx))

# %% [markdown]
# ## 4. Capaian per sasaran strategis

# %%
display(*sections.tabel_sasaran(ctx))

# %% [markdown]
# ## 5. Realisasi anggaran dan efisiensi

# %%
display(*sections.anggaran(ctx))

# %% [markdown]
# ## 6. Indikator berisiko dan tindak lanjut

# %%
display(*sections.berisiko(ctx))

# %%
display(*sections.kendala(ctx))

# %% [markdown]
# ## 7. Penutup

# %%
display(*sections.penutup_laporan(ctx))

# %%
display(*sections.tanda_tangan(ctx, "kepala_dinas"))
