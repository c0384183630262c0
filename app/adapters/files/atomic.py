"""Files replaced whole or not at all: written beside the target, then renamed over it."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def write_whole(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` in one step: a reader (a folder watcher, an uploader) never sees half
    a file, and a failure (a full disk) leaves the earlier file as it was and no part behind.

    A symlink is followed: the file it points to is replaced (keeping its permissions), the link
    stays. Where `path` is not a regular file (a FIFO, a terminal, /dev/null, /dev/stdout on a
    pipe) it is written to directly: no temporary file, no rename. Raises OSError when it cannot
    (IsADirectoryError for a folder, FileNotFoundError for an empty path)."""
    name = os.fspath(path)
    if not name:
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), name)
    try:
        found = os.stat(name)  # follows symlinks, /dev/stdout's /proc/self/fd/1 included
    except FileNotFoundError:
        found = None  # a new file (or a link to one): made where the link points
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), name)
    target = Path(os.path.realpath(name))
    if found is not None and not (stat.S_ISREG(found.st_mode) and _same_file(target, found)):
        _write_through(name, data)  # a device, a FIFO, a descriptor: nothing to rename over
        return
    partial = target.with_name(f".{target.name}.part")
    try:
        partial.write_bytes(data)
        if found is not None:
            os.chmod(partial, stat.S_IMODE(found.st_mode))
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _same_file(target: Path, found: os.stat_result) -> bool:
    """Whether the resolved `target` is the file `found` (not so for /proc/self/fd links to a
    file deleted or elsewhere, which realpath cannot name)."""
    try:
        resolved = target.stat()
    except OSError:
        return False
    return (resolved.st_dev, resolved.st_ino) == (found.st_dev, found.st_ino)


def _write_through(name: str, data: bytes) -> None:
    with open(name, "wb") as handle:
        handle.write(data)
