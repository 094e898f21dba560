package dev.podpreset.kubernetes;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/**
 * What a watched collection's store keeps of each object, by the object's key ({@code namespace/name}, or the name):
 * a small record instead of the object. Reads are live views that may be iterated while the watch changes them.
 *
 * @param <R> what is kept of each object
 */
public class KeyedRecords<R> {
    private final Map<String, R> records = new ConcurrentHashMap<>();

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

    /**
     * Sets the key's record to {@code next(previous)}, {@code previous} being null for a new key, atomically with
     * {@link #replace}; returns the previous record.
     */
    protected R update(String key, BiFunction<String, R, R> next) {
        AtomicReference<R> previous = new AtomicReference<>();
        records.compute(key, (k, old) -> {
            previous.set(old);
            return next.apply(k, old);
        });
        return previous.get();
    }

    protected R removeRecord(String key) {
        return records.remove(key);
    }

    protected Set<String> keys() {
        return records.keySet();
    }

    public int size() {
        return records.size();
    }
}
