"""The question queue: viewers' questions, the most asked first, claimed, answered, dismissed or
featured from the keyboard, with the suggested answer ready to paste into the platform.

Keys (while the panel is on screen): in the table Up/Down select, C claim, A answer, D dismiss,
F feature, Enter goes to the answer box (Esc back); Ctrl+Enter sends the answer from the table or
the answer box; Ctrl+Z takes back the last dismiss; Ctrl+L claims and Ctrl+Shift+C copies the
answer from anywhere in the window. The list itself is app/ui/question_table.py.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import (
    QGuiApplication,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabBar,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain.moderation import anonymous
from app.runtime.tasks import TaskRunner
from app.services.audience import Audience
from app.services.errors import NotFound
from app.services.events import Event, QuestionsChanged
from app.services.show import Show
from app.services.state import QuestionCard
from app.ui.keymap import BoundKeys, Keymap
from app.ui.platform_names import platform_name
from app.ui.question_table import QuestionTable
from app.ui.widgets import LivePanel

STATES = ("open", "claimed", "answered", "dismissed", "all")
SEND_KEYS = ("Ctrl+Return", "Ctrl+Enter")  # claim and copy: the keymap (app/ui/keymap.py)
TABLE_KEYS = {"claim": "C", "answer": "A", "dismiss": "D", "feature": "F"}
UNDO_KEY = "Ctrl+Z"  # in the list: the last question dismissed here back among the open ones
PLATFORMS = ("manual", "douyin", "kuaishou", "taobao", "wechat", "xiaohongshu", "bilibili",
             "youtube", "twitch")  # fmt: skip
SHOWN = 300  # the most asked first; a flood of distinct questions never lists them all
REFRESH_DELAY_MS = 200  # questions.changed comes in bursts (floods): one refresh per burst
TICK_MS = 1000


def _native(key: str) -> str:
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


class QueuePanel(LivePanel):
    """Lists the questions of one state (`show.audience.questions()`, refreshed on
    `QuestionsChanged`: connect `on_event` to the bridge's `event_received`) and acts on them
    through the TaskRunner as `assistant_name`.

    `key_scope`: the window whose Ctrl+L / Ctrl+Shift+C act (the main window); the panel itself
    when None.
    """

    def __init__(
        self,
        show: Show,
        runner: TaskRunner,
        assistant_name: str = "主控",
        *,
        key_scope: QWidget | None = None,
        keymap: Keymap | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._bound = BoundKeys(keymap or Keymap())
        if show.audience is None:
            raise ValueError("the queue needs the show's audience service")
        self._audience: Audience = show.audience
        self._tasks = runner
        self.assistant_name = assistant_name
        self._key_scope = key_scope or self
        self._seen: tuple[object, ...] = ()  # what the last refresh listed
        self._answer_for: int | None = None
        self._dismissed: int | None = None  # the last question dismissed here (UNDO_KEY)

        self.state_tabs = QTabBar()
        self.state_tabs.setToolTip(self.tr("Which questions to list"))
        for state in STATES:
            self.state_tabs.setTabData(self.state_tabs.addTab(state), state)
        self.state_tabs.currentChanged.connect(lambda _i: self.refresh())
        self.table = self._table()
        self.answer_edit = QPlainTextEdit()
        send = _native(SEND_KEYS[0])
        self.answer_edit.setPlaceholderText(self.tr("Answer… ({key} sends)").format(key=send))
        self.answer_edit.setToolTip(
            self.tr(
                "Prefilled with the suggested answer; {key} answers, {back} back to the list"
            ).format(key=send, back=_native("Escape"))
        )
        self.answer_edit.setTabChangesFocus(True)
        self.claim_button = self._button(
            self.tr("Claim"), self._claim_or_give_back, self.tr("I’ll answer it")
        )
        self.answer_button = self._button(
            self.tr("Answer"), self.answer, self.tr("Mark answered with the text above")
        )
        dismiss_tip = self.tr("Not a question; dismissed: Reopen. {undo} undoes the last dismiss")
        self.dismiss_button = self._button(
            self.tr("Dismiss"), self._dismiss_or_reopen, dismiss_tip.format(undo=_native(UNDO_KEY))
        )
        self.feature_button = self._button(
            self.tr("Feature"), self.feature, self.tr("Show the question on stream")
        )
        self.copy_button = self._button(
            self.tr("Copy answer"), self.copy_answer, self.tr("Copy the answer to paste it in chat")
        )
        self.platform_combo = QComboBox()
        self.platform_combo.setEditable(True)
        for platform in PLATFORMS:  # by the names viewers know (抖音, B站); the id as data
            self.platform_combo.addItem(platform_name(platform), platform)
        self.platform_combo.setToolTip(self.tr("Where the question was asked"))
        self.viewer_edit = QLineEdit()
        self.viewer_edit.setPlaceholderText(self.tr("Viewer"))
        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText(self.tr("A question seen elsewhere (Enter adds it)"))
        self.text_edit.returnPressed.connect(self.add_manual)
        self.add_button = self._button(
            self.tr("Add"), self.add_manual, self.tr("File it in the queue")
        )
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self._lay_out()
        self._shortcuts = self._keys()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.table.show_ages)
        self.refresh()

    def _table(self) -> QuestionTable:
        table = QuestionTable()
        tip = self.tr("↑/↓ select · C claim · A answer · D dismiss · F feature · Enter: answer")
        table.setToolTip(tip)
        table.selectionModel().currentRowChanged.connect(self._on_current)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(
            lambda at: self.block_menu().popup(table.viewport().mapToGlobal(at))
        )
        return table

    def _lay_out(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.state_tabs)
        left_layout.addWidget(self.table, 1)
        right = QWidget()
        actions = QGridLayout(right)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(self.answer_edit, 0, 0, 1, 3)
        buttons = (self.claim_button, self.answer_button, self.dismiss_button,
                   self.feature_button, self.copy_button)  # fmt: skip
        for number, button in enumerate(buttons):
            actions.addWidget(button, 1 + number // 3, number % 3)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        manual = QHBoxLayout()
        manual.addWidget(self.platform_combo)
        manual.addWidget(self.viewer_edit, 1)
        manual.addWidget(self.text_edit, 3)
        manual.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(manual)

    def set_orientation(self, orientation: Qt.Orientation) -> None:
        """The list beside the answer box (docked above or below the centre) or above it."""
        self.splitter.setOrientation(orientation)

    def _button(self, text: str, slot: Callable[[], object], tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _keys(self) -> list[QShortcut]:
        """Table keys and Ctrl+Enter work where they are typed; Ctrl+L and Ctrl+Shift+C work in
        the whole window but only while the panel is shown (see showEvent)."""
        slots = {"claim": self.claim, "answer": self.answer, "dismiss": self.dismiss,
                 "feature": self.feature}  # fmt: skip
        buttons = {"claim": self.claim_button, "answer": self.answer_button,
                   "dismiss": self.dismiss_button, "feature": self.feature_button}  # fmt: skip
        for action, key in TABLE_KEYS.items():
            self._local(key, self.table, slots[action])
            buttons[action].setToolTip(f"{buttons[action].toolTip()} ({key})")
        for key in SEND_KEYS:
            self._local(key, self.table, self.answer)
            self._local(key, self.answer_edit, self.answer)
        self._local(UNDO_KEY, self.table, self.undo_dismiss)
        self._local("Return", self.table, self.answer_edit.setFocus)
        self._local("Escape", self.answer_edit, self.table.setFocus)
        self.answer_button.setToolTip(f"{self.answer_button.toolTip()} ({_native(SEND_KEYS[0])})")
        shortcuts = []
        for name, slot, button in (("questions.claim", self.claim, self.claim_button),
                                   ("questions.copy_answer", self.copy_answer,
                                    self.copy_button)):  # fmt: skip
            shortcut = QShortcut(self._key_scope)
            shortcut.setAutoRepeat(False)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.setEnabled(False)
            if name == "questions.copy_answer":  # nothing on air: it works from the answer box
                shortcut.activated.connect(slot)
                shortcuts.append(self._bound.bind(name, shortcut, button))
            else:
                shortcuts.append(self._bound.bind(name, shortcut, button, action=slot))
        return shortcuts

    def set_keymap(self, keymap: Keymap) -> None:
        """New keys (the settings changed): the shortcuts and tooltips follow at once."""
        self._bound.rebind(keymap)

    @staticmethod
    def _local(key: str, widget: QWidget, slot: Callable[[], object]) -> None:
        shortcut = QShortcut(QKeySequence(key), widget, autoRepeat=False)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(lambda: slot())

    # ----- state in ----------------------------------------------------------------------------
    def on_event(self, event: Event) -> None:
        """Bus events (ShowBridge.event_received): the list follows `QuestionsChanged` while it
        is on screen (behind another tab it is listed afresh when it appears: LivePanel)."""
        if (isinstance(event, QuestionsChanged) and self.isVisible()
                and not self._refresh_timer.isActive()):  # fmt: skip
            self._refresh_timer.start()

    @property
    def state(self) -> str:
        return str(self.state_tabs.tabData(self.state_tabs.currentIndex()))

    def set_state(self, state: str) -> None:
        self.state_tabs.setCurrentIndex(STATES.index(state))

    def questions(self) -> list[QuestionCard]:
        """The listed questions, in table order."""
        return list(self.table.questions)

    def selected(self) -> QuestionCard | None:
        return self.table.selected()

    def select(self, question_id: int) -> None:
        for row, question in enumerate(self.table.questions):
            if question.id == question_id:
                self.table.selectRow(row)
                return

    def refresh(self) -> None:
        self._refresh_timer.stop()
        listing = self._audience.questions(self.state, SHOWN)
        counts = listing.counts
        names = {"open": self.tr("Open"), "claimed": self.tr("Claimed"),
                 "answered": self.tr("Answered"), "dismissed": self.tr("Dismissed")}  # fmt: skip
        for index, state in enumerate(STATES):
            label = names.get(state, self.tr("All"))
            self.state_tabs.setTabText(
                index, f"{label} {counts[state]}" if state in counts else label
            )
        chosen, row = self.selected(), self.table.currentRow()
        # under a flood of new questions the top of the list often stays the same
        seen = (self.state, listing.questions)
        if seen == self._seen:
            return
        self._seen = seen
        self.table.show_questions(listing.questions)
        ids = [q.id for q in listing.questions]
        if chosen is not None and chosen.id in ids:
            row = ids.index(chosen.id)
        if ids:
            self.table.selectRow(min(max(row, 0), len(ids) - 1))
        # selectRow on the row that stays current emits no currentChanged: the answer box would
        # keep the answered question's text for the one now in its row (idempotent otherwise)
        self._on_current(self.table.currentIndex(), QModelIndex())
        self._name_actions(self.selected())

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        question = self.selected() if current.isValid() else None
        for button in (self.claim_button, self.answer_button, self.dismiss_button,
                       self.feature_button):  # fmt: skip
            button.setEnabled(question is not None)
        self._name_actions(question)
        qid = None if question is None else question.id
        if qid == self._answer_for:
            return
        self._answer_for = qid
        suggestion = None if question is None else question.suggestion
        prefill = (question and question.answer) or (suggestion and suggestion.answer) or ""
        self.answer_edit.setPlainText(prefill)

    def _name_actions(self, question: QuestionCard | None) -> None:
        """Claim gives back a question this assistant claimed; Dismiss reopens a dismissed one."""
        mine = self._claimed_here(question)
        self.claim_button.setText(self.tr("Give back") if mine else self.tr("Claim"))
        dismissed = question is not None and question.state == "dismissed"
        self.dismiss_button.setText(self.tr("Reopen") if dismissed else self.tr("Dismiss"))
        self.feature_button.setEnabled(question is not None and not dismissed)  # reopen first

    def _claimed_here(self, question: QuestionCard | None) -> bool:
        return (question is not None and question.state == "claimed"
                and question.claimed_by == self.assistant_name)  # fmt: skip

    # ----- actions out -------------------------------------------------------------------------
    def _claim_or_give_back(self) -> None:
        """The button: what it says (the keys only ever claim)."""
        if self._claimed_here(self.selected()):
            self._act("reopen")
        else:
            self.claim()

    def _dismiss_or_reopen(self) -> None:
        """The button: what it says (the key only ever dismisses)."""
        question = self.selected()
        if question is not None and question.state == "dismissed":
            self._act("reopen")
        else:
            self.dismiss()

    def claim(self) -> None:
        self._act("claim")

    def answer(self) -> None:
        self._act("answer", self.answer_edit.toPlainText().strip() or None)

    def dismiss(self) -> None:
        question = self.selected()
        if question is not None and question.state != "dismissed":
            self._dismissed = question.id
        self._act("dismiss")

    def undo_dismiss(self) -> None:
        """The last question dismissed here, back among the open ones (once)."""
        question_id, self._dismissed = self._dismissed, None
        if question_id is None:
            return
        audience, by = self._audience, self.assistant_name

        async def reopen() -> None:
            audience.act(question_id, "reopen", by)

        self._tasks.run(reopen(), name="question-reopen")

    def feature(self) -> None:
        self._act("feature")

    def _act(self, action: str, answer: str | None = None) -> None:
        question = self.selected()
        if question is None:
            return
        audience, by, qid = self._audience, self.assistant_name, question.id

        async def act() -> None:
            audience.act(qid, action, by, answer)

        self._tasks.run(act(), name=f"question-{action}")

    def block_menu(self) -> QMenu:
        """The list's context menu: block the selected question's first asker (its only asker:
        the question is dismissed too). Kept as `context_menu`."""
        old = getattr(self, "context_menu", None)
        if old is not None:
            old.deleteLater()
        menu = self.context_menu = QMenu(self)
        question = self.selected()
        if question is not None and question.askers:
            user = question.askers[0]
            block = menu.addAction(self.tr("Block viewer {user}").format(user=user))
            block.setObjectName("blockAction")
            block.triggered.connect(lambda: self.block_asker(question))
        return menu

    def block_asker(self, question: QuestionCard) -> None:
        audience, by, user = self._audience, self.assistant_name, question.askers[0]
        platform = "" if question.platform == "manual" else question.platform
        typed_in = self._typed_in_id(question.comment_ids[0] if question.comment_ids else None)

        async def block() -> None:
            if typed_in is not None:  # one of the many 观众 typed in without a name: that one
                audience.block(platform=question.platform, user_id=typed_in)
            else:
                audience.block(user, platform)
            if question.asked <= 1 and question.state in ("open", "claimed"):
                audience.act(question.id, "dismiss", by)

        self._tasks.run(block(), name="viewer-block")

    def _typed_in_id(self, comment_id: int | None) -> str | None:
        """The id of a question typed in without the viewer's name, which blocks that entry
        alone (a block of the name would reach every real viewer called 观众)."""
        if comment_id is None:
            return None
        try:
            user_id = self._audience.comment(comment_id).user_id
        except NotFound:  # left memory: by name, as before
            return None
        return user_id if anonymous(user_id) else None

    def copy_answer(self) -> None:
        """The answer box (or the recorded answer) to the clipboard, to paste on the platform."""
        text = self.answer_edit.toPlainText().strip()
        if not text and (question := self.selected()):
            text = question.answer or ""
        if text:
            QGuiApplication.clipboard().setText(text)

    def add_manual(self) -> None:
        text, viewer = self.text_edit.text().strip(), self.viewer_edit.text()
        typed = self.platform_combo.currentText().strip()
        known = self.platform_combo.findText(typed)  # a listed one: its id ("manual" in words)
        platform = str(self.platform_combo.itemData(known) if known >= 0 else typed) or "manual"
        if not text:
            return
        audience = self._audience

        async def add() -> None:
            audience.add_manual(viewer, text, platform)
            if isValid(self.text_edit) and self.text_edit.text().strip() == text:
                self.text_edit.clear()

        self._tasks.run(add(), name="question-add")
