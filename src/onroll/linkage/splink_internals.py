"""Every place Onroll reaches past Splink's public API, and why. Nothing else may.

Checked against Splink 5.0.0 (:data:`SPLINK_CHECKED`; ``pyproject.toml`` allows ``>=5.0,<6``).
Splink's public API is ``splink`` (``Linker``, ``SettingsCreator``, ``block_on``, the DB APIs),
``splink.comparison_library``, ``splink.comparison_level_library`` and ``splink.backends.*``;
its classes live in ``splink.internals``, and their underscore attributes are private. A test
(``tests/linkage/test_splink_internals.py``) fails if any other module of ``onroll.linkage``
reads or writes an underscore attribute or imports ``splink.internals``. On a Splink upgrade,
re-check each function here against the new version and update :data:`SPLINK_CHECKED`.

The touches (the prior needs none: ``onroll.linkage.scoring`` puts it into the
``SettingsCreator`` before the ``Linker`` is built, which gives the same model, bit for bit, as
setting ``Linker._settings_obj._probability_two_random_records_match`` afterwards did):

- ``Linker._settings_obj.comparisons`` (:func:`live_comparisons`): after Splink has trained
  the model, ``onroll.linkage.training`` sets the u of some levels itself (the levels random
  sampling never saw; the surname's swapped levels, so a swap of the two names counts once).
  Splink 5 has no public way to change one level's m or u on a live linker; the only public
  route, saving the model to JSON, editing it and building a second ``Linker``, registers both
  tables again. The levels returned are changed only through their public ``u_probability``
  property, which validates the value.
- ``ComparisonLevel._u_probability`` (:func:`u_unobserved`): whether training gave the level a
  u at all. The public ``u_probability`` property hides exactly that: it answers 1e-6 for
  Splink's "level not observed" marker and the default u for "never set", both of which are
  what ``training`` replaces.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Splink's own classes, for the types only: Splink exports none of them
    from splink import Linker
    from splink.internals.comparison import Comparison
    from splink.internals.comparison_level import ComparisonLevel

#: The Splink version every touch below was checked against.
SPLINK_CHECKED = "5.0.0"


def live_comparisons(linker: Linker) -> list[Comparison]:
    """The comparisons the linker trains and predicts with (not copies): changing a level's
    ``u_probability`` changes the model the linker scores with."""
    return linker._settings_obj.comparisons


def u_unobserved(level: ComparisonLevel) -> bool:
    """True when training left the level without a u of its own: never set (``None``), or
    Splink's "level not observed" text."""
    current = level._u_probability
    return current is None or isinstance(current, str)
