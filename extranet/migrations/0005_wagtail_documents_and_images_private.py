"""Wagtail's documents and images become the project's own models, kept in private storage.

Rows uploaded before (Wagtail's `Document` and `Image`, files under MEDIA_ROOT) are copied with
their ids, so rich-text links and image blocks keep pointing at them, their files are moved into
private storage and their tags follow; the old rows and files (renditions included) are removed,
so nothing stays reachable under /media/. Renditions are made again on first use.
"""

import django.db.models.deletion
import extranet.files
import extranet.media
import modelsearch.index
import taggit.managers
import wagtail.images.models
import wagtail.models.media
from django.conf import settings
from django.db import migrations, models

FIELDS = {
    "NetworkDocument": ["title", "created_at", "file_size", "file_hash", "collection_id", "uploaded_by_user_id"],
    "NetworkImage": [
        "title", "description", "width", "height", "created_at", "focal_point_x", "focal_point_y", "focal_point_width",
        "focal_point_height", "file_size", "file_hash", "collection_id", "uploaded_by_user_id",
    ],
}
OLD = {"NetworkDocument": ("wagtaildocs", "Document"), "NetworkImage": ("wagtailimages", "Image")}


def move_existing_files(apps, schema_editor):
    from django.core.files.storage import default_storage
    from django.core.management.color import no_style
    from django.db import connection as default_connection

    from extranet.files import private_storage

    connection = schema_editor.connection if schema_editor is not None else default_connection
    ContentType = apps.get_model("contenttypes", "ContentType")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    target = private_storage()
    moved = []
    for new_name, (app_label, old_name) in OLD.items():
        Old = apps.get_model(app_label, old_name)
        New = apps.get_model("extranet", new_name)
        old_type = ContentType.objects.filter(app_label=app_label, model=old_name.lower()).first()
        new_type, _created = ContentType.objects.get_or_create(app_label="extranet", model=new_name.lower())
        for old in Old.objects.all():
            name = old.file.name
            if name and default_storage.exists(name) and not target.exists(name):
                with default_storage.open(name, "rb") as content:
                    name = target.save(name, content)
            New.objects.create(pk=old.pk, file=name, **{field: getattr(old, field) for field in FIELDS[new_name]})
            if old_type is not None:
                TaggedItem.objects.filter(content_type=old_type, object_id=old.pk).update(content_type=new_type)
            stale = [old.file.name] + ([r.file.name for r in old.renditions.all()] if new_name == "NetworkImage" else [])
            old.delete()
            for stale_name in stale:
                if stale_name and default_storage.exists(stale_name):
                    default_storage.delete(stale_name)
        moved.append(New)
    # Rows were created with their old ids: the id sequences (PostgreSQL) start after them.
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), moved):
            cursor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('extranet', '0004_account_addresses_verified'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
        ('wagtaildocs', '0014_alter_document_file_size'),
        ('wagtailimages', '0027_image_description'),
    ]

    operations = [
        migrations.CreateModel(
            name='NetworkDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('file_size', models.PositiveBigIntegerField(editable=False, null=True)),
                ('file_hash', models.CharField(blank=True, editable=False, max_length=40)),
                ('file', models.FileField(storage=extranet.files.private_storage, upload_to='documents', verbose_name='file')),
                ('collection', models.ForeignKey(default=wagtail.models.media.get_root_collection_id, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.collection', verbose_name='collection')),
                ('tags', taggit.managers.TaggableManager(blank=True, help_text=None, through='taggit.TaggedItem', to='taggit.Tag', verbose_name='tags')),
                ('uploaded_by_user', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='uploaded by user')),
            ],
            options={
                'verbose_name': 'document',
                'verbose_name_plural': 'documents',
                'abstract': False,
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.CreateModel(
            name='NetworkImage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('description', models.CharField(blank=True, default='', max_length=255, verbose_name='description')),
                ('width', models.IntegerField(editable=False, verbose_name='width')),
                ('height', models.IntegerField(editable=False, verbose_name='height')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('focal_point_x', models.PositiveIntegerField(blank=True, null=True)),
                ('focal_point_y', models.PositiveIntegerField(blank=True, null=True)),
                ('focal_point_width', models.PositiveIntegerField(blank=True, null=True)),
                ('focal_point_height', models.PositiveIntegerField(blank=True, null=True)),
                ('file_size', models.PositiveIntegerField(editable=False, null=True)),
                ('file_hash', models.CharField(blank=True, db_index=True, editable=False, max_length=40)),
                ('file', wagtail.images.models.WagtailImageField(height_field='height', storage=extranet.media.cms_image_storage, upload_to=wagtail.images.models.get_upload_to, verbose_name='file', width_field='width')),
                ('collection', models.ForeignKey(default=wagtail.models.media.get_root_collection_id, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.collection', verbose_name='collection')),
                ('tags', taggit.managers.TaggableManager(blank=True, help_text=None, through='taggit.TaggedItem', to='taggit.Tag', verbose_name='tags')),
                ('uploaded_by_user', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='uploaded by user')),
            ],
            options={
                'verbose_name': 'image',
                'verbose_name_plural': 'images',
                'abstract': False,
            },
            bases=(wagtail.images.models.ImageFileMixin, modelsearch.index.Indexed, models.Model),
        ),
        migrations.CreateModel(
            name='NetworkRendition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('filter_spec', models.CharField(db_index=True, max_length=255)),
                ('file', wagtail.images.models.WagtailImageField(height_field='height', storage=wagtail.images.models.get_rendition_storage, upload_to=wagtail.images.models.get_rendition_upload_to, width_field='width')),
                ('width', models.IntegerField(editable=False)),
                ('height', models.IntegerField(editable=False)),
                ('focal_point_key', models.CharField(blank=True, default='', editable=False, max_length=16)),
                ('image', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='renditions', to='extranet.networkimage')),
            ],
            options={
                'unique_together': {('image', 'filter_spec', 'focal_point_key')},
            },
            bases=(wagtail.images.models.ImageFileMixin, models.Model),
        ),
        migrations.RunPython(move_existing_files, migrations.RunPython.noop),
    ]
