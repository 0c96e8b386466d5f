# %% [markdown]
# Fixture notebook for tests/test_runner.py: no cell tagged "parameters".

# %%
tahun = 0
print(tahun)
