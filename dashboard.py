"""cx-dashboard: routes the pages and draws the global filter bar that every page shares.

Run: `streamlit run dashboard.py` (embedded sample) or `streamlit run dashboard.py -- --data DIR`.
"""

from pathlib import Path

import streamlit as st

from cxdash import ui

PAGE_DIR = Path(__file__).resolve().parent / "pages"

st.set_page_config(page_title="CX dashboard", page_icon="📊", layout="wide")

PAGES = {
    "Dashboard": [
        st.Page(
            PAGE_DIR / "overview.py", title="Overview", icon=":material/dashboard:", url_path="overview", default=True
        ),
    ],
    "Data": [
        st.Page(PAGE_DIR / "data.py", title="Data", icon=":material/folder_open:", url_path="data"),
    ],
    "Reference": [
        st.Page(PAGE_DIR / "glossary.py", title="Glossary", icon=":material/menu_book:", url_path="glossary"),
    ],
}

page = st.navigation(PAGES)
current = ui.engine()
ui.data_line(current)
if current.data.ok:
    ui.set_view(ui.filter_bar(current))
page.run()
