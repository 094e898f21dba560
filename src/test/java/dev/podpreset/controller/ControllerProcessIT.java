package dev.podpreset.controller;

import dev.podpreset.image.RunningPod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar run as the chart runs the controller ({@code controller}), against the CRUD mock with our CRDs:
 * it answers its probes and metrics on the management port, but opens no HTTPS port and generates no certificate,
 * since it answers no admission request.
 */
class ControllerProcessIT {

    @Test
    void servesHealthAndMetricsButNoAdmissionPortNorCertificate(@TempDir Path work) throws Exception {
        int https = RunningPod.freePort();
        int management = RunningPod.freePort();
        Path generated = work.resolve("generated-tls");
        Path kubeconfig = work.resolve("kubeconfig");
        Path log = Path.of("target", "controller-process-it.log");
        try (ControllerCluster cluster = new ControllerCluster()) {
            Files.writeString(kubeconfig, cluster.kubeconfig());
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dquarkus.http.ssl-port=" + https, "-Dquarkus.management.port=" + management,
                    "-jar", "target/quarkus-app/quarkus-run.jar", "controller");
            pb.environment().put("KUBECONFIG", kubeconfig.toString());
            pb.environment().put("POD_NAMESPACE", "podpreset-system");
            pb.environment().put("PODPRESET_TLS_GENERATED_DIR", generated.toString());
            pb.environment().remove("PODPRESET_PRESETS_DIR");
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            Process controller = pb.start();
            try {
                RunningPod.await(() -> status(management, "/q/health/ready") == 200, Duration.ofSeconds(60),
                        "the controller ready (see " + log + ")");
                assertEquals(200, status(management, "/q/health/live"));
                assertEquals(200, status(management, "/q/metrics"));
                assertThrows(ConnectException.class, () -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress("localhost", https), 2000);
                    }
                }, "no HTTPS port");
                assertFalse(Files.exists(generated), "no certificate generated");
                assertTrue(controller.isAlive());
            } finally {
                controller.destroy();
                if (!controller.waitFor(30, TimeUnit.SECONDS)) {
                    controller.destroyForcibly();
                }
            }
        }
    }

    private static int status(int port, String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://localhost:" + port + path).toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            return c.getResponseCode();
        } catch (IOException e) {
            return -1;
        }
    }
}
