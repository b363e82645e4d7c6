"""Admin choice lists that name a forum with its event ("Housing — Annual meeting 2027"),
for the admins of every app that points to forums."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from forums.models import Forum


def forum_label(forum: Forum) -> str:
    return _("%(forum)s — %(event)s") % {"forum": forum.title, "event": forum.event.title}


def forums_with_events():
    return Forum.objects.select_related("event").order_by("-event__start_date", "title")


class ForumChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return forum_label(obj)


class ForumListFilter(admin.RelatedFieldListFilter):
    """The list filter of a field that points to a forum, each forum with its event."""

    def field_choices(self, field, request, model_admin):
        return [(forum.pk, forum_label(forum)) for forum in forums_with_events()]


class ForumChoicesMixin:
    """A model admin whose forum selects and "forum" list filters say the forum's event."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Forum:
            kwargs.setdefault("queryset", forums_with_events())
            kwargs["form_class"] = ForumChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_list_filter(self, request):
        return [
            (name, ForumListFilter) if name == "forum" else name
            for name in super().get_list_filter(request)
        ]
