package dev.podpreset.events;

import dev.podpreset.admission.ConflictReporter;
import dev.podpreset.api.PodPreset;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.injection.SkippedPreset;
import dev.podpreset.kubernetes.EventReason;
import dev.podpreset.kubernetes.EventRecorder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Records a Warning Event with reason {@code PresetConflict} on the preset object, so that
 * {@code kubectl describe podpreset} shows conflicts of pods that controllers created. Events are sent
 * off the admission path, rate-limited per preset, and dropped (with a log line) when the queue is full
 * or the API server refuses them: an event must never delay or fail a pod.
 */
public final class KubernetesConflictEvents implements ConflictReporter {
    /** The one reason of these Events. */
    enum Reason implements EventReason {
        PresetConflict;

        @Override
        public String reason() {
            return name();
        }

        @Override
        public Type type() {
            return Type.Warning;
        }
    }

    private static final Logger LOG = Logger.getLogger(KubernetesConflictEvents.class);

    private final EventRecorder recorder;
    private final ConflictEventLimiter limiter;
    private final ExecutorService sender;

    public KubernetesConflictEvents(KubernetesClient client, ConflictEventLimiter limiter, ExecutorService sender,
                                    Clock clock, String instance) {
        this.recorder = new EventRecorder(client, clock, "injector", instance);
        this.limiter = limiter;
        this.sender = sender;
    }

    @Override
    public void report(SkippedPreset conflict, String pod) {
        PreparedPreset preset = conflict.preset();
        ConflictEventLimiter.Decision decision = limiter.decide(preset.displayName());
        if (!decision.send()) {
            return;
        }
        Event event = event(conflict, pod, decision.suppressed());
        try {
            sender.execute(() -> recorder.send(event));
        } catch (RejectedExecutionException full) {
            LOG.debugf("Dropped a %s event for %s: queue full", Reason.PresetConflict, preset.displayName());
        }
    }

    Event event(SkippedPreset conflict, String pod, int suppressed) {
        PreparedPreset preset = conflict.preset();
        String message = conflict.message() + " (pod " + pod + ")"
                + (suppressed > 0 ? "; " + suppressed + " more conflicts since the last event" : "");
        return recorder.event(new ObjectReferenceBuilder()
                .withApiVersion(PodPreset.API_VERSION)
                .withKind(preset.kind().kind())
                .withName(preset.name())
                .withNamespace(preset.namespace())
                .withUid(preset.uid().isEmpty() ? null : preset.uid())
                .withResourceVersion(preset.resourceVersion().isEmpty() ? null : preset.resourceVersion())
                .build(), Reason.PresetConflict, message, 1 + suppressed);
    }
}
