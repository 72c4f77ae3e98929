"""The Splink model: comparisons, blocking, training and scoring, on DuckDB or Spark.

The model compares a population record (left) with a roll record (right) on five things:

- ``forename``: exact (term-frequency adjusted), the same formal name behind a nickname,
  swapped with the surname, Jaro-Winkler >= 0.92, >= 0.80, else;
- ``surname``: exact (term-frequency adjusted), swapped with the forename, one part of a
  double-barrelled name, Jaro-Winkler >= 0.92, >= 0.80, else;
- ``dob``: exact, day and month swapped, one character different, within a month, within a
  year, else;
- ``household``: postcode and address scored as ONE comparison (same home, same postcode,
  same address text, same postcode sector, same district, else), because a shared address is
  one piece of evidence, not two — scoring postcode and address separately double-counts it,
  and that is what links an absent child to a sibling on a roll;
- ``sex`` and ``upn``: exact or else.

Blocking keeps the comparisons to pairs that share a cleaned name, a date of birth (or its
day/month swap) with a name, a postcode with a name or date of birth, swapped names, or a UPN.
Training is deterministic: u by seeded random sampling, the prior from exact agreement, m by
expectation maximisation on two blocking passes with hash-based (seeded) pair sampling.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa

Engine = Literal["duckdb", "spark"]

COMPARISONS = ("forename", "surname", "dob", "household", "sex", "upn")

#: Column sent to Splink for each cleaned record (see onroll.linkage.cleaning).
MODEL_COLUMNS = (
    "unique_id",
    "forename",
    "forename1",
    "forename_canon",
    "surname",
    "surname_first",
    "surname_last",
    "name_sorted",
    "dob",
    "dob_swapped",
    "sex",
    "postcode",
    "postcode_sector",
    "postcode_district",
    "address",
    "address_number",
    "address_key",
    "upn",
    "forename1_family",
    "surname_family",
)

#: Above this many records on a side, prediction is chunked (see score()).
PREDICT_CHUNK_ROWS = 400_000

#: Pairs scored below this probability are not kept for assignment or review.
CANDIDATE_FLOOR = 0.01

log = logging.getLogger(__name__)


#: The Jaro-Winkler function's name in each engine's SQL (Splink registers it on Spark).
JARO_WINKLER = {"duckdb": "jaro_winkler_similarity", "spark": "jaro_winkler"}


def comparisons(engine: Engine = "duckdb") -> list[Any]:
    """The model's comparisons (Splink creators). Only the swapped-names level needs the
    engine, for its Jaro-Winkler function name."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    def custom(sql: str, label: str) -> Any:
        return cll.CustomLevel(sql, label_for_charts=label, base_dialect_str="duckdb")

    jw = JARO_WINKLER[engine]

    def swapped(label: str) -> Any:
        # forename and surname exchanged: both ways exact, or one way exact and the other
        # alike (a typo as well as the swap); a shared surname alone is not enough
        sql = (
            "(forename1_l = surname_first_r AND surname_first_l = forename1_r) "
            f"OR (forename1_l = surname_first_r AND {jw}(surname_first_l, forename1_r) >= 0.8) "
            f"OR (surname_first_l = forename1_r AND {jw}(forename1_l, surname_first_r) >= 0.8)"
        )
        return cll.CustomLevel(sql, label_for_charts=label)

    def one_way(label: str) -> Any:
        # one name moved to the other field, the other name changed or misspelt beyond the
        # swapped level ("Esme Tiayski" / "Fox Esme", "Olly Zaluski" / "Zaluski Oliver"),
        # unless the shared name is a family name in its file: "Nehafield Jumoary" and
        # "Muhammad Nehafield" share a surname, not a forename (see cleaning)
        sql = (
            "(forename1_l = surname_first_r AND NOT forename1_family_l AND NOT surname_family_r) "
            "OR (surname_first_l = forename1_r AND NOT surname_family_l "
            "AND NOT forename1_family_r)"
        )
        return custom(sql, label)

    forename = cl.CustomComparison(
        output_column_name="forename",
        comparison_description="forename",
        comparison_levels=[
            cll.NullLevel("forename1"),
            cll.ExactMatchLevel("forename", term_frequency_adjustments=True).configure(
                label_for_charts="exact"
            ),
            cll.ExactMatchLevel("forename_canon").configure(
                label_for_charts="same first name or nickname"
            ),
            swapped("swapped with surname"),
            one_way("swapped with surname, other name changed"),
            cll.DamerauLevenshteinLevel("forename1", 1).configure(
                label_for_charts="one letter different or two swapped"
            ),
            custom(
                "(length(forename1_l) >= 3 AND length(forename1_r) >= 3) AND ("
                "substr(forename1_r, 1, length(forename1_l)) = forename1_l "
                "OR substr(forename1_l, 1, length(forename1_r)) = forename1_r)",
                "one is the start of the other",
            ),
            cll.JaroWinklerLevel("forename1", 0.92).configure(
                label_for_charts="similar (JW>=0.92)"
            ),
            cll.JaroWinklerLevel("forename1", 0.80).configure(label_for_charts="like (JW>=0.80)"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )
    surname = cl.CustomComparison(
        output_column_name="surname",
        comparison_description="surname",
        comparison_levels=[
            cll.NullLevel("surname"),
            cll.ExactMatchLevel("surname", term_frequency_adjustments=True).configure(
                label_for_charts="exact"
            ),
            swapped("swapped with forename"),
            one_way("swapped with forename, other name changed"),
            custom(
                "surname_first_l = surname_first_r OR surname_last_l = surname_last_r "
                "OR surname_first_l = surname_last_r OR surname_last_l = surname_first_r",
                "shares part of a double-barrelled name",
            ),
            cll.JaroWinklerLevel("surname", 0.92).configure(label_for_charts="similar (JW>=0.92)"),
            cll.JaroWinklerLevel("surname", 0.80).configure(label_for_charts="like (JW>=0.80)"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )
    dob = cl.CustomComparison(
        output_column_name="dob",
        comparison_description="date of birth",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob").configure(label_for_charts="exact"),
            custom("dob_l = dob_swapped_r", "day and month swapped"),
            cll.LevenshteinLevel("dob", 1).configure(label_for_charts="one character different"),
            cll.AbsoluteDateDifferenceLevel(
                "dob", input_is_string=True, threshold=1, metric="month"
            ).configure(label_for_charts="within a month"),
            cll.AbsoluteDateDifferenceLevel(
                "dob", input_is_string=True, threshold=1, metric="year"
            ).configure(label_for_charts="within a year"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )
    household = cl.CustomComparison(
        output_column_name="household",
        comparison_description="household (postcode and address as one comparison)",
        comparison_levels=[
            custom(
                "(postcode_l IS NULL OR postcode_r IS NULL) "
                "AND (address_l IS NULL OR address_r IS NULL)",
                "no address to compare",
            ).configure(is_null_level=True),
            custom(
                "(postcode_l = postcode_r AND address_number_l = address_number_r) "
                "OR (address_l = address_r AND address_number_l IS NOT NULL) "
                "OR ((postcode_l IS NULL OR postcode_r IS NULL) AND address_key_l = address_key_r)",
                "same home",
            ),
            custom("postcode_l = postcode_r", "same postcode"),
            custom("address_l = address_r", "same address text"),
            custom("postcode_sector_l = postcode_sector_r", "same postcode sector"),
            custom("postcode_district_l = postcode_district_r", "same postcode district"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )

    def exact(col: str, description: str) -> Any:
        return cl.CustomComparison(
            output_column_name=col,
            comparison_description=description,
            comparison_levels=[
                cll.NullLevel(col).configure(label_for_charts="missing"),
                cll.ExactMatchLevel(col).configure(label_for_charts="same"),
                cll.ElseLevel().configure(label_for_charts="different"),
            ],
        )

    sex = exact("sex", "sex")
    upn = exact("upn", "unique pupil number")
    return [forename, surname, dob, household, sex, upn]


def blocking_rules() -> list[Any]:
    """Blocking rules for prediction (their union is scored)."""
    from splink import block_on

    return [
        block_on("forename_canon", "surname"),
        block_on("dob", "surname_first"),
        block_on("dob", "surname_last"),
        block_on("dob", "forename_canon"),
        block_on("dob", "postcode"),
        block_on("postcode", "address_number"),
        block_on("postcode", "forename_canon"),
        block_on("postcode", "surname"),
        block_on("surname", "address_number"),
        "l.dob = r.dob_swapped AND l.surname = r.surname",
        "l.dob = r.dob_swapped AND l.forename_canon = r.forename_canon",
        block_on("name_sorted"),
        "l.dob = r.dob AND substr(l.forename1, 1, 2) = substr(r.forename1, 1, 2)",
        block_on("upn"),
        block_on("address_key"),
        # forename and surname exchanged with a typo in one of them
        "l.dob = r.dob AND l.forename1 = r.surname_first",
        "l.dob = r.dob AND l.surname_first = r.forename1",
    ]


#: Up to this many pairs, every left record is compared with every right record (no
#: blocking): small files are where messy records most need the full comparison, and it
#: costs seconds.
FULL_COMPARISON_PAIRS = 3_000_000


def settings(prior: float = 1e-4, full: bool = False, engine: Engine = "duckdb") -> Any:
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(engine),
        blocking_rules_to_generate_predictions=(
            ["1=1"] if full else blocking_rules()  # type: ignore[list-item]
        ),
        probability_two_random_records_match=prior,
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
        em_convergence=0.001,
        max_iterations=20,
    )


# ---------------------------------------------------------------------------------------
# engines


@dataclass
class _Backend:
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


def spark_session(threads: int = 2, memory: str = "2g") -> Any:
    """A local Spark session with Splink's similarity functions on the class path."""
    from pyspark.sql import SparkSession
    from splink.internals.spark.jar_location import similarity_jar_location

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
) -> Iterator[_Backend]:
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
                yield _Backend("duckdb", DuckDBAPI(connection=con), tmpdir, duckdb_con=con)
            finally:
                con.close()
        elif engine == "spark":
            from splink import SparkAPI

            spark = spark_session(threads or os.cpu_count() or 2)
            spark.sparkContext.setCheckpointDir(os.path.join(tmpdir, "checkpoints"))
            yield _Backend(
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


# ---------------------------------------------------------------------------------------
# training and scoring


@dataclass(frozen=True)
class Scored:
    """Candidate pairs and the model that scored them."""

    pairs: pa.Table  # left_id, right_id, match_probability, match_weight, gamma_*, mw_*
    model: dict[str, Any]


def _prior(n_left: int, n_right: int, exact_pairs: int) -> float:
    """The chance two random records match: exact agreement scaled for its recall, bounded
    by one match per record on the smaller side."""
    total = max(1, n_left * n_right)
    expected = max(exact_pairs / 0.6, 1.0)
    expected = min(expected, float(min(n_left, n_right)) or 1.0)
    return max(min(expected / total, 0.5), 1.0 / total)


def train(linker: Any, seed: int, n_left: int, n_right: int, exact_pairs: int) -> None:
    """Estimate the model's parameters (deterministic for a given input and seed)."""
    from splink import block_on

    linker._settings_obj._probability_two_random_records_match = _prior(
        n_left, n_right, exact_pairs
    )
    max_u = float(min(1e6, max(1e5, n_left * n_right / 10)))
    linker.training.estimate_u_using_random_sampling(
        max_pairs=max_u, seed=seed, min_count_per_level=None, num_chunks=1
    )
    _fill_unobserved_u(linker, 1.0 / math.sqrt(max(1, n_left * n_right)))
    em_pairs = 1.5e6
    for rule in (block_on("dob"), block_on("forename_canon", "surname")):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True, max_pairs=em_pairs
            )
        except Exception as exc:  # too few pairs to learn from on a tiny file
            log.warning("EM pass on %s skipped: %s", rule, exc)
    _count_swap_once(linker)


def _count_swap_once(linker: Any) -> None:
    """Forename and surname written the other way round is one fact, seen by both the
    forename and the surname comparison. Counted on both, it weighs twice (about 28 bits, more
    than a UPN) and links "George Green" to any "Green George" whatever the date of birth says.
    It is counted once, on the forename: the surname's swapped level gets a Bayes factor of 1
    (u = m)."""
    for comparison in linker._settings_obj.comparisons:
        if comparison.output_column_name != "surname":
            continue
        for level in comparison.comparison_levels:
            if str(level.label_for_charts or "").startswith("swapped") and not level.is_null_level:
                m = level.m_probability
                if isinstance(m, float) and m > 0:
                    level.u_probability = m


def _fill_unobserved_u(linker: Any, u: float) -> None:
    """Give levels that random sampling never saw a u instead of Splink's default: swapped
    names the u of an exact name match (two children share a name as often either way round),
    anything else (a shared UPN) about one in the number of records."""
    for comparison in linker._settings_obj.comparisons:
        levels = [lv for lv in comparison.comparison_levels if not lv.is_null_level]
        exact_u = levels[0].u_probability if levels else None
        for level in levels:
            current = level._u_probability
            if current is None or isinstance(current, str):
                swapped = str(level.label_for_charts or "").startswith("swapped")
                # a swapped name is as common as the name itself, not as rare as a UPN
                level.u_probability = exact_u if swapped and exact_u else u


def score(
    left: pa.Table,
    right: pa.Table,
    *,
    engine: Engine = "duckdb",
    seed: int = 42,
    model: dict[str, Any] | str | Path | None = None,
    threads: int | None = None,
    memory_limit: str = "1500MB",
    floor: float = CANDIDATE_FLOOR,
) -> Scored:
    """Train (unless ``model`` is given) and score the blocked pairs of two cleaned tables."""
    from splink import Linker

    left = left.select(list(MODEL_COLUMNS))
    right = right.select(list(MODEL_COLUMNS))
    with backend(engine, threads, memory_limit) as be:
        sdf_l = be.db_api.register(left, table_name="onroll_left")
        sdf_r = be.db_api.register(right, table_name="onroll_right")
        full = left.num_rows * right.num_rows <= FULL_COMPARISON_PAIRS
        the_settings = settings(full=full, engine=engine)
        if model is not None:
            stored = model if isinstance(model, dict) else json.loads(Path(model).read_text())
            apply_parameters(the_settings, stored)
        logging.getLogger("splink").setLevel(logging.ERROR)
        linker = Linker([sdf_l, sdf_r], the_settings, log_level=None)
        if model is None:
            exact = _count_exact(be, sdf_l, sdf_r)
            train(linker, seed, left.num_rows, right.num_rows, exact)
        # large runs: score in chunks of about PREDICT_CHUNK_ROWS records a side, so the
        # blocked pairs of one chunk at a time are held in memory
        chunks_l = max(1, math.ceil(left.num_rows / PREDICT_CHUNK_ROWS))
        chunks_r = max(1, math.ceil(right.num_rows / PREDICT_CHUNK_ROWS))
        predictions = linker.inference.predict(
            threshold_match_probability=floor,
            warning_mode="never",
            num_chunks_left=chunks_l,
            num_chunks_right=chunks_r,
        )
        names = [c.unquote().name for c in predictions.columns]
        # When no pair reaches the floor Splink returns a table without the retained
        # columns; the result is then simply "no pairs", not an error.
        forenames = (
            [
                "CASE WHEN source_dataset_l = 'onroll_left' THEN forename_canon_l "
                "ELSE forename_canon_r END AS left_forename",
                "CASE WHEN source_dataset_l = 'onroll_left' THEN forename_canon_r "
                "ELSE forename_canon_l END AS right_forename",
            ]
            if "forename_canon_r" in names
            else [
                "CAST(NULL AS STRING) AS left_forename",
                "CAST(NULL AS STRING) AS right_forename",
            ]
        )
        columns = [
            "CASE WHEN source_dataset_l = 'onroll_left' THEN unique_id_l ELSE unique_id_r END "
            "AS left_id",
            "CASE WHEN source_dataset_l = 'onroll_left' THEN unique_id_r ELSE unique_id_l END "
            "AS right_id",
            *forenames,
            "match_probability",
            "match_weight",
        ]
        columns += [n for n in names if n.startswith(("gamma_", "mw_"))]
        pairs = be.fetch(predictions, columns, "TRUE")
        trained = linker.misc.save_model_to_json()
    return Scored(_with_weights(pairs), trained)


def apply_parameters(creator: Any, stored: dict[str, Any]) -> None:
    """Put a stored model's trained parameters (prior, m and u of every level) into freshly
    built settings. The model's structure always comes from this module, so a model trained on
    DuckDB scores the same on Spark (SQL in a stored file is dialect-specific)."""
    by_name = {c.get("output_column_name"): c for c in stored.get("comparisons", [])}
    creator.probability_two_random_records_match = float(
        stored.get("probability_two_random_records_match", 1e-4)
    )
    for comparison in creator.comparisons:
        name = comparison.create_output_column_name()
        levels_json = by_name.get(name, {}).get("comparison_levels", [])
        levels = comparison.create_comparison_levels()
        if len(levels_json) != len(levels):
            raise ValueError(f"stored model does not fit comparison {name!r}")
        for level, level_json in zip(levels, levels_json, strict=True):
            params = {
                k: level_json[k]
                for k in ("m_probability", "u_probability")
                if isinstance(level_json.get(k), (int, float))
            }
            if params:
                level.configure(**params)


def _count_exact(be: _Backend, sdf_l: Any, sdf_r: Any) -> int:
    sql = (
        f"SELECT count(*) AS n FROM {sdf_l.physical_name} l JOIN {sdf_r.physical_name} r "  # noqa: S608
        "ON l.forename_canon = r.forename_canon AND l.surname = r.surname AND l.dob = r.dob"
    )
    if be.engine == "duckdb":
        rows = be.duckdb_con.execute(sql).fetchall()
        return int(rows[0][0]) if rows else 0
    return int(be.spark.sql(sql).collect()[0]["n"])


def _with_weights(pairs: pa.Table) -> pa.Table:
    """One gamma (level) and one match weight column per comparison, term frequency
    adjustments folded into the weight."""
    import pyarrow.compute as pc

    out = pairs.select(
        [
            "left_id",
            "right_id",
            "left_forename",
            "right_forename",
            "match_probability",
            "match_weight",
        ]
    )
    out = out.set_column(0, "left_id", pc.cast(out["left_id"], pa.string()))
    out = out.set_column(1, "right_id", pc.cast(out["right_id"], pa.string()))
    for comp in COMPARISONS:
        gamma = f"gamma_{comp}"
        if gamma not in pairs.column_names:
            continue
        out = out.append_column(gamma, pairs[gamma].cast(pa.int8()))
        mw = pairs[f"mw_{comp}"].cast(pa.float64())
        tf = f"mw_tf_adj_{comp}"
        if tf in pairs.column_names:
            mw = pc.add(mw, pc.fill_null(pairs[tf].cast(pa.float64()), 0.0))
        out = out.append_column(f"mw_{comp}", mw)
    return out


def level_labels(model: dict[str, Any]) -> dict[str, dict[int, str]]:
    """For each comparison, the label of each gamma value (-1 is the null level)."""
    labels: dict[str, dict[int, str]] = {}
    for comp in model.get("comparisons", []):
        name = comp.get("output_column_name")
        levels = comp.get("comparison_levels", [])
        non_null = [lv for lv in levels if not lv.get("is_null_level")]
        mapping: dict[int, str] = {}
        for lv in levels:
            if lv.get("is_null_level"):
                mapping[-1] = lv.get("label_for_charts") or "missing"
        for i, lv in enumerate(non_null):
            mapping[len(non_null) - 1 - i] = lv.get("label_for_charts") or lv.get(
                "sql_condition", ""
            )
        labels[str(name)] = mapping
    return labels


def probability_from_weight(weight: float) -> float:
    return 1.0 / (1.0 + math.pow(2.0, -weight))
