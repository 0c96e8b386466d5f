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

display(sections.judul(ctx, "Bahan Sosialisasi Laporan Kinerja Triwulan"))

# %% [markdown]
# Ringkasan singkat untuk pejabat terkait: hasil utama, indikator berisiko, dan hal yang harus
# ditindaklanjuti setiap unit.

# %% [markdown]
# ## Hasil utama

# %%
display(*sections.ikhtisar(ctx, singkat=True))

# %% [markdown]
# ## Capaian per unit

# %%
display(*sections.peta_unit(ctx, tabel=False))

# %% [markdown]
# ## Indikator berisiko

# %%
display(*sections.berisiko(ctx, grafik=False))

# %% [markdown]
# ## Tindak lanjut per unit

# %%
display(*sections.permintaan_unit(ctx, dengan_risiko=True))

# %% [markdown]
# ## Kendala yang dilaporkan unit

# %%
display(*sections.kendala(ctx))
