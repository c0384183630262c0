"""互动 Interaction: the lottery (口令抽奖), a poll or quiz and check-in (签到), from the console.

Each group opens its interaction with a form and shows it live: a lottery's entrants and time
left, then its winners (selectable, with a Copy button); a poll's counts per option, closed and,
for a quiz, the right answer revealed; a check-in's count. Every action goes through the
interaction service (as the API's routes do) on the TaskRunner, so a refused one (a lottery still
open, a poll without options) lands on the message bar; what is shown comes from the show's state
(`update_state`, handed over by the bridge on LotteryChanged, PollChanged and CheckInChanged).

Draw, Close (poll), Reveal and Close check-in have live keys (Ctrl+Shift+D, V, J, I by default):
each presses its button, anywhere in the window and while the tab is behind another, so the host
needs no mouse on air; an off button (nothing open) makes its key do nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.interaction.lottery import MAX_KEYWORD, MAX_SECONDS, MAX_WINNERS
from app.domain.interaction.poll import MAX_OPTION, MAX_OPTIONS, MAX_QUESTION, MIN_OPTIONS
from app.domain.interaction.viewers import Viewer
from app.runtime.tasks import TaskRunner
from app.services.interaction import Interaction
from app.services.review import clock
from app.services.show import Show
from app.services.state import CheckInSlice, InteractionSlice, LotterySlice, PollSlice
from app.ui.keymap import BoundKeys, Keymap

LETTERS = "ABCDEF"  # the options as viewers vote for them (numbers work too)
TICK_MS = 1000  # the lottery's time left, between state updates


def winner_text(viewer: Viewer) -> str:
    """One winner per line, as the host reads it out and the team pastes it: "小明 (douyin)"."""
    return f"{viewer.user} ({viewer.platform})"


class InteractionPanel(QWidget):
    """`update_state(InteractionSlice)`: the latest lottery, poll and check-in (the bridge).

    `key_scope`: the window whose interaction keys act (the main window); the panel itself when
    None. `keymap`: their keys (the defaults when None); `set_keymap` changes them.
    """

    def __init__(
        self,
        show: Show,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        key_scope: QWidget | None = None,
        keymap: Keymap | None = None,
    ) -> None:
        super().__init__(parent)
        self._interaction: Interaction = show.interaction
        self._runner = runner
        self._keys = BoundKeys(keymap or Keymap())
        self._key_scope = key_scope or self
        self._state = InteractionSlice()
        self._lottery_seen_at = time.monotonic()  # when remaining_s was true

        # ----- the lottery
        self.keyword_edit = QLineEdit()
        self.keyword_edit.setMaxLength(MAX_KEYWORD)
        self.keyword_edit.setPlaceholderText(self.tr("The password viewers type, e.g. 666"))
        self.winners_spin = QSpinBox()
        self.winners_spin.setRange(1, MAX_WINNERS)
        self.seconds_spin = QSpinBox()
        self.seconds_spin.setRange(0, MAX_SECONDS)
        self.seconds_spin.setSingleStep(30)
        self.seconds_spin.setValue(60)
        self.seconds_spin.setSuffix(self.tr(" s"))
        self.seconds_spin.setSpecialValueText(self.tr("until drawn"))
        self.exclude_box = QCheckBox(self.tr("Exclude previous winners"))
        self.open_lottery_button = self._button(
            self.tr("Open lottery"),
            self.open_lottery,
            self.tr("Count the viewers who type the keyword"),
        )
        self.draw_button = self._button(
            self.tr("Draw"), self.draw, self.tr("Close the lottery and draw its winners")
        )
        self.lottery_label = self._label()
        self.winners_view = QPlainTextEdit()
        self.winners_view.setReadOnly(True)
        self.winners_view.setPlaceholderText(self.tr("The winners appear here after the draw."))
        self.winners_view.setMaximumHeight(90)
        self.copy_button = self._button(
            self.tr("Copy winners"), self.copy_winners, self.tr("Copy the winners, one per line")
        )
        lottery_form = QFormLayout()
        lottery_form.addRow(self.tr("Keyword"), self.keyword_edit)
        lottery_form.addRow(self.tr("Winners"), self.winners_spin)
        lottery_form.addRow(self.tr("Time"), self.seconds_spin)
        lottery_form.addRow(self.exclude_box)
        lottery = self._group(self.tr("抽奖 Lottery"), lottery_form,
                              (self.open_lottery_button, self.draw_button),
                              self.lottery_label, self.winners_view, self.copy_button)  # fmt: skip

        # ----- the poll or quiz
        self.question_edit = QLineEdit()
        self.question_edit.setMaxLength(MAX_QUESTION)
        self.question_edit.setPlaceholderText(self.tr("Which colour?"))
        self.option_edits: list[QLineEdit] = []
        poll_form = QFormLayout()
        poll_form.addRow(self.tr("Question"), self.question_edit)
        for n in range(MAX_OPTIONS):
            edit = QLineEdit()
            edit.setMaxLength(MAX_OPTION)
            if n >= MIN_OPTIONS:
                edit.setPlaceholderText(self.tr("(optional)"))
            self.option_edits.append(edit)
            poll_form.addRow(LETTERS[n], edit)
        self.answer_combo = QComboBox()
        self.answer_combo.addItem(self.tr("None (a poll)"))
        self.answer_combo.addItems(list(LETTERS[:MAX_OPTIONS]))
        self.answer_combo.setToolTip(self.tr("A quiz has a right answer, revealed when you say"))
        poll_form.addRow(self.tr("Right answer"), self.answer_combo)
        self.open_poll_button = self._button(
            self.tr("Open poll"),
            self.open_poll,
            self.tr("Count the viewers' votes (A, B… or 1, 2…)"),
        )
        self.close_poll_button = self._button(
            self.tr("Close"), self.close_poll, self.tr("Stop counting votes")
        )
        self.reveal_button = self._button(
            self.tr("Reveal"), self.reveal, self.tr("Show the quiz's right answer")
        )
        self.poll_label = self._label()
        poll = self._group(self.tr("投票 Poll / quiz"), poll_form,
                           (self.open_poll_button, self.close_poll_button, self.reveal_button),
                           self.poll_label)  # fmt: skip

        # ----- check-in
        self.checkin_edit = QLineEdit()
        self.checkin_edit.setMaxLength(MAX_KEYWORD)
        self.checkin_edit.setPlaceholderText("签到")  # the usual keyword, in any language
        checkin_form = QFormLayout()
        checkin_form.addRow(self.tr("Keyword"), self.checkin_edit)
        self.open_checkin_button = self._button(
            self.tr("Open check-in"), self.open_checkin, self.tr("Check in the viewers who type it")
        )
        self.close_checkin_button = self._button(
            self.tr("Close check-in"), self.close_checkin, self.tr("Stop checking viewers in")
        )
        self.checkin_label = self._label()
        checkin = self._group(self.tr("签到 Check-in"), checkin_form,
                              (self.open_checkin_button, self.close_checkin_button),
                              self.checkin_label)  # fmt: skip

        inner = QWidget()
        self._row = QBoxLayout(QBoxLayout.Direction.LeftToRight, inner)
        for group in (lottery, poll, checkin):
            self._row.addWidget(group, 1, Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(scroll)

        self._shortcuts = [
            self._shortcut("interaction.draw", self.draw_button),
            self._shortcut("interaction.close_poll", self.close_poll_button),
            self._shortcut("interaction.reveal", self.reveal_button),
            self._shortcut("interaction.close_checkin", self.close_checkin_button),
        ]
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self._show_lottery)
        self.update_state(InteractionSlice())

    # ----- building ----------------------------------------------------------------------------
    @staticmethod
    def _button(text: str, slot: Callable[[], None], tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _shortcut(self, name: str, button: QPushButton) -> QShortcut:
        """Live action `name`'s key clicks `button` (so an off button, nothing open, does nothing),
        in the key scope's window but not while typing in a field; the tooltip shows the key."""
        shortcut = QShortcut(self._key_scope)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.setAutoRepeat(False)  # a held key draws once
        return self._keys.bind(name, shortcut, button, action=button.click)

    def set_keymap(self, keymap: Keymap) -> None:
        """New keys (the settings changed): the shortcuts and tooltips follow at once."""
        self._keys.rebind(keymap)

    @staticmethod
    def _label() -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.PlainText)  # keywords and options are typed text
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    @staticmethod
    def _group(
        title: str, form: QFormLayout, buttons: tuple[QPushButton, ...], *below: QWidget
    ) -> QGroupBox:
        group = QGroupBox(title)
        layout = QVBoxLayout(group)
        layout.addLayout(form)
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        layout.addLayout(row)
        for widget in below:
            layout.addWidget(widget)
        return group

    def set_orientation(self, orientation: Qt.Orientation) -> None:
        """Side by side under the centre, stacked in a dock at a side."""
        across = orientation == Qt.Orientation.Horizontal
        self._row.setDirection(
            QBoxLayout.Direction.LeftToRight if across else QBoxLayout.Direction.TopToBottom
        )

    # ----- actions -----------------------------------------------------------------------------
    def _act(self, action: Callable[[], object], name: str) -> None:
        """Through the TaskRunner, as every console action: a refusal goes to the message bar."""

        async def act() -> None:
            action()

        self._runner.run(act(), name=name)

    def open_lottery(self) -> None:
        interaction, keyword = self._interaction, self.keyword_edit.text().strip()
        winners, seconds = self.winners_spin.value(), self.seconds_spin.value() or None
        exclude = self.exclude_box.isChecked()
        self._act(lambda: interaction.open_lottery(keyword, winners, seconds, exclude), "lottery")

    def draw(self) -> None:
        lottery = self._state.lottery
        if lottery is not None:
            interaction, lottery_id = self._interaction, lottery.id
            self._act(lambda: interaction.draw(lottery_id), "lottery-draw")

    def copy_winners(self) -> None:
        text = self.winners_view.toPlainText()
        clipboard = QGuiApplication.clipboard()
        if text and clipboard is not None:
            clipboard.setText(text)

    def open_poll(self) -> None:
        interaction, question = self._interaction, self.question_edit.text().strip()
        options = [edit.text().strip() for edit in self.option_edits]
        while options and not options[-1]:  # the unused rows at the end
            options.pop()
        index = self.answer_combo.currentIndex()
        answer = index - 1 if index > 0 else None
        self._act(lambda: interaction.open_poll(question, options, None, answer), "poll")

    def close_poll(self) -> None:
        poll = self._state.poll
        if poll is not None:
            interaction, poll_id = self._interaction, poll.id
            self._act(lambda: interaction.close_poll(poll_id), "poll-close")

    def reveal(self) -> None:
        poll = self._state.poll
        if poll is not None:
            interaction, poll_id = self._interaction, poll.id
            self._act(lambda: interaction.reveal(poll_id), "poll-reveal")

    def open_checkin(self) -> None:
        interaction, keyword = self._interaction, self.checkin_edit.text().strip()
        self._act(lambda: interaction.open_checkin(keyword), "checkin")

    def close_checkin(self) -> None:
        self._act(self._interaction.close_checkin, "checkin-close")

    # ----- state in ----------------------------------------------------------------------------
    def update_state(self, state: InteractionSlice) -> None:
        changed = state.lottery != self._state.lottery
        self._state = state
        if changed:
            self._lottery_seen_at = time.monotonic()
            self._show_winners(state.lottery)
        self._show_lottery()
        self._show_poll(state.poll)
        self._show_checkin(state.checkin)

    def _show_lottery(self) -> None:
        lottery = self._state.lottery
        drawn = lottery is not None and lottery.seed is not None
        self.open_lottery_button.setEnabled(lottery is None or drawn)
        self.draw_button.setEnabled(lottery is not None and not drawn)
        if lottery is None:
            self.lottery_label.setText(self.tr("No lottery yet."))
            self._ticker.stop()
            return
        text = self.tr("“{keyword}”: %n entrant(s)", "", lottery.entrants).format(
            keyword=lottery.keyword
        )
        left = self._time_left(lottery)
        if drawn:
            text += " · " + self.tr("drawn, seed {seed}").format(seed=lottery.seed)
        elif left is not None and left > 0:
            text += " · " + self.tr("{left} left").format(left=clock(left))
        elif left is not None:
            text += " · " + self.tr("time is up: draw")
        self.lottery_label.setText(text)
        ticking = not drawn and left is not None and left > 0
        if ticking and not self._ticker.isActive():
            self._ticker.start()
        elif not ticking:
            self._ticker.stop()

    def _time_left(self, lottery: LotterySlice) -> float | None:
        if lottery.remaining_s is None:
            return None
        return max(0.0, lottery.remaining_s - (time.monotonic() - self._lottery_seen_at))

    def _show_winners(self, lottery: LotterySlice | None) -> None:
        winners = () if lottery is None else lottery.drawn
        self.winners_view.setPlainText("\n".join(winner_text(w) for w in winners))
        self.copy_button.setEnabled(bool(winners))

    def _show_poll(self, poll: PollSlice | None) -> None:
        self.close_poll_button.setEnabled(poll is not None and poll.open)
        self.reveal_button.setEnabled(poll is not None and poll.answer is not None
                                      and not poll.revealed)  # fmt: skip
        if poll is None:
            self.poll_label.setText(self.tr("No poll yet."))
            return
        if poll.open:
            said = self.tr("open")
        elif poll.revealed:
            said = self.tr("closed, answer revealed")
        else:
            said = self.tr("closed")
        lines = [poll.question,
                 self.tr("%n voter(s) · {state}", "", poll.voters).format(state=said)]  # fmt: skip
        for n, (option, count) in enumerate(zip(poll.options, poll.counts, strict=False)):
            share = f"{count / poll.voters:.0%}" if poll.voters else "—"
            right = " ✓" if poll.revealed and n == poll.answer else ""
            lines.append(f"{LETTERS[n]}. {option}: {count} ({share}){right}")
        self.poll_label.setText("\n".join(lines))

    def _show_checkin(self, checkin: CheckInSlice | None) -> None:
        is_open = checkin is not None and checkin.open
        self.open_checkin_button.setEnabled(not is_open)
        self.close_checkin_button.setEnabled(is_open)
        if checkin is None:
            self.checkin_label.setText(self.tr("No check-in yet."))
            return
        text = (self.tr("“{keyword}”: {n} checked in, open") if is_open
                else self.tr("“{keyword}”: {n} checked in, closed"))  # fmt: skip
        self.checkin_label.setText(text.format(keyword=checkin.keyword, n=checkin.count))
