"""Checking a population file before anything is kept.

The columns are those of ``onroll link`` (architecture note): ``id``, ``forename``,
``surname``, ``dob`` must be in the header, and ``sex``, ``postcode``, ``address``, ``upn``
may be. In each row the id and the date of birth (compulsory school age is judged on it) are
required, and at least one of the names; a blank forename or surname alone is allowed, as
council lists often have them. Header names are matched ignoring case
and spaces; other columns are ignored and listed. Every problem names its line and field;
a file with any problem is refused whole.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from onroll.rules.upn import normalise_upn, upn_problem

REQUIRED_COLUMNS = ("id", "forename", "surname", "dob")
OPTIONAL_COLUMNS = ("sex", "postcode", "address", "upn")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

#: Largest file the web page accepts, and the most rows it links inside the request.
#: Bigger files go through ``manage.py identify_population``.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_WEB_ROWS = 5_000

MAX_LENGTHS = {"id": 64, "forename": 100, "surname": 100, "address": 300}

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%d %b %Y",
    "%d-%b-%Y",
    "%d %B %Y",
)
#: Other names council systems give the columns (after lower-casing, spaces as "_").
ALIASES = {
    "unique_id": "id",
    "record_id": "id",
    "person_id": "id",
    "first_name": "forename",
    "firstname": "forename",
    "forenames": "forename",
    "given_name": "forename",
    "last_name": "surname",
    "lastname": "surname",
    "family_name": "surname",
    "date_of_birth": "dob",
    "birth_date": "dob",
    "birthdate": "dob",
    "gender": "sex",
    "post_code": "postcode",
    "address_line_1": "address",
}
_SEX = {
    "m": "M",
    "male": "M",
    "boy": "M",
    "f": "F",
    "female": "F",
    "girl": "F",
    "u": "U",
    "unknown": "U",
    "not known": "U",
    "x": "U",
}


@dataclass(frozen=True)
class Problem:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"Line {self.line}" if self.line else "The file"
        return (
            f"{where}, {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


@dataclass(frozen=True)
class Row:
    line: int
    record_id: str
    forename: str
    surname: str
    date_of_birth: date
    sex: str
    postcode: str
    address: str
    upn: str


@dataclass
class Checked:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252 as spreadsheets save."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_date(value: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    return None


def clean_postcode(value: str) -> str | None:
    """``"pr1  2ab"`` → ``"PR1 2AB"``; None when it is not a UK postcode."""
    compact = re.sub(r"\s+", "", value.upper())
    match = _POSTCODE.match(f"{compact[:-3]} {compact[-3:]}") if len(compact) >= 5 else None
    return f"{match.group(1)} {match.group(2)}" if match else None


def _check_row(
    line: int, cells: dict[str, str], today: date, problems: list[Problem]
) -> Row | None:
    before = len(problems)

    def problem(name: str, message: str) -> None:
        problems.append(Problem(line, name, message))

    if not cells.get("id"):
        problem("id", "Enter the record's id (it is blank)")
    if not cells.get("dob"):
        problem("dob", "Enter the date of birth (it is blank)")
    if not cells.get("forename") and not cells.get("surname"):
        problem("forename", "Enter a forename or a surname (both are blank)")
    for name, limit in MAX_LENGTHS.items():
        if len(cells.get(name, "")) > limit:
            problem(name, f"Must be {limit} characters or fewer")
    dob: date | None = None
    if cells.get("dob"):
        dob = parse_date(cells["dob"])
        if dob is None:
            problem(
                "dob", f"Enter a real date as YYYY-MM-DD or DD/MM/YYYY (found {cells['dob']!r})"
            )
        elif dob > today:
            problem("dob", f"The date of birth {dob:%d/%m/%Y} is in the future")
        elif dob.year < 1900:
            problem("dob", f"The date of birth {dob:%d/%m/%Y} is not believable")
    sex = ""
    if cells.get("sex"):
        sex = _SEX.get(cells["sex"].lower(), "")
        if not sex:
            problem("sex", f"Enter M, F or U, or leave it blank (found {cells['sex']!r})")
    postcode = ""
    if cells.get("postcode"):
        postcode = clean_postcode(cells["postcode"]) or ""
        if not postcode:
            problem(
                "postcode",
                f"Enter a UK postcode such as PR1 2AB, or leave it blank "
                f"(found {cells['postcode']!r})",
            )
    upn = ""
    if cells.get("upn"):
        why = upn_problem(cells["upn"])
        if why is not None:
            problem("upn", f"Enter a valid UPN or leave it blank: {why}")
        else:
            upn = normalise_upn(cells["upn"])
    if len(problems) > before or dob is None:
        return None
    return Row(
        line=line,
        record_id=cells["id"],
        forename=cells["forename"],
        surname=cells["surname"],
        date_of_birth=dob,
        sex=sex,
        postcode=postcode,
        address=cells.get("address", ""),
        upn=upn,
    )


def check_population_file(data: bytes, *, today: date, max_rows: int | None = None) -> Checked:
    """Read and check a population CSV. ``Checked.problems`` lists every problem found.

    A column named as another system names it (``first_name``, ``date_of_birth`` ...; see
    :data:`ALIASES`) is read as ours when ours is not there too.
    """
    out = Checked()
    text = decode(data)
    if "\x00" in text:
        out.problems.append(Problem(0, "", "It is not a CSV text file"))
        return out
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        out.problems.append(Problem(0, "", "It is empty: the first line must name the columns"))
        return out
    except csv.Error as exc:
        out.problems.append(Problem(1, "", f"It is not valid CSV ({exc})"))
        return out
    names = [h.strip().lower().replace(" ", "_") for h in header]
    for i, name in enumerate(names):
        if name in ALIASES and ALIASES[name] not in names:
            names[i] = ALIASES[name]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        out.problems.append(
            Problem(
                1,
                "",
                "The first line must name the columns id, forename, surname and dob; "
                f"missing: {', '.join(missing)}",
            )
        )
        return out
    for name in COLUMNS:
        if names.count(name) > 1:
            out.problems.append(Problem(1, name, "This column appears more than once"))
    if out.problems:
        return out
    index = {name: names.index(name) for name in COLUMNS if name in names}
    out.ignored_columns = [h for h, n in zip(header, names, strict=True) if n not in COLUMNS and h]
    seen: dict[str, int] = {}
    try:
        for cells_list in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells_list):
                continue
            if len(cells_list) > len(header):
                out.problems.append(
                    Problem(
                        line, "", f"It has {len(cells_list)} cells but the header has {len(header)}"
                    )
                )
                continue
            cells = {
                name: cells_list[i].strip() if i < len(cells_list) else ""
                for name, i in index.items()
            }
            row = _check_row(line, cells, today, out.problems)
            rid = cells.get("id", "")
            if rid:
                if rid in seen:
                    out.problems.append(
                        Problem(line, "id", f"The id {rid!r} is already used on line {seen[rid]}")
                    )
                    row = None
                else:
                    seen[rid] = line
            if row is not None:
                out.rows.append(row)
    except csv.Error as exc:
        out.problems.append(Problem(reader.line_num, "", f"It is not valid CSV ({exc})"))
    if not out.rows and not out.problems:
        out.problems.append(Problem(0, "", "It has a header but no rows"))
    if max_rows is not None and len(seen) > max_rows:
        out.problems.append(
            Problem(
                0,
                "",
                f"It has {len(seen):,} rows; this page takes up to {max_rows:,}. Ask your "
                "administrator to run manage.py identify_population for bigger files",
            )
        )
    return out
