from modeltranslation.translator import TranslationOptions, register

from debates.models import AgendaItem, Operation, Paragraph


@register(AgendaItem)
class AgendaItemTranslationOptions(TranslationOptions):
    fields = ("title",)


# No fallback: an empty language version is a translation still needed, never English.
@register(Paragraph)
class ParagraphTranslationOptions(TranslationOptions):
    fields = ("text",)
    fallback_undefined = ""
    fallback_languages = {"default": ()}


@register(Operation)
class OperationTranslationOptions(TranslationOptions):
    fields = ("text",)
    fallback_undefined = ""
    fallback_languages = {"default": ()}
