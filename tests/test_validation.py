"""Bad input: each kind of contract violation names file, column and rows, and no file is changed."""

import hashlib
import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from cxdash.cli import main
from cxdash.engine.engine import open_engine
from cxdash.ingest.contracts import POLARS_TYPES, TABLES, empty_frame
from cxdash.ingest.goals import read_goals
from cxdash.ingest.loading import load_dataset, validate_dir
from cxdash.ingest.problems import errors

GOOD_CUSTOMERS = (
    "customer_id,signup_date,churn_date,segment,region,acquisition_channel\n"
    "c1,2024-01-01,,SMB,North,Web\n"
    "c2,2024-02-01,2024-05-01,SMB,South,Web\n"
)
GOOD_ORDERS = "order_id,customer_id,order_date,amount,channel,category\no1,c1,2024-03-01 10:00:00,12.5,Web,Home\n"
GOOD_RESPONSES = (
    "response_id,customer_id,responded_at,metric,score,journey_stage,touchpoint,channel,comment\n"
    "r1,c1,2024-03-02,nps,9,Purchase,Checkout,Email,\n"
    "r2,,2024-03-03T09:30:00,csat,2,Support,Contact center,Web,long wait\n"
)
GOAL = (
    "- id: g1\n  name: Lift NPS\n  metric: nps\n  target: 40\n  direction: increase\n"
    "  start: 2026-01-01\n  deadline: 2026-12-31\n  owner: CX\n  objective: referrals\n"
)


def write_dir(tmp_path: Path, **files: str | bytes) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    contents = {"customers.csv": GOOD_CUSTOMERS, "orders.csv": GOOD_ORDERS, "survey_responses.csv": GOOD_RESPONSES}
    contents.update({name.replace("__", "."): text for name, text in files.items()})
    for name, text in contents.items():
        if text is not None:
            data = text if isinstance(text, bytes) else text.encode("utf-8")
            (tmp_path / name).write_bytes(data)
    return tmp_path


def only_error(directory: Path) -> str:
    found = errors(validate_dir(directory))
    assert len(found) == 1, [str(p) for p in found]
    return str(found[0])


def test_good_dir_is_ok(tmp_path, capsys):
    assert validate_dir(write_dir(tmp_path)) == []
    assert main(["check", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == "ok"


@pytest.mark.parametrize(
    ("file", "text", "expected"),
    [
        (
            "customers__csv",
            GOOD_CUSTOMERS.replace("signup_date", "signup"),
            "customers.csv, column 'signup_date': missing required column",
        ),
        (
            "customers__csv",
            GOOD_CUSTOMERS.replace("2024-02-01,2024-05-01", "2024-02-30,2024-05-01"),
            "customers.csv, column 'signup_date': an unparsable date (expected YYYY-MM-DD) (1 row; first: row 2)",
        ),
        (
            "customers__csv",
            GOOD_CUSTOMERS.replace("2024-02-01,2024-05-01", "2024-06-01,2024-05-01"),
            "customers.csv, column 'churn_date': churn_date before signup_date (1 row; first: row 2)",
        ),
        (
            "customers__csv",
            GOOD_CUSTOMERS.replace("c2,", "c1,"),
            "customers.csv, column 'customer_id': duplicate key (2 rows; first rows: 1, 2)",
        ),
        ("customers__csv", GOOD_CUSTOMERS.replace("c2,", ","), "column 'customer_id': missing value"),
        ("orders__csv", GOOD_ORDERS.replace("12.5", "12,5"), "not a readable CSV file"),
        ("orders__csv", GOOD_ORDERS.replace("12.5", "twelve"), "column 'amount': a value that is not a number"),
        ("orders__csv", GOOD_ORDERS.replace(",c1,", ",c9,"), "column 'customer_id': customer_id not found in"),
        ("orders__csv", GOOD_ORDERS.replace("2024-03-01 10:00:00", "yesterday"), "an unparsable timestamp"),
        ("survey_responses__csv", GOOD_RESPONSES.replace("nps,9", "nps,11"), "nps score outside 0-10"),
        ("survey_responses__csv", GOOD_RESPONSES.replace("csat,2", "csat,0"), "csat score outside 1-5"),
        ("survey_responses__csv", GOOD_RESPONSES.replace("nps,9", "NPS,9"), "unknown metric"),
        ("survey_responses__csv", GOOD_RESPONSES.replace("nps,9", "nps,9.5"), "not a whole number"),
    ],
)
def test_each_violation_has_a_clear_message(tmp_path, file, text, expected):
    assert expected in only_error(write_dir(tmp_path, **{file: text}))


def test_examples_and_counts_are_shown(tmp_path):
    many = GOOD_CUSTOMERS + "".join(f"x{i},2024-13-0{i % 9 + 1},,SMB,North,Web\n" for i in range(8))
    message = only_error(write_dir(tmp_path, customers__csv=many))
    assert "(8 rows; first rows: 3, 4, 5, 6, 7)" in message and "e.g. '2024-13-01'" in message


def test_future_churn_is_a_warning_not_an_error(tmp_path):
    text = GOOD_CUSTOMERS.replace("2024-05-01", "2999-01-01")
    problems = validate_dir(write_dir(tmp_path, customers__csv=text))
    assert [p.severity for p in problems] == ["warning"] and "in the future" in str(problems[0])


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "customers.csv: the file is empty"),
        (GOOD_CUSTOMERS.replace(",", ";").encode(), "columns are separated by ';'"),
        (GOOD_CUSTOMERS.replace(",", "\t").encode(), "columns are separated by tab"),
        (GOOD_CUSTOMERS.replace("North", "Nörth").encode("latin-1"), "not UTF-8: byte 0xf6 on line 2"),
    ],
)
def test_file_level_problems(tmp_path, data, expected):
    assert expected in only_error(write_dir(tmp_path, customers__csv=data))


