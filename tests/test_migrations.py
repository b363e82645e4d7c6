"""A database migrated before position papers became an app of their own migrates
forward with its data intact, and back."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from papers.models import PaperVersion, PositionPaper, Review, ReviewAssignment

# Data migrations are tested on the production back end (PostgreSQL) when it is there;
# every test database on either back end is built by the migrations anyway.
pytestmark = pytest.mark.once

# Where every app stood before the move.
BEFORE = [
    ("events", "0002_accreditation"),
    ("forums", "0004_review_unassignments"),
    ("debates", "0002_debate_session"),
    ("papers", None),
    ("assembly", None),
    ("onsite", None),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    # The state of the apps named in ``targets`` at those nodes, of every other app now.
    named = {app for app, _name in targets}
    nodes = [(app, name) for app, name in targets if name is not None]
    nodes += [node for node in executor.loader.graph.leaf_nodes() if node[0] not in named]
    return executor.loader.project_state(nodes).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.fixture
def before_the_move(transactional_db):
    old = migrate(BEFORE)
    yield old
    migrate(latest())


def populate(old) -> dict:
    """Rows of every paper model, written with the models as they were (in ``forums``)."""
    user = old.get_model("auth", "User").objects.create(username="amina", first_name="Amina")
    reviewer_user = old.get_model("auth", "User").objects.create(username="jiwoo")
    organization = old.get_model("events", "Organization").objects.create(
        name="City of Dakar", short_name="Dakar", country="SN", region="africa"
    )
    delegate_model = old.get_model("events", "Delegate")
    author = delegate_model.objects.create(
        user=user, organization=organization, calendar_token="a" * 43
    )
    reviewer = delegate_model.objects.create(
        user=reviewer_user, organization=organization, calendar_token="b" * 43
    )
    event = old.get_model("events", "Event").objects.create(
        title="Annual Meeting",
        slug="annual",
        host_city="Montréal",
        time_zone="America/Toronto",
        start_date=datetime.date(2027, 3, 12),
        end_date=datetime.date(2027, 3, 14),
    )
    forum = old.get_model("forums", "Forum").objects.create(
        event=event, title="Housing", slug="housing", seat_capacity=10
    )
    paper = old.get_model("forums", "PositionPaper").objects.create(
        forum=forum,
        author=author,
        organization=organization,
        title="The right to the city",
        abstract="Housing first.",
        language="fr",
        keywords=["housing"],
        status="under_review",
    )
    version = old.get_model("forums", "PaperVersion").objects.create(
        paper=paper, number=1, file="papers/abc.pdf", sha256="0" * 64, size=1234, pages=3
    )
    paper.current_version = version
    paper.save()
    old.get_model("forums", "ReviewAssignment").objects.create(paper=paper, reviewer=reviewer)
    old.get_model("forums", "Review").objects.create(
        paper=paper, reviewer=reviewer, version=version, score=4, recommendation="accept"
    )
    # The content type the old database has (with its permissions) for the paper model.
    content_type, _created = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="forums", model="positionpaper"
    )
    permission, _created = old.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type,
        codename="change_positionpaper",
        defaults={"name": "Can change position paper"},
    )
    return {"paper": paper.pk, "version": version.pk, "permission": permission.pk}


def test_papers_move_to_their_app_with_their_data(before_the_move):
    rows = populate(before_the_move)

    migrate(latest())

    paper = PositionPaper.objects.select_related("current_version", "forum").get(pk=rows["paper"])
    assert (paper.title, paper.language, paper.keywords, paper.status) == (
        "The right to the city",
        "fr",
        ["housing"],
        "under_review",
    )
    assert paper.forum.slug == "housing"
    assert paper.current_version == PaperVersion.objects.get(pk=rows["version"])
    assert ReviewAssignment.objects.get(paper=paper).reviewer.user.username == "jiwoo"
    assert Review.objects.get(paper=paper).score == 4
    # Permissions (and admin history) follow the content type to its new app.
    content_type = ContentType.objects.get_for_model(PositionPaper)
    assert content_type.app_label == "papers"
    assert content_type.permission_set.filter(pk=rows["permission"]).exists()
    assert not ContentType.objects.filter(app_label="forums", model="positionpaper").exists()


def test_the_move_can_be_undone(before_the_move):
    rows = populate(before_the_move)
    migrate(latest())

    old = migrate(BEFORE)

    paper = old.get_model("forums", "PositionPaper").objects.get(pk=rows["paper"])
    assert paper.title == "The right to the city"
    assert old.get_model("contenttypes", "ContentType").objects.get(
        model="positionpaper"
    ).app_label == ("forums")


def test_logs_written_before_hashes_are_chained_by_the_migration(transactional_db):
    """A debate whose events were logged before they carried hashes gets its chain."""
    from debates.chain import chain_verify
    from debates.models import Debate
    from debates.protocol.wire import wire

    old = migrate([("debates", "0002_debate_session"), ("assembly", None), ("onsite", None)])
    try:
        organization = old.get_model("events", "Organization").objects.create(
            name="City of Dakar", short_name="Dakar", country="SN", region="africa"
        )
        event = old.get_model("events", "Event").objects.create(
            title="Annual Meeting",
            slug="annual",
            host_city="Dakar",
            time_zone="Africa/Dakar",
            start_date=datetime.date(2027, 3, 12),
            end_date=datetime.date(2027, 3, 14),
        )
        forum = old.get_model("forums", "Forum").objects.create(
            event=event, title="Housing", slug="housing", seat_capacity=10
        )
        debate = old.get_model("debates", "Debate").objects.create(
            forum=forum, title="Resolution", seq=2, state={}
        )
        for seq, kind, data in (
            (1, "debate.created", {"debate": {"id": debate.pk, "title": "Résolution"}}),
            (2, "debate.opened", {"status": "open"}),
        ):
            old.get_model("debates", "DebateEvent").objects.create(
                debate=debate, seq=seq, type=kind, actor=None, data=data
            )
        assert organization.pk
    finally:
        migrate(latest())

    debate = Debate.objects.get(pk=debate.pk)
    log = [wire(event) for event in debate.events.order_by("seq")]
    assert debate.log_hash != ""
    assert chain_verify(log) == debate.log_hash
