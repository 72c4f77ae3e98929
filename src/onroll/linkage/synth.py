"""``onroll synth``: realistic population and roll files with known truth, seeded.

Children live in households (one to four children, some twins) that share a surname, a
postcode and an address. Each child is on the population list, on a roll, or both; each
copy of a child is written with its own mistakes, at rates like those of real registers:

- forenames: nicknames, typos, case, missing; surnames: typos, apostrophes dropped, changed
  (a new or double-barrelled surname on one side), missing; forename and surname swapped;
- date of birth: day and month swapped, one digit wrong, written ``DD/MM/YYYY``, missing;
- sex: written many ways or missing; UPN: on most roll records, on few population records;
- postcode: missing, without its space, lower case, one character wrong; address: street
  abbreviations, case; moved house (a different household on the roll);
- duplicates on the population list (one child listed twice).

Every child has a hidden person id, so the truth file says which population record belongs
to which roll record (``right_id`` blank: on no roll). The same seed gives the same files.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

from onroll.linkage import synth_names as names
from onroll.linkage.cleaning import nicknames

HEADER = ("id", "forename", "surname", "dob", "sex", "postcode", "address", "upn")


@dataclass(frozen=True)
class Rates:
    """How often each kind of mistake or event happens (per record unless stated)."""

    on_roll: float = 0.96  # share of the population on some roll (per child)
    twins: float = 0.03  # per household with two or more children
    population_duplicate: float = 0.01
    moved: float = 0.06  # the roll holds an older or newer address
    nickname: float = 0.05
    forename_typo: float = 0.03
    surname_typo: float = 0.03
    surname_changed: float = 0.02
    names_swapped: float = 0.01
    name_missing: float = 0.005
    dob_day_month_swapped: float = 0.015
    dob_typo: float = 0.007
    dob_missing: float = 0.003
    dob_other_format: float = 0.2
    sex_missing: float = 0.1
    postcode_missing: float = 0.1
    postcode_typo: float = 0.01
    address_missing: float = 0.05
    upn_on_roll: float = 0.97
    upn_on_population: float = 0.1


@dataclass
class _Household:
    surname: str
    postcode: str
    number: int
    street: str
    street_short: str
    town: str


@dataclass
class _Child:
    pid: int
    forename: str
    surname: str
    sex: str
    dob: tuple[int, int, int]
    home: _Household
    upn: str


class _Gen:
    def __init__(self, seed: int, rates: Rates) -> None:
        self.rng = random.Random(seed)  # noqa: S311
        self.rates = rates
        self.boys = self._zipf(names.BOYS)
        self.girls = self._zipf(names.GIRLS)
        self.surnames = self._zipf(names.SURNAMES)
        nick = nicknames()
        self.nicks: dict[str, list[str]] = {}
        for short, formal in nick.items():
            self.nicks.setdefault(formal, []).append(short)
        self.upn_counter = 0
        self.postcodes: list[str] = []

    def _zipf(self, items: list[str]) -> tuple[list[str], list[float]]:
        weights = [1.0 / (i + 3) for i in range(len(items))]
        return items, weights

    def _pick(self, table: tuple[list[str], list[float]]) -> str:
        return self.rng.choices(table[0], table[1])[0]

    def _tail_name(self, endings: list[str] | None = None) -> str:
        rng = self.rng
        s = "".join(rng.choice(names.SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
        if endings:
            s += rng.choice(endings)
        return s

    def forename(self, sex: str) -> str:
        # about half of children have a name outside the top lists
        if self.rng.random() < 0.45:
            return self._tail_name(["", "", "a" if sex == "F" else "o", "n", "y"])
        return self._pick(self.girls if sex == "F" else self.boys)

    def surname(self) -> str:
        if self.rng.random() < 0.5:
            return self._tail_name(names.TAIL_SURNAME_ENDINGS)
        return self._pick(self.surnames)

    def postcode(self) -> str:
        rng = self.rng
        # reuse postcodes: about a dozen households share a postcode unit
        if self.postcodes and rng.random() < 0.9:
            return rng.choice(self.postcodes[-2000:])
        area, _ = rng.choice(names.TOWNS)
        letters = names.POSTCODE_UNIT_LETTERS
        unit = rng.choice(letters) + rng.choice(letters)
        pc = f"{area}{rng.randint(1, 29)} {rng.randint(0, 9)}{unit}"
        self.postcodes.append(pc)
        return pc

    def household(self, surname: str | None = None) -> _Household:
        rng = self.rng
        street, (long, short) = rng.choice(names.STREETS), rng.choice(names.STREET_TYPES)
        pc = self.postcode()
        town = dict(names.TOWNS).get(pc.split(" ")[0].rstrip("0123456789"), "Lancaster")
        return _Household(
            surname or self.surname(),
            pc,
            rng.randint(1, 220),
            f"{street.title()} {long}",
            f"{street.title()} {short}",
            town,
        )

    def dob(self) -> tuple[int, int, int]:
        rng = self.rng
        year = rng.randint(2009, 2021)
        month = rng.randint(1, 12)
        day = rng.randint(1, 28 if month == 2 else 30)
        return (year, month, day)

    def upn(self) -> str:
        self.upn_counter += 1
        body = f"{self.rng.randint(800, 999)}{self.rng.randint(0, 99):02d}{self.upn_counter:07d}"
        return "A" + body[:12]

    # ---- mistakes ----------------------------------------------------------------------

    def typo(self, s: str) -> str:
        rng = self.rng
        if len(s) < 3:
            return s
        i = rng.randrange(1, len(s))
        kind = rng.random()
        letters = "abcdefghijklmnopqrstuvwxyz"
        if kind < 0.3:
            return s[:i] + rng.choice(letters) + s[i + 1 :]
        if kind < 0.55:
            return s[:i] + s[i + 1 :]
        if kind < 0.8:
            return s[:i] + rng.choice(letters) + s[i:]
        if i < len(s) - 1:
            return s[:i] + s[i + 1] + s[i] + s[i + 2 :]
        return s + s[-1]

    def case(self, s: str) -> str:
        r = self.rng.random()
        if r < 0.7:
            return s.title() if "'" not in s else s
        if r < 0.85:
            return s.upper()
        if r < 0.95:
            return s.lower()
        return f" {s.title()} "

    def record(self, c: _Child, side: str, rid: str, home: _Household) -> list[str]:
        rng, r = self.rng, self.rates
        fore = c.forename
        if rng.random() < r.nickname and fore in self.nicks:
            fore = rng.choice(self.nicks[fore])
        if rng.random() < r.forename_typo:
            fore = self.typo(fore)
        sur = c.surname
        if rng.random() < r.surname_changed:
            other = self.surname()
            sur = rng.choice((other, f"{sur}-{other}", f"{other} {sur}"))
        if rng.random() < r.surname_typo:
            sur = self.typo(sur)
        sur_text = names.APOSTROPHE_SURNAMES.get(sur, sur)
        if "'" in sur_text and rng.random() < 0.3:
            sur_text = sur_text.replace("'", "")
        fore_text, sur_text = self.case(fore), self.case(sur_text)
        if rng.random() < r.names_swapped:
            fore_text, sur_text = sur_text, fore_text
        if rng.random() < r.name_missing:
            fore_text = ""
        if rng.random() < r.name_missing:
            sur_text = ""
        y, m, d = c.dob
        if rng.random() < r.dob_day_month_swapped and d <= 12:
            m, d = d, m
        text = f"{y:04d}-{m:02d}-{d:02d}"
        if rng.random() < r.dob_typo:
            i = rng.choice((2, 3, 5, 6, 8, 9))
            text = text[:i] + str(rng.randint(0, 9)) + text[i + 1 :]
        if rng.random() < r.dob_other_format:
            text = f"{text[8:10]}/{text[5:7]}/{text[0:4]}"
        if rng.random() < r.dob_missing:
            text = ""
        sex = ""
        if rng.random() >= r.sex_missing:
            sex = rng.choice(
                ("M", "M", "Male", "m", "Boy")
                if c.sex == "M"
                else ("F", "F", "Female", "f", "Girl")
            )
        pc = home.postcode
        if rng.random() < r.postcode_typo:
            pc = pc[:-1] + rng.choice(names.POSTCODE_UNIT_LETTERS)
        form = rng.random()
        if form < 0.15:
            pc = pc.replace(" ", "")
        elif form < 0.25:
            pc = pc.lower()
        if rng.random() < r.postcode_missing:
            pc = ""
        street = home.street_short if rng.random() < 0.25 else home.street
        addr = f"{home.number} {street}"
        if rng.random() < 0.3:
            addr += f", {home.town}"
        if rng.random() < 0.1:
            addr = addr.upper()
        if rng.random() < r.address_missing:
            addr = ""
        share = r.upn_on_roll if side == "right" else r.upn_on_population
        upn = c.upn if rng.random() < share else ""
        return [rid, fore_text, sur_text, text, sex, pc, addr, upn]


def generate(
    n_left: int, n_right: int, seed: int = 1, rates: Rates | None = None
) -> tuple[list[list[str]], list[list[str]], list[tuple[str, str]]]:
    """Population rows, roll rows (both with HEADER's columns) and the truth: every
    population id with its roll id ('' when the child is on no roll)."""
    rates = rates or Rates()
    g = _Gen(seed, rates)
    rng = g.rng
    n_dupes = round(n_left * rates.population_duplicate)
    n_people_left = n_left - n_dupes
    n_both = min(round(n_people_left * rates.on_roll), n_right)
    n_children = n_people_left + (n_right - n_both)

    children: list[_Child] = []
    while len(children) < n_children:
        k = rng.choices((1, 2, 3, 4), (0.45, 0.35, 0.15, 0.05))[0]
        home = g.household()
        twins = k >= 2 and rng.random() < rates.twins
        first = g.dob()
        for j in range(k):
            if j == 0:
                dob = first
            elif j == 1 and twins:
                dob = children[-1].dob
            else:
                y = children[-1].dob[0]
                gap = rng.randint(1, 4)
                y = y - gap if y - gap >= 2008 else y + gap
                dob = (y, rng.randint(1, 12), rng.randint(1, 28))
            sex = rng.choice("MF")
            surname = home.surname if rng.random() < 0.9 else g.surname()
            children.append(
                _Child(len(children), g.forename(sex), surname, sex, dob, home, g.upn())
            )
            # brothers and sisters (twins too) have different forenames
            family = {c.forename for c in children[-j - 1 : -1]} if j else set()
            while children[-1].forename in family:
                children[-1].forename = g.forename(sex)
    children = children[:n_children]
    order = list(range(n_children))
    rng.shuffle(order)
    left_people = order[:n_people_left]
    both = set(left_people[:n_both])
    right_people = left_people[:n_both] + order[n_people_left:]

    right_rows: list[list[str]] = []
    right_of: dict[int, str] = {}
    right_ids = rng.sample(range(1, 10 * max(1, n_right)), n_right)
    for pid, num in zip(right_people, right_ids, strict=True):
        c = children[pid]
        home = c.home
        if rng.random() < rates.moved:
            home = g.household(c.home.surname)
        rid = f"R{num:08d}"
        right_of[pid] = rid
        right_rows.append(g.record(c, "right", rid, home))

    left_rows: list[list[str]] = []
    truth: list[tuple[str, str]] = []
    left_people_all = left_people + rng.sample(left_people, n_dupes) if n_dupes else left_people
    left_ids = rng.sample(range(1, 10 * max(1, n_left)), len(left_people_all))
    for pid, num in zip(left_people_all, left_ids, strict=True):
        lid = f"P{num:08d}"
        left_rows.append(g.record(children[pid], "left", lid, children[pid].home))
        truth.append((lid, right_of.get(pid, "") if pid in both else ""))
    rng.shuffle(left_rows)
    rng.shuffle(right_rows)
    truth.sort()
    return left_rows, right_rows, truth


def write(
    out_dir: str | Path, n_left: int, n_right: int, seed: int = 1, rates: Rates | None = None
) -> tuple[Path, Path, Path]:
    """Write population.csv, roll.csv and truth.csv into ``out_dir``."""
    left, right, truth = generate(n_left, n_right, seed, rates)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = (out / "population.csv", out / "roll.csv", out / "truth.csv")
    for path, header, rows in (
        (paths[0], HEADER, left),
        (paths[1], HEADER, right),
        (paths[2], ("left_id", "right_id"), truth),
    ):
        tmp = path.with_suffix(".csv.tmp")
        with tmp.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)
        tmp.replace(path)
    return paths
