"""Nobody where they don't belong: every URL of the members' space that names an object or a
museum, tried on museum B's objects by people of museum A and by anonymous visitors.

- HIDDEN: B's own things. A member and a manager of A get 404 to GET and POST, and nothing in the
  database changes; an anonymous visitor is sent to the login page.
- READABLE: pages every signed-in member may read by design (directory, profiles, published
  listings, exhibitions...). An anonymous visitor is sent to the login page; A's POST changes nothing.
- EXEMPT: URLs not swept here, each with its reason.

`test_every_object_url_is_swept` fails when a URL with an id, a slug or a token is added without
being listed here.
"""

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse


def _forum(w):
    return {"slug": w.group_forum.slug, "pk": w.group_forum.pk}


def _in_forum(w):
    return {"forum_slug": w.group_forum.slug, "forum_pk": w.group_forum.pk}


def _topic(w):
    return {**_in_forum(w), "slug": w.topic.slug, "pk": w.topic.pk}


def _post(w):
    return {**_in_forum(w), "topic_slug": w.topic.slug, "topic_pk": w.topic.pk, "pk": w.reply.pk}


def _mod_topic(w):
    return {"slug": w.topic.slug, "pk": w.topic.pk}


def _b(w):
    return {"slug": w.museum_b.slug}


