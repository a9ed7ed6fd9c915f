"""Vietnamese folding and alphabetical order."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from desktop.core.text import collate, fold, sort_key

VIETNAMESE_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]


@st.composite
def vietnamese_words(draw: st.DrawFn) -> str:
    letters = draw(st.lists(st.sampled_from(VIETNAMESE_LETTERS), min_size=1, max_size=8))
    out = []
    for letter in letters:
        tone = draw(st.sampled_from(TONES))
        out.append(unicodedata.normalize("NFC", letter + tone))
    return "".join(out)


vietnamese_text = st.lists(vietnamese_words(), min_size=1, max_size=4).map(" ".join)


def test_fold_examples():
    assert fold("Hoà") == fold("Hòa") == fold("HOA") == "hoa"
    assert fold("Đào Thị Ánh") == "dao thi anh"
    assert fold("  Nguyễn   Văn\tAn ") == "nguyen van an"
    assert fold("Lạng Sơn") == "lang son"
    assert fold(None) == ""


@given(st.text())
def test_fold_is_idempotent(text: str):
    assert fold(fold(text)) == fold(text)


@given(vietnamese_text)
def test_fold_removes_every_mark_and_d_stroke(text: str):
    folded = fold(text)
    assert "đ" not in folded and "Đ" not in folded
    assert not any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", folded))
    assert folded == folded.lower()
    assert "  " not in folded


@given(vietnamese_text)
def test_fold_ignores_normalisation_form_and_case(text: str):
    nfd = unicodedata.normalize("NFD", text)
    assert fold(nfd) == fold(text) == fold(text.upper())


def test_real_names_sort_in_vietnamese_order():
    names = ["Đào", "Yến", "Dương", "Duy", "Ân", "Ăn", "Ánh", "An", "Bình", "Anh"]
    assert sorted(names, key=sort_key) == [
        "An", "Anh", "Ánh", "Ăn", "Ân", "Bình", "Duy", "Dương", "Đào", "Yến",
    ]  # fmt: skip


def test_tones_are_secondary_to_letters():
    # A tone never outweighs a later letter: "Á" + "c" comes before "A" + "n".
    assert sort_key("Ác") < sort_key("An")
    # Tone order for the same letters: ngang, huyền, sắc, hỏi, ngã, nặng.
    tones = ["ma", "mà", "má", "mả", "mã", "mạ"]
    assert sorted(reversed(tones), key=sort_key) == tones


def test_full_names_and_prefixes():
    names = ["Nguyễn Văn Bình", "Nguyễn Văn An", "Nguyễn Thị Đào", "Ngô Minh", "Nguyễn"]
    assert sorted(names, key=sort_key) == [
        "Ngô Minh", "Nguyễn", "Nguyễn Thị Đào", "Nguyễn Văn An", "Nguyễn Văn Bình",
    ]  # fmt: skip


@given(vietnamese_text, vietnamese_text)
def test_collation_agrees_with_sort_key(a: str, b: str):
    assert collate(a, b) == -collate(b, a)
    assert (collate(a, b) < 0) == (sort_key(a) < sort_key(b))


@given(vietnamese_text)
def test_same_letters_differ_only_by_tone_sort_together(text: str):
    # Any word sorts between its toneless form's neighbours: folding-equal words share
    # the primary part of the key.
    plain = "".join(
        ch
        for ch in unicodedata.normalize("NFD", text)
        if ch not in "\u0300\u0301\u0309\u0303\u0323"
    )
    plain = unicodedata.normalize("NFC", plain)
    assert sort_key(text).split("\x01")[0] == sort_key(plain).split("\x01")[0]


def test_database_orders_with_vi_collation(province):
    from sqlalchemy import text

    with province.db.session() as s:
        s.execute(text("CREATE TEMP TABLE names (n TEXT)"))
        for n in ["Đào", "Yến", "Dương", "Duy", "Ân", "Ăn", "Ánh", "An"]:
            s.execute(text("INSERT INTO names VALUES (:n)"), {"n": n})
        ordered = s.execute(text("SELECT n FROM names ORDER BY n COLLATE vi")).scalars().all()
        folded = s.execute(text("SELECT fold('Hoà Đồng')")).scalar()
    assert ordered == ["An", "Ánh", "Ăn", "Ân", "Duy", "Dương", "Đào", "Yến"]
    assert folded == "hoa dong"
