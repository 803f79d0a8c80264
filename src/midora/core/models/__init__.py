from midora.core.models.accounts import ApiToken, UserProfile
from midora.core.models.audit import AuditEvent, AuditEventEntity
from midora.core.models.authorities import AuthorityHoliday, AuthorityProfile
from midora.core.models.base import StaleVersionError, TrackedModel, user_link
from midora.core.models.entities import BusinessFunction, LegalEntity, ServiceOffering

__all__ = [
    "ApiToken",
    "AuditEvent",
    "AuditEventEntity",
    "AuthorityHoliday",
    "AuthorityProfile",
    "BusinessFunction",
    "LegalEntity",
    "ServiceOffering",
    "StaleVersionError",
    "TrackedModel",
    "UserProfile",
    "user_link",
]
