"""Which engine answers the queries: DuckDB (the default) or the same query files on Apache Spark.

The CLI's `--engine duckdb|spark` and the dashboard's `CXDASH_ENGINE` both come here; the Spark Connect
address is `CXDASH_SPARK_URL` (sc://host:port of a cluster), or a local Spark when it is unset.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from cxdash.engine.engine import Engine, open_engine

ENGINE_ENV = "CXDASH_ENGINE"
SPARK_URL_ENV = "CXDASH_SPARK_URL"


class EngineUnavailable(RuntimeError):
    """The chosen engine cannot run on this machine (a missing package or Java)."""


def open_any_engine(directory: Path, name: str | None = None, url: str | None = None) -> Engine:
    name = name or os.environ.get(ENGINE_ENV) or "duckdb"
    if name == "duckdb":
        return open_engine(directory)
    if name != "spark":
        raise EngineUnavailable(f"unknown engine {name!r} (known: duckdb, spark)")
    try:
        from cxdash.engine.spark import open_spark_engine
    except ImportError as error:
        raise EngineUnavailable(f"spark needs requirements-spark.txt installed ({error})") from error
    if shutil.which("java") is None:
        raise EngineUnavailable("spark needs Java 17 (`java` on the PATH)")
    return open_spark_engine(Path(directory), url or os.environ.get(SPARK_URL_ENV))
