package dev.podpreset.controller;

import dev.podpreset.drift.PresetDrift;
import dev.podpreset.drift.PresetKey;
import dev.podpreset.api.PresetPodCounts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code podpreset_preset_pods{kind,namespace,name,state}}: the drift counts of every valid preset, on every
 * replica (followers keep the same caches); and {@code podpreset_controller_leader}: 1 on the replica that leads.
 */
final class ControllerMetrics {
    private final MultiGauge presetPods;
    private final AtomicInteger leader = new AtomicInteger();

    ControllerMetrics(MeterRegistry registry) {
        this.presetPods = MultiGauge.builder("podpreset_preset_pods")
                .description("Running pods a preset selects, by state: current, stale, conflicting, missing")
                .register(registry);
        Gauge.builder("podpreset_controller_leader", leader, AtomicInteger::get)
                .description("1 when this replica holds the controller Lease")
                .register(registry);
    }

    void leading(boolean leading) {
        leader.set(leading ? 1 : 0);
    }

    /** Replaces every row: presets gone since the last call disappear. */
    void update(Map<PresetKey, PresetDrift> drift) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>(drift.size() * 4);
        drift.forEach((key, d) -> {
            PresetPodCounts c = d.counts();
            Tags tags = Tags.of("kind", key.kind().kind(), "namespace", key.namespace() == null ? "" : key.namespace(),
                    "name", key.name());
            rows.add(MultiGauge.Row.of(tags.and("state", "current"), c.getCurrent()));
            rows.add(MultiGauge.Row.of(tags.and("state", "stale"), c.getStale()));
            rows.add(MultiGauge.Row.of(tags.and("state", "conflicting"), c.getConflicting()));
            rows.add(MultiGauge.Row.of(tags.and("state", "missing"), c.getMissing()));
        });
        presetPods.register(rows, true);
    }
}
