"""Helpers for the fault-injection tests (issue #8): OBS's saved scenes, small filesystems that
fill up or turn read-only for real, damaged database files, and a second process holding the
database locked.

* ``write_scene_collection(obs, scenes)``: the scene collection OBS loads at its next start (OBS
  must not be running), as if the user had saved those scenes; nothing of LiveDesk's in it.
* ``SmallFilesystem``: a tmpfs of a few MiB (``fill()`` until ENOSPC, ``free()``), or a loop-mounted
  ext4 that can be turned read-only mid-write the way the kernel does after a disk error
  (``fail_read_only()``: ext4's ``trigger_fs_error`` with ``errors=remount-ro``); either one
  mounted again read-only or read-write (``remount()``). Mounting needs root or passwordless
  sudo: ``require_mounts()`` fails under ``CI=true`` and skips elsewhere, like
  ``require_system_tools`` does for OBS.
* ``corrupt_*``: the ways a ``livedesk.db`` gets damaged (header overwritten, pages overwritten,
  truncated).
* ``LockHolder``: another process that opens the database and holds ``BEGIN EXCLUSIVE``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from tests.support.obs_config import SCENE_COLLECTION_NAME
from tests.support.obs_process import ObsProcess

# --------------------------------------------------------------------------------------------
# OBS: the scenes it finds at its next start
# --------------------------------------------------------------------------------------------


def _scene_source(name: str) -> dict[str, object]:
    return {
        "id": "scene", "versioned_id": "scene", "name": name,
        "settings": {"custom_size": False, "id_counter": 0, "items": []},
        "enabled": True, "flags": 0, "mixers": 0, "volume": 1.0, "muted": False,
    }  # fmt: skip


def write_scene_collection(obs: ObsProcess, scenes: Iterable[str]) -> None:
    """Replace OBS's saved scene collection with empty scenes ``scenes`` (UI order, top first).
    OBS must be stopped: it rewrites the file itself when it exits cleanly."""
    if obs.running:
        raise RuntimeError("write_scene_collection() while OBS runs")
    names = list(dict.fromkeys(scenes))
    collection = {
        "name": SCENE_COLLECTION_NAME,
        "current_scene": names[0],
        "current_program_scene": names[0],
        "current_transition": "Fade",
        "transition_duration": 300,
        # OBS lists scene_order top first and GetSceneList reports it bottom first.
        "scene_order": [{"name": name} for name in names],
        "sources": [_scene_source(name) for name in names],
        "groups": [],
        "transitions": [],
        "quick_transitions": [],
        "saved_projectors": [],
        "modules": {},
    }
    path = obs.config_dir / "basic" / "scenes" / f"{SCENE_COLLECTION_NAME}.json"
    path.write_text(json.dumps(collection, ensure_ascii=False, indent=2), encoding="utf-8")
    with contextlib.suppress(FileNotFoundError):  # OBS would fall back to the backup copy
        (path.parent / f"{SCENE_COLLECTION_NAME}.json.bak").unlink()


# --------------------------------------------------------------------------------------------
# Small filesystems (root or passwordless sudo)
# --------------------------------------------------------------------------------------------


def _privileged() -> list[str] | None:
    """The prefix that runs mount & co: [] as root, ["sudo", "-n"] with passwordless sudo."""
    if os.geteuid() == 0:
        return []
    sudo = shutil.which("sudo")
    if sudo and subprocess.run([sudo, "-n", "true"], capture_output=True).returncode == 0:
        return [sudo, "-n"]
    return None


def require_mounts() -> list[str]:
    """The privilege prefix for mount; fails under CI=true, skips elsewhere when there is none."""
    prefix = _privileged()
    if prefix is not None and shutil.which("mount"):
        return prefix
    import pytest

    msg = "mounting a small test filesystem needs root or passwordless sudo"
    if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}:
        pytest.fail(f"{msg} (CI=true: not skipping)", pytrace=False)
    pytest.skip(msg)


class SmallFilesystem:
    """A filesystem of ``size_mib`` at ``mountpoint``: ``kind`` "tmpfs" (fills up) or "ext4" (a
    loop-mounted image with errors=remount-ro, which ``fail_read_only()`` turns read-only)."""

    def __init__(self, mountpoint: Path, size_mib: int = 4, kind: str = "tmpfs") -> None:
        self.mountpoint, self.size_mib, self.kind = mountpoint, size_mib, kind
        self.prefix = require_mounts()
        self.image = mountpoint.parent / f"{mountpoint.name}.img"
        self.filler = mountpoint / "filler.bin"
        self.mounted = False

    def _run(self, *cmd: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.prefix, *cmd], capture_output=True, text=True, check=True)

    def __enter__(self) -> SmallFilesystem:
        self.mountpoint.mkdir(parents=True, exist_ok=True)
        owner = f"uid={os.getuid()},gid={os.getgid()}"
        if self.kind == "tmpfs":
            self._run("mount", "-t", "tmpfs", "-o", f"size={self.size_mib}m,mode=0755,{owner}",
                      "livedesk-test", str(self.mountpoint))  # fmt: skip
        else:
            subprocess.run(["truncate", "-s", f"{self.size_mib}M", str(self.image)], check=True)
            subprocess.run(["mkfs.ext4", "-q", "-F", str(self.image)], check=True,
                           capture_output=True)  # fmt: skip
            self._run("mount", "-o", "loop,errors=remount-ro", str(self.image),
                      str(self.mountpoint))  # fmt: skip
            self._run("chown", f"{os.getuid()}:{os.getgid()}", str(self.mountpoint))
        self.mounted = True
        return self

    def __exit__(self, *exc: object) -> None:
        self.unmount()
        with contextlib.suppress(OSError):
            self.image.unlink()

    def unmount(self) -> None:
        if self.mounted:
            done = subprocess.run([*self.prefix, "umount", str(self.mountpoint)],
                                  capture_output=True)  # fmt: skip
            if done.returncode != 0:  # still busy (a test failed with files open): detach it
                subprocess.run([*self.prefix, "umount", "-l", str(self.mountpoint)],
                               capture_output=True)  # fmt: skip
            self.mounted = False

    def check_and_remount(self) -> None:
        """ext4, after ``unmount()``: e2fsck the image (as after a disk error) and mount it again,
        read-write."""
        subprocess.run(["e2fsck", "-fy", str(self.image)], capture_output=True)
        self._run("mount", "-o", "loop,errors=remount-ro", str(self.image), str(self.mountpoint))
        self.mounted = True

    def remount(self, *, read_only: bool) -> None:
        """Mount it again read-only (every write fails with EROFS, root's too) or read-write."""
        self._run("mount", "-o", f"remount,{'ro' if read_only else 'rw'}", str(self.mountpoint))

    def free_bytes(self) -> int:
        stat = os.statvfs(self.mountpoint)
        return stat.f_bavail * stat.f_frsize

    def fill(self) -> int:
        """Write a filler file until the filesystem is full; returns its size."""
        written = 0
        with self.filler.open("ab", buffering=0) as f:
            for size in (1 << 20, 65536, 4096, 1):  # down to the last byte: none left for SQLite
                block = b"\0" * size
                while True:
                    try:
                        done = f.write(block)
                    except OSError:
                        break
                    written += done or 0
                    if not done:
                        break
        return written

    def free(self) -> None:
        self.filler.unlink(missing_ok=True)

    def fail_read_only(self) -> None:
        """ext4 only: report a filesystem error, so the kernel remounts it read-only under the
        open files (what a failing disk does with errors=remount-ro)."""
        found = subprocess.run(
            ["findmnt", "-no", "SOURCE", str(self.mountpoint)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        device = found.stdout.strip()
        trigger = f"/sys/fs/ext4/{os.path.basename(device)}/trigger_fs_error"
        subprocess.run([*self.prefix, "tee", trigger], input="livedesk fault test\n",
                       capture_output=True, text=True, check=True)  # fmt: skip
        deadline = time.monotonic() + 5
        while not self.read_only():
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.mountpoint} did not turn read-only")
            time.sleep(0.05)

    def read_only(self) -> bool:
        """Mounted read-only, or ext4's emergency read-only after an error (the mount options
        still say "rw" then)."""
        found = subprocess.run(["findmnt", "-no", "OPTIONS", str(self.mountpoint)],
                               capture_output=True, text=True)  # fmt: skip
        options = found.stdout.strip().split(",")
        return "ro" in options or "emergency_ro" in options


# --------------------------------------------------------------------------------------------
# Damaged database files
# --------------------------------------------------------------------------------------------


def corrupt_header(db: Path) -> None:
    """Overwrite the 100-byte header: SQLite says "file is not a database"."""
    with db.open("r+b") as f:
        f.write(b"this is no longer an SQLite database, sorry!".ljust(100, b"\xa5"))


def corrupt_pages(db: Path, first_page: int = 1, pages: int = 3) -> None:
    """Overwrite whole pages after the header (the schema's b-tree on page 1, then the tables'
    roots): SQLite says "database disk image is malformed"."""
    page_size = int.from_bytes(db.read_bytes()[16:18], "big") or 65536
    with db.open("r+b") as f:
        f.seek(100 if first_page == 1 else (first_page - 1) * page_size)
        f.write(bytes((i * 37 + 11) % 256 for i in range(page_size * pages)))


def truncate_half(db: Path) -> None:
    """Cut the file in half, as a copy that stopped midway would."""
    size = db.stat().st_size
    with db.open("r+b") as f:
        f.truncate(size // 2)


def checkpoint(db: Path) -> None:
    """Move what the -wal holds into the main file (so damaging the main file damages it all)."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def integrity(db: Path) -> str:
    """PRAGMA integrity_check, on a connection of its own (read-only)."""
    conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


# --------------------------------------------------------------------------------------------
# Another process holding the database locked
# --------------------------------------------------------------------------------------------

_HOLDER = r"""
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
conn.execute("BEGIN EXCLUSIVE")
conn.execute("CREATE TABLE IF NOT EXISTS other_program (x)")
conn.execute("INSERT INTO other_program VALUES (1)")
print("locked", flush=True)
sys.stdin.readline()
conn.execute(sys.argv[2])
print("released", flush=True)
"""


class LockHolder:
    """A separate Python process that holds ``BEGIN EXCLUSIVE`` on ``db`` until ``release()``
    (then COMMIT, or ROLLBACK with ``commit=False``)."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.proc: subprocess.Popen[str] | None = None
        self.locked_at: float | None = None

    def __enter__(self) -> LockHolder:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _HOLDER, str(self.db), "COMMIT"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if line != "locked":
            stderr = self.proc.stderr.read() if self.proc.stderr else ""
            raise RuntimeError(f"the lock holder did not lock {self.db}: {line!r} {stderr}")
        self.locked_at = time.monotonic()
        return self

    def release(self) -> float:
        """Commit and end the other process; returns how long it held the lock."""
        assert self.proc is not None
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        assert self.locked_at is not None
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()
        held = time.monotonic() - self.locked_at
        assert self.proc.stdout.readline().strip() == "released"
        self.proc.wait(10)
        return held

    def __exit__(self, *exc: object) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if pipe is not None:
                pipe.close()
