package dev.podpreset.events;

import dev.podpreset.api.PodPreset;
import dev.podpreset.api.PodPresetSpec;
import dev.podpreset.api.PresetEnvVar;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.injection.SkippedPreset;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@EnableKubernetesMockClient(crud = true)
class KubernetesConflictEventsTest {
    KubernetesClient client;
    private final ExecutorService sender = Executors.newSingleThreadExecutor();
    private Instant now = Instant.parse("2026-11-21T10:00:00Z");

    @AfterEach
    void stop() {
        sender.shutdownNow();
    }

    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private KubernetesConflictEvents events() {
        return new KubernetesConflictEvents(client, new ConflictEventLimiter(Duration.ofMinutes(1), clock), sender, clock, "injector-0");
    }

    private static SkippedPreset conflict() {
        PodPreset p = new PodPreset();
        p.setMetadata(new ObjectMetaBuilder().withName("db").withNamespace("team-a").withUid("uid-1").withResourceVersion("7").build());
        PodPresetSpec spec = new PodPresetSpec();
        spec.setEnv(List.of(new PresetEnvVar("DB_PORT", "6379")));
        p.setSpec(spec);
        return new SkippedPreset(PreparedPreset.of(p), List.of("env \"DB_PORT\" in container \"app\""), List.of());
    }

    /** The events in the mock cluster once the sender has sent everything queued so far (it is FIFO). */
    private List<Event> recorded() throws Exception {
        sender.submit(() -> { }).get(10, TimeUnit.SECONDS);
        return client.v1().events().inNamespace("team-a").list().getItems();
    }

    @Test
    void aConflictIsAWarningEventOnThePreset() throws Exception {
        events().report(conflict(), "team-a/web-1");
        Event e = recorded().get(0);
        assertEquals("Warning", e.getType());
        assertEquals("PresetConflict", e.getReason());
        assertEquals("PodPreset", e.getInvolvedObject().getKind());
        assertEquals("db", e.getInvolvedObject().getName());
        assertEquals("uid-1", e.getInvolvedObject().getUid());
        assertEquals("PodPreset team-a/db skipped: conflict on env \"DB_PORT\" in container \"app\" (pod team-a/web-1)", e.getMessage());
    }

    @Test
    void conflictsWithinTheIntervalAreCountedIntoTheNextEvent() throws Exception {
        KubernetesConflictEvents events = events();
        for (int i = 0; i < 50; i++) {
            events.report(conflict(), "team-a/web-" + i);
        }
        assertEquals(1, recorded().size(), "a crash-looping workload yields one event per interval");
        now = now.plus(Duration.ofMinutes(1));
        events.report(conflict(), "team-a/web-50");
        List<Event> all = recorded();
        assertEquals(2, all.size());
        Event second = all.stream().filter(e -> e.getMessage().contains("web-50")).findFirst().orElseThrow();
        assertEquals(50, second.getCount());
        assertTrue(second.getMessage().endsWith("49 more conflicts since the last event"), second.getMessage());
    }
}
