from django import forms, template
from django.utils.html import format_html

from disnaker.core.formats import format_npwp, format_number, format_rupiah

register = template.Library()


@register.filter
def bs(bound_field):
    """Render a bound field's widget with Bootstrap classes and ARIA links to its help text and errors."""
    widget = bound_field.field.widget
    attrs = {}
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    if bound_field.errors:
        css += " is-invalid"
        attrs["aria-invalid"] = "true"
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_help")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}_error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    existing = widget.attrs.get("class", "")
    attrs["class"] = f"{existing} {css}".strip()
    if bound_field.field.required:
        attrs["required"] = True
    return bound_field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(bound_field) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxInput)


@register.filter
def rupiah(value):
    return format_rupiah(value)


@register.filter
def npwp(value):
    return format_npwp(value or "")


@register.simple_tag
def status_badge(status: str, label: str):
    colour = {
        "submitted": "warning text-dark",
        "needs_revision": "info text-dark",
        "verified": "primary",
        "approved": "success",
        "rejected": "danger",
        "registered": "success",
        "appointed": "success",
        "awaiting_verification": "warning text-dark",
        "verification_rejected": "danger",
        "revoked": "danger",
        "profile_incomplete": "info text-dark",
        "not_registered": "light text-dark border",
    }.get(status, "secondary")
    return format_html('<span class="badge bg-{}">{}</span>', colour, label)


@register.filter
def attr_file(obj, name: str) -> bool:
    """Whether the file field ``name`` of ``obj`` holds a file."""
    return bool(getattr(obj, name, None))


@register.filter
def angka(value) -> str:
    """An integer with Indonesian thousands separators: 60000 → 60.000."""
    try:
        return format_number(value)
    except (TypeError, ValueError):
        return value


@register.filter
def nik_masked(value) -> str:
    """A NIK as lists show it: the first 6 and last 4 digits (a TKA's passport: its first and last 2)."""
    from disnaker.core.nik import identity_mask

    return identity_mask(str(value or ""))
