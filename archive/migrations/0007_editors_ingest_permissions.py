"""The editors' group (0004) also maintains the import's records: source aliases and stories.

Aliases are how an import recognises an outlet under another name, so
editors add, correct and remove them; stories group syndicated copies, and
editors may split or join them. Granting adds to the group's permissions
and revoking removes exactly these, so both are safe to run twice.
"""

from django.db import migrations

GROUP = "ویراستاران"
EDITOR_PERMISSIONS = {
    "sourcealias": ["add", "change", "delete", "view"],
    "story": ["add", "change", "view"],
}


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions]
    return Permission.objects.filter(content_type__app_label="archive", codename__in=codenames)


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
    dependencies = [("archive", "0006_editorial")]

    operations = [migrations.RunPython(grant_editors, revoke_editors)]
