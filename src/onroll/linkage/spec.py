"""The model's specification: what Splink compares, how, and which pairs it looks at.

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

Every level's chart label is a :class:`Label` constant: the same constant builds the level
here and is what ``onroll.linkage.assign`` and ``onroll.linkage.training`` look for.
"""

from __future__ import annotations

from typing import Any, Final, Literal

from onroll.linkage.cleaning import STANDARD_COLUMNS

Engine = Literal["duckdb", "spark"]

COMPARISONS = ("forename", "surname", "dob", "household", "sex", "upn")

#: Columns sent to Splink for each record: every column cleaning produces.
MODEL_COLUMNS = STANDARD_COLUMNS


class Label:
    """The chart label of every comparison level, defined once. Splink writes it into the
    model (``label_for_charts``); :func:`level_labels` reads it back for each gamma value."""

    # shared by several comparisons
    EXACT: Final = "exact"
    DIFFERENT: Final = "different"
    SAME: Final = "same"  # sex, upn
    MISSING: Final = "missing"  # sex, upn; any null level without a label of its own
    # forename
    NICKNAME: Final = "same first name or nickname"
    SWAPPED_WITH_SURNAME: Final = "swapped with surname"
    SWAPPED_WITH_SURNAME_OTHER_CHANGED: Final = "swapped with surname, other name changed"
    ONE_LETTER_OUT: Final = "one letter different or two swapped"
    START_OF_THE_OTHER: Final = "one is the start of the other"
    SIMILAR: Final = "similar (JW>=0.92)"  # forename, surname
    LIKE: Final = "like (JW>=0.80)"  # forename, surname
    # surname
    SWAPPED_WITH_FORENAME: Final = "swapped with forename"
    SWAPPED_WITH_FORENAME_OTHER_CHANGED: Final = "swapped with forename, other name changed"
    DOUBLE_BARRELLED_PART: Final = "shares part of a double-barrelled name"
    # dob
    DAY_MONTH_SWAPPED: Final = "day and month swapped"
    ONE_CHARACTER_DIFFERENT: Final = "one character different"
    WITHIN_A_MONTH: Final = "within a month"
    WITHIN_A_YEAR: Final = "within a year"
    # household
    NO_ADDRESS: Final = "no address to compare"
    SAME_HOME: Final = "same home"
    SAME_POSTCODE: Final = "same postcode"
    SAME_ADDRESS_TEXT: Final = "same address text"
    SAME_SECTOR: Final = "same postcode sector"
    SAME_DISTRICT: Final = "same postcode district"


