"""Closed lists of the core records."""

from django.db import models


class CryptoService(models.TextChoices):
    """The ten crypto-asset services of MiCA Art. 3(1)(16), points (a) to (j)."""

    CUSTODY = "custody", "(a) Custody and administration of crypto-assets on behalf of clients"
    TRADING_PLATFORM = "trading_platform", "(b) Operation of a trading platform for crypto-assets"
    EXCHANGE_FIAT = "exchange_fiat", "(c) Exchange of crypto-assets for funds"
    EXCHANGE_CRYPTO = "exchange_crypto", "(d) Exchange of crypto-assets for other crypto-assets"
    EXECUTION = "execution", "(e) Execution of orders for crypto-assets on behalf of clients"
    PLACING = "placing", "(f) Placing of crypto-assets"
    RECEPTION_TRANSMISSION = (
        "reception_transmission",
        "(g) Reception and transmission of orders for crypto-assets on behalf of clients",
    )
    ADVICE = "advice", "(h) Providing advice on crypto-assets"
    PORTFOLIO_MANAGEMENT = "portfolio_management", "(i) Portfolio management on crypto-assets"
    TRANSFER = "transfer", "(j) Transfer services for crypto-assets on behalf of clients"


CRYPTO_SERVICE_SHORT = {
    "custody": "Custody",
    "trading_platform": "Trading platform",
    "exchange_fiat": "Exchange (funds)",
    "exchange_crypto": "Exchange (crypto)",
    "execution": "Execution",
    "placing": "Placing",
    "reception_transmission": "RTO",
    "advice": "Advice",
    "portfolio_management": "Portfolio mgmt",
    "transfer": "Transfer",
}


def service_labels(codes: list[str]) -> list[str]:
    """Short labels of crypto-asset service codes, for lists and tables."""
    return [CRYPTO_SERVICE_SHORT.get(code, code) for code in codes or []]


class MicaStatus(models.TextChoices):
    APPLICANT = "applicant", "Applicant (authorisation pending)"
    AUTHORISED = "authorised", "Authorised CASP"
    NOT_IN_SCOPE = "not_in_scope", "Not in MiCA scope"


class OfferingStatus(models.TextChoices):
    PLANNED = "planned", "Planned (in the application)"
    ACTIVE = "active", "Offered"
    SUSPENDED = "suspended", "Suspended"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Criticality(models.TextChoices):
    """DORA Art. 3(22): a function whose disruption would materially impair the entity."""

    CRITICAL_OR_IMPORTANT = "critical", "Critical or important"
    NOT_CRITICAL = "not_critical", "Not critical or important"


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    COMPLIANCE_MANAGER = "compliance_manager", "Compliance manager"
    CONTRIBUTOR = "contributor", "Contributor"
    AUDITOR = "auditor", "Auditor (read-only)"
    BOARD_MEMBER = "board_member", "Board member"


class AuditAction(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    DELETE = "delete", "Deleted"


class AuthorityHolidayKind(models.TextChoices):
    CLOSED = "closed", "closed (an extra holiday)"
    OPEN = "open", "open (works on a listed holiday)"
