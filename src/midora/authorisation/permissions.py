"""Who sees the personal data of the fit-and-proper register.

Identity details beyond name and role (birth name, date of birth, nationality, address) and
the assessor's notes are personal data needed only by those who prepare and sign the
application: administrators and compliance managers of the entity. Contributors and auditors
see name, role, position, dates, holding and the assessment outcome. The people's documents
(CVs, criminal record extracts, declarations) are stored apart from the evidence index: only
administrators and compliance managers list and download them. Board members see nothing of
the register.
"""

from __future__ import annotations

from typing import Any

from midora.core.choices import Role
from midora.core.permissions import role_of


def can_see_personal_data(user: Any) -> bool:
    return role_of(user) in {Role.ADMINISTRATOR, Role.COMPLIANCE_MANAGER}
