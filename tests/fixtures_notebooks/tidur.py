# ruff: noqa: E402
# %% [markdown]
# Fixture notebook for tests/test_runner.py: writes its pid to <KINERJA_HOME>/tidur.pid, then
# waits while <KINERJA_HOME>/tidur.flag exists (at most 60 s), so a test can kill the run midway.

# %% tags=["parameters"]
tahun: int = 0
periode: str = ""
folder_proyek: str = ""
dibuat_pada: str = ""

# %%
import os
import time
from pathlib import Path

root = Path(os.environ["KINERJA_HOME"])
(root / "tidur.pid").write_text(str(os.getpid()))
for _ in range(600):
    if not (root / "tidur.flag").exists():
        break
    time.sleep(0.1)
print("bangun")
