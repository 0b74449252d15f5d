"""Runs dashboard.py for AppTest from a folder without a `pages/` directory.

AppTest switches to Streamlit's legacy multipage mode on every run after the first when the main script
sits beside a `pages/` folder, and then skips dashboard.py and its sidebar; running the real dashboard
from here avoids that without touching Streamlit's internals.
"""

from pathlib import Path

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard.py"
exec(compile(DASHBOARD.read_text(encoding="utf-8"), str(DASHBOARD), "exec"), {"__file__": str(DASHBOARD)})
