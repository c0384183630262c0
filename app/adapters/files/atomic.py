"""Files replaced whole or not at all: written beside the target, then renamed over it."""

from __future__ import annotations

import os
from pathlib import Path


def write_whole(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` in one step: a reader (a folder watcher, an uploader) never sees half
    a file, and a failure (a full disk) leaves the earlier file as it was and no part behind.
    Raises OSError when it cannot."""
    target = Path(path)
    partial = target.with_name(f".{target.name}.part")
    try:
        partial.write_bytes(data)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
