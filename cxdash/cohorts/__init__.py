"""Cohorts, retention, survival, churn by dimension and lifetime value: where, when and which customers
leave, and whether those with bad experiences leave sooner. Plain Python over query results (no Streamlit)."""
