"""Where Splink runs: an in-process DuckDB connection, or a local Spark session.

:func:`backend` opens either for one run (threads, memory limit, a temporary directory for
spills and checkpoints) and closes it after; :class:`Backend` runs the little SQL Onroll sends
itself (fetching Splink's results as Arrow, counting) on whichever engine it holds.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from onroll.linkage.spec import Engine


@dataclass
class Backend:
    engine: Engine
    db_api: Any
    tmpdir: str
    spark: Any = None
    duckdb_con: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    def fetch(self, sdf: Any, columns: list[str], where: str) -> pa.Table:
        """Fetch some columns of a Splink table as Arrow."""
        cols = ", ".join(columns)
        if self.engine == "duckdb":
            sql = f"SELECT {cols} FROM {sdf.physical_name} WHERE {where}"  # noqa: S608
            table: pa.Table = self.duckdb_con.sql(sql).to_arrow_table()
            return table
        frame = self.spark.sql(f"SELECT {cols} FROM {sdf.physical_name} WHERE {where}")  # noqa: S608
        out = os.path.join(self.tmpdir, f"fetch_{len(self.extra)}")
        self.extra[out] = True
        frame.write.parquet(out)
        import pyarrow.parquet as pq

        return pq.read_table(out)

    def count(self, sql: str) -> int:
        """The first column of the first row of a ``SELECT count(*) AS n ...`` query."""
        if self.engine == "duckdb":
            rows = self.duckdb_con.execute(sql).fetchall()
            return int(rows[0][0]) if rows else 0
        return int(self.spark.sql(sql).collect()[0]["n"])


def spark_session(threads: int = 2, memory: str = "2g") -> Any:
    """A local Spark session with Splink's similarity functions on the class path."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    builder: Any = SparkSession.builder
    session = (
        builder.master(f"local[{threads}]")
        .appName("onroll-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.driver.memory", memory)
        .config("spark.sql.shuffle.partitions", str(max(1, threads)))
        .config("spark.default.parallelism", str(max(1, threads)))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.extraJavaOptions", "-Duser.timezone=UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


@contextlib.contextmanager
def backend(
    engine: Engine, threads: int | None = None, memory_limit: str = "1500MB"
) -> Iterator[Backend]:
    """Open a DuckDB connection or a local Spark session for Splink, and close it after."""
    tmpdir = tempfile.mkdtemp(prefix="onroll-link-")
    try:
        if engine == "duckdb":
            import duckdb
            from splink import DuckDBAPI

            con = duckdb.connect()
            con.execute(f"SET threads = {threads or os.cpu_count() or 2}")
            con.execute(f"SET memory_limit = '{memory_limit}'")
            con.execute(f"SET temp_directory = '{tmpdir}'")
            con.execute("SET preserve_insertion_order = false")
            con.execute("SET enable_progress_bar = false")
            try:
                yield Backend("duckdb", DuckDBAPI(connection=con), tmpdir, duckdb_con=con)
            finally:
                con.close()
        elif engine == "spark":
            from splink import SparkAPI

            spark = spark_session(threads or os.cpu_count() or 2)
            spark.sparkContext.setCheckpointDir(os.path.join(tmpdir, "checkpoints"))
            yield Backend(
                "spark",
                SparkAPI(  # type: ignore[no-untyped-call]
                    spark_session=spark, break_lineage_method="persist"
                ),
                tmpdir,
                spark=spark,
            )
        else:  # pragma: no cover - argparse restricts the choice
            raise ValueError(f"unknown engine {engine!r}")
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
