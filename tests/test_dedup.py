from newsdigest.dedup import duplicate_groups
from newsdigest.model import Article, Cleaned

STORY = ("The harbour bridge reopened to traffic on Monday after four months of repairs. "
         "Mayor Ilse Brandt led the first convoy of buses across the bridge shortly after six. "
         "The repairs cost 42 million crowns, a third of it paid by the national road fund. "
         "Engineers replaced 14 steel cables and rebuilt 120 metres of the deck.")
REWRITE = ("Port Alden's bridge is open again, officials said, after repairs lasting four months. "
           "The mayor rode in the first bus. The bill came to 42 million crowns, according to the city. "
           "Fourteen cables were replaced by the engineering firm.")


def doc(i, *paragraphs):
    return Cleaned(Article(i, ""), paragraphs)


def test_two_crawls_of_one_page_form_one_group_with_the_fuller_first():
    groups = duplicate_groups([doc("a", STORY), doc("b", STORY, "One more closing paragraph of the page."),
                               doc("c", REWRITE)])
    assert groups == [("b", "a"), ("c",)]


def test_a_rewrite_by_another_outlet_is_not_a_duplicate():
    assert duplicate_groups([doc("a", STORY), doc("c", REWRITE)]) == [("a",), ("c",)]


def test_every_article_is_in_exactly_one_group_even_empty_ones():
    groups = duplicate_groups([doc("a"), doc("b", STORY), doc("c"), doc("d", STORY)])
    assert sorted(i for g in groups for i in g) == ["a", "b", "c", "d"]
    assert ("b", "d") in groups


def test_a_cluster_is_grouped_on_the_exact_jaccard_either_side_of_the_threshold():
    """Two texts share their first m of 300 words: exact shingle Jaccard (m - 4) / (592 - (m - 4)),
    0.721 at m = 252 and 0.682 at m = 244, around the 0.7 threshold, where MinHash's estimate
    errs by about 0.04 either way. Every such pair is decided as the exact Jaccard says."""
    for seed in range(5):
        words = [f"w{seed}x{k}" for k in range(300)]
        for m, same in ((252, True), (244, False)):
            other = words[:m] + [f"t{seed}y{k}" for k in range(300 - m)]
            groups = duplicate_groups([doc("a", " ".join(words)), doc("b", " ".join(other))])
            assert (len(groups) == 1) is same, (seed, m)


def test_sochi_crawls_of_the_same_page_are_one_group(sochi):
    from newsdigest.clean import clean_cluster
    from newsdigest.ingest import read_paths

    groups = duplicate_groups(clean_cluster(read_paths([sochi])))
    assert [g for g in groups if len(g) > 1] == [("000_853ff9b1885427e8.txt", "001_11648d1d8dba948d.txt")]


def test_duplicate_index_matches_on_the_lead_when_tails_differ():
    from newsdigest.dedup import DuplicateIndex

    lead = " ".join(f"word{k}" for k in range(120))
    index = DuplicateIndex()
    index.add("first", index.signature(lead + " " + " ".join(f"tail{k}" for k in range(150))))
    other_tail = lead + " " + " ".join(f"other{k}" for k in range(150))
    assert index.find(index.signature(other_tail)) == "first"
    assert index.find(index.signature(" ".join(f"fresh{k}" for k in range(200)))) is None


def test_duplicate_index_keeps_a_bounded_window_and_round_trips_signatures():
    from newsdigest.dedup import DuplicateIndex

    index = DuplicateIndex(window=3)
    texts = {f"a{n}": " ".join(f"t{n}w{k}" for k in range(60)) for n in range(5)}
    for key, text in texts.items():
        index.add(key, index.load(DuplicateIndex.dump(index.signature(text))))
    assert index.find(index.signature(texts["a0"])) is None  # evicted
    assert index.find(index.signature(texts["a4"])) == "a4"


