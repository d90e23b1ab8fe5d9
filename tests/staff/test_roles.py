from django.contrib.auth.models import Group

from staff.roles import ROLES


def test_every_role_exists_after_migrate_without_demo_data(db):
    # The test database is built by migrate alone: no seed_demo, no fixture creating groups.
    groups = {group.name: group for group in Group.objects.prefetch_related("permissions__content_type")}

    assert set(ROLES) <= set(groups)
    for name, permissions in ROLES.items():
        held = {f"{p.content_type.app_label}.{p.codename}" for p in groups[name].permissions.all()}
        assert held == set(permissions), name
