"""The simulator's program picture: what a scene shows, drawn where OBS would put it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage

from app.demo.picture import paint, render
from app.demo.studio import DEMO_SCENES, OPENING, PRODUCT, build_studio, obs_colour
from app.demo.world import ObsWorld


@pytest.fixture
def world(qapp: Any) -> ObsWorld:
    world = ObsWorld(lambda *_: None, lambda _delay, _fn: None)
    build_studio(world)
    return world


def colour_at(image: QImage, x: int, y: int) -> str:
    return QColor(image.pixel(x, y)).name()


def red_png(path: Path, width: int, height: int) -> Path:
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("#FF0000"))
    assert image.save(str(path), "PNG")
    return path


def test_the_studio_has_its_scenes_with_the_first_on_program(world: ObsWorld) -> None:
    assert world.scene_order == list(DEMO_SCENES)
    assert world.program == DEMO_SCENES[0]
    assert all(world.sources[scene].items for scene in DEMO_SCENES)


def test_a_scene_shows_its_background_and_the_simulator_mark(world: ObsWorld) -> None:
    image = render(world.frame(PRODUCT), 960, 540)
    assert (image.width(), image.height()) == (960, 540)
    assert colour_at(image, 50, 300) == "#3a2418"  # the product scene's background, left side
    # the watermark's dark box at the top left is not the background
    assert colour_at(image, 20, 20) != "#3a2418"
    assert colour_at(render(world.frame(OPENING), 960, 540), 50, 300) == "#1f3b73"


def test_an_image_source_lands_inside_its_bounds(world: ObsWorld, tmp_path: Path) -> None:
    card = red_png(tmp_path / "card.png", 100, 100)
    item = world.add_input(
        OPENING,
        "LiveDesk Product Card",
        "image_source",
        {"file": str(card)},
        transform={
            "positionX": 100,
            "positionY": 700,
            "alignment": 5,
            "boundsType": "OBS_BOUNDS_SCALE_INNER",
            "boundsWidth": 200,
            "boundsHeight": 100,
            "boundsAlignment": 0,
        },
    )
    image = render(world.frame(OPENING), 1920, 1080)
    assert colour_at(image, 200, 750) == "#ff0000"  # centred in the 200 × 100 box: x 150–250
    assert colour_at(image, 120, 750) == "#1f3b73"
    assert colour_at(image, 260, 750) == "#1f3b73"
    item.enabled = False  # a hidden card is not drawn
    assert colour_at(render(world.frame(OPENING), 1920, 1080), 200, 750) == "#1f3b73"


def test_a_nested_scene_is_drawn_into_its_parent(world: ObsWorld, tmp_path: Path) -> None:
    overlays = world.add_scene("LiveDesk Overlays")
    world.add_input(
        "LiveDesk Overlays",
        "LiveDesk Coupon Card",
        "image_source",
        {"file": str(red_png(tmp_path / "c.png", 40, 40))},
        transform={"positionX": 1800, "positionY": 900},
    )
    world.add_item(world.sources[PRODUCT], overlays.name, True)
    image = render(world.frame(PRODUCT), 1920, 1080)
    assert colour_at(image, 1820, 920) == "#ff0000"


def test_colour_and_text_sources_use_obs_colours(world: ObsWorld) -> None:
    world.add_input(
        OPENING,
        "方块 Block",
        "color_source_v3",
        {"color": obs_colour("#00FF00"), "width": 300, "height": 200},
        transform={"positionX": 1500, "positionY": 700},
    )
    image = render(world.frame(OPENING), 1920, 1080)
    assert colour_at(image, 1650, 800) == "#00ff00"
    caption_row = [colour_at(image, x, 990) for x in range(500, 1420, 4)]
    assert "#ffffff" in caption_row  # the white caption text at the bottom


@pytest.mark.parametrize(
    ("fmt", "magic"), [("png", b"\x89PNG"), ("jpg", b"\xff\xd8"), ("bmp", b"BM")]
)
def test_paint_encodes_the_asked_format(world: ObsWorld, fmt: str, magic: bytes) -> None:
    data = paint(world.frame(OPENING), 320, 180, fmt, 70)
    assert data.startswith(magic)
    decoded = QImage.fromData(data)
    assert (decoded.width(), decoded.height()) == (320, 180)
