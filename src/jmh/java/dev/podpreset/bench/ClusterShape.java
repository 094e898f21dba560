package dev.podpreset.bench;

import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.PresetKind;

/**
 * The simulated cluster of the controller benchmark, generated on demand (nothing is stored): namespaces
 * {@code ns-0000...}, each with {@code replicaSets / namespaces} Deployments of one ReplicaSet and
 * {@code pods / replicaSets} pods each; PodPresets {@code pp} in the first namespaces, one per namespace, and
 * ClusterPodPresets {@code cpp-N} for a team label of namespaces. Pods are full-size (two containers, env,
 * mounts, status, managedFields, ~4 KB of JSON) as an API server sends them; 80 % of the pods a preset
 * selects carry its applied annotation at generation 1, 10 % at generation 0 (stale) and 10 % none (missing).
 */
public final class ClusterShape {
    static final int TEAMS = 50;
    static final int APPS = 5;
    final int namespaces;
    final int replicaSets;
    final int pods;
    final int podPresets;
    final int clusterPodPresets;

    public ClusterShape(int namespaces, int replicaSets, int pods, int presets) {
        this.namespaces = namespaces;
        this.replicaSets = replicaSets;
        this.pods = pods;
        this.clusterPodPresets = presets / 10;
        this.podPresets = presets - clusterPodPresets;
    }

    static String ns(int i) {
        return String.format("ns-%04d", i);
    }

    int rsPerNamespace() {
        return Math.max(1, replicaSets / namespaces);
    }

    int podsPerReplicaSet() {
        return Math.max(1, pods / replicaSets);
    }

    /** An object of this shape as the API server sends it metadata-only ({@code as=PartialObjectMetadata}). */
    static String partial(String metadata) {
        return "{\"apiVersion\":\"meta.k8s.io/v1\",\"kind\":\"PartialObjectMetadata\",\"metadata\":" + metadata + "}";
    }

