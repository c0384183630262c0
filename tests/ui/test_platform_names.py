"""Platforms by the names their viewers know them by, in the window's language; the id stays the
item's data and what is saved."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.ui.i18n import install_translations, remove_translations
from app.ui.platform_names import platform_name
from app.ui.queue_panel import PLATFORMS
from tests.support.i18n import ZH_TS, build_qm


@pytest.fixture
def zh_cn(tmp_path: Path) -> Iterator[None]:
    install_translations("zh_CN", directory=build_qm(ZH_TS, tmp_path).parent)
    yield
    remove_translations()


def test_in_chinese_the_platforms_have_their_chinese_names(zh_cn: None) -> None:
    names = {p: platform_name(p) for p in ("douyin", "kuaishou", "bilibili", "wechat", "manual")}
    assert names == {"douyin": "抖音", "kuaishou": "快手", "bilibili": "B站", "wechat": "视频号",
                     "manual": "手动"}  # fmt: skip
    assert platform_name("some-relay") == "some-relay"  # a platform not known here, as it came


def test_in_english_they_keep_their_own_names() -> None:
    assert [platform_name(p) for p in ("douyin", "youtube")] == ["Douyin", "YouTube"]


def test_every_listed_platform_has_a_name_and_no_id_is_shown(zh_cn: None) -> None:
    shown = [platform_name(p) for p in PLATFORMS if p not in ("youtube", "twitch")]
    assert not set(shown) & set(PLATFORMS)
