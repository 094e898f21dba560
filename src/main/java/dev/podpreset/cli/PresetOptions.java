package dev.podpreset.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Where inject and explain take presets and namespace labels from: files, or the cluster (read-only). */
final class PresetOptions {
    @Option(names = "--presets", paramLabel = "DIR|FILE",
            description = "PodPresets, ClusterPodPresets and Namespaces (for their labels) from the *.yaml, *.yml, "
                    + "*.json files of DIR (as the webhook's local mode reads them) or from FILE; repeatable")
    List<String> presets = new ArrayList<>();

    @Option(names = "--cluster",
            description = "presets and namespace labels from the cluster of the kubeconfig, read-only "
                    + "(lists PodPresets, ClusterPodPresets and Namespaces)")
    boolean cluster;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "with --cluster: this kubeconfig instead of $KUBECONFIG or ~/.kube/config")
    String kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "with --cluster: this kubeconfig context")
    String kubeContext;

    /** Checks that exactly one source is given. */
    void check() throws CliFailure {
        if (cluster == !presets.isEmpty()) {
            throw new CliFailure(ExitCodes.USAGE, cluster ? "--presets and --cluster exclude each other"
                    : "--presets DIR or --cluster is required");
        }
        if (!cluster && (kubeconfig != null || kubeContext != null)) {
            throw new CliFailure(ExitCodes.USAGE, "--kubeconfig and --context need --cluster");
        }
    }

    /** The client of --cluster; the caller closes it. */
    KubernetesClient connect(CliContext context) throws CliFailure {
        Path file = kubeconfig == null ? null : context.resolve(kubeconfig);
        if (file != null && !Files.isRegularFile(file)) {
            throw new CliFailure(ExitCodes.USAGE, "--kubeconfig " + kubeconfig + ": no such file");
        }
        try {
            return context.cluster().connect(file, kubeContext);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCodes.FAILED, e.getMessage());
        } catch (KubernetesClientException e) {
            throw new CliFailure(ExitCodes.FAILED, "cannot configure the cluster client: " + ClusterPresets.reason(e));
        }
    }

    /**
     * Loads the presets for pods of {@code namespaces} (the cluster is read for those only); each problem is
     * reported on standard error.
     */
    LoadedPresets load(CliContext context, Collection<String> namespaces) throws CliFailure {
        check();
        if (cluster) {
            try (KubernetesClient client = connect(context)) {
                return ClusterPresets.load(client, namespaces, context.err());
            }
        }
        return FilePresets.load(presets, context);
    }
}
