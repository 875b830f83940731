"""search.Index on tiny corpora with hand-computed BM25F scores, and its invariants."""

import math

from hypothesis import assume, given
from hypothesis import strategies as st
from markupsafe import escape

from partnernet.profiles import search
from partnernet.profiles.search import Document, Index, highlight, terms

# K1 = 1.2, B = 0.75; weights: criteria 3, triggers 2.5, bio 0.5. A field's length is its
# number of terms (stop words left out); avg_f is the mean over all documents, and
# norm = 1 - B + B * len / avg_f. pseudo_tf = Σ_f weight_f * tf_f / norm_f, and a term
# adds idf * pseudo_tf / (K1 + pseudo_tf), with idf = ln(1 + (N - df + 0.5) / (df + 0.5)).


def doc(member_id: int, key: int | None = None, **fields: str) -> Document:
    return Document(member_id, member_id if key is None else key, fields)


def three_documents() -> Index:
    return Index([
        doc(1, criteria="a roof with a leak", bio="family firm"),
        doc(2, criteria="boiler", bio="roof roof"),
        doc(3, title="garden"),
    ])


def test_the_constants_these_hand_computations_assume():
    assert (search.K1, search.B) == (1.2, 0.75)
    assert search.FIELD_WEIGHTS["criteria"] == 3.0
    assert search.FIELD_WEIGHTS["triggers"] == 2.5
    assert search.FIELD_WEIGHTS["bio"] == 0.5


def test_idf():
    index = three_documents()

    assert index.idf("roof") == math.log(1 + 1.5 / 2.5)  # N = 3, df = 2
    assert index.idf("leak") == math.log(1 + 2.5 / 1.5)  # df = 1
    assert index.idf("chimney") == 0.0
    assert index.idf("a") == 0.0  # stop words are not indexed


def test_one_term_two_documents():
    # criteria lengths 2 ("a" and "with" are stop words), 1, 0: avg 1.
    #   doc 1: norm = 0.25 + 0.75 * 2 / 1 = 1.75; pseudo_tf = 3 / 1.75 = 12/7;
    #          12/7 / (1.2 + 12/7) = 10/17.
    # bio lengths 2, 2, 0: avg 4/3.
    #   doc 2: norm = 0.25 + 0.75 * 2 / (4/3) = 11/8; pseudo_tf = 0.5 * 2 / (11/8) = 8/11;
    #          8/11 / (1.2 + 8/11) = 20/53.
    idf_roof = math.log(1.6)

    hits = three_documents().search("roof")

    assert [(h.member_id, h.key, h.matched) for h in hits] == [
        (1, 1, frozenset({"roof"})), (2, 2, frozenset({"roof"}))]
    assert abs(hits[0].score - idf_roof * 10 / 17) < 1e-9
    assert abs(hits[1].score - idf_roof * 20 / 53) < 1e-9


def test_two_terms_add_up_and_the_query_is_stemmed():
    idf_roof, idf_leak = math.log(1.6), math.log(8 / 3)

    hits = three_documents().search("The roofs are leaking")

    assert [(h.member_id, h.matched) for h in hits] == [
        (1, frozenset({"roof", "leak"})), (2, frozenset({"roof"}))]
    assert abs(hits[0].score - (idf_roof + idf_leak) * 10 / 17) < 1e-9
    assert abs(hits[1].score - idf_roof * 20 / 53) < 1e-9


def test_a_repeated_query_word_counts_once():
    index = three_documents()

    assert index.search("roof roof roofing")[0].score == index.search("roof")[0].score


def test_fields_are_combined_before_saturation():
    # N = 2, df = 1: idf = ln 2. criteria avg 1/2, len 1: norm 1.75, 3 / 1.75 = 12/7;
    # triggers avg 1, len 2: norm 1.75, 2.5 / 1.75 = 10/7. pseudo_tf = 22/7, and
    # 22/7 / (1.2 + 22/7) = 55/76 (BM25F), not 10/17 + 10/19 as two saturations would give.
    index = Index([doc(1, criteria="roof", triggers="roof storm"), doc(2, bio="garden")])

    [hit] = index.search("roof")

    assert abs(hit.score - math.log(2) * 55 / 76) < 1e-9


def test_a_member_ranks_by_their_best_document():
    # N = 3, df = 2: idf = ln 1.6. criteria avg 1/3, len 1: norm 2.5, pseudo_tf 1.2, 0.5.
    index = Index([doc(1, key=10, bio="roof"), doc(1, key=11, criteria="roof"),
                   doc(2, key=20, title="garden")])

    [hit] = index.search("roof")

    assert (hit.member_id, hit.key) == (1, 11)
    assert abs(hit.score - math.log(1.6) * 0.5) < 1e-9


