"""GOV.UK style dates: "3 December 2026", never "3 Dec 2026" or "2026-12-03".

Django looks here before its own ``en_GB`` module (``FORMAT_MODULE_PATH``), so ``{{ d }}``,
``{{ d|date }}`` and the admin all read the same way; anything not set here (input formats,
the first day of the week) falls through to Django's ``en_GB``. The ``govuk_date`` template
filters read ``DATE_FORMAT`` from here too; their weekday and "2:05pm" forms are in
``onroll.core.display``, as Django has no format name for them.
Source: GOV.UK style guide, "Dates" and "Times".
"""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
