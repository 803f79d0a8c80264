"""The page tests render the demo group (scale 1), loaded once for the package (the generic
suite's fixture)."""

from tests.generic.conftest import demo_world, world

__all__ = ["demo_world", "world"]
