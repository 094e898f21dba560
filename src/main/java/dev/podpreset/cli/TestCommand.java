package dev.podpreset.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpreset.injection.AuditOutcome;
import dev.podpreset.injection.InjectionResult;
import dev.podpreset.injection.Outcome;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.injection.SkippedPreset;
import dev.podpreset.injection.TemplatePod;
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
import java.nio.file.NoSuchFileException;
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
                + "(applied, skipped, rejected, not-selected; would-apply, would-conflict for an audit preset), "
                + "optionally the resource expected after injection."},
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

    enum Format { table, json, junit }

    @Option(names = {"-o", "--output"}, paramLabel = "table|json|junit", defaultValue = "table",
            description = "the report: a table with the summary (default), or JSON or JUnit XML alone on standard "
                    + "output (the summary goes to standard error), e.g. -o junit > report.xml")
    Format output;

    private final CliContext context;

    TestCommand(CliContext context) {
        this.context = context;
    }

    /**
     * One expectation checked.
     *
     * @param at      where the expectation is written, {@code suite.yaml:12}
     * @param message why it failed, beyond expected and actual (a diff, a missing preset); empty if nothing
     */
    record Row(String suite, String at, String resource, String preset, String expected, String actual, boolean pass,
               String message) {
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
        List<TestReport.BrokenSuite> broken = new ArrayList<>();
        for (Path file : suites) {
            Path shown = context.workingDirectory().toAbsolutePath().relativize(file.toAbsolutePath());
            try {
                rows.addAll(run(TestSuite.read(file, shown.toString()), shown));
            } catch (IOException e) {
                context.err().println("error: " + e.getMessage());
                broken.add(new TestReport.BrokenSuite(shown.toString(), e.getMessage()));
            } catch (CliFailure e) {
                context.err().println("error: " + shown + ": " + e.getMessage());
                broken.add(new TestReport.BrokenSuite(shown.toString(), e.getMessage()));
            }
        }
        TestReport report = new TestReport(rows, broken, suites.size());
        switch (output) {
            case table -> {
                context.out().print(report.table(failOnly));
                context.out().println();
                context.out().println(report.summary());
            }
            case json -> {
                context.out().print(report.json(failOnly));
                context.err().println(report.summary());
            }
            case junit -> {
                context.out().print(report.junit());
                context.err().println(report.summary());
            }
        }
        context.out().flush();
        return report.passed() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** The rows of one suite; a suite whose presets or resources cannot be used fails whole (CliFailure). */
    private List<Row> run(TestSuite.Loaded loaded, Path file) throws IOException, CliFailure {
        TestSuite suite = loaded.suite();
        Path dir = file.getParent() == null ? Path.of("") : file.getParent();
        String namespace = suite.namespace() == null ? "default" : suite.namespace();
        ScopeOptions scopeOptions = new ScopeOptions();
        scopeOptions.values = suite.values() == null ? null : near(dir, suite.values());
        scopeOptions.releaseNamespace = suite.releaseNamespace() == null
                ? WebhookScope.DEFAULT_RELEASE_NAMESPACE : suite.releaseNamespace();
        WebhookSetup webhook = scopeOptions.webhook(context);
        LoadedPresets presets = FilePresets.load(suite.presets().stream().map(p -> near(dir, p)).toList(), context);
        PresetSnapshot snapshot = presets.snapshot();
        ManifestInputs inputs = ManifestInputs.read(suite.resources().stream().map(r -> near(dir, r)).toList(), false, context);
        inputs.errors().forEach(e -> context.err().println("error: " + e));
        if (inputs.failed()) {
            throw new CliFailure(ExitCodes.FAILED, "a resource file cannot be read (see above)");
        }
        Preview preview = Preview.of(inputs.documents(), namespace, presets, webhook, context.err());
        if (preview.malformed()) {
            throw new CliFailure(ExitCodes.FAILED, "a resource file is malformed (see above)");
        }
        String name = suite.name() != null ? suite.name() : file.getParent() == null ? "." : file.getParent().toString();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < suite.results().size(); i++) {
            TestSuite.Expectation e = suite.results().get(i);
            String at = "results[" + i + "]";
            String title = title(e.resource(), namespace);
            Preview.Subject subject = find(preview, e.resource(), namespace);
            String missingResource = subject == null ? "no such resource in " + String.join(", ", suite.resources())
                    : subject instanceof Preview.PassedThrough ? "has no pod or pod template" : null;
            if (missingResource != null) {
                context.err().println("error: " + loaded.source().at(at + ".resource") + ": " + title + ": " + missingResource);
            }
            PodTemplateInjector.Injection pod = subject instanceof Preview.Pod p ? p.injection() : null;
            if (e.result() != null) {
                String preset = presetName(e.preset());
                String actual;
                String message = "";
                if (snapshot.presets().stream().noneMatch(p -> p.displayName().equals(preset))) {
                    actual = "no such preset";
                    message = loaded.source().at(at + ".preset") + ": " + e.preset() + ": no such preset in "
                            + String.join(", ", suite.presets());
                    context.err().println("error: " + message);
                } else {
                    actual = pod == null ? "no such resource" : actual(pod, preset).text();
                }
                rows.add(new Row(name, loaded.source().at(at), title, preset, e.result(), actual,
                        actual.equals(e.result()), message));
            }
            if (e.patchedResource() != null) {
                rows.add(patched(name, loaded.source().at(at + ".patchedResource"), title, pod, namespace,
                        e.patchedResource(), near(dir, e.patchedResource())));
            }
        }
        return rows;
    }

    /** A path of a suite, relative to the suite's directory, as the user reaches it from the working directory. */
    private static String near(Path dir, String path) {
        return Path.of(path).isAbsolute() ? path : dir.resolve(path).normalize().toString();
    }

    /** The manifest {@code ref} names: a pod or workload by its title, else a manifest passed through. */
    private static Preview.Subject find(Preview preview, String ref, String namespace) {
        String title = title(ref, namespace);
        for (Preview.Subject s : preview.subjects()) {
            if (s instanceof Preview.Pod pod ? pod.injection().title().equals(title)
                    : ((Preview.PassedThrough) s).title().equals(title) || ((Preview.PassedThrough) s).title().equals(
                    ref.replaceFirst("/", " "))) {
                return s;
            }
        }
        return null;
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
        for (AuditOutcome audit : result.audited()) {
            if (audit.preset().displayName().equals(preset)) {
                return audit.wouldApply() ? TestSuite.Result.WOULD_APPLY : TestSuite.Result.WOULD_CONFLICT;
            }
        }
        return TestSuite.Result.NOT_SELECTED;
    }

    /**
     * A patchedResource: the file must hold exactly the one resource the expectation names, equal to it
     * after injection (a mismatch prints a unified diff on standard error).
     */
    private Row patched(String suite, String at, String title, PodTemplateInjector.Injection pod, String namespace,
                        String written, String file) throws IOException {
        String preset = "(patchedResource " + written + ")";
        List<SourceDocument> docs;
        try {
            docs = YamlDocuments.read(file, Files.readAllBytes(context.resolve(file)));
        } catch (YamlSyntaxException e) {
            throw new IOException(e.getMessage());
        } catch (NoSuchFileException e) {
            throw new IOException(at + ": " + file + ": no such file");
        }
        String problem = docs.size() != 1 ? file + " holds " + docs.size() + " documents; a patchedResource is the one "
                + "resource " + title
                : !identity(docs.get(0).node(), namespace).equals(title) ? docs.get(0).at("metadata") + ": holds "
                + identity(docs.get(0).node(), namespace) + ", not " + title : null;
        if (problem != null) {
            context.err().println("error: " + at + ": " + problem);
            return new Row(suite, at, title, preset, "as in file", docs.size() == 1 ? "another resource"
                    : docs.size() + " documents", false, problem);
        }
        if (pod == null) {
            return new Row(suite, at, title, preset, "as in file", "no such resource", false, "");
        }
        JsonNode expected = docs.get(0).node();
        boolean same = pod.manifest().equals(expected);
        String diff = same ? "" : UnifiedDiff.of(file, title + " (injected)", title, ManifestYaml.write(List.of(expected)),
                ManifestYaml.write(List.of(pod.manifest())));
        context.err().print(diff);
        return new Row(suite, at, title, preset, "as in file", same ? "as in file" : "differs", same, diff);
    }

    /** {@code Kind namespace/name} of a manifest, in {@code namespace} when it has none. */
    private static String identity(JsonNode manifest, String namespace) {
        String ns = manifest.path("metadata").path("namespace").asText("");
        return manifest.path("kind").asText("") + " " + TemplatePod.name(ns.isEmpty() ? namespace : ns, manifest.path("metadata"));
    }
}
