from modeltranslation.translator import TranslationOptions, register

from forums.models import Forum, Room, Session, SpeakerProfile


@register(Forum)
class ForumTranslationOptions(TranslationOptions):
    fields = ("title", "theme", "description")


@register(Room)
class RoomTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Session)
class SessionTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(SpeakerProfile)
class SpeakerProfileTranslationOptions(TranslationOptions):
    fields = ("bio",)
