"""The user's own files: guesses, the mapping, new data dirs written only when clean, the CLI and the page."""

import argparse
import hashlib
import io
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook
from streamlit.testing.v1 import AppTest

from cxdash.arguments import UsageError
from cxdash.cli import main
from cxdash.ingest.datadir import DatasetMeta, write_datadir
from cxdash.ingest.loading import load_dataset, validate_dir
from cxdash.ingest.mapping.apply import MAPPING_FILE, apply_mapping, build_datadir, map_tables
from cxdash.ingest.mapping.cli import map_command
from cxdash.ingest.mapping.dirs import data_choices, find_data_dirs, slugify
from cxdash.ingest.mapping.guess import guess_mapping, guess_table_mapping
from cxdash.ingest.mapping.model import Mapping, MappingError, TableMapping, combine
from cxdash.ingest.mapping.read import read_upload
from cxdash.ingest.problems import errors
from cxdash.paths import SAMPLE_DIR

HARNESS = str(Path(__file__).parent / "app_harness.py")

CUSTOMERS_CSV = (
    b"Client ID,Signup,Cancelled,Plan,Country,E-mail\n"
    b"c1,2024-01-01,,Basic,NL,a@example.com\n"
    b"c2,2024-02-01,2024-05-01,Plus,DE,b@example.com\n"
    b"c3,2024-02-10,,Plus,NL,c@example.com\n"
)


def xlsx(rows: list[list], sheets: int = 1) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    for i in range(1, sheets):
        book.create_sheet(f"Other {i}")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def orders_xlsx(amount: object = 12.5) -> bytes:
    return xlsx(
        [
            ["Order No", "Client", "Date", "Total", "Store"],
            ["o1", "c1", datetime(2024, 3, 1, 10, 0), 100.0, "Web"],
            ["o2", "c2", date(2024, 3, 2), amount, "App"],
            [1003, "c1", "2024-03-05 09:30:00", -20, "Web"],
        ]
    )


def responses_parquet() -> bytes:
    buffer = io.BytesIO()
    pl.DataFrame(
        {
            "id": ["r1", "r2", "r3"],
            "customer": ["c1", None, "c3"],
            "submitted": [datetime(2024, 3, 2, 9), datetime(2024, 3, 3, 10), datetime(2024, 3, 4, 11)],
            "NPS score": [9, 3, 10],
            "verbatim": ["great", None, "fast"],
        }
    ).write_parquet(buffer)
    return buffer.getvalue()


def good_files() -> dict[str, bytes]:
    return {"crm.csv": CUSTOMERS_CSV, "sales.xlsx": orders_xlsx(), "nps_survey.parquet": responses_parquet()}


def guessed(files: dict[str, bytes], name: str = "Acme") -> Mapping:
    chosen = []
    for file, data in files.items():
        frame, problems = read_upload(file, data)
        assert frame is not None, [str(p) for p in problems]
        chosen.append(guess_table_mapping(file, frame.columns))
    mapping, clashes = combine(chosen, name)
    assert not clashes
    return mapping


# Guesses --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "headers", "expected"),
    [
        (
            "customers",
            ["cust_id", "date", "cancel_date", "Segment", "Country", "email"],
            {"customer_id": "cust_id", "signup_date": "date", "churn_date": "cancel_date", "region": "Country"},
        ),
        ("customers", ["CustomerID", "created_at", "churned_at"], {"signup_date": "created_at"}),
        ("customers", ["Client ID", "Signup", "Churned At"], {"customer_id": "Client ID", "signup_date": "Signup"}),
        (
            "orders",
            ["Order ID", "Customer ID", "Order Date", "Total", "Channel", "Category"],
            {"order_id": "Order ID", "customer_id": "Customer ID", "order_date": "Order Date", "amount": "Total"},
        ),
        ("orders", ["invoice_no", "customerid", "date", "price"], {"order_id": "invoice_no", "amount": "price"}),
        ("orders", ["id", "client id", "created_at", "revenue"], {"customer_id": "client id", "amount": "revenue"}),
        ("orders", ["ORDER_ID", "CUSTOMER_ID", "value"], {"order_id": "ORDER_ID", "amount": "value"}),
        (
            "survey_responses",
            ["Response ID", "Customer ID", "Submitted At", "Survey Type", "Rating", "Comment"],
            {"responded_at": "Submitted At", "metric": "Survey Type", "score": "Rating", "comment": "Comment"},
        ),
        ("survey_responses", ["id", "cust_id", "date", "question", "score"], {"metric": "question", "score": "score"}),
        ("survey_responses", ["responseid", "customer_idd"], {"customer_id": "customer_idd"}),
    ],
)
def test_guesses_on_typical_headers(table, headers, expected):
    guess = guess_mapping(table, headers)
    assert {k: guess[k] for k in expected} == expected
    used = [v for v in guess.values() if v]
    assert len(used) == len(set(used))  # each source column at most once


