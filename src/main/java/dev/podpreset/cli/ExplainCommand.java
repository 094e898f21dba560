package dev.podpreset.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.presets.PresetSnapshot;
import dev.podpreset.scope.WebhookScope;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code podpreset explain}: for each pod of the manifests, whether the webhook is called for it, which
 * presets matched, were applied or were skipped (with the conflict), or why none applied. With
 * {@code pod NAME --cluster}: for a running pod, every preset that selects it now and whether the pod
 * carries it at the current generation ({@link LivePodReport}).
 */
@Command(name = "explain", sortOptions = false,
        description = {"Explain what the webhook does with each pod of the manifests, and why.",
                "explain pod NAME -n NS --cluster: which presets select a running pod now, and whether it carries "
                        + "each at the current generation, an older one, skipped it, or not at all."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:a pod would be rejected, an input is malformed, or the pod is not found",
                "2:wrong command line", "3:with --fail-on-skip: a preset would be skipped"})
final class ExplainCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Parameters(arity = "0..2", paramLabel = "pod NAME", description = "a running pod (needs --cluster)")
    List<String> target = List.of();

    @Mixin
    PreviewOptions options;

    private final CliContext context;

    ExplainCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (!target.isEmpty()) {
            return explainLivePod();
        }
        Preview preview = options.preview(context);
        if (preview == null) {
            return ExitCodes.FAILED;
        }
        context.out().print(ExplainReport.of(preview).text());
        context.out().flush();
        return options.exitCode(preview);
    }

    private int explainLivePod() throws CliFailure {
        PresetOptions presets = options.presets;
        presets.check();
        if (target.size() != 2 || !List.of("pod", "pods", "po").contains(target.get(0))) {
            throw new CliFailure(ExitCodes.USAGE, "expected 'pod NAME', got '" + String.join(" ", target) + "'");
        }
        if (!presets.cluster) {
            throw new CliFailure(ExitCodes.USAGE, "explain pod NAME reads the pod from the cluster: add --cluster");
        }
        if (!options.manifests.files.isEmpty()) {
            throw new CliFailure(ExitCodes.USAGE, "explain pod NAME takes no -f");
        }
        WebhookScope webhookScope = options.scope.scope(context);
        String name = target.get(1);
        String namespace = options.manifests.namespace;
        try (KubernetesClient client = presets.connect(context)) {
            PresetSnapshot snapshot = ClusterPresets.load(client, context.err());
            Pod pod;
            try {
                pod = client.pods().inNamespace(namespace).withName(name).get();
            } catch (KubernetesClientException e) {
                throw new CliFailure(ExitCodes.FAILED, "pod " + namespace + "/" + name + ": " + ClusterPresets.reason(e));
            }
            if (pod == null) {
                throw new CliFailure(ExitCodes.FAILED, "pod " + namespace + "/" + name + " not found");
            }
            ObjectNode json = client.getKubernetesSerialization().convertValue(pod, ObjectNode.class);
            context.out().print(LivePodReport.of(json, namespace, snapshot, webhookScope));
            context.out().flush();
            return ExitCodes.OK;
        }
    }
}
