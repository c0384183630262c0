from __future__ import annotations

from decimal import Decimal

import pytest

from app.domain.catalog import Catalog, Product
from app.domain.compliance import ComplianceRules
from app.domain.preflight import preflight
from app.domain.runsheet import RunSheet, Segment

RULES = ComplianceRules()


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("全网最低价，错过再等一年", ["全网最低", "最"]),
        ("国家级认证讲师", ["国家级"]),
        ("这是市面上最好的课", ["最"]),
        ("100%学会，包过！", ["100%", "包过"]),
        ("绝对不会后悔", ["绝对"]),
        ("The best course, guaranteed.", ["best", "guaranteed"]),
        ("We are #1 in China", ["#1"]),
        ("顶级配置，首选好物", ["顶级", "首选"]),
    ],
)
def test_risky_claims_are_found(text: str, terms: list[str]) -> None:
    assert sorted(c.term for c in RULES.find(text)) == sorted(terms)


@pytest.mark.parametrize(
    "text",
    [
        "最近很多同学问我",  # "recently"
        "最后一个问题",  # "the last"
        "第一课：构图",  # lesson one
        "课程支持永久回放",  # replay forever: a feature, not a claim
        "bestseller list? no: the rest is history",  # "best" only as a word
        "安全、实用、好学",
    ],
)
def test_everyday_words_are_not_claims(text: str) -> None:
    assert RULES.find(text) == []


def test_rules_are_configurable() -> None:
    rules = ComplianceRules(terms=("秒杀",), allowed=())
    assert [c.term for c in rules.find("全网秒杀，最好")] == ["秒杀"]
    assert "秒杀" in rules.find("全网秒杀")[0].describe()


def test_preflight_warns_on_talking_points_and_cards() -> None:
    sheet = RunSheet(
        (
            Segment("开场", 60, notes=("欢迎大家", "这是全网最低价")),
            Segment("商品", 60, product="P1"),
            Segment("again", 60, product="P1"),
        ),
        Catalog((Product("P1", "顶级稳定器", Decimal("99"), image="x.png",
                         selling_points=("第一品牌",)),)),
    )  # fmt: skip
    checks = preflight(sheet, sheet.catalog, obs_connected=True, scenes=(), standby_scene=None)
    warnings = [c for c in checks if c.severity == "warning" and "广告法" in c.hint]
    assert [c.segment for c in warnings] == [0, 1]  # the card once, not per segment
    assert "全网最低" in warnings[0].title
    assert "顶级" in warnings[1].title
    assert "第一" in warnings[1].title