def test_no_guess_from_unrelated_names():
    guess = guess_mapping("orders", ["foo", "bar", "customer_name"])
    assert guess["order_id"] is None and guess["amount"] is None


@pytest.mark.parametrize(
    ("file", "headers", "table", "constants"),
    [
        ("crm export.csv", ["Client ID", "Signup"], "customers", {}),
        ("export.csv", ["Order ID", "Customer ID", "Order Date", "Total"], "orders", {}),
        ("csat_2024.xlsx", ["id", "date", "score"], "survey_responses", {"metric": "csat"}),
        ("answers.csv", ["id", "date", "NPS score"], "survey_responses", {"metric": "nps"}),
        ("services.csv", ["response_id", "date", "metric", "score"], "survey_responses", {}),
    ],
)
def test_guess_table_and_metric_constant(file, headers, table, constants):
    mapping = guess_table_mapping(file, headers)
    assert (mapping.table, mapping.constants) == (table, constants)


# Applying and saving a mapping ---------------------------------------------------------------------


def test_apply_mapping_renames_fills_and_keeps_extras():
    frame = pl.DataFrame(
        {"ID": ["r1"], "When": ["2024-03-01"], "Rating": ["4"], "Store Name": ["A"], "metric": ["x"], "Note!": ["n"]}
    )
    before = frame.clone()
    mapping = TableMapping(
        "survey_responses",
        "f.csv",
        {"response_id": "ID", "responded_at": "When", "score": "Rating", "customer_id": None},
        {"metric": "csat"},
        leave_out=["Note!"],
    )
    out = apply_mapping(frame, mapping)
    contract = ["response_id", "customer_id", "responded_at", "metric", "score", "journey_stage"]
    assert out.columns[:6] == contract
    assert out.row(0, named=True) | {"comment": None} == {
        "response_id": "r1",
        "customer_id": None,
        "responded_at": "2024-03-01",
        "metric": "csat",
        "score": "4",
        "journey_stage": None,
        "touchpoint": None,
        "channel": None,
        "comment": None,
        "store_name": "A",
        "metric_2": "x",  # a source column named like a contract column is kept under another name
    }
    assert out.schema["customer_id"] == pl.String and "note" not in out.columns
    assert frame.equals(before)


def test_mapping_yaml_round_trip():
    mapping = guessed(good_files())
    text = mapping.to_yaml()
    assert text.startswith("# cx-dashboard column mapping")
    again = Mapping.from_yaml(text)
    assert again == mapping
    assert again.tables["survey_responses"].constants == {"metric": "nps"}
    assert again.tables["customers"].columns["customer_id"] == "Client ID"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: [", "not valid YAML"),
        ("name: x\n", "no 'tables'"),
        ("tables:\n  clients:\n    file: a.csv\n", "unknown table 'clients'"),
        ("tables:\n  orders:\n    columns: {}\n", "table 'orders': names no 'file'"),
        ("tables:\n  orders:\n    file: a.csv\n    colums: {}\n", "table 'orders': unknown key 'colums'"),
        ("tables:\n  orders:\n    file: a.csv\n    leave_out: x\n", "key 'leave_out': must be a list, got 'x'"),
        (
            "tables:\n  orders:\n    file: a.csv\n    columns:\n      total: Total\n",
            "'total' is not a column of orders",
        ),
        (
            "tables:\n  survey_responses:\n    file: a.csv\n"
            "    columns: {metric: Type}\n    constants: {metric: nps}\n",
            "both a source column and a constant",
        ),
    ],
)
def test_bad_mapping_yaml_says_why(text, message):
    with pytest.raises(MappingError, match=message):
        Mapping.from_yaml(text)


