package dev.podpreset.sources;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectoryPresetSourceTest {
    private static String preset(String name) {
        return """
                apiVersion: podpreset.dev/v1alpha1
                kind: ClusterPodPreset
                metadata: {name: %s}
                spec:
                  env: [{name: A, value: "1"}]
                """.formatted(name);
    }

    private static DirectoryPresetSource source() {
        DirectoryPresetSource s = new DirectoryPresetSource();
        s.registry = new PresetRegistry();
        return s;
    }

    @Test
    void addedChangedAndRemovedFilesAreSeenOnTheNextPoll(@TempDir Path dir) throws Exception {
        DirectoryPresetSource s = source();
        assertFalse(s.registry.synced());
        Files.writeString(dir.resolve("a.yaml"), preset("a"));
        s.reloadIfChanged(dir);
        assertTrue(s.registry.synced());
        assertEquals(1, s.registry.current().size());

        Files.writeString(dir.resolve("b.yaml"), preset("b"));
        s.reloadIfChanged(dir);
        assertEquals(2, s.registry.current().size());

        Files.writeString(dir.resolve("b.yaml"), preset("b") + "---\n" + preset("c"));
        Files.setLastModifiedTime(dir.resolve("b.yaml"), FileTime.from(Instant.now().plusSeconds(5)));
        s.reloadIfChanged(dir);
        assertEquals(3, s.registry.current().size());

        Files.delete(dir.resolve("a.yaml"));
        s.reloadIfChanged(dir);
        assertEquals(2, s.registry.current().size());
    }

    @Test
    void aMissingDirectoryKeepsTheLastGoodPresets(@TempDir Path dir) throws Exception {
        DirectoryPresetSource s = source();
        Files.writeString(dir.resolve("a.yaml"), preset("a"));
        s.reloadIfChanged(dir);
        s.reloadIfChanged(dir.resolve("gone"));
        assertEquals(1, s.registry.current().size());
    }
}