# case id -> (url name, kwargs from the world)
HIDDEN = {
    # notifications of a person of B
    "notification-open": ("notifications:open", lambda w: {"pk": w.notification.pk}),
    "notification-mark-read": ("notifications:mark_read", lambda w: {"pk": w.notification.pk}),
    # conservation kit
    "kit-waiting-withdraw": ("equipment_loans:waiting_list_withdraw", lambda w: {"pk": w.waiting.pk}),
    "kit-booking-detail": ("equipment_loans:booking_detail", lambda w: {"pk": w.booking.pk}),
    "kit-booking-logger-upload": ("equipment_loans:logger_upload", lambda w: {"pk": w.booking.pk}),
    "kit-booking-anoxia": ("equipment_loans:anoxia_record", lambda w: {"pk": w.booking.pk}),
    **{
        f"kit-booking-{action}": ("equipment_loans:booking_transition",
                                  lambda w, action=action: {"pk": w.booking.pk, "action": action})
        for action in ("approuver", "refuser", "annuler", "cloturer", "remettre", "retour")
    },
    "kit-museum-bookings": ("equipment_loans:museum_bookings", _b),
    "kit-museum-feed-renew": ("equipment_loans:museum_feed_renew", _b),
    # skills directory
    "skills-my-skill-remove": ("skills_directory:my_skill_remove", lambda w: {"pk": w.declared.pk}),
    "skills-wish-remove": ("skills_directory:wish_remove", lambda w: {"pk": w.wish.pk}),
    "skills-question-detail": ("skills_directory:question_detail", lambda w: {"pk": w.question.pk}),
    "skills-question-respond": ("skills_directory:question_respond", lambda w: {"pk": w.question.pk}),
    # private working-group forum
    "forum-topic-live": ("network_forum:topic_live", lambda w: {"pk": w.topic.pk}),
    "forum-follow": ("network_forum:forum_follow", lambda w: {"pk": w.group_forum.pk}),
    "forum-topic-skills": ("network_forum:topic_skills", lambda w: {"pk": w.topic.pk}),
    "forum-forum": ("forum:forum", _forum),
    "forum-topic": ("forum_conversation:topic", _topic),
    "forum-topic-create": ("forum_conversation:topic_create", _in_forum),
    "forum-topic-update": ("forum_conversation:topic_update", _topic),
    "forum-post-create": ("forum_conversation:post_create",
                          lambda w: {**_in_forum(w), "topic_slug": w.topic.slug, "topic_pk": w.topic.pk}),
    "forum-post-update": ("forum_conversation:post_update", _post),
    "forum-post-delete": ("forum_conversation:post_delete", _post),
    "forum-poll-vote": ("forum_conversation:topic_poll_vote", lambda w: {"pk": w.poll.pk}),
    "forum-attachment": ("forum_conversation:attachment", lambda w: {"pk": w.attachment.pk}),
    "forum-topic-subscribe": ("forum_member:topic_subscribe", lambda w: {"pk": w.topic.pk}),
    "forum-topic-unsubscribe": ("forum_member:topic_unsubscribe", lambda w: {"pk": w.topic.pk}),
    **{
        f"forum-moderation-{name}": (f"forum_moderation:{name}", _mod_topic)
        for name in ("topic_lock", "topic_unlock", "topic_delete", "topic_move", "topic_update_to_post",
                     "topic_update_to_sticky", "topic_update_to_announce")
    },
    "forum-queued-post": ("forum_moderation:queued_post", lambda w: {"pk": w.queued.pk}),
    "forum-queued-approve": ("forum_moderation:approve_queued_post", lambda w: {"pk": w.queued.pk}),
    "forum-queued-disapprove": ("forum_moderation:disapprove_queued_post", lambda w: {"pk": w.queued.pk}),
    "forum-mark-topics-read": ("forum_tracking:mark_topics_read", lambda w: {"pk": w.group_forum.pk}),
    "forum-mark-subforums-read": ("forum_tracking:mark_subforums_read", lambda w: {"pk": w.group_forum.pk}),
    "forum-feed-topics": ("forum_feeds:forum_latest_topics", _in_forum),
    "forum-feed-topics-all": ("forum_feeds:forum_latest_topics_with_descendants", _in_forum),
    # shared documents restricted to B, B's exhibition and publication (edit)
    "document-detail": ("resources:document_detail", lambda w: {"pk": w.document.pk}),
    "document-edit": ("resources:document_edit", lambda w: {"pk": w.document.pk}),
    "document-replace": ("resources:document_replace", lambda w: {"pk": w.document.pk}),
    "document-download": ("resources:document_download", lambda w: {"pk": w.document.pk}),
    "document-version-download": ("resources:version_download", lambda w: {"pk": w.document.pk, "number": 1}),
    "exhibition-edit": ("resources:exhibition_edit", lambda w: {"pk": w.exhibition.pk}),
    "publication-edit": ("resources:publication_edit", lambda w: {"pk": w.publication.pk}),
    # exchange: B's space, B's draft, B's published listing (management), the B-C request thread
    "exchange-museum": ("exchange:museum", _b),
    "exchange-create": ("exchange:create", _b),
    "exchange-lot-create": ("exchange:lot_create", _b),
    "exchange-draft-detail": ("exchange:detail", lambda w: {"pk": w.draft.pk}),
    "exchange-draft-edit": ("exchange:edit", lambda w: {"pk": w.draft.pk}),
    "exchange-published-edit": ("exchange:edit", lambda w: {"pk": w.published.pk}),
    "exchange-draft-request-create": ("exchange:request_create", lambda w: {"pk": w.draft.pk}),
    "exchange-draft-publish": ("exchange:transition", lambda w: {"pk": w.draft.pk, "action": "publier"}),
    "exchange-published-withdraw": ("exchange:transition", lambda w: {"pk": w.published.pk, "action": "retirer"}),
    "exchange-published-close": ("exchange:transition", lambda w: {"pk": w.published.pk, "action": "clore"}),
    "exchange-draft-photo": ("exchange:photo", lambda w: {"pk": w.photo.pk, "size": "full"}),
    "exchange-draft-photo-thumb": ("exchange:photo", lambda w: {"pk": w.photo.pk, "size": "thumb"}),
    "exchange-lot-detail": ("exchange:lot_detail", lambda w: {"pk": w.lot.pk}),
    "exchange-lot-add": ("exchange:lot_add", lambda w: {"pk": w.lot.pk}),
    "exchange-lot-publish": ("exchange:lot_publish", lambda w: {"pk": w.lot.pk}),
    "exchange-request-detail": ("exchange:request_detail", lambda w: {"pk": w.exchange_request.pk}),
    "exchange-request-promise": ("exchange:promise", lambda w: {"pk": w.exchange_request.pk}),
    "exchange-request-offer-again": ("exchange:offer_again", lambda w: {"pk": w.exchange_request.pk}),
    **{
        f"exchange-request-{action}": ("exchange:request_transition",
                                       lambda w, action=action: {"pk": w.exchange_request.pk, "action": action})
        for action in ("remise", "retour", "annuler")
    },
    # B's staff management
    "staff-manage": ("staff_manage", _b),
    "staff-role": ("staff_role", lambda w: {**_b(w), "membership_id": w.membership.pk}),
    "staff-remove": ("staff_remove", lambda w: {**_b(w), "membership_id": w.membership.pk}),
    "staff-invitation-revoke": ("invitation_revoke", lambda w: {**_b(w), "invitation_id": w.invitation.pk}),
    # working-group management (coordinators only)
    "working-group-remove": ("working_group_remove", lambda w: {"slug": w.group.slug, "user_id": w.member_b.pk}),
}

