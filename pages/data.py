"""Data: which data the app shows, other data to show (by name), or the user's own files made into one."""
# section: Data
# icon: :material/folder_open:

import streamlit as st

from cxdash import ui
from cxdash.ingest.mapping.apply import map_tables
from cxdash.ingest.mapping.dirs import data_root, slugify
from cxdash.ingest.mapping.model import combine
from cxdash.ingest.problems import errors
from cxdash.ui import data_page as ui_data

current = ui.engine()  # first (it may reroute through dashboard.py, which draws the data line)
st.title("Data")
st.caption(f"Data dir `{current.data.directory.name}`")
if ui.show_problems(current):
    ui.about_data(current)

st.subheader("Use other data")
ui_data.pick_data(current.data.directory)

st.subheader("Bring your own files")
st.caption(
    "Upload CSV (UTF-8, comma-separated), Parquet or Excel files: customers, orders, survey responses. "
    "Say which column is which, check, and save them as a new data dir. Your files are only read."
)
uploads = st.file_uploader("Your files", type=["csv", "parquet", "xlsx"], accept_multiple_files=True, key="uploads")
if uploads:
    files = {upload.name: upload.getvalue() for upload in uploads}
    chosen = []
    unreadable = []
    for name, data in files.items():
        with st.container(border=True):
            frame, problems = ui_data.read_file(name, data)
            ui_data.show_problems(problems)
            unreadable += errors(problems)
            if frame is not None and (table_mapping := ui_data.table_mapping_form(name, frame)):
                chosen.append(table_mapping)

    name = st.text_input("Name of the new data", value="My data", key="new_data_name")
    slug = slugify(name)
    mapping, clashes = combine(chosen, name.strip() or slug)
    ui_data.show_problems(clashes)
    if mapping.tables and not clashes:
        target = data_root() / slug
        st.caption(f"Saved as `{slug}`, next to a copy of the mapping; an existing data dir is never replaced.")
        validate, save, download = st.columns(3)
        validated = validate.button("Validate", key="validate")
        saved = save.button("Save as new data dir", type="primary", key="save")
        download.download_button(
            "Download mapping (YAML)",
            mapping.to_yaml(),
            file_name=f"{slug}-mapping.yaml",
            mime="application/x-yaml",
            on_click="ignore",
            key="download_mapping",
        )
        if validated:  # "ok" only when no file on this page has an error, the unreadable ones included
            ui_data.show_problems(map_tables(files, mapping)[2], ok=None if unreadable else "ok: the files fit.")
            if unreadable:
                names = ", ".join(dict.fromkeys(p.file for p in unreadable))
                st.info(f"Not checked: {names}, which could not be read (see above).")
        if saved:
            ui_data.save(files, mapping, target)
        sources = " ".join(f'"{tm.file}"' if " " in tm.file else tm.file for tm in mapping.tables.values())
        with st.expander("Run the same mapping from the command line"):
            st.code(f"python -m cxdash map {sources} --mapping {slug}-mapping.yaml --out data/{slug}", language="bash")
    elif not clashes:
        st.info("Choose a table for at least one file.")

ui_data.offer_switch()
