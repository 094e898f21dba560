package dev.podpreset.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpreset.injection.SkippedPreset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code podpreset inject}: the webhook's injection, offline (or on the cluster's presets with
 * {@code --cluster}). Prints the manifests as the API server would store them: every document in input
 * order, pods and pod templates injected where the webhook would be called for them. Standard output
 * carries only the manifests (or the diff); warnings and errors go to standard error.
 */
@Command(name = "inject", sortOptions = false,
        description = {"Print manifests with presets injected, exactly as the webhook would inject them.",
                "The webhook's scope applies first: pods in kube-system, kube-public, kube-node-lease and the release "
                        + "namespace, in namespaces that do not match the namespaceSelector, or that do not match the "
                        + "objectSelector, are printed unchanged (with a note on standard error)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:a pod would be rejected (onConflict: Reject), an input cannot be read or is "
                + "malformed, or a preset is invalid",
                "2:wrong command line", "3:with --fail-on-skip: a preset would be skipped"})
final class InjectCommand implements Callable<Integer> {
    enum Format { yaml, json }

    @Mixin
    HelpOption help;
    @Mixin
    PreviewOptions options;

    @Option(names = {"-o", "--output"}, paramLabel = "yaml|json", defaultValue = "yaml",
            description = "output format (default: ${DEFAULT-VALUE}); several documents in JSON are a v1 List")
    Format output;

    @Option(names = "--diff", description = "print a unified diff per changed document instead of the manifests")
    boolean diff;

    private final CliContext context;

    InjectCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        Preview preview = options.preview(context);
        if (preview == null) {
            return ExitCodes.FAILED;
        }
        PrintStream err = context.err();
        for (Preview.PassedThrough other : preview.passedThrough()) {
            err.println("note: " + other.where() + " (" + other.title() + "): passed through: no pod or pod template");
        }
        for (Preview.Pod pod : preview.pods()) {
            PodTemplateInjector.Injection injection = pod.injection();
            String subject = pod.where() + " (" + injection.title() + ")";
            if (injection.result() == null) {
                err.println("note: " + subject + ": not injected: the webhook is not called for this pod: "
                        + injection.scope().reason());
            } else if (injection.rejected()) {
                err.println("error: " + subject + " would be rejected: " + injection.result().rejection());
            } else {
                for (SkippedPreset skipped : injection.result().skipped()) {
                    err.println("warning: " + subject + ": " + skipped.message());
                }
            }
        }
        int exit = options.exitCode(preview);
        if (exit != ExitCodes.FAILED) {
            context.out().print(diff ? diff(preview) : render(preview.documents().stream().map(Preview.Document::output).toList()));
            context.out().flush();
        }
        return exit;
    }

    private String render(List<JsonNode> docs) {
        return output == Format.json ? ManifestYaml.writeJson(docs) : ManifestYaml.write(docs);
    }

    private String diff(Preview preview) {
        StringBuilder out = new StringBuilder();
        for (Preview.Document doc : preview.documents()) {
            if (doc.changed()) {
                String where = doc.input().where();
                out.append(UnifiedDiff.of(where, where + " (injected)", render(List.of(doc.input().node())),
                        render(List.of(doc.output()))));
            }
        }
        return out.toString();
    }
}
