"""The floor for the ingest bench: a bare aiohttp WebSocket server that parses each frame and
stores its comments in SQLite (one executemany per frame), nothing else. Run as a script:
    python ingest_floor.py PORT DB_PATH
"""

from __future__ import annotations

import json
import sqlite3
import sys

from aiohttp import WSMsgType, web


def main() -> None:
    port, db_path = int(sys.argv[1]), sys.argv[2]
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE IF NOT EXISTS comments (platform, user, text, ts)")

    async def ingest(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=2**20)
        await ws.prepare(request)
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            items = json.loads(message.data)
            rows = [(c["platform"], c["user"], c["text"], c.get("ts")) for c in items]
            with db:
                db.executemany("INSERT INTO comments VALUES (?,?,?,?)", rows)
            await ws.send_json({"accepted": len(rows), "rejected": []})
        return ws

    app = web.Application()
    app.router.add_get("/ingest", ingest)
    web.run_app(app, host="127.0.0.1", port=port, print=None, handle_signals=True)


if __name__ == "__main__":
    main()
