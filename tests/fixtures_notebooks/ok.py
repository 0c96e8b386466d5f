# ruff: noqa: E402
# %% [markdown]
# Fixture notebook for tests/test_runner.py: records what the runner passed in.

# %% tags=["parameters"]
tahun: int = 0
periode: str = ""
folder_proyek: str = ""
dibuat_pada: str = ""

# %%
import json
import os
import sys

print("HASIL=" + json.dumps({
    "tahun": tahun,
    "periode": periode,
    "folder_proyek": folder_proyek,
    "dibuat_pada": dibuat_pada,
    "KINERJA_HOME": os.environ.get("KINERJA_HOME"),
    "PLOTLY_RENDERER": os.environ.get("PLOTLY_RENDERER"),
    "cwd": os.getcwd(),
    "executable": sys.executable,
}))

# %%
import plotly.io as pio

print("RENDERER=" + str(pio.renderers.default))
print("RFC=" + repr(sys.modules.get("rfc3987_syntax", "absent")))
