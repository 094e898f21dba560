package dev.podpreset.events;

import dev.podpreset.admission.ConflictReporter;
import dev.podpreset.api.Text;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.injection.SkippedPreset;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Records a Warning Event with reason {@code PresetConflict} on the preset object, so that
 * {@code kubectl describe podpreset} shows conflicts of pods that controllers created. Events are sent
 * off the admission path, rate-limited per preset, and dropped (with a log line) when the queue is full
 * or the API server refuses them: an event must never delay or fail a pod.
 */
public final class KubernetesConflictEvents implements ConflictReporter {
    static final String REASON = "PresetConflict";
    /** ClusterPodPresets are cluster-scoped; their events go where kubectl looks for them. */
    public static final String CLUSTER_EVENTS_NAMESPACE = "default";
    private static final Logger LOG = Logger.getLogger(KubernetesConflictEvents.class);
    private static final int MAX_MESSAGE = 1024;

    private final KubernetesClient client;
    private final ConflictEventLimiter limiter;
    private final ExecutorService sender;
    private final Clock clock;
    private final String instance;

    public KubernetesConflictEvents(KubernetesClient client, ConflictEventLimiter limiter, ExecutorService sender,
                                    Clock clock, String instance) {
        this.client = client;
        this.limiter = limiter;
        this.sender = sender;
        this.clock = clock;
        this.instance = instance;
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
            sender.execute(() -> send(event));
        } catch (RejectedExecutionException full) {
            LOG.debugf("Dropped a %s event for %s: queue full", REASON, preset.displayName());
        }
    }

    Event event(SkippedPreset conflict, String pod, int suppressed) {
        PreparedPreset preset = conflict.preset();
        String namespace = preset.namespace() == null ? CLUSTER_EVENTS_NAMESPACE : preset.namespace();
        String message = conflict.message() + " (pod " + pod + ")"
                + (suppressed > 0 ? "; " + suppressed + " more conflicts since the last event" : "");
        String now = Instant.now(clock).toString();
        return new EventBuilder()
                .withNewMetadata().withGenerateName(preset.name() + ".").withNamespace(namespace).endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(dev.podpreset.api.PodPreset.API_VERSION)
                .withKind(preset.kind().kind())
                .withName(preset.name())
                .withNamespace(preset.namespace())
                .withUid(preset.uid().isEmpty() ? null : preset.uid())
                .withResourceVersion(preset.resourceVersion().isEmpty() ? null : preset.resourceVersion())
                .endInvolvedObject()
                .withType("Warning")
                .withReason(REASON)
                .withMessage(Text.cut(message, MAX_MESSAGE))
                .withCount(1 + suppressed)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withNewSource().withComponent("podpreset-injector").withHost(instance).endSource()
                .withReportingComponent("podpreset.dev/injector")
                .withReportingInstance(instance)
                .build();
    }

    private void send(Event event) {
        try {
            client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
        } catch (RuntimeException e) {
            LOG.warnf("Cannot record a %s event for %s %s: %s", REASON, event.getInvolvedObject().getKind(),
                    event.getInvolvedObject().getName(), e.getMessage());
        }
    }
}
