from django import template

from audit.presentation import attach_readable_changes

register = template.Library()


@register.simple_tag(takes_context=True)
def readable_entries(context, entries):
    """``{% readable_entries entries as rows %}``: the page's entries with ``readable_changes`` (field names,
    labels, local times, related names the reader may see), loaded in bulk (``audit.presentation``)."""
    request = context.get("request")
    return attach_readable_changes(entries, getattr(request, "user", None))
