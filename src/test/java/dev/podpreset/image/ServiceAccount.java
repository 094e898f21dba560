package dev.podpreset.image;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * How a pod of the chart reaches its API server, for a container of the image on the host network: the files the
 * kubelet mounts for its service account (a token, the CA that issued the API server's certificate, the namespace)
 * and the KUBERNETES_SERVICE_HOST and _PORT it sets. The image's client then reads no kubeconfig: it takes fabric8's
 * in-cluster path and verifies the server's certificate, as in a cluster.
 */
public final class ServiceAccount {
    private static final String MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

    private ServiceAccount() {
    }

    /** Podman options for the API server at {@code url} (HTTPS), its certificate issued by the PEM file {@code ca}. */
    public static List<String> podmanOptions(Path work, String url, Path ca, String namespace) throws IOException {
        URI server = URI.create(url);
        if (!"https".equals(server.getScheme())) {
            throw new IllegalArgumentException("a pod reaches its API server over HTTPS, not " + url);
        }
        Path dir = Files.createDirectories(work.resolve("serviceaccount"));
        Files.writeString(dir.resolve("token"), "token-of-the-test");
        Files.writeString(dir.resolve("namespace"), namespace);
        Files.copy(ca, dir.resolve("ca.crt"));
        // The container's user (uid 185) reads them, as the kubelet's files.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String file : List.of("token", "namespace", "ca.crt")) {
            Files.setPosixFilePermissions(dir.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
        }
        return List.of("--volume", dir + ":" + MOUNT + ":ro",
                "--env", "KUBERNETES_SERVICE_HOST=" + server.getHost(), "--env", "KUBERNETES_SERVICE_PORT=" + server.getPort());
    }
}
