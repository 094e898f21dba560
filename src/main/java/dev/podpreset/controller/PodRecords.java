package dev.podpreset.controller;

import dev.podpreset.drift.PodRecord;
import dev.podpreset.kubernetes.SlimItemStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

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
        Pod pod = new Pod();
        pod.setMetadata(key(r.namespace(), r.name()));
        return pod;
    }

    private static ReplicaSet replicaSet(ReplicaSetOwner r) {
        ReplicaSet rs = new ReplicaSet();
        rs.setMetadata(key(r.namespace(), r.name()));
        return rs;
    }

    /**
     * What a rebuilt object holds: its key. fabric8 rebuilds every cached object after each (re)list to find
     * deletions and hands old objects to event handlers, which only signal a change; anything more would cost
     * a full object per cached pod at once (docs/performance.md, Controller: that ran the heap out).
     */
    private static ObjectMeta key(String namespace, String name) {
        ObjectMeta meta = new ObjectMeta();
        meta.setNamespace(namespace);
        meta.setName(name);
        return meta;
    }
}
