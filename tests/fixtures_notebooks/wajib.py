# %% [markdown]
# Fixture notebook for tests/test_runner.py: declares a required parameter (bare annotation)
# the runner does not pass.

# %% tags=["parameters"]
tahun: int = 0
periode: str = ""
folder_proyek: str = ""
dibuat_pada: str = ""
unit: str

# %%
print(globals().get("unit"))
