"""The kit's pages: isolation between museums, forms, feeds, results, query counts."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from icalendar import Calendar

from equipment_loans import services
from equipment_loans.demo import demo_logger_csv
from equipment_loans.models import Booking, BookingEvent, BookingStatus, LoggerReading, WaitingListEntry
from extranet.models import AuditEvent
from tests.factories import make_member

from .conftest import days, request_booking

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking_a(museum_a, member_a, loggers):
    return request_booking(museum_a, member_a, start=5, end=9, item_types={loggers: 2})


def logger_upload(name="releves.csv", content=None):
    start = datetime.now().replace(microsecond=0, second=0, minute=0)
    return SimpleUploadedFile(name, (content or demo_logger_csv(start, days=3)).encode("utf-8"), content_type="text/csv")


# --- Isolation: 404, never 403, never the object -------------------------------------------------


class TestAnotherMuseumsStaff:
    def test_get_404_on_a_museums_bookings(self, client, booking_a, manager_b, museum_a):
        client.force_login(manager_b)
        for url in [
            booking_a.get_absolute_url(),
            reverse("equipment_loans:museum_bookings", args=[museum_a.slug]),
        ]:
            assert client.get(url).status_code == 404, url

    @pytest.mark.parametrize("action", ["annuler", "approuver", "refuser", "remettre", "retour", "cloturer"])
    def test_get_404_on_every_post_and_nothing_changes(self, client, booking_a, manager_b, museum_a, action):
        client.force_login(manager_b)
        before = (BookingEvent.objects.count(), AuditEvent.objects.count())
        url = reverse("equipment_loans:booking_transition", args=[booking_a.pk, action])
        assert client.post(url, {"message": "Je prends"}).status_code == 404
        for url in [
            reverse("equipment_loans:logger_upload", args=[booking_a.pk]),
            reverse("equipment_loans:anoxia_record", args=[booking_a.pk]),
            reverse("equipment_loans:museum_feed_renew", args=[museum_a.slug]),
        ]:
            assert client.post(url, {"file": logger_upload()}).status_code == 404, url
        assert Booking.objects.get(pk=booking_a.pk).status == BookingStatus.REQUESTED
        assert (BookingEvent.objects.count(), AuditEvent.objects.count()) == before

    def test_cannot_book_in_the_name_of_another_museum(self, client, manager_b, museum_a, vacuum_unit):
        client.force_login(manager_b)
        response = client.post(reverse("equipment_loans:booking_request"), {
            "museum": museum_a.pk, "pickup_date": days(3).isoformat(), "return_date": days(4).isoformat(),
            "units": [vacuum_unit.pk], "purpose": "x", "contact": "y",
        })
        assert response.status_code == 200 and "museum" in response.context["form"].errors
        assert not Booking.objects.exists()

    def test_a_museums_member_does_not_see_coordinator_pages(self, client, member_a):
        client.force_login(member_a)
        assert client.get(reverse("equipment_loans:queue")).status_code == 404
        assert client.get(reverse("equipment_loans:usage")).status_code == 404


def test_staff_of_the_museum_may_cancel_but_not_approve(client, booking_a, member_a):
    client.force_login(member_a)
    page = client.get(booking_a.get_absolute_url())
    assert page.context["actions"].cancel and not page.context["actions"].approve
    response = client.post(reverse("equipment_loans:booking_transition", args=[booking_a.pk, "approuver"]))
    assert response.status_code == 302
    assert Booking.objects.get(pk=booking_a.pk).status == BookingStatus.REQUESTED
    client.post(reverse("equipment_loans:booking_transition", args=[booking_a.pk, "annuler"]), {"message": "Reporté"})
    assert Booking.objects.get(pk=booking_a.pk).status == BookingStatus.CANCELLED


# --- Requesting --------------------------------------------------------------------------------


def test_a_member_books_through_the_form_and_lands_on_the_booking(client, member_a, museum_a, loggers):
    client.force_login(member_a)
    response = client.post(reverse("equipment_loans:booking_request"), {
        "museum": museum_a.pk, "pickup_date": days(3).isoformat(), "return_date": days(6).isoformat(),
        f"qty_{loggers.pk}": 2, "purpose": "Climat de la réserve", "contact": "Julien",
    })
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"] == booking.get_absolute_url()
    assert booking.booking_units.count() == 2 and booking.requested_by == member_a


def test_a_refused_overlap_is_a_form_error_in_french_with_the_waiting_list_offered(
    client, museum_a, member_a, manager_b, museum_b, vacuum, vacuum_unit
):
    request_booking(museum_a, member_a, start=10, end=15, units=[vacuum_unit])
    client.force_login(manager_b)
    response = client.post(reverse("equipment_loans:booking_request"), {
        "museum": museum_b.pk, "pickup_date": days(12).isoformat(), "return_date": days(13).isoformat(),
        f"qty_{vacuum.pk}": 1, "purpose": "Dépoussiérage", "contact": "Sophie",
    })
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ces dates ne peuvent pas être réservées" in body
    assert "ASP" in body and days(17).strftime("%d/%m/%Y") in body  # the unit, and the nearest free dates
    assert "liste d’attente" in body or "liste d'attente" in body
    waiting = response.context["waiting_forms"][0][2]
    response = client.post(reverse("equipment_loans:waiting_list_join"), {k: v.value() for k, v in
                                                                       ((f.name, f) for f in waiting)})
    assert response.status_code == 302
    entry = WaitingListEntry.objects.get()
    assert (entry.museum, entry.item_type, entry.pickup_date) == (museum_b, vacuum, days(12))


# --- Booking page: results of the loan ------------------------------------------------------------


def test_the_logger_csv_is_parsed_and_drawn_on_the_booking_page(client, booking_a, member_a, coordinator):
    services.kit_booking_approve(booking=booking_a, by=coordinator)
    services.kit_booking_hand_over(booking=booking_a, by=coordinator)
    client.force_login(member_a)
    response = client.post(reverse("equipment_loans:logger_upload", args=[booking_a.pk]), {"file": logger_upload()})
    assert response.status_code == 302
    assert LoggerReading.objects.filter(logger_file__booking=booking_a).count() == 3 * 48
    page = client.get(booking_a.get_absolute_url()).content.decode()
    assert '<svg class="kit-chart"' in page
    assert 'class="kit-chart-band"' in page and "kit-chart-temp" in page and "kit-chart-rh" in page
    assert "<script" not in page.split('id="results"')[1].split("</section>")[0]  # no script: drawn on the server


def test_an_unreadable_logger_file_says_which_line(client, booking_a, member_a, coordinator):
    services.kit_booking_approve(booking=booking_a, by=coordinator)
    services.kit_booking_hand_over(booking=booking_a, by=coordinator)
    client.force_login(member_a)
    content = "Date;Température (°C);HR (%)\n01/03/2026 10:00;19,5;50\nhier;x;y\n"
    response = client.post(reverse("equipment_loans:logger_upload", args=[booking_a.pk]), {"file": logger_upload(content=content)})
    assert response.status_code == 400
    assert "3" in str(response.context["logger_form"].errors["file"])
    assert not LoggerReading.objects.exists()


def test_logger_exports_of_several_formats_are_read():
    from equipment_loans.loggers import parse_logger_csv

    english = "Logger TH-03\nTime,Temperature (C),RH (%)\n2026-03-01T10:00:00,19.5,50.1\n2026-03-01T10:30:00,19.7,\n"
    french = "Date;Heure;Température °C;Humidité relative %\n01/03/2026;10:00;19,5;50,1\n"
    rows = parse_logger_csv(io.BytesIO(english.encode()))
    assert [(r[1], r[2]) for r in rows] == [(19.5, 50.1), (19.7, None)]
    rows = parse_logger_csv(io.BytesIO(french.encode("latin-1")))
    assert rows[0][0].hour == 10 and rows[0][1:] == (19.5, 50.1)


# --- Feeds and usage -------------------------------------------------------------------------------


def test_the_museum_calendar_feed_parses_back_with_icalendar(client, booking_a, member_a, museum_a, museum_b, manager_b):
    request_booking(museum_b, manager_b, start=20, end=22, item_types={booking_a.booking_units.first().unit.item_type: 1})
    client.force_login(member_a)
    page = client.get(reverse("equipment_loans:museum_bookings", args=[museum_a.slug]))
    feed_url = page.context["feed_url"]
    client.logout()
    response = client.get(feed_url)  # calendar apps do not sign in: the secret address is enough
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1  # only this museum's booking
    event = events[0]
    assert event.decoded("dtstart") == booking_a.pickup_date
    assert event.decoded("dtend") == booking_a.return_date + timedelta(days=1)
    assert "TH-01" in str(event["summary"]) and "Louvre-Lens" in str(event["summary"])
    assert client.get(feed_url.replace(feed_url.rsplit("/", 1)[1], "nope.ics")).status_code == 404


def test_renewing_the_feed_address_cuts_off_the_old_one(client, booking_a, member_a, museum_a):
    client.force_login(member_a)
    old = client.get(reverse("equipment_loans:museum_bookings", args=[museum_a.slug])).context["feed_url"]
    client.post(reverse("equipment_loans:museum_feed_renew", args=[museum_a.slug]))
    new = client.get(reverse("equipment_loans:museum_bookings", args=[museum_a.slug])).context["feed_url"]
    assert old != new
    assert client.get(old).status_code == 404 and client.get(new).status_code == 200


def test_the_coordinators_feed_has_every_museums_bookings(client, booking_a, coordinator, museum_b, manager_b, vacuum_unit):
    request_booking(museum_b, manager_b, units=[vacuum_unit])
    client.force_login(coordinator)
    feed_url = client.get(reverse("equipment_loans:queue")).context["feed_url"]
    assert len(Calendar.from_ical(client.get(feed_url).content).walk("VEVENT")) == 2


def test_coordinators_download_usage_per_item_and_museum_as_csv(client, booking_a, coordinator):
    services.kit_booking_approve(booking=booking_a, by=coordinator)
    client.force_login(coordinator)
    response = client.get(reverse("equipment_loans:usage"), {"year": booking_a.pickup_date.year, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == ["Thermo-hygromètre enregistreur", "Louvre-Lens", "1", "10"]  # 2 units × 5 days


# --- Dashboard ------------------------------------------------------------------------------------


def test_the_dashboard_panel_shows_upcoming_bookings_only_when_there_are_any(client, member_a, museum_a, loggers):
    client.force_login(member_a)
    assert "panel-kit-bookings" not in client.get(reverse("dashboard")).content.decode()
    request_booking(museum_a, member_a, item_types={loggers: 1})
    page = client.get(reverse("dashboard")).content.decode()
    assert "panel-kit-bookings" in page and "TH-01" in page


# --- Query counts ----------------------------------------------------------------------------------


def test_the_calendar_query_count_does_not_grow_with_bookings(client, member_a, museum_a, loggers, django_assert_max_num_queries):
    for n in range(6):
        request_booking(museum_a, member_a, start=3 + 4 * n, end=4 + 4 * n, item_types={loggers: 3})
    client.force_login(member_a)
    with django_assert_max_num_queries(12):
        response = client.get(loggers.get_absolute_url())
    assert response.status_code == 200 and "kit-day taken" in response.content.decode()


def test_the_booking_list_query_count_does_not_grow_with_bookings(client, member_a, museum_a, loggers, django_assert_max_num_queries):
    for n in range(12):
        request_booking(museum_a, member_a, start=3 + 4 * n, end=4 + 4 * n, item_types={loggers: 2})
    client.force_login(member_a)
    with django_assert_max_num_queries(18):
        response = client.get(reverse("equipment_loans:museum_bookings", args=[museum_a.slug]))
    assert response.content.decode().count("kit-status-requested") == 12


def test_the_booking_page_query_count_is_bounded(client, booking_a, member_a, coordinator, django_assert_max_num_queries):
    services.kit_booking_approve(booking=booking_a, by=coordinator)
    services.kit_booking_hand_over(booking=booking_a, by=coordinator)
    services.logger_file_attach(booking=booking_a, file=logger_upload(), by=member_a)
    client.force_login(member_a)
    with django_assert_max_num_queries(22):
        response = client.get(booking_a.get_absolute_url())
    assert response.status_code == 200


def test_other_pages_answer(client, member_a, coordinator, booking_a, loggers):
    client.force_login(member_a)
    for url in [reverse("equipment_loans:catalogue"), reverse("equipment_loans:booking_request"),
                reverse("equipment_loans:availability") + f"?start={days(5)}&end={days(7)}"]:
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("equipment_loans:availability") + f"?start={days(5)}&end={days(7)}").content.decode()
    assert "TH-03" in page and "TH-01" not in page  # TH-01 and TH-02 are taken then
    client.force_login(coordinator)
    assert client.get(reverse("equipment_loans:queue")).status_code == 200
    assert client.get(reverse("equipment_loans:usage")).status_code == 200


def test_a_second_member_of_the_museum_sees_the_booking(client, booking_a, museum_a):
    client.force_login(make_member(museum_a))
    assert client.get(booking_a.get_absolute_url()).status_code == 200
