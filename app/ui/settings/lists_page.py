"""Settings › Keyword lists, one entry per line: the compliance check's risky terms and allowed
words (广告法), moderation's blocked words and viewers, and the comment classifier's plain word
lists. The classifier's pattern lists are
regular expressions and stay in the settings file (kept as they are)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.blocked_viewers import line_problem
from app.domain.classify import AudienceRules
from app.domain.moderation import DEFAULT_BLOCKED_WORDS, viewers_from_lines
from app.domain.settings import Settings
from app.ui.message_texts import text_for

WORD_LISTS = ("acknowledgements", "courtesy_prefixes", "final_particles")


def lines(text: str) -> tuple[str, ...]:
    """The non-blank lines, trimmed, each once, in order."""
    return tuple(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


class ListsPage(QWidget):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rules = dict(settings.audience_rules)
        self._defaults = AudienceRules().to_dict()
        self.terms_edit = QPlainTextEdit("\n".join(settings.compliance_terms))
        self.terms_edit.setToolTip(
            self.tr(
                "Claims the advertising law forbids (最, 第一, 100%…): the run-sheet check and "
                "the cards warn about them"
            )
        )
        self.allowed_edit = QPlainTextEdit("\n".join(settings.compliance_allowed))
        self.allowed_edit.setToolTip(
            self.tr("Words that contain a risky term but are fine (最近 contains 最)")
        )
        self.blocked_words_edit = QPlainTextEdit("\n".join(settings.blocked_words))
        self.blocked_words_edit.setToolTip(
            self.tr(
                "Comments with these words are kept in the log but never reach the question "
                "queue or the screen; full-width letters and spaces between letters are caught"
            )
        )
        self.contacts_box = QCheckBox(
            self.tr("Block contact details (phone and QQ numbers, links)")
        )
        self.contacts_box.setChecked(settings.block_contacts)
        self.blocked_viewers_edit = QPlainTextEdit("\n".join(settings.blocked_viewers))
        self.blocked_viewers_edit.setToolTip(
            self.tr(
                "One viewer per line: name, platform:name or platform:id=USER_ID; the platform "
                "as LiveDesk shows it (B站, 抖音, Bilibili …) or its id (bilibili, douyin …)"
            )
        )
        self.reset_blocked_button = QPushButton(self.tr("Default blocked words"))
        self.reset_blocked_button.clicked.connect(
            lambda: self.blocked_words_edit.setPlainText("\n".join(DEFAULT_BLOCKED_WORDS))
        )
        self.list_combo = QComboBox()
        for name, label in (
            ("acknowledgements", self.tr("Acknowledgements: not questions (谢谢, 666, ok…)")),
            ("courtesy_prefixes", self.tr("Polite openings before a question (请问, 想问…)")),
            ("final_particles", self.tr("Question particles at the end (吗, 呢…)")),
        ):
            self.list_combo.addItem(label, name)
        self.list_combo.currentIndexChanged.connect(self._show_list)
        self.words_edit = QPlainTextEdit()
        self.words_edit.textChanged.connect(self._keep_list)
        self.reset_list_button = QPushButton(self.tr("Reset this list"))
        self.reset_list_button.setToolTip(self.tr("Back to LiveDesk's own words for this list"))
        self.reset_list_button.clicked.connect(self.reset_list)

        compliance = QGroupBox(self.tr("Compliance (one per line)"))
        grid = QGridLayout(compliance)
        grid.addWidget(QLabel(self.tr("Risky terms")), 0, 0)
        grid.addWidget(QLabel(self.tr("Allowed words")), 0, 1)
        grid.addWidget(self.terms_edit, 1, 0)
        grid.addWidget(self.allowed_edit, 1, 1)
        moderation = QGroupBox(self.tr("Moderation (one per line)"))
        blocked = QGridLayout(moderation)
        blocked.addWidget(QLabel(self.tr("Blocked words")), 0, 0)
        blocked.addWidget(QLabel(self.tr("Blocked viewers")), 0, 1)
        blocked.addWidget(self.blocked_words_edit, 1, 0)
        blocked.addWidget(self.blocked_viewers_edit, 1, 1)
        blocked.addWidget(self.contacts_box, 2, 0)
        blocked.addWidget(self.reset_blocked_button, 2, 1)
        comments = QGroupBox(self.tr("Comment classifier (one per line; applies at next start)"))
        column = QVBoxLayout(comments)
        column.addWidget(self.list_combo)
        column.addWidget(self.words_edit, 1)
        column.addWidget(self.reset_list_button)
        layout = QVBoxLayout(self)
        layout.addWidget(compliance, 1)
        layout.addWidget(moderation, 1)
        layout.addWidget(comments, 1)
        self._show_list()

    def title(self) -> str:
        return self.tr("Keyword lists")

    # ----- the classifier's lists ---------------------------------------------------------------
    def current_list(self) -> str:
        return str(self.list_combo.currentData())

    def words(self, name: str) -> list[str]:
        return list(self._rules.get(name, self._defaults[name]))

    def _show_list(self) -> None:
        self.words_edit.blockSignals(True)
        self.words_edit.setPlainText("\n".join(self.words(self.current_list())))
        self.words_edit.blockSignals(False)

    def _keep_list(self) -> None:
        name = self.current_list()
        words = list(lines(self.words_edit.toPlainText()))
        if words == self._defaults[name]:
            self._rules.pop(name, None)
        else:
            self._rules[name] = words

    def reset_list(self) -> None:
        self._rules.pop(self.current_list(), None)
        self._show_list()

    # ----- the dialog's page protocol ----------------------------------------------------------
    def problems(self) -> list[str]:
        _rules, notes = AudienceRules.from_dict(self._rules)
        found = [self.tr("Comment classifier: {note}").format(note=note) for note in notes]
        for line in lines(self.blocked_viewers_edit.toPlainText()):
            if (problem := line_problem(line)) is not None:  # it would block no one it means
                found.append(
                    self.tr("Blocked viewers: {problem}").format(problem=text_for(problem))
                )
        return found

    def apply(self, settings: Settings) -> Settings:
        return replace(
            settings,
            compliance_terms=lines(self.terms_edit.toPlainText()),
            compliance_allowed=lines(self.allowed_edit.toPlainText()),
            audience_rules=dict(self._rules),
            blocked_words=lines(self.blocked_words_edit.toPlainText()),
            block_contacts=self.contacts_box.isChecked(),
            blocked_viewers=tuple(
                v.as_text()
                for v in viewers_from_lines(lines(self.blocked_viewers_edit.toPlainText()))
            ),
        )

    def secrets_to_write(self) -> dict[str, str | None]:
        return {}

    def after_save(self) -> None:
        pass
