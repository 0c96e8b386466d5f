"""The regency report: a workspace of synthetic offices validated through the command line,
the consolidated tables checked against each office's own engine tables, and one real
papermill + HTML + PDF run of notebooks/07_laporan_wilayah.py."""

from __future__ import annotations

import math
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import tomli_w

from kinerja_lib.io import store, synthetic
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.workspace import find_offices, load_wilayah, scan_workspace
from kinerja_lib.reports import kalimat, render, wilayah
from kinerja_lib.run import kernels
from kinerja_lib.run.notebooks import check_parameters, read_notebook

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
KINERJA = Path(sys.executable).parent / "kinerja"


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    """3 validated offices, 1 office never validated, 1 broken settings file, 1 other folder."""
    root = tmp_path_factory.mktemp("wilayah")
    folders = synthetic.write_workspace(root, 4, 21, tahun=(2024,), kecil=True)
    for f in folders[:3]:
        res = subprocess.run([str(KINERJA), "--folder", str(f), "validasi", "--tahun", "2024"],
                             capture_output=True, text=True, timeout=600)
        assert res.returncode == 1, res.stdout + res.stderr  # the planted data errors
        k = find_offices(root, [f.name])[0]
        store.compute_and_write_year(Paths(f), 2024, k.settings)
    (root / "RUSAK" / "data").mkdir(parents=True)
    (root / "RUSAK" / "data" / "pengaturan.toml").write_text("kode_opd = [\n", encoding="utf-8")
    (root / "arsip_lama").mkdir()
    conf = tomllib.loads((root / "wilayah.toml").read_text(encoding="utf-8"))
    conf["kantor"] += ["RUSAK", "arsip_lama", "TIDAK-ADA"]
    (root / "wilayah.toml").write_text(tomli_w.dumps(conf), encoding="utf-8")
    return root, folders


def _own(folder: Path, name: str) -> pd.DataFrame:
    return store.load_period_tables(Paths(folder), 2024, "tw1")[name]


def test_scan_lists_offices_and_skips_with_reasons(ws):
    root, folders = ws
    w = scan_workspace(root)
    assert [k.folder.name for k in w.kantor] == [f.name for f in folders] + ["RUSAK"]
    rusak = w.kantor[-1]
    assert "tidak dapat dibaca" in rusak.masalah and "pengaturan.toml" in rusak.masalah
    why = {d.folder.name: d.alasan for d in w.dilewati}
    assert "bukan folder kantor" in why["arsip_lama"] and "tidak ada" in why["TIDAK-ADA"]
    assert [k.folder.name for k in find_offices(root, [folders[1].name])] == [folders[1].name]


def test_incomplete_offices_are_listed_with_the_reason(ws):
    root, folders = ws
    d = load_wilayah(root, 2024, "tw1")
    assert [k.folder for k in d.kantor] == folders[:3]
    why = dict(zip(d.tidak_lengkap["folder"], d.tidak_lengkap["alasan"], strict=True))
    assert set(why) == {folders[3].name, "RUSAK"}
    assert why[folders[3].name] == (
        "Data tahun 2024 belum divalidasi (belum ada data olahan). Jalankan: kinerja --folder "
        f"{folders[3].name} validasi --tahun 2024")
    assert "tidak dapat dibaca" in why["RUSAK"]


def test_capaian_per_office_matches_the_offices_own_tables(ws):
    root, folders = ws
    d = load_wilayah(root, 2024, "tw1")
    t = wilayah.tabel_capaian_opd(d)
    assert len(t) == 3 and list(t["peringkat"]) == [1, 2, 3]
    assert list(t["capaian_sd"]) == sorted(t["capaian_sd"], reverse=True)
    for f, k in zip(folders[:3], d.kantor, strict=True):
        row = t[t["opd"] == k.kode_opd].iloc[0]
        own = _own(f, "sasaran").set_index("kode_sasaran").loc["OPD"]
        cap = _own(f, "capaian")
        assert row["capaian_sd"] == own["capaian_sd"]
        assert math.isclose(row["capaian_sd"], cap.loc[cap["dinilai"], "capaian_sd"].mean())
        assert row["jumlah_berisiko"] == int(_own(f, "proyeksi")["berisiko"].sum())
        assert row["nama_opd"] == k.nama_opd
        s = wilayah.tabel_sasaran_opd(d)
        mine = s[s["opd"] == k.kode_opd].set_index("kode_sasaran")["capaian_sd"]
        own_ss = _own(f, "sasaran")
        theirs = own_ss[own_ss["kode_sasaran"] != "OPD"].set_index("kode_sasaran")["capaian_sd"]
        pd.testing.assert_series_equal(mine, theirs, check_names=False)


