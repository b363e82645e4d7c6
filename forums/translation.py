from modeltranslation.translator import TranslationOptions, register

from forums.models import Forum


@register(Forum)
class ForumTranslationOptions(TranslationOptions):
    fields = ("title", "description")
