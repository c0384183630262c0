from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.domain.obs_state import ObsState, apply_event, scenes_in_ui_order
from app.domain.timecode import OutputClock, format_timecode, parse_timecode


def test_scene_list_is_reversed_into_ui_order() -> None:
    api = [
        {"sceneIndex": 0, "sceneName": "Bottom"},
        {"sceneIndex": 1, "sceneName": "Middle"},
        {"sceneIndex": 2, "sceneName": "Top"},
    ]
    assert scenes_in_ui_order(api) == ("Top", "Middle", "Bottom")


def test_repeated_program_scene_event_is_the_same_state() -> None:
    state = ObsState(connected=True, program_scene="A", scenes=("A", "B"))
    assert apply_event(state, "CurrentProgramSceneChanged", {"sceneName": "A"}) is state
    changed = apply_event(state, "CurrentProgramSceneChanged", {"sceneName": "B"})
    assert changed.program_scene == "B"


def test_entering_studio_mode_makes_preview_the_program_scene() -> None:
    state = ObsState(connected=True, program_scene="A", scenes=("A", "B"))
    studio = apply_event(state, "StudioModeStateChanged", {"studioModeEnabled": True})
    assert studio.studio_mode
    assert studio.preview_scene == "A"
    back = apply_event(studio, "StudioModeStateChanged", {"studioModeEnabled": False})
    assert not back.studio_mode
    assert back.preview_scene is None


def test_output_states() -> None:
    state = ObsState()
    starting = apply_event(
        state,
        "RecordStateChanged",
        {"outputActive": False, "outputState": "OBS_WEBSOCKET_OUTPUT_STARTING"},
    )
    assert not starting.recording
    started = apply_event(
        starting,
        "RecordStateChanged",
        {
            "outputActive": True,
            "outputState": "OBS_WEBSOCKET_OUTPUT_STARTED",
            "outputPath": "/r.mkv",
        },
    )
    assert started.recording
    assert started.record_path == "/r.mkv"
    stopping = apply_event(
        started,
        "RecordStateChanged",
        {"outputActive": False, "outputState": "OBS_WEBSOCKET_OUTPUT_STOPPING"},
    )
    assert not stopping.recording
    assert apply_event(state, "StreamStateChanged", {"outputActive": True}).streaming


def test_unknown_events_change_nothing() -> None:
    state = ObsState(connected=True)
    assert apply_event(state, "InputVolumeMeters", {"inputs": []}) is state


@given(st.floats(min_value=0, max_value=360_000, allow_nan=False))
def test_timecode_round_trip(seconds: float) -> None:
    parsed = parse_timecode(format_timecode(seconds))
    assert parsed is not None
    assert abs(parsed - seconds) <= 0.0005 + 1e-9


def test_malformed_timecodes() -> None:
    assert parse_timecode(None) is None
    assert parse_timecode("") is None
    assert parse_timecode("abc") is None
    assert parse_timecode("01:02:03.450") == 3723.45


def test_output_clock_runs_between_polls_and_stops_when_paused() -> None:
    clock = OutputClock()
    assert clock.at(100.0) is None
    clock.sync(10.0, 100.0, active=True)
    assert clock.at(102.5) == 12.5
    clock.sync(12.5, 102.5, active=True, paused=True)
    assert clock.at(110.0) == 12.5
    clock.stop()
    assert clock.at(111.0) is None
