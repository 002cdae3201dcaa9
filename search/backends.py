"""haystack's Whoosh backend with French analysis and a queue-friendly writer.

Subclassed, not forked: only the schema (which analyzer text fields use, which permission
fields stay exact) and the two write paths change. Swap to Elasticsearch by pointing
HAYSTACK_CONNECTIONS at haystack's Elasticsearch engine (docs/search.md).
"""

import os
import threading
from bisect import bisect_right
from collections import Counter, OrderedDict
from contextlib import contextmanager
from itertools import chain, islice

from django.conf import settings
from django.utils.encoding import force_str
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from haystack.constants import ID
from haystack.exceptions import SkipDocument
from haystack.utils import get_identifier
from whoosh.fields import ID as WHOOSH_ID
from whoosh.fields import TEXT
from whoosh.idsets import DocIdSet
from whoosh.query import Or
from whoosh.scoring import BM25F, WeightLengthScorer
from whoosh.searching import ResultsPage
from whoosh.writing import AsyncWriter

from .analysis import french_analyzer

# haystack's update() gets the whole batch of a rebuild (update_index --batch-size, 1,000 by
# default) but one or a few objects from the queue's index tasks: only batches use several
# processes (starting them costs ~0.1 s).
BULK_UPDATE_SIZE = 200
BULK_UPDATE_PROCS = max(os.cpu_count() or 1, 1)
# Key of the facets' "queries" part telling whether the hit count is every match or the count limit.
TOTAL_IS_EXACT = "total_is_exact"

# Per-segment values read once per process and kept while the segment exists (segments never
# change once written): facet values and field lengths, keyed by (segment id, what).
_segment_values: dict[tuple[str, str], list] = {}
_segment_lock = threading.Lock()


def _per_segment(reader, what: str, read) -> list:
    """`read(reader)` for this segment, computed once and kept."""
    key = (reader.segment().segment_id(), what)
    values = _segment_values.get(key)
    if values is None:
        values = read(reader)
        with _segment_lock:
            _segment_values[key] = values
    return values


def _segment_facet_values(reader, fieldname: str) -> list[tuple[str, ...]]:
    """For each document number of one segment, the values it has in `fieldname`."""

    def read(reader):
        values = [()] * reader.doc_count_all()
        if fieldname in reader.indexed_field_names():
            for term in reader.lexicon(fieldname):
                text = term.decode("utf-8")
                for docnum in reader.postings(fieldname, term).all_ids():
                    values[docnum] = (*values[docnum], text)
        # Most documents share a few combinations: one tuple each, not one per document.
        shared = {}
        return [shared.setdefault(combination, combination) for combination in values]

    return _per_segment(reader, f"facet:{fieldname}", read)


# Per-segment documents a narrowing query (the member's permission filter) lets through, by
# segment and query; bounded, the least recently used dropped first.
_allowed_docs: OrderedDict[tuple[str, str], frozenset[int]] = OrderedDict()
ALLOWED_DOCS_CACHE_SIZE = 2048


def _segment_allowed_docs(leaf, query_string: str, query) -> frozenset[int]:
    key = (leaf.reader().segment().segment_id(), query_string)
    with _segment_lock:
        docs = _allowed_docs.get(key)
        if docs is not None:
            _allowed_docs.move_to_end(key)
            return docs
    if isinstance(query, Or):
        # A permission filter is a union whose big parts ("visibility:members") are the same
        # for every member: each part is kept on its own, so a member's first search only
        # reads their own small parts (their museums', their groups') and unites sets.
        docs = frozenset().union(*(_segment_allowed_docs(leaf, str(sub), sub) for sub in query.subqueries))
    else:
        docs = frozenset(leaf.docs_for_query(query))
    with _segment_lock:
        _allowed_docs[key] = docs
        while len(_allowed_docs) > ALLOWED_DOCS_CACHE_SIZE:
            _allowed_docs.popitem(last=False)
    return docs


def _leaves(searcher) -> list[tuple[int, object]]:
    """(first document number, segment searcher) of each segment, in document order."""
    return sorted(((offset, leaf) for leaf, offset in searcher.leaf_searchers()), key=lambda pair: pair[0])


