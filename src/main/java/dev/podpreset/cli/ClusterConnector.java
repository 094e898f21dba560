package dev.podpreset.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Builds the fabric8 client of the commands that talk to a cluster. */
@FunctionalInterface
public interface ClusterConnector {
    /** Where a pod finds its service account's token: fabric8's sign of running in a cluster. */
    Path SERVICE_ACCOUNT_TOKEN = Path.of(Config.KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH);

    /**
     * fabric8's own configuration: {@code kubeconfig} when given, else {@code $KUBECONFIG} or
     * {@code ~/.kube/config}, else the in-cluster service account; {@code context} (may be null) picks a
     * kubeconfig context. With none of them there is no cluster to talk to: an IllegalArgumentException
     * says so (fabric8 would try https://kubernetes.default.svc and fail with an unknown host).
     */
    ClusterConnector KUBECONFIG = (kubeconfig, context) -> {
        if (kubeconfig == null && !defaultKubeconfigExists() && !Files.exists(SERVICE_ACCOUNT_TOKEN)
                && System.getenv("KUBERNETES_SERVICE_HOST") == null) {
            throw new IllegalArgumentException("no cluster configured: no kubeconfig (--kubeconfig FILE, $KUBECONFIG or "
                    + "~/.kube/config) and not running in a pod");
        }
        Config config = kubeconfig == null
                ? Config.autoConfigure(context)
                : Config.fromKubeconfig(context, kubeconfig.toFile());
        // A command answers within seconds: an unreachable API server is reported, not retried for minutes.
        config.setRequestRetryBackoffLimit(1);
        return new KubernetesClientBuilder().withConfig(config).build();
    };

    KubernetesClient connect(Path kubeconfig, String context);

    /** Whether fabric8 finds a kubeconfig: the files of -Dkubeconfig or $KUBECONFIG, else ~/.kube/config. */
    static boolean defaultKubeconfigExists() {
        String configured = System.getProperty(Config.KUBERNETES_KUBECONFIG_FILE, System.getenv("KUBECONFIG"));
        if (configured != null && !configured.isEmpty()) {
            return Arrays.stream(configured.split(File.pathSeparator)).anyMatch(f -> Files.isRegularFile(Path.of(f)));
        }
        return Files.isRegularFile(Path.of(System.getProperty("user.home"), ".kube", "config"));
    }
}
