"""Build LiveDesk's one-folder bundle for the OS this runs on (`make package` runs it).

    python packaging/build.py [--dist DIR] [--work DIR] [--archive]

1. renders the app icon (packaging/icons/livedesk.svg) into PNGs, 16 to 512 px, with QtSvg;
2. compiles the translations (resources/i18n/*.ts) into .qm files with Qt's lrelease;
3. runs PyInstaller on packaging/livedesk.spec -> DIST/livedesk/ (and DIST/LiveDesk.app on macOS);
4. on Linux adds share/ (the .desktop file, AppStream metadata, hicolor icons) and install.sh;
5. checks that the bundle answers `--version`, and with --archive packs it for handing out.

Needs the `package` extra: `pip install -e '.[package]'` (PyInstaller, and Pillow for the Windows
.ico and macOS .icns). Build on the OS you ship to: PyInstaller does not cross-compile.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "livedesk.spec"
SVG_ICON = PACKAGING / "icons" / "livedesk.svg"
LINUX = PACKAGING / "linux"
APP_ID = "io.livedesk.LiveDesk"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


_qt_app: object = None


class BuildError(Exception):
    pass


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from app import __version__

    return __version__


def render_icons(svg: Path, out: Path, sizes: tuple[int, ...] = ICON_SIZES) -> list[Path]:
    """livedesk-<size>.png for each size, drawn from the SVG by QtSvg (in PySide6-Essentials)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    global _qt_app  # kept for the process: PySide destroys an application nobody references
    _qt_app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise BuildError(f"cannot read the icon {svg}")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = out / f"livedesk-{size}.png"
        if not image.save(str(path), "PNG"):
            raise BuildError(f"cannot write {path}")
        written.append(path)
    return written


def lrelease() -> list[str]:
    """Qt's lrelease: pyside6-lrelease beside this Python, or the binary in the PySide6 package."""
    scripts = Path(sys.executable).parent
    for candidate in (scripts / "pyside6-lrelease", scripts / "pyside6-lrelease.exe"):
        if candidate.exists():
            return [str(candidate)]
    import PySide6

    package = Path(PySide6.__file__).parent
    for candidate in (package / "lrelease", package / "lrelease.exe"):
        if candidate.exists():
            return [str(candidate)]
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if not found:
        raise BuildError("lrelease not found (it comes with PySide6)")
    return [found]


def compile_translations(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for ts in sorted((ROOT / "resources" / "i18n").glob("*.ts")):
        qm = out / ts.with_suffix(".qm").name
        done = subprocess.run(
            [*lrelease(), "-silent", str(ts), "-qm", str(qm)], capture_output=True, text=True
        )
        if done.returncode != 0 or not qm.exists():
            raise BuildError(f"lrelease failed on {ts}:\n{done.stdout}{done.stderr}")
        written.append(qm)
    return written


def run_pyinstaller(
    dist: Path, work: Path, icons: Path, qm: Path, signing: list[str] | None = None
) -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError as exc:
        raise BuildError(
            "PyInstaller is missing: pip install -e '.[package]' (or run `make package`)"
        ) from exc
    command = [
        sys.executable, "-m", "PyInstaller", str(SPEC),
        "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", str(dist), "--workpath", str(work / "pyinstaller"),
        "--", "--icons", str(icons), "--qm", str(qm), *(signing or []),
    ]  # fmt: skip
    if subprocess.run(command, cwd=ROOT).returncode != 0:
        raise BuildError("PyInstaller failed (its messages are above)")


def add_linux_desktop_files(bundle: Path, icons: Path) -> None:
    """share/ laid out like /usr/share, so install.sh (or a package) copies it as it is."""
    share = bundle / "share"
    (share / "applications").mkdir(parents=True, exist_ok=True)
    (share / "metainfo").mkdir(parents=True, exist_ok=True)
    shutil.copy2(LINUX / f"{APP_ID}.desktop", share / "applications" / f"{APP_ID}.desktop")
    metainfo = f"{APP_ID}.metainfo.xml"
    shutil.copy2(LINUX / metainfo, share / "metainfo" / metainfo)
    hicolor = share / "icons" / "hicolor"
    for png in icons.glob("livedesk-*.png"):
        size = png.stem.split("-")[1]
        target = hicolor / f"{size}x{size}" / "apps"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(png, target / f"{APP_ID}.png")
    (hicolor / "scalable" / "apps").mkdir(parents=True, exist_ok=True)
    shutil.copy2(SVG_ICON, hicolor / "scalable" / "apps" / f"{APP_ID}.svg")
    shutil.copy2(LINUX / "install.sh", bundle / "install.sh")
    (bundle / "install.sh").chmod(0o755)


def bundle_command(dist: Path) -> Path:
    """The executable that prints to the terminal (--version, the verbs)."""
    name = "livedesk-cli.exe" if sys.platform == "win32" else "livedesk"
    return dist / "livedesk" / name


def check_version(dist: Path, expected: str) -> None:
    done = subprocess.run(
        [str(bundle_command(dist)), "--version"], capture_output=True, text=True, timeout=120
    )
    if done.returncode != 0 or done.stdout.strip() != f"livedesk {expected}":
        raise BuildError(
            f"the bundle's --version answered {done.returncode}: {done.stdout}{done.stderr}"
        )


def archive(dist: Path, release: str) -> Path:
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    base = dist / f"livedesk-{release}-{system}-{platform.machine().lower()}"
    if sys.platform == "darwin" and shutil.which("ditto"):
        # ditto keeps the .app's symlinks and extended attributes; zipfile would not.
        target = base.with_suffix(".zip")
        subprocess.run(
            ["ditto", "-c", "-k", "--keepParent", str(dist / "LiveDesk.app"), str(target)],
            check=True,
        )
        return target
    kind = "zip" if sys.platform == "win32" else "gztar"
    return Path(shutil.make_archive(str(base), kind, root_dir=dist, base_dir="livedesk"))


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output (default dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="scratch (build/)")
    parser.add_argument("--archive", action="store_true", help="also pack the bundle to hand out")
    parser.add_argument("--codesign-identity", help="macOS: sign with this Developer ID")
    parser.add_argument("--entitlements", type=Path, help="macOS: hardened-runtime entitlements")
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    started = time.monotonic()
    try:
        release = version()
        icons = work / "icons"
        render_icons(SVG_ICON, icons)
        qm = work / "i18n"
        shutil.rmtree(qm, ignore_errors=True)
        compiled = compile_translations(qm)
        print(f"build: {len(ICON_SIZES)} icons, {len(compiled)} translation(s)", flush=True)
        signing = []
        if args.codesign_identity:
            signing += ["--codesign-identity", args.codesign_identity]
        if args.entitlements:
            signing += ["--entitlements", str(args.entitlements.resolve())]
        run_pyinstaller(dist, work, icons, qm, signing)
        bundle = dist / "livedesk"
        if sys.platform.startswith("linux"):
            add_linux_desktop_files(bundle, icons)
        check_version(dist, release)
        packed = archive(dist, release) if args.archive else None
    except BuildError as exc:
        print(f"build: {exc}", file=sys.stderr)
        return 1
    print(
        f"build: {bundle} ({folder_size(bundle) / 1e6:.0f} MB) in "
        f"{time.monotonic() - started:.0f} s" + (f"; archive {packed}" if packed else "")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
