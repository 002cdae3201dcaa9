"""Django's Redis cache, with a `clear()` that deletes this site's keys only.

Django's `RedisCache.clear()` empties the whole Redis database (FLUSHDB): with several sites,
a test run or RQ in the same database, that would drop their keys too. Here it deletes the
keys under this cache's KEY_PREFIX (what `CACHE_KEY_PREFIX` sets), in batches.
"""

from django.core.cache.backends.redis import RedisCache


class PrefixedRedisCache(RedisCache):
    def clear(self):
        client = self._cache.get_client(write=True)
        if not self.key_prefix:
            raise ValueError("PrefixedRedisCache needs a KEY_PREFIX: without one clear() would empty the database.")
        # Keys are "<prefix>:<version>:<key>" (Django's make_key): every version of every key.
        pattern = f"{self.key_prefix}:*"
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)
        return True
