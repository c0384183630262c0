"""The producer's "message to the host" strip: a preset or typed text, urgent or not, sent to the
host view; the message being shown, with a button to clear it. One thin row in the console."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from app.runtime.tasks import TaskRunner
from app.services.show import Show
from app.services.state import HostMessage

_STYLE = """
#hostMessageShown { background: #1565c0; color: #ffffff; padding: 2px 8px; border-radius: 4px; }
#hostMessageShown[level="urgent"] { background: #c62828; }
"""


class HostMessageBox(QWidget):
    """`update_state` takes the show's message for the host (the bridge hands it over)."""

    def __init__(
        self, show: Show, runner: TaskRunner, by: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("hostMessageBox")
        self.setStyleSheet(_STYLE)
        self._show, self._runner, self._by = show, runner, by or None
        self.presets = (
            self.tr("2 minutes left"),
            self.tr("Go to the coupon"),
            self.tr("Check the questions"),
            self.tr("Slow down"),
        )
        self.text_combo = QComboBox()
        self.text_combo.setEditable(True)
        # the presets stay the presets: a message sent with Enter is not added (blanks neither)
        self.text_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.text_combo.addItems(self.presets)
        self.text_combo.setCurrentIndex(-1)
        self.text_combo.setMinimumContentsLength(8)
        # as wide as ten characters, whatever the presets' length: the strip must stay thin
        self.text_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        line = self.text_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("Message to the host…"))
            line.setMaxLength(200)
            line.returnPressed.connect(self.send)
        self.text_combo.setToolTip(self.tr("Shown on the host view until cleared"))
        self.urgent_box = QCheckBox(self.tr("Urgent"))
        self.urgent_box.setToolTip(self.tr("Urgent messages flash on the host view"))
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setToolTip(self.tr("Send the message to the host view"))
        self.send_button.clicked.connect(self.send)
        self.shown_label = QLabel()
        self.shown_label.setObjectName("hostMessageShown")
        self.shown_label.setTextFormat(Qt.TextFormat.PlainText)
        self.shown_label.setMinimumWidth(40)  # a long message is cut here; the host view has it all
        self.shown_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Take the message off the host view"))
        self.clear_button.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text_combo, 1)
        layout.addWidget(self.urgent_box)
        layout.addWidget(self.send_button)
        layout.addWidget(self.shown_label, 1)
        layout.addWidget(self.clear_button)
        self.update_state(None)

    def send(self) -> None:
        text = self.text_combo.currentText().strip()
        if not text:
            return
        level = "urgent" if self.urgent_box.isChecked() else "info"
        messages, by = self._show.host_messages, self._by

        async def send() -> None:
            messages.send(text, level, by)

        self._runner.run(send(), name="host-message")
        self.text_combo.setCurrentIndex(-1)
        self.text_combo.setEditText("")
        self.urgent_box.setChecked(False)

    def clear(self) -> None:
        messages, by = self._show.host_messages, self._by

        async def clear() -> None:
            messages.clear(by)

        self._runner.run(clear(), name="host-message-clear")

    def update_state(self, message: HostMessage | None) -> None:
        self.shown_label.setVisible(message is not None)
        self.clear_button.setVisible(message is not None)
        if message is None:
            return
        self.shown_label.setText(message.text)
        if self.shown_label.property("level") != message.level:
            self.shown_label.setProperty("level", message.level)
            self.shown_label.style().unpolish(self.shown_label)
            self.shown_label.style().polish(self.shown_label)
