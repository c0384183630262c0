"""Benchmarks: each figure beside its floor measured in the same run; printed and written to
bench-results.md. They never assert wall times (the machine varies); they assert the run worked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.obs_fixtures import *  # noqa: F403
from tests.support.obs_fixtures import mark_items_under

RESULTS = Path(__file__).resolve().parents[2] / "bench-results.md"


class BenchTable:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str]] = []

    def add(self, name: str, figure: str, floor: str, ratio: str, target: str) -> None:
        self.rows.append((name, figure, floor, ratio, target))
        print(f"\n[bench] {name}: {figure} | floor {floor} | ratio {ratio} | target {target}")

    def markdown(self) -> str:
        lines = [
            "| benchmark | figure | floor (same run) | ratio | target |",
            "|---|---|---|---|---|",
        ]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "# LiveDesk benchmarks\n\n" + "\n".join(lines) + "\n"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mark_items_under(Path(__file__).parent, "bench", items)


@pytest.fixture(scope="session")
def bench_table() -> Iterator[BenchTable]:
    table = BenchTable()
    yield table
    if table.rows:
        RESULTS.write_text(table.markdown(), encoding="utf-8")
        print("\n" + table.markdown())
