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
 * carries only the manifests (or the diff); notes, warnings and errors go to standard error. With
 * {@code --diff} the exit code is diff's, as for {@code kubectl diff}: 1 when something would change.
 */
@Command(name = "inject", sortOptions = false,
        description = {"Print manifests with presets injected, exactly as the webhook would inject them.",
                "The webhook's scope applies first: pods in kube-system, kube-public, kube-node-lease and the release "
                        + "namespace, in namespaces that do not match the namespaceSelector, or that do not match the "
                        + "objectSelector, are printed unchanged (with a note on standard error)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (with --diff: nothing would change)",
                "1:a pod would be rejected (onConflict: Reject), an input cannot be read or is malformed, or a preset is "
                        + "invalid (with --diff: something would change)",
                "2:wrong command line (with --diff: also every error of exit code 1)",
                "3:with --fail-on-skip: a preset would be skipped"})
final class InjectCommand implements Callable<Integer> {
    enum Format { yaml, json }

    @Mixin
    HelpOption help;
    @Mixin
    PreviewOptions options;

    @Option(names = {"-o", "--output"}, paramLabel = "yaml|json", defaultValue = "yaml",
            description = "output format (default: ${DEFAULT-VALUE}); several documents in JSON are a v1 List")
    Format output;

    @Option(names = "--diff", description = "print a unified diff per changed document instead of the manifests, and "
            + "exit 1 if there is any (as kubectl diff does; errors exit 2)")
    boolean diff;

    private final CliContext context;

    InjectCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws CliFailure {
        Preview preview;
        try {
            preview = options.preview(context);
        } catch (CliFailure e) {
            // With --diff, 1 means "changes": an error must not look like one.
            throw diff && e.exitCode() == ExitCodes.FAILED ? e.exitingWith(ExitCodes.DIFF_TROUBLE) : e;
        }
        if (preview == null) {
            return diff ? ExitCodes.DIFF_TROUBLE : ExitCodes.FAILED;
        }
        PrintStream err = context.err();
        for (Preview.PassedThrough other : preview.passedThrough()) {
            err.println("note: " + other.where() + " (" + other.title() + "): passed through: no pod or pod template");
        }
        for (Preview.Pod pod : preview.pods()) {
            PodTemplateInjector.Injection injection = pod.injection();
            String subject = pod.where() + " (" + injection.title() + ")";
            if (!injection.complete()) {
                err.println("error: " + subject + ": not evaluated: " + String.join(", ", injection.evaluation().unevaluated())
                        + " (" + injection.evaluation().why() + ")");
            }
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
        if (exit == ExitCodes.FAILED) {
            return diff ? ExitCodes.DIFF_TROUBLE : exit;
        }
        if (!diff) {
            context.out().print(render(preview.documents().stream().map(Preview.Document::output).toList()));
            context.out().flush();
            return exit;
        }
        String changes = diff(preview);
        context.out().print(changes);
        context.out().flush();
        return exit == ExitCodes.OK && !changes.isEmpty() ? ExitCodes.CHANGES : exit;
    }

    private String render(List<JsonNode> docs) {
        return output == Format.json ? ManifestYaml.writeJson(docs) : ManifestYaml.write(docs);
    }

    /** One unified diff per changed document, each headed and each hunk labelled with the manifest's name. */
    private String diff(Preview preview) {
        StringBuilder out = new StringBuilder();
        for (Preview.Document doc : preview.documents()) {
            if (doc.changed()) {
                String title = Preview.title(doc.input().node());
                out.append(UnifiedDiff.of(title + " (" + doc.input().where() + ")", title + " (injected)", title,
                        render(List.of(doc.input().node())), render(List.of(doc.output()))));
            }
        }
        return out.toString();
    }
}
