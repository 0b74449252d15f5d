"""SQL explorer: ad-hoc read-only questions on the data's tables, with time, row and memory limits."""
# section: Analyst
# icon: :material/terminal:
# order: 20

import streamlit as st

from cxdash import ui
from cxdash.engine.catalog import build_steps
from cxdash.engine.sandbox import Limits, SandboxError, database_file, run_sandboxed
from cxdash.ui.analyst import is_analyst, save_query_form, show_result, show_sandbox_error

ANSWER = "explorer.answer"
FIRST_QUESTION = """SELECT s.value AS segment, CAST(COUNT(*) AS BIGINT) AS customers
FROM customer_facts AS f
JOIN slice_dims AS s ON s.slice_id = f.slice_id AND s.dim = 'segment'
GROUP BY s.value
ORDER BY customers DESC"""

current = ui.engine()
st.title("SQL explorer")
limits = Limits.from_env()
database = database_file(current.runner)
if ui.show_problems(current) and database is None:
    st.info("The SQL explorer reads the data's saved DuckDB database; this data has none (Spark, or in memory).")
elif database is not None:
    st.caption(
        f"One SELECT at a time, read-only, on the tables below. A query stops after {limits.seconds:g} s or "
        f"{limits.memory} of memory; the first {limits.rows:,} rows are shown. Files, the network, "
        "extensions and settings are out of reach."
    )
    with st.expander("Tables"):
        for step in build_steps():
            columns = ", ".join(f"{n} ({k})" for n, k in step.columns.items())
            st.markdown(f"**{step.name}**: {step.description}  \n{columns}")
    with st.form("explorer.form"):
        sql = st.text_area("SQL", FIRST_QUESTION, height=180, key="explorer.sql")
        asked = st.form_submit_button("Run", type="primary", icon=":material/play_arrow:")
    if asked:
        try:
            st.session_state[ANSWER] = (sql, run_sandboxed(database, sql, limits))
        except SandboxError as error:
            st.session_state.pop(ANSWER, None)
            show_sandbox_error(error)
    if ANSWER in st.session_state:
        answered, answer = st.session_state[ANSWER]
        more = f"; only the first {limits.rows:,} are shown" if answer.truncated else ""
        st.caption(f"{answer.frame.height:,} rows in {answer.seconds:.2f} s{more}")
        show_result(answer.frame, "answer", key="explorer.result")
        if is_analyst():
            save_query_form(answered, answer.frame)