def test_equal_scores_are_ordered_by_member_id_and_limited():
    index = Index([doc(7, criteria="roof"), doc(3, criteria="roof"), doc(5, bio="garden")])

    assert [h.member_id for h in index.search("roof")] == [3, 7]
    assert [h.member_id for h in index.search("roof", limit=1)] == [3]


def test_empty_corpus_and_empty_query():
    assert Index([]).search("roof") == []
    assert three_documents().search("") == []
    assert three_documents().search("the and of") == []


def test_highlight_escapes_and_marks():
    assert str(highlight("Roofs & <b>roofing</b>", {"roof"})) == (
        "<mark>Roofs</mark> &amp; &lt;b&gt;<mark>roofing</mark>&lt;/b&gt;")
    assert str(highlight("the roof", {"the", "roof"})) == "the <mark>roof</mark>"


# Hypothesis: a small vocabulary, so that documents and queries share words.
VOCABULARY = ["roof", "roofs", "Roofing", "leak", "leaking", "pipe", "Pipes", "garden",
              "tax", "accounts", "accountant", "storm", "café", "O'Brien", "the", "and",
              "of", "<b>", "a&b", "—"]
texts = st.lists(st.sampled_from(VOCABULARY), max_size=8).map(" ".join)
field_maps = st.dictionaries(st.sampled_from(sorted(search.FIELD_WEIGHTS)), texts, max_size=4)
corpora = st.lists(field_maps, min_size=1, max_size=6).map(
    lambda maps: [doc(i + 1, **fields) for i, fields in enumerate(maps)])


def doc_terms(document: Document) -> set[str]:
    return {t for text in document.fields.values() for t in terms(text)}


@given(corpora, texts)
def test_results_are_sorted_by_score_descending(documents, query):
    hits = Index(documents).search(query, limit=len(documents))

    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(s > 0 for s in scores)
    assert len({h.member_id for h in hits}) == len(hits)


@given(corpora, texts)
def test_matched_words_are_the_query_terms_the_document_contains(documents, query):
    wanted = set(terms(query))
    by_key = {d.key: d for d in documents}

    for hit in Index(documents).search(query, limit=len(documents)):
        assert hit.matched <= wanted
        assert hit.matched == wanted & doc_terms(by_key[hit.key])


@given(corpora, texts)
def test_a_document_appears_exactly_when_it_contains_a_query_term(documents, query):
    wanted = set(terms(query))

    found = {h.member_id for h in Index(documents).search(query, limit=len(documents))}

    assert found == {d.member_id for d in documents if doc_terms(d) & wanted}


@given(st.text(), st.lists(st.sampled_from(VOCABULARY) | st.text(max_size=6), max_size=5))
def test_highlight_only_adds_marks_to_the_escaped_text(text, words):
    stems = {search.stem(w) for w in words} | set(terms(text)[:2])

    marked = str(highlight(text, stems))

    assert marked.replace("<mark>", "").replace("</mark>", "") == str(escape(text))


@given(st.text(alphabet=st.sampled_from(" ab<&>'\"roofing.")) | st.text(),
       st.lists(st.sampled_from(VOCABULARY), max_size=3))
def test_an_excerpt_is_an_escaped_piece_of_the_text(text, words):
    html = str(search.excerpt(text, {search.stem(w) for w in words}, width=40))

    core = html.replace("<mark>", "").replace("</mark>", "")
    assert core.removeprefix("… ").removesuffix(" …") in str(escape(text))


@given(corpora, texts, st.data())
def test_adding_a_term_the_document_contains_never_lowers_its_score(documents, query, data):
    # idf = ln(1 + (N - df + 0.5) / (df + 0.5)) > 0 since df <= N, and a contained term
    # has pseudo_tf > 0, so its share idf * tf / (K1 + tf) is positive: a new term raises
    # the score, a term already in the query leaves it as it was.
    document = data.draw(st.sampled_from(documents))
    own = [w for text in document.fields.values() for w in search.words(text) if terms(w)]
    assume(own)
    word = data.draw(st.sampled_from(own))
    index = Index(documents)

    def score(text: str) -> float:
        hits = index.search(text, limit=len(documents))
        return next((h.score for h in hits if h.member_id == document.member_id), 0.0)

    before, after = score(query), score(f"{query} {word}")

    if search.stem(word) in set(terms(query)):
        assert math.isclose(after, before, rel_tol=1e-12)
    else:
        assert after > before
