"""The editors' group may add to the queue of unresolved mentions.

Accepting a mention on an article's suggestions files an `UnresolvedMention`;
the endpoint now checks the add permission (before, any user with the
article's change permission could), so the group that does this work gets
it. Granting adds to the group's permissions and revoking removes exactly
this one, so both are safe to run twice.
"""

from django.db import migrations

GROUP = "ویراستاران"
CODENAMES = ["add_unresolvedmention"]


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="archive", codename__in=CODENAMES)


def grant_editors(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # As in 0004: permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("archive")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(*_permissions(apps))


def revoke_editors(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("archive", "0011_text_once_per_source_mention_roles")]

    operations = [migrations.RunPython(grant_editors, revoke_editors)]
