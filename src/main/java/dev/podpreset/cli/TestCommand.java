package dev.podpreset.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpreset.injection.InjectionResult;
import dev.podpreset.injection.Outcome;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.injection.SkippedPreset;
import dev.podpreset.presets.PresetSnapshot;
import dev.podpreset.presets.SourceDocument;
import dev.podpreset.presets.YamlDocuments;
import dev.podpreset.presets.YamlSyntaxException;
import dev.podpreset.scope.WebhookScope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code podpreset test DIR...}: runs every {@code podpreset-test.yaml} under the directories, like
 * {@code kyverno test}: the resources are injected with the suite's presets exactly as {@code inject}
 * does (webhook scope included), and each expectation is checked. Prints one row per expectation and
 * exits 1 on any failure.
 */
@Command(name = "test", description = {"Run preset test suites: every " + TestSuite.FILE_NAME + " under DIR.",
        "Each names preset files, resource files and the expected result per resource and preset "
                + "(applied, skipped, rejected, not-selected), optionally the resource expected after injection."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every expectation holds", "1:an expectation failed or a suite is malformed",
                "2:wrong command line"})
final class TestCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "directories searched for " + TestSuite.FILE_NAME
            + ", or suite files themselves (any name)")
    List<String> dirs;

    @Option(names = "--file-name", paramLabel = "NAME", defaultValue = TestSuite.FILE_NAME,
            description = "the suite file name looked for in DIR (default: ${DEFAULT-VALUE})")
    String fileName;

    @Option(names = "--fail-only", description = "print only the failing rows (and the summary)")
    boolean failOnly;

    private final CliContext context;

    TestCommand(CliContext context) {
        this.context = context;
    }

    private record Row(String suite, String resource, String preset, String expected, String actual, boolean pass) {
    }

    @Override
    public Integer call() throws Exception {
        List<Path> suites = new ArrayList<>();
        for (String dir : dirs) {
            Path path = context.resolve(dir);
            if (!Files.exists(path)) {
                throw new CliFailure(ExitCodes.USAGE, dir + ": no such file or directory");
            }
            if (Files.isRegularFile(path)) {
                suites.add(path); // named on the command line: any file name
                continue;
            }
            try (Stream<Path> s = Files.walk(path)) {
                s.filter(p -> p.getFileName().toString().equals(fileName)).sorted().forEach(suites::add);
            }
        }
        if (suites.isEmpty()) {
            throw new CliFailure(ExitCodes.FAILED, "no " + fileName + " under " + String.join(", ", dirs));
        }
        List<Row> rows = new ArrayList<>();
        boolean broken = false;
        for (Path file : suites) {
            Path shown = context.workingDirectory().toAbsolutePath().relativize(file.toAbsolutePath());
            try {
                rows.addAll(run(TestSuite.read(file, shown.toString()), file.getParent(), shown));
            } catch (IOException e) {
                context.err().println("error: " + e.getMessage());
                broken = true;
            } catch (CliFailure e) {
                context.err().println("error: " + shown + ": " + e.getMessage());
                broken = true;
            }
        }
        context.out().print(table(failOnly ? rows.stream().filter(r -> !r.pass()).toList() : rows));
        long failed = rows.stream().filter(r -> !r.pass()).count();
        context.out().println();
        context.out().println((rows.size() - failed) + " passed, " + failed + " failed, " + suites.size() + " suite"
                + (suites.size() == 1 ? "" : "s"));
        context.out().flush();
        return failed == 0 && !broken ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private List<Row> run(TestSuite suite, Path dir, Path file) throws IOException, CliFailure {
        CliContext here = new CliContext(dir, context.in(), context.out(), context.err(), context.cluster());
        String namespace = suite.namespace() == null ? "default" : suite.namespace();
        ScopeOptions scopeOptions = new ScopeOptions();
        scopeOptions.values = suite.values();
        scopeOptions.releaseNamespace = suite.releaseNamespace() == null
                ? WebhookScope.DEFAULT_RELEASE_NAMESPACE : suite.releaseNamespace();
        WebhookScope scope = scopeOptions.scope(here);
        PresetSnapshot snapshot = FilePresets.load(suite.presets(), here);
        Preview preview = Preview.of(suite.resources(), here, namespace, snapshot, scope);
        if (preview.malformed()) {
            throw new CliFailure(ExitCodes.FAILED, "a resource file is malformed (see above)");
        }
        String name = suite.name() != null ? suite.name() : file.getParent() == null ? "." : file.getParent().toString();
        List<Row> rows = new ArrayList<>();
        for (TestSuite.Expectation e : suite.results()) {
            String title = title(e.resource(), namespace);
            PodTemplateInjector.Injection pod = preview.pods().stream().map(Preview.Pod::injection)
                    .filter(p -> p.title().equals(title)).findFirst().orElse(null);
            if (e.result() != null) {
                String preset = presetName(e.preset());
                String actual = pod == null ? "no such resource" : actual(pod, preset).text();
                rows.add(new Row(name, title, preset, e.result(), actual, actual.equals(e.result())));
            }
            if (e.patchedResource() != null) {
                rows.add(patched(name, title, pod, here, e.patchedResource()));
            }
        }
        return rows;
    }

    /** {@code Kind/ns/name} or {@code Kind/name} as the title {@link PodTemplateInjector} gives: {@code Kind ns/name}. */
    private static String title(String ref, String namespace) {
        String[] parts = ref.split("/", 3);
        return parts.length == 3 ? parts[0] + " " + parts[1] + "/" + parts[2]
                : parts.length == 2 ? parts[0] + " " + namespace + "/" + parts[1] : ref;
    }

    /** {@code ClusterPodPreset/name} or {@code PodPreset/ns/name} as its display name. */
    private static String presetName(String ref) {
        int slash = ref.indexOf('/');
        return slash < 0 ? ref : ref.substring(0, slash) + " " + ref.substring(slash + 1);
    }

    private static TestSuite.Result actual(PodTemplateInjector.Injection pod, String preset) {
        InjectionResult result = pod.result();
        if (result == null) {
            return TestSuite.Result.NOT_SELECTED;
        }
        if (result.applied().stream().map(PreparedPreset::displayName).anyMatch(preset::equals)) {
            return TestSuite.Result.APPLIED;
        }
        List<SkippedPreset> skipped = result.skipped();
        for (int i = 0; i < skipped.size(); i++) {
            if (skipped.get(i).preset().displayName().equals(preset)) {
                boolean rejecting = result.outcome() == Outcome.REJECTED && i == skipped.size() - 1;
                return rejecting ? TestSuite.Result.REJECTED : TestSuite.Result.SKIPPED;
            }
        }
        return TestSuite.Result.NOT_SELECTED;
    }

    private Row patched(String suite, String title, PodTemplateInjector.Injection pod, CliContext here, String file)
            throws IOException {
        if (pod == null) {
            return new Row(suite, title, "(patchedResource " + file + ")", "as in file", "no such resource", false);
        }
        JsonNode expected = null;
        try {
            for (SourceDocument doc : YamlDocuments.read(file, Files.readAllBytes(here.resolve(file)))) {
                expected = expected == null ? doc.node() : expected;
            }
        } catch (YamlSyntaxException e) {
            throw new IOException(e.getMessage());
        }
        boolean same = pod.manifest().equals(expected);
        if (!same) {
            context.err().print(UnifiedDiff.of(file, title + " (injected)",
                    expected == null ? "" : ManifestYaml.write(List.of(expected)), ManifestYaml.write(List.of(pod.manifest()))));
        }
        return new Row(suite, title, "(patchedResource " + file + ")", "as in file", same ? "as in file" : "differs",
                same);
    }

    private static String table(List<Row> rows) {
        String[] header = {"SUITE", "RESOURCE", "PRESET", "EXPECTED", "ACTUAL", "RESULT"};
        List<String[]> cells = new ArrayList<>();
        cells.add(header);
        rows.forEach(r -> cells.add(new String[] {r.suite(), r.resource(), r.preset(), r.expected(), r.actual(),
                r.pass() ? "pass" : "FAIL"}));
        int[] width = new int[header.length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (width[i] + 2) + "s", row[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
