"""How a Chinese run-sheet names its parts, so that LiveDesk writes it back in its own language.

A producer opens the team's 直播流程 workbook (headers 环节/时长/类型, kinds 开场/商品), fixes a
cell and saves: the team must get back the sheet they wrote, not one headed title/duration/kind
on a sheet called Rundown. The readers take English and Chinese headers alike (README,
run-sheets), so the writers take the names the source file used: its sheet names, the header
each field was read from, and kinds in Chinese when the file wrote them so. A sheet headed in
English is written as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from app.domain.runsheet import KIND_ALIASES, KIND_LABELS_ZH, SegmentKind, cell_text
from app.domain.runsheet_codec import match_columns

# the parts of a run-sheet a file names, and what a Chinese one calls each when it lacks it
CHINESE_SHEETS: Mapping[str, str] = {"rundown": "直播流程", "products": "商品", "coupons": "优惠券"}


def chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


@dataclass(frozen=True)
class Spelling:
    """The names a Chinese run-sheet file gives its sheets (part → name) and its columns (part →
    field → header as written), and whether its kinds are written in Chinese."""

    sheets: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    chinese_kinds: bool = False

    def sheet(self, part: str) -> str:
        return self.sheets.get(part) or CHINESE_SHEETS[part]

    def header(self, part: str, name: str, aliases: Sequence[str]) -> str:
        """The column's header as the file wrote it; for a column the file lacks, its first
        Chinese name (the field's key when it has none)."""
        written = self.headers.get(part, {}).get(name)
        return written or next((a for a in aliases if chinese(a)), name)

    def kind(self, kind: SegmentKind) -> str:
        return KIND_LABELS_ZH[kind] if self.chinese_kinds else kind.value


def headers_of(
    header: Sequence[object] | None, fields: Mapping[str, tuple[str, ...]]
) -> dict[str, str]:
    """Each field's header as written in `header` (None: no such table)."""
    if header is None:
        return {}
    columns = match_columns(header, fields)
    return {name: text for name, i in columns.items() if (text := cell_text(header[i]))}


def kinds_in_chinese(cells: Iterable[object]) -> bool:
    """Whether a kind column writes its kinds in Chinese (开场, 商品 …)."""
    return any(
        (text := cell_text(cell)) is not None and chinese(text) and text.strip() in KIND_ALIASES
        for cell in cells
    )


def spelled(
    sheets: Mapping[str, str], headers: Mapping[str, Mapping[str, str]], kinds: bool
) -> Spelling | None:
    """The Spelling of a file whose headers are Chinese; None for one headed in English (it is
    written as LiveDesk always wrote it)."""
    if not any(chinese(name) for names in headers.values() for name in names.values()):
        return None
    return Spelling(dict(sheets), {p: dict(h) for p, h in headers.items()}, kinds)
