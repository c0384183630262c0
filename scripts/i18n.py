"""LiveDesk's translations: `update` re-reads the code into resources/i18n/*.ts (pyside6-lupdate),
`build` compiles them into .qm files beside them (pyside6-lrelease). `make i18n` / `make
translations` run it; the tests run the same commands on temporary copies.

    python scripts/i18n.py update [TS ...]      # default: every resources/i18n/livedesk_*.ts
    python scripts/i18n.py build [TS ...] [--out DIR]

The messages come from every .py file under app/ui, app/runtime and app/wiring, and app/main.py (a
new file there is picked up by itself). English is the source language; the .ts keep no source
locations, so moving code does not change them. livedesk_en.ts holds only the texts with a count
("%n coupon(s)"), each with its singular and plural form (lupdate -pluralonly).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N_DIR = ROOT / "resources" / "i18n"
SOURCE_DIRS = ("app/ui", "app/runtime", "app/wiring")
SOURCE_FILES = ("app/main.py",)


def sources(root: Path = ROOT) -> list[str]:
    """The files lupdate reads, relative to `root`, sorted (stable output)."""
    found = [
        p for d in SOURCE_DIRS for p in (root / d).rglob("*.py") if "__pycache__" not in p.parts
    ]
    found += [root / f for f in SOURCE_FILES if (root / f).exists()]
    return sorted(str(p.relative_to(root)) for p in found)


def ts_files() -> list[Path]:
    return sorted(I18N_DIR.glob("livedesk_*.ts"))


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease beside this Python (the PySide6 wheel ships them), else
    the binary inside the PySide6 package, else Qt's own on PATH (Debian: qt6-l10n-tools)."""
    scripts = Path(sys.executable).parent
    for candidate in (scripts / f"pyside6-{name}", scripts / f"pyside6-{name}.exe"):
        if candidate.exists():
            return str(candidate)
    try:
        import PySide6

        package = Path(PySide6.__file__).parent
        for candidate in (package / name, package / f"{name}.exe"):
            if candidate.exists():
                return str(candidate)
    except ImportError:
        pass
    for found in (shutil.which(f"pyside6-{name}"), shutil.which(name),
                  shutil.which(name, path="/usr/lib/qt6/bin")):  # fmt: skip
        if found:
            return found
    raise SystemExit(f"i18n: no {name} found; install PySide6 (pip) or qt6-l10n-tools (apt)")


def language_of(ts: Path) -> str:
    """livedesk_zh_CN.ts -> zh_CN."""
    return ts.stem.split("_", 1)[1]


def update(targets: Sequence[Path]) -> None:
    for ts in targets:
        ts.parent.mkdir(parents=True, exist_ok=True)
        language = language_of(ts)
        plurals = ["-pluralonly"] if language == "en" else []  # English: only "%n item(s)"
        command = [tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none",
                   "-source-language", "en", "-target-language", language, *plurals,
                   *sources(), "-ts", str(ts)]  # fmt: skip
        subprocess.run(command, cwd=ROOT, check=True)


def build(targets: Sequence[Path], out: Path | None = None) -> list[Path]:
    built = []
    for ts in targets:
        qm = (out or ts.parent) / f"{ts.stem}.qm"
        qm.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
        built.append(qm)
    return built


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("update", "build", "sources"))
    parser.add_argument("ts", nargs="*", type=Path, help="default: resources/i18n/livedesk_*.ts")
    parser.add_argument("--out", type=Path, help="build: where the .qm go (default: beside)")
    args = parser.parse_args(argv)
    targets = [t.resolve() for t in args.ts] or ts_files()
    if args.command == "sources":
        print("\n".join(sources()))
    elif args.command == "update":
        update(targets)
    else:
        build(targets, args.out)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(main())
