"""A password-like field whose value goes to the OS keyring (never to the settings file), with a
line saying where the secret is kept, or why it cannot be kept and what to do instead. Without a
keyring, a secret the console applies as soon as the dialog saves (the OBS password) is still
used, until LiveDesk exits, and the line says it is not kept after that."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.ui.settings.ports import OBS_PASSWORD, SecretStore

# The secrets the console applies as soon as the dialog saves (app/openers.py): without a keyring
# these are used until LiveDesk exits; the others wait for a restart, which would lose them.
USED_AT_ONCE = frozenset({OBS_PASSWORD})


class SecretField(QWidget):
    """`slot`'s secret in `secrets`. Typing a value replaces the kept one when the dialog saves;
    "Forget" removes it from the keyring then. `what` names it in the status line ("password",
    "API key"…)."""

    def __init__(self, secrets: SecretStore, slot: str, what: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._secrets, self.slot, self._what = secrets, slot, what
        self._forget = False
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.textEdited.connect(self._on_typed)
        self.forget_button = QPushButton(self.tr("Forget"))
        self.forget_button.setToolTip(self.tr("Remove it from the system keyring when you save"))
        self.forget_button.clicked.connect(self._on_forget)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setObjectName("secretStatus")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.forget_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.status_label)
        self.refresh()

    def typed(self) -> str:
        return self.edit.text()

    def value(self) -> str:
        """What a test of the connection should use: the typed value, else the one in use."""
        if self._forget:
            return ""
        return self.typed() or (self._secrets.read(self.slot) or "")

    def can_keep(self) -> bool:
        """Whether there is a keyring to keep a typed value in."""
        return self._secrets.keyring_available()

    def for_this_run_only(self) -> bool:
        """Whether a typed value is used until exit only (no keyring to keep it in)."""
        return self.slot in USED_AT_ONCE and not self._secrets.keyring_available()

    def pending(self) -> dict[str, str | None]:
        """What saving does: {slot: new value} or {slot: None} (forget), or nothing."""
        if self.typed() and (self._secrets.keyring_available() or self.for_this_run_only()):
            return {self.slot: self.typed()}
        if self._forget:
            return {self.slot: None}
        return {}

    def saved(self) -> None:
        """The dialog saved: the typed value is in the keyring now (or, with none, in use until
        exit); the field empties."""
        self.edit.clear()
        self._forget = False
        self.refresh()

    def refresh(self) -> None:
        secrets, slot = self._secrets, self.slot
        env = secrets.env_var(slot)
        available = secrets.keyring_available()
        kept = available and secrets.in_keyring(slot)
        self.forget_button.setEnabled((kept or self._in_use_for_this_run()) and not self._forget)
        self.forget_button.setToolTip(
            self.tr("Stop using it when you save") if self.for_this_run_only()
            else self.tr("Remove it from the system keyring when you save")
        )  # fmt: skip
        if self.for_this_run_only():
            status = self._for_this_run_status(env)
        elif not available:
            self.edit.setPlaceholderText(self.tr("Not kept: no system keyring"))
            status = self.tr(
                "No system keyring was found on this computer, so LiveDesk cannot keep the "
                "{what}. Set the environment variable {env} to it before starting LiveDesk."
            ).format(what=self._what, env=env)
        elif self.typed():
            status = self.tr("Will be saved in the system keyring when you save.")
        elif self._forget:
            status = self.tr("Will be removed from the system keyring when you save.")
        elif kept:
            self.edit.setPlaceholderText(self.tr("•••••••• (unchanged)"))
            status = self.tr("Saved in the system keyring.")
        else:
            self.edit.setPlaceholderText(self.tr("Not set"))
            status = self.tr("Not set. Type it here; it is saved in the system keyring.")
        if secrets.from_environment(slot):
            status = self._sentences(
                status, self.tr("{env} is set and is used instead.").format(env=env)
            )
        self.status_label.setText(status)

    def _in_use_for_this_run(self) -> bool:
        """A secret typed earlier in this run (no keyring) that the console uses now."""
        secrets, slot = self._secrets, self.slot
        return (self.for_this_run_only() and bool(secrets.read(slot))
                and not secrets.from_environment(slot))  # fmt: skip

    def _for_this_run_status(self, env: str) -> str:
        """No keyring, a secret applied at once: used until exit, and how to keep it."""
        in_use = self._in_use_for_this_run()
        self.edit.setPlaceholderText(
            self.tr("•••••••• (in use until LiveDesk exits)") if in_use else self.tr("Not set")
        )
        if self._forget:
            return self.tr("LiveDesk stops using the {what} when you save.").format(what=self._what)
        if self.typed():
            said = self.tr("No system keyring: LiveDesk uses the {what} you type when you save, "
                           "until it exits; it is not kept after that.")  # fmt: skip
        elif in_use:
            said = self.tr("In use until LiveDesk exits; it is not kept after that (no system "
                           "keyring).")  # fmt: skip
        else:
            said = self.tr("No system keyring: the {what} typed here is used until LiveDesk "
                           "exits, and not kept after that.")  # fmt: skip
        keep = self.tr("To keep it, set up a system keyring (e.g. GNOME Keyring or KWallet), "
                       "or set the environment variable {env} to it before starting "
                       "LiveDesk.")  # fmt: skip
        return self._sentences(said.format(what=self._what), keep.format(env=env))

    def _sentences(self, first: str, second: str) -> str:
        """Two sentences one after the other: a space between them in English, none after "。"."""
        return self.tr("{first} {second}", "two sentences, one after the other").format(
            first=first, second=second
        )

    def _on_typed(self, _text: str) -> None:
        self._forget = False
        self.refresh()

    def _on_forget(self) -> None:
        self.edit.clear()
        self._forget = True
        self.refresh()
