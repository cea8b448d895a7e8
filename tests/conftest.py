"""The fixed cast. Every test tells its story with these people.

Street 海幢街道 (inspected), under district 海珠区; its departments 执法办 and 党建办.
District 巡察办 is the inspecting body. Another street, 南华西街道, is out of everyone's reach
except the district reviewer.
"""

from types import SimpleNamespace

import pytest

from rectify.orgs.enums import OrgUnitKind, Role

PASSWORD = "Passw0rd!x"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _keys_in_tmp(settings, tmp_path):
    """Each test its own audit and backup keys (generated on first use) and checkpoint file."""
    settings.RECTIFY_AUDIT_KEY = settings.RECTIFY_BACKUP_KEY = ""
    settings.RECTIFY_AUDIT_KEY_FILE = tmp_path / "keys" / "audit.key"
    settings.RECTIFY_BACKUP_KEY_FILE = tmp_path / "keys" / "backup.key"
    settings.RECTIFY_AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.jsonl"
    settings.RECTIFY_RESTORE_STAGING = tmp_path / "restore-staging"


@pytest.fixture
def units(db):
    from .factories import OrgUnitFactory

    district = OrgUnitFactory(name="海珠区", kind=OrgUnitKind.DISTRICT)
    street = OrgUnitFactory(name="海幢街道", kind=OrgUnitKind.STREET, parent=district)
    return SimpleNamespace(
        district=district,
        street=street,
        enforcement=OrgUnitFactory(name="执法办", parent=street),
        party=OrgUnitFactory(name="党建办", parent=street),
        inspection_office=OrgUnitFactory(
            name="区委巡察办", kind=OrgUnitKind.INSPECTING_BODY, parent=district
        ),
        other_street=OrgUnitFactory(name="南华西街道", kind=OrgUnitKind.STREET, parent=district),
    )


@pytest.fixture
def cast(units):
    from .factories import UserFactory

    return SimpleNamespace(
        # 整改办: plans, assigns, edits measures and deadlines of the whole street.
        office=UserFactory(username="office", role=(Role.OFFICE, units.street)),
        # 书记: reads the street, signs off, decides extensions.
        leader=UserFactory(username="leader", role=(Role.LEADER, units.street)),
        # 执法办经办人: reports on 执法办's measures only.
        reporter=UserFactory(username="reporter", role=(Role.REPORTER, units.enforcement)),
        # 执法办科长: reviews 执法办's reports.
        dept_head=UserFactory(username="depthead", role=(Role.DEPT_HEAD, units.enforcement)),
        # 党建办经办人: cannot touch 执法办's measures.
        party_reporter=UserFactory(username="party", role=(Role.REPORTER, units.party)),
        # 纪检监察: reads the whole street.
        discipline=UserFactory(username="discipline", role=(Role.DISCIPLINE, units.street)),
        # 区委巡察办: reviews sign-offs of what the district inspects.
        reviewer=UserFactory(username="reviewer", role=(Role.REVIEWER, units.inspection_office)),
        # 系统管理员: no business data at all.
        sysadmin=UserFactory(username="sysadmin", role=(Role.SYSADMIN, units.district)),
        # 安全管理员: grants and revokes roles, never their own.
        secadmin=UserFactory(username="secadmin", role=(Role.SECADMIN, units.district)),
        # 审计管理员: reads and exports the audit log, nothing else.
        auditadmin=UserFactory(username="auditadmin", role=(Role.AUDITADMIN, units.district)),
        # 另一街道的整改办: sees nothing of 海幢.
        outsider=UserFactory(username="outsider", role=(Role.OFFICE, units.other_street)),
    )


@pytest.fixture
def inspection(units):
    from .factories import InspectionFactory

    return InspectionFactory(
        inspected_unit=units.street,
        inspecting_unit=units.inspection_office,
        title="区委第一巡察组对海幢街道党工委的巡察",
    )


@pytest.fixture
def measure(inspection, units):
    from .factories import FindingFactory, MeasureFactory

    finding = FindingFactory(inspection=inspection)
    return MeasureFactory(finding=finding, lead_department=units.enforcement)


# The seed notice, for the parsing, imports, notices and reports tests.


@pytest.fixture
def seed_path():
    from .seed import SEED

    return SEED


@pytest.fixture
def seed_bytes(seed_path) -> bytes:
    return seed_path.read_bytes()


@pytest.fixture
def imported(cast, units, seed_bytes, seed_path):
    """The seed notice imported by the street's rectification office."""
    from rectify.imports.importer import notice_import

    return notice_import(path_or_bytes=seed_bytes, filename=seed_path.name, actor=cast.office)
