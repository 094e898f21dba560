package dev.podpreset.controller;

import dev.podpreset.bench.SimulatedApiServer;
import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.scope.WebhookScope;
import dev.podpreset.sources.KubernetesSourceForTests;
import dev.podpreset.sources.PresetRegistry;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first full status write of many presets ({@code src/jmh/status-writes.sh}): how long a new leader takes from
 * the moment it leads until every preset has its status, on {@link SimulatedApiServer} (which answers concurrently),
 * with one status write in flight and no budget (the baseline: the controller before the work queue wrote them one
 * after another, unbounded), against the defaults (the workers' bound within the write budget) and the workers'
 * bound without a budget (what the budget costs). After one warm-up round of each, rounds alternate the variants so
 * that they share the machine's load; each round starts a fresh API server, preset source and controller. Prints
 * min, median and max per variant, and the load average.
 *
 * <p>Usage: {@code StatusWriteBench PRESETS ROUNDS}
 */
public final class StatusWriteBench {
    private static final Pattern WRITTEN = Pattern.compile("\"statusWritten\":(\\d+)");

    private record Variant(String name, int workers, double writesPerSecond, int writeBurst) {
    }

    private StatusWriteBench() {
    }

    public static void main(String[] args) throws Exception {
        int presets = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        List<Variant> variants = List.of(
                new Variant("1 in flight, no budget", 1, 1e9, 1_000_000),
                new Variant("8 in flight (default)", 8, 200, 200),
                new Variant("8 in flight, no budget", 8, 1e9, 1_000_000));
        Map<Variant, List<Long>> millis = new LinkedHashMap<>();
        variants.forEach(v -> millis.put(v, new ArrayList<>()));
        for (Variant v : variants) {
            System.out.printf("warm-up  %-24s %6d ms (not counted)%n", v.name(), round(presets, v));
        }
        System.out.println("load before: " + load());
        for (int r = 0; r < rounds; r++) {
            for (Variant v : variants) {
                long ms = round(presets, v);
                millis.get(v).add(ms);
                System.out.printf("round %d  %-24s %6d ms%n", r + 1, v.name(), ms);
            }
        }
        System.out.println("load after: " + load());
        System.out.printf("%-24s %8s %8s %8s   (%d presets, %d rounds)%n", "variant", "min", "median", "max", presets, rounds);
        millis.forEach((v, ms) -> {
            List<Long> sorted = ms.stream().sorted().toList();
            System.out.printf("%-24s %6d ms %6d ms %6d ms%n", v.name(), sorted.get(0), sorted.get(sorted.size() / 2),
                    sorted.get(sorted.size() - 1));
        });
        System.exit(0); // the simulated API servers keep their threads
    }

    /** Milliseconds from leading until every preset's status is written. */
    private static long round(int presets, Variant v) throws Exception {
        Path portFile = Files.createTempFile("status-writes", ".port");
        SimulatedApiServer.main(new String[] {"1000", "0", "0", Integer.toString(presets), portFile.toString()});
        String url = "http://127.0.0.1:" + Files.readString(portFile).strip();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url).withNamespace("default")
                .withRequestRetryBackoffLimit(0).build();
        PresetRegistry registry = new PresetRegistry();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
             AutoCloseable source = KubernetesSourceForTests.start(client, registry)) {
            await(registry::synced);
            PresetController.Settings settings = new PresetController.Settings(new WebhookScope(Set.of(), null, null),
                    Duration.ofSeconds(10), Duration.ofSeconds(30), false, Duration.ofMinutes(10), v.workers(),
                    v.writesPerSecond(), v.writeBurst(), IgnoredContainers.DEFAULT);
            try (PresetController controller = new PresetController(client, registry, settings, new SimpleMeterRegistry(),
                    Clock.systemUTC(), "bench")) {
                controller.start();
                await(controller::synced);
                long start = System.nanoTime();
                controller.leading(true);
                await(() -> written(url) >= presets);
                return Duration.ofNanos(System.nanoTime() - start).toMillis();
            }
        } finally {
            Files.deleteIfExists(portFile);
        }
    }

    private static int written(String url) {
        try {
            String stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/bench/stats")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = WRITTEN.matcher(stats);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(20);
        }
    }

    private static String load() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }
}
