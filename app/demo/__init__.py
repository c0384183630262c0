"""The demo: a simulated OBS that speaks obs-websocket v5 over a real socket (so the console's real
client runs against it), the sample show, and `livedesk --demo`'s wiring.

- world.py     the simulated OBS: scenes, inputs, scene items, studio mode, outputs, events
- requests.py  the obs-websocket requests over the world (names, fields and status codes of 5.1)
- server.py    the WebSocket server: Hello/Identify/Reidentify, events by subscription, requests
               and batches; on the caller's loop or on a thread of its own
- picture.py   the program picture for GetSourceScreenshot (QtGui, offscreen)
- launch.py    `livedesk --demo`: the simulator, a data directory of its own, the sample
               run-sheet, replayed comments and the banner
"""
