"""Compare two project folders' outputs after `make demo`: data/processed and reports.

Usage: python scripts/compare_outputs.py OLD_ROOT NEW_ROOT

Parquet, xlsx and other data files must be byte-identical. HTML and executed notebooks are
compared after normalising what legitimately differs between two runs: the generation time
("Dibuat ... pukul HH.MM", ISO timestamps), papermill/nbclient timing metadata, cell ids,
plotly div ids (UUIDs), the project folder's own path, and import lines in the notebooks'
code (they name the modules). PDFs are compared by their text (pdftotext) and page count (pdftoppm), since Chromium
stamps creation dates into the file and the printed time changes pixels.
Exit 0 when everything matches; prints each difference otherwise.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

CELL_ID = re.compile(r"cell-id=[0-9a-f]+")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")
DIBUAT = re.compile(r"Dibuat \d{1,2} \w+ \d{4} pukul \d{2}\.\d{2}")
WAKTU = re.compile(r"\d{1,2} \w+ \d{4} pukul \d{2}\.\d{2}")


def _html(text: str) -> str:
    text = UUID.sub("UUID", text)
    text = CELL_ID.sub("cell-id=ID", text)
    text = DIBUAT.sub("Dibuat WAKTU", text)
    text = WAKTU.sub("WAKTU", text)
    return ISO.sub("ISO", text)


def _notebook(raw: bytes) -> str:
    nb = json.loads(raw)
    nb["metadata"].pop("papermill", None)
    for cell in nb["cells"]:
        cell.pop("id", None)
        cell["metadata"].pop("execution", None)
        cell["metadata"].pop("papermill", None)
        cell.pop("execution_count", None)
        if cell["cell_type"] == "code":
            # imports name the modules, which the layering moved; the rest of the code stays
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            src = re.sub(r"^(from|import) kinerja_lib\S*.*$", "", src, flags=re.M)
            cell["source"] = re.sub(r"\bbagian\.", "sections.", src)
            for out in cell.get("outputs", []):
                out.pop("execution_count", None)
    return _html(json.dumps(nb, sort_keys=True, ensure_ascii=False))


def _pdf(path: Path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), f"{tmp}/p"], check=True)
        pages = len(list(Path(tmp).glob("p*.png")))
    # pixels would differ by the printed generation time: compare text and page count
    return WAKTU.sub("WAKTU", text) + f"\npages={pages}"


def normalised(path: Path, root: Path) -> bytes | str:
    if path.suffix == ".html":
        return _html(path.read_text(encoding="utf-8")).replace(str(root), "ROOT")
    if path.suffix == ".ipynb":
        return _notebook(path.read_bytes()).replace(str(root), "ROOT")
    if path.suffix == ".pdf":
        return _pdf(path)
    return path.read_bytes()


def main(old: Path, new: Path) -> int:
    problems, n = [], 0
    for sub in ("data/processed", "reports"):
        a_files = {p.relative_to(old / sub) for p in (old / sub).rglob("*") if p.is_file()}
        b_files = {p.relative_to(new / sub) for p in (new / sub).rglob("*") if p.is_file()}
        for rel in sorted(a_files ^ b_files):
            problems.append(f"only in {'old' if rel in a_files else 'new'}: {sub}/{rel}")
        for rel in sorted(a_files & b_files):
            n += 1
            if normalised(old / sub / rel, old) != normalised(new / sub / rel, new):
                problems.append(f"differs: {sub}/{rel}")
    for p in problems:
        print(p)
    print(f"{n} files compared, {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
