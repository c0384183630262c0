"""The console's colours: "system" (the platform's own), "light" or "dark", applied live.

Light and dark use the Fusion style with a palette of their own (native styles may ignore a
palette); "system" puts back the style and palette the application started with.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")
_Role, _Group = QPalette.ColorRole, QPalette.ColorGroup

# Fusion outlines a check box, a frame or a tab in the window's colour made 40% darker: the dark
# window is light enough for that line to show against the fields (talking points' boxes
# vanished into a window of #2b2b2e)
_DARK = {
    _Role.Window: "#36363b", _Role.WindowText: "#e8e8ea", _Role.Base: "#1c1c1f",
    _Role.AlternateBase: "#26262a", _Role.ToolTipBase: "#3a3a3f", _Role.ToolTipText: "#f0f0f2",
    _Role.PlaceholderText: "#8c8c94", _Role.Text: "#e8e8ea", _Role.Button: "#36363a",
    _Role.ButtonText: "#e8e8ea", _Role.BrightText: "#ff6b6b", _Role.Light: "#4a4a50",
    _Role.Midlight: "#404046", _Role.Mid: "#303034", _Role.Dark: "#1a1a1c",
    _Role.Shadow: "#000000", _Role.Highlight: "#3d7bd9", _Role.HighlightedText: "#ffffff",
    _Role.Link: "#6fa8ff", _Role.LinkVisited: "#b28cff",
}  # fmt: skip
_LIGHT = {
    _Role.Window: "#f3f3f5", _Role.WindowText: "#1d1d1f", _Role.Base: "#ffffff",
    _Role.AlternateBase: "#f5f5f7", _Role.ToolTipBase: "#ffffdc", _Role.ToolTipText: "#1d1d1f",
    _Role.PlaceholderText: "#8a8a8e", _Role.Text: "#1d1d1f", _Role.Button: "#eaeaee",
    _Role.ButtonText: "#1d1d1f", _Role.BrightText: "#d32f2f", _Role.Light: "#ffffff",
    _Role.Midlight: "#f0f0f2", _Role.Mid: "#b8b8bd", _Role.Dark: "#9a9aa0",
    _Role.Shadow: "#5a5a5e", _Role.Highlight: "#2f6fd0", _Role.HighlightedText: "#ffffff",
    _Role.Link: "#1a5fc4", _Role.LinkVisited: "#6a3fb8",
}  # fmt: skip
_DISABLED_TEXT = {"dark": "#77777e", "light": "#a0a0a6"}
_started_with: tuple[str, QPalette] | None = None  # (style name, palette) before any theme


def palette(theme: str) -> QPalette:
    """The palette of "light" or "dark"."""
    colours = _DARK if theme == "dark" else _LIGHT
    result = QPalette()
    for role, colour in colours.items():
        result.setColor(role, QColor(colour))
    disabled = QColor(_DISABLED_TEXT["dark" if theme == "dark" else "light"])
    for role in (_Role.WindowText, _Role.Text, _Role.ButtonText):
        result.setColor(_Group.Disabled, role, disabled)
    return result


def apply_theme(app: QApplication, theme: str) -> None:
    """Give the whole application `theme`'s colours now (every open window follows)."""
    global _started_with
    if theme not in THEMES:
        theme = "system"
    if _started_with is None:
        if theme == "system":
            return  # nothing was changed: leave the platform's look alone (and start fast)
        _started_with = (app.style().name(), QPalette(app.palette()))
    if theme == "system":
        style, original = _started_with
        if app.style().name() != style:
            app.setStyle(style)
        app.setPalette(original)
    else:
        if app.style().name() != "fusion":
            app.setStyle("Fusion")
        app.setPalette(palette(theme))
    _repolish_styled(app)


def _repolish_styled(app: QApplication) -> None:
    """A widget with a style sheet (or inside one) keeps the palette it was polished with: after
    a switch made while the console runs, the cue panel's captions and the show's title stayed
    black on the dark window. Setting each style sheet again polishes them with the new one."""
    for widget in app.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet(sheet)


def is_dark(app: QApplication) -> bool:
    """Whether the application's windows are dark now (light text on a dark window)."""
    window = app.palette().color(_Role.Window)
    return window.lightness() < app.palette().color(_Role.WindowText).lightness()
