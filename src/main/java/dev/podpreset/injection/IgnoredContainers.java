package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Names of the pod's own containers and init containers that receive no env, envFrom or volumeMounts unless a
 * preset names them in {@code targetContainers}: those a service mesh's webhook added before ours (its proxy
 * and init containers). The configured list ({@code podpreset.injection.ignored-containers}) plus, for one pod,
 * the names in its annotation {@code podpreset.dev/ignore-containers: "a,b"}. Containers that presets inject are
 * not affected (they never receive env, envFrom or mounts anyway).
 */
public record IgnoredContainers(Set<String> names) {
    /** The configuration's default: Istio's and Linkerd's proxy and init containers. */
    public static final String DEFAULT_NAMES = "istio-proxy,istio-init,istio-validation,linkerd-proxy,linkerd-init";
    public static final IgnoredContainers DEFAULT = of(List.of(DEFAULT_NAMES.split(",")));

    public IgnoredContainers {
        names = Set.copyOf(names);
    }

    public static IgnoredContainers of(List<String> names) {
        return new IgnoredContainers(Set.copyOf(names));
    }

    /** The list {@code podpreset.injection.ignored-containers} configures: none when the key is set empty. */
    public static IgnoredContainers configured(Optional<List<String>> names) {
        return of(names.orElse(List.of()));
    }

    /** This list plus the names of the pod's {@code podpreset.dev/ignore-containers} annotation. */
    IgnoredContainers forPod(JsonNode podAnnotations) {
        String added = podAnnotations.path(AnnotationKeys.IGNORE_CONTAINERS).textValue();
        if (added == null || added.isBlank()) {
            return this;
        }
        Set<String> all = new HashSet<>(names);
        Arrays.stream(added.split(",")).map(String::strip).filter(n -> !n.isEmpty()).forEach(all::add);
        return new IgnoredContainers(all);
    }

    boolean contains(String containerName) {
        return names.contains(containerName);
    }
}
