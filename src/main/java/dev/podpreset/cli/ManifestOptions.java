package dev.podpreset.cli;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** The manifests inject and explain read. */
final class ManifestOptions {
    @Option(names = {"-f", "--filename"}, paramLabel = "FILE",
            description = "manifests: multi-document YAML or JSON, Pods and the pod templates of Deployments, "
                    + "StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs; repeatable; - reads standard input")
    List<String> files = new ArrayList<>();

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", defaultValue = "default",
            description = "namespace of manifests without metadata.namespace (default: ${DEFAULT-VALUE})")
    String namespace;

    void requireFiles() throws CliFailure {
        if (files.isEmpty()) {
            throw new CliFailure(ExitCodes.USAGE, "at least one -f FILE is required (-f - reads standard input)");
        }
        if (namespace.isEmpty()) {
            throw new CliFailure(ExitCodes.USAGE, "--namespace must not be empty");
        }
    }
}
