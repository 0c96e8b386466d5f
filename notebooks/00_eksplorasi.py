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

# %% [markdown]
# # Eksplorasi Indikator Kinerja
#
# Pilih unit, indikator dan periode untuk melihat tren bulanan lintas tahun. Data diambil dari
# hasil olahan (`kinerja validasi` lalu `kinerja jalankan`). Buka di JupyterLab:
# `jupyter lab notebooks/00_eksplorasi.py`.

# %% tags=["parameters"]
folder_proyek: str = ""  # folder proyek; kosong berarti bawaan

# %%
from IPython.display import display

from kinerja_lib import eksplorasi
from kinerja_lib.paths import Paths

paths = Paths.default(folder_proyek or None)
data = eksplorasi.series(paths)
display(eksplorasi.build_explorer(paths))

# %% [markdown]
# ## Semua data bulanan
#
# Tabel lengkap untuk dianalisis lebih lanjut (mis. `data.query("kode == 'IK-01'")`).

# %%
data
