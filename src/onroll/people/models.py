"""Children, the adults who care for them, and where they live."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    UNKNOWN = "U", "Not known"


class Address(models.Model):
    """A postal address as given; UPRN when an address service supplies one."""

    line_1 = models.CharField(max_length=200)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=10, blank=True)
    uprn = models.CharField("UPRN", max_length=12, blank=True)

    def __str__(self) -> str:
        parts = [self.line_1, self.line_2, self.town, self.postcode]
        return ", ".join(p for p in parts if p)


class Child(models.Model):
    """A child known to Onroll: a pupil on a roll, or a child the LA is looking for."""

    legal_forename = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=200, blank=True)
    legal_surname = models.CharField(max_length=100)
    preferred_forename = models.CharField(max_length=100, blank=True)
    preferred_surname = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    upn = models.CharField("UPN", max_length=13, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: Education, health and care plan (not sensitive: every school user sees it).
    ehc_plan = models.BooleanField("EHC plan", default=False)
    # Sensitive safeguarding fields: shown and edited only by SAFEGUARDING_ROLES.
    #: Risk groups (values of ``onroll.rules.risk.RiskFactor``).
    risk_factors: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    social_worker_name = models.CharField(max_length=200, blank=True)
    social_worker_team = models.CharField(max_length=200, blank=True)
    social_worker_phone = models.CharField(max_length=40, blank=True)
    child_protection_plan = models.BooleanField("Child protection plan", default=False)
    child_in_need = models.BooleanField("Child in need", default=False)
    looked_after = models.BooleanField("Looked after child", default=False)

    class Meta:
        verbose_name_plural = "children"
        ordering = ["legal_surname", "legal_forename"]
        constraints = [
            models.UniqueConstraint(
                fields=["upn"], condition=~models.Q(upn=""), name="child_upn_unique"
            )
        ]
        indexes = [models.Index(Lower("legal_surname"), "date_of_birth", name="child_name_dob")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.legal_forename} {self.legal_surname}"

    @property
    def full_legal_name(self) -> str:
        parts = [self.legal_forename, self.middle_names, self.legal_surname]
        return " ".join(p for p in parts if p)

    @property
    def other_names(self) -> str:
        """The names the child is known by, when different from the legal names."""
        known = f"{self.preferred_forename or self.legal_forename} "
        known += self.preferred_surname or self.legal_surname
        return "" if known == self.full_name else known

    @property
    def has_social_worker(self) -> bool:
        return bool(self.social_worker_name.strip())

    def current_address(self) -> ChildAddress | None:
        return self.addresses.filter(to_date__isnull=True).select_related("address").first()


class ChildAddress(models.Model):
    """Where a child lived, from when to when (open-ended while current)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="addresses")
    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="+")
    from_date = models.DateField()
    to_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-from_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_date__isnull=True)
                | models.Q(to_date__gte=models.F("from_date")),
                name="child_address_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.address} from {self.from_date:%d %b %Y}"


class Carer(models.Model):
    """A parent or carer."""

    forename = models.CharField(max_length=100)
    surname = models.CharField(max_length=100)
    phone = models.CharField(max_length=40, blank=True)
    emergency_phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.ForeignKey(
        Address, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.forename} {self.surname}"


class ChildCarer(models.Model):
    """A child's link to a parent or carer: relationship, residence, parental responsibility."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="carer_links")
    carer = models.ForeignKey(Carer, on_delete=models.CASCADE, related_name="child_links")
    relationship = models.CharField(max_length=60)
    lives_with = models.BooleanField(default=True)
    parental_responsibility = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child", "carer"], name="child_carer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.carer} ({self.relationship}) of {self.child}"
