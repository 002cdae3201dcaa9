"""The skills directory in a real browser: search two skills, find the expert, ask them."""

import re

import pytest
from playwright.sync_api import expect

from extranet.models import Profile
from skills_directory.models import ExpertQuestion, Skill

from .conftest import log_in

pytestmark = pytest.mark.browser

ASKER_EMAIL = "gestion.la-piscine@demo.example"
EXPERT_EMAIL = "equipe.louvre-lens@demo.example"


def test_a_member_searches_two_skills_finds_the_expert_and_asks_a_question(new_context):
    # The expert chose to show his address to nobody: the asker must never see it.
    Profile.objects.filter(user__email=EXPERT_EMAIL).update(email_visibility="nobody")
    page = new_context().new_page()
    log_in(page, ASKER_EMAIL)

    page.get_by_role("navigation", name=re.compile("navigation", re.I)).get_by_role("link", name="Compétences").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Annuaire des compétences")
    # Both skills are in the first category, open or not: open it, tick both.
    anoxia = Skill.objects.get(name="Traitement par anoxie")
    report = Skill.objects.get(name="Constat d'état")
    page.locator("summary", has_text="Conservation préventive").click()
    page.locator(f"#skill-{anoxia.pk}").check()
    page.locator(f"#skill-{report.pk}").check()
    page.locator("#directory-search").click()

    results = page.locator(".skills-results > li")
    expert_card = results.filter(has_text="Julien Lefebvre")
    expect(expert_card).to_have_count(1)
    expect(expert_card).to_contain_text("Louvre-Lens")
    expect(expert_card.locator(".skill-tag", has_text="Traitement par anoxie")).to_contain_text("Expert")
    expect(page.locator("#skills-map")).to_have_class(re.compile(r"\bmap-ready\b"))

    expert_card.get_by_role("link", name=re.compile("Julien Lefebvre")).last.click()
    page.get_by_label("Objet").fill("Anoxie d'une tapisserie")
    page.get_by_label("Message").fill("Combien de temps faut-il laisser la tapisserie dans la poche ?")
    page.locator("#ask-submit").click()

    expect(page.locator("#question-status")).to_have_text("En attente de l'expert")
    assert EXPERT_EMAIL not in page.content()
    assert ExpertQuestion.objects.filter(subject="Anoxie d'une tapisserie", expert__email=EXPERT_EMAIL).exists()


def test_the_directory_fits_a_small_screen(new_context):
    page = new_context(viewport={"width": 375, "height": 812}).new_page()
    log_in(page, ASKER_EMAIL)
    page.goto("/espace/competences/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
