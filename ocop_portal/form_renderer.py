"""The portal's form renderer (``settings.FORM_RENDERER``): Django's, with drop-down lists, inputs and text areas
written in Python.

Django renders every ``<option>`` of a ``<select>`` through two template includes; a filter form with a few
hundred choices (a national list's plans, areas) then spends 100-200 ms in the template engine, more than the
page's SQL. The markup written here is the one Django's ``select.html``/``select_option.html``/``attrs.html`` write
(``tests/test_form_renderer.py`` compares both), for the standard option template only; anything else goes to the
templates as before. Inputs and text areas likewise (``input.html``, ``textarea.html``): an edit form has some fifty
of them, about a quarter of its page's CPU through the template engine.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
TEXTAREA = "django/forms/widgets/textarea.html"
# Django's widget templates that are only ``{% include "django/forms/widgets/input.html" %}``.
INPUTS = {
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
}


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


def render_input(widget):
    """``input.html``: the value (``|stringformat:'s'``, not localised) only when it is not None."""
    value = "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}{_attrs(widget["attrs"])}>'
    )


def render_textarea(widget):
    """``textarea.html``: a newline after the opening tag, the value (localised) only when it is truthy."""
    value = _text(widget["value"]) if widget["value"] else ""
    return mark_safe(f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>')  # noqa: S308


def _standard(widget):
    return all(
        option.get("template_name") == OPTION for _name, choices, _index in widget["optgroups"] for option in choices
    )


class PortalFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if widget is not None:
            if template_name == SELECT and _standard(widget):
                return render_select(widget)
            if template_name in INPUTS:
                return render_input(widget)
            if template_name == TEXTAREA:
                return render_textarea(widget)
        return super().render(template_name, context, request=request)
