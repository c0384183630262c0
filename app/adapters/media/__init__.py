"""Video files: ffmpeg and ffprobe run as programs (the clips of a show)."""