# Read by every signed-in member by design (docs/permissions.md: directory, staff lists and
# profiles; published listings and exhibitions are shared with the whole network).
READABLE = {
    "museum-detail": ("museum_detail", _b),
    "profile-detail": ("profile_detail", lambda w: {"pk": w.member_b.pk}),
    "profile-photo": ("profile_photo", lambda w: {"pk": w.member_b.pk}),
    "working-group-detail": ("working_group_detail", lambda w: {"slug": w.group.slug}),
    "kit-item-type": ("equipment_loans:item_type", lambda w: {"slug": w.item_type.slug}),
    "exhibition-detail": ("resources:exhibition_detail", lambda w: {"pk": w.exhibition.pk}),
    "exhibition-image": ("resources:exhibition_image", lambda w: {"pk": w.exhibition.pk}),
    "exhibition-month": ("resources:exhibition_month", lambda w: {"year": 2026, "month": 1}),
    "exchange-published-detail": ("exchange:detail", lambda w: {"pk": w.published.pk}),
    "exchange-published-request-create": ("exchange:request_create", lambda w: {"pk": w.published.pk}),
    "skills-ask": ("skills_directory:ask", lambda w: {"user_id": w.expert_b.pk}),
    "forum-member-profile": ("forum_member:profile", lambda w: {"pk": w.member_b.pk}),
    "forum-member-posts": ("forum_member:user_posts", lambda w: {"pk": w.member_b.pk}),
}


EXEMPT = {
    "resources:museum_exhibition_feed": "public iCal feed of a museum's exhibitions (login_not_required, like "
                                        "the network's exhibition feed): exhibitions are public announcements",
    "notifications:unsubscribe": "one-click unsubscribe link from emails: the signed token is the credential",
    "equipment_loans:calendar_feed": "iCal feed read by calendar apps: the secret token is the credential "
                                     "(test_kit_feed_needs_its_exact_token)",
}

SWEPT_PREFIX = "espace/"


