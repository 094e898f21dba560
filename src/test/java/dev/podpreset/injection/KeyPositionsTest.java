package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** {@link KeyPositions} finds what a map of every entry by key, the last one winning, finds. */
class KeyPositionsTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Test
    void findsTheLastEntryOfAKeyAsAMapWould() {
        // "Aa" and "BB" hash alike, as do "AaAa", "AaBB", "BBAa" and "BBBB": lookups must compare keys.
        List<String> names = List.of("Aa", "BB", "AaAa", "AaBB", "BBAa", "BBBB", "x", "y", "z", "");
        for (long seed = 1; seed <= 8; seed++) {
            Random random = new Random(seed);
            ArrayNode list = F.arrayNode();
            Map<Object, JsonNode> reference = new HashMap<>();
            for (int i = random.nextInt(300); i > 0; i--) {
                int kind = random.nextInt(10);
                if (kind == 0) {
                    list.add("not an object");
                    continue;
                }
                String name = kind < 5 ? names.get(random.nextInt(names.size())) : "VAR_" + random.nextInt(1_000);
                JsonNode entry = F.objectNode().put("name", name).put("value", i);
                list.add(entry);
                reference.put(MergeKeys.NAME.apply(entry), entry);
            }
            KeyPositions index = new KeyPositions(list, MergeKeys.NAME);
            for (String name : names) {
                assertSame(reference.get(name), index.last(name), "seed " + seed + ", " + name);
            }
            for (int i = 0; i < 1_000; i++) {
                assertSame(reference.get("VAR_" + i), index.last("VAR_" + i), "seed " + seed + ", VAR_" + i);
            }
        }
    }

    @Test
    void anEmptyListHasNoKeys() {
        assertNull(new KeyPositions(F.arrayNode(), MergeKeys.NAME).last("a"));
        assertNull(new KeyPositions(F.arrayNode().add(1).add("b"), MergeKeys.NAME).last(""));
    }

    @Test
    void keysThatAreWholeEntriesAreComparedByValue() {
        ArrayNode tolerations = F.arrayNode();
        tolerations.addObject().put("key", "a").put("effect", "NoSchedule");
        tolerations.addObject().put("key", "b").put("operator", "Exists");
        KeyPositions index = new KeyPositions(tolerations, MergeKeys.TOLERATION);
        JsonNode same = F.objectNode().put("effect", "NoSchedule").put("operator", "Equal").put("key", "a");
        assertEquals(tolerations.get(0), index.last(MergeKeys.TOLERATION.apply(same)));
        assertNull(index.last(MergeKeys.TOLERATION.apply(F.objectNode().put("key", "b"))));
    }
}
