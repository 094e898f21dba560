package dev.podpreset.presets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The presets shown in the README are valid, so the documentation cannot drift from the validator. */
class ReadmeExamplesTest {

    @Test
    void everyPresetInTheReadmeIsValid(@TempDir Path dir) throws Exception {
        Matcher m = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(Path.of("README.md")));
        int n = 0;
        while (m.find()) {
            if (m.group(1).contains("apiVersion: podpreset.dev/v1alpha1")) {
                Files.writeString(dir.resolve("readme-" + (++n) + ".yaml"), m.group(1));
            }
        }
        assertTrue(n > 0, "the README shows no preset");
        PresetDirectory.Contents contents = PresetDirectory.load(dir);
        assertEquals(List.of(), contents.problems());
        assertTrue(contents.presets().size() >= n);
    }
}
