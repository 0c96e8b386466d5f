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
# hasil olahan tahunan: jalankan dulu `kinerja validasi --tahun <tahun>` untuk setiap tahun
# yang ingin dibandingkan (validasi juga menghitung tabel tahunan yang dibaca di sini).
#
# Buka di JupyterLab (`jupyter lab`), klik kanan berkas ini lalu pilih
# **Open With > Jupytext Notebook**, kemudian **Run > Run All Cells**. Folder proyek diambil
# dari `folder_proyek` di bawah, atau variabel lingkungan `KINERJA_HOME`, atau folder program.

# %% tags=["parameters"]
folder_proyek: str = ""  # folder proyek; kosong berarti bawaan

# %%
from IPython.display import display

from kinerja_lib.io.paths import Paths
from kinerja_lib.reports import explorer as eksplorasi

eksplorasi.setup_display()
paths = Paths.default(folder_proyek or None)
data = eksplorasi.series(paths)
display(eksplorasi.build_explorer(paths, data))

# %% [markdown]
# ## Semua data bulanan
#
# Tabel lengkap untuk dianalisis lebih lanjut (mis. `data.query("kode == 'IK-01'")`).

# %%
data
