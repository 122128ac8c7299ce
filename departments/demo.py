"""The Lihai center's demo organisation (units the rulebook names, areas, villages, people).

Loaded by ``manage.py load_demo``; every step is get-or-update, so loading twice
leaves the same state as loading once.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from departments import permissions as perms
from departments import services
from departments.models import Area, Leader, ProxyAgent, Unit, Village

DEMO_PASSWORD = "OneWindow-demo-2026"

UNITS = [
    # code, name, kind, responsibilities
    (
        "petition-office",
        "街道信访办",
        Unit.Kind.PETITION_OFFICE,
        "登记来信来访、电话和网络信访，发放预警提醒单，管理台账。",
    ),
    ("agriculture", "农业农村办", Unit.Kind.LINE_OFFICE, "农业、农村集体经济、土地承包、宅基地。"),
    ("urban-construction", "城建办", Unit.Kind.LINE_OFFICE, "规划建设、拆迁安置、市政设施、物业管理。"),
    ("social-affairs", "社会事务办", Unit.Kind.LINE_OFFICE, "民政救助、社保医保、教育卫生、退役军人事务。"),
    ("economic-development", "经济发展办", Unit.Kind.LINE_OFFICE, "企业服务、劳资纠纷协调、安全生产。"),
    ("ecology", "生态环境办", Unit.Kind.LINE_OFFICE, "环境污染投诉、河湖治理、垃圾分类。"),
    (
        "discipline-office",
        "纪工委、监察办",
        Unit.Kind.DISCIPLINE_OFFICE,
        "受理对街道、村（居）干部作风和履职问题的信访举报。",
    ),
    ("governance-office", "综治办", Unit.Kind.GOVERNANCE_OFFICE, "社会治安综合治理、网格化管理。"),
    ("legal-service", "司法所", Unit.Kind.LEGAL_SERVICE, "法律咨询、法律援助、人民调解指导。"),
    (
        "mediation-committee",
        "街道人民调解委员会",
        Unit.Kind.MEDIATION_COMMITTEE,
        "民间纠纷的人民调解、调解协议书与司法确认。",
    ),
]

AREAS = [
    # code, name, villages [(code, name, kind)]
    (
        "east",
        "东片",
        [("tangjiao", "塘角村", "village"), ("xinhai", "新海村", "village"), ("lidong", "沥东社区", "community")],
    ),
    (
        "west",
        "西片",
        [("xisha", "西沙村", "village"), ("lianfeng", "联丰村", "village"), ("haigang", "海港村", "village")],
    ),
    ("north", "北片", [("beitang", "北塘村", "village"), ("jiangbin", "江滨社区", "community")]),
]


@dataclass(frozen=True)
class Person:
    username: str
    family: str
    given: str


LEADERS = [
    # person, title, director?, supervised unit codes, area chief of
    (Person("director", "王", "建国"), "党工委书记（主要领导）", True, [], None),
    (Person("leader.li", "李", "明"), "党工委副书记", False, ["agriculture", "ecology"], "east"),
    (Person("leader.zhang", "张", "伟"), "办事处副主任", False, ["urban-construction", "economic-development"], "west"),
    (
        Person("leader.liu", "刘", "芳"),
        "政法委员",
        False,
        ["petition-office", "social-affairs", "governance-office", "legal-service", "mediation-committee"],
        "north",
    ),
    (Person("leader.chen", "陈", "刚"), "纪工委书记", False, ["discipline-office"], None),
]

# username, family, given, unit code, role
STAFF = [
    ("petition.head", "赵", "丽", "petition-office", perms.HEAD),
    ("petition.clerk", "孙", "悦", "petition-office", perms.CLERK),
    ("petition.clerk2", "周", "琳", "petition-office", perms.CLERK),
    ("agri.head", "吴", "强", "agriculture", perms.HEAD),
    ("agri.handler", "郑", "涛", "agriculture", perms.HANDLER),
    ("urban.head", "冯", "磊", "urban-construction", perms.HEAD),
    ("urban.handler", "褚", "静", "urban-construction", perms.HANDLER),
    ("social.head", "卫", "敏", "social-affairs", perms.HEAD),
    ("social.handler", "蒋", "婷", "social-affairs", perms.HANDLER),
    ("econ.head", "沈", "浩", "economic-development", perms.HEAD),
    ("ecology.head", "韩", "雪", "ecology", perms.HEAD),
    ("discipline.head", "杨", "正", "discipline-office", perms.HEAD),
    ("discipline.handler", "朱", "清", "discipline-office", perms.HANDLER),
    ("governance.head", "秦", "安", "governance-office", perms.HEAD),
    ("legal.head", "尤", "律", "legal-service", perms.HEAD),
    ("legal.handler", "许", "诺", "legal-service", perms.HANDLER),
    ("mediation.head", "何", "和", "mediation-committee", perms.HEAD),
    ("mediation.handler", "吕", "平", "mediation-committee", perms.HANDLER),
    ("east.leader", "施", "勇", "liaison-east", perms.HEAD),
    ("east.member", "张", "帆", "liaison-east", perms.HANDLER),
    ("west.leader", "孔", "亮", "liaison-west", perms.HEAD),
    ("west.member", "曹", "阳", "liaison-west", perms.HANDLER),
    ("north.leader", "严", "华", "liaison-north", perms.HEAD),
    ("north.member", "金", "晶", "liaison-north", perms.HANDLER),
]

PROXY_AGENTS = [
    ("proxy.center", "魏", "代", None),
    ("proxy.tangjiao", "陶", "办", "tangjiao"),
    ("proxy.xisha", "姜", "帮", "xisha"),
]


def demo_user(username: str, family: str, given: str, *, password_hash: str):
    """A demo login, created or brought back to its demo name and password.

    ``password_hash`` is ``make_password(password)`` computed once per load: hashing is slow on
    purpose (about 0.3 s each), and every demo login shares the one printed password anyway.
    """
    User = get_user_model()
    user, _created = User.objects.update_or_create(
        username=username,
        defaults={"last_name": family, "first_name": given, "is_active": True, "password": password_hash},
    )
    return user


@transaction.atomic
def load_demo_organisation(*, password: str = DEMO_PASSWORD) -> dict[str, int]:
    password_hash = make_password(password)
    units = {}
    for code, name, kind, responsibilities in UNITS:
        unit = Unit.objects.filter(code=code).first() or Unit(code=code)
        unit.name, unit.kind, unit.responsibilities, unit.is_active = name, kind, responsibilities, True
        units[code] = services.unit_save(unit=unit)

    areas = {}
    for code, name, villages in AREAS:
        area, _ = Area.objects.update_or_create(code=code, defaults={"name": name})
        areas[code] = area
        for v_code, v_name, v_kind in villages:
            Village.objects.update_or_create(code=v_code, defaults={"name": v_name, "kind": v_kind, "area": area})
        team = Unit.objects.filter(code=f"liaison-{code}").first() or Unit(code=f"liaison-{code}")
        team.name, team.kind, team.area, team.is_active = f"{name}联村工作组", Unit.Kind.LIAISON_TEAM, area, True
        team.responsibilities = f"联系{name}各村（居），协助处理片内信访事项。"
        units[team.code] = services.unit_save(unit=team)

    for person, title, is_director, supervised, chief_of in LEADERS:
        user = demo_user(person.username, person.family, person.given, password_hash=password_hash)
        leader, _ = Leader.objects.update_or_create(user=user, defaults={"title": title, "is_director": is_director})
        leader.supervised_units.set([units[c] for c in supervised])
        if chief_of:
            areas[chief_of].chief = leader
            areas[chief_of].save(update_fields=["chief"])

    for username, family, given, unit_code, role in STAFF:
        user = demo_user(username, family, given, password_hash=password_hash)
        services.membership_set(user=user, unit=units[unit_code], role=role)

    for username, family, given, village_code in PROXY_AGENTS:
        user = demo_user(username, family, given, password_hash=password_hash)
        village = Village.objects.get(code=village_code) if village_code else None
        ProxyAgent.objects.update_or_create(user=user, defaults={"village": village, "is_active": True})

    admin = demo_user("admin", "系统", "管理员", password_hash=password_hash)
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])

    return {
        "units": Unit.objects.count(),
        "areas": Area.objects.count(),
        "villages": Village.objects.count(),
        "users": get_user_model().objects.exclude(username="AnonymousUser").count(),
    }


def demo_logins() -> list[tuple[str, str]]:
    """(username, what they are) for the printed list of demo logins."""
    rows = [("admin", "系统管理员（Wagtail 后台）")]
    rows += [(p.username, title) for p, title, *_ in LEADERS]
    unit_names = {code: name for code, name, *_ in UNITS} | {f"liaison-{c}": f"{n}联村工作组" for c, n, _ in AREAS}
    role_names = {perms.HEAD: "负责人", perms.HANDLER: "承办人", perms.CLERK: "登记员"}
    rows += [(u, f"{unit_names[unit]} {role_names[role]}") for u, _f, _g, unit, role in STAFF]
    rows += [(u, "代办员") for u, *_ in PROXY_AGENTS]
    return rows