def test_budget_and_reporting_totals(ws):
    root, folders = ws
    d = load_wilayah(root, 2024, "tw1")
    a = wilayah.tabel_anggaran_opd(d)
    assert a.iloc[-1]["opd"] == wilayah.TOTAL
    body = a.iloc[:-1]
    for f, k in zip(folders[:3], d.kantor, strict=True):
        own = _own(f, "anggaran")
        row = body[body["opd"] == k.kode_opd].iloc[0]
        assert row["pagu"] == own["pagu"].sum()
        assert math.isclose(row["realisasi"], own["realisasi_anggaran_sd"].sum())
    assert math.isclose(a.iloc[-1]["pagu"], body["pagu"].sum())
    assert math.isclose(a.iloc[-1]["serapan"], body["realisasi"].sum() / body["pagu"].sum()
                        * 100)
    p = wilayah.tabel_pelaporan(d)
    total, rows = p.iloc[-1], p.iloc[:-1]
    assert total["opd"] == wilayah.TOTAL
    for col in ("jumlah_wajib", "tepat_waktu", "terlambat", "belum_ada", "jumlah_unit"):
        assert total[col] == rows[col].sum()
    # every office planted one report sent late in March (inside TW I)
    assert list(rows["terlambat"]) == [1, 1, 1]
    for k in d.kantor:
        r = rows[rows["opd"] == k.kode_opd].iloc[0]
        assert r["jumlah_wajib"] == 3 * len(k.settings.units)


def test_total_rows_bold_and_the_predikat_scale_named_with_its_office(ws):
    root, _folders = ws
    ctx = wilayah.WilayahContext(load_wilayah(root, 2024, "tw1"))
    (tab,) = wilayah.anggaran(ctx)
    assert "wilayah-total" in tab.data and "tr:last-child td { font-weight: bold; }" in tab.data
    _text, _fig, pel = wilayah.pelaporan(ctx)
    assert "wilayah-total" in pel.data
    *_, note = wilayah.capaian_opd(ctx)
    first, text = ctx.data.kantor[0], note.data.replace("\\", "")  # Markdown escapes
    assert f"diambil dari pengaturan {first.nama_opd} (perangkat daerah pertama)" in text
    assert "(≥ 91 Sangat Tinggi; ≥ 76 Tinggi;" in text and "di bawah 51 Sangat Rendah)" in text
    (tab2,) = wilayah.capaian_sasaran(ctx)
    assert "wilayah-total" not in tab2.data  # no total row there


def test_risk_table_is_polarity_aware(ws):
    root, _folders = ws
    d = load_wilayah(root, 2024, "tw1")
    r = wilayah.tabel_indikator_berisiko(d)
    assert len(r) == int(d.proyeksi["berisiko"].sum()) > 0
    for row in r.itertuples():
        assert row.arah == kalimat.arah_baik(row.polaritas)
        words = ("batas" in row.keadaan) if row.polaritas == "negatif" else (
            "target" in row.keadaan)
        assert words, (row.polaritas, row.keadaan)
    o = wilayah.opd_perlu_perhatian(d, 200.0)  # every office is below 200 %
    assert len(o) == 3 and all("di bawah 200%" in x for x in o["alasan"])


@pytest.mark.slow
def test_notebook_renders_html_and_pdf(ws, tmp_path):
    from pypdf import PdfReader

    root, _folders = ws
    nb = read_notebook(NOTEBOOKS / wilayah.NOTEBOOK_NAME)
    params = wilayah.notebook_parameters(root, 2024, "tw1", "2025-04-10T09:00:00")
    assert check_parameters(nb, params, wilayah.NOTEBOOK_NAME) == []
    out = tmp_path / "out"
    out.mkdir()
    with tempfile.TemporaryDirectory() as work:
        kernels.execute_notebook(nb, out / "07.ipynb", params, env=kernels.kernel_env(Paths(root)),
                                 work_dir=Path(work), ipc=kernels.USE_IPC, cwd=NOTEBOOKS,
                                 start_timeout=120, log_path=Path(work) / "kernel.log")
    html = render.notebook_to_html(out / "07.ipynb", out / "07.html",
                                   "Laporan Kinerja Perangkat Daerah").read_text("utf-8")
    d = load_wilayah(root, 2024, "tw1")
    for k in d.kantor:
        assert k.nama_opd in html
    assert "Traceback" not in html
    executed = nbformat.read(out / "07.ipynb", as_version=4)
    kinds = {o["output_type"] for cell in executed.cells for o in cell.get("outputs", [])}
    assert kinds == {"display_data"}  # no error, no stream (warnings) output
    total = wilayah.tabel_anggaran_opd(d).iloc[-1]
    assert f"{round(total['pagu']):,}".replace(",", ".") in html
    assert "Perangkat daerah yang belum dapat disertakan" in html
    pdf = render.html_to_pdf(out / "07.html", out / "07.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Serapan anggaran per perangkat daerah" in text
    assert "KABUPATEN BALANGAN" in text.upper()
