"""Qt user interface. The only package (with ``app.py``) that imports PySide6.

Widgets never open database sessions or build SQL: they hand callables to
:class:`acorn_desktop.ui.background.BackgroundRunner` and get results back on the GUI thread.
"""