def test_build_datadir_writes_a_dir_that_passes_check(tmp_path, capsys):
    files = good_files()
    copies = {name: bytes(data) for name, data in files.items()}
    mapping = guessed(files)
    mapping.tables["customers"].leave_out.append("E-mail")
    out = tmp_path / "acme"
    problems = build_datadir(files, mapping, out, "Acme")
    assert not errors(problems), [str(p) for p in problems]
    assert validate_dir(out) == []
    assert main(["check", str(out)]) == 0 and capsys.readouterr().out.strip() == "ok"
    data = load_dataset(out)
    assert {name: frame.height for name, frame in data.tables.items()} == {
        "customers": 3,
        "orders": 3,
        "survey_responses": 3,
    }
    customers = data.tables["customers"]
    assert customers["region"].to_list() == ["NL", "DE", "NL"] and "e_mail" not in customers.columns
    assert customers["churn_date"].to_list() == [None, date(2024, 5, 1), None]
    orders = data.tables["orders"]
    assert orders["order_id"].to_list() == ["o1", "o2", "1003"]
    assert orders["amount"].to_list() == [100.0, 12.5, -20.0]
    assert orders["order_date"].to_list()[1] == datetime(2024, 3, 2)
    assert data.tables["survey_responses"]["metric"].unique().to_list() == ["nps"]
    assert data.meta.name == "Acme"
    assert any("'nps'" in a for a in data.meta.assumptions)
    assert Mapping.from_yaml((out / MAPPING_FILE).read_text(encoding="utf-8")) == mapping
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme"]  # no staging folder left behind
    assert files == copies


def test_build_datadir_refuses_an_existing_dir(tmp_path):
    out = tmp_path / "taken"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    problems = build_datadir(good_files(), guessed(good_files()), out, "x")
    assert "already exists" in str(problems[0]) and sorted(p.name for p in out.iterdir()) == ["keep.txt"]


def _bad(files: dict[str, bytes], tmp_path: Path, mapping: Mapping | None = None) -> str:
    """The errors of building from bad files, after checking nothing at all was written."""
    mapping = mapping or guessed(good_files())
    out = tmp_path / "new" / "acme"
    problems = build_datadir(files, mapping, out, "Acme")
    assert errors(problems)
    assert not out.exists() and not out.parent.exists()
    return "\n".join(str(p) for p in errors(problems))


def test_wrong_columns_name_the_file_and_column(tmp_path):
    renamed = CUSTOMERS_CSV.replace(b"Signup", b"Joined on")
    text = _bad(good_files() | {"crm.csv": renamed}, tmp_path)
    assert "ERROR crm.csv, column 'Signup': column 'Signup' chosen for customers.signup_date is not in the file" in text
    assert "Joined on" in text  # the columns found, to pick from


def test_required_column_left_unmapped(tmp_path):
    mapping = guessed(good_files())
    mapping.tables["orders"].columns["amount"] = None
    text = _bad(good_files(), tmp_path, mapping)
    assert "ERROR sales.xlsx, column 'amount': no column chosen for the required orders.amount" in text


def test_wrong_type_names_file_column_row_and_value(tmp_path):
    text = _bad(good_files() | {"sales.xlsx": orders_xlsx(amount="abc")}, tmp_path)
    assert text == "ERROR sales.xlsx, column 'amount': a value that is not a number (1 row; first: row 2); e.g. 'abc'"


def test_bad_date_and_score_in_csv(tmp_path):
    bad = CUSTOMERS_CSV.replace(b"2024-02-10", b"10/02/2024")
    text = _bad(good_files() | {"crm.csv": bad}, tmp_path)
    assert "ERROR crm.csv, column 'signup_date': an unparsable date" in text and "row 3" in text


def test_non_utf8_csv(tmp_path):
    latin = CUSTOMERS_CSV.replace(b"Plus,DE", "Plus,Zürich".encode("cp1252"))
    text = _bad(good_files() | {"crm.csv": latin}, tmp_path)
    assert text.startswith("ERROR crm.csv: not UTF-8: byte 0xfc on line 3")


