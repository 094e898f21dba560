package dev.podpreset.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpreset.api.ClusterPodPreset;
import dev.podpreset.api.PodPreset;
import dev.podpreset.injection.NamespaceMetadata;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.presets.InvalidDocumentException;
import dev.podpreset.presets.PresetDocuments;
import dev.podpreset.presets.PresetSnapshot;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --cluster}: one read of PodPresets (all namespaces), ClusterPodPresets and Namespaces, prepared
 * with the same {@link PresetDocuments} as the webhook's informers. Only list calls: read-only.
 */
final class ClusterPresets {
    private static final ResourceDefinitionContext POD_PRESETS = ResourceDefinitionContext.fromResourceType(PodPreset.class);
    private static final ResourceDefinitionContext CLUSTER_POD_PRESETS =
            ResourceDefinitionContext.fromResourceType(ClusterPodPreset.class);

    private ClusterPresets() {
    }

    static PresetSnapshot load(KubernetesClient client, PrintStream err) throws CliFailure {
        try {
            List<PreparedPreset> presets = new ArrayList<>();
            prepareAll(client, client.genericKubernetesResources(CLUSTER_POD_PRESETS).list().getItems(),
                    CLUSTER_POD_PRESETS, presets, err);
            prepareAll(client, client.genericKubernetesResources(POD_PRESETS).inAnyNamespace().list().getItems(),
                    POD_PRESETS, presets, err);
            Map<String, NamespaceMetadata> namespaces = new HashMap<>();
            for (Namespace ns : client.namespaces().list().getItems()) {
                String name = ns.getMetadata().getName();
                namespaces.put(name, NamespaceMetadata.of(name, ns.getMetadata().getLabels(), ns.getMetadata().getAnnotations()));
            }
            return new PresetSnapshot(presets, namespaces);
        } catch (KubernetesClientException e) {
            throw new CliFailure(ExitCodes.FAILED, "cluster " + client.getMasterUrl() + ": " + reason(e));
        }
    }

    /** The API server's own message (forbidden, not found, ...) rather than fabric8's wrapping. */
    static String reason(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        return e.getCause() != null ? e.getCause().toString() : e.getMessage();
    }

    private static void prepareAll(KubernetesClient client, List<GenericKubernetesResource> items,
                                   ResourceDefinitionContext type, List<PreparedPreset> out, PrintStream err) {
        for (GenericKubernetesResource r : items) {
            // List items may come without apiVersion and kind; the list says what they are.
            if (r.getApiVersion() == null) {
                r.setApiVersion(type.getGroup() + "/" + type.getVersion());
            }
            if (r.getKind() == null) {
                r.setKind(type.getKind());
            }
            try {
                out.add(PresetDocuments.prepare(client.getKubernetesSerialization().convertValue(r, JsonNode.class)));
            } catch (InvalidDocumentException e) {
                String ns = r.getMetadata().getNamespace();
                err.println("warning: invalid preset skipped: " + type.getKind() + " "
                        + (ns == null ? "" : ns + "/") + r.getMetadata().getName() + ": " + e.getMessage());
            }
        }
    }
}
