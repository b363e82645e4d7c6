"""Pieces of the back office that every app's admin uses: list columns of times in the
zone of the object's event, a confirmation page before a bulk action acts, and who sees a
panel of the dashboard on the index page (each app registers its own, see ``plenary.sections``)."""

from django.contrib import admin
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from plenary.access import is_secretariat
from plenary.localtime import wall_time_label

CONFIRMED = "confirmed"


def zoned_column(model, field: str, *, event: str):
    """A changelist column of the datetime ``field`` of ``model`` in the zone of the
    object's event, reached by the attribute path ``event`` ("event", "forum.event"):
    "03/12/2027 10:00 (Montréal time)". The list must select the event with its rows."""

    def column(_admin, obj):
        where = obj
        for part in event.split("."):
            where = getattr(where, part)
        return wall_time_label(getattr(obj, field), where.time_zone, place=where.host_city)

    column.__name__ = f"{field}_local"
    description = model._meta.get_field(field).verbose_name
    return admin.display(description=description, ordering=field)(column)


def confirm_action(modeladmin, request, queryset, *, title: str, question: str, button: str):
    """The page that asks before ``request``'s bulk action changes ``queryset``: None once
    it was confirmed (the action then acts), else the page listing what it would change."""
    if request.POST.get(CONFIRMED) == "1":
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "question": question,
        "objects": list(queryset),
        "action": request.POST.get("action"),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "button": button,
        "opts": modeladmin.model._meta,
        "confirmed_name": CONFIRMED,
    }
    return TemplateResponse(request, "admin/confirm_action.html", context)


def may_view(request, model) -> bool:
    """Whether the dashboard shows ``request``'s user a panel about ``model``: the
    secretariat, with the right to view it in the back office."""
    opts = model._meta
    user = request.user
    return is_secretariat(user) and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
