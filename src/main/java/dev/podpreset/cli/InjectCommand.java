package dev.podpreset.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.injection.Outcome;
import dev.podpreset.injection.SkippedPreset;
import dev.podpreset.presets.PresetDirectory;
import dev.podpreset.presets.PresetSnapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code podpreset inject}: the webhook's injection, offline. Reads Pod and workload manifests, loads a
 * presets directory the way local mode does, runs the admission engine on every pod (template) and
 * prints the manifests as the API server would store them, or with {@code --explain} a report of what
 * matched, what was applied and what was skipped and why. Plain Java: nothing of Quarkus is started.
 *
 * <p>Standard output carries only the YAML (or the report); everything else goes to standard error.
 * Exit codes: {@value #OK}, {@value #FAILED} (a pod would be rejected, or an input is malformed: nothing
 * is printed on standard output then, except the report with --explain), {@value #USAGE}.
 */
public final class InjectCommand {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            Usage: podpreset inject --presets DIR -f FILE [-f FILE ...] [-n NAMESPACE] [--explain]

            Prints the manifests of FILE with the presets of DIR injected, as the webhook would inject them.
            Pods, and the pod templates of Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and
            CronJobs, are injected; every other document is printed unchanged, in input order.

              --presets DIR        PodPresets, ClusterPodPresets and Namespaces (for their labels): the
                                   *.yaml, *.yml, *.json files of DIR, as the webhook's local mode reads them
              -f, --filename FILE  manifests (multi-document YAML or JSON); repeatable; - reads standard input
              -n, --namespace NS   namespace of manifests without metadata.namespace (default: default)
              --explain            instead of the manifests, print for each pod the presets that matched,
                                   were applied or were skipped (with the conflict), or why none applied
              -h, --help           print this help

            Exit codes: 0 done; 1 a pod would be rejected (onConflict: Reject) or a manifest is malformed;
            2 wrong command line.
            """;

    private final Path workingDirectory;

    /** Relative paths are resolved against the process's working directory. */
    public InjectCommand() {
        this(Path.of(""));
    }

    /** Relative paths are resolved against {@code workingDirectory}; messages show them as given. */
    public InjectCommand(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    /** Runs the command; {@code args} are those after {@code inject}. Returns the exit code. */
    public int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        InjectArguments arguments;
        try {
            arguments = InjectArguments.parse(args);
        } catch (UsageException e) {
            err.println("podpreset inject: " + e.getMessage());
            err.println("Run 'podpreset inject --help' for usage.");
            return USAGE;
        }
        if (arguments.help()) {
            out.print(USAGE_TEXT);
            return OK;
        }
        Path presetsDir = workingDirectory.resolve(arguments.presetsDir());
        if (!Files.isDirectory(presetsDir)) {
            err.println("podpreset inject: --presets " + arguments.presetsDir() + ": not a directory");
            return USAGE;
        }

        PresetSnapshot snapshot;
        try {
            PresetDirectory.Contents contents = PresetDirectory.load(presetsDir);
            String resolved = presetsDir.toString();
            for (String problem : contents.problems()) {
                // Name the files as the user named the directory, not as resolved here.
                String shown = problem.startsWith(resolved)
                        ? arguments.presetsDir() + problem.substring(resolved.length()) : problem;
                err.println("warning: invalid preset skipped: " + shown);
            }
            snapshot = contents.snapshot();
        } catch (IOException e) {
            err.println("podpreset inject: --presets " + arguments.presetsDir() + ": cannot read: " + e.getMessage());
            return FAILED;
        }

        boolean failed = false;
        List<ManifestYaml.Document> documents = new ArrayList<>();
        for (String file : arguments.files()) {
            try {
                documents.addAll(ManifestYaml.read(file.equals("-") ? "<stdin>" : file, content(file, in)));
            } catch (NoSuchFileException e) {
                err.println("error: " + file + ": no such file");
                failed = true;
            } catch (IOException e) {
                err.println("error: " + file + ": cannot read: " + e.getMessage());
                failed = true;
            } catch (MalformedManifestException e) {
                err.println("error: " + e.getMessage());
                failed = true;
            }
        }

        List<JsonNode> output = new ArrayList<>();
        ExplainReport report = new ExplainReport();
        for (ManifestYaml.Document doc : documents) {
            try {
                output.add(process(doc.node(), doc.where(), arguments, snapshot, report, err));
            } catch (MalformedManifestException e) {
                err.println("error: " + e.getMessage());
                failed = true;
            } catch (Rejected e) {
                failed = true;
            }
        }

        if (arguments.explain()) {
            out.print(report.isEmpty() ? "no Pod or workload in the input\n" : report.text());
        } else if (!failed) {
            out.print(ManifestYaml.write(output));
        }
        out.flush();
        return failed ? FAILED : OK;
    }

    /** Thrown after the rejection was reported; the rest of the input is still checked. */
    private static final class Rejected extends Exception {
        Rejected() {
            super(null, null, false, false);
        }
    }

    private JsonNode process(JsonNode doc, String where, InjectArguments arguments, PresetSnapshot snapshot,
                             ExplainReport report, PrintStream err) throws MalformedManifestException, Rejected {
        if (!doc.isObject()) {
            throw new MalformedManifestException(where + ": expected a Kubernetes object (a mapping), got "
                    + doc.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        if (doc.path("kind").asText("").equals("List") && doc.path("items").isArray()) {
            ObjectNode list = doc.deepCopy();
            ArrayNode items = list.putArray("items");
            boolean rejected = false;
            int i = 0;
            for (JsonNode item : doc.get("items")) {
                try {
                    items.add(process(item, where + " item " + (++i), arguments, snapshot, report, err));
                } catch (Rejected e) {
                    rejected = true;
                }
            }
            if (rejected) {
                throw new Rejected();
            }
            return list;
        }
        PodTemplateInjector.Injection injection = PodTemplateInjector.inject(doc, where, arguments.namespace(), snapshot);
        if (injection == null) {
            return doc;
        }
        if (arguments.explain()) {
            report.add(where, injection, snapshot.namespaceLabels(injection.namespace()));
        }
        String subject = where + " (" + injection.title() + ")";
        if (injection.result().outcome() == Outcome.REJECTED) {
            err.println("error: " + subject + " would be rejected: " + injection.result().rejection());
            throw new Rejected();
        }
        if (!arguments.explain()) {
            for (SkippedPreset skipped : injection.result().skipped()) {
                err.println("warning: " + subject + ": " + skipped.message());
            }
        }
        return injection.manifest();
    }

    private byte[] content(String file, InputStream in) throws IOException {
        return file.equals("-") ? in.readAllBytes() : Files.readAllBytes(workingDirectory.resolve(file));
    }

    /** For {@code Main}: runs on the process's streams and working directory. */
    public static int main(String[] args) {
        return new InjectCommand().run(args, System.in, System.out, System.err);
    }
}
