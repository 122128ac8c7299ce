"""The list of matters a proxy agent can carry (代办件工作清单, 二（三）) as first issued.

The center edits the list in the admin (``mediation.ProxyMatter``). Migration 0017 seeds it into a
new database; ``load_demo`` seeds it again where it is missing (a demo, or a test database that was
flushed), never changing a matter the center has edited.
"""

FIRST_LIST = [
    ("土地承包与宅基地纠纷", "petition", "代为提交诉求与材料，跟踪村、街道处理进度。"),
    ("邻里、婚姻家庭纠纷调解", "mediation", "代为申请人民调解，陪同参加调解。"),
    ("劳动报酬（欠薪）诉求", "petition", "代为反映诉求，传递用人单位与劳动保障部门的材料。"),
    ("社会救助、低保与医保诉求", "petition", "代为申请与反映，传递民政等部门的答复。"),
    ("拆迁安置与补偿诉求", "petition", "代为反映诉求，跟踪答复与复查。"),
    ("法律咨询", "legal_consultation", "代为预约法律咨询并转达意见。"),
    ("法律援助申请", "legal_aid", "代为提交法律援助申请及证明材料。"),
]


def proxy_list_seed(model) -> None:
    """Add the first list's matters that ``model`` (``ProxyMatter``, or its migration state) lacks."""
    for order, (name, service, description) in enumerate(FIRST_LIST, start=1):
        model.objects.get_or_create(
            name=name, defaults={"service": service, "description": description, "order": order * 10}
        )
