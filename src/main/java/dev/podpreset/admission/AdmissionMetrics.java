package dev.podpreset.admission;

import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.presets.PresetKey;
import dev.podpreset.sources.PresetRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The webhook's Prometheus metrics (names as exported on /q/metrics):
 * <ul>
 * <li>{@code podpreset_admission_requests_total{operation,outcome,reason}}: outcome is injected,
 * unchanged, skipped (reason excluded, mirror, not-a-pod-create, no-match), rejected or error
 * (reason malformed or internal);</li>
 * <li>{@code podpreset_admission_duration_seconds}: latency histogram, buckets 0.5 ms to 10 s;</li>
 * <li>{@code podpreset_preset_applications_total} and {@code podpreset_preset_conflicts_total}
 * {@code {namespace,kind,name}} (namespace empty for ClusterPodPresets);</li>
 * <li>{@code podpreset_presets_loaded{kind}} and {@code podpreset_presets_synced} (1 once the preset
 * source has loaded everything).</li>
 * </ul>
 */
@ApplicationScoped
public class AdmissionMetrics {
    static final String NONE = "none";
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(1).dividedBy(2), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10)};

    @Inject
    MeterRegistry meters;
    @Inject
    PresetRegistry presets;

    private Timer latency;
    /**
     * Counters by their tags, so that a request does not build a meter id and look it up in the registry
     * (Counter.builder(...).register() sorts and hashes the tags every time). Bounded like the registry
     * itself: one entry per distinct label set ever seen.
     */
    private final Map<RequestKey, Counter> requestCounters = new ConcurrentHashMap<>();
    private final Map<PresetKey, Counter> applications = new ConcurrentHashMap<>();
    private final Map<PresetKey, Counter> conflicts = new ConcurrentHashMap<>();

    private record RequestKey(String operation, String outcome, String reason) {
    }

    @PostConstruct
    void register() {
        latency = Timer.builder("podpreset.admission.duration")
                .description("Time to answer an admission request")
                .serviceLevelObjectives(BUCKETS)
                .register(meters);
        Gauge.builder("podpreset.presets.loaded", presets, r -> r.current().size() - r.current().clusterPresetCount())
                .tag("kind", "PodPreset").description("Valid presets loaded").register(meters);
        Gauge.builder("podpreset.presets.loaded", presets, r -> r.current().clusterPresetCount())
                .tag("kind", "ClusterPodPreset").description("Valid presets loaded").register(meters);
        Gauge.builder("podpreset.presets.synced", presets, r -> r.synced() ? 1 : 0)
                .description("1 once the preset source has loaded every preset").register(meters);
    }

    void request(String operation, String outcome, String reason, long nanos) {
        requestCounters.computeIfAbsent(new RequestKey(operation.isEmpty() ? NONE : operation, outcome, reason),
                k -> Counter.builder("podpreset.admission.requests")
                        .description("Admission requests answered")
                        .tags("operation", k.operation(), "outcome", k.outcome(), "reason", k.reason())
                        .register(meters)).increment();
        latency.record(nanos, TimeUnit.NANOSECONDS);
    }

    void applied(PreparedPreset preset) {
        presetCounter(applications, "podpreset.preset.applications", "Presets applied to pods", preset).increment();
    }

    void conflict(PreparedPreset preset) {
        presetCounter(conflicts, "podpreset.preset.conflicts", "Presets skipped or rejected for a conflict", preset)
                .increment();
    }

    private Counter presetCounter(Map<PresetKey, Counter> cache, String name, String description,
                                  PreparedPreset preset) {
        return cache.computeIfAbsent(PresetKey.of(preset), k -> Counter.builder(name).description(description)
                .tags("namespace", k.namespace() == null ? "" : k.namespace(), "kind", k.kind().kind(), "name", k.name())
                .register(meters));
    }
}
