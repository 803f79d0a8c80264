"""What a Register of Information import did, counted: said in the reader's language with each
count in the form it needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from midora.core.engine.sentences import Sentence, joined, ngettext

COUNTED: dict[str, Callable[[int], Sentence]] = {
    "legal entities created": lambda n: ngettext(
        "%(count)s legal entity created", "%(count)s legal entities created", n
    ),
    "business functions created": lambda n: ngettext(
        "%(count)s business function created", "%(count)s business functions created", n
    ),
    "ICT providers": lambda n: ngettext("%(count)s ICT provider", "%(count)s ICT providers", n),
    "contractual arrangements": lambda n: ngettext(
        "%(count)s contractual arrangement", "%(count)s contractual arrangements", n
    ),
    "ICT service uses": lambda n: ngettext(
        "%(count)s ICT service use", "%(count)s ICT service uses", n
    ),
    "ICT service assessments": lambda n: ngettext(
        "%(count)s ICT service assessment", "%(count)s ICT service assessments", n
    ),
    "subcontracting links": lambda n: ngettext(
        "%(count)s subcontracting link", "%(count)s subcontracting links", n
    ),
}
"""Each count of a summary as a sentence in the form its number needs, in any language."""


@dataclass(frozen=True)
class ImportSummary:
    """How many records of each kind the import created or replaced."""

    counts: dict[str, int]

    def describe(self) -> Sentence:
        """ "1 legal entity created, 3 ICT providers, ..." (the counts in the order counted)."""
        said = [COUNTED[label](n) for label, n in self.counts.items()]
        return Sentence("%(counts)s", counts=joined(", ", said))
