package dev.podpreset.kubernetes;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class WatchedRecordsTest {
    record Kept(String name, String version) {
    }

    private static ObjectNode object(String name, String version) {
        ObjectNode o = JsonMapper.builder().build().createObjectNode();
        o.putObject("metadata").put("name", name).put("resourceVersion", version);
        return o;
    }

    private static Kept kept(ObjectNode o) {
        return new Kept(o.path("metadata").path("name").asText(), o.path("metadata").path("resourceVersion").asText());
    }

    @Test
    void theRecordIsMadeWithThePreviousRecordOfTheKey() {
        List<Kept> seen = new ArrayList<>();
        WatchedRecords<Kept> store = new WatchedRecords<>((previous, o) -> {
            seen.add(previous);
            return previous != null && previous.version().equals(kept(o).version()) ? previous : kept(o);
        });
        store.put("app", object("app", "1"));
        Kept first = store.record("app");
        store.put("app", object("app", "1")); // listed again, unchanged
        assertSame(first, store.record("app"), "an unchanged object keeps its record");
        store.put("app", object("app", "2"));

        assertEquals(Arrays.asList(null, first, first), seen);
        assertEquals(new Kept("app", "2"), store.record("app"));
    }

    @Test
    void aWholeListDropsWhatItLacksAndADeletionItsKey() {
        WatchedRecords<Kept> store = new WatchedRecords<>((previous, o) -> kept(o));
        store.put("a", object("a", "1"));
        store.put("b", object("b", "1"));
        store.put("c", object("c", "1"));

        store.retainOnly(Set.of("a", "c", "d"));
        assertNull(store.record("b"), "deleted while nothing watched");
        assertEquals(2, store.size());
        store.remove("a");
        assertEquals(List.of(new Kept("c", "1")), List.copyOf(store.records()));
    }
}
