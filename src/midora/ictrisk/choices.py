"""Closed lists of ICT assets, risks and acceptances."""

from django.db import models


class AssetType(models.TextChoices):
    APPLICATION = "application", "Application"
    INFRASTRUCTURE = "infrastructure", "Infrastructure (servers, cloud, platforms)"
    DATA_STORE = "data_store", "Data store"
    NETWORK = "network", "Network"
    INFORMATION = "information", "Information asset"
    HOT_WALLET = "hot_wallet", "Hot wallet"
    WARM_WALLET = "warm_wallet", "Warm wallet"
    COLD_WALLET = "cold_wallet", "Cold wallet"
    HSM = "hsm", "Hardware security module (HSM)"
    MPC = "mpc", "MPC key management"
    MULTISIG = "multisig", "Multisig wallet"
    OTHER = "other", "Other"


WALLET_AND_KEY_TYPES = frozenset(
    {"hot_wallet", "warm_wallet", "cold_wallet", "hsm", "mpc", "multisig"}
)


class ProtectionNeed(models.IntegerChoices):
    """Confidentiality, integrity or availability need of an asset."""

    LOW = 1, "Low"
    MEDIUM = 2, "Medium"
    HIGH = 3, "High"
    VERY_HIGH = 4, "Very high"


class Treatment(models.TextChoices):
    MITIGATE = "mitigate", "Mitigate"
    ACCEPT = "accept", "Accept"
    TRANSFER = "transfer", "Transfer"
    AVOID = "avoid", "Avoid"


class AcceptanceAuthority(models.TextChoices):
    MANAGEMENT_BODY = "management_body", "Management body"
    RISK_COMMITTEE = "risk_committee", "Risk committee of the management body"
    EXECUTIVE = "executive", "Executive management (delegated)"
    ICT_RISK_FUNCTION = "ict_risk_function", "ICT risk management function"
