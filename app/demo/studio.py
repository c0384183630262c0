"""The demo's OBS scene collection: scenes with Chinese names, each with a background, a camera
and a caption, as a live-commerce studio would have them; the “starting soon” card is on program
before the show. The sample run-sheet (resources/demo/) cues these scenes by name."""

from __future__ import annotations

from typing import Any

from app.demo.world import ObsWorld

STANDBY = "即将开始"
OPENING, TEACHING, PRODUCT, QA, BRB = "开场", "讲课", "商品特写", "互动答疑", "马上回来 BRB"
DEMO_SCENES = (STANDBY, OPENING, TEACHING, PRODUCT, QA, BRB)  # UI order; STANDBY on program
HOST_CAMERA = "主播机位 Host camera"
PRODUCT_CAMERA = "商品机位 Product camera"
TEXT_KIND = "text_ft2_source_v2"

# scene -> (background colour, caption, caption size)
_LOOK = {
    STANDBY: ("#152238", "直播即将开始 · Starting soon", 88),
    OPENING: ("#1F3B73", "欢迎来到直播间 · 手机摄影公开课", 64),
    TEACHING: ("#20323A", "第一课：构图的三个秘诀", 56),
    PRODUCT: ("#3A2418", "商品特写 · 三轴稳定器 S5", 56),
    QA: ("#2C1F4A", "互动答疑 · 评论区提问，老师现场回答", 52),
    BRB: ("#111418", "马上回来 · Be right back", 96),
}


def obs_colour(hex_rgb: str, alpha: int = 0xFF) -> int:
    """#RRGGBB as OBS stores colours: 0xAABBGGRR."""
    rgb = int(hex_rgb.lstrip("#"), 16)
    red, green, blue = rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF
    return alpha << 24 | blue << 16 | green << 8 | red


def _caption(text: str, size: int) -> dict[str, Any]:
    white = obs_colour("#FFFFFF")
    return {
        "text": text,
        "font": {"face": "Sans Serif", "size": size, "style": "Bold", "flags": 1},
        "color1": white,
        "color2": white,
        "antialiasing": True,
    }


def build_studio(world: ObsWorld) -> None:
    """Fill an empty world with the demo's scenes; the first one is on program."""
    width, height = world.canvas
    for scene in DEMO_SCENES:
        world.add_scene(scene)
        colour, caption, size = _LOOK[scene]
        world.add_input(
            scene,
            f"背景 Background · {scene}",
            "color_source_v3",
            {"color": obs_colour(colour), "width": width, "height": height},
        )
        if scene == PRODUCT:
            world.add_input(
                scene,
                PRODUCT_CAMERA,
                "v4l2_input",
                {"device_id": "/dev/video1"},
                transform={
                    "positionX": width * 0.3,
                    "positionY": height * 0.12,
                    "scaleX": 1.0,
                    "scaleY": 1.0,
                },
            )
            world.add_input(
                scene,
                HOST_CAMERA,
                "v4l2_input",
                {"device_id": "/dev/video0"},
                transform={
                    "positionX": width * 0.74,
                    "positionY": height * 0.08,
                    "scaleX": 0.32,
                    "scaleY": 0.32,
                },
            )
        elif scene not in (BRB, STANDBY):
            scale = 0.5 if scene == TEACHING else 0.8
            world.add_input(
                scene,
                HOST_CAMERA,
                "v4l2_input",
                {"device_id": "/dev/video0"},
                transform={
                    "positionX": width * (0.72 if scene == TEACHING else 0.5),
                    "positionY": height * 0.1,
                    "alignment": 4,
                    "scaleX": scale,
                    "scaleY": scale,
                },
            )
        if scene == TEACHING:
            world.add_input(
                scene,
                "课件 Slides",
                "color_source_v3",
                {"color": obs_colour("#F4F1E8"), "width": 760, "height": 520},
                transform={"positionX": 90, "positionY": 150},
            )
            world.add_input(
                scene,
                "课件要点 Slide text",
                TEXT_KIND,
                {
                    **_caption("三分法 · 引导线 · 留白", 44),
                    "color1": obs_colour("#20323A"),
                    "color2": obs_colour("#20323A"),
                },
                transform={"positionX": 130, "positionY": 200},
            )
        at = (
            {"positionX": width / 2, "positionY": height / 2, "alignment": 0}
            if scene in (BRB, STANDBY)
            else {"positionX": width / 2, "positionY": height * 0.93, "alignment": 8}
        )
        world.add_input(
            scene, f"字幕 Caption · {scene}", TEXT_KIND, _caption(caption, size), transform=at
        )
