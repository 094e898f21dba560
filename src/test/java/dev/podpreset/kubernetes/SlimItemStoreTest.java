package dev.podpreset.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlimItemStoreTest {
    record Kept(String namespace, String name, String version) {
    }

    private static ConfigMap object(String name, String version) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace("team-a").withName(name).withResourceVersion(version).endMetadata()
                .withData(Map.of("large", "x".repeat(1000))).build();
    }

    private static ConfigMap rebuild(Kept k) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace(k.namespace()).withName(k.name())
                .withResourceVersion(k.version()).endMetadata().build();
    }

    private static Kept slim(ConfigMap c) {
        return new Kept(c.getMetadata().getNamespace(), c.getMetadata().getName(), c.getMetadata().getResourceVersion());
    }

    @Test
    void keepsTheRecordAndHandsBackObjectsRebuiltFromIt() {
        SlimItemStore<ConfigMap, Kept> store = new SlimItemStore<>(SlimItemStoreTest::slim, SlimItemStoreTest::rebuild);
        String key = store.getKey(object("app", "1"));
        assertEquals("team-a/app", key);
        assertNull(store.put(key, object("app", "1")));

        ConfigMap old = store.put(key, object("app", "2"));
        assertEquals("1", old.getMetadata().getResourceVersion(), "the previous state, for update events");
        assertEquals(Map.of(), old.getData(), "rebuilt from the record only");
        assertEquals(new Kept("team-a", "app", "2"), store.record(key));
        assertEquals(List.of(new Kept("team-a", "app", "2")), List.copyOf(store.records()));
        assertEquals("2", store.remove(key).getMetadata().getResourceVersion());
        assertEquals(0, store.size());
    }

    @Test
    void replaceLeavesARecordThatChangedMeanwhile() {
        SlimItemStore<ConfigMap, Kept> store = new SlimItemStore<>(SlimItemStoreTest::slim, SlimItemStoreTest::rebuild);
        store.put("team-a/app", object("app", "1"));
        Kept seen = store.record("team-a/app");
        store.put("team-a/app", object("app", "2")); // a newer version arrives while the first is worked on

        assertFalse(store.replace("team-a/app", seen, new Kept("team-a", "app", "1-done")));
        assertEquals("2", store.record("team-a/app").version());
        Kept current = store.entries().iterator().next().getValue();
        assertTrue(store.replace("team-a/app", current, new Kept("team-a", "app", "2-done")));
        assertEquals("2-done", store.record("team-a/app").version());
    }
}
