package dev.podpreset;

import dev.podpreset.tls.ServingCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged server as a process: a certificate replaced on disk is served to new connections
 * without a restart, and SIGTERM turns readiness DOWN first, lets an in-flight admission finish,
 * closes the keep-alive connection and exits; under keep-alive load across SIGTERM nothing is lost.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerLifecycleIT {
    @TempDir
    static Path tlsDir;
    private static final long SHUTDOWN_DELAY_MS = 3000;
    /** How long after readiness DOWN the test's "Service" still sends new connections (kube-proxy lag). */
    private static final long ENDPOINT_PROPAGATION_MS = 1000;
    private static Process server;
    private static int https;
    private static int management;

    /** A server process of the packaged jar and its ports. */
    record Server(Process process, int https, int management) {
        static Server start(ServingCertificate.Files tls, String log) throws Exception {
            int https = freePort();
            int management = freePort();
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dquarkus.http.ssl-port=" + https, "-Dquarkus.management.port=" + management,
                    "-Dquarkus.tls.webhook.reload-period=1s", "-Dquarkus.shutdown.delay=" + SHUTDOWN_DELAY_MS + "ms",
                    // the system property form, which must be a known key (the chart uses the environment form)
                    "-Dpodpreset.tls.cert-file=" + tls.cert(), "-Dpodpreset.tls.key-file=" + tls.key(),
                    "-jar", "target/quarkus-app/quarkus-run.jar");
            pb.environment().put("PODPRESET_PRESETS_DIR", "examples");
            String engine = System.getProperty("podpreset.it.tls-engine");
            if (engine != null) {
                pb.environment().put("PODPRESET_TLS_ENGINE", engine);
            }
            pb.redirectErrorStream(true).redirectOutput(Path.of("target", log).toFile());
            Server server = new Server(pb.start(), https, management);
            waitFor(() -> server.readiness() == 200, 60, "server ready (see target/" + log + ")");
            return server;
        }

        int readiness() {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://localhost:" + management + "/q/health/ready").toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(1000);
                return c.getResponseCode();
            } catch (Exception e) {
                return -1;
            }
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Server started = Server.start(ServingCertificate.generateSelfSigned(tlsDir), "server-lifecycle-it.log");
        server = started.process();
        https = started.https();
        management = started.management();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void aCertificateReplacedOnDiskIsUsedForNewConnections() throws Exception {
        BigInteger before = servedSerial();
        ServingCertificate.Files renewed = ServingCertificate.generateSelfSigned(tlsDir);
        BigInteger onDisk = fileSerial(renewed.cert());
        assertNotEquals(before, onDisk, "the renewed certificate must differ");
        waitFor(() -> onDisk.equals(servedSerialUnchecked()), 15, "renewed certificate served");
        assertTrue(server.isAlive(), "no restart");
    }

    @Test
    @Order(2)
    void sigtermDrainsThenExits() throws Exception {
        byte[] body = Files.readAllBytes(Path.of("examples/requests/frontend-pod.json"));
        try (SSLSocket socket = (SSLSocket) trustAll().getSocketFactory().createSocket("localhost", https)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /mutate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();

            server.destroy(); // SIGTERM
            waitFor(() -> readiness() == 503, 5, "readiness DOWN after SIGTERM");
            assertTrue(server.isAlive(), "still serving during the shutdown delay");

            out.write(body, body.length / 2, body.length - body.length / 2);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            List<String> head = readHead(in);
            assertEquals("HTTP/1.1 200 OK", head.get(0), "the in-flight admission is answered");
            skipBody(in, head);

            assertEquals(-1, in.read(), "the server closes the keep-alive connection after the in-flight answer");
        }

        assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the process exits");
        assertFalse(server.isAlive());
    }

    /**
     * Several keep-alive connections under load across SIGTERM, as the API server keeps them: every request
     * is answered, no TLS handshake fails, and the process exits. Repeated; {@code -Dpodpreset.it.sigterm-rounds}
     * (default 2) sets how often ({@code src/jmh/drain.sh} runs it 10 times), {@code -Dpodpreset.it.tls-engine}
     * the server's TLS engine.
     */
    @Test
    @Order(3)
    void keepAliveLoadAcrossSigtermLosesNothing(@TempDir Path drainTls) throws Exception {
        byte[] body = Files.readAllBytes(Path.of("examples/requests/frontend-pod.json"));
        ServingCertificate.Files tls = ServingCertificate.generateSelfSigned(drainTls);
        int rounds = Integer.getInteger("podpreset.it.sigterm-rounds", 2);
        for (int round = 1; round <= rounds; round++) {
            Server replica = Server.start(tls, "server-drain-it-" + round + ".log");
            try {
                KeepAliveLoad load = new KeepAliveLoad(trustAll().getSocketFactory(), replica.https(), body, 6);
                load.start();
                waitFor(() -> load.answered() > 100 || !load.failures().isEmpty(), 30, "load under way");
                assertEquals(List.of(), load.failures(), "round " + round + ": before SIGTERM");

                replica.process().destroy(); // SIGTERM
                load.sigtermSent();
                waitFor(() -> replica.readiness() != 200, 5, "readiness DOWN after SIGTERM");
                load.noNewConnectionsAfter(ENDPOINT_PROPAGATION_MS);
                KeepAliveLoad.Result result = load.awaitEnd(30_000);

                boolean exited = replica.process().waitFor(30, TimeUnit.SECONDS);
                System.out.printf("sigterm round %d: %s, exited %s%n", round, result, exited);
                assertTrue(exited, "round " + round + ": the process exits");
                assertEquals(List.of(), result.failures(), "round " + round + ": nothing lost (" + result + ")");
                assertTrue(result.answeredAfterSigterm() > 0, "round " + round + ": served on after SIGTERM (" + result + ")");
            } finally {
                replica.process().destroyForcibly(); // a failed round must not leave its server running
            }
        }
    }

    private static void skipBody(BufferedReader in, List<String> head) throws Exception {
        int length = head.stream().filter(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
                .map(h -> Integer.parseInt(h.substring(h.indexOf(':') + 1).trim())).findFirst().orElseThrow();
        char[] buffer = new char[length];
        int read = 0;
        while (read < length) {
            int n = in.read(buffer, read, length - read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        assertTrue(new String(buffer, 0, read).contains("\"allowed\":true"), "an AdmissionReview answer");
    }

    private static List<String> readHead(BufferedReader reader) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
            lines.add(line);
        }
        return lines;
    }

    private static int readiness() {
        return new Server(server, https, management).readiness();
    }

    private static BigInteger servedSerial() throws Exception {
        try (SSLSocket socket = (SSLSocket) trustAll().getSocketFactory().createSocket("localhost", https)) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private static BigInteger servedSerialUnchecked() {
        try {
            return servedSerial();
        } catch (Exception e) {
            return BigInteger.ZERO;
        }
    }

    private static BigInteger fileSerial(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)).getSerialNumber();
        }
    }

    /** The test checks which certificate is served, not who signed it. */
    private static SSLContext trustAll() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[]{new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return ctx;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitFor(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what + " (see target/server-lifecycle-it.log)");
            }
            Thread.sleep(200);
        }
    }
}
