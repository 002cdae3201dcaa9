"""The search engine of a larger installation: OpenSearch 2, through haystack's Elasticsearch 7 backend.

haystack has no Elasticsearch 8/9 backend, Elasticsearch 7 is end-of-life, and the Elasticsearch
client refuses OpenSearch from version 7.14 on: OpenSearch 2 (Apache 2.0, maintained, the 7.10 API)
with `elasticsearch>=7.10,<7.14` (requirements-opensearch.in). docs/search.md gives the mapping and
the query, and why.

What changes from haystack's backend, and only that: the index settings (a `french` analyzer that
does what search/analysis.py does for Whoosh: lower-case, French stop words and elisions, accents
folded before the French Snowball stemmer) and the schema (text fields use it; ExactField and
multi-valued permission fields are `keyword`s, never analysed). The query side is haystack's: the
permission filter (search/permissions.py) becomes the same `query_string` filter for every kind, as
it does for Whoosh. The Whoosh-specific speed work (search/backends.py) does not apply here.
"""

from haystack.backends.elasticsearch7_backend import Elasticsearch7SearchBackend, Elasticsearch7SearchEngine

FRENCH_ANALYSIS = {
    "filter": {
        "french_elision": {
            "type": "elision",
            "articles_case": True,
            "articles": ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"],
        },
        "french_stop": {"type": "stop", "stopwords": "_french_"},
        "french_snowball": {"type": "snowball", "language": "French"},
    },
    "analyzer": {
        "french_folded": {
            "tokenizer": "standard",
            # Same order as search/analysis.py: accents are folded before stemming, so "preventive"
            # and "préventive" reach the stemmer as the same word.
            "filter": ["french_elision", "lowercase", "french_stop", "asciifolding", "french_snowball"],
        }
    },
}


class FrenchOpenSearchBackend(Elasticsearch7SearchBackend):
    DEFAULT_SETTINGS = {
        "settings": {
            "index": {"max_ngram_diff": 2},
            "analysis": {
                "analyzer": {
                    **Elasticsearch7SearchBackend.DEFAULT_SETTINGS["settings"]["analysis"]["analyzer"],
                    **FRENCH_ANALYSIS["analyzer"],
                },
                "filter": {
                    **Elasticsearch7SearchBackend.DEFAULT_SETTINGS["settings"]["analysis"]["filter"],
                    **FRENCH_ANALYSIS["filter"],
                },
            },
        }
    }
    DEFAULT_FIELD_MAPPING = {"type": "text", "analyzer": "french_folded"}

    def build_schema(self, fields):
        content_field_name, mapping = super().build_schema(fields)
        for field_class in fields.values():
            name = field_class.index_fieldname
            if getattr(field_class, "exact", False) or field_class.is_multivalued:
                # Permission, kind and facet fields: exact values (museum and group ids, codes).
                mapping[name] = {"type": "keyword"}
            elif mapping[name].get("type") == "text" and field_class.indexed is not False:
                mapping[name] = {"type": "text", "analyzer": field_class.analyzer or "french_folded"}
        return content_field_name, mapping


class FrenchOpenSearchEngine(Elasticsearch7SearchEngine):
    backend = FrenchOpenSearchBackend
