"""Product images (issue #13): a catalog's local images are copied into the data directory when it
comes in, and /overlay/media/{sku} serves only those copies: a catalog naming /etc/passwd, a
file that is not an image, or any image outside the data directory is never served."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import segno
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.files import media
from app.adapters.files.media import MediaLibrary
from app.adapters.web.server import create_app
from app.domain.catalog import Catalog, Product
from app.services.show import Show

TOKEN = "media-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def picture(tmp_path: Path) -> Path:
    path = tmp_path / "photos" / "mug.png"
    path.parent.mkdir()
    segno.make("product photo").save(str(path), kind="png", scale=4)
    return path


@pytest.fixture
def library(tmp_path: Path) -> MediaLibrary:
    return MediaLibrary(tmp_path / "data" / "media")


@pytest.fixture
async def client(show: Show, library: MediaLibrary) -> AsyncIterator[TestClient]:
    show.runner.import_media = library.imported
    app = create_app(show, TOKEN, media=library.served)
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


def _sheet(products: list[dict[str, str]]) -> dict[str, object]:
    return {"title": "Media", "segments": [{"title": "A", "duration": "1:00"}],
            "products": [{"name": "Thing", "price": "9", **p} for p in products]}  # fmt: skip


async def test_a_loaded_image_is_copied_in_and_served(
    client: TestClient, picture: Path, library: MediaLibrary, show: Show
) -> None:
    sheet = _sheet([{"sku": "MUG", "image": str(picture)}])
    loaded = await client.post("/api/runsheet", json=sheet, headers=AUTH)
    assert loaded.status == 200, await loaded.text()
    image = show.runner.catalog().product("MUG").image  # type: ignore[union-attr]
    assert image is not None
    assert Path(image).parent == library.folder
    assert Path(image).read_bytes() == picture.read_bytes()
    served = await client.get("/overlay/media/MUG")
    assert served.status == 200
    assert served.headers["Content-Type"] == "image/png"
    assert await served.read() == picture.read_bytes()
    picture.unlink()  # the copy stays
    assert (await client.get("/overlay/media/MUG")).status == 200


async def test_what_is_not_an_image_in_the_data_directory_is_never_served(
    client: TestClient, tmp_path: Path, picture: Path
) -> None:
    text_as_png = tmp_path / "secret.png"
    text_as_png.write_text("password=hunter2", "utf-8")
    products = [
        {"sku": "PASSWD", "image": "/etc/passwd"},
        {"sku": "FILEURL", "image": "file:///etc/passwd"},
        {"sku": "FAKE", "image": str(text_as_png)},
        {"sku": "DEV", "image": "/dev/zero.png"},
        {"sku": "REL", "image": "../../etc/passwd.png"},
    ]
    loaded = await client.post("/api/runsheet", json=_sheet(products), headers=AUTH)
    assert loaded.status == 200, await loaded.text()
    for product in products:
        response = await client.get(f"/overlay/media/{product['sku']}")
        assert response.status == 404, product
        assert b"hunter2" not in await response.read()
        assert b"root:" not in await response.read()


def test_an_image_outside_the_media_folder_is_not_served(
    library: MediaLibrary, picture: Path, tmp_path: Path
) -> None:
    assert library.served(str(picture)) is None  # a real picture, but not a copy made here
    copy = library.copy_in(picture)
    assert library.served(str(copy)) == copy.resolve()
    outside = tmp_path / "elsewhere.png"
    outside.write_bytes(picture.read_bytes())
    link = library.folder / "link.png"
    os.symlink(outside, link)  # a link from the folder to a file outside it
    assert library.served(str(link)) is None
    assert library.served(str(library.folder / ".." / "elsewhere.png")) is None


def test_the_copy_is_refused_when_it_is_not_a_picture_or_too_big(
    library: MediaLibrary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(media, "MAX_IMAGE_BYTES", 4096)
    for name, content in (("a.txt", b"\x89PNG\r\n\x1a\n"), ("b.png", b"GIF89a"),
                          ("c.jpg", b"\x89PNG\r\n\x1a\n")):  # fmt: skip
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(ValueError, match=f"^{name}: "):
            library.copy_in(path)
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 4096)
    with pytest.raises(ValueError, match="larger"):
        library.copy_in(big)
    assert not library.folder.exists() or not list(library.folder.iterdir())


async def test_a_saved_catalog_is_imported_and_web_images_stay(
    library: MediaLibrary, picture: Path
) -> None:
    catalog = Catalog((Product("A", "a", image=str(picture)),
                       Product("B", "b", image="https://cdn.example.com/b.png"),
                       Product("C", "c")), ())  # fmt: skip
    imported = await library.imported(catalog)
    images = [p.image for p in imported.products]
    assert Path(str(images[0])).parent == library.folder
    assert images[1:] == ["https://cdn.example.com/b.png", None]
    assert await library.imported(imported) == imported  # already here: unchanged
