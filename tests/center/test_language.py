"""What people read is in their language: the staff home page and the Wagtail admin."""

import ast
import html
import re
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from center import library_text
from departments.models import Leader
from lobby.models import ServiceWindow
from tests.factories import UserFactory
from tests.mediation.factories import build_org

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _client(user, language: str = "zh-hans") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client


def _text(response) -> str:
    """The words a person reads: tags, scripts and styles gone, entities decoded."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


@pytest.fixture
def org(db):
    return build_org()


@pytest.fixture
def admin_client():
    return _client(UserFactory(username="root", is_superuser=True, is_staff=True))


# --- the staff home page: the director belongs to the center -----------------------------------------


def test_the_director_is_not_told_he_belongs_to_no_unit(org):
    text = _text(_client(org.director.user).get(reverse("staff:home")))
    with translation.override("zh-hans"):
        no_unit = translation.gettext(
            "You do not belong to any unit yet. The administrator assigns units in the admin."
        )
    assert no_unit not in text
    assert "主要领导（书记）" in text


def test_a_leader_reads_the_units_he_supervises(org):
    text = _text(_client(org.leaders["li"].user).get(reverse("staff:home")))
    assert "副书记" in text
    assert "农业农村办" in text
    assert "You do not belong" not in text


# --- the admin ----------------------------------------------------------------------------------------


def test_the_window_list_names_services_not_a_python_list(admin_client):
    ServiceWindow.objects.create(code="1", name="1号窗口", services=["petition", "legal_aid"])
    text = _text(admin_client.get(reverse("wagtailsnippets_lobby_servicewindow:list")))
    assert "['" not in text
    assert "信访、法律援助" in text


def test_the_admin_user_list_has_no_anonymous_user(admin_client):
    assert "AnonymousUser" not in admin_client.get(reverse("wagtailusers_users:index")).content.decode()


def test_the_migration_removes_guardian_anonymous_user():
    User = apps.get_model("center", "User")
    User.objects.create(username="AnonymousUser")
    keep = User.objects.create(username="AnonymousUser2")
    import_module("center.migrations.0002_remove_guardian_anonymous_user").remove_anonymous_user(apps, None)
    assert list(User.objects.filter(username__startswith="AnonymousUser")) == [keep]


def test_the_leader_title_is_a_post_and_the_page_title_stays_a_title(admin_client):
    with translation.override("zh-hans"):
        assert str(Leader._meta.get_field("title").verbose_name) == "职务"
        assert str(Page._meta.get_field("title").verbose_name) == "标题"
    assert "职务" in _text(admin_client.get(reverse("wagtailsnippets_departments_leader:add")))


def test_the_snippet_index_opens_for_the_superuser(admin_client):
    response = admin_client.get(reverse("wagtailsnippets:index"))
    assert response.status_code == 200
    assert reverse("wagtailsnippets_departments_unit:list") in response.content.decode()
    dashboard = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert '"name": "snippets"' not in dashboard


def test_the_blank_choice_of_a_select_is_chinese(admin_client, org):
    text = _text(admin_client.get(reverse("wagtailsnippets_departments_membership:add")))
    assert "- Select an option -" not in text
    assert "- 请选择 -" in text


def _library_messages() -> list[tuple[str, ...]]:
    """The msgids ``center.library_text`` lists: (singular,) or (singular, plural)."""
    tree = ast.parse(Path(library_text.__file__).read_text(encoding="utf-8"))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)]
    return [
        tuple(arg.value for arg in call.args) for call in calls if call.func.id in ("gettext_noop", "ngettext_lazy")
    ]


@pytest.mark.parametrize("message", _library_messages(), ids=lambda m: m[0][:40])
def test_each_library_string_the_catalogs_lack_is_translated(message):
    with translation.override("zh-hans"):
        chinese = translation.gettext(message[0]) if len(message) == 1 else translation.ngettext(*message, 1)
    assert chinese != message[0]
    assert CJK.search(chinese), message


def test_the_admin_pages_the_center_uses_show_no_untranslated_library_string(admin_client, org):
    plain = [
        m[0] for m in _library_messages() if len(m) == 1 and "%(" not in m[0] and "<" not in m[0] and len(m[0]) > 8
    ]
    pages = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_account"),
        reverse("wagtailusers_users:add"),
        reverse("wagtailsnippets_departments_unit:edit", args=[org.units["agri"].pk]),
        reverse("wagtailsnippets_departments_membership:add"),
    ]
    for url in pages:
        body = html.unescape(admin_client.get(url).content.decode())
        shown = [m for m in plain if m in body]
        assert not shown, f"{url}: {shown}"


def test_the_group_page_names_the_center_permissions_in_chinese(admin_client):
    text = _text(admin_client.get(reverse("wagtailusers_groups:add")))
    assert "Register incoming cases at the desk" not in text
    assert "在窗口登记信访事项" in text


def test_the_account_page_names_the_admin_theme_in_chinese(admin_client):
    text = _text(admin_client.get(reverse("wagtailadmin_account")))
    assert "Admin theme" not in text
    assert "管理后台主题" in text


def test_the_calendar_page_has_a_title_in_the_browser_tab(admin_client):
    body = admin_client.get(reverse("mediation_calendar_enter")).content.decode()
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
    with translation.override("zh-hans"):
        assert translation.gettext("Official working-day calendar") in title
