"""Schools (establishments) and the term dates and closures their calendars are built from."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from onroll.accounts.models import LocalAuthority, Organisation
from onroll.accounts.roles import OrganisationKind


class Phase(models.TextChoices):
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    PRU = "pru", "Pupil referral unit (Short Stay School)"
    SPECIAL = "special", "Special"


def two_factor_default() -> bool:
    """New schools require two-factor sign-in unless ONROLL_TWO_FACTOR_SCHOOL_DEFAULT is off."""
    from django.conf import settings

    return bool(settings.ONROLL_TWO_FACTOR_SCHOOL_DEFAULT)


class School(Organisation):
    """An establishment: identified by LAESTAB (LA code + establishment number) and URN."""

    laestab = models.CharField(
        "LAESTAB",
        max_length=7,
        unique=True,
        validators=[RegexValidator(r"^\d{7}$", "Enter the 7-digit LAESTAB")],
    )
    urn = models.CharField(
        "URN",
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^\d{6}$", "Enter the 6-digit URN")],
    )
    phase = models.CharField(max_length=20, choices=Phase.choices)
    establishment_type = models.CharField(max_length=100)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="schools"
    )
    most_junior_year = models.SmallIntegerField(help_text="National curriculum year, 0 = reception")
    most_senior_year = models.SmallIntegerField()
    require_two_factor = models.BooleanField(
        default=two_factor_default, help_text="Staff must use two-factor sign-in"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(laestab__regex=r"^\d{7}$"), name="laestab_7"),
            models.CheckConstraint(condition=models.Q(urn__regex=r"^\d{6}$"), name="urn_6"),
            models.CheckConstraint(
                condition=models.Q(most_junior_year__lte=models.F("most_senior_year")),
                name="school_year_range",
            ),
        ]

    def save(self, *args: object, **kwargs: object) -> None:
        self.kind = OrganisationKind.SCHOOL
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_pru(self) -> bool:
        return self.phase == Phase.PRU


class Term(models.Model):
    """A term: LA-wide (school empty) or a school's own dates, which replace the LA's."""

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="terms"
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="terms"
    )
    name = models.CharField(max_length=60)
    first_day = models.DateField()
    last_day = models.DateField()

    class Meta:
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_day__lte=models.F("last_day")), name="term_dates_ordered"
            ),
            models.UniqueConstraint(
                fields=["local_authority", "school", "first_day"], name="term_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.first_day:%d %b %Y} to {self.last_day:%d %b %Y})"

    def clean(self) -> None:
        """A term must end after it starts and lie inside the years of the bank-holiday list
        shipped with Onroll, which the calendar takes bank holidays from."""
        from onroll.rules.calendar_builder import bank_holiday_years

        if self.first_day is None or self.last_day is None:
            return
        if self.first_day > self.last_day:
            raise ValidationError({"last_day": "The term must end on or after its first day"})
        first_year, last_year = bank_holiday_years()
        if self.first_day.year < first_year or self.last_day.year > last_year:
            raise ValidationError(
                f"Onroll knows the bank holidays for {first_year} to {last_year} only; update "
                "its bank-holiday list before entering terms outside those years"
            )


class Closure(models.Model):
    """A day inside term when the school does not meet: an INSET day, a half-term day or
    another closure. Bank holidays need no row: the calendar builder adds them."""

    class Kind(models.TextChoices):
        INSET = "inset", "INSET (training) day"
        BANK_HOLIDAY = "bank_holiday", "Bank holiday"
        CLOSURE = "closure", "Planned closure"

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="closures"
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="closures"
    )
    date = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "school", "date"], name="closure_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d %b %Y} {self.get_kind_display()}"
