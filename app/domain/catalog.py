"""Products and coupons: what a card shows and what a countdown runs. Reused across shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from app.domain import rules

Problems = list[tuple[str, str]]  # (field, what is wrong: a Message, app/domain/messages.py)


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    price: Decimal | None = None
    original_price: Decimal | None = None
    image: str | None = None
    selling_points: tuple[str, ...] = ()
    link: str | None = None
    stock: int | None = None
    location: str | None = field(default=None, compare=False)  # "Products!4", for messages

    def card_gaps(self) -> list[str]:
        """What a product card needs but this product lacks."""
        gaps = []
        if not self.name.strip():
            gaps.append("name")
        if self.price is None:
            gaps.append("price")
        return gaps

    def problems(self) -> Problems:
        """What breaks the rules (app/domain/rules.py): each field with its message."""
        found = [("sku", rules.sku_problem(self.sku))]
        for name in ("price", "original_price"):
            value = getattr(self, name)
            if value is not None:
                found.append((name, rules.price_problem(value, name)))
        if self.stock is not None:
            found.append(("stock", rules.count_problem(self.stock, "stock")))
        return [(name, problem) for name, problem in found if problem is not None]


@dataclass(frozen=True)
class Coupon:
    code: str
    title: str
    discount: str = ""
    seconds: int = rules.DEFAULT_COUPON_S
    quantity: int | None = None
    location: str | None = field(default=None, compare=False)

    def card_gaps(self) -> list[str]:
        gaps = []
        if not self.title.strip():
            gaps.append("title")
        if self.seconds <= 0:
            gaps.append("seconds")
        return gaps

    def problems(self) -> Problems:
        """What breaks the rules (app/domain/rules.py): each field with its message."""
        found = [
            ("code", rules.code_problem(self.code)),
            ("discount", rules.discount_problem(self.discount)),
            ("seconds", rules.coupon_seconds_problem(self.seconds)),
        ]
        if self.quantity is not None:
            found.append(("quantity", rules.count_problem(self.quantity, "quantity")))
        return [(name, problem) for name, problem in found if problem is not None]


@dataclass(frozen=True)
class Catalog:
    products: tuple[Product, ...] = ()
    coupons: tuple[Coupon, ...] = ()
    _by_sku: dict[str, Product] = field(default_factory=dict, repr=False, compare=False)
    _by_code: dict[str, Coupon] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_sku.update({p.sku: p for p in self.products})
        self._by_code.update({c.code: c for c in self.coupons})

    def product(self, sku: str) -> Product | None:
        return self._by_sku.get(sku)

    def coupon(self, code: str) -> Coupon | None:
        return self._by_code.get(code)

    def merged(self, other: Catalog) -> Catalog:
        """This catalog with `other`'s entries added where this one has none of the same key."""
        products = self.products + tuple(p for p in other.products if p.sku not in self._by_sku)
        coupons = self.coupons + tuple(c for c in other.coupons if c.code not in self._by_code)
        return Catalog(products, coupons)
