"""Alerts that reach people: e-mail over SMTP, signed webhooks and an in-app list, raised from
the due items every app contributes through `midora.core.due_registry`."""
