"""The packaging's own files, without a build: the Linux desktop entry and AppStream metadata agree
with each other and with the app, and the icon draws without any font.
(tests/ui/test_app_icon.py renders it; tests/e2e/test_bundle.py builds the bundle and runs the
real validators on these files.)"""

from __future__ import annotations

import configparser
import xml.etree.ElementTree as ET
from pathlib import Path

from app import __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
APP_ID = "io.livedesk.LiveDesk"
SVG = "{http://www.w3.org/2000/svg}"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(PACKAGING / "linux" / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_names_the_app_in_both_languages() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "LiveDesk"
    assert entry["Name[zh_CN]"] == "直播中控台"
    assert entry["Categories"] == "AudioVideo;Video;"
    assert entry["Exec"] == "livedesk"  # install.sh rewrites it to the bundle's full path
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"


def test_metainfo_matches_the_desktop_entry_and_the_version() -> None:
    root = ET.parse(PACKAGING / "linux" / f"{APP_ID}.metainfo.xml").getroot()
    assert root.tag == "component"
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == "MIT"  # as pyproject.toml says
    names = {
        n.get("{http://www.w3.org/XML/1998/namespace}lang"): n.text for n in root.findall("name")
    }
    assert names[None] == "LiveDesk"
    assert names["zh-CN"] == "直播中控台"
    categories = [c.text for c in root.iter("category")]
    assert categories == desktop_entry()["Categories"].rstrip(";").split(";")
    releases = [r.get("version") for r in root.iter("release")]
    assert releases[0] == __version__, "add a <release> for the new version"
    assert root.findtext("provides/binary") == "livedesk"


def test_icon_is_brand_red_and_needs_no_font() -> None:
    svg = ET.parse(PACKAGING / "icons" / "livedesk.svg").getroot()
    assert svg.tag == f"{SVG}svg"
    assert svg.get("viewBox") == "0 0 512 512"
    fills = {e.get("fill", "").upper() for e in svg.iter()}
    assert "#E4393C" in fills
    assert not list(svg.iter(f"{SVG}text")), "text would depend on the fonts installed"
