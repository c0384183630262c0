"""The producer's run-sheet editor window (see window.RunSheetEditor)."""

from app.ui.runsheet_editor.model import ERROR_COLOR, WARNING_COLOR, RunSheetModel
from app.ui.runsheet_editor.window import RunSheetEditor

__all__ = ["ERROR_COLOR", "WARNING_COLOR", "RunSheetEditor", "RunSheetModel"]
