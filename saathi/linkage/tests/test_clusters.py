from saathi.linkage.clusters import people


def _sets(groups):
    return sorted(sorted(g) for g in groups)


def test_automatic_links_make_people():
    groups = people("abcde", [("a", "b", 0.95), ("b", "c", 0.92)], [], [])
    assert _sets(groups) == [["a", "b", "c"], ["d"], ["e"]]


def test_accepted_pairs_join_and_rejected_pairs_cut_the_weakest_link():
    auto = [("a", "b", 0.99), ("b", "c", 0.91), ("c", "d", 0.98)]
    groups = people("abcd", auto, [], [("a", "d")])
    assert _sets(groups) == [["a", "b"], ["c", "d"]]
    groups = people("abcde", auto, [("d", "e")], [("a", "d")])
    assert _sets(groups) == [["a", "b"], ["c", "d", "e"]]


def test_a_rejected_direct_link_is_dropped_and_accepted_links_are_never_cut():
    groups = people("ab", [("a", "b", 0.99)], [], [("a", "b")])
    assert _sets(groups) == [["a"], ["b"]]
    groups = people("abc", [("b", "c", 0.95)], [("a", "b")], [("a", "c")])
    assert _sets(groups) == [["a", "b"], ["c"]]