def test_wrong_delimiter(tmp_path):
    text = _bad(good_files() | {"crm.csv": CUSTOMERS_CSV.replace(b",", b";")}, tmp_path)
    assert text == "ERROR crm.csv: columns are separated by ';'; expected a comma-separated file"


def test_dangling_customer_and_missing_file(tmp_path):
    files = good_files()
    files["crm.csv"] = CUSTOMERS_CSV.replace(b"c2,", b"c9,")
    text = _bad(files, tmp_path)
    assert "ERROR sales.xlsx, column 'customer_id': customer_id not found in crm.csv (1 row; first: row 2)" in text
    del files["sales.xlsx"]
    assert "sales.xlsx: the mapping reads orders from this file, but it was not given" in _bad(files, tmp_path)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.txt", b"a,b\n", "unsupported file type '.txt'"),
        ("empty.csv", b"", "the file is empty"),
        ("broken.xlsx", b"PK\x03\x04 not really", "not a readable Excel file"),
        ("broken.parquet", b"PAR1 nope", "not a readable Parquet file"),
    ],
)
def test_unreadable_uploads(name, data, message):
    frame, problems = read_upload(name, data)
    assert frame is None and message in str(problems[0]) and str(problems[0]).startswith(f"ERROR {name}")


def test_excel_reads_text_and_warns_about_other_sheets():
    frame, problems = read_upload("book.xlsx", xlsx([["id", "when", "n"], [1001, date(2024, 1, 5), 7]], sheets=2))
    assert frame.row(0) == ("1001", "2024-01-05 00:00:00", "7")
    assert [p.severity for p in problems] == ["warning"] and "'Other 1'" in problems[0].message


def test_header_only_file_is_an_error_once_mapped():
    frame, problems = read_upload("crm.csv", b"Client ID,Signup,Cancelled\n")
    assert frame.height == 0 and problems == []
    mapping, _ = combine([guess_table_mapping("crm.csv", frame.columns)])
    _, _, problems = map_tables({"crm.csv": b"Client ID,Signup,Cancelled\n"}, mapping)
    assert [str(p) for p in problems] == ["ERROR crm.csv: has a header but no rows"]


def test_two_files_for_one_table():
    _, clashes = combine([TableMapping("orders", "a.csv"), TableMapping("orders", "b.csv")])
    assert str(clashes[0]) == "ERROR b.csv: orders already comes from a.csv; pick another table or skip"


def test_find_data_dirs_and_slugs(tmp_path):
    write_datadir(tmp_path / "one", {"orders": pl.DataFrame({"order_id": ["o"]})}, DatasetMeta(name="one"))
    (tmp_path / "empty").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "two" / "customers.csv").write_text("customer_id\n")
    assert find_data_dirs(tmp_path) == [tmp_path / "one", tmp_path / "two"]
    assert slugify("  Acme CRM: May 2024! ") == "acme-crm-may-2024" and slugify("!!") == "my-data"


# The CLI ---------------------------------------------------------------------------------------------


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _map_args(files: list[Path | str], mapping: Path, out: Path, name: str | None = None) -> argparse.Namespace:
    return argparse.Namespace(files=[str(f) for f in files], mapping=str(mapping), out=str(out), name=name)