    String namespace(int i) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":" + namespaceMetadata(i) + "}";
    }

    String namespaceMetadata(int i) {
        return "{\"name\":\"" + ns(i) + "\",\"uid\":\"ns-" + i + "\",\"resourceVersion\":\"1\",\"labels\":{\"kubernetes.io/metadata.name\":\""
                + ns(i) + "\",\"team\":\"t-" + (i % TEAMS) + "\"}}";
    }

    /** The i-th ReplicaSet: namespace i / rsPerNamespace, app (i % rsPerNamespace) % APPS. */
    String replicaSet(int i) {
        String app = "app-" + (i % rsPerNamespace());
        return "{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"metadata\":" + replicaSetMetadata(i) + ",\"spec\":{\"replicas\":"
                + podsPerReplicaSet() + ",\"selector\":{\"matchLabels\":{\"app\":\"" + app + "\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\""
                + app + "\"}},\"spec\":{\"containers\":[{\"name\":\"api\",\"image\":\"registry.example/api:1.2.3\"}]}}},"
                + "\"status\":{\"replicas\":" + podsPerReplicaSet() + ",\"readyReplicas\":" + podsPerReplicaSet() + "}}";
    }

    String replicaSetMetadata(int i) {
        int namespace = i / rsPerNamespace();
        String app = "app-" + (i % rsPerNamespace());
        return "{\"name\":\"" + app + "-7d4b9c" + "\",\"namespace\":\"" + ns(namespace) + "\",\"uid\":\"rs-" + i
                + "\",\"resourceVersion\":\"1\",\"labels\":{\"app\":\"" + app + "\"},\"ownerReferences\":[{\"apiVersion\":\"apps/v1\","
                + "\"kind\":\"Deployment\",\"name\":\"" + app + "\",\"uid\":\"d-" + i + "\",\"controller\":true,\"blockOwnerDeletion\":true}]}";
    }

    /** Which ClusterPodPreset of a team and app exists: cpp-N selects team t-(N % TEAMS) and app-(N / TEAMS % APPS). */
    private boolean clusterPresetSelects(int preset, int team, int app) {
        return preset % TEAMS == team && (preset / TEAMS) % APPS == app % APPS;
    }

    /** The metadata of the i-th pod: labels, our annotations, its owner, managedFields. */
    String podMetadata(int i) {
        int rs = i / podsPerReplicaSet();
        int namespace = rs / rsPerNamespace();
        int appIndex = rs % rsPerNamespace();
        String app = "app-" + appIndex;
        String name = app + "-7d4b9c-" + Integer.toString(1_000_000 + i, 36);
        StringBuilder annotations = new StringBuilder("\"kubectl.kubernetes.io/default-container\":\"api\",\"prometheus.io/scrape\":\"true\"");
        if (namespace < podPresets && appIndex % APPS == 0) {
            stamp(annotations, AnnotationKeys.applied(PresetKind.NAMESPACED, "pp"), i);
        }
        for (int c = 0; c < clusterPodPresets; c++) {
            if (clusterPresetSelects(c, namespace % TEAMS, appIndex)) {
                stamp(annotations, AnnotationKeys.applied(PresetKind.CLUSTER, "cpp-" + c), i);
            }
        }
        return "{\"name\":\"" + name + "\",\"generateName\":\"" + app
                + "-7d4b9c-\",\"namespace\":\"" + ns(namespace) + "\",\"uid\":\"0b7c5e4e-" + String.format("%04d", i % 10000)
                + "-4f5e-9a1b-" + String.format("%012d", i) + "\",\"resourceVersion\":\"" + (1000 + i)
                + "\",\"creationTimestamp\":\"2026-11-30T10:00:00Z\",\"labels\":{\"app\":\"" + app
                + "\",\"pod-template-hash\":\"7d4b9c\",\"team\":\"t-" + (namespace % TEAMS) + "\"},\"annotations\":{" + annotations
                + "},\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"" + app
                + "-7d4b9c\",\"uid\":\"rs-" + rs + "\",\"controller\":true,\"blockOwnerDeletion\":true}],"
                + "\"managedFields\":[{\"manager\":\"kube-controller-manager\",\"operation\":\"Update\",\"apiVersion\":\"v1\","
                + "\"time\":\"2026-11-30T10:00:00Z\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:metadata\":{\"f:generateName\":{},"
                + "\"f:labels\":{\".\":{},\"f:app\":{},\"f:pod-template-hash\":{}},\"f:ownerReferences\":{}},\"f:spec\":{\"f:containers\":{}}}}]}";
    }

    String pod(int i) {
        int rs = i / podsPerReplicaSet();
        int namespace = rs / rsPerNamespace();
        String app = "app-" + (rs % rsPerNamespace());
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":" + podMetadata(i) + ","
                + "\"spec\":{\"containers\":[" + container("api", 8080) + "," + container("metrics", 9090) + "],"
                + "\"volumes\":[{\"name\":\"config\",\"configMap\":{\"name\":\"" + app + "-config\",\"defaultMode\":420}},"
                + "{\"name\":\"kube-api-access-x2x9z\",\"projected\":{\"defaultMode\":420,\"sources\":[{\"serviceAccountToken\":"
                + "{\"expirationSeconds\":3607,\"path\":\"token\"}},{\"configMap\":{\"name\":\"kube-root-ca.crt\",\"items\":[{\"key\":"
                + "\"ca.crt\",\"path\":\"ca.crt\"}]}}]}}],\"restartPolicy\":\"Always\",\"terminationGracePeriodSeconds\":30,"
                + "\"dnsPolicy\":\"ClusterFirst\",\"serviceAccountName\":\"default\",\"nodeName\":\"node-" + (i % 500)
                + "\",\"securityContext\":{},\"schedulerName\":\"default-scheduler\",\"tolerations\":[{\"key\":"
                + "\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}],"
                + "\"priority\":0,\"enableServiceLinks\":true,\"preemptionPolicy\":\"PreemptLowerPriority\"},"
                + "\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"lastTransitionTime\":"
                + "\"2026-11-30T10:00:05Z\"},{\"type\":\"PodScheduled\",\"status\":\"True\",\"lastTransitionTime\":\"2026-11-30T10:00:00Z\"}],"
                + "\"hostIP\":\"10.0." + (i % 250) + ".1\",\"podIP\":\"10.1." + (i / 250 % 250) + "." + (i % 250)
                + "\",\"startTime\":\"2026-11-30T10:00:00Z\",\"containerStatuses\":[" + status("api") + "," + status("metrics")
                + "],\"qosClass\":\"Burstable\"}}";
    }

    /** 80 % current (generation 1), 10 % stale (0), 10 % missing. */
    private static void stamp(StringBuilder annotations, String key, int pod) {
        int bucket = pod % 10;
        if (bucket < 9) {
            annotations.append(",\"").append(key).append("\":\"").append(bucket < 8 ? "1" : "0").append('"');
        }
    }

    private static String container(String name, int port) {
        return "{\"name\":\"" + name + "\",\"image\":\"registry.example/" + name + ":1.2.3\",\"ports\":[{\"containerPort\":"
                + port + ",\"protocol\":\"TCP\"}],\"env\":[{\"name\":\"LOG_LEVEL\",\"value\":\"info\"},{\"name\":\"DB_HOST\","
                + "\"value\":\"db.example\"},{\"name\":\"DB_PORT\",\"value\":\"5432\"},{\"name\":\"POD_NAME\",\"valueFrom\":"
                + "{\"fieldRef\":{\"apiVersion\":\"v1\",\"fieldPath\":\"metadata.name\"}}}],\"resources\":{\"limits\":{\"memory\":"
                + "\"256Mi\"},\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"}},\"volumeMounts\":[{\"name\":\"config\","
                + "\"mountPath\":\"/etc/app\",\"readOnly\":true},{\"name\":\"kube-api-access-x2x9z\",\"readOnly\":true,"
                + "\"mountPath\":\"/var/run/secrets/kubernetes.io/serviceaccount\"}],\"terminationMessagePath\":"
                + "\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\",\"imagePullPolicy\":\"IfNotPresent\"}";
    }

    private static String status(String name) {
        return "{\"name\":\"" + name + "\",\"state\":{\"running\":{\"startedAt\":\"2026-11-30T10:00:03Z\"}},\"ready\":true,"
                + "\"restartCount\":0,\"image\":\"registry.example/" + name + ":1.2.3\",\"imageID\":\"registry.example/" + name
                + "@sha256:" + "ab".repeat(32) + "\",\"containerID\":\"containerd://" + "cd".repeat(32) + "\",\"started\":true}";
    }

    String podPreset(int namespace, long generation) {
        return "{\"apiVersion\":\"podpreset.dev/v1alpha1\",\"kind\":\"PodPreset\",\"metadata\":" + podPresetMetadata(namespace, generation)
                + ",\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"app-0\"}},"
                + "\"env\":[{\"name\":\"TRACING\",\"value\":\"g" + generation + "\"}]}}";
    }

    String podPresetMetadata(int namespace, long generation) {
        return "{\"name\":\"pp\",\"namespace\":\"" + ns(namespace) + "\",\"uid\":\"pp-" + namespace + "\",\"generation\":" + generation
                + ",\"resourceVersion\":\"" + (10 + generation) + "\",\"creationTimestamp\":\"2026-11-30T09:00:00Z\"}";
    }

    String clusterPodPreset(int n, long generation) {
        return "{\"apiVersion\":\"podpreset.dev/v1alpha1\",\"kind\":\"ClusterPodPreset\",\"metadata\":" + clusterPodPresetMetadata(n, generation)
                + ",\"spec\":{\"namespaceSelector\":{\"matchLabels\":{\"team\":\"t-"
                + (n % TEAMS) + "\"}},\"selector\":{\"matchLabels\":{\"app\":\"app-" + (n / TEAMS % APPS) + "\"}},"
                + "\"tolerations\":[{\"key\":\"dedicated\",\"operator\":\"Equal\",\"value\":\"c" + n + "\",\"effect\":\"NoSchedule\"}]}}";
    }

    String clusterPodPresetMetadata(int n, long generation) {
        return "{\"name\":\"cpp-" + n + "\",\"uid\":\"cpp-" + n + "\",\"generation\":" + generation + ",\"resourceVersion\":\""
                + (10 + generation) + "\",\"creationTimestamp\":\"2026-11-30T09:00:00Z\"}";
    }
}