#: The levels of forename and surname written the other way round (see training).
SWAPPED_LABELS: Final = frozenset(
    {
        Label.SWAPPED_WITH_SURNAME,
        Label.SWAPPED_WITH_SURNAME_OTHER_CHANGED,
        Label.SWAPPED_WITH_FORENAME,
        Label.SWAPPED_WITH_FORENAME_OTHER_CHANGED,
    }
)

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
                label_for_charts=Label.EXACT
            ),
            cll.ExactMatchLevel("forename_canon").configure(label_for_charts=Label.NICKNAME),
            swapped(Label.SWAPPED_WITH_SURNAME),
            one_way(Label.SWAPPED_WITH_SURNAME_OTHER_CHANGED),
            cll.DamerauLevenshteinLevel("forename1", 1).configure(
                label_for_charts=Label.ONE_LETTER_OUT
            ),
            custom(
                "(length(forename1_l) >= 3 AND length(forename1_r) >= 3) AND ("
                "substr(forename1_r, 1, length(forename1_l)) = forename1_l "
                "OR substr(forename1_l, 1, length(forename1_r)) = forename1_r)",
                Label.START_OF_THE_OTHER,
            ),
            cll.JaroWinklerLevel("forename1", 0.92).configure(label_for_charts=Label.SIMILAR),
            cll.JaroWinklerLevel("forename1", 0.80).configure(label_for_charts=Label.LIKE),
            cll.ElseLevel().configure(label_for_charts=Label.DIFFERENT),
        ],
    )
    surname = cl.CustomComparison(
        output_column_name="surname",
        comparison_description="surname",
        comparison_levels=[
            cll.NullLevel("surname"),
            cll.ExactMatchLevel("surname", term_frequency_adjustments=True).configure(
                label_for_charts=Label.EXACT
            ),
            swapped(Label.SWAPPED_WITH_FORENAME),
            one_way(Label.SWAPPED_WITH_FORENAME_OTHER_CHANGED),
            custom(
                "surname_first_l = surname_first_r OR surname_last_l = surname_last_r "
                "OR surname_first_l = surname_last_r OR surname_last_l = surname_first_r",
                Label.DOUBLE_BARRELLED_PART,
            ),
            cll.JaroWinklerLevel("surname", 0.92).configure(label_for_charts=Label.SIMILAR),
            cll.JaroWinklerLevel("surname", 0.80).configure(label_for_charts=Label.LIKE),
            cll.ElseLevel().configure(label_for_charts=Label.DIFFERENT),
        ],
    )
    dob = cl.CustomComparison(
        output_column_name="dob",
        comparison_description="date of birth",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob").configure(label_for_charts=Label.EXACT),
            custom("dob_l = dob_swapped_r", Label.DAY_MONTH_SWAPPED),
            cll.LevenshteinLevel("dob", 1).configure(
                label_for_charts=Label.ONE_CHARACTER_DIFFERENT
            ),
            cll.AbsoluteDateDifferenceLevel(
                "dob", input_is_string=True, threshold=1, metric="month"
            ).configure(label_for_charts=Label.WITHIN_A_MONTH),
            cll.AbsoluteDateDifferenceLevel(
                "dob", input_is_string=True, threshold=1, metric="year"
            ).configure(label_for_charts=Label.WITHIN_A_YEAR),
            cll.ElseLevel().configure(label_for_charts=Label.DIFFERENT),
        ],
    )
    household = cl.CustomComparison(
        output_column_name="household",
        comparison_description="household (postcode and address as one comparison)",
        comparison_levels=[
            custom(
                "(postcode_l IS NULL OR postcode_r IS NULL) "
                "AND (address_l IS NULL OR address_r IS NULL)",
                Label.NO_ADDRESS,
            ).configure(is_null_level=True),
            custom(
                "(postcode_l = postcode_r AND address_number_l = address_number_r) "
                "OR (address_l = address_r AND address_number_l IS NOT NULL) "
                "OR ((postcode_l IS NULL OR postcode_r IS NULL) AND address_key_l = address_key_r)",
                Label.SAME_HOME,
            ),
            custom("postcode_l = postcode_r", Label.SAME_POSTCODE),
            custom("address_l = address_r", Label.SAME_ADDRESS_TEXT),
            custom("postcode_sector_l = postcode_sector_r", Label.SAME_SECTOR),
            custom("postcode_district_l = postcode_district_r", Label.SAME_DISTRICT),
            cll.ElseLevel().configure(label_for_charts=Label.DIFFERENT),
        ],
    )

    def exact(col: str, description: str) -> Any:
        return cl.CustomComparison(
            output_column_name=col,
            comparison_description=description,
            comparison_levels=[
                cll.NullLevel(col).configure(label_for_charts=Label.MISSING),
                cll.ExactMatchLevel(col).configure(label_for_charts=Label.SAME),
                cll.ElseLevel().configure(label_for_charts=Label.DIFFERENT),
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


def level_labels(model: dict[str, Any]) -> dict[str, dict[int, str]]:
    """For each comparison of a trained model, the label of each gamma value (-1 is the null
    level)."""
    labels: dict[str, dict[int, str]] = {}
    for comp in model.get("comparisons", []):
        name = comp.get("output_column_name")
        levels = comp.get("comparison_levels", [])
        non_null = [lv for lv in levels if not lv.get("is_null_level")]
        mapping: dict[int, str] = {}
        for lv in levels:
            if lv.get("is_null_level"):
                mapping[-1] = lv.get("label_for_charts") or Label.MISSING
        for i, lv in enumerate(non_null):
            mapping[len(non_null) - 1 - i] = lv.get("label_for_charts") or lv.get(
                "sql_condition", ""
            )
        labels[str(name)] = mapping
    return labels
