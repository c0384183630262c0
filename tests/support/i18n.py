"""The translation files as the tests read them: the messages of a .ts, what is wrong with them,
and .ts / .qm made in a temporary folder with the project's own commands (scripts/i18n.py)."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ZH_TS = ROOT / "resources" / "i18n" / "livedesk_zh_CN.ts"
EN_TS = ROOT / "resources" / "i18n" / "livedesk_en.ts"  # the plural forms of texts with a count
SCRIPT = ROOT / "scripts" / "i18n.py"
_FIELDS = re.compile(r"\{[^{}]*\}|%\d|%L?n")  # {name}, {n:.1f}, %1, %n (a count)
_MNEMONIC = re.compile(r"&(?=\w)")  # "&Save" marks S (after taking out "&&", a plain "&")


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    translation: str
    kind: str  # the translation's type: "" (finished), "unfinished", "vanished", "obsolete"
    forms: tuple[str, ...] = ()  # numerus forms, when the message has a plural


def messages(ts: Path | str) -> list[Message]:
    """Every message of a .ts file (a path, or the XML text itself)."""
    root = ET.fromstring(ts) if isinstance(ts, str) else ET.parse(ts).getroot()
    found = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, f"{name}: a message without a translation element"
            forms = tuple(f.text or "" for f in translation.iter("numerusform"))
            found.append(
                Message(name, message.findtext("source") or "", translation.text or "",
                        translation.get("type", ""), forms)
            )  # fmt: skip
    return found


def problems(found: list[Message]) -> list[str]:
    """What keeps the messages from being shipped: unfinished, vanished or obsolete entries,
    empty translations, placeholders or mnemonics lost in translation, repeated messages."""
    said, seen = [], set()
    for m in found:
        where = f"{m.context}: “{m.source}”"
        if (m.context, m.source) in seen:
            said.append(f"{where} is listed twice")
        seen.add((m.context, m.source))
        if m.kind:
            said.append(f"{where} is {m.kind}")
        texts = m.forms or (m.translation,)
        if not all(t.strip() for t in texts):
            said.append(f"{where} has no translation")
            continue
        for text in texts:
            if sorted(_FIELDS.findall(text)) != sorted(_FIELDS.findall(m.source)):
                said.append(f"{where}: placeholders {_FIELDS.findall(m.source)} differ in “{text}”")
            if _mnemonics(text) != _mnemonics(m.source):
                said.append(f"{where}: the shortcut letter (&) is lost or added in “{text}”")
            if "[*]" in m.source and "[*]" not in text:
                said.append(f"{where}: “[*]” (the unsaved mark) is lost in “{text}”")
    return said


def _mnemonics(text: str) -> int:
    return len(_MNEMONIC.findall(text.replace("&&", "")))


def run_i18n(*args: str | Path) -> None:
    """scripts/i18n.py with these arguments: what `make i18n` and `make translations` run."""
    subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], cwd=ROOT, check=True)


def build_qm(ts: Path, out: Path) -> Path:
    run_i18n("build", ts, "--out", out)
    return out / f"{ts.stem}.qm"


def pseudo_text(source: str, factor: float = 2.5) -> str:
    """The source made `factor` times as long (150 % longer at 2.5): placeholders, "&" shortcut
    letters and rich text stay as they are; the padding, words of up to 7 letters as in a long
    German text, goes at the end."""
    if not source.strip():
        return source
    pad = max(1, round(len(source) * factor) - len(source) - 1)
    words = " ".join("ẍ" * 7 for _ in range(pad // 8 + 1))
    return f"{source} {words[:pad].rstrip()}ẍ"


def pseudo_ts(folder: Path, factor: float = 2.5) -> Path:
    """A .ts of every message in the code (lupdate over a fresh file) with each translation
    `factor` times as long as its source."""
    ts = folder / "livedesk_zh_CN.ts"  # the name gives lupdate its target language
    run_i18n("update", ts)
    tree = ET.parse(ts)
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        assert translation is not None
        source = message.findtext("source") or ""
        translation.attrib.pop("type", None)
        if message.get("numerus") == "yes":
            for form in translation.iter("numerusform"):
                form.text = pseudo_text(source, factor)
        else:
            translation.text = pseudo_text(source, factor)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return ts
