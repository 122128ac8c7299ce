from cases.rules import tracking
from departments import rules as org_rules
from intake import rules


def test_tracking_codes_are_unambiguous_and_normalise():
    code = tracking.tracking_code_new()
    assert len(code) == 12
    assert not set(code[2:]) & set("01IOL")
    display = tracking.tracking_code_display(code)
    assert tracking.tracking_code_normalise(display.lower()) == code
    assert tracking.tracking_code_normalise(f" {display} ") == code
    assert tracking.tracking_code_normalise("LH-0000-0000") is None
    assert tracking.tracking_code_normalise("'; DROP TABLE x; --") is None


def test_similarity_of_chinese_requests():
    a = "村口道路损坏多年，雨天积水严重，请求尽快修复。"
    b = "我们村口的道路坏了好几年，一下雨就积水，请求修复道路"
    c = "邻居养狗扰民，夜间吠叫影响休息"
    assert rules.request_similarity(a, a) == 1.0
    assert rules.request_similarity(a, b) >= rules.SIMILARITY_THRESHOLD
    assert rules.request_similarity(a, c) < rules.SIMILARITY_THRESHOLD


def test_repeat_count_follows_the_chain():
    assert rules.repeat_count_for(0, []) == 1
    assert rules.repeat_count_for(1, [1]) == 2
    assert rules.repeat_count_for(1, [2]) == 3  # the earlier case was itself the second time
    assert rules.repeat_count_for(2, [1, 2]) == 3


def test_sniff_by_content_not_name():
    assert rules.sniff_content_type(b"%PDF-1.7 ...") == "application/pdf"
    assert rules.sniff_content_type(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert rules.sniff_content_type(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert rules.sniff_content_type(b"<html><script>") is None
    assert rules.sniff_content_type(b"MZ\x90\x00") is None


def test_qr_svg_draws_exactly_the_code_matrix():
    import re

    import qrcode

    from intake.slips import qr_svg

    data = "https://mediation.example.cn/track/?code=LHABCDEFGHJK"
    svg = str(qr_svg(data))
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    drawn = [[False] * size for _ in range(size)]
    for x, y, length in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", svg):
        for i in range(int(length)):
            drawn[int(y)][int(x) + i] = True
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, mask_pattern=2)
    code.add_data(data)
    code.make(fit=True)
    assert drawn == code.get_matrix()


def test_accused_names_split_titles_and_joined_units():
    assert org_rules.accused_names("党工委书记（主要领导）") == ("党工委书记（主要领导）", "党工委书记", "主要领导")
    assert org_rules.accused_names("纪工委、监察办") == ("纪工委、监察办", "纪工委", "监察办")


def test_accused_match_finds_units_and_people_named_in_the_text():
    candidates = [
        ("unit", 1, ("东片联村工作组",)),
        ("unit", 2, ("城建办",)),
        ("person", 7, ("施勇",)),
        ("person", 8, ("李明", "党工委副书记")),
    ]
    assert org_rules.accused_match("东片联村工作组 施 勇", candidates) == (frozenset({1}), frozenset({7}))
    assert org_rules.accused_match("党工委副书记不作为", candidates) == (frozenset(), frozenset({8}))
    assert org_rules.accused_match("", candidates) == (frozenset(), frozenset())
    assert org_rules.accused_match("某干部", candidates) == (frozenset(), frozenset())
