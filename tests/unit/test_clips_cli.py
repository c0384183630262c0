"""`livedesk clips` over a real session log and a real (generated) recording, cut by real ffmpeg;
the use case's choices (copy or encode, which file) against a fake ffmpeg."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from app.adapters.media.ffmpeg import Ffmpeg
from app.adapters.store.clip_log import SqliteClipLog
from app.adapters.store.schema import open_database
from app.clips_cli import run_clips
from app.domain.clips import ClipBy
from app.domain.log_events import LogEntry
from app.services.clips import ClipMaker, ClipOptions, Cut, MediaInfo, Progress

T0 = 1_700_000_000.0
HAS_FFMPEG = shutil.which("ffmpeg") is not None and shutil.which("ffprobe") is not None
needs_ffmpeg = pytest.mark.skipif(
    not HAS_FFMPEG, reason="ffmpeg is not installed (make system-deps)"
)


def make_recording(path: Path, seconds: int = 40, keyint: int = 150) -> Path:
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-v", "error", "-y",
         "-f", "lavfi", "-i", "testsrc=size=320x180:rate=30",
         "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
         "-t", str(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-g", str(keyint),
         "-c:a", "aac", "-shortest", str(path)],
        check=True,
    )  # fmt: skip
    return path


def make_log(db_path: Path, recording: str | None, *, recorded: bool = True) -> Path:
    """Session 1 “晚场 直播”: recording from T0+2, 保温杯 on 10 … 16 s into it, then
    茶叶/礼盒 7 … 12 s (the title has a slash); the stop entry, naming the file, after the end."""
    db = open_database(db_path)
    db.execute(
        "INSERT INTO sessions (id, title, started_at, ended_at) VALUES (1, '晚场 直播', ?, ?)",
        [T0, T0 + 40],
    )

    def tc(t: float) -> float | None:
        return round(t - 2, 3) if recorded and t >= 2 else None

    rows = [
        (1, T0, "session.start", None, '{"title": "晚场 直播"}'),
        (1, T0 + 2, "obs.record", tc(2), '{"active": true, "path": null}'),
        (1, T0 + 12, "overlay.product.show", tc(12), '{"sku": "A1", "name": "保温杯"}'),
        (1, T0 + 18, "overlay.product.show", tc(18), '{"sku": "B2", "name": "茶叶/礼盒"}'),
        (1, T0 + 25, "overlay.product.hide", tc(25), '{"sku": "B2"}'),
        (1, T0 + 27, "marker", tc(27), '{"note": "上链接"}'),
        (1, T0 + 40, "session.end", tc(40), "{}"),
        (None, T0 + 41, "obs.record", None, '{"active": false, "path": null}'),
        (None, T0 + 41.2, "obs.record", None, json.dumps({"active": False, "path": recording})),
    ]
    db.conn.executemany(
        "INSERT INTO events (session_id, t, kind, record_tc, data) VALUES (?, ?, ?, ?, ?)", rows
    )
    db.conn.commit()
    db.close()
    return db_path


def probe(path: Path) -> dict[str, object]:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-of", "json", "-show_format", "-show_streams", str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    result: dict[str, object] = json.loads(done.stdout)
    return result


def run(*args: object, **options: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_clips(*args, out=out, err=err, **options)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


@needs_ffmpeg
def test_product_clips_cut_with_covers_vertical_and_clips_json(tmp_path: Path) -> None:
    recording = make_recording(tmp_path / "2026-12-06 20-00-00.mkv")
    db = make_log(tmp_path / "livedesk.db", str(recording))
    out_dir = tmp_path / "clips"
    code, out, err = run(db, "latest", str(out_dir), vertical=True)
    assert code == 0, err
    listed = json.loads((out_dir / "clips.json").read_text("utf-8"))
    assert [c["file"] for c in listed] == ["01-保温杯.mp4", "02-茶叶 礼盒.mp4"]
    assert [c["title"] for c in listed] == ["保温杯", "茶叶/礼盒"]
    assert [c["sku"] for c in listed] == ["A1", "B2"]
    # the first starts on a keyframe (every 5 s, the video's frames 21 ms off round times)
    assert [(c["start_s"], c["end_s"]) for c in listed] == [(10.021, 16.0), (16.0, 23.0)]
    for clip in listed:
        assert clip["recording"] == str(recording)
        info = probe(out_dir / clip["file"])
        duration = float(info["format"]["duration"])  # type: ignore[index]
        assert abs(duration - (clip["end_s"] - clip["start_s"])) <= 1 / 30 + 0.03
        assert (out_dir / clip["cover"]).read_bytes()[:2] == b"\xff\xd8"  # a JPEG
        vertical = probe(out_dir / clip["vertical"])
        video = next(s for s in vertical["streams"] if s["codec_type"] == "video")  # type: ignore[attr-defined]
        assert (video["width"], video["height"]) == (1080, 1920)
    # copied where it starts on a keyframe, re-encoded where it does not
    assert [c["cut"] for c in listed] == ["copy", "encode"]
    assert "01-保温杯.mp4" in out
    assert not list(out_dir.glob("*.partial"))


@needs_ffmpeg
def test_a_clip_of_a_video_with_b_frames_ends_on_its_last_frame(tmp_path: Path) -> None:
    """x264's default B-frames (as OBS records): a stream copy from the keyframe at 2 s to 4 s
    would hold 63 frames, the last ones out of order; the clip is re-encoded to exactly its 60."""
    recording = tmp_path / "rec.mp4"
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-v", "error", "-y",
         "-f", "lavfi", "-i", "testsrc=size=320x180:rate=30",
         "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
         "-t", "10", "-c:v", "libx264", "-preset", "veryfast", "-bf", "3", "-g", "60",
         "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(recording)],
        check=True,
    )  # fmt: skip
    log = [
        LogEntry(100, "obs.record", 1, record_tc=0.0, data={"active": True}),
        LogEntry(102, "segment.start", 1, record_tc=2.0, data={"index": 0, "title": "两秒"}),
        LogEntry(104, "segment.end", 1, record_tc=4.0, data={"index": 0}),
        LogEntry(109, "obs.record", 1, data={"active": False, "path": str(recording)}),
    ]
    out_dir = tmp_path / "out"
    made = ClipMaker(FakeLog(log), Ffmpeg()).make(1, str(out_dir), ClipOptions(ClipBy.SEGMENT))
    listed = json.loads((out_dir / "clips.json").read_text("utf-8"))
    assert [(c["start_s"], c["end_s"], c["cut"]) for c in listed] == [(2.0, 4.0, "encode")]
    assert "B-frames" in listed[0]["why"]
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-of", "json",
         "-show_entries", "stream=nb_read_frames,start_time:format=duration",
         str(out_dir / made.clips[0].file)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    info = json.loads(done.stdout)
    assert int(info["streams"][0]["nb_read_frames"]) == 60
    assert float(info["streams"][0]["start_time"]) == 0.0
    assert abs(float(info["format"]["duration"]) - 2.0) <= 1 / 30


@needs_ffmpeg
def test_markers_and_segments_and_a_recording_given_by_hand(tmp_path: Path) -> None:
    recording = make_recording(tmp_path / "rec.mkv")
    db = make_log(tmp_path / "livedesk.db", None)  # the log never learnt the file
    code, _out, err = run(db, "1", str(tmp_path / "m"), by="marker")
    assert code == 2
    assert "--recording" in err
    code, _out, err = run(db, "1", str(tmp_path / "m"), by="marker", recordings=[str(recording)])
    assert code == 0, err
    listed = json.loads((tmp_path / "m" / "clips.json").read_text("utf-8"))
    # 30 s either side of 25 s, held inside the file (its first frame and its end)
    assert [(c["title"], c["start_s"], c["end_s"]) for c in listed] == [("上链接", 0.021, 40.021)]


def test_no_recording_and_no_ffmpeg_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = make_log(tmp_path / "livedesk.db", None, recorded=False)
    maker = ClipMaker(SqliteClipLog(db), FakeTool())
    code, _out, err = run(db, "latest", str(tmp_path / "c"), maker=maker)
    assert code == 2
    assert "no recording" in err
    monkeypatch.setenv("LIVEDESK_FFMPEG", str(tmp_path / "nowhere" / "ffmpeg"))
    code, _out, err = run(
        db, "latest", str(tmp_path / "c"), maker=ClipMaker(SqliteClipLog(db), Ffmpeg())
    )
    assert code == 2
    assert "ffmpeg is not installed" in err
    code, _out, err = run(db, "7", str(tmp_path / "c"))
    assert code == 1
    assert "no session 7" in err


# ----- the use case's choices, against a fake ffmpeg -------------------------------------------
class FakeTool:
    def __init__(self, keyframes: tuple[float, ...] = (0.0, 10.0, 20.0), duration: float = 30.0):
        self.info = MediaInfo(duration, 30.0, 1920, 1080, "h264", "aac", keyframes)
        self.cuts: list[Cut] = []
        self.covers: list[tuple[str, float]] = []

    def check(self) -> None:
        pass

    def probe(self, path: str, around: Sequence[float] = ()) -> MediaInfo:
        return self.info

    def cut(self, cut: Cut, progress: Progress) -> None:
        progress((cut.end_s - cut.start_s) / 2)
        Path(cut.target).write_bytes(b"mp4")
        self.cuts.append(cut)

    def cover(self, source: str, at_s: float, target: str) -> None:
        Path(target).write_bytes(b"\xff\xd8")
        self.covers.append((source, at_s))


class FakeLog:
    def __init__(self, entries: list[LogEntry]) -> None:
        self.entries = entries

    def clip_log(self, session_id: int) -> tuple[str, list[LogEntry]]:
        return "show", self.entries


def entries(path: str | None, hide_tc: float = 29.0) -> list[LogEntry]:
    return [
        LogEntry(100, "obs.record", 1, record_tc=0.0, data={"active": True}),
        LogEntry(110, "overlay.product.show", 1, record_tc=10.0, data={"sku": "A", "name": "A"}),
        LogEntry(114, "overlay.product.show", 1, record_tc=14.01, data={"sku": "B", "name": "B"}),
        LogEntry(140, "overlay.product.hide", 1, record_tc=hide_tc, data={"sku": "B"}),
        LogEntry(150, "obs.record", 1, data={"active": False, "path": path}),
    ]


def test_copy_on_a_keyframe_encode_elsewhere_progress_to_the_end(tmp_path: Path) -> None:
    source = tmp_path / "rec.mkv"
    source.write_bytes(b"")
    tool = FakeTool()
    steps: list[float] = []
    made = ClipMaker(FakeLog(entries(str(source))), tool).make(
        1, str(tmp_path / "out"), ClipOptions(vertical=True), lambda p: steps.append(p.fraction)
    )
    assert [(c.start_s, c.copy, c.vertical) for c in tool.cuts] == [
        (10.0, True, None), (10.0, False, "pad"), (14.01, False, None), (14.01, False, "pad"),
    ]  # fmt: skip
    assert [c.why for c in made.clips] == [
        "starts on a keyframe: copied", "the keyframe before is 4.01 s early: re-encoded",
    ]  # fmt: skip
    assert steps == sorted(steps)
    assert steps[-1] == 1.0
    assert [at for _src, at in tool.covers] == pytest.approx([12.005, 17.01])  # middle, or 3 s in


def test_a_span_past_the_files_end_is_cut_short_or_noted(tmp_path: Path) -> None:
    source = tmp_path / "rec.mkv"
    source.write_bytes(b"")
    tool = FakeTool(duration=20.0)
    made = ClipMaker(FakeLog(entries(str(source))), tool).make(
        1, str(tmp_path / "o"), ClipOptions()
    )
    assert [(c.start_s, c.end_s) for c in made.clips] == [(10.0, 14.01), (14.01, 20.0)]


def test_a_video_with_b_frames_is_re_encoded_even_from_a_keyframe(tmp_path: Path) -> None:
    source = tmp_path / "rec.mkv"
    source.write_bytes(b"")
    tool = FakeTool()
    tool.info = replace(tool.info, reordered=True)
    made = ClipMaker(FakeLog(entries(str(source))), tool).make(
        1, str(tmp_path / "out"), ClipOptions()
    )
    assert [c.copy for c in tool.cuts] == [False, False]
    assert made.clips[0].why == "B-frames (a copy would overrun its end): re-encoded"
    assert made.clips[0].as_json()["cut"] == "encode"


def test_a_card_too_short_for_a_clip_is_a_note(tmp_path: Path) -> None:
    """A card up for under a second (a slip, or put up as the recording ended) gets no clip, and
    a note says why it has none."""
    source = tmp_path / "rec.mkv"
    source.write_bytes(b"")
    log = entries(str(source))
    log[2:2] = [
        LogEntry(112, "overlay.product.show", 1, record_tc=12.0, data={"sku": "C", "name": "闪现"}),
        LogEntry(112.4, "overlay.product.hide", 1, record_tc=12.4, data={"sku": "C"}),
    ]
    tool = FakeTool(duration=14.6)  # B is up for 0.59 s of the file
    made = ClipMaker(FakeLog(log), tool).make(1, str(tmp_path / "o"), ClipOptions())
    assert [c.title for c in made.clips] == ["A"]
    assert made.notes == (
        "闪现: 0.4 s long, under the 1 s a clip needs: no clip",
        "B: 0.6 s long, under the 1 s a clip needs: no clip",
    )
    assert made.notes[0].code == "clips.too_short"


def test_a_logged_file_that_is_gone_is_named(tmp_path: Path) -> None:
    from app.services.clips import ClipsUnavailable

    maker = ClipMaker(FakeLog(entries(str(tmp_path / "moved.mkv"))), FakeTool())
    with pytest.raises(ClipsUnavailable, match=r"moved\.mkv"):
        maker.make(1, str(tmp_path / "o"), ClipOptions(ClipBy.PRODUCT))


# ----- bad input said in one line --------------------------------------------------------------
def test_an_empty_output_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """-o "" would be the current folder: refused, nothing cut anywhere."""
    source = tmp_path / "rec.mkv"
    source.write_bytes(b"")
    db = make_log(tmp_path / "livedesk.db", None)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    tool = FakeTool()
    maker = ClipMaker(SqliteClipLog(db), tool)
    code, out, err = run(db, "latest", "", recordings=[str(source)], maker=maker)
    assert (code, out) == (2, "")
    assert err == "livedesk: -o needs a folder name (-o . for the current folder)\n"
    assert tool.cuts == []
    assert list(work.iterdir()) == []


def test_a_session_id_too_big_for_sqlite_is_no_such_session(tmp_path: Path) -> None:
    db = make_log(tmp_path / "livedesk.db", None)
    code, out, err = run(db, str(2**63), str(tmp_path / "c"))
    assert (code, out) == (1, "")
    assert err == f"livedesk: there is no session {2**63} (see `livedesk sessions`)\n"
    assert not (tmp_path / "c").exists()


def test_a_recording_given_for_a_show_never_recorded_says_why_it_cannot_be_cut(
    tmp_path: Path,
) -> None:
    """--recording names the file of a recording the log saw; with no recording timecode in the
    log there is nothing to place the clips in it by, and the message says so, not “pass
    --recording”."""
    source = tmp_path / "rec.mkv"
    source.write_bytes(b"")
    db = make_log(tmp_path / "livedesk.db", None, recorded=False)
    maker = ClipMaker(SqliteClipLog(db), FakeTool())
    code, _out, err = run(db, "latest", str(tmp_path / "c"), recordings=[str(source)], maker=maker)
    assert code == 2
    assert err == (
        "livedesk: the log has no recording timecodes for this show (OBS was not recording while "
        f"LiveDesk followed it), so there is no telling where its clips are in {source}\n"
    )
    assert not (tmp_path / "c").exists()
