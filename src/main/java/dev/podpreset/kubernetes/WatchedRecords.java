package dev.podpreset.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;
import java.util.function.BiFunction;

/**
 * The store of a {@link ListWatch}: a record made of each object as it arrives, the object itself dropped. The
 * function that makes it gets the key's previous record (null for a new key), so that it can keep what did not
 * change (an object listed again unchanged after a watch broke).
 *
 * @param <R> what is kept of each object
 */
public final class WatchedRecords<R> extends KeyedRecords<R> implements ListWatch.Sink {
    private final BiFunction<R, ObjectNode, R> record;

    public WatchedRecords(BiFunction<R, ObjectNode, R> record) {
        this.record = record;
    }

    @Override
    public void put(String key, ObjectNode object) {
        update(key, (k, previous) -> record.apply(previous, object));
    }

    @Override
    public void remove(String key) {
        removeRecord(key);
    }

    @Override
    public void retainOnly(Set<String> listed) {
        keys().retainAll(listed);
    }
}
