"""The public list of matters a proxy agent carries (代办件工作清单, issue 17): read from the data,
kept in the cache and forgotten when the data changes, linked from the ways a resident asks."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from departments.models import ProxyAgent, Village
from mediation.models import ProxyMatter
from mediation.proxy_list import FIRST_LIST
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/proxy/"


def _body(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_lists_the_active_matters_grouped_by_service(client, demo):
    assert reverse("intake:proxy-list") == URL
    body = _body(client)
    assert "代办件工作清单" in body
    for name, _service, description in FIRST_LIST:
        assert name in body
        assert description in body
    # Grouped as the data groups them: under the service each matter is filed under.
    for heading in ("信访", "矛盾纠纷调解", "法律咨询", "法律援助"):
        assert f">{heading}</h3>" in body
    assert body.index("土地承包与宅基地纠纷") < body.index("劳动报酬（欠薪）诉求") < body.index("拆迁安置与补偿诉求")
    # How to ask: the online form, the kiosk and the desk.
    assert f'href="{reverse("cms:file")}"' in body
    assert "我希望由代办员为我全程代办（免费）" in body
    assert "信访办窗口" in body


def test_a_matter_taken_off_the_list_disappears_at_once(client, demo):
    assert "法律援助申请" in _body(client)
    assert "法律援助申请" in _body(client)  # now from the cache
    matter = ProxyMatter.objects.get(name="法律援助申请")
    matter.is_active = False
    matter.save()
    assert "法律援助申请" not in _body(client)
    matter.is_active = True
    matter.save()
    assert "法律援助申请" in _body(client)
    ProxyMatter.objects.filter(name="拆迁安置与补偿诉求").delete()
    assert "拆迁安置与补偿诉求" not in _body(client)
    ProxyMatter.objects.create(name="残疾人证办理咨询", service="petition", description="代为咨询与递交材料。")
    assert "残疾人证办理咨询" in _body(client)


def test_villages_with_an_agent_are_named_but_no_agent_is(client, demo):
    village = Village.objects.exclude(proxy_agents__is_active=True).first()
    user = UserFactory(username="agent.newvillage", first_name="秀英", last_name="钱")
    body = _body(client)
    assert village.name not in body
    agent = ProxyAgent.objects.create(user=user, village=village)
    body = _body(client)
    assert village.name in body
    for agent_row in ProxyAgent.objects.select_related("user"):
        full_name = agent_row.user.get_full_name()
        assert not full_name or full_name not in body
        assert agent_row.user.username not in body
    assert "钱秀英" not in body
    agent.is_active = False
    agent.save()
    assert village.name not in _body(client)


def test_the_page_costs_no_query_once_cached(client, demo, django_assert_max_num_queries):
    _body(client)
    with CaptureQueriesContext(connection) as queries:
        _body(client)
    assert len(queries) == 0, [q["sql"] for q in queries]
    ProxyMatter.objects.filter(name="法律咨询").update(order=5)  # no signal: still the cached copy
    with django_assert_max_num_queries(0):
        _body(client)


def test_a_fresh_copy_takes_two_queries(client, demo, django_assert_num_queries):
    with django_assert_num_queries(2):  # the matters, the agents with their villages
        _body(client)


def test_the_page_in_english(client, demo):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = _body(client)
    assert "How to ask for an agent" in body
    assert "legal aid" in body


def test_the_online_form_links_to_the_list(client, demo):
    body = client.get("/file/").content.decode()
    assert f'href="{URL}"' in body
    assert 'aria-describedby="proxy-hint"' in body


def test_the_home_page_links_to_the_list(client, demo):
    body = client.get("/").content.decode()
    assert f'href="{URL}"' in body
    assert "代办服务" in body


def test_the_service_guide_links_to_the_list(client, demo):
    assert f'href="{URL}"' in client.get("/service-guide/").content.decode()


def test_the_kiosk_says_where_to_ask_without_leaving_the_form(client, demo):
    from cases.models import Kiosk
    from intake.kiosk import kiosk_enrollment_new

    client.get(reverse("intake:kiosk-enroll", args=[kiosk_enrollment_new(Kiosk.objects.create(name="大厅一号机"))]))
    body = client.get(reverse("intake:kiosk-file")).content.decode()
    assert "代办件工作清单" in body
    assert f'href="{URL}"' not in body
