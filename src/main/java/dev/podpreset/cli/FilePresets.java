package dev.podpreset.cli;

import dev.podpreset.injection.NamespaceMetadata;
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

/**
 * Presets from files and directories, read as the webhook's local mode reads its directory, but strictly:
 * an unparseable file or an invalid preset fails the command (the webhook would skip it, and a preview
 * without it would pass for the wrong reason), and so do paths that hold no preset at all.
 */
final class FilePresets {
    private FilePresets() {
    }

    /**
     * Every preset and namespace of {@code paths} (later paths win for the same namespace). Each problem is
     * an error and each skipped document a note on standard error, naming the file as the user did.
     */
    static LoadedPresets load(List<String> paths, CliContext context) throws CliFailure {
        WrittenPresets written = new WrittenPresets();
        List<PreparedPreset> presets = new ArrayList<>();
        Map<String, NamespaceMetadata> namespaces = new HashMap<>();
        List<InvalidPreset> invalid = new ArrayList<>();
        int problems = 0;
        for (String given : paths) {
            PresetDirectory.Contents contents = read(given, context);
            contents.skipped().forEach(s -> context.err().println("note: skipped " + s));
            contents.problems().forEach(p -> context.err().println("error: " + p));
            problems += contents.problems().size();
            presets.addAll(contents.presets());
            namespaces.putAll(contents.namespaces());
            invalid.addAll(contents.invalid());
            try {
                written.putAll(PresetDirectory.written(context.resolve(given)));
            } catch (IOException e) {
                throw new CliFailure(ExitCodes.FAILED, given + ": cannot read: " + e.getMessage());
            }
        }
        if (problems > 0) {
            throw new CliFailure(ExitCodes.FAILED, problems + (problems == 1 ? " problem" : " problems")
                    + " in the presets (see above); 'podpreset validate' lists them all");
        }
        if (presets.isEmpty()) {
            throw new CliFailure(ExitCodes.FAILED, "no PodPreset or ClusterPodPreset in " + String.join(", ", paths));
        }
        return new LoadedPresets(new PresetSnapshot(presets, namespaces, invalid), written);
    }

    /** One path's contents, with problems and skipped documents naming files relative to {@code given}. */
    static PresetDirectory.Contents read(String given, CliContext context) throws CliFailure {
        Path path = context.resolve(given);
        if (!Files.exists(path)) {
            throw new CliFailure(ExitCodes.USAGE, given + ": no such file or directory");
        }
        try {
            PresetDirectory.Contents contents = PresetDirectory.load(path);
            String resolved = path.toString();
            return new PresetDirectory.Contents(contents.presets(), contents.namespaces(), contents.invalid(),
                    shown(contents.problems(), resolved, given), shown(contents.skipped(), resolved, given), contents.files());
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.FAILED, given + ": cannot read: " + e.getMessage());
        }
    }

    private static List<String> shown(List<String> lines, String resolved, String given) {
        return lines.stream().map(p -> p.startsWith(resolved) ? given + p.substring(resolved.length()) : p).toList();
    }
}
