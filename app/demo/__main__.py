"""`python -m app.demo [--port 4455] [--password PW]`: the OBS simulator on its own, e.g. to try
the connection wizard (`livedesk` finds it on 4455) or any obs-websocket v5 client. Ctrl+C ends it.
"""

from __future__ import annotations

import argparse
import logging
import os
import threading


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m app.demo", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4455)
    parser.add_argument("--password", default="", help="ask for this password (default: none)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the picture is drawn offscreen
    from PySide6.QtGui import QGuiApplication

    from app.demo.picture import paint
    from app.demo.server import ObsSimulator, SimulatorThread
    from app.demo.studio import build_studio

    _app = QGuiApplication([])

    def simulator() -> ObsSimulator:
        made = ObsSimulator(password=args.password, host=args.host, port=args.port, paint=paint)
        build_studio(made.world)
        return made

    thread = SimulatorThread(simulator)
    try:
        url = thread.start()
    except RuntimeError as exc:
        print(f"python -m app.demo: {exc}")
        return 1
    print(f"OBS simulator at {url}" + (" (password set)" if args.password else ""), flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        thread.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
