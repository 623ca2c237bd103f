from dpaportal.documents.glyphs import learn_from_refusal, printable


def test_covered_scripts_pass_unchanged():
    text = "Müller & Söhne Ωμέγα Привет שלום مرحبا – “quoted” € §"

    assert printable(text) == text


def test_characters_outside_the_covered_scripts_become_replacement_characters():
    assert printable("A 😀 中 B") == "A \ufffd \ufffd B"


def test_a_refusal_of_typst_teaches_which_character_a_font_lacks():
    message = 'PDF/A-2a error: the text `"ԯ"` could not be displayed with font `"X"`'

    assert learn_from_refusal(message)
    assert printable("aԯb") == "a\ufffdb"


def test_a_refusal_it_cannot_read_teaches_nothing():
    assert not learn_from_refusal("some other error")
    assert not learn_from_refusal('the text `"\\u{0}"` could not be displayed')
