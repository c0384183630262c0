"""The CatalogStore port over SQLite: reads on their own connection, writes on the writer thread."""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import sqlite_utils

from app.adapters.store import queries
from app.adapters.store.writer import SqliteSessionLog
from app.domain.catalog import Catalog, Coupon, Product
from app.domain.rules import RuleError

log = logging.getLogger(__name__)
T = TypeVar("T")


class SqliteCatalog:
    def __init__(self, path: str | os.PathLike[str], writer: SqliteSessionLog) -> None:
        self.path, self._writer = path, writer

    def load(self) -> Catalog:
        """The saved catalog. A row the rules refuse (a price of 1e5000 or a countdown of a
        year, from an older LiveDesk or an edited file) is left out with a log line, never
        shown and never a crash."""
        with queries.reading(self.path) as db:
            products = _kept(db.query("SELECT * FROM products ORDER BY sku"), _product, "sku")
            coupons = _kept(db.query("SELECT * FROM coupons ORDER BY code"), _coupon, "code")
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


def _kept(rows: Iterable[dict[str, Any]], build: Callable[[dict[str, Any]], T], key: str
          ) -> tuple[T, ...]:  # fmt: skip
    kept = []
    for row in rows:
        try:
            kept.append(build(row))
        except (RuleError, ValueError, TypeError, KeyError, InvalidOperation) as exc:
            log.warning("the saved catalog's %s %r is left out: %s", key, row.get(key), exc)
    return tuple(kept)


def _product(row: dict[str, Any]) -> Product:
    points = json.loads(row["selling_points"] or "[]")
    if not isinstance(points, list):
        raise ValueError("its selling points are not a list")
    product = Product(
        sku=str(row["sku"]),
        name=str(row["name"]),
        price=_decimal(row["price"]),
        original_price=_decimal(row["original_price"]),
        image=row["image"],
        selling_points=tuple(str(point) for point in points),
        link=row["link"],
        stock=row["stock"],
    )
    _check(product.problems())
    return product


def _coupon(row: dict[str, Any]) -> Coupon:
    coupon = Coupon(
        code=str(row["code"]),
        title=str(row["title"]),
        discount=str(row["discount"] or ""),
        seconds=row["seconds"],
        quantity=row["quantity"],
    )
    _check(coupon.problems())
    return coupon


def _check(problems: list[tuple[str, str]]) -> None:
    if problems:
        raise RuleError("; ".join(message for _field, message in problems))


def _decimal(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
