package dev.podpreset.controller;

import dev.podpreset.api.ClusterPodPreset;
import dev.podpreset.api.PodPreset;
import dev.podpreset.api.PodPresetSpec;
import dev.podpreset.api.PresetStatus;
import dev.podpreset.api.RestartWorkloads;
import dev.podpreset.drift.PresetKey;
import dev.podpreset.injection.PresetKind;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;

/**
 * What the controller keeps of a preset object as the API server has it: the status it last wrote (to keep
 * {@code lastTransitionTime} and skip unchanged writes, also after a leader change) and the restart policy. The
 * spec itself reaches the controller prepared, through the preset snapshot.
 */
record PresetObject(PresetKey key, String uid, Long generation, RestartWorkloads restartWorkloads, PresetStatus status) {

    static PresetObject of(CustomResource<? extends PodPresetSpec, PresetStatus> preset) {
        PresetKind kind = preset instanceof ClusterPodPreset ? PresetKind.CLUSTER : PresetKind.NAMESPACED;
        PodPresetSpec spec = preset.getSpec();
        RestartWorkloads policy = spec == null || spec.getRestartWorkloads() == null ? RestartWorkloads.Never
                : spec.getRestartWorkloads();
        return new PresetObject(new PresetKey(kind, preset.getMetadata().getNamespace(), preset.getMetadata().getName()),
                preset.getMetadata().getUid(), preset.getMetadata().getGeneration(), policy, preset.getStatus());
    }

    static PodPreset podPreset(PresetObject o) {
        PodPreset p = new PodPreset();
        p.setMetadata(meta(o));
        p.setStatus(o.status());
        return p;
    }

    static ClusterPodPreset clusterPodPreset(PresetObject o) {
        ClusterPodPreset p = new ClusterPodPreset();
        p.setMetadata(meta(o));
        p.setStatus(o.status());
        return p;
    }

    private static io.fabric8.kubernetes.api.model.ObjectMeta meta(PresetObject o) {
        return new ObjectMetaBuilder().withNamespace(o.key().namespace()).withName(o.key().name()).withUid(o.uid())
                .withGeneration(o.generation()).build();
    }
}
