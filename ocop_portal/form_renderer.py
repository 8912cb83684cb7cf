"""The portal's form renderer (``settings.FORM_RENDERER``): Django's, with drop-down lists written in Python.

Django renders every ``<option>`` of a ``<select>`` through two template includes; a filter form with a few
hundred choices (a national list's plans, areas) then spends 100-200 ms in the template engine, more than the
page's SQL. The markup written here is the one Django's ``select.html``/``select_option.html``/``attrs.html`` write
(``tests/test_form_renderer.py`` compares both), for the standard option template only; anything else goes to the
templates as before.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs):
    """``attrs.html``: `` name="value"``, a bare `` name`` for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


def _text(value):
    """A value printed by ``{{ value }}``: localised as the template engine does, then escaped."""
    return conditional_escape(str(localize(value)))


def render_select(widget):
    lines = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            lines.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            lines.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            lines.append("\n  </optgroup>")
    lines.append("\n</select>")
    return mark_safe("".join(lines))  # noqa: S308 - every value above is escaped


def _standard(widget):
    return all(
        option.get("template_name") == OPTION for _name, choices, _index in widget["optgroups"] for option in choices
    )


class PortalFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name == SELECT else None
        if widget is not None and _standard(widget):
            return render_select(widget)
        return super().render(template_name, context, request=request)
