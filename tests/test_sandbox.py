"""The SQL explorer's sandbox under attack: every attempt to read or write files, reach the network, load an
extension, change a setting, change the data, run forever or exhaust memory is refused or stopped, in plain
words; the second guard (the locked, read-only connection) holds even where the parser's check is skipped;
several questions at once leave the Overview answering; `python -m cxdash sql` is the same sandbox."""

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest

from cxdash.cli import main
from cxdash.engine import sandbox
from cxdash.engine.sandbox import Failed, Limits, Refused, Stopped, database_file, run_sandboxed
from cxdash.figures.counts import Filters

FOREVER = "SELECT SUM(a.range * b.range) FROM range(1000000) AS a, range(1000000) AS b"  # 10^12 rows
GREEDY = "SELECT LIST(range) FROM range(300000000)"  # a 2.4 GB list


@pytest.fixture(scope="module")
def database(sample) -> Path:
    return database_file(sample.runner)


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file the attacks try to read, beside the place they try to write."""
    path = tmp_path / "secret.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    return path


# (what, SQL with {dir} for a temporary folder, the error class, words the message says)
ATTACKS = {
    "read_csv": ("SELECT * FROM read_csv('{dir}/secret.csv')", Failed, "never files"),
    "a file named in FROM": ("SELECT * FROM '{dir}/secret.csv'", Failed, "never files"),
    "read_text": ("SELECT * FROM read_text('/etc/passwd')", Failed, "never files"),
    "read_blob": ("SELECT * FROM read_blob('{dir}/secret.csv')", Failed, "never files"),
    "glob": ("SELECT * FROM glob('/etc/*')", Failed, "never files"),
    "the network": ("SELECT * FROM read_csv('https://example.com/x.csv')", Failed, "never files"),
    "COPY ... TO": ("COPY (SELECT 1 AS x) TO '{dir}/out.csv'", Refused, "not COPY."),
    "EXPORT DATABASE": ("EXPORT DATABASE '{dir}/out'", Refused, "not EXPORT."),
    "ATTACH": ("ATTACH '{dir}/other.duckdb' AS other", Refused, "not ATTACH."),
    "INSTALL extension": ("INSTALL httpfs", Refused, "not INSTALL."),
    "LOAD extension": ("LOAD httpfs", Refused, "not LOAD."),
    "SET": ("SET memory_limit = '64GB'", Refused, "not SET."),
    "SET external access back on": ("SET enable_external_access = true", Refused, "not SET."),
    "PRAGMA": ("PRAGMA threads = 64", Refused, "not PRAGMA."),
    "RESET": ("RESET threads", Refused, "not RESET."),
    "DROP TABLE": ("DROP TABLE calendar", Refused, "not DROP."),
    "CREATE TABLE": ("CREATE TABLE mine AS SELECT 1 AS x", Refused, "not CREATE."),
    "INSERT": ("INSERT INTO calendar VALUES (DATE '2000-01-01')", Refused, "not INSERT."),
    "DELETE": ("DELETE FROM calendar", Refused, "not DELETE."),
    "CHECKPOINT": ("CHECKPOINT", Refused, "not CHECKPOINT."),
    "a write hidden in query()": ("SELECT * FROM query('DROP TABLE calendar')", Failed, "single SELECT"),
    "two statements": ("SELECT 1; DROP TABLE calendar", Refused, "this text holds 2"),
    "no statement": ("-- nothing", Refused, "no SQL statement"),
    "a syntax error": ("SELECT 1,\nFROM WHERE", Refused, "could not be read (line 2)"),
    "runs forever": (FOREVER, Stopped, "time limit"),
    "exhausts memory": (GREEDY, Stopped, "memory"),
}
LIMITS = Limits(seconds=3, rows=1_000, memory="128MB")


@pytest.mark.parametrize("attack", ATTACKS, ids=list(ATTACKS))
def test_every_attack_is_refused_or_stopped(attack, database, victim, tmp_path):
    sql, kind, words = ATTACKS[attack]
    before = sorted(tmp_path.rglob("*"))
    started = time.monotonic()
    with pytest.raises(kind) as raised:
        run_sandboxed(database, sql.format(dir=tmp_path), LIMITS)
    print(f"{attack}: {type(raised.value).__name__} after {time.monotonic() - started:.1f} s: {raised.value}")
    assert words in str(raised.value)
    assert sorted(tmp_path.rglob("*")) == before, "nothing was written"
    assert "Error:" not in str(raised.value), "plain words, not DuckDB's"


BEHIND_THE_PARSER = {
    "COPY ... TO": "COPY (SELECT 1 AS x) TO '{dir}/out.csv'",
    "ATTACH": "ATTACH '{dir}/other.duckdb' AS other",
    "INSTALL extension": "INSTALL httpfs",
    "LOAD extension": "LOAD httpfs",
    "SET": "SET memory_limit = '64GB'",
    "SET external access back on": "SET enable_external_access = true",
    "DROP TABLE": "DROP TABLE calendar",
    "CREATE TABLE": "CREATE TABLE mine AS SELECT 1 AS x",
    "INSERT": "INSERT INTO calendar VALUES (DATE '2000-01-01')",
}


@pytest.mark.parametrize("attack", BEHIND_THE_PARSER, ids=list(BEHIND_THE_PARSER))
def test_the_connection_itself_refuses_what_the_parser_would(attack, database, tmp_path):
    """The parser's check is the first guard; the locked, read-only connection is the real one."""
    con = sandbox._open(database, LIMITS)
    try:
        with pytest.raises(duckdb.Error) as raised:
            con.execute(BEHIND_THE_PARSER[attack].format(dir=tmp_path))
        print(f"{attack} on the connection: {type(raised.value).__name__}: {str(raised.value).splitlines()[0]}")
        settings = dict(con.execute("SELECT name, value FROM duckdb_settings()").fetchall())
    finally:
        con.close()
    assert not list(tmp_path.iterdir())
    assert settings["enable_external_access"] == "false" and settings["lock_configuration"] == "true"
    assert settings["threads"] == "1" and settings["autoload_known_extensions"] == "false"


