"""What a member sees of the foundation, in a real browser: sign-in, dashboard, languages,
museum directory and map, accessibility (axe) and small screens.

French strings ("Mes musées", "Musées", "Bonjour …") need the compiled French catalogue
(locale/fr/LC_MESSAGES/django.mo); the source strings are English.
"""

import re

import pytest
from playwright.sync_api import expect

from extranet import selectors
from extranet.models import Museum, User
from extranet.views import MUSEUMS_PER_PAGE
from tests.factories import MuseumFactory

from .conftest import DESKTOP, MEMBER_EMAIL, MOBILE, log_in

pytestmark = pytest.mark.browser


def member():
    return User.objects.get(email=MEMBER_EMAIL)


def panel(page, key):
    """A dashboard panel, found by its key (its heading's id)."""
    return page.locator(f"section.panel[aria-labelledby='panel-{key}']")


def nav(page):
    return page.locator("nav.main-nav")


def wait_for_map(page, markers: int):
    """The map script ran: the container is marked ready and holds one marker per museum."""
    map_el = page.locator("#museum-map")
    expect(map_el).to_have_class(re.compile(r"\bmap-ready\b"))
    expect(map_el.locator("path.leaflet-interactive")).to_have_count(markers)


# --- 1. Sign-in and dashboard -----------------------------------------------------------------


