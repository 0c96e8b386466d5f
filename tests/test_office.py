"""The office as data: a second office with its own units, officials and logo.

Everything that differs between offices lives in the project's ``data/pengaturan.toml``:
``kinerja kantor baru`` writes it, every layer reads units from it, and nothing the second
office produces mentions the sample office (Balangan) or its units.
"""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pandas as pd
import pytest

from kinerja_lib.domain.errors import SettingsError
from kinerja_lib.domain.organisasi import Organisasi, Unit
from kinerja_lib.io.paths import Paths
from kinerja_lib.io.sample_catalogue import SAMPLE_UNITS, sample_settings
from kinerja_lib.io.settings_file import load_settings, settings_toml
from kinerja_lib.io.templates import write_pk_workbook
from kinerja_lib.ui.cli import main

TAHUN = 2024
BULAN = (1, 2, 3)
LOGO = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32  # stands in for the office's logo image

UNITS = (  # a different unit tree: other codes, other names, one nested unit
    "UM=Bagian Umum dan Kepegawaian;kepala=Kepala Bagian Umum",
    "YAN=Bidang Pelayanan Kesehatan;kepala=Kepala Bidang Pelayanan;alias=pelayanan|bid yankes",
    "YAN-RUJ=Seksi Rujukan dan Ambulans;induk=YAN;alias=rujukan|seksi ambulans",
    "P2P=Bidang Pencegahan Penyakit;alias=bidang p2p|pencegahan",
)
NAMES = ("Bagian Umum dan Kepegawaian", "Bidang Pelayanan Kesehatan",
         "Seksi Rujukan dan Ambulans", "Bidang Pencegahan Penyakit")

PK = [  # kode, indikator, satuan, unit, polaritas, agregasi, target, kegiatan
    ("IK-1", "Jumlah pegawai yang mengikuti pelatihan", "orang", "UM", "positif",
     "kumulatif", 40, "1.02.01.2.01"),
    ("IK-2", "Persentase puskesmas terakreditasi", "%", "YAN", "positif", "posisi_akhir", 80,
     "1.02.02.2.01"),
    ("IK-3", "Waktu tanggap ambulans", "menit", "YAN-RUJ", "negatif", "rata_rata", 20,
     "1.02.02.2.01"),
    ("IK-4", "Persentase balita diimunisasi lengkap", "%", "P2P", "positif", "rasio", 90,
     "1.02.02.2.01"),
]
KEGIATAN = [("1.02.01.2.01", "Program Penunjang", "Administrasi Kepegawaian", "UM", 150_000_000),
            ("1.02.02.2.01", "Program Pemenuhan Upaya Kesehatan", "Pelayanan Kesehatan", "YAN",
             900_000_000)]
MONTHLY = {  # kode -> value per month (rasio: (pembilang, penyebut))
    "IK-1": (8, 12, 10), "IK-2": (70, 74, 76), "IK-3": (22, 19, 18),
    "IK-4": ((80, 100), (85, 95), (90, 100)),
}


def _kantor_baru(root, *extra) -> int:
    (root / "aset").mkdir(parents=True, exist_ok=True)
    (root / "aset" / "logo.png").write_bytes(LOGO)
    args = ["kantor", "baru", "--folder", str(root), "--kode", "DINKES-KTB", "--nama",
            "Dinas Kesehatan", "--pemda", "Kota Tepian Baru", "--provinsi", "Kalimantan Timur",
            "--alamat", "Jl. Merdeka No. 7", "--logo", str(root / "aset" / "logo.png"),
            "--kepala-dinas", "dr. Ratna Dewi, M.Kes.;197806122005012003",
            "--sekretaris", "Yusuf Hamzah, S.KM.;198104152006041002",
            "--hari-batas-laporan", "7", "--libur", "17/08/2024", "--libur", "25/12/2024"]
    for u in UNITS:
        args += ["--unit", u]
    return main(args + list(extra))


