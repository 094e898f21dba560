package dev.podpreset.controller;

import dev.podpreset.drift.PodPresetState;
import dev.podpreset.drift.PresetDrift;
import dev.podpreset.presets.PresetKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code podpreset_preset_pods{kind,namespace,name,state}}: the drift counts of every valid preset (an audit preset's
 * states are would_apply, would_conflict and missing), on every replica (followers keep the same caches);
 * {@code podpreset_controller_leader}: 1 on the replica that leads; and
 * what the leader wrote: {@code podpreset_controller_status_writes_total}, {@code podpreset_controller_restarts_total}.
 */
final class ControllerMetrics {
    private final MultiGauge presetPods;
    private final AtomicInteger leader = new AtomicInteger();
    private final Counter statusWrites;
    private final Counter restarts;

    ControllerMetrics(MeterRegistry registry) {
        this.presetPods = MultiGauge.builder("podpreset_preset_pods")
                .description("Running pods a preset selects, by state: current, stale, conflicting, missing;"
                        + " for an audit preset would_apply, would_conflict, missing")
                .register(registry);
        Gauge.builder("podpreset_controller_leader", leader, AtomicInteger::get)
                .description("1 when this replica holds the controller Lease")
                .register(registry);
        statusWrites = Counter.builder("podpreset_controller_status_writes_total")
                .description("Preset statuses written by this replica while it led").register(registry);
        restarts = Counter.builder("podpreset_controller_restarts_total")
                .description("Workloads restarted by this replica while it led").register(registry);
    }

    void statusWritten() {
        statusWrites.increment();
    }

    void restarted() {
        restarts.increment();
    }

    void leading(boolean leading) {
        leader.set(leading ? 1 : 0);
    }

    /** Replaces every row: presets gone since the last call disappear. */
    void update(Map<PresetKey, PresetDrift> drift) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>(drift.size() * PodPresetState.ENFORCED.size());
        drift.forEach((key, d) -> {
            Tags tags = Tags.of("kind", key.kind().kind(), "namespace", key.namespace() == null ? "" : key.namespace(),
                    "name", key.name());
            for (PodPresetState state : d.states()) {
                rows.add(MultiGauge.Row.of(tags.and("state", state.name().toLowerCase(Locale.ROOT)), d.count(state)));
            }
        });
        presetPods.register(rows, true);
    }
}