def test_signatures_are_datasketchs_minhash_values():
    """The numpy MinHash is datasketch's own (affine32, seed 1) with ``shingle_hash`` as its hash
    function: stored signatures and decisions do not depend on which computed them. Texts shorter than a shingle, a shingle
    repeated, Unicode, the lead boundary and an empty text are all in."""
    from datasketch import MinHash

    from newsdigest.dedup import SCHEME, shingle_hash, shingles, signature_values
    from newsdigest.settings import Settings

    settings = Settings()

    def reference(text: str):
        m = MinHash(num_perm=settings.minhash_permutations, seed=1, scheme=SCHEME, hashfunc=shingle_hash)
        m.update_batch(shingles(text, settings.shingle_words))
        return m.hashvalues

    long = " ".join(f"Wort{k % 97} Ünïcode{k % 13}" for k in range(3000))  # over one chunk of shingles
    for text in ["", "two words", STORY, REWRITE + " " + STORY, long, STORY * 3,
                 " ".join(STORY.split()[:100]), " ".join(STORY.split()[:104])]:
        values = signature_values(text, settings)
        lead = " ".join(text.split()[: settings.duplicate_lead_words])
        assert (values[0] == reference(text)).all() and (values[1] == reference(lead)).all(), text[:40]


def test_shingle_hashes_of_a_text_longer_than_the_cached_powers():
    """Past 1 MiB the powers of the polynomial are computed for the text alone; the hashes are
    still ``shingle_hash``'s, at both ends."""
    from newsdigest.dedup import _CACHED_POWERS, _shingle_hashes, shingle_hash

    words = [f"wörd{k % 1000}" for k in range(_CACHED_POWERS // 6)] + ["the", "end", "of", "it", "all"]
    hashes = _shingle_hashes(words, 5)
    assert len(" ".join(words).encode()) > _CACHED_POWERS and len(hashes) == len(words) - 4
    for k in (0, len(hashes) // 2, len(hashes) - 1):
        assert hashes[k] == shingle_hash(" ".join(words[k: k + 5]).encode())


def test_permutations_and_bands_are_datasketchs():
    """The (a, b) drawn without datasketch are its ``affine32`` ones for seed 1, and the bands and
    rows are those its ``MinHashLSH`` picks, over thresholds and sizes (it refuses one band)."""
    from datasketch import MinHash, MinHashLSH

    from newsdigest.dedup import SCHEME, _permutations, lsh_bands

    for n in (16, 64, 128, 256):
        assert (MinHash(num_perm=n, seed=1, scheme=SCHEME).permutations == _permutations(n)).all()
        for threshold in (0.3, 0.5, 0.7, 0.8, 0.9):
            if lsh_bands(threshold, n)[0] > 1:
                lsh = MinHashLSH(threshold=threshold, num_perm=n)
                assert lsh_bands(threshold, n) == (lsh.b, lsh.r), (threshold, n)


def test_duplicate_index_finds_what_datasketchs_lsh_finds():
    """The plain-dict banding proposes and confirms the same articles as datasketch's MinHashLSH
    with MinHash.jaccard (one index for the whole texts, one for the leads), on texts that share
    every share of their words from none to all."""
    import random

    from datasketch import MinHash, MinHashLSH

    from newsdigest.dedup import SCHEME, DuplicateIndex, candidate_bands, shingle_hash, shingles
    from newsdigest.settings import Settings

    settings = Settings()

    def minhash(text: str) -> MinHash:
        m = MinHash(num_perm=settings.minhash_permutations, seed=1, scheme=SCHEME, hashfunc=shingle_hash)
        m.update_batch(shingles(text, settings.shingle_words))
        return m

    def lsh_index() -> MinHashLSH:
        return MinHashLSH(threshold=settings.duplicate_threshold, num_perm=settings.minhash_permutations,
                          params=candidate_bands(settings))
    rng = random.Random(3)
    bases = [[f"w{rng.randrange(5000)}" for _ in range(300)] for _ in range(4)]
    index = DuplicateIndex(settings)
    reference = [lsh_index(), lsh_index()]  # whole text, lead
    kept: dict[str, tuple] = {}
    matched = 0
    for k in range(80):  # each one of four texts with a share of its words replaced, none to all
        share = rng.choice([0.0, 0.01, 0.03, 0.06, 0.1, 0.3, 1.0])
        words = [w if rng.random() >= share else f"x{k}_{n}" for n, w in enumerate(rng.choice(bases))]
        text, key = " ".join(words), f"t{k:02d}"
        pair = (minhash(text), minhash(" ".join(words[: settings.duplicate_lead_words])))
        hits = sorted(other for lsh, m, n in zip(reference, pair, range(2)) for other in lsh.query(m)
                      if m.jaccard(kept[other][n]) >= settings.duplicate_threshold)
        found = index.find(index.signature(text))
        assert found == (hits[0] if hits else None), key
        matched += found is not None
        index.add(key, index.signature(text))
        for lsh, m in zip(reference, pair):
            lsh.insert(key, m)
        kept[key] = pair
    assert 5 < matched < 75  # near and far texts both in
