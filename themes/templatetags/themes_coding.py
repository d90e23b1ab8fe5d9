"""``{% coding_panel response %}``: a response's themes, the form to change them and their history.

A tag, so that the moderation page shows the panel with one line of its template."""

from django import template

from ..forms import coding_form

register = template.Library()


@register.inclusion_tag("themes/_coding_panel.html", takes_context=True)
def coding_panel(context, response, back: str = ""):
    user = context["request"].user
    may_code = user.has_perm("themes.code_response")
    return {
        "response": response,
        "consultation": response.consultation,
        "form": coding_form(response) if may_code else None,
        "coded": [c.theme for c in response.codings.select_related("theme").order_by("theme__number")],
        "changes": response.coding_changes.select_related("actor"),
        "may_manage": user.has_perm("themes.manage_codebook"),
        "back": back,
        "csrf_token": context.get("csrf_token"),
    }
