package dev.podpreset.controller;

import dev.podpreset.api.PodPreset;
import dev.podpreset.api.Text;
import dev.podpreset.drift.PresetKey;
import dev.podpreset.drift.WorkloadRef;
import dev.podpreset.events.KubernetesConflictEvents;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;

/**
 * Kubernetes Events the controller records: a preset turning invalid or valid again, and each workload restart
 * (on the workload and on the preset). Few and leader-only, so they are sent at once; a refused event is logged,
 * never retried.
 */
final class ControllerEvents {
    static final String INVALID = "PresetInvalid";
    static final String VALID = "PresetValid";
    static final String RESTARTED = "RestartedForPreset";
    private static final Logger LOG = Logger.getLogger(ControllerEvents.class);
    private static final int MAX_MESSAGE = 1024;

    private final KubernetesClient client;
    private final Clock clock;
    private final String instance;

    ControllerEvents(KubernetesClient client, Clock clock, String instance) {
        this.client = client;
        this.clock = clock;
        this.instance = instance;
    }

    void onPreset(PresetKey preset, String uid, String type, String reason, String message) {
        record(new ObjectReferenceBuilder().withApiVersion(PodPreset.API_VERSION).withKind(preset.kind().kind())
                .withNamespace(preset.namespace()).withName(preset.name()).withUid(uid).build(), type, reason, message);
    }

    void onWorkload(WorkloadRef workload, String uid, String message) {
        record(new ObjectReferenceBuilder().withApiVersion("apps/v1").withKind(workload.kind())
                .withNamespace(workload.namespace()).withName(workload.name()).withUid(uid).build(), "Normal", RESTARTED,
                message);
    }

    private void record(ObjectReference object, String type, String reason, String message) {
        String namespace = object.getNamespace() == null ? KubernetesConflictEvents.CLUSTER_EVENTS_NAMESPACE
                : object.getNamespace();
        String text = Text.cut(message, MAX_MESSAGE);
        String now = Instant.now(clock).toString();
        try {
            client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata().withGenerateName(object.getName() + ".").withNamespace(namespace).endMetadata()
                    .withInvolvedObject(object)
                    .withType(type).withReason(reason).withMessage(text).withCount(1)
                    .withFirstTimestamp(now).withLastTimestamp(now)
                    .withNewSource().withComponent("podpreset-controller").withHost(instance).endSource()
                    .withReportingComponent("podpreset.dev/controller").withReportingInstance(instance)
                    .build()).create();
        } catch (RuntimeException e) {
            LOG.warnf("Cannot record a %s event on %s %s: %s", reason, object.getKind(), object.getName(), e.getMessage());
        }
    }
}
