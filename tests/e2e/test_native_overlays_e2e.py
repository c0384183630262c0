"""The console sets up its overlay sources in real OBS through the API and drives them."""

from __future__ import annotations

from obswebsocket import requests as obs_requests

from app.adapters.obs.overlay_layout import OVERLAY_SCENE, PRODUCT_INPUT
from tests.support.console_process import ConsoleProcess
from tests.support.obs_process import ObsProcess
from tests.support.waiting import wait_until

SHEET = {
    "segments": [{"title": "商品", "duration": 60, "scene": "商品 Product", "product": "PY-101"}],
    "products": [{"sku": "PY-101", "name": "Python 入门课", "price": "199", "stock": 20}],
}


def _enabled(obs: ObsProcess, source: str) -> bool:
    item = obs.call(obs_requests.GetSceneItemId(sceneName=OVERLAY_SCENE, sourceName=source))
    answer = obs.call(
        obs_requests.GetSceneItemEnabled(
            sceneName=OVERLAY_SCENE, sceneItemId=item.datain["sceneItemId"]
        )
    )
    return bool(answer.datain["sceneItemEnabled"])


def test_setup_then_a_cue_shows_the_card_in_obs(obs: ObsProcess, console: ConsoleProcess) -> None:
    console.wait_state(lambda s: s["obs"]["connected"], timeout=10)
    assert console.post("/api/runsheet", SHEET).status_code == 200
    setup = console.post("/api/overlay/setup", {"scenes": ["商品 Product"]})
    assert setup.status_code == 200, setup.text
    assert setup.json()["mode"] == "native"  # Debian's OBS has no browser source
    assert console.post("/api/overlay/setup", {"scenes": ["nope"]}).status_code == 404
    again = console.post("/api/overlay/setup", {"scenes": ["商品 Product"]}).json()
    assert again["created"] == []
    assert again["repaired"] == []

    items = obs.call(obs_requests.GetSceneItemList(sceneName="商品 Product")).datain
    assert OVERLAY_SCENE in [i["sourceName"] for i in items["sceneItems"]]
    assert not _enabled(obs, PRODUCT_INPUT)

    assert console.post("/api/cue/next").status_code == 200  # the segment shows PY-101
    wait_until(lambda: _enabled(obs, PRODUCT_INPUT), "the product overlay's state in OBS", 3)
    assert console.delete("/api/overlay/product").status_code == 200
    wait_until(lambda: not _enabled(obs, PRODUCT_INPUT), "the product overlay's state in OBS", 3)
