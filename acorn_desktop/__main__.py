"""``python -m acorn_desktop`` and the PyInstaller entry point: start the desktop app."""

import sys

from acorn_desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
