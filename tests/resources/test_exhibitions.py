"""The exhibitions calendar: who edits, the list, the month grid, the iCalendar feeds."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from resources import services
from resources.models import Exhibition

TODAY = timezone.localdate()


def add(by, museum, title, start_in, end_in):
    return services.exhibition_create(
        by=by, museum=museum, title=title, start=TODAY + datetime.timedelta(days=start_in),
        end=TODAY + datetime.timedelta(days=end_in), description="Une exposition.", link="https://musee.example/expo",
    )


@pytest.fixture
def calendar_(member_a, manager_b, museum_a, museum_b):
    return {
        "current": add(member_a, museum_a, "Miroirs", -10, 30),
        "upcoming": add(member_a, museum_a, "Dessins du Nord", 40, 90),
        "past": add(manager_b, museum_b, "Céramiques anciennes", -200, -100),
        "piscine": add(manager_b, museum_b, "Tissus de Roubaix", 5, 50),
    }


def test_museum_staff_add_their_own_museums_exhibitions_only(client, member_a, museum_a, museum_b):
    client.force_login(member_a)
    data = {"title": "Intruse", "start": "2026-01-10", "end": "2026-02-10"}
    response = client.post(reverse("resources:exhibition_create"), {**data, "museum": museum_b.pk})
    assert response.status_code == 200 and not Exhibition.objects.exists()
    response = client.post(reverse("resources:exhibition_create"), {**data, "title": "Miroirs", "museum": museum_a.pk})
    assert response.status_code == 302
    assert Exhibition.objects.get().museum == museum_a


def test_another_museums_staff_get_404_on_the_edit_page(client, calendar_, manager_b):
    client.force_login(manager_b)
    url = reverse("resources:exhibition_edit", kwargs={"pk": calendar_["current"].pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "Piraté"}).status_code == 404
    assert Exhibition.objects.get(pk=calendar_["current"].pk).title == "Miroirs"


def test_an_exhibition_cannot_close_before_it_opens(client, member_a, museum_a):
    client.force_login(member_a)
    response = client.post(reverse("resources:exhibition_create"),
                           {"title": "A l'envers", "museum": museum_a.pk, "start": "2026-03-10", "end": "2026-03-01"})
    assert response.status_code == 200 and not Exhibition.objects.exists()


def test_the_list_shows_upcoming_first_and_past_ones_on_request(client, calendar_, member_a, museum_b):
    client.force_login(member_a)
    page = client.get(reverse("resources:exhibition_list")).content.decode()
    assert page.index("Miroirs") < page.index("Tissus de Roubaix") < page.index("Dessins du Nord")
    assert "Céramiques anciennes" not in page
    past = client.get(reverse("resources:exhibition_list"), {"past": "1"}).content.decode()
    assert "Céramiques anciennes" in past and "Miroirs" not in past
    piscine = client.get(reverse("resources:exhibition_list"), {"museum": museum_b.pk}).content.decode()
    assert "Tissus de Roubaix" in piscine and "Miroirs" not in piscine
    nord = client.get(reverse("resources:exhibition_list"), {"department": "59"}).content.decode()
    assert "Tissus de Roubaix" in nord and "Miroirs" not in nord


def test_the_month_grid_marks_the_openings(client, calendar_, member_a):
    opening = calendar_["upcoming"].start
    client.force_login(member_a)
    response = client.get(reverse("resources:exhibition_month", kwargs={"year": opening.year, "month": opening.month}))
    page = response.content.decode()
    assert "Dessins du Nord" in page and 'class="ev ev-open"' in page
    assert client.get(reverse("resources:exhibition_month", kwargs={"year": 2025, "month": 13})).status_code == 404


def test_the_network_feed_parses_back_with_every_exhibition_and_no_sign_in(client, calendar_):
    response = client.get(reverse("resources:exhibition_feed"))  # anonymous: calendar apps have no session
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    assert len(events) == 4
    miroirs = events["Miroirs — Louvre-Lens"]
    assert miroirs.decoded("dtstart") == calendar_["current"].start
    # All-day events end the day after the last day.
    assert miroirs.decoded("dtend") == calendar_["current"].end + datetime.timedelta(days=1)
    assert str(miroirs["url"]) == "https://musee.example/expo"
    assert len({str(e["uid"]) for e in events.values()}) == 4


def test_a_museums_feed_holds_only_its_exhibitions(client, calendar_, museum_b):
    response = client.get(reverse("resources:museum_exhibition_feed", kwargs={"slug": museum_b.slug}))
    calendar = Calendar.from_ical(response.content)
    assert sorted(str(e["summary"]) for e in calendar.walk("VEVENT")) == [
        "Céramiques anciennes — La Piscine", "Tissus de Roubaix — La Piscine"
    ]
    assert client.get(reverse("resources:museum_exhibition_feed", kwargs={"slug": "inconnu"})).status_code == 404


def test_exhibition_pages_still_need_a_sign_in(client, calendar_):
    response = client.get(reverse("resources:exhibition_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
