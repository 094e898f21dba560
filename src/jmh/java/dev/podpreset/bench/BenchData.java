package dev.podpreset.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.ClusterPodPreset;
import dev.podpreset.api.ClusterPodPresetSpec;
import dev.podpreset.api.PodPreset;
import dev.podpreset.api.PodPresetSpec;
import dev.podpreset.api.PresetEnvVar;
import dev.podpreset.api.PresetEnvVarSource;
import dev.podpreset.injection.NamespaceMetadata;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.presets.PresetSnapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generated presets and admission requests for the benchmarks. {@code src/jmh/load.sh} writes the same
 * shapes as files, so engine and server figures describe the same work.
 *
 * <p>A scenario "M/N" loads N presets of which M select the benchmark pod (namespace {@code bench},
 * label {@code app: bench}). Of the matching ones the first is a ClusterPodPreset, the rest PodPresets of
 * {@code bench}. The N-M others carry a distinct {@code app} label each and are spread over four
 * namespaces, every hundredth being a ClusterPodPreset. Every preset adds three env vars (one from a
 * secret), one secret volume and its read-only mount.
 */
public final class BenchData {
    public static final String NAMESPACE = "bench";
    static final String[] NAMESPACES = {NAMESPACE, "team-a", "team-b", "team-c"};
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BenchData() {
    }

    /** The snapshot for a scenario written "matching/loaded", e.g. "5/10000". */
    public static PresetSnapshot snapshot(String scenario) {
        String[] parts = scenario.split("/");
        return snapshot(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }

    public static int matching(String scenario) {
        return Integer.parseInt(scenario.split("/")[0]);
    }

    public static PresetSnapshot snapshot(int matching, int loaded) {
        List<PreparedPreset> prepared = new ArrayList<>(loaded);
        for (HasMetadata p : presets(matching, loaded)) {
            prepared.add(p instanceof ClusterPodPreset c ? PreparedPreset.of(c) : PreparedPreset.of((PodPreset) p));
        }
        Map<String, NamespaceMetadata> namespaces = new LinkedHashMap<>();
        namespaceLabels().forEach((name, labels) -> namespaces.put(name, new NamespaceMetadata(name, labels, Map.of())));
        return new PresetSnapshot(prepared, namespaces);
    }

    /** The PodPresets and ClusterPodPresets of a scenario, as resources (MockApiServer serves them). */
    public static List<HasMetadata> presets(int matching, int loaded) {
        List<HasMetadata> presets = new ArrayList<>(loaded);
        for (int i = 0; i < matching; i++) {
            LabelSelector selector = selector("app", "bench");
            if (i == 0) {
                presets.add(clusterPreset("match-" + i, selector));
            } else {
                presets.add(podPreset(NAMESPACE, "match-" + i, selector));
            }
        }
        for (int k = 0; k < loaded - matching; k++) {
            LabelSelector selector = selector("app", "app-" + k);
            if (k % 100 == 0) {
                presets.add(clusterPreset("other-" + k, selector));
            } else {
                presets.add(podPreset(NAMESPACES[k % NAMESPACES.length], "other-" + k, selector));
            }
        }
        return presets;
    }

    /** The four namespaces by name, with their labels. */
    public static Map<String, Map<String, String>> namespaceLabels() {
        Map<String, Map<String, String>> namespaceLabels = new LinkedHashMap<>();
        for (String ns : NAMESPACES) {
            namespaceLabels.put(ns, Map.of("podpreset.dev/injection", "enabled", "kubernetes.io/metadata.name", ns));
        }
        return namespaceLabels;
    }

    private static LabelSelector selector(String key, String value) {
        return new LabelSelectorBuilder().addToMatchLabels(key, value).build();
    }

    private static PodPreset podPreset(String namespace, String name, LabelSelector selector) {
        PodPreset p = new PodPreset();
        p.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withResourceVersion("1").build());
        PodPresetSpec spec = new PodPresetSpec();
        fill(spec, name, selector);
        p.setSpec(spec);
        return p;
    }

    private static ClusterPodPreset clusterPreset(String name, LabelSelector selector) {
        ClusterPodPreset p = new ClusterPodPreset();
        p.setMetadata(new ObjectMetaBuilder().withName(name).withResourceVersion("1").build());
        ClusterPodPresetSpec spec = new ClusterPodPresetSpec();
        fill(spec, name, selector);
        spec.setNamespaceSelector(selector("podpreset.dev/injection", "enabled"));
        p.setSpec(spec);
        return p;
    }