def _routes():
    def walk(resolver, prefix="", namespace=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                yield from walk(pattern, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), namespace + (pattern.name or "")

    return list(walk(get_resolver()))


def test_every_object_url_is_swept():
    """A URL of the members' space taking an id, a slug or a token is swept or exempted with a reason."""
    covered = {name for cases in (HIDDEN, READABLE) for name, _ in cases.values()} | set(EXEMPT)
    taking_objects = {
        name for route, name in _routes()
        if route.startswith(SWEPT_PREFIX) and any(f"<{conv}:" in route for conv in ("int", "slug", "uuid", "str", "path"))
    }
    assert taking_objects, "no URL found: has the members' space moved?"
    missing = sorted(taking_objects - covered)
    assert not missing, f"URLs taking an object id with no entry in the access sweep: {missing}"
    stale = sorted(covered - taking_objects)
    assert not stale, f"sweep entries for URLs that no longer exist: {stale}"


# Every row an outsider's request could change.
SNAPSHOT_MODELS = [
    "equipment_loans.Booking", "equipment_loans.BookingUnit", "equipment_loans.BookingEvent",
    "equipment_loans.WaitingListEntry", "equipment_loans.CalendarFeed", "equipment_loans.LoggerFile",
    "equipment_loans.AnoxiaTreatment", "equipment_loans.Handover", "equipment_loans.Return",
    "exchange.Listing", "exchange.ListingPhoto", "exchange.Lot", "exchange.ExchangeRequest",
    "exchange.RequestMessage",
    "resources.Document", "resources.DocumentVersion", "resources.Exhibition", "resources.Publication",
    "forum.Forum", "forum_conversation.Topic", "forum_conversation.Post", "forum_attachments.Attachment",
    "forum_polls.TopicPoll", "forum_polls.TopicPollVote", "forum_tracking.TopicReadTrack",
    "forum_tracking.ForumReadTrack", "network_forum.ForumSubscription",
    "skills_directory.ExpertQuestion", "skills_directory.MemberSkill", "skills_directory.LearningWish",
    "notifications.Notification",
    "extranet.Membership", "extranet.Invitation", "extranet.WorkingGroupMembership",
]


def _model(label):
    return apps.get_model(label)


def snapshot():
    state = {}
    for label in SNAPSHOT_MODELS:
        model = _model(label)
        rows = list(model.objects.order_by("pk").values())
        for row in rows:
            row.pop("views_count", None)  # a permitted read may count a view; nothing else may move
        state[label] = rows
    topic_model = _model("forum_conversation.Topic")
    state["topic subscribers"] = sorted(topic_model.subscribers.through.objects.values_list("pk", "topic_id", "user_id"))
    return state


def _url(world, cases, case):
    name, kwargs = cases[case]
    return reverse(name, kwargs=kwargs(world))


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _assert_login_redirect(response, url):
    assert response.status_code == 302, f"{url}: {response.status_code}"
    assert response["Location"].startswith(reverse("account_login")), f"{url} -> {response['Location']}"


OUTSIDERS = ["member_a", "manager_a"]


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("case", sorted(HIDDEN))
def test_outsider_gets_404_and_changes_nothing(world, db, case, who):
    url = _url(world, HIDDEN, case)
    client = _client(getattr(world, who))
    before = snapshot()
    get = client.get(url)
    post = client.post(url, {"message": "x", "quantity": "1", "role": "manager", "body": "x", "answer": "x"})
    # 405: a view taking only POST (or only GET) refuses the other method before any lookup, so
    # it tells nothing about the object; at least one method must reach the lookup and answer 404.
    statuses = (get.status_code, post.status_code)
    assert set(statuses) <= {404, 405} and 404 in statuses, f"{url}: GET {get.status_code}, POST {post.status_code}"
    assert snapshot() == before


@pytest.mark.parametrize("case", sorted(HIDDEN) + sorted(READABLE))
def test_anonymous_is_sent_to_login(world, db, case):
    url = _url(world, {**HIDDEN, **READABLE}, case)
    before = snapshot()
    _assert_login_redirect(_client().get(url), url)
    _assert_login_redirect(_client().post(url, {"message": "x"}), url)
    assert snapshot() == before


@pytest.mark.parametrize("case", sorted(READABLE))
def test_readable_pages_answer_outsiders_without_error_and_post_changes_nothing(world, db, case):
    url = _url(world, READABLE, case)
    client = _client(world.member_a)
    before = snapshot()
    get = client.get(url)
    assert get.status_code in (200, 404, 405), f"{url}: GET {get.status_code}"
    post = client.post(url, {})
    assert post.status_code < 500, f"{url}: POST {post.status_code}"
    assert post.status_code != 403, url
    assert snapshot() == before


def test_owner_reaches_hidden_pages(world, db):
    """The sweep is meaningful: B's own people do reach B's things (a 404 for everyone proves nothing)."""
    owner = _client(world.manager_b)
    for case in ("kit-booking-detail", "document-detail", "exchange-draft-detail", "exchange-request-detail",
                 "exhibition-edit", "staff-manage", "exchange-museum"):
        url = _url(world, HIDDEN, case)
        assert owner.get(url).status_code == 200, url
    member = _client(world.member_b)
    for case in ("forum-forum", "forum-topic", "skills-question-detail", "notification-open"):
        url = _url(world, HIDDEN, case)
        assert member.get(url).status_code in (200, 302), url


def test_kit_feed_needs_its_exact_token(world, db):
    good = reverse("equipment_loans:calendar_feed", kwargs={"token": world.feed.token})
    bad = reverse("equipment_loans:calendar_feed", kwargs={"token": world.feed.token[:-2] + "xx"})
    assert _client().get(bad).status_code == 404
    assert _client(world.member_a).get(bad).status_code == 404
    assert _client().get(good).status_code == 200

