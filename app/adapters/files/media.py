"""Product images kept in the data directory (`<data dir>/media/<sha256>.<ext>`).

When a catalog comes in (a run-sheet loaded, products saved in the card editor), each product
whose image is a local file is copied here, and the product then names the copy. Only images are
taken: a known extension whose first bytes match it, at most MAX_IMAGE_BYTES. The overlay pages'
/overlay/media/{sku} serves only files from this folder, so a catalog naming /etc/passwd or any
other file on the disk never puts it on the network. An image that cannot be taken is left as
the catalog named it (the console's own card renderer may still draw it) with a log line; the
pages simply show no picture for it.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import tempfile
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlparse

from app.domain.catalog import Catalog, Product

log = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 20 * 1024 * 1024
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
}


def looks_like(suffix: str, head: bytes) -> bool:
    """Whether a file's first bytes are those of an image of this type."""
    if suffix == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if suffix == ".gif":
        return head.startswith((b"GIF87a", b"GIF89a"))
    if suffix == ".webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if suffix == ".avif":
        return head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis")
    return False


def local_path(image: str | None) -> Path | None:
    """The image as a local file's path: an absolute path or a file:// URL; None for a web
    address, a data: URL or a relative name."""
    if not image:
        return None
    if image.lower().startswith("file://"):
        image = unquote(urlparse(image).path)
    elif "://" in image or image.lower().startswith("data:"):
        return None
    path = Path(image).expanduser()
    return path if path.is_absolute() else None


class MediaLibrary:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    # ----- bringing images in ------------------------------------------------------------------
    async def imported(self, catalog: Catalog) -> Catalog:
        """The catalog with each local image replaced by its copy here (files read off the
        loop)."""
        if not any(local_path(p.image) for p in catalog.products):
            return catalog
        products = await asyncio.to_thread(lambda: tuple(self._take(p) for p in catalog.products))
        return replace(catalog, products=products)

    def _take(self, product: Product) -> Product:
        source = local_path(product.image)
        if source is None or self.served(product.image) is not None:
            return product
        try:
            copy = self.copy_in(source)
        except (OSError, ValueError) as exc:
            log.warning("the image of product %s is not served to the overlay pages: %s",
                        product.sku, exc)  # fmt: skip
            return product
        return replace(product, image=str(copy))

    def copy_in(self, source: Path) -> Path:
        """Copy an image file here (once per content); its new path. ValueError when it is
        not an image of a known type or is too large; OSError when it cannot be read or
        written."""
        suffix = source.suffix.lower()
        if suffix not in IMAGE_TYPES:
            raise ValueError(f"{source.name}: not a picture LiveDesk shows "
                             f"({', '.join(sorted(IMAGE_TYPES))})")  # fmt: skip
        if not source.is_file():  # not a device or a pipe, which could block a read
            raise ValueError(f"{source.name}: not a file")
        with source.open("rb") as file:
            data = file.read(MAX_IMAGE_BYTES + 1)
        if len(data) > MAX_IMAGE_BYTES:
            raise ValueError(f"{source.name}: larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MiB")
        if not looks_like(suffix, data[:16]):
            raise ValueError(f"{source.name}: its content is not a {suffix[1:]} picture")
        suffix = ".jpg" if suffix == ".jpeg" else suffix
        target = self.folder / f"{hashlib.sha256(data).hexdigest()}{suffix}"
        if not target.is_file():
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.folder, suffix=".part")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.replace(temp, target)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        return target

    # ----- serving -----------------------------------------------------------------------------
    def served(self, image: str | None) -> Path | None:
        """The file to serve for this image: only a regular file directly in this folder, of
        a known image type whose first bytes match; None otherwise."""
        path = local_path(image)
        if path is None:
            return None
        try:
            resolved = path.resolve(strict=True)
            folder = self.folder.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        suffix = resolved.suffix.lower()
        if resolved.parent != folder or suffix not in IMAGE_TYPES or not resolved.is_file():
            return None
        try:
            with resolved.open("rb") as file:
                head = file.read(16)
        except OSError:
            return None
        return resolved if looks_like(suffix, head) else None
