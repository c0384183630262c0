"""The live actions' keys in one place: action name -> default key and a label for people.

The panels and the main window read their keys from a `Keymap` (the defaults, overridden by the
settings' `hotkeys`), and every live action's tooltip shows its current key (`with_key`).
`BoundKeys` keeps a panel's shortcuts and tooltips in step when the keymap changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from shiboken6 import isValid

from app.ui.translate_noop import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)
_CONTEXT = "Keymap"
SCENE_KEYS = 12  # scene.1 … scene.12: F1 … F12


@dataclass(frozen=True)
class LiveAction:
    name: str
    default: str  # portable text, e.g. "Ctrl+Shift+F"
    label: str  # English source text; `Keymap.label()` translates it


ACTIONS: tuple[LiveAction, ...] = (
    LiveAction("cue.next", "Space", QT_TRANSLATE_NOOP("Keymap", "Cue the next segment")),
    LiveAction("cue.prev", "Shift+Space",
               QT_TRANSLATE_NOOP("Keymap", "Back to the previous segment")),
    LiveAction("cue.standby", "Ctrl+B", QT_TRANSLATE_NOOP("Keymap", "Standby and back")),
    LiveAction("overlay.product", "Ctrl+P",
               QT_TRANSLATE_NOOP("Keymap", "Show or hide the selected product card")),
    LiveAction("overlay.coupon", "Ctrl+K",
               QT_TRANSLATE_NOOP("Keymap", "Start or stop the selected coupon")),
    LiveAction("overlay.extend", "Ctrl+E",
               QT_TRANSLATE_NOOP("Keymap", "Add time to the coupon countdown")),
    LiveAction("overlay.clear_featured", "Ctrl+Shift+F",
               QT_TRANSLATE_NOOP("Keymap", "Take the featured comment off screen")),
    LiveAction("scenes.transition", "Ctrl+T",
               QT_TRANSLATE_NOOP("Keymap", "Transition (studio mode)")),
    *(LiveAction(f"scene.{n}", f"F{n}", QT_TRANSLATE_NOOP("Keymap", "Switch to scene {n}"))
      for n in range(1, SCENE_KEYS + 1)),
    LiveAction("show.marker", "M", QT_TRANSLATE_NOOP("Keymap", "Mark this moment")),
    LiveAction("view.host", "Ctrl+F11", QT_TRANSLATE_NOOP("Keymap", "Host view")),
    LiveAction("questions.claim", "Ctrl+L",
               QT_TRANSLATE_NOOP("Keymap", "Claim the selected question")),
    LiveAction("questions.copy_answer", "Ctrl+Shift+C",
               QT_TRANSLATE_NOOP("Keymap", "Copy the answer")),
    LiveAction("overlay.stop_coupon", "Ctrl+Shift+K",
               QT_TRANSLATE_NOOP("Keymap", "Stop the coupon countdown")),
    LiveAction("outputs.stream", "Ctrl+Shift+L",
               QT_TRANSLATE_NOOP("Keymap", "Start or stop streaming (stopping asks first)")),
    LiveAction("outputs.record", "Ctrl+Shift+R",
               QT_TRANSLATE_NOOP("Keymap", "Start or stop recording (stopping asks first)")),
    LiveAction("outputs.save_replay", "Ctrl+Shift+B",  # B: the replay buffer
               QT_TRANSLATE_NOOP("Keymap", "Save the replay (OBS's replay buffer)")),
    LiveAction("thanks.top", "Ctrl+Shift+G",  # G: 感谢 gǎnxiè
               QT_TRANSLATE_NOOP("Keymap", "Mark the top of the thanks list thanked")),
    # Each interaction key presses its Interaction-tab button: nothing happens while the button
    # is off (nothing open). None shares a key Qt or an OS reserves (⌘⇧Q logs out on a Mac).
    LiveAction("interaction.draw", "Ctrl+Shift+D",
               QT_TRANSLATE_NOOP("Keymap", "Draw the open lottery's winners")),
    LiveAction("interaction.close_poll", "Ctrl+Shift+V",  # V: the vote
               QT_TRANSLATE_NOOP("Keymap", "Close the open poll")),
    LiveAction("interaction.reveal", "Ctrl+Shift+J",  # J: 揭晓 jiēxiǎo
               QT_TRANSLATE_NOOP("Keymap", "Reveal the quiz's right answer")),
    LiveAction("interaction.close_checkin", "Ctrl+Shift+I",  # I: check-in
               QT_TRANSLATE_NOOP("Keymap", "Close the open check-in")),
)  # fmt: skip
_BY_NAME = {action.name: action for action in ACTIONS}

# Keys that already mean something where live keys act: never given to a live action.
RESERVED: dict[str, str] = {
    "Return": QT_TRANSLATE_NOOP("Keymap", "choosing in lists"),
    "Enter": QT_TRANSLATE_NOOP("Keymap", "choosing in lists"),
    "Esc": QT_TRANSLATE_NOOP("Keymap", "leaving a field"),
    "Tab": QT_TRANSLATE_NOOP("Keymap", "moving between fields"),
    "Backtab": QT_TRANSLATE_NOOP("Keymap", "moving between fields"),
    "Ctrl+Return": QT_TRANSLATE_NOOP("Keymap", "sending an answer"),
    "Ctrl+Enter": QT_TRANSLATE_NOOP("Keymap", "sending an answer"),
    "C": QT_TRANSLATE_NOOP("Keymap", "claiming in the question list"),
    "A": QT_TRANSLATE_NOOP("Keymap", "answering in the question list"),
    "D": QT_TRANSLATE_NOOP("Keymap", "dismissing in the question list"),
    "F": QT_TRANSLATE_NOOP("Keymap", "featuring in the question list"),
    "Ctrl+,": QT_TRANSLATE_NOOP("Keymap", "opening the settings"),
    "Ctrl+Shift+S": QT_TRANSLATE_NOOP("Keymap", "opening the sessions archive"),
}


def portable(key: str | QKeySequence) -> str:
    """A key in its stored form ("Ctrl+Shift+F"); "" for no key or one Qt cannot read."""
    sequence = key if isinstance(key, QKeySequence) else QKeySequence(key)
    return sequence.toString(QKeySequence.SequenceFormat.PortableText)


def native(key: str) -> str:
    """A key as this system writes it (⌘P on a Mac)."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


