"""The fixtures the benchmark tests share with the product's: an empty cache, an index of their own."""

from tests.conftest import fresh_cache, search_index_dir

__all__ = ["fresh_cache", "search_index_dir"]