def test_missing_and_empty_dirs(tmp_path, capsys):
    assert "no such data directory" in only_error(tmp_path / "nope")
    assert "no data files found" in only_error(tmp_path)
    assert main(["check", str(tmp_path)]) == 1
    assert "no data files found" in capsys.readouterr().out
    assert main(["check", str(tmp_path / "nope")]) == 2
    assert (
        capsys.readouterr().err == f"python -m cxdash check: error: argument dir: no such folder: {tmp_path / 'nope'}\n"
    )


def test_a_table_may_be_missing(tmp_path):
    directory = write_dir(tmp_path)
    (directory / "orders.csv").unlink()
    data = load_dataset(directory)
    assert data.ok and set(data.tables) == {"customers", "survey_responses"}


def test_broken_parquet(tmp_path):
    (tmp_path / "orders.parquet").write_bytes(b"PAR1 not really")
    assert "orders.parquet: not a readable Parquet file" in only_error(tmp_path)


def only_warning(directory: Path) -> str:
    found = [p for p in validate_dir(directory) if p.severity == "warning"]
    assert len(found) == 1, [str(p) for p in found]
    return str(found[0])


@pytest.mark.parametrize(
    ("goals", "expected"),
    [
        (GOAL.replace("  metric: nps\n", ""), "WARNING goals.yaml: goal 1 'g1': missing key 'metric'"),
        (GOAL.replace("metric: nps", "metric: happiness"), "goal 1 'g1', key 'metric': unknown metric 'happiness'"),
        (GOAL.replace("2026-12-31", "2025-12-31"), "goal 1 'g1': deadline 2025-12-31 is not after start 2026-01-01"),
        (GOAL.replace("target: 40", "target: high"), "goal 1 'g1', key 'target': must be a number, got 'high'"),
        (GOAL.replace("2026-12-31", "2026-13-31"), "key 'deadline': '2026-13-31' is not a real date"),
        (GOAL + "  window_days: 0\n", "key 'window_days': must be greater than 0, got 0"),
        (GOAL.replace("increase", "up"), "key 'direction': must be 'increase' or 'decrease', got 'up'"),
        (GOAL + GOAL, "goal 2 'g1': the id repeats goal 1"),
        ("not: [a list", "goals.yaml: not valid YAML"),
        ("{a: 1}", "expected a list of goals"),
    ],
)
def test_goal_problems_are_warnings_that_hide_no_figure(tmp_path, goals, expected):
    directory = write_dir(tmp_path, goals__yaml=goals)
    assert expected in only_warning(directory)
    data = load_dataset(directory)
    assert data.ok and set(data.tables) == {"customers", "orders", "survey_responses"}


