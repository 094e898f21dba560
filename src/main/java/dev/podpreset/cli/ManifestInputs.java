package dev.podpreset.cli;

import dev.podpreset.presets.PresetDirectory;
import dev.podpreset.presets.SourceDocument;
import dev.podpreset.presets.YamlDocuments;
import dev.podpreset.presets.YamlSyntaxException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The manifests of {@code -f}, as kubectl takes them: a file (any name), a directory (its {@code .yaml},
 * {@code .yml} and {@code .json} files in name order; with {@code -R} its subdirectories too) or
 * {@code -} for standard input, read once however often it is named. Every problem is collected, named
 * by path (and line); no input at all is a problem too.
 *
 * @param documents the non-blank documents, in order
 * @param errors    one line per problem; empty when everything was read
 */
record ManifestInputs(List<SourceDocument> documents, List<String> errors) {
    static final String STDIN = "<stdin>";

    boolean failed() {
        return !errors.isEmpty();
    }

    static ManifestInputs read(List<String> given, boolean recursive, CliContext context) {
        List<SourceDocument> documents = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        boolean stdinRead = false;
        for (String name : given) {
            try {
                if (name.equals("-")) {
                    if (!stdinRead) {
                        stdinRead = true;
                        documents.addAll(YamlDocuments.read(STDIN, context.in().readAllBytes()));
                    }
                    continue;
                }
                Path path = context.resolve(name);
                if (Files.isDirectory(path)) {
                    List<Path> files = files(path, recursive);
                    if (files.isEmpty()) {
                        errors.add(name + ": no .yaml, .yml or .json file in this directory"
                                + (recursive ? " or below" : " (-R reads its subdirectories too)"));
                    }
                    for (Path file : files) {
                        documents.addAll(YamlDocuments.read(shown(name, path, file), Files.readAllBytes(file)));
                    }
                } else if (Files.exists(path)) {
                    documents.addAll(YamlDocuments.read(name, Files.readAllBytes(path)));
                } else {
                    errors.add(name + ": no such file or directory");
                }
            } catch (YamlSyntaxException e) {
                errors.add(e.getMessage());
            } catch (IOException e) {
                errors.add(name + ": cannot read: " + e.getMessage());
            }
        }
        if (documents.isEmpty() && errors.isEmpty()) {
            errors.add("no objects in " + String.join(", ", given.stream().map(n -> n.equals("-") ? STDIN : n).toList()));
        }
        return new ManifestInputs(List.copyOf(documents), List.copyOf(errors));
    }

    private static List<Path> files(Path dir, boolean recursive) throws IOException {
        try (Stream<Path> s = recursive ? Files.walk(dir) : Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(PresetDirectory::isManifestFile).sorted().toList();
        }
    }

    /** A file found in directory {@code name}, named as the user would: {@code name/sub/file.yaml}. */
    private static String shown(String name, Path dir, Path file) {
        String relative = dir.relativize(file).toString();
        return name.endsWith("/") ? name + relative : name + "/" + relative;
    }
}
