"""The world of the security tests: one object of every kind owned by museum B (La Piscine),
made through the apps' services, and people of another museum A (Louvre-Lens) who must not
reach them."""

import datetime
from types import SimpleNamespace

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from machina.core.db.models import get_model

from equipment_loans import services as kit_services
from equipment_loans.kinds import KIT_BOOKING
from equipment_loans.models import KitItemType, KitUnit
from extranet import services as extranet_services
from extranet.models import Membership, Role
from forum.services import network_forums_ensure, working_group_forum_ensure
from notifications.services import notify
from resources import services as resources_services
from resources.models import DocumentVisibility
from skills_directory import services as skills_services
from skills_directory.models import Level, Skill, SkillCategory
from tests.equipment_loans.conftest import request_booking
from tests.exchange.conftest import ask, jpeg, offer_data, publish_offer
from tests.factories import MuseumFactory, WorkingGroupFactory, make_coordinator, make_member
from tests.forum.conftest import Post, make_topic
from tests.resources.conftest import share

TODAY = timezone.localdate()


@pytest.fixture
def coordinator(db):
    user = make_coordinator(first_name="Camille")
    TOTP.activate(user, generate_totp_secret())  # coordinators must use two-factor auth
    return user


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Everything museum B owns, one of each kind; built once per module inside a transaction
    rolled back at the end (each test runs in a savepoint of its own)."""
    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)


def build_world():
    from equipment_loans.exchange import services as exchange_services

    museum_a = MuseumFactory(name="Louvre-Lens", slug="louvre-lens", city="Lens")
    museum_b = MuseumFactory(name="La Piscine", slug="la-piscine", city="Roubaix", department="Nord",
                             department_code="59")
    museum_c = MuseumFactory(name="Musée de Picardie", slug="musee-de-picardie", city="Amiens")
    manager_a = make_member(museum_a, role=Role.MANAGER, first_name="Hélène")
    member_a = make_member(museum_a, first_name="Julien")
    manager_b = make_member(museum_b, role=Role.MANAGER, first_name="Sophie")
    member_b = make_member(museum_b, first_name="Paul")
    expert_b = make_member(museum_b, first_name="Inès")
    manager_c = make_member(museum_c, role=Role.MANAGER, first_name="Claire")

    # Kit: a booking, a waiting-list entry, the museum's calendar feed.
    item_type = KitItemType.objects.create(name="Thermo-hygromètre", slug="thermo-hygrometre")
    for n in range(1, 3):
        KitUnit.objects.create(item_type=item_type, inventory_number=f"TH-{n:02d}")
    booking = request_booking(museum_b, manager_b, item_types={item_type: 1})
    waiting = kit_services.waiting_list_join(
        museum=museum_b, item_type=item_type, quantity=1, pickup_date=TODAY + datetime.timedelta(days=10),
        return_date=TODAY + datetime.timedelta(days=12), by=manager_b,
    )
    feed = kit_services.calendar_feed_for(museum=museum_b)

    # Exchange: a draft (with a photo), a published offer asked for by museum C, a lot.
    draft = exchange_services.listing_create(
        museum=museum_b, by=manager_b, data=offer_data(title="Brouillon de la Piscine"), photos=[jpeg()]
    )
    published = publish_offer(museum_b, manager_b, title="Socles en plexiglas")
    exchange_request = ask(published, museum_c, manager_c)
    lot = exchange_services.lot_create(museum=museum_b, by=manager_b, data={
        "title": "Lot de la Piscine", "pickup_from": TODAY + datetime.timedelta(days=5),
        "pickup_until": TODAY + datetime.timedelta(days=9),
    })

    # Shared documents and calendar.
    document = share(manager_b, museum=museum_b, visibility=DocumentVisibility.MUSEUM, title="Note interne Piscine")
    exhibition = resources_services.exhibition_create(
        by=manager_b, museum=museum_b, title="Exposition de la Piscine", start=TODAY,
        end=TODAY + datetime.timedelta(days=30), description="Une exposition.", link="https://musee.example/expo",
    )
    publication = resources_services.publication_create(
        by=manager_b, title="Catalogue de la Piscine", authors="Paul", year=2024, museum=museum_b,
    )

    # A private working-group forum, a topic by a member of B in that group.
    network_forums_ensure()
    group = WorkingGroupFactory(name="Inventaire informatisé", slug="inventaire-informatise")
    group_forum = working_group_forum_ensure(group=group)
    extranet_services.working_group_join(group=group, user=member_b, by=None)
    topic = make_topic(group_forum, member_b, subject="Sujet privé", content="Message privé", replies=1)
    reply = topic.posts.order_by("-pk").first()
    queued = Post.objects.create(topic=topic, poster=member_b, subject="Re", content="En attente", approved=False)
    attachment = get_model("forum_attachments", "Attachment").objects.create(
        post=reply, file=SimpleUploadedFile("releve.txt", b"releve prive"), comment=""
    )
    poll = get_model("forum_polls", "TopicPoll").objects.create(topic=topic, question="Quelle date ?")
    poll_option = get_model("forum_polls", "TopicPollOption").objects.create(poll=poll, text="Lundi")

    # Skills: an expert question between two people of B; a declared skill and a learning wish.
    category = SkillCategory.objects.create(name="Conservation préventive")
    skill = Skill.objects.create(name="Traitement par anoxie", category=category)
    other_skill = Skill.objects.create(name="Constat d'état", category=category)
    declared = skills_services.member_skill_declare(
        user=expert_b, skill=skill, level=Level.EXPERT, description="", willing_to_be_asked=True
    )
    wish = skills_services.learning_wish_add(user=member_b, skill=other_skill)
    question = skills_services.expert_question_ask(
        asker=member_b, expert=expert_b, skill=skill, subject="Anoxie", message="Combien de temps ?"
    )

    # Staff: a membership of B and a pending invitation to B.
    membership = Membership.objects.get(user=member_b, museum=museum_b, ended_at__isnull=True)
    invitation, _token = extranet_services.invitation_create(
        email="nouvelle@piscine.example", museum=museum_b, role=Role.MEMBER, by=manager_b
    )

    notification = notify(recipient=member_b, kind=KIT_BOOKING, title="Réservation approuvée", url="/espace/kit/")

    return SimpleNamespace(
        museum_a=museum_a, museum_b=museum_b, museum_c=museum_c, manager_a=manager_a, member_a=member_a,
        manager_b=manager_b, member_b=member_b, expert_b=expert_b, manager_c=manager_c,
        item_type=item_type, booking=booking, waiting=waiting, feed=feed,
        draft=draft, photo=draft.photos.first(), published=published, exchange_request=exchange_request, lot=lot,
        document=document, exhibition=exhibition, publication=publication,
        group=group, group_forum=group_forum, topic=topic, reply=reply, queued=queued,
        attachment=attachment, poll=poll, poll_option=poll_option,
        skill=skill, declared=declared, wish=wish, question=question,
        membership=membership, invitation=invitation, notification=notification,
    )
