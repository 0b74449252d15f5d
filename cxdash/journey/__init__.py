"""The journey: scores per stage, touchpoint and survey channel (the journey map), and the funnel of
journey events with what followed an abandoned visit. Plain Python over query results; no Streamlit."""
