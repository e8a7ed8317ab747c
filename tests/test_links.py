"""ui.links: every view round-trips, and no link can break a page or run anything."""

from __future__ import annotations

import pytest

from ui import links

SPEC = {
    "model": links.choice(["shipped:fashion_cnn", "shipped:mnist_digits", "run:20260101-x"]),
    "view": links.choice(["architecture", "filters", "activations"]),
    "cls": links.integer(0, 9),
    "norm": links.flag(),
    "samples": links.items(["a.png", "b.png", "c.png"], max_items=2),
    "kernel": links.matrix(7, 7, -99, 99),
}

VIEW = {
    "model": "run:20260101-x",
    "view": "activations",
    "cls": 7,
    "norm": False,
    "samples": ["c.png", "a.png"],
    "kernel": [[2, 0, 1], [0, 1, 2], [1, 0, 2.5]],
}


def test_round_trip():
    params = links.encode(VIEW, SPEC)
    assert params["kernel"] == "2,0,1;0,1,2;1,0,2.5"
    assert params["norm"] == "0" and params["samples"] == "c.png,a.png"
    assert links.decode(params, SPEC) == links.Decoded(VIEW, ())
    assert links.decode({k: [v] for k, v in params.items()}, SPEC).values == VIEW  # as lists


def test_none_values_are_left_out_and_unknown_fields_are_a_bug():
    assert links.encode({"model": None, "cls": 0}, SPEC) == {"cls": "0"}
    with pytest.raises(ValueError, match="no link field 'page'"):
        links.encode({"page": "x"}, SPEC)
    with pytest.raises(ValueError, match="does not read back"):
        links.encode({"cls": 12}, SPEC)


HOSTILE = [
    ("model", "shipped:nope"),  # unknown model
    ("model", "<script>alert(1)</script>"),
    ("model", "__import__('os').system('rm -rf /')"),
    ("view", "activations" * 100),
    ("cls", "7.0"),
    ("cls", "1e3"),
    ("cls", "-1"),
    ("cls", "10"),
    ("cls", "９"),  # a full-width digit: int() would take it, the link does not
    ("cls", "99999999999999999999"),
    ("cls", ""),
    ("norm", "true"),
    ("samples", "d.png"),
    ("samples", "a.png,b.png,c.png"),
    ("samples", "../../etc/passwd"),
    ("kernel", "1,2;3"),  # ragged
    ("kernel", ";".join(["1"] * 8)),  # 8 rows
    ("kernel", ",".join(["1"] * 8)),  # 8 columns
    ("kernel", "1,nan;2,3"),
    ("kernel", "1,inf"),
    ("kernel", "100"),
    ("kernel", "[[1,2],[3,4]]"),
    ("kernel", ";".join([",".join(["1"] * 7000)] * 7000)[:5000]),  # huge
]


@pytest.mark.parametrize(("name", "text"), HOSTILE)
def test_each_hostile_field_is_dropped_and_named_the_rest_kept(name, text):
    params = {**links.encode(VIEW, SPEC), name: text}
    decoded = links.decode(params, SPEC)
    if len(name) + len(text) > links.MAX_QUERY_CHARS - 100:
        assert decoded == links.Decoded({}, (links.WHOLE_LINK,))
        return
    assert decoded.rejected == (name,)
    assert decoded.values == {key: value for key, value in VIEW.items() if key != name}


def test_a_list_keeps_the_items_it_can_read_and_names_the_others():
    decoded = links.decode({"samples": "../a,c.png", "cls": "x"}, SPEC)
    assert decoded.values == {"samples": ["c.png"]}
    assert decoded.rejected == ("cls", "samples")
    assert decoded.given == {"cls": "x", "samples": "../a"}  # what was left out
    repeated = links.decode({"samples": "a.png,a.png"}, SPEC)
    assert repeated == links.Decoded({"samples": ["a.png"]}, ("samples",), {"samples": "a.png"})


@pytest.mark.parametrize(
    "params",
    [
        {"model": "x" * (links.MAX_QUERY_CHARS + 1)},
        {f"p{i}": "1" for i in range(links.MAX_PARAMS + 1)},
    ],
    ids=["too long", "too many"],
)
def test_a_huge_link_is_refused_whole(params):
    assert links.decode(params, SPEC) == links.Decoded({}, (links.WHOLE_LINK,))


def test_wrong_types_never_raise():
    class Exploding(dict):
        def items(self):
            raise RuntimeError("boom")

    assert links.decode(Exploding(), SPEC).rejected == (links.WHOLE_LINK,)
    decoded = links.decode({"cls": 3, "view": None, "model": []}, SPEC)
    assert decoded.values == {} and set(decoded.rejected) == {"cls", "view", "model"}


def test_unknown_parameters_are_ignored():
    assert links.decode({"utm_source": "x", "embed": "true"}, SPEC) == links.Decoded()


def test_link_language():
    assert links.link_language({"lang": "ko"}) == "ko"
    assert links.link_language({"lang": "fr"}) is None
    assert links.link_language({"lang": "<b>ko</b>"}) is None
    # A link refused whole (too long) still opens in its language (it opened in the
    # browser's, with the refusal in English).
    too_long = {"x": "1" * links.MAX_QUERY_CHARS, "lang": "ko"}
    assert links.decode(too_long, links.LANG_SPEC).rejected == (links.WHOLE_LINK,)
    assert links.link_language(too_long) == "ko"
    assert links.link_language({}) is None


