package dev.podpreset.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A container of the image started as the chart's pod ({@link ChartPod}) on the host network, with what the test
 * adds to stand in for a cluster (a presets directory, a kubeconfig) given as extra podman options.
 */
public final class RunningPod {
    private final Podman podman;
    private final ChartPod pod;
    private final String id;

    private RunningPod(Podman podman, ChartPod pod, String id) {
        this.podman = podman;
        this.pod = pod;
        this.id = id;
    }

    /**
     * Starts the pod's container: {@code secrets} holds the files of each secret volume, emptyDirs are made under
     * {@code work}, and {@code extra} are podman options for what the test stands in for.
     */
    public static RunningPod start(Podman podman, ChartPod pod, Map<String, Path> secrets, Path work, List<String> extra)
            throws IOException {
        List<String> options = new ArrayList<>(pod.podmanOptions(secrets, Files.createTempDirectory(work, "emptydirs")));
        options.addAll(extra);
        return new RunningPod(podman, pod, podman.start(options, pod.args()));
    }

    public String id() {
        return id;
    }

    public ChartPod pod() {
        return pod;
    }

    public String logs() {
        return podman.logs(id);
    }

    /** The readiness probe's answer: its HTTP status, or -1 when nothing answers. */
    public int readiness() {
        return readiness(pod);
    }

    /** The readiness probe's answer for a container of {@code pod} on the host network, or -1 when nothing answers. */
    public static int readiness(ChartPod pod) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + pod.readinessPort() + pod.readinessPath())
                    .toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            return c.getResponseCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Waits for readiness 200; fails with the container's log when it exits or does not get there in time. */
    public void awaitReady(Duration timeout) {
        await(() -> readiness() == 200 || !running(), timeout, "readiness 200");
        assertTrue(running(), "the container exited before it was ready:\n" + logs());
    }

    public boolean running() {
        return Boolean.parseBoolean(podman.inspect(id, "{{.State.Running}}"));
    }

    public boolean oomKilled() {
        return Boolean.parseBoolean(podman.inspect(id, "{{.State.OOMKilled}}"));
    }

    public CgroupMemory memory() {
        return CgroupMemory.of(podman, id);
    }

    /** SIGTERM, as the kubelet stops a container. */
    public void sigterm() {
        podman.signal(id, "TERM");
    }

    public int awaitExit(Duration timeout) {
        return podman.awaitExit(id, timeout);
    }

    /**
     * What the kernel says of the container's main process: the chart's user, group and fsGroup, no capabilities,
     * no new privileges, a read-only root, and the java command line with the chart's JVM options (so the
     * launcher passed JAVA_OPTS_APPEND on).
     */
    public void assertRunsAsTheChartSays() throws IOException {
        Path proc = Path.of("/proc", Long.toString(podman.pid(id)));
        List<String> status = Files.readAllLines(proc.resolve("status"));
        String uid = Integer.toString(pod.runAsUser());
        String gid = Integer.toString(pod.runAsGroup());
        assertEquals(List.of(uid, uid, uid, uid), field(status, "Uid"), "real, effective, saved and filesystem uid");
        assertEquals(List.of(gid, gid, gid, gid), field(status, "Gid"), "real, effective, saved and filesystem gid");
        assertTrue(field(status, "Groups").contains(Integer.toString(pod.fsGroup())), "fsGroup among the groups: " + status);
        assertEquals(List.of("0000000000000000"), field(status, "CapEff"), "no effective capabilities");
        assertEquals(List.of("0000000000000000"), field(status, "CapBnd"), "no bounding capabilities");
        assertEquals(List.of("1"), field(status, "NoNewPrivs"), "no new privileges");
        assertTrue(Files.readAllLines(proc.resolve("mountinfo")).stream()
                .map(l -> l.split(" ")).anyMatch(f -> f[4].equals("/") && Arrays.asList(f[5].split(",")).contains("ro")),
                "the root filesystem is mounted read-only");
        List<String> commandLine = Arrays.asList(new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                .split("\0"));
        for (String option : pod.env("JAVA_OPTS_APPEND").split(" ")) {
            assertTrue(commandLine.contains(option), option + " on the java command line " + commandLine);
        }
        assertTrue(commandLine.get(0).endsWith("java"), "java runs as the container's main process: " + commandLine);
    }

    private static List<String> field(List<String> status, String name) {
        return status.stream().filter(l -> l.startsWith(name + ":")).findFirst()
                .map(l -> Arrays.asList(l.substring(name.length() + 1).trim().split("\\s+")))
                .orElseThrow(() -> new AssertionError("no " + name + " in /proc/<pid>/status"));
    }

    /** A port nothing listens on now, for a container on the host network. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Polls {@code condition} every 200 ms until it holds; fails after {@code timeout} naming {@code what}. */
    public static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException("interrupted waiting for " + what, e));
            }
        }
    }
}
