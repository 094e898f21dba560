package dev.podpreset.controller;

import dev.podpreset.api.PodPreset;
import dev.podpreset.drift.WorkloadRef;
import dev.podpreset.kubernetes.EventReason;
import dev.podpreset.kubernetes.EventRecorder;
import dev.podpreset.presets.PresetKey;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;

/**
 * The Kubernetes Events the controller records: a preset turning invalid or valid again, its restarts paused or
 * resumed, and each workload restart (on the workload and on the preset). Few and leader-only, so they are sent
 * at once.
 */
final class ControllerEvents {
    /** The controller's Event reasons. */
    enum Reason implements EventReason {
        PresetInvalid(Type.Warning),
        PresetValid(Type.Normal),
        RestartedForPreset(Type.Normal),
        RestartsPaused(Type.Warning),
        RestartsResumed(Type.Normal);

        private final Type type;

        Reason(Type type) {
            this.type = type;
        }

        @Override
        public String reason() {
            return name();
        }

        @Override
        public Type type() {
            return type;
        }
    }

    private final EventRecorder recorder;

    ControllerEvents(EventRecorder recorder) {
        this.recorder = recorder;
    }

    /** @param uid the preset object's, or null when unknown */
    void onPreset(PresetKey preset, String uid, Reason reason, String message) {
        recorder.record(new ObjectReferenceBuilder().withApiVersion(PodPreset.API_VERSION).withKind(preset.kind().kind())
                .withNamespace(preset.namespace()).withName(preset.name()).withUid(uid).build(), reason, message);
    }

    void onWorkload(WorkloadRef workload, String uid, Reason reason, String message) {
        recorder.record(new ObjectReferenceBuilder().withApiVersion("apps/v1").withKind(workload.kind())
                .withNamespace(workload.namespace()).withName(workload.name()).withUid(uid).build(), reason, message);
    }
}
