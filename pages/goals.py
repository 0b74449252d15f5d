"""Goals: SMART CX goals against actuals, with pace, forecast, chance of success and the SMART check."""
# section: Goals
# icon: :material/flag:
# order: 10

import streamlit as st

from cxdash import ui
from cxdash.goals.report import default_as_of
from cxdash.ui.goals import goals_page

current = ui.engine()  # first: a page drawn before it would show twice on a rerouted first request
st.title("Goals")
if ui.show_problems(current):
    goals_page(current, default_as_of(current))