def test_map_command_end_to_end(tmp_path, capsys):
    source = tmp_path / "source"
    source.mkdir()
    for name, data in good_files().items():
        (source / name).write_bytes(data)
    mapping_file = tmp_path / "acme-mapping.yaml"
    mapping_file.write_text(guessed(good_files()).to_yaml(), encoding="utf-8")
    before = _digests(source)

    out = tmp_path / "out"
    assert map_command(_map_args(sorted(source.iterdir()), mapping_file, out, "Acme May")) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    assert validate_dir(out) == [] and load_dataset(out).meta.name == "Acme May"

    # A renamed export, given as TABLE=PATH.
    (source / "sales-june.xlsx").write_bytes(orders_xlsx(amount="abc"))
    files = [source / "crm.csv", f"orders={source / 'sales-june.xlsx'}", source / "nps_survey.parquet"]
    assert map_command(_map_args(files, mapping_file, tmp_path / "june")) == 1
    printed = capsys.readouterr().out
    assert "ERROR sales-june.xlsx, column 'amount': a value that is not a number (1 row; first: row 2)" in printed
    assert "nothing written" in printed and not (tmp_path / "june").exists()

    with pytest.raises(UsageError, match="not in the mapping"):
        map_command(_map_args([source / "sales-june.xlsx"], mapping_file, tmp_path / "x"))
    code = main(
        ["map", str(source / "crm.csv"), "--mapping", str(tmp_path / "missing.yaml"), "--out", str(tmp_path / "x")]
    )
    assert code == 2 and "argument --mapping: no such file" in capsys.readouterr().err
    code = main(["map", str(source / "crm.csv"), "--mapping", str(mapping_file), "--out", str(out)])  # out is taken
    assert code == 2 and "argument --out" in capsys.readouterr().err
    missing = source / "gone" / "sales.xlsx"
    assert main(["map", f"orders={missing}", "--mapping", str(mapping_file), "--out", str(tmp_path / "x")]) == 2
    assert capsys.readouterr().err.endswith(f"argument FILE: no such file: orders={missing}\n")
    assert _digests(source) == before | {"sales-june.xlsx": _digests(source)["sales-june.xlsx"]}
    assert not (tmp_path / "x").exists()


# The page --------------------------------------------------------------------------------------------


def small_customers() -> pl.DataFrame:
    return pl.DataFrame(
        {"customer_id": ["a", "b"], "signup_date": [date(2024, 1, 1), date(2024, 2, 1)], "churn_date": [None, None]},
        schema_overrides={"churn_date": pl.Date},
    ).with_columns(segment=pl.lit("SMB"), region=pl.lit("North"), acquisition_channel=pl.lit("Web"))


@pytest.fixture
def app(tmp_path, data_env, monkeypatch):
    write_datadir(tmp_path / "small", {"customers": small_customers()}, DatasetMeta(name="Small hand-made data"))
    data_env(tmp_path / "small")
    monkeypatch.setenv("CXDASH_DATA_ROOT", str(tmp_path / "data"))  # never write into the project
    return open_data_page()


