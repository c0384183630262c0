"""LiveDesk (直播中控台): the console for live-commerce and live-education broadcasts."""

__version__ = "0.1.0"
