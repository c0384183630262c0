"""Images LiveDesk draws itself (QtGui): the native overlay cards shown by OBS image sources."""
