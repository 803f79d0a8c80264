"""`{{ clause|clause_name }}`: a DORA Art. 30 provision named in the reader's language."""

from __future__ import annotations

from typing import Any

from django import template

from midora.suppliers import clause_names

register = template.Library()


@register.filter
def clause_name(clause: Any) -> str:
    return str(clause_names.clause_name(clause))
