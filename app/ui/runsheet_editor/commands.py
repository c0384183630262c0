"""Undoable edits of the run-sheet's rows: each command calls the model's `apply_*` mutators, which
emit the model's signals; nothing else changes the rows (loading a file resets the stack)."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand

Row = list[str]


class RowStore(Protocol):
    """What the commands need of the model."""

    def cell(self, row: int, field: str) -> str: ...

    def apply_cell(self, row: int, field: str, text: str) -> None: ...

    def apply_insert(self, at: int, rows: list[Row]) -> None: ...

    def apply_remove(self, rows: list[int]) -> list[Row]: ...

    def apply_move(self, source: int, count: int, destination: int) -> None: ...


class EditCellCommand(QUndoCommand):
    def __init__(self, store: RowStore, row: int, field: str, text: str, label: str) -> None:
        super().__init__(label)
        self._store, self._row, self._field = store, row, field
        self._old, self._new = store.cell(row, field), text

    def redo(self) -> None:
        self._store.apply_cell(self._row, self._field, self._new)

    def undo(self) -> None:
        self._store.apply_cell(self._row, self._field, self._old)


class InsertRowsCommand(QUndoCommand):
    """Add (a new row) and Duplicate (copies of rows) alike: rows inserted as a block at `at`."""

    def __init__(self, store: RowStore, at: int, rows: list[Row], label: str) -> None:
        super().__init__(label)
        self._store, self._at = store, at
        self._rows = [list(row) for row in rows]

    def redo(self) -> None:
        self._store.apply_insert(self._at, [list(row) for row in self._rows])

    def undo(self) -> None:
        self._store.apply_remove(list(range(self._at, self._at + len(self._rows))))


class RemoveRowsCommand(QUndoCommand):
    """Delete rows, contiguous or not; undo puts each back where it was."""

    def __init__(self, store: RowStore, rows: list[int], label: str) -> None:
        super().__init__(label)
        self._store = store
        self._indexes = sorted(set(rows))
        self._removed: list[Row] = []

    def redo(self) -> None:
        self._removed = self._store.apply_remove(self._indexes)

    def undo(self) -> None:
        for index, row in zip(self._indexes, self._removed, strict=True):
            self._store.apply_insert(index, [row])


class MoveRowsCommand(QUndoCommand):
    """Move `count` rows from `source` to before `destination` (QAbstractItemModel.moveRows'
    coordinates, counted before the move)."""

    def __init__(
        self, store: RowStore, source: int, count: int, destination: int, label: str
    ) -> None:
        super().__init__(label)
        self._store = store
        self._source, self._count, self._destination = source, count, destination

    def redo(self) -> None:
        self._store.apply_move(self._source, self._count, self._destination)

    def undo(self) -> None:
        if self._destination < self._source:  # moved up: the block now starts at destination
            self._store.apply_move(self._destination, self._count, self._source + self._count)
        else:  # moved down: the block now ends just before destination
            start = self._destination - self._count
            self._store.apply_move(start, self._count, self._source)


def reorder_moves(rows: list[int], destination: int) -> list[tuple[int, int]]:
    """Single-row moves (source, destination) that bring `rows` (any selection) together, in their
    order, before row `destination`; applied one after another."""
    ordered = sorted(set(rows))
    above = [r for r in ordered if r < destination]
    below = [r for r in ordered if r >= destination]
    moves: list[tuple[int, int]] = []
    for placed, row in enumerate(below):  # rows below move up, each after the one before
        target = destination + placed
        if row != target:
            moves.append((row, target))
    for placed, row in enumerate(reversed(above)):  # rows above move down, last one first
        target = destination - placed
        if row not in (target - 1, target):
            moves.append((row, target))
    return moves
