"""How every composition root is built and cached.

`bootstrap.build(settings=None, **overrides)` wires a service's dependencies; `assemble` fills
each field of the dependency bundle from `overrides` when given there, else from its factory
(called only then, so a test that passes a fake never builds the real adapter). Handlers keep
what `build` returned with `built_once`: once per cold start, and again only if the settings read
from the environment change (tests that set another environment get a new build, no cache to
clear).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

T = TypeVar("T")
S = TypeVar("S", bound=Hashable)


def assemble(kind: Callable[..., T], overrides: Mapping[str, Any], **factories: Callable[[], Any]) -> T:
    """`kind(**fields)`: each field from `overrides` if named there, else from its factory."""
    known = {field.name for field in dataclasses.fields(kind)}  # type: ignore[arg-type]
    unknown = set(overrides) - known
    if unknown:
        raise TypeError(f"{getattr(kind, '__name__', kind)} has no {', '.join(sorted(unknown))}")
    values = {name: make() for name, make in factories.items() if name not in overrides}
    return kind(**values, **overrides)


def built_once(build: Callable[[S], T], read_settings: Callable[[], S]) -> Callable[[], T]:
    """`build(read_settings())`, remembered for as long as the settings read stay the same."""
    remembered = functools.lru_cache(maxsize=1)(build)
    return lambda: remembered(read_settings())
