"""The run-sheet: segments, their cues and timing, parsed from rows of cells and validated.

File formats (CSV, XLSX, JSON) live in app/adapters/files; they turn a file into rows of cells with
a location each ("12" for a CSV line, "Rundown!5" for an XLSX row) and hand them to `parse_rows`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from app.domain.catalog import Catalog, Coupon, Product
from app.domain.durations import DurationError, halfwidth, parse_duration
from app.domain.interaction.cue import lotteries_again, parse_cue
from app.domain.interaction.lottery import InteractionError
from app.domain.messages import Message, field_word
from app.domain.runsheet_cells import UnreadableCell as UnreadableCell
from app.domain.runsheet_cells import clip as clip


class SegmentKind(StrEnum):
    OPENING = "opening"
    TEACHING = "teaching"
    PRODUCT = "product"
    PROMO = "promo"
    QA = "qa"
    BREAK = "break"
    CLOSING = "closing"


KIND_ALIASES: dict[str, SegmentKind] = {
    **{kind.value: kind for kind in SegmentKind},
    "开场": SegmentKind.OPENING,
    "讲课": SegmentKind.TEACHING,
    "讲解": SegmentKind.TEACHING,
    "商品": SegmentKind.PRODUCT,
    "促销": SegmentKind.PROMO,
    "答疑": SegmentKind.QA,
    "休息": SegmentKind.BREAK,
    "结束": SegmentKind.CLOSING,
}
KIND_LABELS_ZH = {
    SegmentKind.OPENING: "开场",
    SegmentKind.TEACHING: "讲课",
    SegmentKind.PRODUCT: "商品",
    SegmentKind.PROMO: "促销",
    SegmentKind.QA: "答疑",
    SegmentKind.BREAK: "休息",
    SegmentKind.CLOSING: "结束",
}

# field -> header names (matched case-insensitively, surrounding spaces ignored)
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "环节", "标题"),
    "duration": ("duration", "时长"),
    "kind": ("kind", "类型"),
    "scene": ("scene", "场景"),
    "product": ("product", "商品"),
    "coupon": ("coupon", "优惠券"),
    # 要点: the run-sheet editor's own zh_CN name for the column; 讲解要点: the console's panel
    "notes": ("notes", "备注", "话术", "talking points", "要点", "讲解要点", "话术要点"),
    "interaction": ("interaction", "互动"),
}
REQUIRED = ("title", "duration")
# A header may name its unit in brackets: `时长（分钟）`, `秒数(秒)`. The header is then read by its
# name before the bracket, and a field whose bare numbers have a unit (the rundown's minutes, a
# coupon's seconds) takes it only when the bracket says that same unit: `时长（秒）` on the
# rundown would read 90 as ninety minutes, so it names no field (and a missing duration column
# says so) rather than putting a wrong length on air. Any other bracket (`价格（元）`) is a note.
BARE_NUMBER_UNITS: dict[str, tuple[str, ...]] = {
    "duration": ("分钟", "分", "min", "mins", "minute", "minutes", "m"),
    "seconds": ("秒", "秒钟", "s", "sec", "secs", "second", "seconds"),
}
_BRACKETED = re.compile(r"(.+?)\s*[（(]\s*([^（()）]*?)\s*[)）]")
LONG_SEGMENT_S = 2 * 3600
# shorter is most likely minutes read as seconds (0:05 in an h:mm cell shows as m:ss) or a number of
# days (an Excel time in General format: 1 h is 0.0417) read as minutes
SHORT_SEGMENT_S = 10


@dataclass(frozen=True)
class Segment:
    title: str
    duration_s: int
    kind: SegmentKind | None = None
    scene: str | None = None
    product: str | None = None
    coupon: str | None = None
    notes: tuple[str, ...] = ()
    location: str | None = field(default=None, compare=False)  # where it came from, for messages
    # what it opens when cued: a lottery, poll, quiz or check-in (app/domain/interaction/cue.py)
    interaction: str | None = None
    # the sheet's other columns (主播, 开始时间: name, text; "" when empty), in the sheet's
    # order: LiveDesk does not use them, a conversion writes them back
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RunSheet:
    segments: tuple[Segment, ...] = ()
    catalog: Catalog = field(default_factory=Catalog)
    title: str = ""

    @property
    def total_s(self) -> int:
        return sum(s.duration_s for s in self.segments)

    @property
    def extra_names(self) -> tuple[str, ...]:
        """The names of the other columns its segments carry (Segment.extra), in their order."""
        return tuple(dict.fromkeys(name for s in self.segments for name, _ in s.extra))

    def planned_starts(self) -> list[int]:
        """Seconds from the show's start at which each segment is planned to begin."""
        starts, at = [], 0
        for segment in self.segments:
            starts.append(at)
            at += segment.duration_s
        return starts


