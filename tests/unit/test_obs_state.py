from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.domain.obs_state import ObsState, OutputStats, apply_event, scenes_in_ui_order
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


def test_a_renamed_scene_is_renamed_in_the_list_and_on_program_and_preview() -> None:
    """OBS sends SceneNameChanged on a rename, and no SceneListChanged."""
    state = ObsState(connected=True, scenes=("A", "B", "C"), program_scene="B",
                     preview_scene="B", studio_mode=True)  # fmt: skip
    renamed = apply_event(state, "SceneNameChanged", {"oldSceneName": "B", "sceneName": "商品 B2"})
    assert renamed.scenes == ("A", "商品 B2", "C")  # in its place
    assert renamed.program_scene == renamed.preview_scene == "商品 B2"
    other = apply_event(state, "SceneNameChanged", {"oldSceneName": "C", "sceneName": "D"})
    assert (other.scenes, other.program_scene) == (("A", "B", "D"), "B")
    for data in ({"oldSceneName": "X", "sceneName": "Y"}, {"oldSceneName": "A", "sceneName": "A"},
                 {"oldSceneName": "A"}, {"oldSceneName": "A", "sceneName": 3}):  # fmt: skip
        assert apply_event(state, "SceneNameChanged", data) is state


def test_a_dropped_stream_is_reconnecting_until_obs_has_it_back_or_stops() -> None:
    live = ObsState(connected=True, streaming=True)

    def stream(state: ObsState, phase: str, active: bool = True) -> ObsState:
        data = {"outputActive": active, "outputState": f"OBS_WEBSOCKET_OUTPUT_{phase}"}
        return apply_event(state, "StreamStateChanged", data)

    dropped = stream(live, "RECONNECTING")
    assert dropped.streaming
    assert dropped.stream_reconnecting
    assert dropped.as_api()["stream_reconnecting"] is True
    assert stream(dropped, "RECONNECTING") is dropped  # said again: nothing new
    back = stream(dropped, "RECONNECTED")
    assert back.streaming
    assert not back.stream_reconnecting
    stopped = stream(stream(dropped, "STOPPING", False), "STOPPED", False)
    assert not stopped.streaming
    assert not stopped.stream_reconnecting


def test_cut_off_knows_no_output_running_and_no_figures() -> None:
    stats = OutputStats(cpu_percent=3.0, fps=30.0, record_timecode="00:00:01.833")
    state = ObsState(connected=True, scenes=("A",), program_scene="A", streaming=True,
                     stream_reconnecting=True, recording=True, record_path="/r.mkv",
                     replay_buffer=True, virtualcam=True, stats=stats)  # fmt: skip
    cut = state.cut_off()
    flags = (cut.connected, cut.streaming, cut.stream_reconnecting, cut.recording,
             cut.replay_buffer, cut.virtualcam)  # fmt: skip
    assert flags == (False,) * 6
    assert cut.stats == OutputStats()
    assert (cut.scenes, cut.program_scene, cut.record_path) == (("A",), "A", "/r.mkv")


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
