"""`record`: a frozen dataclass to the type checker, a plain slotted one when it runs.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``: building a
`Comment` (nineteen fields) took 2.2 µs, a fifth of the console's own work on a comment, against
0.6 µs assigning them plainly, and every comment of a flood builds two such objects. What is
kept: assigning to a field is an error mypy reports (``frozen_default``), and records compare
and hash by their fields as frozen dataclasses do (``unsafe_hash``: equal records hash alike).
What is given up: the check at run time, which typed code never needs; ``dataclasses.replace``
is how a changed copy is made, as before."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform(frozen_default=True)
def record(cls: type[T]) -> type[T]:
    return dataclass(slots=True, unsafe_hash=True)(cls)