def with_key(tip: str, key: str) -> str:
    """A live action's tooltip with its key: "Cue the next segment (Space)"."""
    return f"{tip} ({native(key)})" if key else tip


class Keymap:
    """The default keys with `overrides` (the settings' hotkeys) on top. An override for an
    unknown action, one Qt cannot read, a reserved key or one that two actions would share falls
    back to the default (with a log line), so a hand-edited file never leaves a key dead."""

    def __init__(self, overrides: Mapping[str, str] | None = None) -> None:
        keys = {action.name: action.default for action in ACTIONS}
        wanted: dict[str, str] = {}
        for name, key in (overrides or {}).items():
            text = portable(key)
            if name not in keys:
                log.warning("hotkeys: no live action “%s”; ignored", name)
            elif not text or text in RESERVED or QKeySequence(text).count() != 1:
                log.warning("hotkeys: “%s” for %s is not a usable key; using %s", key, name,
                            keys[name])  # fmt: skip
            else:
                wanted[name] = text
        keys.update(wanted)
        while clashes := _clashes(keys):  # each round puts back at least one default
            for name in clashes & wanted.keys():
                log.warning("hotkeys: %s shares “%s”; using %s", name, keys[name],
                            _BY_NAME[name].default)  # fmt: skip
                keys[name] = _BY_NAME[name].default
                del wanted[name]
        self._keys = keys

    def key(self, name: str) -> str:
        return self._keys[name]

    def sequence(self, name: str) -> QKeySequence:
        return QKeySequence(self._keys[name])

    def keys(self) -> dict[str, str]:
        return dict(self._keys)

    def overrides(self) -> dict[str, str]:
        """What differs from the defaults: the settings' `hotkeys`."""
        return {n: k for n, k in self._keys.items() if k != _BY_NAME[n].default}

    def tip(self, tip: str, name: str) -> str:
        return with_key(tip, self._keys[name])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Keymap) and other._keys == self._keys

    __hash__ = None  # type: ignore[assignment]

    @staticmethod
    def label(name: str) -> str:
        """The action's name for people, translated."""
        number = name.split(".", 1)[1] if name.startswith("scene.") else ""
        text = QCoreApplication.translate(_CONTEXT, _BY_NAME[name].label)
        return text.format(n=number) if number else text

    @staticmethod
    def reserved_use(key: str) -> str | None:
        """What a reserved key already does, translated; None when the key is free."""
        use = RESERVED.get(portable(key))
        return QCoreApplication.translate(_CONTEXT, use) if use else None

    @staticmethod
    def default(name: str) -> str:
        return _BY_NAME[name].default