def _pk_rows():
    pk, ra = [], []
    for kode, ind, sat, unit, pol, agr, target, keg in PK:
        pk.append({"kode": kode, "kode_sasaran": "SS-1", "sasaran": "Meningkatnya derajat "
                   "kesehatan masyarakat", "indikator": ind, "satuan": sat, "unit": unit,
                   "polaritas": pol, "metode_negatif": "A" if pol == "negatif" else None,
                   "agregasi": agr, "target_tahunan": target, "baseline": target * 0.9,
                   "target_renstra": target, "tahun_renstra": 2026, "kode_kegiatan": keg,
                   "iku": "Ya"})
        per_q = [target / 4] * 4 if agr == "kumulatif" else [target] * 4
        ra.append({"kode": kode, "indikator": ind, "jenis_target": "per_triwulan",
                   **{f"target_tw{i}": v for i, v in enumerate(per_q, start=1)}})
    ang = [{"kode_kegiatan": k, "program": p, "kegiatan": n, "unit": u, "pagu": pagu}
           for k, p, n, u, pagu in KEGIATAN]
    return pk, ra, ang


def _header_col(ws, header: str) -> int:
    return next(c.column for c in ws[1] if c.value == header)


def _fill(path, bulan: int) -> None:
    """Fill a unit's monthly template as the unit would, in Excel (openpyxl)."""
    wb = openpyxl.load_workbook(path)
    ident = wb["Identitas"]
    for r in range(1, ident.max_row + 1):
        if ident.cell(r, 1).value == "Tanggal Kirim":
            ident.cell(r, 2).value = dt.datetime(TAHUN, bulan + 1, 3)
        if ident.cell(r, 1).value == "Nama Pengisi":
            ident.cell(r, 2).value = "Petugas Data"
    ws = wb["Realisasi"]
    col = {h: _header_col(ws, h) for h in ("Realisasi Bulan Ini", "Pembilang", "Penyebut")}
    for r in range(2, ws.max_row + 1):
        v = MONTHLY.get(ws.cell(r, 1).value)
        if v is None:
            continue
        v = v[bulan - 1]
        if isinstance(v, tuple):
            ws.cell(r, col["Pembilang"]).value, ws.cell(r, col["Penyebut"]).value = v
            ws.cell(r, col["Realisasi Bulan Ini"]).value = v[0] / v[1] * 100
        else:
            ws.cell(r, col["Realisasi Bulan Ini"]).value = v
    ang = wb["Anggaran"]
    c_ang = _header_col(ang, "Realisasi Anggaran Bulan Ini (Rp)")
    for r in range(2, ang.max_row + 1):
        if ang.cell(r, 1).value:
            ang.cell(r, c_ang).value = 10_000_000 * bulan
    wb.save(path)


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """A second office, set up with ``kinerja kantor baru``: PK written with its own
    indicators, monthly workbooks made by ``kinerja templat`` and filled in with openpyxl."""
    root = tmp_path_factory.mktemp("kantor_kedua")
    assert _kantor_baru(root) == 0
    paths = Paths(root)
    settings = load_settings(paths.settings_file)
    pk, ra, ang = _pk_rows()
    write_pk_workbook(paths.pk_workbook(TAHUN), pk, ra, ang, settings, tahun=TAHUN)
    assert main(["--folder", str(root), "templat", "--tahun", str(TAHUN), "--bulan",
                 *map(str, BULAN)]) == 0
    made = sorted((paths.templates_out / str(TAHUN)).glob("*_2024-0*.xlsx"))
    assert len(made) == len(UNITS) * len(BULAN)
    paths.monthly_dir(TAHUN).mkdir(parents=True, exist_ok=True)
    for p in made:
        target = paths.monthly_dir(TAHUN) / p.name
        shutil.copy(p, target)
        _fill(target, int(p.stem.rsplit("-", 1)[1]))
    return paths


# --------------------------------------------------------------------------- the scaffold


def test_kantor_baru_writes_the_office_settings(office):
    s = load_settings(office.settings_file)
    assert (s.kode_opd, s.nama_opd, s.nama_pemda) == ("DINKES-KTB", "Dinas Kesehatan",
                                                      "Kota Tepian Baru")
    assert (s.provinsi, s.alamat, s.logo) == ("Kalimantan Timur", "Jl. Merdeka No. 7",
                                              "aset/logo.png")
    assert [u.kode for u in s.units] == ["UM", "YAN", "YAN-RUJ", "P2P"]
    assert [u.nama for u in s.units] == list(NAMES)
    assert s.organisasi.unit("YAN-RUJ").induk == "YAN"
    assert s.organisasi.unit("UM").jabatan_kepala == "Kepala Bagian Umum"
    assert s.resolve_unit("Bid Yankes") == "YAN" and s.resolve_unit("Sekretariat") is None
    assert s.pejabat_untuk("kepala_dinas").nip == "197806122005012003"
    assert s.pejabat_untuk("sekretaris").nama == "Yusuf Hamzah, S.KM."
    assert (s.hari_batas_laporan, s.libur) == (7, (dt.date(2024, 8, 17), dt.date(2024, 12, 25)))
    assert (office.data / "raw").is_dir() and (office.data / "tinjauan").is_dir()


