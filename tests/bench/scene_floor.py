"""The second floor for the scene-switch bench: a bare aiohttp server that relays
`POST /scene {"scene": ...}` to OBS with obs-websocket-py (in a thread, as the library blocks) and
answers 200 when OBS has. What any HTTP control costs on top of the raw call; nothing else. Run
as a script:
    python scene_floor.py PORT OBS_HOST OBS_PORT OBS_PASSWORD
"""

from __future__ import annotations

import asyncio
import sys

from aiohttp import web
from obswebsocket import obsws
from obswebsocket import requests as obs_requests


def main() -> None:
    port, host, obs_port, password = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
    obs = obsws(host, obs_port, password, legacy=False, timeout=10)
    obs.connect()

    async def scene(request: web.Request) -> web.Response:
        body = await request.json()
        call = obs_requests.SetCurrentProgramScene(sceneName=body["scene"])
        reply = await asyncio.get_running_loop().run_in_executor(None, obs.call, call)
        return web.json_response({"ok": reply.status}, status=200 if reply.status else 500)

    app = web.Application()
    app.router.add_post("/scene", scene)
    try:
        web.run_app(app, host="127.0.0.1", port=port, print=None, handle_signals=True)
    finally:
        obs.disconnect()


if __name__ == "__main__":
    main()