@dataclass(frozen=True)
class Problem:
    """An error or a warning, where it is ("12", "Rundown!5"), and which field of which segment."""

    severity: str  # "error" | "warning"
    location: str
    message: str  # a Message (app/domain/messages.py) from the parsers and checks here
    field: str | None = None
    segment: int | None = None

    def line(self, file: str) -> str:
        """`FILE:LINE: error: message`, as `runsheet check` prints it."""
        return f"{file}:{self.location}: {self.severity}: {self.message}"


@dataclass
class ParseResult:
    sheet: RunSheet
    problems: list[Problem] = field(default_factory=list)
    # what the file holds that is neither read nor carried, so a conversion does not write it:
    # "title (a second one)", "column 9 (no header)", "Products › 成本", "sheet 配置"
    unread: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


def match_header(header: Sequence[object]) -> dict[str, int]:
    """Column index of each known field in a header row."""
    return match_fields(header, FIELDS)


def match_fields(header: Sequence[object], fields: Mapping[str, tuple[str, ...]]) -> dict[str, int]:
    """Column index of each field a header cell names (names_field), the first one of each."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        for key, names in fields.items():
            if key not in found and names_field(cell, key, names):
                found[key] = index
    return found


def names_field(cell: object, key: str, names: tuple[str, ...]) -> bool:
    """Whether a header cell names field `key` (one of `names`, without case or surrounding
    blanks), also with its unit in brackets (`时长（分钟）`: BARE_NUMBER_UNITS)."""
    name = halfwidth(str(cell or "")).strip().lower()
    if name in names:
        return True
    bracketed = _BRACKETED.fullmatch(name)
    if bracketed is None or bracketed[1] not in names:
        return False
    units = BARE_NUMBER_UNITS.get(key)
    return units is None or bracketed[2] in units


def split_notes(value: object) -> tuple[str, ...]:
    """Talking points: one per line or separated by `|`, or by the full-width `｜` a Chinese
    input method types."""
    text = cell_text(value) or ""
    parts = [p.strip() for line in text.splitlines() for p in re.split("[|｜]", line)]
    return tuple(p for p in parts if p)


def parse_kind(value: object) -> SegmentKind | None:
    text = (cell_text(value) or "").lower()
    if not text:
        return None
    kind = KIND_ALIASES.get(text)
    if kind is None:
        raise ValueError(text)
    return kind


def parse_rows(
    header: Sequence[object],
    header_location: str,
    rows: Iterable[tuple[str, Sequence[object]]],
    catalog: Catalog | None = None,
) -> ParseResult:
    """Segments from rows of cells. Blank rows are skipped; every bad cell is reported with its
    location, and the rest of the sheet is still read."""
    columns = match_header(header)
    problems = unreadable_header(header, header_location)
    missing = [f for f in REQUIRED if f not in columns]
    for name in missing:
        aliases = " / ".join(FIELDS[name])
        problems.append(
            Problem(
                "error",
                header_location,
                Message("runsheet.missing_column", field=field_word(name), aliases=aliases),
                name,
            )
        )
    if missing:
        return ParseResult(RunSheet(catalog=catalog or Catalog()), problems)

    def cell(row: Sequence[object], name: str) -> object:
        index = columns.get(name)
        return row[index] if index is not None and index < len(row) else None

    extra, unread = _other_columns(header, columns)
    named = {i for i, c in enumerate(header) if cell_text(c) is not None}
    fields_at = {i: name for name, i in columns.items()}
    carried = {i for i, _ in extra}
    headless: set[int] = set()  # columns without a header holding something
    filled: set[int] = set()  # columns with something in a segment's row
    segments: list[Segment] = []
    for location, row in rows:
        if all(cell_text(c) is None for c in row):
            continue
        filled.update(i for i, c in enumerate(row) if cell_text(c) is not None)
        headless.update(i for i, c in enumerate(row) if i not in named and cell_text(c) is not None)
        index = len(segments)
        # a cell that cannot be read is an error on its field (then not also "missing"), a
        # warning in a column only carried along (its text travels), nothing in one not read
        unreadable = {i: c for i, c in enumerate(row) if isinstance(c, UnreadableCell)}
        for i, bad in unreadable.items():
            column = cell_text(header[i]) if i < len(header) else None
            if i in fields_at:
                problems.append(
                    Problem("error", location, bad.message(column), fields_at[i], index)
                )
            elif i in carried:
                problems.append(Problem("warning", location, bad.message(column), None, index))
        if unreadable:
            row = [None if i in fields_at and i in unreadable else c for i, c in enumerate(row)]
        bad_fields = {fields_at[i] for i in unreadable if i in fields_at}
        title = cell_text(cell(row, "title"))
        if title is None and "title" not in bad_fields:
            problems.append(_missing(location, "title", index))
        duration_cell = cell(row, "duration")
        duration = 0
        if "duration" in bad_fields:
            pass  # an error on its cell already
        elif cell_text(duration_cell) is None and not isinstance(duration_cell, int | float):
            problems.append(_missing(location, "duration", index))
        else:
            try:
                duration = parse_duration(duration_cell)
            except DurationError as exc:
                problems.append(Problem("error", location, exc.message, "duration", index))
        try:
            kind = parse_kind(cell(row, "kind"))
        except ValueError as exc:
            known = ", ".join(KIND_ALIASES)
            problems.append(
                Problem(
                    "error",
                    location,
                    Message("runsheet.unknown_kind", kind=clip(str(exc)), known=known),
                    "kind",
                    index,
                )
            )
            kind = None
        segments.append(
            Segment(
                title=title or "",
                duration_s=duration,
                kind=kind,
                scene=cell_text(cell(row, "scene")),
                product=cell_text(cell(row, "product")),
                coupon=cell_text(cell(row, "coupon")),
                notes=split_notes(cell(row, "notes")),
                location=location,
                interaction=cell_text(cell(row, "interaction")),  # checked by validate()
                extra=tuple(
                    (name, (cell_text(row[i]) if i < len(row) else None) or "") for i, name in extra
                ),
            )
        )
    sheet = RunSheet(tuple(segments), catalog or Catalog())
    unread += [f"column {i + 1} (no header)" for i in sorted(headless)]
    read = set(columns.values())
    problems += unread_column_warnings(header, read, filled, header_location, frozenset(carried))
    return ParseResult(sheet, problems, unread)


def unread_column_warnings(
    header: Sequence[object],
    read: set[int],
    filled: set[int],
    location: str,
    kept: frozenset[int] = frozenset(),
) -> list[Problem]:
    """A warning, on the header's row, for each column with something in it that LiveDesk does
    not read: a header it does not know (`秒数` once was one, and every coupon counted down the
    default), a second column of one field, a column without a header. Not errors: a sheet may
    keep its own columns (主播, 开始时间); but a countdown or talking points that go unread
    must not go unnoticed. `kept`: the columns a segment carries (Segment.extra), which a
    conversion writes back."""
    warnings: list[Problem] = []
    for index in sorted(filled - read):
        cell = header[index] if index < len(header) else None
        if isinstance(cell, UnreadableCell):
            continue  # its header is an error already (unreadable_header)
        name = cell_text(cell)
        if name is None:
            said = Message("runsheet.column.no_header", n=index + 1)
        elif index in kept:
            said = Message("runsheet.column.kept", name=clip(name, 30))
        else:
            said = Message("runsheet.column.unused", name=clip(name, 30))
        warnings.append(Problem("warning", location, said))
    return warnings


def unreadable_header(header: Sequence[object], location: str) -> list[Problem]:
    """An error for each header cell that cannot be read (its column cannot be named)."""
    return [
        Problem("error", location, cell.message("the header"))
        for cell in header
        if isinstance(cell, UnreadableCell)
    ]


def _other_columns(
    header: Sequence[object], columns: dict[str, int]
) -> tuple[list[tuple[int, str]], list[str]]:
    """The columns of no field, carried as a segment's `extra` (index, name), and those that are
    not: a second column of a field or of a name."""
    used = set(columns.values())
    extra: list[tuple[int, str]] = []
    unread: list[str] = []
    for index, cell in enumerate(header):
        name = cell_text(cell)
        if index in used or name is None:
            continue
        known = any(names_field(cell, key, names) for key, names in FIELDS.items())
        if known or name in (n for _, n in extra):
            unread.append(f"{name} (a second one)")
        else:
            extra.append((index, name))
    return extra, unread


def validate(
    sheet: RunSheet,
    *,
    scenes: Iterable[str] | None = None,
    known: Catalog | None = None,
) -> list[Problem]:
    """What a complete sheet can still get wrong. `scenes`: OBS's scenes when connected (None
    when not, and scenes are then not checked); `known`: the saved catalog beside the sheet's."""
    problems: list[Problem] = []
    for duplicate, where in _duplicates(sheet):
        problems.append(Problem("error", where, duplicate))
    items: list[Product | Coupon] = [*sheet.catalog.products, *sheet.catalog.coupons]
    for item in items:  # a catalog built without the codec
        default = "Products" if isinstance(item, Product) else "Coupons"
        for name, message in item.problems():
            problems.append(Problem("error", item.location or default, message, name))
    catalog = sheet.catalog.merged(known or Catalog())
    scene_set = set(scenes) if scenes is not None else None
    for index, segment in enumerate(sheet.segments):
        where = segment.location or str(index + 1)
        if scene_set is not None and segment.scene and segment.scene not in scene_set:
            problems.append(
                Problem(
                    "warning",
                    where,
                    Message("runsheet.no_scene", scene=clip(segment.scene)),
                    "scene",
                    index,
                )
            )
        if segment.product and catalog.product(segment.product) is None:
            problems.append(
                Problem(
                    "warning",
                    where,
                    Message("runsheet.no_product", sku=clip(segment.product)),
                    "product",
                    index,
                )
            )
        if segment.coupon and catalog.coupon(segment.coupon) is None:
            problems.append(
                Problem(
                    "warning",
                    where,
                    Message("runsheet.no_coupon", code=clip(segment.coupon)),
                    "coupon",
                    index,
                )
            )
        if segment.interaction is not None:
            problems.extend(check_interaction(segment.interaction, where, index))
        if segment.duration_s > LONG_SEGMENT_S:
            problems.append(
                Problem("warning", where, Message("runsheet.long_segment"), "duration", index)
            )
        elif 0 < segment.duration_s < SHORT_SEGMENT_S:  # 0: a duration that did not read
            short = Message("runsheet.short_segment", seconds=segment.duration_s)
            problems.append(Problem("warning", where, short, "duration", index))
    segments = sheet.segments
    for index, earlier in lotteries_again(s.interaction for s in segments):
        again = Message("runsheet.lottery_again", title=clip(segments[earlier].title))
        where = segments[index].location or str(index + 1)
        problems.append(Problem("warning", where, again, "interaction", index))
    return problems


def check_interaction(text: str, location: str, index: int | None) -> list[Problem]:
    """The `interaction` cell's problem, located on its cell (none when it reads)."""
    try:
        parse_cue(text)
    except InteractionError as exc:
        return [Problem("error", location, exc.message, "interaction", index)]
    return []


def _duplicates(sheet: RunSheet) -> Iterable[tuple[Message, str]]:
    seen: set[str] = set()
    for product in sheet.catalog.products:
        if product.sku in seen:
            yield (
                Message("runsheet.duplicate_sku", sku=clip(product.sku)),
                product.location or "Products",
            )
        seen.add(product.sku)
    seen = set()
    for coupon in sheet.catalog.coupons:
        if coupon.code in seen:
            duplicate = Message("runsheet.duplicate_code", code=clip(coupon.code))
            yield duplicate, coupon.location or "Coupons"
        seen.add(coupon.code)


def _missing(location: str, name: str, index: int) -> Problem:
    return Problem(
        "error", location, Message("runsheet.missing", field=field_word(name)), name, index
    )


def cell_text(value: Any) -> str | None:
    """A cell as text: None when empty; 10023.0 (a number cell in Excel) as "10023"."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None