def test_kantor_baru_refuses_to_overwrite(office, capsys):
    before = office.settings_file.read_bytes()
    assert _kantor_baru(office.root) == 1
    assert "sudah ada dan tidak ditimpa" in capsys.readouterr().err
    assert office.settings_file.read_bytes() == before


def test_kantor_baru_without_units_is_refused_without_a_terminal(tmp_path, capsys):
    rc = main(["kantor", "baru", "--folder", str(tmp_path / "x"), "--kode", "A", "--nama", "B",
               "--pemda", "C"])
    assert rc == 1 and "--unit" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_logo_outside_the_folder_is_copied_in(tmp_path):
    logo = tmp_path / "unduhan" / "lambang.png"
    logo.parent.mkdir()
    logo.write_bytes(LOGO)
    root = tmp_path / "kantor"
    assert main(["kantor", "baru", "--folder", str(root), "--kode", "A", "--nama", "B",
                 "--pemda", "C", "--unit", "U1=Unit Satu", "--logo", str(logo)]) == 0
    assert load_settings(root / "data" / "pengaturan.toml").logo == "data/logo.png"
    assert (root / "data" / "logo.png").read_bytes() == LOGO


# --------------------------------------------------------------------------- pengaturan.toml


def _load(tmp_path, text: str):
    f = tmp_path / "data" / "pengaturan.toml"
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text(text, encoding="utf-8")
    return load_settings(f)


def test_misspelt_key_is_an_error_suggesting_the_right_one(tmp_path, capsys):
    with pytest.raises(SettingsError) as e:
        _load(tmp_path, 'kode_opd = "X"\nhari_batas_lapor = 7\n')
    msg = str(e.value)
    assert "pengaturan.toml" in msg and "'hari_batas_lapor'" in msg
    assert "Maksud Anda 'hari_batas_laporan'?" in msg
    rc = main(["--folder", str(tmp_path), "validasi", "--tahun", "2024"])
    assert rc == 1 and "Maksud Anda 'hari_batas_laporan'?" in capsys.readouterr().err


@pytest.mark.parametrize("text, expected", [
    ('[[unit]]\nkode = "A"\nnamaa = "Unit A"\n', "'[[unit]] ke-1: namaa' tidak dikenal. Maksud Anda 'nama'?"),
    ('hari_batas_laporan = "lima"\n', "nilai 'hari_batas_laporan' harus bilangan bulat"),
    ('hari_batas_laporan = 40\n', "hari_batas_laporan harus antara 1 dan 28"),
    ('libur = ["31/02/2024"]\n', "libur butir ke-1 '31/02/2024'"),
    ('[pejabat.kepala_dinas]\nnama = "A"\nnip = 197806122005012003\n', "pejabat.kepala_dinas.nip"),
    ('[pejabat.kepala_dinass]\nnama = "A"\n', "Maksud Anda 'kepala_dinas'?"),
    ('[[unit]]\nkode = "A"\nnama = "Unit A"\ninduk = "Z"\n', "induk 'Z' bukan kode unit"),
    ('[[unit]]\nkode = "A"\nnama = "Unit A"\n[[unit]]\nkode = "A"\nnama = "Unit B"\n',
     "kode unit 'A' dipakai lebih dari sekali"),
    ('[[unit]]\nkode = "A B"\nnama = "Unit A"\n', "kode unit harus huruf besar"),
    ('logo = "../luar.png"\n', "di luar folder proyek"),
    ('logo = "aset/tidak_ada.png"\n', "tidak ada"),
])
def test_wrong_values_name_the_file_and_key(tmp_path, text, expected):
    with pytest.raises(SettingsError) as e:
        _load(tmp_path, text)
    assert "pengaturan.toml" in str(e.value) and expected in str(e.value)


