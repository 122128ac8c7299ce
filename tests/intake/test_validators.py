import pytest
from django.core.exceptions import ValidationError

from intake import validators
from tests.intake.conftest import VALID_ID


@pytest.mark.parametrize("value", [VALID_ID, VALID_ID.lower(), f" {VALID_ID} "])
def test_id_number_with_valid_check_digit(value):
    assert validators.id_number_clean(value) == VALID_ID


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("110105194912310021", "id_check"),
        ("11010519491231002", "id_format"),
        ("1101051949123100XX", "id_format"),
    ],
)
def test_id_number_refused(value, code):
    with pytest.raises(ValidationError) as info:
        validators.id_number_clean(value)
    assert info.value.code == code


def test_id_date_check_runs_after_check_digit():
    # 1949-13-31 with a correct check digit: computed so that only the date is wrong.
    body = "11010519491331002"
    weights = validators.ID_WEIGHTS
    check = validators.ID_CHECK[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    with pytest.raises(ValidationError) as info:
        validators.id_number_clean(body + check)
    assert info.value.code == "id_date"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("139 1234 5678", "13912345678"), ("+8613912345678", "13912345678"), ("0575-82123456", "057582123456")],
)
def test_phone_accepted(value, expected):
    assert validators.phone_clean(value) == expected


@pytest.mark.parametrize("value", ["12345", "1391234567", "23912345678", "phone", "139123456789"])
def test_phone_refused_in_chinese(value):
    with pytest.raises(ValidationError) as info:
        validators.phone_clean(value)
    assert "11" in info.value.messages[0]


@pytest.mark.parametrize("text", ["abc\u200bdef", "\ufeffhello", "right\u202eleft"])
def test_invisible_characters_refused(text):
    with pytest.raises(ValidationError) as info:
        validators.text_clean(text, max_length=100)
    assert info.value.code == "invisible"


def test_control_characters_refused_but_newlines_kept():
    with pytest.raises(ValidationError):
        validators.text_clean("bell\x07", max_length=100)
    assert validators.text_clean("第一行\r\n第二行", max_length=100) == "第一行\n第二行"
    with pytest.raises(ValidationError):
        validators.text_clean("a\nb", max_length=100, multiline=False)


def test_too_long_text_refused():
    with pytest.raises(ValidationError) as info:
        validators.text_clean("字" * 10_000, max_length=5000)
    assert info.value.code == "too_long"


def test_masks():
    assert validators.mask_phone("13912345678") == "139****5678"
    assert validators.mask_id_number(VALID_ID) == "1101**********002X"