def test_token_and_cell():
    spec = {"layer": links.token(), "cell": links.cell(64)}
    assert links.decode({"layer": "conv2d_1", "cell": "3,17"}, spec).values == {
        "layer": "conv2d_1",
        "cell": (3, 17),
    }
    bad_ones = [{"layer": "a b"}, {"layer": "<i>"}, {"cell": "3"}, {"cell": "64,0"}]
    for bad in [*bad_ones, {"cell": "1,2,3"}]:
        assert links.decode(bad, spec).rejected == tuple(bad)
    assert links.shareable({"layer": "has space", "cell": (1, 2)}, spec) == {"cell": "1,2"}


def test_a_token_is_a_plain_name_of_at_most_token_chars():
    layer = links.token()
    longest = "c" * links.TOKEN_CHARS
    assert layer.max_chars == links.TOKEN_CHARS and layer.read(longest) == longest
    with pytest.raises(ValueError):
        layer.read(longest + "c")


def test_the_model_field_lists_the_catalog_now_and_is_named_as_the_picker(monkeypatch):
    """One field for the explorer's and the predict page's model: the catalog's keys."""
    from types import SimpleNamespace

    keys = ["shipped:fashion_cnn", "run:20260101-x"]
    monkeypatch.setattr(links, "model_entries", lambda: [SimpleNamespace(key=k) for k in keys])
    model = links.catalog_model()
    assert model.label == "common.model"
    assert [model.read(key) for key in keys] == keys
    with pytest.raises(ValueError):
        model.read("shipped:mnist_digits")
    for page in ("explorer", "predict"):
        shared = _page_specs()[page]["model"]
        assert (shared.label, shared.read(keys[1])) == ("common.model", keys[1])


def test_a_label_names_a_field_and_changes_nothing_else():
    plain = links.integer(1, 8)
    named = plain.labelled("lab.stride")
    assert (plain.label, named.label) == ("", "lab.stride")
    assert named.read("3") == 3 and named.format(3) == "3" and named.max_chars == plain.max_chars
    with pytest.raises(ValueError, match=r"9 is outside 1\.\.8"):
        named.read("9")


def _page_specs() -> dict[str, links.Spec]:
    from app_pages.explorer.link import link_spec
    from app_pages.lab.link import SPEC as LAB
    from app_pages.predict.widgets import link_spec as predict_spec

    return {
        "lab": LAB,
        "explorer": link_spec(),
        "predict": predict_spec(),
        "lang": links.LANG_SPEC,
    }


@pytest.mark.parametrize("page", ["lab", "explorer", "predict", "lang"])
def test_every_link_field_is_named_by_a_ui_string(page):
    """Messages about a link name its fields as the page does, in both languages."""
    from ui.i18n import STRINGS

    unnamed = {
        name: one.label
        for name, one in _page_specs()[page].items()
        if set(STRINGS.get(one.label, {})) != {"ko", "en"}
    }
    assert not unnamed, f"{page}: fields without a UI string label: {unnamed}"


def test_a_message_quotes_a_value_as_the_page_shows_it():
    """A 0-based map in the link is quoted as the page counts it; what the field does
    not read is quoted as the link held it; a field without ``shown_as``, as held."""
    spec = {
        "map": links.integer(0, 63)
        .labelled("explorer.detail_channel")
        .shown_as(lambda index: f"map {index + 1}"),
        "cell": links.cell(64).shown_as(lambda cell: f"({cell[0] + 1}, {cell[1] + 1})"),
        "cls": links.integer(0, 9).labelled("explorer.test_class"),
    }
    assert spec["map"].read("32") == 32 and spec["map"].format(32) == "32"  # the link's own
    given = {"map": "32", "cell": "14,14", "cls": "12"}
    assert links._labels(spec, given, given) == {
        "map": ("explorer.detail_channel", "map 33"),
        "cell": ("", "(15, 15)"),
        "cls": ("explorer.test_class", "12"),
    }
    unread = {"map": "64", "cell": "a,b"}  # outside the field, not a cell: as held
    assert links._labels(spec, unread, unread) == {
        "map": ("explorer.detail_channel", "64"),
        "cell": ("", "a,b"),
    }
    assert links._labels(spec, ["map"]) == {"map": ("explorer.detail_channel", "")}


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        (links.choice(["a", "b"]), "c", "'c' is not one of the 2 options"),
        (links.integer(0, 9), "x1", "'x1' is not an integer"),
        (links.token(), "a b", "'a b' is not a plain name"),
        (links.cell(5), "1;2", "'1;2' is not row,col"),
        (links.flag(), "2", "'2' is not 1 or 0"),
        (links.number(0, 1), "1e9", "'1e9' is not a number"),
        (links.matrix(3, 3, 0, 9), "1,2;3", r"rows of \[2, 1\] cells"),
    ],
)
def test_a_refusal_quotes_the_text_it_got(field, text, message):
    # never shown to users (the page quotes Decoded.given), but a log or a test failure is
    with pytest.raises(ValueError, match=message):
        field.read(text)
