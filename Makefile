# kinerja: two commands from a fresh clone (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
TAHUN  ?= 2024

.PHONY: demo test lint venv bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/kinerja contoh --timpa
	@# exit 1 = the sample's planted data errors (reported, rows quarantined); >1 = failure
	$(BIN)/kinerja validasi --tahun 2023; test $$? -le 1
	$(BIN)/kinerja validasi --tahun $(TAHUN); test $$? -le 1
	$(BIN)/kinerja jalankan --tahun $(TAHUN) --semua
	@echo ""
	@echo "Selesai. Laporan: reports/$(TAHUN)/  Data olahan: data/processed/"

test: $(STAMP)
	$(BIN)/ruff check kinerja_lib tests benchmarks notebooks scripts
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check kinerja_lib tests benchmarks notebooks scripts
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_siklus.py

clean:
	rm -rf data/processed/* reports/*
	touch data/processed/.gitkeep reports/.gitkeep
