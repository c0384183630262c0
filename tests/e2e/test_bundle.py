"""The PyInstaller bundle, built fresh by packaging/build.py into a temporary folder, then run as a
user would: `--version`, `runsheet check` on the templates it carries, and the console started
offscreen, answering its API and serving the overlay and assistants' pages from the bundle.

Slow: one build (about a minute here) for the whole module."""

from __future__ import annotations

import json
import os
import signal
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from app import __version__
from tests.support.ports import free_tcp_port
from tests.support.waiting import wait_for_value

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "io.livedesk.LiveDesk"
TOKEN = "bundle-token-0123456789"
BUILD_TIMEOUT_S = 1200

pytestmark = pytest.mark.timeout(BUILD_TIMEOUT_S + 300)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "packaging" / "build.py"),
            "--dist",
            str(out / "dist"),
            "--work",
            str(out / "work"),
        ],
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
    )
    assert done.returncode == 0, f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    print(f"\n[bundle] built in {time.monotonic() - started:.0f} s: {done.stdout.splitlines()[-1]}")
    return out / "dist" / "livedesk"


def executable(bundle: Path) -> Path:
    return bundle / ("livedesk-cli.exe" if sys.platform == "win32" else "livedesk")


def run(
    bundle: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(executable(bundle)), *args], capture_output=True, text=True, timeout=120, env=env
    )


