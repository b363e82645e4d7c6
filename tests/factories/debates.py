"""Factories of the debates app: rows for setting up tests. The log and the snapshot move
only through the services; a debate made here starts with an empty log."""

import factory

from debates.models import (
    Attendance,
    Ballot,
    Candidate,
    Debate,
    DebateEvent,
    Election,
    ElectionBallot,
    FloorRequest,
    Message,
    Motion,
    Question,
    QuestionUpvote,
    Receipt,
    RollCall,
    RollEntry,
    Vote,
)
from debates.state import empty_state
from tests.factories.events import DelegateFactory, UserFactory
from tests.factories.forums import ForumFactory


class DebateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Debate

    forum = factory.SubFactory(ForumFactory)
    title = factory.Sequence(lambda n: f"Resolution {n}")
    motion = "That member governments commit a share of new housing to social rent."
    state = factory.LazyFunction(empty_state)


class DebateEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DebateEvent

    debate = factory.SubFactory(DebateFactory)
    seq = factory.Sequence(lambda n: n + 1)
    type = "debate.updated"
    data = factory.LazyFunction(lambda: {"changes": {"title": "Renamed"}})


class FloorRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FloorRequest

    debate = factory.SubFactory(DebateFactory)
    delegate = factory.SubFactory(DelegateFactory)
    kind = FloorRequest.Kind.SPEECH
    position = 1


class MotionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Motion

    debate = factory.SubFactory(DebateFactory)
    text = "Set the share at one third of new housing by 2030."
    proposer = factory.SubFactory(DelegateFactory)


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    motion = factory.SubFactory(MotionFactory, status=Motion.Status.VOTING)
    debate = factory.LazyAttribute(lambda vote: vote.motion.debate)
    secret = True
    rule = "per_delegate"
    majority = "simple"
    quorum_percent = 50
    eligible = 10


class BallotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ballot

    vote = factory.SubFactory(VoteFactory)
    delegate = factory.SubFactory(DelegateFactory)
    organization = factory.LazyAttribute(lambda ballot: ballot.delegate.organization)
    voter_key = factory.LazyAttribute(lambda ballot: f"d{ballot.delegate.pk}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    debate = factory.SubFactory(DebateFactory)
    author = factory.SubFactory(UserFactory)
    text = "How will progress be measured in cities without a housing register?"


class QuestionUpvoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionUpvote

    question = factory.SubFactory(QuestionFactory)
    user = factory.SubFactory(UserFactory)


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    debate = factory.SubFactory(DebateFactory)
    author = factory.SubFactory(UserFactory)
    text = "Dakar's figures are in the annex of our position paper."


class RollCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RollCall

    debate = factory.SubFactory(DebateFactory)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    roll_call = factory.SubFactory(RollCallFactory)
    delegate = factory.SubFactory(DelegateFactory)
    organization = factory.LazyAttribute(lambda attendance: attendance.delegate.organization)
    how = Attendance.How.ANSWERED


class RollEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RollEntry

    vote = factory.SubFactory(VoteFactory)
    delegate = factory.SubFactory(DelegateFactory)
    organization = factory.LazyAttribute(lambda entry: entry.delegate.organization)
    key = factory.LazyAttribute(lambda entry: f"d{entry.delegate.pk}")


class ReceiptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Receipt

    code = factory.Sequence(lambda n: f"R{n:09d}")
    vote = factory.SubFactory(VoteFactory)


class ElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Election

    debate = factory.SubFactory(DebateFactory)
    title = "Election of the Board"
    seats = 2


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    election = factory.SubFactory(ElectionFactory)
    organization = factory.SubFactory("tests.factories.events.OrganizationFactory")
    name = factory.LazyAttribute(lambda candidate: candidate.organization.name)
    region = factory.LazyAttribute(lambda candidate: candidate.organization.region)


class ElectionBallotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ElectionBallot

    election = factory.SubFactory(ElectionFactory)
    delegate = factory.SubFactory(DelegateFactory)
    organization = factory.LazyAttribute(lambda ballot: ballot.delegate.organization)
    voter_key = factory.LazyAttribute(lambda ballot: f"o{ballot.organization.pk}")
