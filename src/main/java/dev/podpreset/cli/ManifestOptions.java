package dev.podpreset.cli;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** The manifests inject and explain read. */
final class ManifestOptions {
    @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR",
            description = "manifests: multi-document YAML or JSON files, or directories of them (their .yaml, .yml and "
                    + ".json files); Pods and every pod template (Deployments, StatefulSets, DaemonSets, ReplicaSets, "
                    + "Jobs, CronJobs and custom resources such as Argo Rollouts); repeatable; - reads standard input")
    List<String> files = new ArrayList<>();

    @Option(names = {"-R", "--recursive"}, description = "read the directories of -f and their subdirectories")
    boolean recursive;

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

    /** The documents of -f; each problem is reported on standard error. */
    ManifestInputs read(CliContext context) {
        ManifestInputs inputs = ManifestInputs.read(files, recursive, context);
        inputs.errors().forEach(e -> context.err().println("error: " + e));
        return inputs;
    }
}
