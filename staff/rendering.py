"""The workspace's form renderer: the form templates drawn most often, written in Python.

A case page draws six forms (some twenty fields) and the case list its filters on every
request; through the template engine each field cost some 1,400 function calls (the field's
wrapper, its required tag, its widget and the widget's attributes, each a template of its
own), about half of the case page. This renderer writes the same bytes as those templates —
the project's templates/django/forms/field.html and widgets/select.html,
templates/includes/filter_field.html, Django's input and textarea widgets — and hands every
other template (errors, checkboxes, radio buttons…) to the template engine as before.
tests/staff/test_form_rendering.py holds it to the templates: change both together.
"""

from collections.abc import Callable
from html import escape
from typing import Any

from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

FIELD_TEMPLATE = "django/forms/field.html"
FILTER_FIELD_TEMPLATE = "includes/filter_field.html"


# Django's conditional_escape and escape, without their wrappers (a lazy-string check on every
# call): the standard library's escape is what they call, and a case page calls them some 300
# times.


def _text(value: Any) -> str:
    """`{{ value }}` in a template: the text, escaped unless already safe (a safe lazy string
    too: its proxy answers __html__)."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return escape(str(value))


def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: the value as text, always escaped (the filter's result
    is a plain string)."""
    return escape(str(value))


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_text(name)}" + ("" if value is True else f'="{_formatted(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


def _input(context: dict[str, Any]) -> str:
    """django/forms/widgets/input.html (its trailing line break included)."""
    widget = context["widget"]
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>\n"
    )


def _input_included(context: dict[str, Any]) -> str:
    """text.html, date.html, …: `{% include "django/forms/widgets/input.html" %}` and a line
    break."""
    return _input(context) + "\n"


def _textarea(context: dict[str, Any]) -> str:
    widget = context["widget"]
    value = widget["value"]
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_text(value) if value else ''}</textarea>\n"
    )


def _select(context: dict[str, Any]) -> str:
    """The project's templates/django/forms/widgets/select.html."""
    widget = context["widget"]
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n    <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            parts.append(
                f'\n      <option value="{_formatted(option["value"])}"'
                f"{_attrs(option['attrs'])}>{_text(option['label'])}</option>"
            )
        if group_name:
            parts.append("\n        </optgroup>")
    parts.append("\n  </select>\n")
    return "".join(parts)


def _required_tag(field: Any) -> str:
    """templates/django/forms/required_tag.html (its trailing line break included)."""
    if field.field.required:
        return f'<span class="field__tag field__tag--required">{_text(gettext("必須"))}</span>\n'
    return f'<span class="field__tag">{_text(gettext("任意"))}</span>\n'


def _field_group(field: Any, *, tagged: bool) -> str:
    """templates/django/forms/field.html (`tagged`: 必須/任意 after the label) and
    templates/includes/filter_field.html (without)."""
    errors = field.errors
    # A label or help text is often a lazy translation: translated once here, not at each use.
    label = str(field.label)
    help_html = str(field.help_text)  # BoundField gives "" when the field has none
    tag = _required_tag(field) if tagged and label else ""
    if field.use_fieldset:
        described = field.aria_describedby
        aria = f' aria-describedby="{_text(described)}"' if described else ""
        legend = f'<legend class="field__label">{_text(label)}{tag}</legend>' if label else ""
        heading = f"\n    <fieldset{aria}>\n      {legend}\n  "
    else:
        heading = (
            f'\n    <label class="field__label" for="{_text(field.id_for_label)}">'
            f"{_text(label)}{tag}</label>\n  "
            if label
            else "\n    \n  "
        )
    help_text = ""
    if help_html:
        auto_id = field.auto_id
        help_id = f' id="{_text(auto_id)}_helptext"' if auto_id else ""
        help_text = f'<div class="field__help helptext"{help_id}>{help_html}</div>'
    return (
        f'\n<div class="field{" field--invalid" if errors else ""}">\n'
        f"  {heading}\n"
        f"  {help_text}\n"
        f"  {errors if errors else ''}\n"
        f"  {field}\n"
        f"  {'</fieldset>' if field.use_fieldset else ''}\n"
        "</div>\n"
    )


DRAWN: dict[str, Callable[[dict[str, Any]], str]] = {
    FIELD_TEMPLATE: lambda context: _field_group(context["field"], tagged=True),
    FILTER_FIELD_TEMPLATE: lambda context: _field_group(context["field"], tagged=False),
    "django/forms/widgets/input.html": _input,
    "django/forms/widgets/text.html": _input_included,
    "django/forms/widgets/date.html": _input_included,
    "django/forms/widgets/email.html": _input_included,
    "django/forms/widgets/number.html": _input_included,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
}


class StaffFormRenderer(TemplatesSetting):
    """TemplatesSetting, with the templates in DRAWN written in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        draw = DRAWN.get(template_name)
        if draw is None:
            return super().render(template_name, context, request)
        # .strip(), as BaseRenderer.render does with what a template draws.
        return mark_safe(draw(context).strip())  # noqa: S308 (every value is escaped above)


RENDERER = StaffFormRenderer()
