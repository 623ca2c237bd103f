import json

from dpaportal.documents.markup import (
    ListBlock,
    Paragraph,
    Span,
    blocks_as_data,
    parse,
    validate,
)


def test_blank_lines_separate_paragraphs():
    blocks = parse("First paragraph.\n\n  \nSecond paragraph.")

    assert blocks == (
        Paragraph((Span("First paragraph."),)),
        Paragraph((Span("Second paragraph."),)),
    )


def test_lines_of_one_paragraph_are_joined_with_a_space():
    assert parse("one\r\ntwo\nthree") == (Paragraph((Span("one two three"),)),)


def test_dash_lines_make_a_bulleted_list():
    (block,) = parse("- first\n- second")

    assert block == ListBlock("bullet", 1, ((Span("first"),), (Span("second"),)))


def test_numbered_lines_make_a_list_counted_from_the_first_number():
    (block,) = parse("3. third\n4. fourth")

    assert block == ListBlock("number", 3, ((Span("third"),), (Span("fourth"),)))


def test_lettered_lines_make_a_lettered_list():
    (block,) = parse("a) alpha\nb) beta")

    assert block == ListBlock("letter", 1, ((Span("alpha"),), (Span("beta"),)))


def test_a_line_directly_before_a_list_stays_a_paragraph():
    blocks = parse("The processor shall:\n- keep\n- delete\nafterwards")

    assert [type(block).__name__ for block in blocks] == [
        "Paragraph",
        "ListBlock",
        "Paragraph",
    ]


def test_lists_of_different_kinds_do_not_merge():
    blocks = parse("- bullet\n1. number\na) letter")

    assert [block.style for block in blocks if isinstance(block, ListBlock)] == [
        "bullet",
        "number",
        "letter",
    ]


def test_single_asterisks_emphasise():
    (block,) = parse("the *processor* acts")

    assert block == Paragraph(
        (Span("the "), Span("processor", emphasis=True), Span(" acts"))
    )


def test_an_escaped_asterisk_is_literal():
    assert parse("5 \\* 3 and *a\\*b*") == (
        Paragraph((Span("5 * 3 and "), Span("a*b", emphasis=True))),
    )


def test_unterminated_emphasis_is_literal():
    assert parse("an *open end") == (Paragraph((Span("an *open end"),)),)


def test_asterisks_next_to_spaces_do_not_emphasise():
    assert parse("2 * 3 * 4 and ** empty") == (
        Paragraph((Span("2 * 3 * 4 and ** empty"),)),
    )


def test_every_other_character_is_literal_text():
    text = "<b>bold</b> #set page(width: 1cm) _under_ $x^2$ @label \\n [x](y) `c`"

    assert parse(text) == (Paragraph((Span(text),)),)


def test_a_line_that_only_looks_like_a_list_marker_is_text():
    assert parse("-dash\n1.5 litres\nab) no") == (
        Paragraph((Span("-dash 1.5 litres ab) no"),)),
    )


def test_validate_accepts_clean_markup():
    assert (
        validate("Text *emphasis*.\n\n- a\n- b\n\n1. one\n2. two\n\na) x\nb) y") == []
    )


def test_validate_reports_unclosed_emphasis_with_its_line():
    problems = validate("fine\nan *open end")

    assert [(p.line, p.code) for p in problems] == [(2, "unclosed_emphasis")]


def test_validate_reports_list_items_out_of_order():
    problems = validate("1. one\n3. three\n\na) x\nc) z")

    assert [(p.line, p.code) for p in problems] == [
        (2, "list_out_of_order"),
        (5, "list_out_of_order"),
    ]


def test_validate_reports_an_empty_list_item():
    problems = validate("- \n- b")

    assert [(p.line, p.code) for p in problems] == [(1, "empty_list_item")]


def test_blocks_as_data_is_plain_json():
    data = blocks_as_data(parse("Intro *now*\n\na) one\nb) two"))

    assert json.loads(json.dumps(data)) == data
    assert data == [
        {
            "type": "paragraph",
            "spans": [
                {"text": "Intro ", "emphasis": False},
                {"text": "now", "emphasis": True},
            ],
        },
        {
            "type": "list",
            "style": "letter",
            "start": 1,
            "items": [
                [{"text": "one", "emphasis": False}],
                [{"text": "two", "emphasis": False}],
            ],
        },
    ]
