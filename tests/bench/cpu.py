"""CPU time a process has used, from /proc (Linux): all its threads, and its main thread (the
console's Qt and asyncio loop). Benchmarks divide it by the comments handled."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CpuTime:
    total_s: float  # every thread of the process
    main_s: float  # its main thread alone

    def __sub__(self, other: CpuTime) -> CpuTime:
        return CpuTime(self.total_s - other.total_s, self.main_s - other.main_s)


def _ticks(stat: Path) -> int:
    fields = stat.read_text().rpartition(")")[2].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (after the command's parentheses)


def cpu_time(pid: int) -> CpuTime:
    per_second = os.sysconf("SC_CLK_TCK")
    proc = Path(f"/proc/{pid}")
    return CpuTime(
        _ticks(proc / "stat") / per_second, _ticks(proc / "task" / str(pid) / "stat") / per_second
    )
