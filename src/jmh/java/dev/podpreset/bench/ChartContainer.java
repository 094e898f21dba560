package dev.podpreset.bench;

import dev.podpreset.deploy.Chart;
import dev.podpreset.image.CgroupMemory;
import dev.podpreset.image.ChartPod;
import dev.podpreset.image.Podman;
import dev.podpreset.image.RunningPod;
import dev.podpreset.image.ServiceAccount;
import dev.podpreset.tls.ServingCertificate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The image run as the chart runs a pod, for the benchmarks of {@code src/jmh} that measure it in its container
 * under the chart's limits ({@code footprint.sh}, {@code startup.sh --container}, {@code controller-scale.sh
 * --container}). The pod comes from {@link ChartPod} (the chart rendered with the values given, on the host network
 * with free ports) as the container suite's {@link RunningPod} starts it; podman and the image are the system
 * properties the suite sets, {@code -Dpodpreset.image.podman} and {@code -Dpodpreset.image}.
 *
 * <ul>
 * <li>{@code start OUT WORK [--controller] [--set KEY=VALUE]... [--presets DIR] [--service-account URL CA]
 * [--env K=V]...} starts the webhook's pod (the controller's with {@code --controller}), with presets from a
 * directory or from the API server at URL, reached as a pod reaches it (a service account and HTTPS, the server's
 * certificate issued by the PEM file CA), waits for readiness and writes one line to OUT: the container's id, its
 * HTTPS and management ports, and the milliseconds from {@code podman start} to the first readiness 200 (polled
 * every 50 ms). Work files (certificate, service account, emptyDirs) go under WORK.</li>
 * <li>{@code memory ID} prints the container's memory as the kubelet sees it and the CPU it used, in one line:
 * {@code working_set_mib usage_mib anon_mib peak_mib limit_mib cpu_ms}.</li>
 * <li>{@code stop ID} removes the container.</li>
 * </ul>
 */
public final class ChartContainer {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

    private ChartContainer() {
    }

    public static void main(String[] args) throws Exception {
        Podman podman = Podman.fromSystemProperties();
        switch (args[0]) {
            case "start" -> start(podman, Path.of(args[1]), Path.of(args[2]), List.of(args).subList(3, args.length));
            case "memory" -> memory(podman, args[1]);
            case "stop" -> podman.ok("rm", "--force", "--time", "0", args[1]);
            default -> throw new IllegalArgumentException("start, memory or stop, not " + args[0]);
        }
    }

    private static void start(Podman podman, Path out, Path work, List<String> options) throws Exception {
        Map<String, Object> values = new LinkedHashMap<>(Map.of("hostNetwork", true, "managementPort", RunningPod.freePort()));
        List<String> extra = new ArrayList<>();
        boolean controller = false;
        int https = RunningPod.freePort();
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            switch (option) {
                case "--controller" -> controller = true;
                case "--set" -> {
                    String[] kv = options.get(++i).split("=", 2);
                    values.put(kv[0], kv[1]);
                }
                case "--presets" -> extra.addAll(List.of("--volume", options.get(++i) + ":/presets:ro", "--env",
                        "PODPRESET_PRESETS_DIR=/presets"));
                case "--service-account" -> {
                    String url = options.get(++i);
                    extra.addAll(ServiceAccount.podmanOptions(work, url, Path.of(options.get(++i)), "podpreset"));
                }
                case "--env" -> extra.addAll(List.of("--env", options.get(++i)));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        Files.createDirectories(work);
        ChartPod pod;
        Map<String, Path> secrets = Map.of();
        if (controller) {
            pod = ChartPod.render("Deployment", Chart.RELEASE + "-controller", values);
            // the controller opens the webhook's HTTPS port too; on the host network it needs a free one
            extra.addAll(List.of("--env", "QUARKUS_HTTP_SSL_PORT=" + https));
        } else {
            values.put("webhook.port", https);
            pod = ChartPod.render("Deployment", Chart.RELEASE, values);
            secrets = Map.of("tls", servingCertificate(work));
        }
        // Created first and timed from its start: podman's vfs storage copies the whole image when it creates a
        // container, which a node's runtime with overlay storage does not. The copy is on disk before the clock
        // starts, so that its writeback does not share the timed start's disk and processors.
        List<String> create = new ArrayList<>(List.of("create"));
        create.addAll(pod.podmanOptions(secrets, Files.createTempDirectory(work, "emptydirs")));
        create.addAll(extra);
        create.add(podman.image());
        create.addAll(pod.args());
        String id = podman.ok(create.toArray(String[]::new));
        if (new ProcessBuilder("sync").inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("sync failed");
        }
        long started = System.nanoTime();
        podman.ok("start", id);
        long deadline = started + READY_TIMEOUT.toNanos();
        while (RunningPod.readiness(pod) != 200) {
            boolean running = "true".equals(podman.inspect(id, "{{.State.Running}}"));
            if (!running || System.nanoTime() > deadline) {
                System.err.println(podman.logs(id));
                throw new IllegalStateException("not ready: " + (running ? "timed out" : "exited"));
            }
            Thread.sleep(50);
        }
        long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
        Files.writeString(out, id + " " + https + " " + pod.readinessPort() + " " + ms + "\n");
    }

    /** A self-signed serving certificate as the kubelet writes the chart's Secret volume (files 0644). */
    private static Path servingCertificate(Path work) throws IOException {
        ServingCertificate.Files generated = ServingCertificate.generateSelfSigned(work.resolve("generated"));
        Path secret = readable(Files.createDirectories(work.resolve("tls")));
        Files.copy(generated.cert(), secret.resolve("tls.crt"));
        Files.copy(generated.key(), secret.resolve("tls.key"));
        readable(secret.resolve("tls.crt"));
        readable(secret.resolve("tls.key"));
        return secret;
    }

    private static void memory(Podman podman, String id) throws IOException {
        CgroupMemory m = CgroupMemory.of(podman, id);
        System.out.printf("%.1f %.1f %.1f %.1f %.0f %d%n", mib(m.workingSet()), mib(m.usage()), mib(m.anon()),
                m.peak() < 0 ? -1.0 : mib(m.peak()), mib(m.limit()), cpuMillis(podman, id));
    }

    /** CPU time the container's cgroup used so far (cgroup v1 cpuacct, or v2 cpu.stat). */
    private static long cpuMillis(Podman podman, String id) throws IOException {
        String cgroup = podman.inspect(id, "{{.State.CgroupPath}}").replaceFirst("^/", "");
        Path v1 = Path.of("/sys/fs/cgroup/cpuacct", cgroup, "cpuacct.usage");
        if (Files.exists(v1)) {
            return Long.parseLong(Files.readString(v1).trim()) / 1_000_000;
        }
        for (String line : Files.readAllLines(Path.of("/sys/fs/cgroup", cgroup, "cpu.stat"))) {
            if (line.startsWith("usage_usec ")) {
                return Long.parseLong(line.substring(11).trim()) / 1000;
            }
        }
        return -1;
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    private static Path readable(Path path) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
        return path;
    }
}