class SegmentedDocs(DocIdSet):
    """Global document numbers held as one set per segment (Whoosh accepts it as a filter)."""

    def __init__(self, offsets: list[int], sets: list[frozenset[int]]):
        self.offsets = offsets
        self.sets = sets

    def __contains__(self, docnum):
        position = bisect_right(self.offsets, docnum) - 1
        return docnum - self.offsets[position] in self.sets[position]

    def __iter__(self):
        for offset, docs in zip(self.offsets, self.sets, strict=True):
            for docnum in sorted(docs):
                yield offset + docnum

    def __len__(self):
        return sum(len(docs) for docs in self.sets)

    def __bool__(self):
        # Whoosh's collector tests the filter's truth for every match: no counting there.
        return True


def _segment_lengths(reader, fieldname: str) -> list[int]:
    """Each document's length in `fieldname` for one segment."""
    return _per_segment(
        reader,
        f"length:{fieldname}",
        lambda reader: [reader.doc_field_length(docnum, fieldname, 1) for docnum in range(reader.doc_count_all())],
    )


class SegmentLengthsBM25F(BM25F):
    """Whoosh's BM25F, same scores, with field lengths from a per-segment list.

    Scoring reads each matching document's field length; through Whoosh's column reader that
    was over half of the scoring time of a common word (13,000 documents scored a search at
    country scale).
    """

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        reader = searcher.reader()
        if isinstance(scorer, WeightLengthScorer) and reader.is_atomic() and reader.segment() is not None:
            scorer.dfl = _segment_lengths(reader, fieldname).__getitem__
        return scorer


def _forget_segments(live: set[str]) -> None:
    with _segment_lock:
        for cache in (_segment_values, _allowed_docs):
            for key in [key for key in cache if key[0] not in live]:
                del cache[key]


class FrenchWhooshSearchBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        analyzer = french_analyzer()
        for field_class in fields.values():
            name = field_class.index_fieldname
            if getattr(field_class, "exact", False) and not field_class.is_multivalued:
                # Permission and kind fields: one untouched token, never stemmed.
                replacement = WHOOSH_ID(stored=True, sortable=True)
            elif isinstance(schema[name], TEXT):
                # Stored for excerpts; neither sortable (nothing sorts on text: a column would
                # copy every text once more) nor spelling (no suggestions are offered: it would
                # index every text a second time, unstemmed).
                replacement = TEXT(stored=True, analyzer=field_class.analyzer or analyzer, field_boost=field_class.boost)
            else:
                continue
            schema.remove(name)  # also drops its sub-fields (spell_<name>)
            schema.add(name, replacement)
        return content_field_name, schema

    @contextmanager
    def _failing_loudly(self):
        # haystack logs and swallows write errors by default; the index task must fail
        # instead, so the queue records it (the user's save is already committed).
        silently_fail, self.silently_fail = self.silently_fail, False
        try:
            yield
        finally:
            self.silently_fail = silently_fail

    def update(self, index, iterable, commit=True):
        if len(iterable) < BULK_UPDATE_SIZE:
            with self._failing_loudly():
                super().update(index, iterable, commit=commit)
            return
        # A rebuild's batches: the words are analysed and written by one process per core
        # (each writes a segment of its own), while this one reads the database.
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        writer = self.index.writer(procs=BULK_UPDATE_PROCS, multisegment=True, timeout=600, delay=0.25)
        try:
            for obj in iterable:
                try:
                    doc = index.full_prepare(obj)
                except SkipDocument:
                    continue
                doc = {key: self._from_python(value) for key, value in doc.items() if key != "boost"}
                writer.update_document(**doc)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def remove(self, obj_or_string, commit=True):
        # haystack's remove opens a plain writer, which raises LockError when another
        # writer (a rebuild_index run) holds the lock; AsyncWriter waits for it instead.
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        writer = AsyncWriter(self.index)
        writer.delete_by_term(ID, get_identifier(obj_or_string))
        writer.commit()
        if writer.ident is not None:
            writer.join()

    # -- The search page's path: one search per page, a searcher kept between requests -------

    def _current_searcher(self):
        """This thread's searcher, reopened only when the index has changed since."""
        searcher = getattr(self, "_searcher", None)
        if searcher is not None and not searcher.is_closed:
            if searcher.up_to_date():
                return searcher
            # Not Whoosh's Searcher.refresh(): the segment readers it reuses keep their old
            # deletions (a deleted document would still be found), and an empty index's
            # searcher cannot be refreshed at all.
            searcher.close()
        searcher = self._searcher = self.index.searcher(weighting=SegmentLengthsBM25F())
        _forget_segments({leaf.reader().segment().segment_id() for leaf, _offset in searcher.leaf_searchers()
                          if leaf.reader().segment() is not None})
        return searcher

    def _facet_counts(self, searcher, docnums, facets):
        """haystack's facet structure, counted over the matching documents' facet values."""
        leaves = _leaves(searcher)
        offsets = [offset for offset, _leaf in leaves]
        per_segment = [[] for _leaf in leaves]
        for docnum in docnums:
            position = bisect_right(offsets, docnum) - 1
            per_segment[position].append(docnum - offsets[position])
        fields = {}
        for fieldname in facets:
            counts = Counter()
            for (_offset, leaf), local in zip(leaves, per_segment, strict=True):
                if local:
                    values = _segment_facet_values(leaf.reader(), fieldname)
                    counts.update(chain.from_iterable(map(values.__getitem__, local)))
            fields[fieldname] = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return {"fields": fields, "dates": {}, "queries": {}}

    def _narrowing_filter(self, searcher, narrow_queries):
        """The documents every narrowing query lets through, read per segment and kept."""
        leaves = _leaves(searcher)
        allowed = None
        for query_string in sorted(narrow_queries):
            query = self.parser.parse(force_str(query_string))
            sets = [_segment_allowed_docs(leaf, query_string, query) for _offset, leaf in leaves]
            allowed = sets if allowed is None else [a & b for a, b in zip(allowed, sets, strict=True)]
        return SegmentedDocs([offset for offset, _leaf in leaves], allowed)

    def search(self, query_string, sort_by=None, start_offset=0, end_offset=None, facets=None, **kwargs):
        """Relevance-ordered page, total and field facets from one Whoosh search.

        haystack's own search opens a new searcher on every call and collects facets with
        Whoosh's grouping, which scores every matching document; here the page is the top
        documents only (Whoosh skips blocks that cannot reach it), the total and the facets
        come from the unscored set of matching documents. Anything else the page does not use
        (sorting, date or query facets, highlighting, spelling, models) goes to haystack's
        implementation. Narrowing queries (the permission filter) become a filter of document
        numbers computed once per segment and kept: segments never change once written.
        """
        other_options = {key: value for key, value in kwargs.items() if value not in (None, False, "", [], set())}
        other_options.pop("result_class", None)
        narrow_queries = other_options.pop("narrow_queries", None)
        if sort_by or other_options:
            return super().search(
                query_string, sort_by=sort_by, start_offset=start_offset, end_offset=end_offset, facets=facets, **kwargs
            )
        if not self.setup_complete:
            self.setup()
        query_string = force_str(query_string)
        if len(query_string) <= 1 and query_string != "*":
            return {"results": [], "hits": 0}
        parsed_query = self.parser.parse(query_string)
        searcher = self._current_searcher()
        if parsed_query is None or not searcher.doc_count():
            return {"results": [], "hits": 0}
        page_num, page_length = self.calculate_page(start_offset, end_offset)
        allowed = self._narrowing_filter(searcher, narrow_queries) if narrow_queries else None
        results = searcher.search(parsed_query, limit=page_num * page_length, filter=allowed)
        matching, complete = self._matching_docs(searcher, parsed_query, allowed)
        results._total = len(matching)
        raw_page = ResultsPage(results, page_num, page_length)
        if raw_page.pagenum < page_num:
            return {"results": [], "hits": 0, "spelling_suggestion": None}
        results = self._process_results(raw_page, result_class=kwargs.get("result_class"))
        if facets:
            results["facets"] = self._facet_counts(searcher, matching, facets)
            results["facets"]["queries"][TOTAL_IS_EXACT] = complete
        return results

    def _matching_docs(self, searcher, parsed_query, allowed):
        """The matching documents, counted up to SEARCH_COUNT_LIMIT; and whether that is all.

        Counting every match costs time in proportion to the matches (pure Python): past the
        limit, the page says "more than N" and its facets are those of the first N matches,
        as Elasticsearch's track_total_hits does by default (10,000).
        """
        limit = getattr(settings, "SEARCH_COUNT_LIMIT", 10_000)
        docnums = searcher.docs_for_query(parsed_query)
        if allowed is not None:
            docnums = (docnum for docnum in docnums if docnum in allowed)
        matching = list(islice(docnums, limit + 1))
        if len(matching) > limit:
            return matching[:limit], False
        return matching, True


class FrenchWhooshEngine(WhooshEngine):
    backend = FrenchWhooshSearchBackend