def test_unit_tables_parsed_and_written_back(tmp_path):
    s = _load(tmp_path, '''
kode_opd = "DINAS-A"
libur = ["01/01/2024", "17/08/2024"]

[pejabat.kepala_dinas]
nama = "Ir. Kepala"
nip = "1970 0101 199503 1 001"

[[unit]]
kode = "BID-A"
nama = "Bidang A"
alias = ["bid a"]
jabatan_kepala = "Kepala Bidang A"

[[unit]]
kode = "BID-A.1"
nama = "Seksi A Satu"
induk = "BID-A"
''')
    assert s.units == (Unit("BID-A", "Bidang A", None, ("bid a",), "Kepala Bidang A"),
                       Unit("BID-A.1", "Seksi A Satu", "BID-A", (), ""))
    assert s.libur == (dt.date(2024, 1, 1), dt.date(2024, 8, 17))
    assert s.nama_unit("BID-A.1") == "Seksi A Satu" and s.nama_unit("XYZ") == "XYZ"
    again = _load(tmp_path / "b", settings_toml(s))
    assert again == s
    assert _load(tmp_path / "c", settings_toml(sample_settings())) == sample_settings()


def test_ambiguous_alias_never_resolves_silently():
    org = Organisasi((Unit("PUS", "Bidang Perpustakaan", None, ("perpustakaan",)),
                      Unit("PUS-LAY", "Seksi Layanan", "PUS", ("perpustakaan", "layanan"))))
    m = org.cari("  PERPUSTAKAAN ")
    assert m.kode is None and m.ambigu and m.kandidat == ("PUS", "PUS-LAY")
    assert org.resolve_unit("Perpustakaan") is None
    assert org.resolve_unit("layanan") == "PUS-LAY"
    # the sample office lists no bare "Perpustakaan": unknown, with the likely units named
    s = sample_settings()
    m = s.organisasi.cari("Perpustakaan")
    assert m.kode is None and not m.ambigu
    assert set(m.kandidat) == {"PUS", "PUS-LAY", "PUS-BIN"}


def test_ambiguous_alias_in_a_workbook_quarantines_the_file(office, tmp_path):
    root = tmp_path / "salinan"
    shutil.copytree(office.root, root, ignore=shutil.ignore_patterns("processed", "reports"))
    paths = Paths(root)
    text = paths.settings_file.read_text(encoding="utf-8").replace(
        '"pencegahan",', '"pencegahan",\n    "pelayanan",')  # now an alias of YAN and P2P
    paths.settings_file.write_text(text, encoding="utf-8")
    f = paths.monthly_dir(TAHUN) / "YAN_2024-02.xlsx"
    wb = openpyxl.load_workbook(f)
    ws = wb["Identitas"]
    row = next(r for r in range(1, 8) if ws.cell(r, 1).value == "Unit")
    ws.cell(row, 2).value = "Pelayanan"
    wb.save(f)
    from kinerja_lib.io.ingest import read_year

    r = read_year(paths, TAHUN, load_settings(paths.settings_file))
    q = r.data.kualitas
    hit = q[(q["aturan"] == "unit_ambigu") & q["file"].str.endswith("YAN_2024-02.xlsx")]
    assert len(hit) == 1 and hit.iloc[0]["tingkat"] == "error"
    assert "YAN (Bidang Pelayanan Kesehatan)" in hit.iloc[0]["pesan"]
    assert "P2P (Bidang Pencegahan Penyakit)" in hit.iloc[0]["pesan"]
    assert not ((r.data.pengiriman["unit"] == "YAN") & (r.data.pengiriman["bulan"] == 2)).any()


# --------------------------------------------------------------------------- commands


def test_templat_unknown_unit_lists_the_choices(office, capsys):
    rc = main(["--folder", str(office.root), "templat", "--tahun", str(TAHUN), "--unit",
               "Sekretariat"])
    err = capsys.readouterr().err
    assert rc == 1 and "'Sekretariat'" in err
    for u in UNITS:
        kode, nama = u.split(";")[0].split("=")
        assert f"{kode} ({nama})" in err


