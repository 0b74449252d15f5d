"""cx-dashboard: routes the pages and draws what every page shares: the data line, the filter bar in
the sidebar and the line saying which filters are on.

Run: `streamlit run dashboard.py` (embedded sample) or `streamlit run dashboard.py -- --data DIR`.
"""

from pathlib import Path

import streamlit as st

from cxdash import ui
from cxdash.ui.filters import filter_bar, filter_line
from cxdash.ui.layout import page_style

PAGE_DIR = Path(__file__).resolve().parent / "pages"

st.set_page_config(page_title="CX dashboard", page_icon="📊", layout="wide")

OVERVIEW = PAGE_DIR / "overview.py"
PAGES = {
    "Dashboard": [
        st.Page(OVERVIEW, title="Overview", icon=":material/dashboard:", url_path="home", default=True),
        # The default page lives at `/`; this hidden twin lets links to `/overview` reach it too.
        st.Page(OVERVIEW, title="Overview", url_path="overview", visibility="hidden"),
    ],
    "Data": [
        st.Page(PAGE_DIR / "data.py", title="Data", icon=":material/folder_open:", url_path="data"),
    ],
    "Reference": [
        st.Page(PAGE_DIR / "glossary.py", title="Glossary", icon=":material/menu_book:", url_path="glossary"),
    ],
}

page = st.navigation(PAGES)
ui.mark_routed()
page_style()
current = ui.engine()
with st.container(gap="xxsmall"):  # above the page: which data, then which filters
    ui.data_line(current)
    if current.data.ok:
        view = filter_bar(current)  # in the sidebar
        ui.set_view(view)
        filter_line(view)
page.run()