def test_version(bundle: Path) -> None:
    done = run(bundle, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"livedesk {__version__}"


def test_bundle_holds_the_resources_and_qt_plugins(bundle: Path) -> None:
    inside = bundle / "_internal"
    resources = inside / "resources"
    for name in ("overlay/page.html", "overlay/overlay.js", "assist/index.html"):
        assert (resources / name).is_file(), name
    assert sorted(p.name for p in (resources / "templates").glob("*.json")) == sorted(
        p.name for p in (ROOT / "resources" / "templates").glob("*.json")
    )
    sources = sorted(p.stem for p in (ROOT / "resources" / "i18n").glob("*.ts"))
    assert sorted(p.stem for p in (resources / "i18n").glob("*.qm")) == sources
    assert not list(resources.rglob("*.ts")), "translation sources do not ship"
    plugins = inside / "PySide6" / "Qt" / "plugins" / "platforms"
    names = {p.name for p in plugins.iterdir()}
    assert {"libqoffscreen.so", "libqxcb.so", "libqwayland.so"} <= names, names
    assert not names & {"libqeglfs.so", "libqvnc.so", "libqlinuxfb.so"}, names
    qt_translations = {p.name for p in (inside / "PySide6" / "Qt" / "translations").iterdir()}
    assert "qtbase_zh_CN.qm" in qt_translations
    assert "qtbase_de.qm" not in qt_translations, "only the languages LiveDesk speaks"
    assert (inside / "matplotlib" / "mpl-data" / "matplotlibrc").is_file()


def test_bundle_leaves_out_tk_other_bindings_and_test_tools(bundle: Path) -> None:
    listing = subprocess.run(
        [
            str(Path(sys.executable).parent / "pyi-archive_viewer"),
            "-r",
            "-b",
            str(executable(bundle)),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert listing.returncode == 0, listing.stderr
    modules = {line.strip() for line in listing.stdout.splitlines()}
    # what the console loads lazily is in: the demo, the reports (PDF, and the review window's
    # charts, drawn with matplotlib's Agg off the UI thread), the chat sources, keyring's
    # backends (found through its entry points, so the metadata must come too)
    for needed in (
        "app.demo",
        "app.adapters.report.pdf",
        "matplotlib.backends.backend_agg",
        "app.ui.review.review_window",
        "app.ui.review.review_charts",
        "app.adapters.chat.bilibili",
        "openpyxl",
        "keyring.backends.SecretService",
        "keyring.backends.Windows",
    ):
        assert needed in modules, needed
    assert list((bundle / "_internal").glob("keyring-*.dist-info"))
    top_level = {name.split(".")[0] for name in modules}
    unwanted = {
        "tkinter",
        "PyQt5",
        "PyQt6",
        "PySide2",
        "pytest",
        "_pytest",
        "hypothesis",
        "playwright",
        "tests",
        "IPython",
    }
    assert not top_level & unwanted, top_level & unwanted
    assert not list((bundle / "_internal").rglob("_tkinter*"))


def test_runsheet_check_on_the_bundled_templates(bundle: Path) -> None:
    templates = sorted((bundle / "_internal" / "resources" / "templates").glob("*.json"))
    assert templates
    for template in templates:
        done = run(bundle, "runsheet", "check", str(template), "--json")
        assert done.returncode == 0, done.stdout + done.stderr
        result = json.loads(done.stdout)
        assert result["ok"] is True
        assert result["segments"] > 0
        assert not result["errors"]


@pytest.fixture
def started_console(
    bundle: Path, tmp_path: Path
) -> Iterator[tuple[subprocess.Popen[bytes], str, Path]]:
    port, closed_port = free_tcp_port(), free_tcp_port()
    log_path = tmp_path / "console.log"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "LIVEDESK_HOME": str(tmp_path / "home"),
        "LIVEDESK_API_TOKEN": TOKEN,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [
                str(executable(bundle)),
                "--api-port",
                str(port),
                "--obs-url",
                f"ws://127.0.0.1:{closed_port}",
                "--no-crash-dialog",
                "--log-json",
                "--lang",
                "zh_CN",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        yield proc, f"http://127.0.0.1:{port}", log_path
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def wait_for_health(proc: subprocess.Popen[bytes], base: str, log_path: Path) -> dict[str, object]:
    def health() -> dict[str, object] | None:
        assert proc.poll() is None, (
            f"the bundle exited with {proc.returncode}:\n{log_path.read_text()}"
        )
        answer = requests.get(
            f"{base}/api/health", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5
        )
        result: dict[str, object] | None = answer.json() if answer.status_code == 200 else None
        return result

    try:
        return wait_for_value(health, "the bundle's API answering", 60, 0.2,
                              ignoring=(requests.ConnectionError,))  # fmt: skip
    except AssertionError as exc:
        raise AssertionError(f"{exc}:\n{log_path.read_text()}") from None


def test_console_starts_serves_its_pages_and_stops_cleanly(
    started_console: tuple[subprocess.Popen[bytes], str, Path],
) -> None:
    proc, base, log_path = started_console
    health = wait_for_health(proc, base, log_path)
    assert "loop_lag_ms" in health
    assert requests.get(f"{base}/api/health", timeout=5).status_code == 401, "token still needed"

    state = requests.get(
        f"{base}/api/state", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5
    ).json()
    assert state["obs"]["connected"] is False  # the OBS address is a closed port

    overlay = requests.get(f"{base}/overlay/all", timeout=5)
    assert overlay.status_code == 200
    assert "text/html" in overlay.headers["Content-Type"]
    script = requests.get(f"{base}/overlay/static/overlay.js", timeout=5)
    assert script.status_code == 200
    assert script.text == (ROOT / "resources" / "overlay" / "overlay.js").read_text(
        encoding="utf-8"
    )
    assist = requests.get(f"{base}/assist", params={"token": TOKEN}, timeout=5)
    assert assist.status_code == 200
    assert "text/html" in assist.headers["Content-Type"]

    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 0, log_path.read_text()
    records = [
        json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")
    ]
    assert any("LiveDesk is up" in r.get("msg", "") for r in records), records
    problems = [r for r in records if r.get("level") in ("ERROR", "CRITICAL")]
    assert not problems, problems
    # --lang zh_CN: LiveDesk's own .qm and Qt's qtbase were both found inside the bundle
    i18n = [r for r in records if r.get("logger") == "app.ui.i18n" and r.get("level") != "DEBUG"]
    assert not [r for r in i18n if "no " in r.get("msg", "")], i18n


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_linux_desktop_entry_metadata_and_icons(bundle: Path, tmp_path: Path) -> None:
    share = bundle / "share"
    desktop = share / "applications" / f"{APP_ID}.desktop"
    metainfo = share / "metainfo" / f"{APP_ID}.metainfo.xml"
    checked = subprocess.run(
        ["desktop-file-validate", str(desktop)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert not checked.stdout.strip(), checked.stdout + checked.stderr
    checked = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(metainfo)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        png = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png_size(png) == (size, size)
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()

    prefix = tmp_path / "prefix"
    env = {**os.environ, "PREFIX": str(prefix)}
    installed = subprocess.run(
        [str(bundle / "install.sh")], env=env, capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stderr
    assert (prefix / "bin" / "livedesk").resolve() == (bundle / "livedesk").resolve()
    entry = prefix / "share" / "applications" / f"{APP_ID}.desktop"
    assert f'Exec="{bundle.resolve()}/livedesk"' in entry.read_text(encoding="utf-8")
    assert subprocess.run(["desktop-file-validate", str(entry)]).returncode == 0
    assert (prefix / "share" / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png").is_file()
    removed = subprocess.run(
        [str(bundle / "install.sh"), "--uninstall"], env=env, capture_output=True, text=True
    )
    assert removed.returncode == 0, removed.stderr
    assert not entry.exists()
    assert not (prefix / "bin" / "livedesk").exists()
    assert not list((prefix / "share" / "icons").rglob(f"{APP_ID}.*"))
