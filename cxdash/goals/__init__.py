"""SMART CX goals against actuals: measurement windows, pace and status, forecast, the SMART check,
target suggestions and safe editing of goals.yaml. No Streamlit here; pages and the CLI read `report`."""
