package dev.podpreset.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

import java.util.function.Function;
import java.util.stream.Stream;

/**
 * An informer store that keeps a small record per object instead of the object: the transform before caching
 * that fabric8 lacks. The informer still decodes each object it receives, but only the record stays on the
 * heap. Objects it hands back (to event handlers as the old state, and to itself after a list) are rebuilt from
 * the record and hold no more than the rebuild function puts in them.
 *
 * @param <T> the informer's type
 * @param <R> what is kept of each object
 */
public final class SlimItemStore<T extends HasMetadata, R> extends KeyedRecords<R> implements ItemStore<T> {
    private final Function<T, R> slim;
    private final Function<R, T> rebuild;

    public SlimItemStore(Function<T, R> slim, Function<R, T> rebuild) {
        this.slim = slim;
        this.rebuild = rebuild;
    }

    @Override
    public String getKey(T obj) {
        return Cache.metaNamespaceKeyFunc(obj);
    }

    @Override
    public T put(String key, T obj) {
        return rebuilt(update(key, (k, old) -> slim.apply(obj)));
    }

    @Override
    public T remove(String key) {
        return rebuilt(removeRecord(key));
    }

    @Override
    public Stream<String> keySet() {
        return keys().stream();
    }

    @Override
    public Stream<T> values() {
        return records().stream().map(rebuild);
    }

    @Override
    public T get(String key) {
        return rebuilt(record(key));
    }

    /** Rebuilt objects lack most fields, so the informer must not treat them as the full state. */
    @Override
    public boolean isFullState() {
        return false;
    }

    private T rebuilt(R record) {
        return record == null ? null : rebuild.apply(record);
    }
}
