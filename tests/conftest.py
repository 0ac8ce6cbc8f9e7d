"""Test configuration: hypothesis profiles.

``default`` keeps the property suite fast enough for every ``make test`` and is
derandomized, so that a run gives the same examples on every machine (CI included);
``ci-long`` (``make test-long``) runs many more, freshly drawn examples per property.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=50, deadline=None, derandomize=True)
# A profile inherits the settings of the one loaded when it is registered, so ci-long
# says that it is not derandomized: else every run drew the same examples, whatever
# --hypothesis-seed.
settings.register_profile(
    "ci-long",
    max_examples=2000,
    deadline=None,
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("default")
