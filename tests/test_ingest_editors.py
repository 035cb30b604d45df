"""What editors get around the import: source aliases in the admin, their permissions, and Ctrl-C."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from archive.ingest import readers, routine
from archive.models import Article, Source, SourceAlias
from tests.ingest_helpers import run_command, write_jsonl

pytestmark = pytest.mark.django_db

MIGRATION = ("archive", "0007_editors_ingest_permissions")
EDITORS = "ویراستاران"


def _change_url(source: Source) -> str:
    return f"/admin/archive/source/{source.pk}/change/"


def _post_aliases(client, source: Source, *names: str):
    data = {
        "name": source.name,
        "latin_name": "",
        "kind": source.kind,
        "website": "",
        "aliases-TOTAL_FORMS": str(len(names)),
        "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
    }
    for index, name in enumerate(names):
        data[f"aliases-{index}-name"] = name
        data[f"aliases-{index}-id"] = ""
        data[f"aliases-{index}-source"] = str(source.pk)
    return client.post(_change_url(source), data)


def test_the_source_page_edits_its_aliases(staff_client):
    source = Source.objects.create(name="خبرگزاری تسنیم", kind="agency")
    assert "aliases-TOTAL_FORMS" in staff_client.get(_change_url(source)).content.decode()
    response = _post_aliases(staff_client, source, "Tasnim")
    assert response.status_code == 302
    assert list(source.aliases.values_list("name", flat=True)) == ["Tasnim"]
    assert SourceAlias.objects.get().key == "tasnim"


def test_an_alias_another_source_has_is_refused_with_a_reason(staff_client):
    tasnim = Source.objects.create(name="خبرگزاری تسنیم", kind="agency")
    fars = Source.objects.create(name="خبرگزاری فارس", kind="agency")
    SourceAlias.objects.create(source=tasnim, name="تسنیم")
    response = _post_aliases(staff_client, fars, "تسنيم")  # Arabic yeh: the same search key
    assert response.status_code == 200
    assert "خبرگزاری تسنیم" in response.content.decode()
    assert not fars.aliases.exists()
    response = _post_aliases(staff_client, fars, "Fars", "fars")
    assert response.status_code == 200 and not fars.aliases.exists()


def test_the_add_page_stays_a_single_form(staff_client):
    response = staff_client.post("/admin/archive/source/add/", {"name": "تازه", "kind": "agency"})
    assert response.status_code == 302 and Source.objects.filter(name="تازه").exists()


def _codenames(group: Group) -> set[str]:
    return set(group.permissions.values_list("codename", flat=True))


def test_editors_may_keep_aliases_and_stories():
    wanted = {"add_sourcealias", "change_sourcealias", "delete_sourcealias", "view_sourcealias"}
    wanted |= {"add_story", "change_story", "view_story"}
    assert wanted <= _codenames(Group.objects.get(name=EDITORS))


def test_the_permissions_migration_is_idempotent_and_reversible():
    module = __import__("archive.migrations.0007_editors_ingest_permissions", fromlist=["grant_editors"])
    state_apps = MigrationExecutor(connection).loader.project_state(MIGRATION).apps
    group = Group.objects.get(name=EDITORS)
    before = _codenames(group)
    module.grant_editors(state_apps, None)
    assert _codenames(group) == before
    module.revoke_editors(state_apps, None)
    after_revoke = _codenames(group)
    assert not {c for c in after_revoke if c.endswith(("_sourcealias", "_story"))}
    assert "change_article" in after_revoke  # only this migration's permissions go
    module.revoke_editors(state_apps, None)
    module.grant_editors(state_apps, None)
    assert _codenames(group) == before
    assert Permission.objects.filter(codename="delete_story").exists()


def _interrupting_reader(real, when: str, after: int = 0):
    """A reader interrupted (Ctrl-C) in the file whose name ends with `when`, after `after` records."""

    def reader(opened):
        if not opened.name.endswith(when):
            yield from real(opened)
            return
        for count, record in enumerate(real(opened)):
            if count >= after:
                raise KeyboardInterrupt
            yield record

    return reader


def test_ctrl_c_prints_what_was_committed_and_exits_non_zero(tmp_path, monkeypatch):
    for name in "abc":
        (tmp_path / f"{name}.txt").write_text(f"خبر {name}\nمتن خبر {name}", encoding="utf-8")
    monkeypatch.setattr(routine, "BATCH", 1)  # every file its own transaction, committed before the next
    monkeypatch.setitem(readers.READERS, ".txt", _interrupting_reader(readers.READERS[".txt"], "b.txt"))
    with pytest.raises(CommandError) as raised:
        run_command(str(tmp_path))
    assert raised.value.returncode == 130
    out, _ = run_command.last
    assert "Ctrl-C" in out and "خبرهای واردشده: ۱" in out
    assert list(Article.objects.values_list("title", flat=True)) == ["خبر a"]


def test_ctrl_c_inside_a_large_file_leaves_none_of_it(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("خبر یک\nمتن خبر یک", encoding="utf-8")
    write_jsonl(tmp_path / "b.jsonl", *({"title": f"ب {i}", "body": f"متن شمارهٔ {i}"} for i in range(6)))
    monkeypatch.setattr(routine, "BATCH", 2)  # stored in chunks inside the file's transaction…
    monkeypatch.setattr(routine, "LARGE_FILE", 10)  # …as a large file is
    monkeypatch.setitem(
        readers.READERS, ".jsonl", _interrupting_reader(readers.READERS[".jsonl"], "b.jsonl", 5)
    )
    with pytest.raises(CommandError):
        run_command(str(tmp_path), "--json")
    out, _ = run_command.last
    assert '"interrupted": true' in out and '"imported": 1' in out
    assert list(Article.objects.values_list("title", flat=True)) == ["خبر یک"]
