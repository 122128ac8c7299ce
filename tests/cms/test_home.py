"""The public site shell: the home page in Chinese, English on request, the service guide."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site():
    call_command("load_demo", "--quiet-logins")


def test_home_page_in_chinese_by_default(client, demo_site):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    assert "沥海街道社会矛盾纠纷调处化解中心" in body
    for entry in ("我要反映", "查询办理进度", "办事指南", "工作人员登录"):
        assert entry in body
    assert "绍兴市上虞区沥海街道办事处一楼" in body
    assert reverse("staff:login") in body
    assert 'href="/service-guide/"' in body


def test_home_page_in_english_when_chosen(client, demo_site):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get("/").content.decode()
    assert "Track my case" in body
    assert "Staff sign-in" in body


def test_language_switch_sets_cookie(client, demo_site):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Track my case" in client.get("/").content.decode()


def test_service_guide_page(client, demo_site):
    body = client.get("/service-guide/").content.decode()
    assert "办事指南" in body
    assert "15个工作日" in body


def test_home_page_exists_after_migrate_alone(client):
    """A production install without demo data still has the center's home page."""
    response = client.get("/")
    assert response.status_code == 200
    assert "沥海街道社会矛盾纠纷调处化解中心" in response.content.decode()


def test_unknown_page_is_a_chinese_404(client, demo_site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_static_files_served_without_collectstatic(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert b"--brand" in b"".join(response.streaming_content)
