"""Closing an OBS window cleanly, the way a window manager would: WM_DELETE_WINDOW sent through
libX11 via ctypes (OBS 29 does not handle SIGTERM, so this is how it is asked to save and exit)."""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from typing import Any

__all__ = ["close_obs_main_window"]


class _XClientMessageEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    ]


class _XEvent(ctypes.Union):
    _fields_ = [("xclient", _XClientMessageEvent), ("pad", ctypes.c_long * 24)]


_X11: Any = None
_X11_LOCK = threading.Lock()


def _load_x11() -> Any:
    global _X11
    with _X11_LOCK:
        if _X11 is not None:
            return _X11 or None
        name = ctypes.util.find_library("X11")
        if not name:
            _X11 = False
            return None
        lib = ctypes.CDLL(name)
        vp, ul = ctypes.c_void_p, ctypes.c_ulong
        lib.XOpenDisplay.restype = vp
        lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
        lib.XDefaultRootWindow.restype = ul
        lib.XDefaultRootWindow.argtypes = [vp]
        lib.XInternAtom.restype = ul
        lib.XInternAtom.argtypes = [vp, ctypes.c_char_p, ctypes.c_int]
        lib.XQueryTree.argtypes = [
            vp,
            ul,
            ctypes.POINTER(ul),
            ctypes.POINTER(ul),
            ctypes.POINTER(ctypes.POINTER(ul)),
            ctypes.POINTER(ctypes.c_uint),
        ]
        lib.XGetWindowProperty.argtypes = [
            vp,
            ul,
            ul,
            ctypes.c_long,
            ctypes.c_long,
            ctypes.c_int,
            ul,
            ctypes.POINTER(ul),
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ul),
            ctypes.POINTER(ul),
            ctypes.POINTER(ctypes.c_void_p),
        ]
        lib.XFetchName.argtypes = [vp, ul, ctypes.POINTER(ctypes.c_void_p)]
        lib.XFree.argtypes = [vp]
        lib.XSendEvent.argtypes = [vp, ul, ctypes.c_int, ctypes.c_long, ctypes.POINTER(_XEvent)]
        lib.XFlush.argtypes = [vp]
        lib.XCloseDisplay.argtypes = [vp]
        _X11 = lib
        return lib


def close_obs_main_window(display: str, pid: int) -> bool:
    """Send WM_DELETE_WINDOW to the top-level "OBS ..." window owned by ``pid``.

    Returns True if a message was sent. Without a window manager Qt's top-levels are direct
    children of the root window and carry ``_NET_WM_PID``.
    """
    x = _load_x11()
    if x is None:
        return False
    dpy = x.XOpenDisplay(display.encode())
    if not dpy:
        return False
    sent = False
    try:
        ul = ctypes.c_ulong
        root = x.XDefaultRootWindow(dpy)
        pid_atom = x.XInternAtom(dpy, b"_NET_WM_PID", 0)
        protocols = x.XInternAtom(dpy, b"WM_PROTOCOLS", 0)
        delete = x.XInternAtom(dpy, b"WM_DELETE_WINDOW", 0)
        root_ret, parent_ret = ul(), ul()
        children = ctypes.POINTER(ul)()
        count = ctypes.c_uint()
        if not x.XQueryTree(
            dpy,
            root,
            ctypes.byref(root_ret),
            ctypes.byref(parent_ret),
            ctypes.byref(children),
            ctypes.byref(count),
        ):
            return False
        windows = [children[i] for i in range(count.value)]
        if count.value:
            x.XFree(children)
        for win in windows:
            actual_type, actual_format = ul(), ctypes.c_int()
            n_items, after, data = ul(), ul(), ctypes.c_void_p()
            status = x.XGetWindowProperty(
                dpy,
                win,
                pid_atom,
                0,
                1,
                0,
                6,  # XA_CARDINAL
                ctypes.byref(actual_type),
                ctypes.byref(actual_format),
                ctypes.byref(n_items),
                ctypes.byref(after),
                ctypes.byref(data),
            )
            if status != 0 or not data.value:
                continue
            win_pid = ctypes.cast(data, ctypes.POINTER(ul))[0] if n_items.value else None
            x.XFree(data)
            if win_pid != pid:
                continue
            name_ptr = ctypes.c_void_p()
            title = b""
            if x.XFetchName(dpy, win, ctypes.byref(name_ptr)) and name_ptr.value:
                title = ctypes.string_at(name_ptr.value)
                x.XFree(name_ptr)
            if not title.startswith(b"OBS "):
                continue
            event = _XEvent()
            event.xclient.type = 33  # ClientMessage
            event.xclient.window = win
            event.xclient.message_type = protocols
            event.xclient.format = 32
            event.xclient.data[0] = delete
            event.xclient.data[1] = 0  # CurrentTime
            sent = bool(x.XSendEvent(dpy, win, 0, 0, ctypes.byref(event))) or sent
        x.XFlush(dpy)
    finally:
        x.XCloseDisplay(dpy)
    return sent
