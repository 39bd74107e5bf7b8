"""A regression's name on one row: its first group, without the groups its reports also
make (docs/layouts.md, "Hot topics at 80x24")."""

from hdtui.domain.regression_name import NAME_CELLS, also_named, short_group


def test_the_groups_its_reports_also_make_are_left_to_the_detail() -> None:
    group = ("USB device 0781:5591 (5 of them also #13576; 3 of them also machine Dell "
             "XPS 13 (9310))")
    assert short_group(group) == "USB device 0781:5591"
    assert also_named(group) and not also_named("GPU 8086:a7a0")


def test_a_long_or_broken_name_is_cut_to_one_line() -> None:
    name = short_group("machine " + "A\n" * 200)
    assert "\n" not in name and len(name) == NAME_CELLS and name.endswith("…")
    assert short_group("SMBus 8086:51a3 (touchpad, TrackPoint)") == \
        "SMBus 8086:51a3 (touchpad, TrackPoint)"  # its reason stays
