"""The texts debated, over the API: drafts, their amendments and, once adopted, the
resolution in three languages (``/api/v1/texts/``). The detail is the room's own entry
for the text (the fold of the log) with the commands the caller may send about it."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers, viewsets

from debates import selectors, services
from debates.models import DraftText


class TextSerializer(serializers.ModelSerializer):
    debate = serializers.IntegerField(source="item.debate_id", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = DraftText
        fields = [
            "id",
            "debate",
            "item",
            "title",
            "authentic_language",
            "status",
            "version",
            "provisional",
            "adopted_at",
            "url",
        ]
        read_only_fields = fields

    def get_url(self, draft) -> str:
        path = f"/debates/{draft.item.debate_id}/texts/{draft.pk}/"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class TextDetailSerializer(TextSerializer):
    text = serializers.SerializerMethodField()
    adopted = serializers.JSONField(read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta(TextSerializer.Meta):
        fields = [*TextSerializer.Meta.fields, "adopted", "text", "actions"]
        read_only_fields = fields

    @extend_schema_field(serializers.JSONField())
    def get_text(self, draft) -> dict | None:
        """The room state's entry: draft, paragraphs, amendments, order, conflicts."""
        texts = draft.item.debate.state.get("texts", [])
        return next((text for text in texts if text["id"] == draft.pk), None)

    def get_actions(self, draft) -> list[str]:
        """The commands of the live room about this text the caller may send now."""
        user = self.context["request"].user
        role = selectors.role_for(user, draft.item.debate)
        actions = []
        if draft.status in ("draft", "debating") and role in (selectors.CHAIR, selectors.DELEGATE):
            actions.append("amendment.submit")
        if role == selectors.CHAIR and draft.status == "debating":
            actions += ["amendment.accept", "amendment.merge", "amendment.put_to_vote"]
            actions += ["voting_order.override", "text.put_to_vote"]
        if services.is_translator(user) and draft.status not in ("adopted", "rejected"):
            actions.append("translation.sign")
        return actions


class TextViewSet(viewsets.ReadOnlyModelViewSet):
    """Texts of the debates the caller may see; ``?status=adopted`` lists resolutions."""

    filterset_fields = ["status"]
    extra_query_params = ("debate",)

    def get_queryset(self):
        debates = selectors.debate_list_visible(
            user=self.request.user, listing=self.action == "list"
        )
        texts = DraftText.objects.filter(item__debate__in=debates)
        debate = self.request.query_params.get("debate")
        if debate is not None:
            if not debate.isdigit() or len(debate) > 18:
                raise exceptions.ValidationError({"debate": [_("A debate id is required.")]})
            texts = texts.filter(item__debate_id=int(debate))
        return texts.select_related("item__debate").order_by("-id")

    def get_serializer_class(self):
        return TextDetailSerializer if self.action == "retrieve" else TextSerializer

    def get_object(self):
        draft = super().get_object()
        if selectors.role_for(self.request.user, draft.item.debate) is None:
            if not self.request.user.is_authenticated:
                raise exceptions.NotAuthenticated()
            raise exceptions.PermissionDenied()
        return draft
