"""Recurring reviews (access, policy, provider, BCP/DR plan) on a schedule, and access reviews as
records of their own (RTS 2024/1774 Art. 21) whose sign-off is evidence for the IAM controls."""
