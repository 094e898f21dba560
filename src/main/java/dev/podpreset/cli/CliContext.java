package dev.podpreset.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What a command runs against: the working directory that relative paths are resolved against (messages
 * show paths as given), the three standard streams, and how to reach a cluster.
 */
public record CliContext(Path workingDirectory, InputStream in, PrintStream out, PrintStream err,
                         ClusterConnector cluster) {

    /** The process's own directory, streams and kubeconfig. */
    public static CliContext system() {
        return new CliContext(Path.of(""), System.in, System.out, System.err, ClusterConnector.KUBECONFIG);
    }

    Path resolve(String path) {
        return workingDirectory.resolve(path);
    }
}