def typing_in_progress() -> bool:
    """Whether keys go to a text field (Space types a space there, it must not cue)."""
    focus = QApplication.focusWidget()
    if isinstance(focus, QLineEdit | QTextEdit | QPlainTextEdit):
        return not focus.isReadOnly()
    if isinstance(focus, QComboBox):
        return focus.isEditable()
    return isinstance(focus, QAbstractSpinBox)


def unless_typing(action: Callable[[], object]) -> Callable[[], None]:
    """`action` for a live key: it does nothing while a text field has focus (the key is the
    field's: Ctrl+Shift+L typed by mistake in a message must not start streaming)."""

    def run() -> None:
        if not typing_in_progress():
            action()

    return run


def _clashes(keys: Mapping[str, str]) -> set[str]:
    users: dict[str, list[str]] = {}
    for name, key in keys.items():
        users.setdefault(key, []).append(name)
    return {name for names in users.values() if len(names) > 1 for name in names}


class BoundKeys:
    """A panel's live shortcuts by action name, each with the widget whose tooltip shows its key.
    `rebind(keymap)` gives them the keymap's keys and rewrites the tooltips."""

    def __init__(self, keymap: Keymap) -> None:
        self.keymap = keymap
        self._bound: list[tuple[str, QShortcut, list[tuple[QWidget, str]]]] = []
        self._shown: list[tuple[str, QWidget, str]] = []  # tooltips of keys bound elsewhere

    def bind(
        self,
        name: str,
        shortcut: QShortcut,
        *shown_on: QWidget,
        action: Callable[[], object] | None = None,
    ) -> QShortcut:
        """`shortcut` takes the action's key and runs `action` (never while a text field has
        focus: `unless_typing`); each of `shown_on` keeps its current tooltip with the key
        added."""
        shortcut.setKey(self.keymap.sequence(name))
        if action is not None:
            shortcut.activated.connect(unless_typing(action))
        tips = [(widget, widget.toolTip()) for widget in shown_on]
        self._bound.append((name, shortcut, tips))
        for widget, tip in tips:
            widget.setToolTip(self.keymap.tip(tip, name))
        return shortcut

    def show(self, name: str, *widgets: QWidget) -> None:
        """Each of `widgets` does what action `name` does, whose shortcut another panel holds:
        its tooltip shows the key too."""
        for widget in widgets:
            self._shown.append((name, widget, widget.toolTip()))
            widget.setToolTip(self.keymap.tip(widget.toolTip(), name))

    def rebind(self, keymap: Keymap) -> None:
        self.keymap = keymap
        for name, widget, tip in self._shown:
            if isValid(widget):
                widget.setToolTip(keymap.tip(tip, name))
        for name, shortcut, tips in self._bound:
            if not isValid(shortcut):
                continue
            shortcut.setKey(keymap.sequence(name))
            for widget, tip in tips:
                if isValid(widget):
                    widget.setToolTip(keymap.tip(tip, name))

    def shortcuts(self) -> list[QShortcut]:
        return [shortcut for _name, shortcut, _tips in self._bound]

    def names(self) -> Iterable[str]:
        return (name for name, _s, _t in self._bound)
