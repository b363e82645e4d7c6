import pytest
from django.contrib.auth.models import Permission

from onsite import services
from tests.factories import (
    AccreditationFactory,
    CheckInListFactory,
    DoorFactory,
    UserFactory,
)


@pytest.fixture
def door_staff(db):
    user = UserFactory(username="door")
    user.user_permissions.add(Permission.objects.get(codename="scan_badges"))
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def entrance(event):
    return CheckInListFactory(event=event, name="Main entrance")


@pytest.fixture
def north_door(entrance):
    return DoorFactory(checkin_list=entrance, name="North")


@pytest.fixture
def badge(event, secretariat):
    accreditation = AccreditationFactory(event=event)
    return services.badge_issue(actor=secretariat, accreditation=accreditation)
