"""Query catalog: every query file with its description, parameters and columns; run one, chart it, download it."""
# section: Analyst
# icon: :material/menu_book:
# order: 10

import polars as pl
import streamlit as st

from cxdash import ui
from cxdash.engine.catalog import QueryFileError, catalog
from cxdash.ui.analyst import VIEW_PARAMS, param_inputs, show_query_error, show_result

current = ui.engine()
st.title("Query catalog")
if ui.show_problems(current):
    try:
        queries = catalog()
    except QueryFileError as error:  # a broken file in queries/: name it, as every page using it would fail
        show_query_error("catalog", error)
        st.stop()
    st.caption(
        f"The {len(queries)} files in `queries/`, each with its contract. The filter bar's period and "
        f"customers are bound to {', '.join(f'`{p}`' for p in VIEW_PARAMS)} wherever a query declares them."
    )
    st.dataframe(
        pl.DataFrame(
            {
                "query": list(queries),
                "what it returns": [q.description for q in queries.values()],
                "parameters": [", ".join(f"{n}: {k}" for n, k in q.params.items()) for q in queries.values()],
                "columns": [", ".join(f"{n}: {k}" for n, k in q.columns.items()) for q in queries.values()],
            }
        ),
        hide_index=True,
        key="catalog.list",
    )
    name = st.selectbox("Run a query", list(queries), key="catalog.query")
    query = queries[name]
    st.markdown(f"**{name}**: {query.description}")
    params = param_inputs(query, current.report_end or current.data.as_of, key="catalog")
    if params is not None:
        result = ui.query(name, **params)
        st.caption(f"{result.height:,} rows")
        show_result(result, name, key="catalog.result")
