package dev.podpreset.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpreset.injection.NamespaceMetadata;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.injection.PresetKind;
import dev.podpreset.kubernetes.PresetResources;
import dev.podpreset.presets.InvalidDocumentException;
import dev.podpreset.presets.PresetDocuments;
import dev.podpreset.presets.PresetSnapshot;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.PrintStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code --cluster}: the presets that can apply to pods of the given namespaces, read with the rights of an
 * application team: ClusterPodPresets (cluster-wide: the chart's view role grants reading them), the
 * PodPresets of each namespace, and each Namespace object for its labels. A Namespace the user may not read
 * is recorded as such ({@link LoadedPresets#unreadableNamespaces()}), so that what depends on its labels is
 * reported as not evaluated rather than decided wrongly. Prepared with the same {@link PresetDocuments} as
 * the webhook's informers. Only get and list calls: read-only.
 */
final class ClusterPresets {
    private ClusterPresets() {
    }

    static LoadedPresets load(KubernetesClient client, Collection<String> namespaces, PrintStream err) throws CliFailure {
        List<PreparedPreset> presets = new ArrayList<>();
        WrittenPresets written = new WrittenPresets();
        prepareAll(client, read(client, "list ClusterPodPresets", " (the chart's role <release>-clusterpodpresets-view "
                        + "grants it: rbac.clusterPodPresetReaders)",
                () -> client.genericKubernetesResources(PresetResources.of(PresetKind.CLUSTER)).list().getItems()),
                PresetKind.CLUSTER, presets, written, err);
        Map<String, NamespaceMetadata> known = new HashMap<>();
        Map<String, String> unreadable = new HashMap<>();
        for (String namespace : new TreeSet<>(namespaces)) {
            prepareAll(client, read(client, "list PodPresets in namespace " + namespace, "",
                    () -> client.genericKubernetesResources(PresetResources.of(PresetKind.NAMESPACED))
                            .inNamespace(namespace).list().getItems()),
                    PresetKind.NAMESPACED, presets, written, err);
            try {
                Namespace ns = client.namespaces().withName(namespace).get();
                // A namespace that does not exist has only its name label, as for the webhook.
                known.put(namespace, ns == null ? NamespaceMetadata.of(namespace, Map.of(), Map.of())
                        : NamespaceMetadata.of(namespace, ns.getMetadata().getLabels(), ns.getMetadata().getAnnotations()));
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_FORBIDDEN && e.getCode() != HttpURLConnection.HTTP_UNAUTHORIZED) {
                    throw failure(client, "read Namespace " + namespace, "", e);
                }
                unreadable.put(namespace, "cannot read Namespace " + namespace + ": " + reason(e));
            }
        }
        return new LoadedPresets(new PresetSnapshot(presets, known), written, Map.copyOf(unreadable));
    }

    private static <T> T read(KubernetesClient client, String what, String hint, Supplier<T> call) throws CliFailure {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw failure(client, what, e.getCode() == HttpURLConnection.HTTP_FORBIDDEN ? hint : "", e);
        }
    }

    private static CliFailure failure(KubernetesClient client, String what, String hint, KubernetesClientException e) {
        return new CliFailure(ExitCodes.FAILED, "cluster " + client.getMasterUrl() + ": cannot " + what + ": " + reason(e)
                + hint);
    }

    /**
     * The API server's own message (forbidden, not found, ...), or what went wrong on the way, without the
     * client's wrapping and exception names.
     */
    static String reason(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof UnknownHostException) {
            return "unknown host " + root.getMessage();
        }
        if (root instanceof ConnectException) {
            return "cannot connect (" + root.getMessage() + ")";
        }
        String message = root.getMessage() == null ? e.getMessage() : root.getMessage();
        return message == null ? "no answer" : message.replaceAll("[A-Za-z.]*Exception: ", "");
    }

    private static void prepareAll(KubernetesClient client, List<GenericKubernetesResource> items,
                                   PresetKind kind, List<PreparedPreset> out, WrittenPresets written,
                                   PrintStream err) {
        for (GenericKubernetesResource r : items) {
            try {
                JsonNode doc = client.getKubernetesSerialization().convertValue(PresetResources.listItem(r, kind),
                        JsonNode.class);
                PreparedPreset preset = PresetDocuments.prepare(doc);
                out.add(preset);
                written.put(preset.displayName(), doc.path("spec"));
            } catch (InvalidDocumentException e) {
                String ns = r.getMetadata().getNamespace();
                err.println("warning: invalid preset skipped: " + kind.displayName(ns, r.getMetadata().getName()) + ": "
                        + e.getMessage());
            }
        }
    }
}
