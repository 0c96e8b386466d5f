# %% [markdown]
# Fixture notebook for tests/test_runner.py: fails in its second code cell.

# %% tags=["parameters"]
tahun: int = 0
periode: str = ""
folder_proyek: str = ""
dibuat_pada: str = ""

# %%
x = 1

# %%
raise ValueError(f"Data {periode} kosong untuk diuji")
