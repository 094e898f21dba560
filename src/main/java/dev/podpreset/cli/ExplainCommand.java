package dev.podpreset.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.scope.LabelSelectorText;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code podpreset explain}: for each manifest, whether the webhook is called for its pod, which presets
 * matched, were applied or were skipped (with the conflict), or why none applied. On the cluster
 * ({@code --cluster}), like {@code istioctl x check-inject}: for running pods named by {@code pod NAME},
 * {@code deploy/NAME}, {@code sts/NAME} (any workload's pods) or {@code -l SELECTOR}, every preset that
 * selects each pod now and whether the pod carries it at the current generation ({@link LivePodReport}).
 */
@Command(name = "explain", sortOptions = false,
        description = {"Explain what the webhook does with each pod of the manifests, and why.",
                "explain pod NAME | deploy/NAME | sts/NAME | -l SELECTOR -n NS --cluster: which presets select the "
                        + "running pods now, and whether each pod carries each at the current generation, an older one, "
                        + "skipped it, or not at all."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done",
                "1:a pod would be rejected, an input cannot be read or is malformed, a preset is invalid, something "
                        + "could not be evaluated, or no pod was found",
                "2:wrong command line", "3:with --fail-on-skip: a preset would be skipped"})
final class ExplainCommand implements Callable<Integer> {
    /** The workload kinds (kubectl's names and short names) whose pods {@code KIND/NAME} explains. */
    private static final Map<String, String> WORKLOADS = Map.ofEntries(
            Map.entry("deploy", "Deployment"), Map.entry("deployment", "Deployment"), Map.entry("deployments", "Deployment"),
            Map.entry("sts", "StatefulSet"), Map.entry("statefulset", "StatefulSet"), Map.entry("statefulsets", "StatefulSet"),
            Map.entry("ds", "DaemonSet"), Map.entry("daemonset", "DaemonSet"), Map.entry("daemonsets", "DaemonSet"),
            Map.entry("rs", "ReplicaSet"), Map.entry("replicaset", "ReplicaSet"), Map.entry("replicasets", "ReplicaSet"),
            Map.entry("job", "Job"), Map.entry("jobs", "Job"));
    private static final Set<String> PODS = Set.of("pod", "pods", "po");

    @Mixin
    HelpOption help;

    @Parameters(arity = "0..2", paramLabel = "TARGET", description = "running pods (needs --cluster): pod NAME, "
            + "pod/NAME, deploy/NAME, sts/NAME, ds/NAME, rs/NAME or job/NAME")
    List<String> target = List.of();

    @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR",
            description = "with --cluster: the running pods with these labels (kubectl syntax: a=b,c in (d,e),!f)")
    String selector;

    @Mixin
    PreviewOptions options;

    private final CliContext context;

    ExplainCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws CliFailure {
        if (!target.isEmpty() || selector != null) {
            return explainLivePods();
        }
        Preview preview = options.preview(context);
        if (preview == null) {
            return ExitCodes.FAILED;
        }
        context.out().print(ExplainReport.of(preview).text());
        context.out().flush();
        return options.exitCode(preview);
    }

    /** Which running pods are meant: by name, by a workload's selector, or by -l. */
    private record Target(String description, String podName, String workloadKind, String workloadName, LabelSelector labels) {
    }

    private Target target() throws CliFailure {
        if (selector != null) {
            if (!target.isEmpty()) {
                throw new CliFailure(ExitCodes.USAGE, "-l SELECTOR takes no TARGET");
            }
            try {
                return new Target("pods with labels " + selector, null, null, null, LabelSelectorText.parse(selector));
            } catch (IllegalArgumentException e) {
                throw new CliFailure(ExitCodes.USAGE, "-l " + selector + ": " + e.getMessage());
            }
        }
        String kind;
        String name;
        if (target.size() == 2) {
            kind = target.get(0);
            name = target.get(1);
        } else if (target.get(0).contains("/")) {
            kind = target.get(0).substring(0, target.get(0).indexOf('/'));
            name = target.get(0).substring(target.get(0).indexOf('/') + 1);
        } else {
            throw new CliFailure(ExitCodes.USAGE, "expected pod NAME or KIND/NAME, got '" + String.join(" ", target) + "'");
        }
        kind = kind.toLowerCase(Locale.ROOT);
        if (PODS.contains(kind)) {
            return new Target("pod " + name, name, null, null, null);
        }
        if (!WORKLOADS.containsKey(kind)) {
            throw new CliFailure(ExitCodes.USAGE, "unknown kind '" + kind + "': expected pod, deploy, sts, ds, rs or job");
        }
        return new Target(WORKLOADS.get(kind) + " " + name, null, WORKLOADS.get(kind), name, null);
    }

    private int explainLivePods() throws CliFailure {
        PresetOptions presets = options.presets;
        presets.check();
        Target wanted = target();
        if (!presets.cluster) {
            throw new CliFailure(ExitCodes.USAGE, "explain " + String.join(" ", target)
                    + (selector == null ? "" : "-l " + selector) + " reads pods from the cluster: add --cluster");
        }
        if (!options.manifests.files.isEmpty()) {
            throw new CliFailure(ExitCodes.USAGE, "explaining running pods takes no -f");
        }
        WebhookSetup webhook = options.scope.webhook(context);
        String namespace = options.manifests.namespace;
        try (KubernetesClient client = presets.connect(context)) {
            LoadedPresets loaded = ClusterPresets.load(client, List.of(namespace), context.err());
            List<Pod> pods = pods(client, namespace, wanted);
            if (pods.isEmpty()) {
                throw new CliFailure(ExitCodes.FAILED, wanted.description() + " in namespace " + namespace + ": no pod found");
            }
            boolean complete = true;
            StringBuilder out = new StringBuilder();
            for (Pod pod : pods) {
                ObjectNode json = client.getKubernetesSerialization().convertValue(pod, ObjectNode.class);
                out.append(out.length() == 0 ? "" : "\n").append(LivePodReport.of(json, namespace, loaded, webhook));
                complete &= loaded.evaluation(namespace).complete();
            }
            context.out().print(out);
            context.out().flush();
            return complete ? ExitCodes.OK : ExitCodes.FAILED;
        } catch (KubernetesClientException e) {
            throw new CliFailure(ExitCodes.FAILED, wanted.description() + " in namespace " + namespace + ": "
                    + ClusterPresets.reason(e));
        }
    }

    private static List<Pod> pods(KubernetesClient client, String namespace, Target wanted) throws CliFailure {
        if (wanted.podName() != null) {
            Pod pod = client.pods().inNamespace(namespace).withName(wanted.podName()).get();
            return pod == null ? List.of() : List.of(pod);
        }
        LabelSelector labels = wanted.labels();
        if (labels == null) {
            HasMetadata workload = client.genericKubernetesResources(apiVersion(wanted.workloadKind()), wanted.workloadKind())
                    .inNamespace(namespace).withName(wanted.workloadName()).get();
            if (workload == null) {
                throw new CliFailure(ExitCodes.FAILED, wanted.description() + " in namespace " + namespace + " not found");
            }
            Object selector = client.getKubernetesSerialization().convertValue(workload, ObjectNode.class)
                    .path("spec").path("selector");
            labels = client.getKubernetesSerialization().convertValue(selector, LabelSelector.class);
        }
        return client.pods().inNamespace(namespace).withLabelSelector(labels).list().getItems().stream()
                .sorted(java.util.Comparator.comparing(p -> p.getMetadata().getName())).toList();
    }

    private static String apiVersion(String kind) {
        return kind.equals("Job") ? "batch/v1" : "apps/v1";
    }
}
