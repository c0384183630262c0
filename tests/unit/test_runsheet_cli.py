"""`livedesk runsheet check` and `livedesk runsheet convert`: exit codes, line formats,
--json, conversions, and never a traceback."""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.adapters.files.runsheets import load_runsheet
from app.cli import main
from app.runsheet_cli import run_check, run_convert

ROOT = Path(__file__).resolve().parents[2]
LINE = re.compile(
    r"^(?P<file>.+):(?P<location>[^:]+): (?P<severity>error|warning): (?P<message>.+)$"
)
VALID = "环节,时长,类型,场景,商品\n开场,5,开场,开场 Opening,\n商品,6:00,商品,商品 Product,SKU1\n"
BROKEN = "环节,时长,类型\n开场,5,开场\n讲课,abc,讲课\n,5,暖场\n"


def check(path: Path, as_json: bool = False) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_check(str(path), as_json, out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def valid(tmp_path: Path) -> Path:
    path = tmp_path / "valid.csv"
    path.write_bytes(VALID.encode("gb18030"))
    return path


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.csv"
    path.write_text(BROKEN, encoding="utf-8-sig")
    return path


def test_check_valid_with_warnings_exits_0(valid: Path) -> None:
    code, out, err = check(valid)
    assert code == 0
    assert out.splitlines() == [f"{valid}:3: warning: no catalog defines product “SKU1”"]
    assert "2 segments" in err
    assert "Traceback" not in err


def test_check_errors_exit_1_each_on_its_line(broken: Path) -> None:
    code, out, _ = check(broken)
    assert code == 1
    parsed = [LINE.match(line) for line in out.splitlines()]
    assert all(parsed), out
    assert [(m["file"], m["location"], m["severity"]) for m in parsed if m] == [
        (str(broken), "3", "error"),
        (str(broken), "4", "error"),
        (str(broken), "4", "error"),
    ]


def test_check_xlsx_locations_are_sheet_and_row(tmp_path: Path, broken: Path) -> None:
    from app.adapters.files.xlsx_sheet import write_xlsx

    write_xlsx(load_runsheet(broken).sheet, tmp_path / "broken.xlsx")
    code, out, _ = check(tmp_path / "broken.xlsx")
    assert code == 1
    assert f"{tmp_path / 'broken.xlsx'}:Rundown!3: error: " in out


def test_check_json_output(broken: Path, valid: Path) -> None:
    code, out, _ = check(broken, as_json=True)
    report = json.loads(out)
    assert code == 1
    assert set(report) == {"ok", "segments", "total_seconds", "errors", "warnings"}
    assert (report["ok"], report["segments"], report["total_seconds"]) == (False, 3, 600)
    assert [e["location"] for e in report["errors"]] == ["3", "4", "4"]
    assert {"location", "message", "severity"} <= set(report["errors"][0])
    code, out, _ = check(valid, as_json=True)
    report = json.loads(out)
    assert (code, report["ok"], report["total_seconds"], len(report["warnings"])) == (
        0,
        True,
        660,
        1,
    )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.csv", b""),
        ("garbage.csv", os.urandom(2048) + b"\x00"),
        ("garbage.xlsx", os.urandom(2048)),
        ("garbage.json", os.urandom(2048)),
        ("zip.xlsx", b"PK\x03\x04" + os.urandom(512)),
        ("show.pdf", b"%PDF-1.7"),
        ("bad.json", b"{'single': quotes}"),
    ],
)
def test_unreadable_exits_2_with_one_line(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = check(path)
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith(f"{path}")
    assert ": error: " in err
    code, out, _ = check(path, as_json=True)
    assert code == 2
    assert json.loads(out)["ok"] is False


def test_missing_file_exits_2(tmp_path: Path) -> None:
    assert check(tmp_path / "nowhere.csv")[0] == 2


def test_convert_csv_xlsx_json_csv_gives_the_same_sheet(tmp_path: Path) -> None:
    source = ROOT / "resources" / "templates" / "公开课带货.json"
    original = load_runsheet(source).sheet
    steps = [
        source,
        tmp_path / "a.csv",
        tmp_path / "b.xlsx",
        tmp_path / "c.json",
        tmp_path / "d.csv",
    ]
    out, err = io.StringIO(), io.StringIO()
    for src, dst in itertools.pairwise(steps):
        assert run_convert(str(src), str(dst), out, err) == 0, err.getvalue()
    assert load_runsheet(tmp_path / "a.csv").sheet.segments == original.segments
    assert load_runsheet(tmp_path / "d.csv").sheet == load_runsheet(tmp_path / "a.csv").sheet
    # through xlsx and json the catalog and the title travel too
    assert run_convert(str(source), str(tmp_path / "e.xlsx"), out, err) == 0
    assert run_convert(str(tmp_path / "e.xlsx"), str(tmp_path / "f.json"), out, err) == 0
    assert load_runsheet(tmp_path / "f.json").sheet == original


def test_convert_refuses_a_sheet_with_errors(tmp_path: Path, broken: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run_convert(str(broken), str(tmp_path / "out.xlsx"), out, err) == 1
    assert not (tmp_path / "out.xlsx").exists()
    assert f"{broken}:3: error: " in err.getvalue()


def test_convert_unknown_output_or_unreadable_input_exits_2(tmp_path: Path, valid: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run_convert(str(valid), str(tmp_path / "out.pdf"), out, err) == 2
    assert run_convert(str(tmp_path / "nowhere.csv"), str(tmp_path / "out.json"), out, err) == 2
    assert run_convert(str(valid), str(tmp_path / "no" / "dir" / "out.json"), out, err) == 2
    assert list(tmp_path.glob("out.*")) == []


def test_main_dispatches_the_runsheet_verb(valid: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["runsheet", "check", str(valid), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["segments"] == 2


def test_importing_the_cli_does_not_import_qt() -> None:
    code = "import sys, app.cli, app.runsheet_cli; sys.exit('PySide6' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_never_a_traceback_from_the_real_command(tmp_path: Path) -> None:
    garbage = {
        "a.csv": os.urandom(4096),
        "b.xlsx": os.urandom(4096),
        "c.json": b"\xff\xfe" + os.urandom(100),
        "d.csv": b"title,duration\n" + b'"unterminated\n' * 3,
        "e.json": b"[" * 100_000,
        "f.json": b'{"segments": [{"title": "x", "duration": 1e999}], "products": 5}',
    }
    for name, data in garbage.items():
        (tmp_path / name).write_bytes(data)
        for argv in (["check", name], ["check", name, "--json"], ["convert", name, "out.json"]):
            run = subprocess.run(
                [sys.executable, "-m", "app", "runsheet", *argv],
                cwd=tmp_path,
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
            assert run.returncode in (1, 2), (name, argv, run.stderr)
            assert "Traceback" not in run.stderr, run.stderr
