package dev.podpreset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.bench.BenchData;
import dev.podpreset.image.CgroupMemory;
import dev.podpreset.deploy.Chart;
import dev.podpreset.image.ChartPod;
import dev.podpreset.image.Podman;
import dev.podpreset.image.RunningPod;
import dev.podpreset.tls.ServingCertificate;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonPatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image run as the chart runs the webhook ({@link ChartPod}: its user and groups, read-only root, emptyDir
 * {@code /tmp}, no capabilities, {@code JAVA_OPTS_APPEND} and memory limit), on the host network with the chart's
 * hostNetwork ports and the serving certificate where the chart mounts its Secret. It reads presets from a
 * directory instead of the API server. It serves TLS through OpenSSL, turns ready, answers a review with the
 * expected patch, keeps its memory under the limit after 10,000 reviews with 10,000 presets loaded, and loses no
 * request of a keep-alive load across SIGTERM. Run by {@code src/container/test.sh}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhookImageIT {
    private static final Path EXPECTED_PATCH = Path.of("src/test/resources/image/frontend-pod.patch.json");
    private static final Path REVIEW = Path.of("examples/requests/frontend-pod.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MEMORY_REVIEWS = 10_000;

    private static Podman podman;
    private static Path work;
    private static Path secret;
    private static SSLContext tls;
    private static RunningPod examples;

    @BeforeAll
    static void start() throws Exception {
        podman = Podman.fromSystemProperties();
        work = TemporaryDirectories.deletedAtExit("webhook-image-it");
        ServingCertificate.Files generated = ServingCertificate.generateSelfSigned(work.resolve("generated"));
        // the Secret's two items, as the kubelet writes a secret volume (mode 0644)
        secret = readable(Files.createDirectories(work.resolve("tls")));
        Files.copy(generated.cert(), secret.resolve("tls.crt"));
        Files.copy(generated.key(), secret.resolve("tls.key"));
        readable(secret.resolve("tls.crt"));
        readable(secret.resolve("tls.key"));
        tls = trusting(generated.cert());
        examples = startWebhook(Path.of("examples").toAbsolutePath());
    }

    @AfterAll
    static void stop() {
        if (podman != null) {
            podman.removeAll();
        }
    }

    /** A webhook container on the presets of {@code presets}, ready. */
    private static RunningPod startWebhook(Path presets) throws IOException {
        ChartPod pod = ChartPod.render("Deployment", Chart.RELEASE,
                Map.of("hostNetwork", true, "webhook.port", RunningPod.freePort(), "managementPort", RunningPod.freePort()));
        // presets from a directory, instead of the API server the chart's pods read them from
        RunningPod webhook = RunningPod.start(podman, pod, Map.of("tls", secret), work,
                List.of("--volume", presets + ":/presets:ro", "--env", "PODPRESET_PRESETS_DIR=/presets"));
        webhook.awaitReady(Duration.ofSeconds(120));
        return webhook;
    }

    @Test
    @Order(1)
    void startsOnOpenSslAsTheChartsPod() throws Exception {
        String log = examples.logs();
        assertTrue(log.contains("TLS engine of the webhook port: OpenSSL"), "OpenSSL serves the webhook port:\n" + log);
        examples.assertRunsAsTheChartSays();
        assertEquals(200, examples.readiness());
        String version = podman.image().substring(podman.image().lastIndexOf(':') + 1);
        assertEquals("185:185 " + version, podman.ok("image", "inspect", "--format",
                "{{.Config.User}} {{index .Config.Labels \"org.opencontainers.image.version\"}}", podman.image()));
    }

    @Test
    @Order(1)
    void mapsTheImagesClassDataArchive() throws Exception {
        Matcher option = Pattern.compile("-XX:SharedArchiveFile=(\\S+?)\"?$", Pattern.MULTILINE)
                .matcher(Files.readString(Path.of("src/main/docker/Containerfile")));
        assertTrue(option.find(), "the image's JAVA_OPTS name its class-data archive");
        // The launcher execs java, so the JVM is the container's first process. It keeps the archive mapped only
        // when the archive fits this JVM and the application's class path (a stale one is dropped at start).
        String maps = podman.ok("exec", examples.id(), "cat", "/proc/1/maps");
        assertTrue(maps.contains(option.group(1)), "the webhook's JVM maps " + option.group(1) + ":\n" + maps);
    }

    @Test
    @Order(2)
    void answersAReviewOverTlsWithTheExpectedPatch() throws Exception {
        ObjectNode review = (ObjectNode) JSON.readTree(REVIEW.toFile());
        JsonNode response = post(examples, review);
        assertEquals(review.at("/request/uid"), response.path("uid"));
        assertTrue(response.path("allowed").asBoolean(), response.toString());
        assertEquals("JSONPatch", response.path("patchType").asText());
        JsonNode patch = JSON.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
        assertEquals(JSON.readTree(EXPECTED_PATCH.toFile()), patch, "the patch of " + REVIEW + " with the presets of examples/");

        // the API server reinvokes the webhook on the patched pod: nothing more to add
        ((ObjectNode) review.path("request")).set("object", JsonPatch.apply(patch, review.at("/request/object")));
        JsonNode second = post(examples, review);
        assertTrue(second.path("allowed").asBoolean(), second.toString());
        assertFalse(second.has("patch"), "the second pass must be a no-op: " + second);
    }

    /**
     * The working set the kubelet compares with the limit, after 10,000 reviews of the large pod of
     * docs/performance.md with 10,000 presets loaded (5 matching). The kernel keeps the usage under the limit; what
     * fails is an OOM kill or the JVM's own exit on OutOfMemoryError (-XX:+ExitOnOutOfMemoryError in the chart).
     */
    @Test
    @Order(3)
    void staysUnderItsMemoryLimitAfterTenThousandReviews() throws Exception {
        RunningPod loaded = startWebhook(benchPresets(5, 10_000));
        KeepAliveLoad load = new KeepAliveLoad(tls.getSocketFactory(), loaded.pod().containerPort("https"),
                BenchData.request("large"), 6);
        long started = System.nanoTime();
        load.start();
        RunningPod.await(() -> load.answered() >= MEMORY_REVIEWS || !load.failures().isEmpty(), Duration.ofMinutes(5),
                MEMORY_REVIEWS + " reviews answered");
        load.stop();
        KeepAliveLoad.Result result = load.awaitEnd(30_000);
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        assertEquals(List.of(), result.failures(), "every review answered with 200");

        CgroupMemory memory = loaded.memory();
        System.out.printf("container memory after %d reviews (large pod, 5 of 10000 presets matching, %d s, %d connections): %s;"
                        + " the chart requests %d MiB; load average %s%n", result.answered(), seconds, result.connections(),
                memory.describe(), loaded.pod().memoryRequestBytes() >> 20,
                String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3)));
        assertTrue(loaded.running(), "still running after the load:\n" + loaded.logs());
        assertFalse(loaded.oomKilled(), "OOM-killed");
        assertEquals(loaded.pod().memoryLimitBytes(), memory.limit(), "the chart's memory limit is the cgroup's");
        assertTrue(memory.workingSet() < memory.limit(), memory.describe());
        loaded.sigterm();
        loaded.awaitExit(Duration.ofSeconds(loaded.pod().terminationGracePeriodSeconds() + 10));
    }

    /**
     * SIGTERM while six keep-alive connections load the webhook, as in ServerLifecycleIT: readiness goes down, the
     * connections are answered and closed, no request is lost, and the container exits within the pod's grace
     * period without being killed.
     */
    @Test
    @Order(4)
    void losesNoRequestOfAKeepAliveLoadAcrossSigterm() throws Exception {
        KeepAliveLoad load = new KeepAliveLoad(tls.getSocketFactory(), examples.pod().containerPort("https"),
                Files.readAllBytes(REVIEW), 6);
        load.start();
        RunningPod.await(() -> load.answered() > 100 || !load.failures().isEmpty(), Duration.ofSeconds(60), "load under way");
        assertEquals(List.of(), load.failures(), "before SIGTERM");

        examples.sigterm();
        load.sigtermSent();
        RunningPod.await(() -> examples.readiness() != 200, Duration.ofSeconds(5), "readiness down after SIGTERM");
        load.noNewConnectionsAfter(1000); // as the Service stops routing here
        KeepAliveLoad.Result result = load.awaitEnd(30_000);
        int exit = examples.awaitExit(Duration.ofSeconds(examples.pod().terminationGracePeriodSeconds()));
        System.out.printf("sigterm in the container: %s, exit code %d%n", result, exit);
        assertEquals(List.of(), result.failures(), "nothing lost (" + result + ")");
        assertTrue(result.answeredAfterSigterm() > 0, "served on after SIGTERM (" + result + ")");
        assertEquals(143, exit, "the JVM's exit on SIGTERM, not a kill:\n" + examples.logs());
    }

    private static JsonNode post(RunningPod webhook, JsonNode review) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + webhook.pod().containerPort("https") + "/mutate"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(review.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body()).path("response");
    }

    /** BenchData's namespaces and presets of one scenario as a presets directory. */
    private static Path benchPresets(int matching, int loaded) throws IOException {
        Path dir = readable(Files.createDirectories(work.resolve("presets-" + matching + "-" + loaded)));
        KubernetesSerialization yaml = new KubernetesSerialization();
        Files.writeString(dir.resolve("namespaces.yaml"), BenchData.namespaceLabels().entrySet().stream()
                .map(ns -> yaml.asYaml(new NamespaceBuilder().withNewMetadata().withName(ns.getKey())
                        .withLabels(ns.getValue()).endMetadata().build()))
                .collect(Collectors.joining()));
        List<HasMetadata> presets = BenchData.presets(matching, loaded);
        Files.writeString(dir.resolve("presets.yaml"), presets.stream().map(yaml::asYaml).collect(Collectors.joining()));
        readable(dir.resolve("namespaces.yaml"));
        readable(dir.resolve("presets.yaml"));
        return dir;
    }

    /** Readable by the container's user: 0755 for a directory, 0644 for a file. */
    private static Path readable(Path path) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
        return path;
    }

    /** A TLS client context that trusts exactly the serving certificate the container was given. */
    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("webhook", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
