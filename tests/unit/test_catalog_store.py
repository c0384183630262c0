"""Products and coupons kept in SQLite and found again by the next show."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from app.adapters.store.catalog import SqliteCatalog
from app.adapters.store.writer import SqliteSessionLog
from app.domain.catalog import Catalog, Coupon, Product

COURSE = Product(
    "PY-101", "Python 入门课", Decimal("199.00"), Decimal("399"), "/img/py.png",
    ("零基础", "30 节直播课", "永久回放"), "https://example.com/py", 50,
)  # fmt: skip
FLASH = Coupon("FLASH50", "限时立减", "¥50", 120, 100)


async def test_saved_catalog_is_there_for_the_next_show(tmp_path: Path) -> None:
    db = tmp_path / "livedesk.db"
    writer = SqliteSessionLog(db)
    try:
        store = SqliteCatalog(db, writer)
        assert store.load() == Catalog()
        await store.save(Catalog((COURSE,), (FLASH,)))
    finally:
        writer.close()

    writer = SqliteSessionLog(db)  # the next start of the console
    try:
        store = SqliteCatalog(db, writer)
        catalog = store.load()
        assert catalog.product("PY-101") == COURSE
        assert catalog.coupon("FLASH50") == FLASH
        # a later sheet updates one entry and adds another; the rest stays
        cheaper = Product("PY-101", "Python 入门课", Decimal("99"))
        await store.save(Catalog((cheaper, Product("JS-1", "JavaScript")), ()))
        again = store.load()
        assert again.product("PY-101") == cheaper
        assert again.product("JS-1") is not None
        assert again.coupon("FLASH50") == FLASH
    finally:
        writer.close()
