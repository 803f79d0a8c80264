"""Widgets whose served value is what the browser's input type holds, so a form submitted
unchanged sends back exactly what it was given.

`<input type="date">` holds only `YYYY-MM-DD` and `<input type="datetime-local">` only
`YYYY-MM-DDTHH:MM[:SS[.mmm]]`; a value in a locale format (`04/03/2026`) is dropped by the
browser and submitted empty. These widgets always serve the ISO form, whatever the locale.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%dT%H:%M:%S"


class IsoDateInput(forms.DateInput):
    """A date as `<input type="date">` holds it."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__({"type": "date", **(attrs or {})}, format=ISO_DATE)


class IsoDateTimeInput(forms.DateTimeInput):
    """A date and time (to the second) as `<input type="datetime-local" step="1">` holds it."""

    input_type = "datetime-local"
    supports_microseconds = False

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(
            {"type": "datetime-local", "step": "1", **(attrs or {})}, format=ISO_DATETIME
        )


def browser_safe_widgets(form: forms.BaseForm) -> None:
    """Give every date and date-time field of `form` an ISO widget (keeping its attributes)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(field, forms.DateTimeField) and not isinstance(widget, IsoDateTimeInput):
            if isinstance(widget, forms.HiddenInput):
                continue
            field.widget = IsoDateTimeInput(attrs=_own_attrs(widget))
        elif isinstance(field, forms.DateField) and not isinstance(widget, IsoDateInput):
            if isinstance(widget, forms.HiddenInput):
                continue
            field.widget = IsoDateInput(attrs=_own_attrs(widget))


def _own_attrs(widget: forms.Widget) -> dict[str, Any]:
    return {k: v for k, v in widget.attrs.items() if k not in {"type", "step"}}


def normalise_line_breaks(form: forms.BaseForm) -> None:
    """Browsers submit a textarea's line breaks as CRLF; store them as they were served (LF)."""
    if not form.is_bound or not hasattr(form.data, "getlist"):
        return
    data = form.data.copy()
    touched = False
    for name, field in form.fields.items():
        if not isinstance(field.widget, forms.Textarea):
            continue
        key = form.add_prefix(name)
        values = data.getlist(key)
        if any("\r" in v for v in values if isinstance(v, str)):
            data.setlist(key, [v.replace("\r\n", "\n").replace("\r", "\n") for v in values])
            touched = True
    if touched:
        form.data = data


class SearchableSelect(forms.Select):
    """A single select that the browser turns into a search box when its list is long
    (`core/searchable.js`, with the vendored Tom Select); without script it stays a plain select."""

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = ()) -> None:
        super().__init__(
            {**(attrs or {}), "data-searchable": "single", "data-no-results": _("No match")},
            choices,
        )


class SearchableSelectMultiple(forms.SelectMultiple):
    """A multiple select picked by typing (`core/searchable.js`, Tom Select) instead of
    Ctrl-click; without script it stays a plain multiple select."""

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = ()) -> None:
        super().__init__(
            {
                "size": 8,
                **(attrs or {}),
                "data-searchable": "multiple",
                "data-placeholder": _("Type to search…"),
                "data-no-results": _("No match"),
            },
            choices,
        )


def searchable_selects(form: forms.BaseForm) -> None:
    """Make every plain select of `form` searchable: multiple selects always, single selects of
    records (a `ModelChoiceField`) when the list is long (decided in the browser). Checkbox and
    radio lists and selects a form styled on purpose are kept."""
    for field in form.fields.values():
        widget = field.widget
        attrs = {k: v for k, v in widget.attrs.items() if k != "size"}
        if type(widget) is forms.SelectMultiple:
            field.widget = SearchableSelectMultiple(attrs=attrs, choices=widget.choices)
        elif type(widget) is forms.Select and isinstance(field, forms.ModelChoiceField):
            field.widget = SearchableSelect(attrs=attrs, choices=widget.choices)
        else:
            continue
        field.widget.is_required = widget.is_required
