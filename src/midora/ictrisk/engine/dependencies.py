"""Which ICT assets support critical or important functions, directly or through dependencies.

An asset supports a critical or important function when it is linked to one itself, or when an
asset that depends on it (directly or along a chain of dependencies) supports one.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def critical_support(
    direct: Mapping[K, bool], depends_on: Iterable[tuple[K, K]]
) -> dict[K, tuple[K, ...]]:
    """DORA Art. 8(1) and 8(4): assets supporting critical or important functions, with the chain.

    ``direct`` says for each asset whether it is itself linked to a critical or important function;
    ``depends_on`` holds (dependant, dependency) pairs. The answer maps every supporting asset to
    the path of assets from a directly supporting one down to it (a one-item path when direct).
    """
    dependencies: dict[K, list[K]] = {}
    for dependant, dependency in depends_on:
        dependencies.setdefault(dependant, []).append(dependency)
    paths: dict[K, tuple[K, ...]] = {}
    frontier = [asset for asset, flagged in direct.items() if flagged]
    for asset in frontier:
        paths[asset] = (asset,)
    while frontier:
        following = []
        for asset in frontier:
            for dependency in dependencies.get(asset, ()):
                if dependency not in paths:
                    paths[dependency] = (*paths[asset], dependency)
                    following.append(dependency)
        frontier = following
    return paths
