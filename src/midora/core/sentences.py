"""The engines' sentences said in the reader's language (docs/i18n.md).

`say` translates a `Sentence`'s template with gettext and fills it with its values formatted for
the active language (`midora.core.formatting`); plain text is shown as it is. `said` does the same
for a sentence kept in a record (`Sentence.as_json`), falling back to the stored English text.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext, ngettext

from midora.core import formatting
from midora.core.engine.sentences import Duration, Figure, Join, Sentence


def say(value: Any) -> str:
    """A sentence, figure, duration or list in the active language; anything else as text."""
    if isinstance(value, Sentence):
        params = {k: say(v) for k, v in value.params.items()}
        if value.plural is not None and value.plural_count is not None:
            return ngettext(value.template, value.plural, value.plural_count) % params
        return gettext(value.template) % params
    if isinstance(value, Figure):
        if value.currency:
            return formatting.money(value.value, value.currency)
        return formatting.number(value.value, value.decimals)
    if isinstance(value, Duration):
        return _duration(value)
    if isinstance(value, Join):
        return value.separator.join(say(i) for i in value.items)
    return "" if value is None else str(value)


def label_sentence(label: Any) -> Sentence | str:
    """A label marked for the catalogue (a choice's, a stage's: `gettext_lazy`) as a sentence of
    its English text, said in the reader's language; a label with a percent sign as plain text."""
    with translation.override(None):
        english = str(label)
    return english if "%" in english else Sentence(english)


def said(stored: dict[str, Any] | None, english: str) -> str:
    """A sentence kept with a record, in the active language; its English text when the record
    predates kept sentences."""
    if not stored:
        return english
    return say(Sentence.from_json(stored))


def _duration(duration: Duration) -> str:
    """ "1 day, 2:30:00" in English; days named in the reader's language, the clock part as is."""
    days, seconds = duration.value.days, duration.value.seconds
    clock = f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    if not days:
        return clock
    named = ngettext("%(count)s day", "%(count)s days", abs(days)) % {
        "count": formatting.number(days)
    }
    return f"{named}, {clock}"
