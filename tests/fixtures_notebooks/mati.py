# ruff: noqa: E402
# %% [markdown]
# Fixture notebook for tests/test_runner.py: its kernel process dies (not a cell error).

# %% tags=["parameters"]
tahun: int = 0
periode: str = ""
folder_proyek: str = ""
dibuat_pada: str = ""

# %%
import os
import sys

sys.__stderr__.write("kernel sengaja dimatikan\n")
sys.__stderr__.flush()
os._exit(3)
