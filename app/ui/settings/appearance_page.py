"""Settings › Appearance: the console's colours (system / light / dark, seen at once) and the
interface language (at the next start)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from app.domain.settings import Settings

ThemeApplier = Callable[[str], None]


class AppearancePage(QWidget):
    """`apply_theme(theme)` colours the running application (the choice is seen at once; the
    dialog puts the saved one back if it closes unsaved)."""

    def __init__(
        self, settings: Settings, apply_theme: ThemeApplier, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._apply_theme = apply_theme
        self._saved_theme = settings.theme
        self.theme_combo = QComboBox()
        for value, label in (("system", self.tr("Like the system")), ("light", self.tr("Light")),
                             ("dark", self.tr("Dark"))):  # fmt: skip
            self.theme_combo.addItem(label, value)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(settings.theme)))
        self.theme_combo.currentIndexChanged.connect(lambda _i: self._apply_theme(self.theme()))
        self.language_combo = QComboBox()
        # each language by its own name, so it can be found whatever language is showing
        for value, label in (("", self.tr("Like the system")), ("zh_CN", "简体中文"),
                             ("en", "English")):  # fmt: skip
            self.language_combo.addItem(label, value)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(settings.language)))
        note = QLabel(self.tr("A new language shows the next time LiveDesk starts."))
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Colours"), self.theme_combo)
        form.addRow(self.tr("Language 语言"), self.language_combo)
        form.addRow(note)

    def title(self) -> str:
        return self.tr("Appearance")

    def theme(self) -> str:
        return str(self.theme_combo.currentData())

    def language(self) -> str:
        return str(self.language_combo.currentData())

    def revert_preview(self) -> None:
        """The dialog closed without saving: the saved colours come back."""
        if self.theme() != self._saved_theme:
            self._apply_theme(self._saved_theme)

    # ----- the dialog's page protocol ----------------------------------------------------------
    def problems(self) -> list[str]:
        return []

    def apply(self, settings: Settings) -> Settings:
        return replace(settings, theme=self.theme(), language=self.language())

    def secrets_to_write(self) -> dict[str, str | None]:
        return {}

    def after_save(self) -> None:
        self._saved_theme = self.theme()
