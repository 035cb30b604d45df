"""Reference data every archive needs: the countries, and the editors' group.

Editors get exactly what annotation needs: they add and change articles,
statements, events, officials and sources, and delete statements and aliases
they made by mistake; deleting articles, sources or officials stays with
administrators (those deletions are PROTECTed anyway).
"""

from django.db import migrations

EDITOR_PERMISSIONS = {
    "article": ["add", "change", "view"],
    "articlevia": ["add", "change", "delete", "view"],
    "statement": ["add", "change", "delete", "view"],
    "event": ["add", "change", "view"],
    "official": ["add", "change", "view"],
    "officialalias": ["add", "change", "delete", "view"],
    "position": ["add", "change", "delete", "view"],
    "source": ["add", "change", "view"],
    "country": ["view"],
}


def load(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from archive.countries import COUNTRIES

    Country = apps.get_model("archive", "Country")
    for code, name, latin in COUNTRIES:
        Country.objects.update_or_create(code=code, defaults={"name": name, "latin_name": latin})

    # Permissions are normally created after all migrations; the group needs them
    # now. A historical app config has no models module, which create_permissions
    # takes as "nothing to do", hence the flag.
    app_config = apps.get_app_config("archive")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="ویراستاران")
    codenames = [f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions]
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="archive", codename__in=codenames)
    )


def unload(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="ویراستاران").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0003_search_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(load, unload)]
