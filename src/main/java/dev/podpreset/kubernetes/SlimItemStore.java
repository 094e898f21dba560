package dev.podpreset.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * An informer store that keeps a small record per object instead of the object: the transform before caching
 * that fabric8 lacks. The informer still decodes each object it receives, but only the record stays on the
 * heap. Objects it hands back (to event handlers as the old state, and to itself after a list) are rebuilt from
 * the record and hold no more than the rebuild function puts in them. The slim function may reuse the
 * previous record of the same key (an object listed again unchanged after a watch broke).
 *
 * @param <T> the informer's type
 * @param <R> what is kept of each object
 */
public final class SlimItemStore<T extends HasMetadata, R> implements ItemStore<T> {
    private final Map<String, R> records = new ConcurrentHashMap<>();
    private final BiFunction<R, T, R> slim;
    private final Function<R, T> rebuild;

    public SlimItemStore(Function<T, R> slim, Function<R, T> rebuild) {
        this((previous, obj) -> slim.apply(obj), rebuild);
    }

    private SlimItemStore(BiFunction<R, T, R> slim, Function<R, T> rebuild) {
        this.slim = slim;
        this.rebuild = rebuild;
    }

    /** A store whose {@code slim} gets the key's previous record (null for a new key) with the object. */
    public static <T extends HasMetadata, R> SlimItemStore<T, R> reusing(BiFunction<R, T, R> slim, Function<R, T> rebuild) {
        return new SlimItemStore<>(slim, rebuild);
    }

    /** The records, live: a view that reflects later changes and may be iterated while they happen. */
    public Collection<R> records() {
        return Collections.unmodifiableCollection(records.values());
    }

    public R record(String key) {
        return records.get(key);
    }

    /** Keys and records, live, as {@link #records()}. */
    public Set<Map.Entry<String, R>> entries() {
        return Collections.unmodifiableSet(records.entrySet());
    }

    /** Replaces the key's record only if it is still {@code expected}: a newer object that arrived meanwhile wins. */
    public boolean replace(String key, R expected, R replacement) {
        return records.replace(key, expected, replacement);
    }

    @Override
    public String getKey(T obj) {
        return Cache.metaNamespaceKeyFunc(obj);
    }

    @Override
    public T put(String key, T obj) {
        // Atomic with replace(): a record replaced meanwhile is the previous one that slim sees.
        AtomicReference<R> previous = new AtomicReference<>();
        records.compute(key, (k, old) -> {
            previous.set(old);
            return slim.apply(old, obj);
        });
        return rebuilt(previous.get());
    }

    @Override
    public T remove(String key) {
        return rebuilt(records.remove(key));
    }

    @Override
    public Stream<String> keySet() {
        return records.keySet().stream();
    }

    @Override
    public Stream<T> values() {
        return records.values().stream().map(rebuild);
    }

    @Override
    public int size() {
        return records.size();
    }

    @Override
    public T get(String key) {
        return rebuilt(records.get(key));
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
