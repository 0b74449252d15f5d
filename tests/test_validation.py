"""Bad input: each kind of contract violation names file, column and rows, and no file is changed."""

import hashlib
import shutil
from pathlib import Path

import pytest

from cxdash.cli import main
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


def test_a_table_may_be_missing(tmp_path):
    directory = write_dir(tmp_path)
    (directory / "orders.csv").unlink()
    data = load_dataset(directory)
    assert data.ok and set(data.tables) == {"customers", "survey_responses"}


def test_broken_parquet(tmp_path):
    (tmp_path / "orders.parquet").write_bytes(b"PAR1 not really")
    assert "orders.parquet: not a readable Parquet file" in only_error(tmp_path)


@pytest.mark.parametrize(
    ("goals", "expected"),
    [
        (GOAL.replace("  metric: nps\n", ""), "goals.yaml: goal 1 'g1': missing key 'metric'"),
        (GOAL.replace("metric: nps", "metric: happiness"), "goal 1 'g1': unknown metric 'happiness'"),
        (GOAL.replace("2026-12-31", "2025-12-31"), "goal 1 'g1': deadline is not after start"),
        (GOAL.replace("target: 40", "target: high"), "goal 1 'g1': 'target' must be a number"),
        ("not: [a list", "goals.yaml: not valid YAML"),
        ("{a: 1}", "expected a list of goals"),
    ],
)
def test_goal_problems(tmp_path, goals, expected):
    assert expected in only_error(write_dir(tmp_path, goals__yaml=goals))


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
