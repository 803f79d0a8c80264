"""The DORA Art. 30 provisions of the clause checklist in the reader's language.

The shipped catalogue (`data/dora_art30_clauses.yaml`) words each provision in English; pages
name it through `clause_name`, which translates it with the terms of the official German and
French texts of DORA. A test keeps these names equal to the catalogue's labels.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

CLAUSE_NAMES: dict[str, Promise] = {
    "service_description": _(
        "Description of functions and ICT services; subcontracting conditions"
    ),
    "locations": _("Locations of service provision, data processing and storage"),
    "data_protection": _("Availability, authenticity, integrity and confidentiality of data"),
    "data_access_and_return": _("Access, recovery and return of data"),
    "service_levels": _("Service level descriptions"),
    "incident_assistance": _("Assistance in ICT incidents"),
    "authority_cooperation": _("Cooperation with competent and resolution authorities"),
    "termination_rights": _("Termination rights and minimum notice periods"),
    "awareness_training": _("Participation in security awareness and resilience training"),
    "full_service_levels": _("Full service levels with precise performance targets"),
    "notice_and_reporting": _("Notice periods and reporting obligations of the provider"),
    "contingency_and_security": _("Provider business contingency plans and ICT security measures"),
    "tlpt_participation": _("Participation in threat-led penetration testing"),
    "monitoring_and_audit": _("Ongoing monitoring, access, inspection and audit rights"),
    "exit_transition": _("Exit strategies with a mandatory transition period"),
}


def clause_name(clause: Any) -> Any:
    """A provision's name in the reader's language (the catalogue's label if unknown here)."""
    return CLAUSE_NAMES.get(clause.key, clause.label)


def clause_choice_label(clause: Any) -> Any:
    """ "Art. 30(2)(a) Description of …", translated when it is shown."""
    return format_lazy("{} {}", clause.reference, clause_name(clause))
