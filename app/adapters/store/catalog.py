"""The CatalogStore port over SQLite: reads on their own connection, writes on the writer thread."""

from __future__ import annotations

import json
import os
import time
from decimal import Decimal, InvalidOperation

import sqlite_utils

from app.adapters.store import queries
from app.adapters.store.writer import SqliteSessionLog
from app.domain.catalog import Catalog, Coupon, Product


class SqliteCatalog:
    def __init__(self, path: str | os.PathLike[str], writer: SqliteSessionLog) -> None:
        self.path, self._writer = path, writer

    def load(self) -> Catalog:
        with queries.reading(self.path) as db:
            products = tuple(
                Product(
                    sku=row["sku"],
                    name=row["name"],
                    price=_decimal(row["price"]),
                    original_price=_decimal(row["original_price"]),
                    image=row["image"],
                    selling_points=tuple(json.loads(row["selling_points"] or "[]")),
                    link=row["link"],
                    stock=row["stock"],
                )
                for row in db.query("SELECT * FROM products ORDER BY sku")
            )
            coupons = tuple(
                Coupon(
                    code=row["code"],
                    title=row["title"],
                    discount=row["discount"],
                    seconds=row["seconds"],
                    quantity=row["quantity"],
                )
                for row in db.query("SELECT * FROM coupons ORDER BY code")
            )
        return Catalog(products, coupons)

    async def save(self, catalog: Catalog) -> None:
        if not catalog.products and not catalog.coupons:
            return
        now = time.time()

        def write(db: sqlite_utils.Database) -> None:
            with db.atomic():
                for p in catalog.products:
                    db.execute(
                        "INSERT OR REPLACE INTO products (sku, name, price, original_price, image,"
                        " selling_points, link, stock, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
                        [p.sku, p.name, _text(p.price), _text(p.original_price), p.image,
                         json.dumps(list(p.selling_points), ensure_ascii=False), p.link, p.stock,
                         now],
                    )  # fmt: skip
                for c in catalog.coupons:
                    db.execute(
                        "INSERT OR REPLACE INTO coupons (code, title, discount, seconds, quantity,"
                        " updated_at) VALUES (?,?,?,?,?,?)",
                        [c.code, c.title, c.discount, c.seconds, c.quantity, now],
                    )

        await self._writer.run(write)


def _decimal(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
