package dev.podpreset.controller;

import dev.podpreset.drift.PodRecord;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The transforms between cached objects and what the controller keeps of them. Strings repeated across many pods
 * (namespaces, label keys and values, owner names) are interned, so 100,000 pods of 10,000 ReplicaSets share them.
 */
final class PodRecords {
    private PodRecords() {
    }

    static SlimItemStore<Pod, PodRecord> podStore() {
        return new SlimItemStore<>(PodRecords::of, PodRecords::pod);
    }

    static SlimItemStore<ReplicaSet, ReplicaSetOwner> replicaSetStore() {
        return new SlimItemStore<>(rs -> new ReplicaSetOwner(rs.getMetadata().getNamespace(), rs.getMetadata().getName(),
                owner(rs)), PodRecords::replicaSet);
    }

    /** A ReplicaSet and its controlling owner (a Deployment, usually), or null without one. */
    record ReplicaSetOwner(String namespace, String name, PodRecord.OwnerRef owner) {
    }

    static PodRecord of(Pod pod) {
        ObjectMeta meta = pod.getMetadata();
        Map<String, String> annotations = new HashMap<>();
        if (meta.getAnnotations() != null) {
            meta.getAnnotations().forEach((k, v) -> {
                if (PodRecord.keeps(k)) {
                    annotations.put(k.intern(), v);
                }
            });
        }
        Map<String, String> labels = new HashMap<>();
        if (meta.getLabels() != null) {
            meta.getLabels().forEach((k, v) -> labels.put(k.intern(), v.intern()));
        }
        String phase = pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
        return new PodRecord(meta.getNamespace().intern(), meta.getName(), Map.copyOf(labels), Map.copyOf(annotations),
                owner(pod), phase.intern(), epochSeconds(meta.getCreationTimestamp()), meta.getDeletionTimestamp() != null);
    }

    private static PodRecord.OwnerRef owner(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        if (refs == null) {
            return null;
        }
        for (OwnerReference ref : refs) {
            if (Boolean.TRUE.equals(ref.getController())) {
                return new PodRecord.OwnerRef(ref.getKind().intern(), ref.getName().intern());
            }
        }
        return null;
    }

    private static long epochSeconds(String timestamp) {
        if (timestamp == null) {
            return 0;
        }
        try {
            return Instant.parse(timestamp).getEpochSecond();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    private static Pod pod(PodRecord r) {
        ObjectMetaBuilder meta = new ObjectMetaBuilder().withNamespace(r.namespace()).withName(r.name())
                .withLabels(r.labels()).withAnnotations(r.annotations())
                .withCreationTimestamp(Instant.ofEpochSecond(r.created()).toString());
        if (r.terminating()) {
            meta.withDeletionTimestamp(Instant.EPOCH.toString());
        }
        withOwner(meta, r.owner());
        return new PodBuilder().withMetadata(meta.build()).withNewStatus().withPhase(r.phase()).endStatus().build();
    }

    private static ReplicaSet replicaSet(ReplicaSetOwner r) {
        ObjectMetaBuilder meta = new ObjectMetaBuilder().withNamespace(r.namespace()).withName(r.name());
        withOwner(meta, r.owner());
        return new ReplicaSetBuilder().withMetadata(meta.build()).build();
    }

    private static void withOwner(ObjectMetaBuilder meta, PodRecord.OwnerRef owner) {
        if (owner != null) {
            meta.addNewOwnerReference().withKind(owner.kind()).withName(owner.name()).withController(true)
                    .endOwnerReference();
        }
    }
}
