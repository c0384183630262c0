"""Loading and validating a 2,000-row run-sheet (CSV and XLSX) against the floor measured on the
same file in the same run: the bare csv module, and openpyxl's read-only row iteration.
Target: at most 0.5 s for the whole load + validate."""

from __future__ import annotations

import csv
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.adapters.files.runsheets import load_runsheet, save_runsheet
from tests.bench.conftest import BenchTable

ROWS = 2000
RUNS = 5
TARGET_S = 0.5


def median_seconds(work: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "big.csv"
    lines = ["环节,时长,类型,场景,商品,优惠券,话术"]
    kinds = ("开场", "讲课", "商品", "促销", "答疑", "休息", "结束")
    for i in range(ROWS):
        lines.append(
            f"第{i + 1}段 讲解要点,{i % 9 + 1}:30,{kinds[i % 7]},讲解 Teaching,SKU{i % 40},"
            f'C{i % 5},"开场白|卖点一|卖点二\n引导下单"'
        )
    path.write_bytes("\r\n".join(lines).encode("gb18030"))  # what Excel on Chinese Windows writes
    return path


def record(table: BenchTable, name: str, figure: float, floor: float) -> None:
    table.add(
        name,
        f"{figure * 1000:.1f} ms",
        f"{floor * 1000:.1f} ms",
        f"{figure / floor:.1f}x",
        f"≤ {TARGET_S * 1000:.0f} ms",
    )


def test_load_2000_row_csv(big_csv: Path, bench_table: BenchTable) -> None:
    def floor() -> object:
        with open(big_csv, encoding="gb18030", newline="") as handle:
            return list(csv.reader(handle))

    assert len(floor()) == ROWS + 1
    result = load_runsheet(big_csv)
    assert len(result.sheet.segments) == ROWS
    assert result.ok
    record(
        bench_table,
        f"runsheet load + validate, {ROWS}-row CSV (GB18030)",
        median_seconds(lambda: load_runsheet(big_csv)),
        median_seconds(floor),
    )


def test_load_2000_row_xlsx(big_csv: Path, bench_table: BenchTable) -> None:
    path = big_csv.with_suffix(".xlsx")
    save_runsheet(load_runsheet(big_csv).sheet, path)

    def floor() -> object:
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            return [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]
        finally:
            book.close()

    result = load_runsheet(path)
    assert len(result.sheet.segments) == ROWS
    assert result.ok
    record(
        bench_table,
        f"runsheet load + validate, {ROWS}-row XLSX",
        median_seconds(lambda: load_runsheet(path)),
        median_seconds(floor),
    )
