"""The demo site's content: the home page's details and the service guide."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from cms.models import CaseFormPage, ContentPage, HomePage

HOME_TITLE = "沥海街道社会矛盾纠纷调处化解中心"

SERVICE_GUIDE_BODY = """
<h2>一窗受理，分类流转</h2>
<p>群众来访、来信、来电和网上反映的事项，均在中心一个窗口统一登记，由系统按街道规定确定承办单位和协助单位。</p>
<ul>
<li><b>信访事项</b>：信访办窗口登记，转相关线办、片区联村工作组承办。</li>
<li><b>投诉举报</b>：反映干部作风、履职问题的，由纪工委、监察办承办，严格保密。</li>
<li><b>法律咨询与法律援助</b>：司法所窗口。</li>
<li><b>矛盾纠纷调解</b>：人民调解委员会窗口。</li>
<li><b>社会治安、网格事项</b>：综治办窗口。</li>
</ul>
<h2>办理时限</h2>
<p>电话、网络形式的事项一周内办结并出具答复意见；来信、来访事项15个工作日内办结并出具答复意见。</p>
<h2>代办服务</h2>
<p>行动不便或不熟悉办事流程的群众，可请街道或村（社区）代办员免费代办，\
代办事项见<a href="/proxy/">代办件工作清单</a>。\
网上反映、自助机登记时勾选“我希望由代办员为我全程代办”，或到信访办窗口、村委会提出即可。</p>
<h2>请携带</h2>
<p>本人身份证件；与诉求有关的材料（合同、照片、票据等）。</p>
"""


@transaction.atomic
def load_demo_site() -> HomePage:
    """Fill the home page and publish the service guide, once (editors' later changes are kept)."""
    home = homepage_ensure()
    case_form_ensure(home)
    if home.service_guide_id is not None:
        return home
    home.address = "绍兴市上虞区沥海街道办事处一楼"
    home.opening_hours = "工作日 8:30–11:30，13:30–17:00（法定节假日除外）"
    home.phone = "0575-00000000"
    home.intro = (
        "<p>群众有事，只进一扇门。中心整合信访、调解、投诉举报、法律服务和社会治理，"
        "矛盾纠纷一站式受理、一揽子调处、全链条解决。</p>"
    )
    home.directions = "<ul><li>公交：沥海街道站下车，向东步行 200 米。</li><li>中心设有停车位和无障碍通道。</li></ul>"
    guide = ContentPage.objects.filter(slug="service-guide").first()
    if guide is None:
        guide = ContentPage(title="办事指南", slug="service-guide")
        home.add_child(instance=guide)
    guide.summary = "哪个窗口办什么事、要带什么材料、多长时间办结。"
    guide.body = SERVICE_GUIDE_BODY
    guide.save_revision().publish()
    home.service_guide = guide
    home.save_revision().publish()
    return home


@transaction.atomic
def homepage_ensure() -> HomePage:
    """The center's home page as the default site's root, created when missing.

    The data migration creates it on a fresh database; this puts it back on a
    database whose pages were emptied (a flushed test database, a wiped site).
    """
    home = HomePage.objects.first()
    if home is None:
        locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root", locale=locale)
        home = root.add_child(instance=HomePage(title=HOME_TITLE, slug="home", locale=locale))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "一站式矛调中心"},
    )
    return home


PRIVACY_NOTICE = (
    "<p>中心收集您的姓名、电话、身份证号码和地址，仅用于受理、办理和答复本事项及回访，"
    "依照《中华人民共和国个人信息保护法》和《信访工作条例》保管，不向无关单位和个人提供。"
    "反映干部作风问题的，中心对反映人信息严格保密。</p>"
)


def case_form_ensure(home: HomePage) -> CaseFormPage:
    """The online form page under the home page, published once."""
    page = CaseFormPage.objects.first()
    if page is None:
        page = CaseFormPage(
            title="我要反映",
            slug="file",
            intro="<p>请如实填写您反映的事项。中心将在规定时限内办结并给予书面答复，您可凭查询码跟踪办理进度。</p>",
            privacy_notice=PRIVACY_NOTICE,
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    return page