def test_invalid_goals_are_reported_by_check_without_failing_it(tmp_path, capsys):
    directory = write_dir(tmp_path, goals__yaml=GOAL.replace("target: 40", "target: high"))
    assert main(["check", str(directory)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("WARNING goals.yaml: goal 1 'g1'") and out[-1] == "ok"


def test_a_goal_dated_with_a_time_counts_as_its_day(tmp_path, capsys):
    """YAML reads `2026-01-01 10:00:00` as a datetime; comparing it with a date raised TypeError in check."""
    directory = write_dir(tmp_path, goals__yaml=GOAL.replace("2026-01-01", "2026-01-01 10:00:00"))
    assert main(["check", str(directory)]) == 0
    assert capsys.readouterr().out.strip() == "ok"
    (goal,) = read_goals(directory)[0]
    assert goal.start == date(2026, 1, 1) and type(goal.start) is date


def test_the_other_goals_of_a_file_still_count(tmp_path):
    good = GOAL.replace("g1", "g2") + "  filters: {region: [North, South]}\n"
    goals, _ = read_goals(write_dir(tmp_path, goals__yaml=GOAL.replace("target: 40", "target: x") + good))
    assert [g.id for g in goals] == ["g2"] and goals[0].filters == {"region": ("North", "South")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: [unclosed", "ERROR dataset.yaml: not valid YAML"),
        ("as_of: soon\n", "ERROR dataset.yaml: key 'as_of': 'soon' is not a date in the form YYYY-MM-DD"),
        ("currency: EURO\n", "key 'currency': 'EURO' is not an ISO 4217 currency code"),
        ("observed:\n  churn: {start: 2024-02-01, end: 2024-01-01}\n", "end 2024-01-01 is before start 2024-02-01"),
        ("- a list\n", "dataset.yaml: expected keys with values"),
    ],
)
def test_a_wrong_dataset_yaml_is_an_error_not_a_crash(tmp_path, capsys, text, expected):
    directory = write_dir(tmp_path, dataset__yaml=text)
    assert expected in only_error(directory)
    assert main(["check", str(directory)]) == 1
    assert expected in capsys.readouterr().out
    engine = open_engine(directory)  # what every page opens: it used to crash on as_of: soon
    assert not engine.data.ok and engine.runner is None


def test_an_unknown_dataset_key_is_a_warning(tmp_path):
    directory = write_dir(tmp_path, dataset__yaml="name: Acme\ncurency: EUR\n")
    assert "unknown key 'curency' is ignored" in only_warning(directory)
    assert load_dataset(directory).meta.name == "Acme"


def test_two_files_for_one_table_is_an_error_naming_both(tmp_path):
    directory = write_dir(tmp_path)
    pl.read_csv(directory / "customers.csv").write_parquet(directory / "customers.parquet")
    message = only_error(directory)
    assert "customers.parquet and customers.csv both hold customers; keep one of them" in message
    assert "customers" not in load_dataset(directory).tables


@pytest.mark.parametrize(
    ("file", "data", "expected"),
    [
        ("customers.csv", GOOD_CUSTOMERS.splitlines()[0] + "\n", "ERROR customers.csv: has a header but no rows"),
        ("orders.parquet", None, "ERROR orders.parquet: has no rows"),
    ],
)
def test_a_table_without_rows_is_an_error(tmp_path, file, data, expected):
    directory = write_dir(tmp_path, orders__csv=None)
    if data is None:
        empty_frame("orders").write_parquet(directory / file)
    else:
        (directory / file).write_text(data, encoding="utf-8")
    assert only_error(directory) == expected


def test_every_optional_column_may_be_missing(tmp_path):
    directory = write_dir(
        tmp_path,
        customers__csv="customer_id,signup_date,churn_date\nc1,2024-01-01,\nc2,2024-02-01,2024-05-01\n",
        orders__csv="order_id,customer_id,order_date,amount\no1,c1,2024-03-01,12.5\n",
        survey_responses__csv="response_id,customer_id,responded_at,metric,score\nr1,,2024-03-02,nps,9\n",
    )
    data = load_dataset(directory)
    assert data.problems == []
    for name, frame in data.tables.items():
        assert frame.columns == TABLES[name].column_names
        optional = [c for c in TABLES[name].columns if c.optional]
        for column in optional:
            assert frame[column.name].null_count() == frame.height
            assert frame.schema[column.name] == POLARS_TYPES[column.kind]
    assert main(["check", str(directory)]) == 0


def test_user_files_are_never_written(tmp_path, sample_dir):
    bad = write_dir(tmp_path / "bad", orders__csv=GOOD_ORDERS.replace("12.5", "x"))
    good = tmp_path / "good"
    shutil.copytree(sample_dir, good)
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for d in (bad, good) for p in d.iterdir()}
    for directory in (bad, good):
        load_dataset(directory)
        main(["check", str(directory)])
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for d in (bad, good) for p in d.iterdir()}
    assert before == after