def open_data_page(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(HARNESS, default_timeout=60)
    at.query_params.update(query or {})
    at.run()
    assert not at.exception
    at.switch_page("../pages/data.py").run()
    assert not at.exception
    return at


def test_data_page_renders(app):
    assert [t.value for t in app.title] == ["Data"]
    assert "Small hand-made data" in app.caption[0].value
    assert app.selectbox(key="data_choice").label == "Data to show"
    assert app.selectbox(key="data_choice").value == "small"
    assert not app.text_input, "no free path field: viewers choose data by name only"
    assert app.file_uploader[0].accept_multiple_files


def test_data_page_upload_validate_save(app, tmp_path):
    bad = CUSTOMERS_CSV.replace(b"2024-02-10", b"soon")
    app.file_uploader[0].set_value([("crm.csv", bad, "text/csv"), ("sales.xlsx", orders_xlsx(), "application/xlsx")])
    app.run()
    assert not app.exception
    assert app.selectbox(key="table|crm.csv").value == "customers"
    assert app.selectbox(key="map|crm.csv|customers|signup_date").value == "Signup"
    assert app.selectbox(key="map|sales.xlsx|orders|amount").value == "Total"
    assert len(app.dataframe) == 2
    assert app.download_button(key="download_mapping").proto.label == "Download mapping (YAML)"

    app.button(key="validate").click().run()
    assert [e.value for e in app.error] == [
        "ERROR crm.csv, column 'signup_date': an unparsable date (expected YYYY-MM-DD) (1 row; first: row 3); "
        "e.g. 'soon'"
    ]
    assert not app.success
    app.text_input(key="new_data_name").set_value("Acme May").run()
    app.button(key="save").click().run()
    assert not (tmp_path / "data").exists()

    assert "Nothing was written" in app.info[-1].value

    app.file_uploader[0].set_value([("crm.csv", CUSTOMERS_CSV, "text/csv"), ("sales.xlsx", orders_xlsx(), "x")])
    app.run()
    app.button(key="save").click().run()
    assert not app.exception and not app.error
    assert validate_dir(tmp_path / "data" / "acme-may") == []
    app.button(key="switch_to_saved").click().run()
    assert not app.exception
    assert app.query_params["data"] == "acme-may" and app.selectbox(key="data_choice").value == "acme-may"
    assert "Acme May" in app.caption[0].value


def test_ok_only_when_no_file_has_an_error(app):
    """An unreadable upload is left out of the mapping; validating the rest must not say ok under its error."""
    broken = CUSTOMERS_CSV.replace(b"NL", "Nörth".encode("latin-1"))
    app.file_uploader[0].set_value([("old.csv", broken, "text/csv"), ("sales.xlsx", orders_xlsx(), "x")])
    app.run()
    app.button(key="validate").click().run()
    assert not app.exception
    assert app.error[0].value.startswith("ERROR old.csv: not UTF-8")
    assert not app.success
    assert "Not checked: old.csv, which could not be read" in app.info[-1].value
    app.file_uploader[0].set_value([("sales.xlsx", orders_xlsx(), "x")])
    app.run()
    app.button(key="validate").click().run()
    assert [s.value for s in app.success] == ["ok: the files fit."]


def test_choosing_data_by_name_puts_it_in_the_url_and_survives_reload(app, tmp_path):
    other = tmp_path / "data" / "other"
    write_datadir(other, {"customers": small_customers()}, DatasetMeta(name="Other data"))
    app.run()
    options = app.selectbox(key="data_choice").options  # as shown: the data's name, then the dir's
    assert options[0] == "Small hand-made data (small)" and options[-1] == "Other data (other)"
    app.selectbox(key="data_choice").set_value("other").run()
    assert not app.exception
    assert "Other data" in app.caption[0].value and app.query_params["data"] == "other"
    app.switch_page("../pages/overview.py").run()
    assert not app.exception and "Other data" in app.caption[0].value, "a page switch keeps the choice"
    assert app.query_params["data"] == "other"

    again = open_data_page({"data": "other"})  # a reload, or a shared link: a new session with the URL
    assert "Other data" in again.caption[0].value and again.selectbox(key="data_choice").value == "other"


@pytest.mark.parametrize("name", ["nope", "/etc", "../small"])
def test_an_unknown_name_in_the_url_falls_back_to_the_default(app, name):
    at = AppTest.from_file(HARNESS, default_timeout=60)
    at.query_params["data"] = name
    at.run()
    assert not at.exception
    assert [w.value for w in at.warning] == [
        f"There is no data named '{name}' here, so the app shows 'small'. Choose on the Data page."
    ]
    assert "Small hand-made data" in at.caption[0].value and "data" not in at.query_params


def test_data_dirs_offered_by_name(tmp_path, monkeypatch):
    root = tmp_path / "root"
    write_datadir(root / "acme", {"customers": small_customers()}, DatasetMeta(name="Acme"))
    write_datadir(tmp_path / "given" / "acme", {"customers": small_customers()}, DatasetMeta(name="Given"))
    (root / "notes").mkdir()
    monkeypatch.setenv("CXDASH_DATA_ROOT", str(root))
    monkeypatch.delenv("CXDASH_DATA", raising=False)
    choices = data_choices(["--data", str(tmp_path / "given" / "acme")])
    assert choices == {"acme": tmp_path / "given" / "acme", "sample": SAMPLE_DIR, "acme-2": root / "acme"}
    assert list(data_choices([])) == ["sample", "acme"]


def test_a_wrong_goals_file_is_a_warning_on_the_goals_page_and_hides_no_kpi(tmp_path, data_env):
    directory = tmp_path / "goals"
    write_datadir(directory, {"customers": small_customers()}, DatasetMeta(name="Goals"), [{"id": "g1", "target": 1}])
    data_env(directory)
    at = open_data_page()
    assert not at.error
    at.switch_page("../pages/goals.py").run()  # goals are read apart from the data, and shown there
    assert any(w.value.startswith("WARNING goals.yaml: goal 1 'g1': missing key") for w in at.warning)
    assert not at.error
    at.switch_page("../pages/overview.py").run()
    assert not at.exception and "Churn rate" in [m.label for m in at.metric]
