package dev.podpreset.cli;

import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.presets.InvalidPreset;
import dev.podpreset.presets.PresetDirectory;
import dev.podpreset.presets.PresetSnapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Presets from files and directories, read as the webhook's local mode reads its directory. */
final class FilePresets {
    private FilePresets() {
    }

    /**
     * Every valid preset and namespace of {@code paths} (later paths win for the same namespace); each
     * invalid one is a warning on standard error, naming the file as the user did.
     */
    static PresetSnapshot load(List<String> paths, CliContext context) throws CliFailure {
        List<PreparedPreset> presets = new ArrayList<>();
        Map<String, Map<String, String>> namespaces = new HashMap<>();
        List<InvalidPreset> invalid = new ArrayList<>();
        for (String given : paths) {
            PresetDirectory.Contents contents = read(given, context);
            contents.problems().forEach(p -> context.err().println("warning: invalid preset skipped: " + p));
            presets.addAll(contents.presets());
            namespaces.putAll(contents.namespaceLabels());
            invalid.addAll(contents.invalid());
        }
        return new PresetSnapshot(presets, namespaces, invalid);
    }

    /** One path's contents, with problems naming files relative to {@code given}. */
    static PresetDirectory.Contents read(String given, CliContext context) throws CliFailure {
        Path path = context.resolve(given);
        if (!Files.exists(path)) {
            throw new CliFailure(ExitCodes.USAGE, given + ": no such file or directory");
        }
        try {
            PresetDirectory.Contents contents = PresetDirectory.load(path);
            String resolved = path.toString();
            List<String> shown = contents.problems().stream()
                    .map(p -> p.startsWith(resolved) ? given + p.substring(resolved.length()) : p).toList();
            return new PresetDirectory.Contents(contents.presets(), contents.namespaceLabels(), contents.invalid(), shown,
                    contents.skipped(), contents.files());
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.FAILED, given + ": cannot read: " + e.getMessage());
        }
    }
}