def test_member_signs_in_and_sees_their_dashboard(new_context):
    # French first, even for a browser that asks for English.
    english_browser = new_context(locale="en-US").new_page()
    english_browser.goto("/accounts/login/")
    expect(english_browser.locator("html")).to_have_attribute("lang", "fr")
    expect(english_browser.get_by_role("button", name="English", exact=True)).to_be_visible()

    page = new_context().new_page()
    page.goto("/espace/")
    # Anonymous: the members' space sends to the sign-in form.
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/espace/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    # A mistyped password is refused with a message, and the form stays.
    page.locator("input[name=login]").fill(MEMBER_EMAIL)
    page.locator("input[name=password]").fill("not-the-password")
    page.locator("#login-submit").click()
    expect(page.locator("form .errorlist")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("nav.main-nav")).to_have_count(0)

    log_in(page, goto=False)

    expect(page).to_have_url(re.compile(r"/espace/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Julien")

    museums = page.get_by_role("region", name="Mes musées")
    expect(museums).to_be_visible()
    expect(museums.get_by_role("link", name="Louvre-Lens", exact=True)).to_be_visible()
    expect(museums).to_contain_text("Lens")

    colleagues = panel(page, "colleagues")
    expect(colleagues).to_be_visible()
    expect(colleagues.get_by_role("heading")).not_to_have_text("My colleagues")  # translated
    expect(colleagues.get_by_role("link", name="Hélène Marchand")).to_be_visible()
    expect(colleagues).not_to_contain_text("Julien Lefebvre")  # not one's own colleague

    groups = panel(page, "working-groups")
    expect(groups).to_be_visible()
    expect(groups.get_by_role("heading")).not_to_have_text("My working groups")  # translated
    names = [g.name for g in selectors.working_groups_of(member())]
    assert len(names) >= 2
    for name in names:
        expect(groups.get_by_role("link", name=name, exact=True)).to_be_visible()

    # The header greets the member by name and offers to sign out.
    expect(page.locator(".user-link")).to_have_text("Julien Lefebvre")
    expect(page.locator("form[action='/accounts/logout/'] button[type=submit]")).to_be_visible()
    expect(nav(page).locator("a[aria-current=page]")).to_have_attribute("href", "/espace/")


# --- 2. Languages ----------------------------------------------------------------------------


def test_language_switch_between_french_and_english(member_page):
    page = member_page
    page.goto("/espace/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Julien")
    expect(nav(page).get_by_role("link", name="Musées", exact=True)).to_be_visible()

    page.get_by_role("button", name="English", exact=True).click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/espace/$"))  # back on the same page
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Julien")
    expect(nav(page).get_by_role("link", name="Museums", exact=True)).to_be_visible()
    expect(page.get_by_role("region", name="My museums")).to_be_visible()
    expect(page.get_by_role("button", name="English", exact=True)).to_have_count(0)

    # The choice sticks on the next page.
    nav(page).get_by_role("link", name="Museums", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Museums of the network")

    page.get_by_role("button", name="Français", exact=True).click()

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page).to_have_url(re.compile(r"/espace/musees/$"))
    expect(nav(page).get_by_role("link", name="Musées", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Museums of the network")
    page.goto("/espace/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Julien")
    expect(page.get_by_role("region", name="Mes musées")).to_be_visible()


# --- 3. Museum directory and map --------------------------------------------------------------


def listed(page):
    return page.locator("ul.museum-list li.card")


def test_museum_directory_filters_and_map(member_page):
    page = member_page
    page.goto("/espace/musees/")
    total = Museum.objects.count()
    assert total == 90
    expect(listed(page)).to_have_count(total)
    expect(page.locator(".result-count")).to_contain_text("90")
    # Tiles cannot load (no internet), the markers (from the map's feed) are drawn all the same.
    expect(page.locator("#museum-map")).to_have_attribute("data-feed", "/espace/musees/carte.json")
    wait_for_map(page, total)

    # By department.
    page.locator("#id_department").select_option("80")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"department=80"))
    somme = Museum.objects.filter(department_code="80").count()
    assert somme == 6
    expect(listed(page)).to_have_count(somme)
    for text in listed(page).all_text_contents():
        assert "Somme (80)" in text
    expect(page.locator("#id_department")).to_have_value("80")
    wait_for_map(page, somme)

    # By name or town, accents and case ignored (the department filter is reset first).
    page.locator("#id_department").select_option("")
    page.locator("#id_q").fill("roubaix")
    page.locator("#id_q").press("Enter")
    expect(listed(page).get_by_role("link", name="La Piscine", exact=True)).to_be_visible()
    for text in listed(page).all_text_contents():
        assert "Roubaix" in text

    page.locator("#id_q").fill("amiens")
    page.locator("#id_q").press("Enter")
    expect(listed(page).get_by_role("link", name="Musée de Picardie", exact=True)).to_be_visible()

    page.locator("#id_q").fill("MUSEE DE PICARDIE")
    page.locator("#id_q").press("Enter")
    expect(listed(page).get_by_role("link", name="Musée de Picardie", exact=True)).to_be_visible()

    page.locator("#id_q").fill("no such museum anywhere")
    page.locator("#id_q").press("Enter")
    expect(listed(page)).to_have_count(0)
    expect(page.locator("ul.museum-list")).to_contain_text(re.compile(r"\S"))  # an "empty" message

    # A museum's page lists its staff.
    page.locator("#id_q").fill("louvre lens")
    page.locator("#id_q").press("Enter")
    expect(listed(page)).to_have_count(1)
    page.get_by_role("link", name="Louvre-Lens", exact=True).click()
    expect(page).to_have_url(re.compile(r"/espace/musees/louvre-lens/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Louvre-Lens")
    staff = page.locator("section[aria-labelledby=staff-title]")
    expect(staff.get_by_role("link", name="Hélène Marchand")).to_be_visible()
    expect(staff.get_by_role("link", name="Julien Lefebvre")).to_be_visible()
    names = staff.locator("ul.people > li > a:first-child")
    expect(names).to_have_count(len(staff_names("louvre-lens")))
    assert sorted(names.all_text_contents()) == sorted(staff_names("louvre-lens"))
    wait_for_map(page, 1)


def test_the_directory_map_shows_every_page_of_the_list_and_the_page_links_keep_the_filters(member_page):
    """Past a page of museums (the country's network): the list shows one page at a time,
    the map every museum matching the filters, whichever page is shown."""
    for i in range(110):
        MuseumFactory(name=f"Musée d'essai {i:03d}", slug=f"essai-{i:03d}", city="Arras",
                      latitude=49.9 + i / 200, longitude=2.0 + (i % 11) / 5)
    in_62 = Museum.objects.filter(department_code="62").count()
    assert in_62 > MUSEUMS_PER_PAGE
    page = member_page
    page.goto("/espace/musees/")
    expect(page.locator(".result-count")).to_contain_text(f"{90 + 110} musées")
    expect(listed(page)).to_have_count(MUSEUMS_PER_PAGE)
    wait_for_map(page, 90 + 110)

    page.locator("#id_department").select_option("62")
    page.locator("form.filters button[type=submit]").click()
    expect(page.locator(".result-count")).to_contain_text(f"{in_62} musées")
    expect(listed(page)).to_have_count(MUSEUMS_PER_PAGE)
    wait_for_map(page, in_62)
    pagination = page.get_by_role("navigation", name="Pages")
    expect(pagination).to_contain_text("Page 1 sur 2")
    pagination.get_by_role("link", name="Suivante").click()
    expect(page).to_have_url(re.compile(r"\?department=62&page=2$"))
    expect(page.locator("#id_department")).to_have_value("62")
    expect(listed(page)).to_have_count(in_62 - MUSEUMS_PER_PAGE)
    for text in listed(page).all_text_contents():
        assert "Pas-de-Calais (62)" in text
    wait_for_map(page, in_62)  # the whole department still, not the page
    expect(pagination.get_by_role("link", name="Précédente")).to_have_attribute("href", "?department=62&page=1")


def staff_names(slug):
    return [m.user.display_name for m in selectors.staff_of(Museum.objects.get(slug=slug))]


def test_museum_page_lists_managers_first(member_page):
    page = member_page
    page.goto("/espace/musees/louvre-lens/")
    first = page.locator("section[aria-labelledby=staff-title] ul.people > li").first
    expect(first.get_by_role("link").first).to_have_text("Hélène Marchand")
    expect(first.locator(".badge")).to_be_visible()  # the "manager" badge


# --- 4. Accessibility ------------------------------------------------------------------------


def serious_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} {v['helpUrl']}")
        for node in v["nodes"][:10]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


def test_no_serious_accessibility_violation(new_context, member_state):
    """axe-core on the sign-in page, the dashboard and the directory, wide and narrow."""
    anonymous = new_context().new_page()
    member = new_context(storage_state=member_state).new_page()
    failures = []
    for page, path in ((anonymous, "/accounts/login/"), (member, "/espace/"), (member, "/espace/musees/")):
        for viewport in (DESKTOP, MOBILE):
            page.set_viewport_size(viewport)
            page.goto(path)
            expect(page).to_have_url(re.compile(re.escape(path) + "$"))
            if path == "/espace/musees/":
                wait_for_map(page, Museum.objects.count())
            violations = serious_violations(page)
            if violations:
                failures.append(f"{path} at {viewport['width']} px:\n{describe(violations)}")
    assert not failures, "axe found serious or critical violations:\n" + "\n".join(failures)


# --- 5. Small screens ------------------------------------------------------------------------


def test_no_horizontal_scroll_on_a_phone(new_context, member_state):
    page = new_context(storage_state=member_state, viewport=MOBILE).new_page()
    failures = []
    for path in ("/espace/", "/espace/musees/", "/espace/musees/louvre-lens/"):
        page.goto(path)
        expect(page).to_have_url(re.compile(re.escape(path) + "$"))
        if path.startswith("/espace/musees/"):
            expect(page.locator("#museum-map")).to_have_class(re.compile(r"\bmap-ready\b"))
        widths = page.evaluate("() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})")
        if widths["scroll"] > MOBILE["width"]:
            failures.append(f"{path} scrolls sideways at {MOBILE['width']} px: {widths}")
        # Nothing sticks out of the screen (overflow hidden by a parent would not show above).
        wide = page.evaluate(
            """() => [...document.querySelectorAll('h1, h2, nav, form, .panel, .card, #museum-map')]
                  .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                  .map(el => el.outerHTML.slice(0, 120))"""
        )
        if wide:
            failures.append(f"{path}: elements wider than the screen: {wide}")
    assert not failures, "\n".join(failures)