def test_an_ordinary_question_is_answered(database, sample):
    answer = run_sandboxed(database, "SELECT CAST(COUNT(*) AS BIGINT) AS customers FROM customer_facts")
    assert answer.frame.to_dicts() == [{"customers": sample.data.tables["customers"].height}]
    assert not answer.truncated


def test_rows_stop_at_the_limit(database):
    answer = run_sandboxed(database, "SELECT range AS n FROM range(25000) ORDER BY n", Limits(rows=10_000))
    assert answer.truncated and answer.frame.height == 10_000 and answer.frame["n"][-1] == 9_999


def test_an_unknown_column_names_its_line(database):
    with pytest.raises(Failed, match=r"line 2.*nope") as raised:
        run_sandboxed(database, "SELECT day,\n  nope\nFROM calendar ORDER BY day")
    assert raised.value.line == 2 and "Binder Error" in raised.value.detail


def test_the_shared_connection_is_never_used(database, sample):
    """The pages' connection keeps answering while a sandbox works; the sandbox never touches it."""
    shared_before = sample.runner.con.execute("SELECT current_setting('threads')").fetchone()
    run_sandboxed(database, "SELECT 1 AS x")
    assert sample.runner.con.execute("SELECT current_setting('threads')").fetchone() == shared_before


def test_several_questions_at_once_while_the_overview_answers(database, sample):
    """Five explorers ask at once (two of them forever) from threads; the Overview, computed meanwhile in
    this thread, gives the same figures as on a quiet machine, and every ordinary question its answer."""
    _, period, comparison, _ = sample.default_view()
    quiet = sample.overview(period, comparison, Filters())
    counting = "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM customer_facts"
    questions = [FOREVER, counting, FOREVER, counting, "SELECT CAST(SUM(orders) AS BIGINT) AS n FROM daily_orders"]
    overviews = []
    running = threading.Event()

    def ask(sql: str):
        running.set()
        try:
            return run_sandboxed(database, sql, Limits(seconds=4)).frame.to_dicts()
        except Stopped as error:
            return str(error)

    with ThreadPoolExecutor(len(questions)) as pool:
        futures = [pool.submit(ask, sql) for sql in questions]
        running.wait()
        while not all(f.done() for f in futures[:1]):
            overviews.append(sample.overview(period, comparison, Filters()))
        answers = [f.result() for f in futures]
    assert overviews, "the Overview answered while the explorers ran"
    assert all(o.tiles == quiet.tiles and o.trend.equals(quiet.trend) for o in overviews)
    customers = sample.data.tables["customers"].height
    assert answers[1] == answers[3] == [{"n": customers}]
    assert answers[4] == [{"n": sample.data.tables["orders"].height}]
    assert all("time limit" in answers[i] for i in (0, 2))


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_sql_prints_json_and_csv(capsys, sample_dir, sample):
    sql = "SELECT metric, CAST(COUNT(*) AS BIGINT) AS days FROM daily_responses GROUP BY metric ORDER BY metric"
    code, out, err = run_cli(capsys, "sql", str(sample_dir), sql)
    assert code == 0 and err == ""
    printed = json.loads(out)
    assert printed["columns"] == {"metric": "String", "days": "Int64"} and printed["truncated"] is False
    assert [row["metric"] for row in printed["rows"]] == sorted(sample.survey_metrics)
    code, out, _ = run_cli(capsys, "sql", str(sample_dir), sql, "--format", "csv")
    assert code == 0 and out.splitlines()[0] == "metric,days" and len(out.splitlines()) == 4


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["DROP TABLE calendar"], 2, "argument sql: Only a SELECT (or WITH ... SELECT) can run here, not DROP."),
        (["SELECT * FROM read_text('/etc/passwd')"], 1, "never files"),
        ([FOREVER, "--timeout", "1"], 1, "Stopped after 1 seconds"),
        (["SELECT 1", "--timeout", "0"], 2, "argument --timeout"),
        (["SELECT 1", "--format", "xml"], 2, "argument --format"),
    ],
)
def test_cli_sql_refused_or_stopped_in_one_line(capsys, sample_dir, args, code, words):
    got, out, err = run_cli(capsys, "sql", str(sample_dir), *args)
    assert (got, out) == (code, "")
    assert err.count("\n") == 1 and words in err and "Traceback" not in err, err
