"""Answers are Markdown: rendered with raw HTML escaped (markdown-it-py, CommonMark)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

register = template.Library()
_MD = MarkdownIt("commonmark", {"html": False}).enable("table")


def render_markdown(text: str) -> str:
    return _MD.render(text or "")


@register.filter
def markdown(text: str) -> SafeString:
    return mark_safe(render_markdown(text))
