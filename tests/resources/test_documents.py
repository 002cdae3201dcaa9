"""Sharing documents: who sees what, downloads, versions, refused uploads, the library."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from filer.models import File as FilerFile

from extranet.models import AuditEvent
from notifications.models import Notification
from resources import services
from resources.demo import make_pdf
from resources.models import Document, DocumentKind, DocumentVersion, DocumentVisibility
from resources.permissions import can_edit_document, can_view_document, documents_visible_to
from tests.factories import make_coordinator, make_member

from .conftest import pdf_upload, private_files, share


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- Who sees what -------------------------------------------------------------------------------


def test_a_museum_only_document_is_invisible_and_404_everywhere_for_another_museum(client, member_a, member_a2, manager_b):
    document = share(member_a, museum=member_a.memberships.get().museum)
    version_url = reverse("resources:version_download", kwargs={"pk": document.pk, "number": 1})

    client.force_login(manager_b)
    assert document.title not in client.get(reverse("resources:library")).content.decode()
    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get(document.get_download_url()).status_code == 404
    assert client.get(version_url).status_code == 404
    assert client.get(reverse("resources:document_edit", kwargs={"pk": document.pk})).status_code == 404
    response = client.post(reverse("resources:document_replace", kwargs={"pk": document.pk}),
                           {"file": pdf_upload(), "note": "pirate"})
    assert response.status_code == 404
    assert document.versions.count() == 1

    client.force_login(member_a2)
    assert document.title in client.get(reverse("resources:library")).content.decode()
    response = client.get(document.get_download_url())
    assert response.status_code == 200
    assert body_of(response).startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("visibility", list(DocumentVisibility.values))
def test_the_queryset_and_the_question_give_the_same_answer_for_every_visibility(
    visibility, museum_a, member_a, member_a2, manager_b, group, join
):
    join(member_a, group)
    outsider_in_group = join(make_member(museum_a.__class__.objects.create(
        name="Autre", slug="autre", city="Arras", department="Pas-de-Calais", department_code="62")), group)
    coordinator = make_coordinator()
    document = share(coordinator, visibility=visibility, museum=museum_a, working_group=group)
    for user in (member_a, member_a2, manager_b, outsider_in_group, coordinator):
        assert can_view_document(user, document) == documents_visible_to(user).filter(pk=document.pk).exists()
    expected = {
        "public": {member_a, member_a2, manager_b, outsider_in_group, coordinator},
        "members": {member_a, member_a2, manager_b, outsider_in_group, coordinator},
        "museum": {member_a, member_a2, coordinator},
        "group": {member_a, outsider_in_group, coordinator},
        "coordinators": {coordinator},
    }[visibility]
    seeing = {u for u in (member_a, member_a2, manager_b, outsider_in_group, coordinator) if can_view_document(u, document)}
    assert seeing == expected


def test_a_member_who_leaves_the_museum_no_longer_sees_its_documents(member_a, member_a2, museum_a):
    from extranet import services as extranet_services

    document = share(member_a, museum=museum_a)
    assert can_view_document(member_a2, document)
    extranet_services.membership_end(membership=member_a2.memberships.get(), by=None)
    member_a2.refresh_from_db()
    assert not can_view_document(member_a2, document)


# --- Uploading ------------------------------------------------------------------------------------


def test_a_member_shares_a_pdf_for_their_museum_through_the_form(client, member_a, museum_a):
    client.force_login(member_a)
    response = client.post(reverse("resources:document_create"), {
        "file": pdf_upload("procedure.pdf"), "title": "Procédure de prêt", "kind": DocumentKind.ADMINISTRATIVE,
        "date": "2025-03-14", "museum": museum_a.pk, "language": "fr", "visibility": DocumentVisibility.MUSEUM,
    })
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert document.uploaded_by == member_a and document.museum == museum_a
    assert document.file.original_filename == "procedure.pdf"
    assert not document.file.is_public
    assert AuditEvent.objects.filter(action="document.created", object_id=str(document.pk)).exists()


def test_the_stored_file_lives_under_private_media_and_has_no_public_url(settings, member_a, museum_a):
    document = share(member_a, museum=museum_a)
    path = document.file.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT.resolve()))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert document.file.url == ""  # filer's own URL is empty: only our view serves it


def test_a_renamed_html_file_is_refused_in_french_and_nothing_is_stored(client, settings, member_a, museum_a):
    before = len(private_files(settings))
    client.force_login(member_a)
    response = client.post(reverse("resources:document_create"), {
        "file": SimpleUploadedFile("rapport.pdf", b"<!DOCTYPE html><html><body>Pas un PDF</body></html>"),
        "title": "Rapport", "kind": DocumentKind.OTHER, "date": "2025-03-14", "museum": museum_a.pk,
        "language": "fr", "visibility": DocumentVisibility.MUSEUM,
    })
    assert response.status_code == 200
    assert "ne correspond pas à son extension" in response.content.decode()
    assert not Document.objects.exists()
    assert not FilerFile.objects.exists()
    assert len(private_files(settings)) == before


def test_a_member_cannot_share_for_another_museum_and_nothing_is_stored(client, settings, member_a, museum_b):
    before = len(private_files(settings))
    client.force_login(member_a)
    response = client.post(reverse("resources:document_create"), {
        "file": pdf_upload(), "title": "Intrus", "kind": DocumentKind.OTHER, "date": "2025-03-14",
        "museum": museum_b.pk, "language": "fr", "visibility": DocumentVisibility.MUSEUM,
    })
    assert response.status_code == 200
    assert not Document.objects.exists() and not FilerFile.objects.exists()
    assert len(private_files(settings)) == before


def test_a_member_cannot_restrict_a_document_to_coordinators(member_a, museum_a):
    with pytest.raises(ValidationError):
        share(member_a, museum=museum_a, visibility=DocumentVisibility.COORDINATORS)
    assert not FilerFile.objects.exists()


def test_meeting_minutes_need_a_working_group_and_a_meeting_date(member_a, museum_a):
    with pytest.raises(ValidationError) as error:
        share(member_a, museum=museum_a, kind=DocumentKind.MINUTES)
    assert {"working_group", "meeting_date"} <= set(error.value.message_dict)


def test_a_member_shares_minutes_with_their_working_group_who_are_told(member_a, member_a2, group, join, manager_b):
    join(member_a, group)
    join(manager_b, group)
    document = share(member_a, kind=DocumentKind.MINUTES, working_group=group, visibility=DocumentVisibility.GROUP,
                     meeting_date="2025-03-10")
    told = set(Notification.objects.filter(kind="resources.group_document").values_list("recipient", flat=True))
    assert told == {manager_b.pk}  # not the uploader, not a colleague outside the group
    assert can_view_document(manager_b, document) and not can_view_document(member_a2, document)


# --- Versions -------------------------------------------------------------------------------------


def test_replacing_the_file_keeps_every_version_downloadable_with_its_history(client, member_a, member_a2, museum_a):
    document = share(member_a, museum=museum_a, uploaded=SimpleUploadedFile("v1.pdf", make_pdf(["premiere"])))
    services.document_replace_file(document=document, by=member_a,
                                   uploaded=SimpleUploadedFile("v2.pdf", make_pdf(["deuxieme"])), note="Chiffres corrigés")
    document.refresh_from_db()
    assert document.version_number == 2 and document.file.original_filename == "v2.pdf"
    versions = list(document.versions.order_by("number"))
    assert [(v.number, v.uploaded_by, v.file.original_filename) for v in versions] == [
        (1, member_a, "v1.pdf"), (2, member_a, "v2.pdf")
    ]
    assert versions[1].note == "Chiffres corrigés"

    client.force_login(member_a2)
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Chiffres corrigés" in page and "v2.pdf" in page
    old = client.get(versions[0].get_download_url())
    assert b"premiere" in body_of(old)
    assert b"deuxieme" in body_of(client.get(document.get_download_url()))


def test_the_museum_manager_may_replace_a_colleagues_file_but_a_colleague_may_not(client, member_a, member_a2, manager_a, museum_a):
    document = share(member_a, museum=museum_a)
    assert can_edit_document(manager_a, document)
    assert not can_edit_document(member_a2, document)
    client.force_login(member_a2)
    assert client.get(reverse("resources:document_replace", kwargs={"pk": document.pk})).status_code == 404
    client.force_login(manager_a)
    response = client.post(reverse("resources:document_replace", kwargs={"pk": document.pk}),
                           {"file": pdf_upload("v2.pdf"), "note": "Mise à jour"})
    assert response.status_code == 302
    assert DocumentVersion.objects.filter(document=document).count() == 2
    assert AuditEvent.objects.filter(action="document.file_replaced", actor=manager_a).exists()


def test_a_refused_replacement_keeps_the_current_file_and_stores_nothing(client, settings, member_a, museum_a):
    document = share(member_a, museum=museum_a)
    before = (FilerFile.objects.count(), len(private_files(settings)))
    client.force_login(member_a)
    response = client.post(reverse("resources:document_replace", kwargs={"pk": document.pk}),
                           {"file": SimpleUploadedFile("v2.pdf", b"<svg xmlns='http://www.w3.org/2000/svg'/>")})
    assert response.status_code == 200
    assert (FilerFile.objects.count(), len(private_files(settings))) == before
    assert document.versions.count() == 1


# --- Library and dashboard ------------------------------------------------------------------------


def test_the_library_filters_by_kind_and_year_and_shows_the_newest_first(client, member_a, museum_a):
    share(member_a, museum=museum_a, title="Ancien guide", kind=DocumentKind.GUIDE, date="2021-05-01")
    share(member_a, museum=museum_a, title="Nouveau guide", kind=DocumentKind.GUIDE, date="2025-05-01")
    share(member_a, museum=museum_a, title="Un formulaire", kind=DocumentKind.ADMINISTRATIVE, date="2024-05-01")
    client.force_login(member_a)
    page = client.get(reverse("resources:library")).content.decode()
    assert page.index("Nouveau guide") < page.index("Un formulaire") < page.index("Ancien guide")
    guides = client.get(reverse("resources:library"), {"kind": "guide"}).content.decode()
    assert "Un formulaire" not in guides and "Ancien guide" in guides
    of_2021 = client.get(reverse("resources:library"), {"year": "2021"}).content.decode()
    assert "Ancien guide" in of_2021 and "Nouveau guide" not in of_2021


def test_the_year_filter_offers_the_span_of_the_documents_a_member_may_see(client, member_a, museum_a, manager_b, museum_b):
    share(member_a, museum=museum_a, title="Ancien guide", date="2021-05-01")
    share(member_a, museum=museum_a, title="Nouveau guide", date="2024-05-01")
    share(manager_b, museum=museum_b, title="Note interne", date="2012-05-01", visibility=DocumentVisibility.MUSEUM)
    client.force_login(member_a)
    years = [choice for choice, _label in client.get(reverse("resources:library")).context["form"].fields["year"].choices]
    assert [year for year in years if year] == [2024, 2023, 2022, 2021]  # not 2012: a document they may not see


def test_a_library_past_the_count_limit_says_more_than(client, member_a, museum_a, settings):
    for i in range(4):
        share(member_a, museum=museum_a, title=f"Compte rendu {i}")
    client.force_login(member_a)
    assert "4 documents" in client.get(reverse("resources:library")).content.decode()
    settings.LIST_COUNT_LIMIT = 3
    html = client.get(reverse("resources:library")).content.decode()
    assert "Plus de 3 documents" in html and "4 documents" not in html


def test_the_dashboard_shows_what_colleagues_shared_lately(client, member_a, member_a2, manager_b, museum_a):
    share(member_a, museum=museum_a, title="Procédure visible à Lens")
    client.force_login(member_a2)
    assert "Procédure visible à Lens" in client.get(reverse("dashboard")).content.decode()
    client.force_login(manager_b)
    assert "Procédure visible à Lens" not in client.get(reverse("dashboard")).content.decode()


def test_the_library_holds_its_query_count_with_many_documents(client, django_assert_max_num_queries, member_a, museum_a):
    from skills_directory.models import Skill, SkillCategory

    category = SkillCategory.objects.create(name="Conservation")
    themes = [Skill.objects.create(name=f"Thème {i}", category=category) for i in range(3)]
    for i in range(25):
        share(member_a, museum=museum_a, title=f"Document {i}", themes=themes,
              visibility=DocumentVisibility.MEMBERS if i % 2 else DocumentVisibility.MUSEUM)
    client.force_login(member_a)
    client.get(reverse("resources:library"))  # warm the session and the permission caches
    with django_assert_max_num_queries(14):
        response = client.get(reverse("resources:library"), {"kind": DocumentKind.ADMINISTRATIVE})
    assert response.content.decode().count('class="doc-item"') == 20


def test_a_document_page_holds_its_query_count_with_many_versions(client, django_assert_max_num_queries, member_a, museum_a):
    document = share(member_a, museum=museum_a)
    for i in range(6):
        services.document_replace_file(document=document, by=member_a, uploaded=pdf_upload(f"v{i + 2}.pdf"))
    client.force_login(member_a)
    client.get(document.get_absolute_url())
    with django_assert_max_num_queries(14):
        response = client.get(document.get_absolute_url())
    assert response.content.decode().count("Télécharger la version") == 7
