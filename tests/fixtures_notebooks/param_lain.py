# %% [markdown]
# Fixture notebook for tests/test_runner.py: its parameters cell lacks folder_proyek and
# dibuat_pada, so the runner must refuse to pass them.

# %% tags=["parameters"]
tahun: int = 0
periode: str = ""

# %%
print(tahun, periode)