def test_no_settings_file_asks_for_the_units(tmp_path, capsys):
    for cmd in (["validasi", "--tahun", "2024"], ["templat", "--tahun", "2024"]):
        assert main(["--folder", str(tmp_path), *cmd]) == 1
        err = capsys.readouterr().err
        assert "belum ada" in err and "[[unit]]" in err and "kinerja kantor baru" in err
    assert not (tmp_path / "reports").exists()


def test_contoh_refuses_a_folder_of_another_office(office, capsys):
    assert main(["--folder", str(office.root), "contoh", "--tahun", "2024"]) == 1
    assert "tanpa unit kantor contoh" in capsys.readouterr().err
    assert not (office.raw_year(2023)).exists()


def test_validasi_of_the_second_office(office, capsys):
    assert main(["--folder", str(office.root), "validasi", "--tahun", str(TAHUN),
                 "--sampai-bulan", "3"]) == 0
    out = capsys.readouterr().out
    assert "Dinas Kesehatan" in out and "Galat              : 0" in out
    rekap = office.processed_year(TAHUN) / f"rekap_{TAHUN}.xlsx"
    text = _xlsx_text(rekap)
    assert all(n in text for n in NAMES)
    st = pd.read_parquet(office.processed_year(TAHUN) / "pengiriman_status.parquet")
    assert list(dict.fromkeys(st["unit"])) == ["UM", "YAN", "YAN-RUJ", "P2P"]  # declared order
    assert set(st["status"]) == {"tepat waktu"}


# --------------------------------------------------------------------------- no trace of Balangan


def _xlsx_text(path) -> str:
    wb = openpyxl.load_workbook(path, read_only=True)
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                     for v in row if v is not None)


def _sample_marks() -> list[str]:
    s = sample_settings()
    return [u.nama for u in SAMPLE_UNITS] + ["Balangan", s.kode_opd, s.nama_opd,
                                             *(p.nama for p in s.pejabat)]


@pytest.mark.slow
def test_second_office_outputs_never_mention_the_sample_office(office):
    root = str(office.root)
    assert main(["--folder", root, "validasi", "--tahun", str(TAHUN), "--sampai-bulan", "3"]) == 0
    assert main(["--folder", root, "jalankan", "--tahun", str(TAHUN), "--triwulan", "1",
                 "--tanpa-pdf"]) == 0
    outputs = {}
    for p in sorted(office.processed.rglob("*.parquet")):
        outputs[p] = pd.read_parquet(p).to_csv()
    for p in sorted(office.processed.rglob("*.xlsx")):
        outputs[p] = _xlsx_text(p)
    html = sorted(office.reports.rglob("*.html"))
    assert html, "no report written"
    for p in html:
        outputs[p] = p.read_text(encoding="utf-8")
    assert len(outputs) > 10
    for p, text in outputs.items():
        low = text.lower()
        for mark in _sample_marks():
            assert mark.lower() not in low, f"{mark!r} in {p}"
    tw = office.report_dir(TAHUN, "tw1")
    laporan = next(p for p in html if p.parent == tw and p.name.startswith("03_"))
    body = laporan.read_text(encoding="utf-8")
    assert "Dinas Kesehatan" in body and "Kota Tepian Baru" in body
    assert "Seksi Rujukan dan Ambulans" in body  # the office's own unit names are used
    assert "dr. Ratna Dewi, M.Kes." in body and "NIP 197806122005012003" in body  # signature


def test_signature_block_reads_the_officials(office):
    import types

    from kinerja_lib.reports import sections

    s = load_settings(office.settings_file)
    ctx = types.SimpleNamespace(settings=s, generated_at=dt.datetime(2024, 4, 15, 9, 0))
    html = sections.tanda_tangan(ctx, "kepala_dinas")[0].data
    assert "Kepala Dinas Kesehatan<br>Kota Tepian Baru" in html and "15 April 2024" in html
    assert "dr. Ratna Dewi, M.Kes." in html and "NIP 197806122005012003" in html
    html = sections.tanda_tangan(ctx, "sekretaris")[0].data
    assert "Sekretaris Dinas Kesehatan" in html and "Yusuf Hamzah" in html
    bare = types.SimpleNamespace(settings=s.with_(pejabat=()), generated_at=None)
    assert "[pejabat.kepala_dinas]" in sections.tanda_tangan(bare)[0].data
