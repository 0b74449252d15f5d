"""cx-dashboard: routes the pages (every file in pages/, found by itself) and draws what every page
shares: the data line, the filter bar in the sidebar and the line saying which filters are on.

Run: `streamlit run dashboard.py` (embedded sample) or `streamlit run dashboard.py -- --data DIR`.
"""

from pathlib import Path

import streamlit as st

from cxdash import ui
from cxdash.ui.filters import filter_bar, filter_line
from cxdash.ui.layout import page_style
from cxdash.ui.navigation import navigation_pages

PAGE_DIR = Path(__file__).resolve().parent / "pages"

st.set_page_config(page_title="CX dashboard", page_icon="📊", layout="wide")

page = st.navigation(navigation_pages(PAGE_DIR), expanded=True)  # every page in view, no "View more"
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
