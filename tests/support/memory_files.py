"""The RunSheetFiles port for widget tests: JSON files only, in the canonical form of
app/domain/runsheet_codec (what the real adapter writes for .json), with every call recorded."""

from __future__ import annotations

import json
from pathlib import Path

from app.domain.runsheet import ParseResult, RunSheet
from app.domain.runsheet_codec import sheet_from_dict, sheet_to_dict
from app.services.ports import UnreadableRunSheet


class JsonRunSheetFiles:
    """Reads and writes `.json` run-sheets; any other extension is unreadable, as a file in an
    unknown format is to the real adapter."""

    def __init__(self) -> None:
        self.loads: list[str] = []
        self.saves: list[str] = []

    def load(self, path: str) -> ParseResult:
        self.loads.append(path)
        file = self._json_path(path)
        try:
            text = file.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise UnreadableRunSheet(f"cannot read {file.name}: {exc.strerror or exc}") from None
        if not text.strip():
            raise UnreadableRunSheet(f"{file.name} is empty")
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise UnreadableRunSheet(f"{file.name} is not valid JSON: {exc}") from None
        return sheet_from_dict(data)

    def save(self, sheet: RunSheet, path: str, like: str | None = None) -> None:
        file = self._json_path(path)
        text = json.dumps(sheet_to_dict(sheet), ensure_ascii=False, indent=2)
        file.write_text(text + "\n", encoding="utf-8")
        self.saves.append(path)

    @staticmethod
    def _json_path(path: str) -> Path:
        file = Path(path)
        if file.suffix.lower() != ".json":
            raise UnreadableRunSheet(f"{file.name}: only .json run-sheets here")
        return file
