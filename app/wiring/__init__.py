"""The composition root's steps, each small and typed (app/main.py calls them in order).

`start_up` reads the arguments and settings and passes the gates (tokens, one console per data
directory, a damaged log, retention); `services` builds the show's services over the store and
OBS; `window` builds the main window and what its menus open; `lifecycle` starts the long-lived
services and the local API after the window is shown, and stops everything at quit. Only these
modules, app/main.py and the openers beside it know the concrete classes.
"""
