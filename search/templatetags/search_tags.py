from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from search.selectors import words_of

register = template.Library()


@register.filter
def highlight(text, query):
    """``text`` escaped, with each occurrence of a word of ``query`` marked (``<mark>``), case-insensitively."""
    text = str(text or "")
    words = sorted(words_of(query), key=len, reverse=True)
    folded, spans, i = text.casefold(), [], 0
    while i < len(text) and words:
        match = next((w for w in words if folded.startswith(w.casefold(), i)), None)
        if match is None:
            i += 1
            continue
        spans.append((i, i + len(match)))
        i += len(match)
    parts, last = [], 0
    for start, end in spans:
        parts.append(escape(text[last:start]))
        parts.append(format_html("<mark>{}</mark>", text[start:end]))
        last = end
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))
