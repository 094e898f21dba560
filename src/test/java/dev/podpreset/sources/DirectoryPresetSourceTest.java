package dev.podpreset.sources;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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

    /**
     * A writer rewrites the file in place (truncate, write a random part, pause, write the rest) while
     * polls run: every poll still serves the preset. Before partial files kept their last content, most
     * polls that caught the file half written served nothing.
     */
    @Test
    void aFileRewrittenInPlaceNeverLosesItsPreset(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.yaml");
        Files.writeString(file, preset("a"));
        DirectoryPresetSource s = source();
        s.reloadIfChanged(dir);
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger rewrites = new AtomicInteger();
        Thread writer = new Thread(() -> {
            Random random = new Random(42);
            try {
                for (int i = 0; i < 150; i++) {
                    byte[] content = preset("a").replace("\"1\"", "\"" + i + "\"").getBytes(StandardCharsets.UTF_8);
                    int cut = 1 + random.nextInt(content.length - 1);
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                        ch.write(ByteBuffer.wrap(content, 0, cut));
                        Thread.sleep(3);
                        ch.write(ByteBuffer.wrap(content, cut, content.length - cut));
                    }
                    rewrites.incrementAndGet();
                    Thread.sleep(1);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                done.set(true);
            }
        });
        writer.start();
        int polls = 0;
        List<String> misses = new ArrayList<>();
        while (!done.get()) {
            s.reloadIfChanged(dir);
            polls++;
            if (s.registry.current().size() != 1) {
                misses.add("poll " + polls + " after " + rewrites.get() + " rewrites");
            }
        }
        writer.join();
        assertEquals(150, rewrites.get());
        assertEquals(List.of(), misses, "of " + polls + " polls");
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