    private static void fill(PodPresetSpec spec, String name, LabelSelector selector) {
        String var = name.toUpperCase().replace('-', '_');
        spec.setSelector(selector);
        PresetEnvVar password = new PresetEnvVar(var + "_PASSWORD", null);
        password.setValueFrom(new PresetEnvVarSource());
        password.getValueFrom().setSecretKeyRef(new SecretKeySelector("password", name + "-creds", null));
        spec.setEnv(List.of(new PresetEnvVar(var + "_HOST", name + ".db.svc.cluster.local"),
                new PresetEnvVar(var + "_PORT", "5432"), password));
        spec.setVolumes(List.of(new VolumeBuilder().withName(name + "-creds").withNewSecret()
                .withSecretName(name + "-creds").endSecret().build()));
        spec.setVolumeMounts(List.of(new VolumeMountBuilder().withName(name + "-creds")
                .withMountPath("/etc/presets/" + name).withReadOnly(true).build()));
    }

    /** An AdmissionReview creating a pod: "small" (1 container) or "large" (10 containers x 50 env, 20 volumes). */
    public static byte[] request(String pod) {
        ObjectNode review = F.objectNode();
        review.put("apiVersion", "admission.k8s.io/v1");
        review.put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", "705ab4f5-6393-11e8-b7cc-42010a800002");
        request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
        request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
        request.put("namespace", NAMESPACE);
        request.put("operation", "CREATE");
        request.putObject("userInfo").put("username", "system:serviceaccount:kube-system:replicaset-controller");
        request.set("object", pod(pod.equals("large") ? 10 : 1, pod.equals("large") ? 50 : 5,
                pod.equals("large") ? 20 : 1));
        request.put("dryRun", false);
        try {
            return MAPPER.writeValueAsBytes(review);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode pod(int containers, int envPerContainer, int volumes) {
        ObjectNode pod = F.objectNode();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata");
        meta.put("generateName", "bench-7d4b9c-");
        meta.put("namespace", NAMESPACE);
        meta.putObject("labels").put("app", "bench").put("role", "web").put("pod-template-hash", "7d4b9c");
        meta.putObject("annotations").put("kubectl.kubernetes.io/default-container", "main-0");
        ObjectNode spec = pod.putObject("spec");
        ArrayNode vols = spec.putArray("volumes");
        for (int v = 0; v < volumes; v++) {
            ObjectNode vol = vols.addObject().put("name", "data-" + v);
            if (v % 2 == 0) {
                vol.putObject("configMap").put("name", "config-" + v).put("defaultMode", 420);
            } else {
                vol.putObject("emptyDir");
            }
        }
        ArrayNode cs = spec.putArray("containers");
        for (int c = 0; c < containers; c++) {
            ObjectNode container = cs.addObject();
            container.put("name", "main-" + c);
            container.put("image", "registry.example.com/app/main-" + c + ":1.4.2");
            container.put("imagePullPolicy", "IfNotPresent");
            container.putArray("ports").addObject().put("containerPort", 8080 + c).put("protocol", "TCP");
            ArrayNode env = container.putArray("env");
            for (int e = 0; e < envPerContainer; e++) {
                env.addObject().put("name", "SETTING_" + c + "_" + e).put("value", "value-" + e + "-of-container-" + c);
            }
            ObjectNode resources = container.putObject("resources");
            resources.putObject("requests").put("cpu", "100m").put("memory", "128Mi");
            resources.putObject("limits").put("memory", "256Mi");
            ArrayNode mounts = container.putArray("volumeMounts");
            for (int m = 0; m < Math.min(2, volumes); m++) {
                int v = (c * 2 + m) % volumes;
                mounts.addObject().put("name", "data-" + v).put("mountPath", "/data/" + v);
            }
            container.put("terminationMessagePath", "/dev/termination-log");
            container.put("terminationMessagePolicy", "File");
        }
        spec.put("restartPolicy", "Always");
        spec.put("dnsPolicy", "ClusterFirst");
        spec.put("serviceAccountName", "default");
        spec.put("terminationGracePeriodSeconds", 30);
        return pod;
    }
}
