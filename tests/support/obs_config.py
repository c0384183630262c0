"""The files a test OBS starts from: global.ini (and user.ini), the obs-websocket config.json
(obs-websocket 5.5+ / OBS 30.2+ reads it instead of global.ini's ``[OBSWebSocket]`` section, so both
are written), a small profile and a scene collection with just "Scene"."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "DEFAULT_TEST_SCENES",
    "PROFILE_NAME",
    "SCENE_COLLECTION_NAME",
    "ObsConfigFiles",
    "write_obs_config",
]

#: Scenes every shared test OBS gets (besides OBS's own default "Scene").
DEFAULT_TEST_SCENES: tuple[str, ...] = ("开场 Opening", "讲解 Teaching", "商品 Product", "BRB")

PROFILE_NAME = "LiveDesk"
SCENE_COLLECTION_NAME = "LiveDesk"


@dataclass(frozen=True)
class ObsConfigFiles:
    """Where OBS's config lives and what goes in it."""

    config_dir: Path  # OBS's ``~/.config/obs-studio``
    recordings_dir: Path
    port: int
    password: str
    width: int
    height: int
    fps: int
    # OBS's replay buffer (Settings → Output → Replay Buffer): off by default, as in a new OBS;
    # obs-websocket cannot switch it on, so a test that saves replays asks for it here.
    replay_buffer: bool = False


def write_obs_config(files: ObsConfigFiles, *, overwrite: bool = False) -> None:
    """Write the config files; only those that do not exist yet (OBS rewrites them itself)
    unless ``overwrite``. Never call this while that OBS runs."""
    cfg = files.config_dir
    profile_dir = cfg / "basic" / "profiles" / PROFILE_NAME
    scenes_dir = cfg / "basic" / "scenes"
    ws_dir = cfg / "plugin_config" / "obs-websocket"
    for d in (profile_dir, scenes_dir, ws_dir):
        d.mkdir(parents=True, exist_ok=True)

    global_ini = f"""\
[General]
FirstRun=true
EnableAutoUpdates=false
Pre19Defaults=false
Pre21Defaults=false
Pre23Defaults=false
Pre24.1Defaults=false
ConfirmOnExit=false

[Basic]
Profile={PROFILE_NAME}
ProfileDir={PROFILE_NAME}
SceneCollection={SCENE_COLLECTION_NAME}
SceneCollectionFile={SCENE_COLLECTION_NAME}

[BasicWindow]
SysTrayEnabled=false
SysTrayWhenStarted=false
SysTrayMinimizeToTray=false
WarnBeforeStartingStream=false
WarnBeforeStoppingStream=false
WarnBeforeStoppingRecord=false
ShowTransitions=true

[OBSWebSocket]
FirstLoad=false
ServerEnabled=true
ServerPort={files.port}
AlertsEnabled=false
AuthRequired=true
ServerPassword={files.password}
"""
    ws_json = {
        "first_load": False,
        "server_enabled": True,
        "server_port": files.port,
        "alerts_enabled": False,
        "auth_required": True,
        "server_password": files.password,
    }
    rec = str(files.recordings_dir)
    replay = "RecRB=true\nRecRBTime=20\nRecRBSize=512\n" if files.replay_buffer else ""
    basic_ini = f"""\
[General]
Name={PROFILE_NAME}

[Video]
BaseCX={files.width}
BaseCY={files.height}
OutputCX={files.width}
OutputCY={files.height}
FPSType=1
FPSInt={files.fps}
FPSCommon={files.fps}
ScaleType=bilinear
ColorFormat=NV12

[Audio]
SampleRate=48000
ChannelSetup=Stereo

[Output]
Mode=Simple
FilenameFormatting=livedesk-%CCYY-%MM-%DD_%hh-%mm-%ss

[SimpleOutput]
FilePath={rec}
RecFormat=mkv
RecFormat2=mkv
RecQuality=Stream
StreamEncoder=x264
RecEncoder=x264
Preset=ultrafast
VBitrate=500
ABitrate=96
FileNameWithoutSpace=true
{replay}
[AdvOut]
RecFilePath={rec}
RecFormat=mkv
RecFormat2=mkv
"""
    scene_collection = {
        "name": SCENE_COLLECTION_NAME,
        "current_scene": "Scene",
        "current_program_scene": "Scene",
        "current_transition": "Fade",
        "transition_duration": 300,
        "scene_order": [{"name": "Scene"}],
        "sources": [
            {
                "id": "scene",
                "versioned_id": "scene",
                "name": "Scene",
                "settings": {"custom_size": False, "id_counter": 0, "items": []},
                "enabled": True,
                "flags": 0,
                "mixers": 0,
                "volume": 1.0,
                "muted": False,
            }
        ],
        "groups": [],
        "transitions": [],
        "quick_transitions": [],
        "saved_projectors": [],
        "modules": {},
    }
    written = {
        cfg / "global.ini": global_ini,
        cfg / "user.ini": global_ini,  # OBS 31+ split user settings out of global.ini
        ws_dir / "config.json": json.dumps(ws_json, indent=2),
        profile_dir / "basic.ini": basic_ini,
        scenes_dir / f"{SCENE_COLLECTION_NAME}.json": json.dumps(
            scene_collection, ensure_ascii=False, indent=2
        ),
    }
    for path, text in written.items():
        if overwrite or not path.exists():
            path.write_text(text, encoding="utf-8")
