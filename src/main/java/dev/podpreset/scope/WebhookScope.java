package dev.podpreset.scope;

import dev.podpreset.injection.LabelSelectorMatcher;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether the API server calls the webhook for a pod at all, before any preset is looked at: the pod's
 * namespace must not be excluded (the system namespaces and the injector's own release namespace) and
 * must match the MutatingWebhookConfiguration's namespaceSelector, and the pod must match its
 * objectSelector. The chart builds its webhook configuration from the same three inputs. Pure: no I/O.
 */
public final class WebhookScope {
    /** Never injected, whatever the selectors say: the chart adds them to the namespaceSelector. */
    public static final List<String> SYSTEM_NAMESPACES = List.of("kube-system", "kube-public", "kube-node-lease");
    public static final String DEFAULT_RELEASE_NAMESPACE = "podpreset-system";
    public static final String INJECTION_LABEL = "podpreset.dev/injection";
    /** The API server sets this label on every namespace, so selectors may use it even where a copy lacks it. */
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    /** The chart's default namespaceSelector: namespaces opt in. */
    public static final LabelSelector DEFAULT_NAMESPACE_SELECTOR = new LabelSelectorBuilder()
            .addToMatchLabels(INJECTION_LABEL, "enabled").build();
    /** The chart's default objectSelector: a pod opts out. */
    public static final LabelSelector DEFAULT_OBJECT_SELECTOR = new LabelSelectorBuilder()
            .addToMatchExpressions(new LabelSelectorRequirementBuilder()
                    .withKey(INJECTION_LABEL).withOperator("NotIn").withValues("disabled").build())
            .build();

    private final Set<String> excludedNamespaces;
    private final LabelSelector namespaceSelector;
    private final LabelSelector objectSelector;
    private final LabelSelectorMatcher namespaceMatcher;
    private final LabelSelectorMatcher objectMatcher;

    /** Whether the webhook is called, and if not, why (one sentence naming the rule). */
    public record Decision(boolean called, String reason) {
    }

    /**
     * @param excludedNamespaces never injected (give the system namespaces and the release namespace); kept in
     *                           this order for messages
     * @param namespaceSelector  the webhook's namespaceSelector; null selects every namespace
     * @param objectSelector     the webhook's objectSelector; null selects every pod
     */
    public WebhookScope(Set<String> excludedNamespaces, LabelSelector namespaceSelector, LabelSelector objectSelector) {
        this.excludedNamespaces = Collections.unmodifiableSet(new LinkedHashSet<>(excludedNamespaces));
        this.namespaceSelector = namespaceSelector;
        this.objectSelector = objectSelector;
        this.namespaceMatcher = LabelSelectorMatcher.of(namespaceSelector);
        this.objectMatcher = LabelSelectorMatcher.of(objectSelector);
    }

    /** The system namespaces plus {@code releaseNamespace} excluded, with these selectors. */
    public static WebhookScope forRelease(String releaseNamespace, LabelSelector namespaceSelector,
                                          LabelSelector objectSelector) {
        Set<String> excluded = new LinkedHashSet<>(SYSTEM_NAMESPACES);
        excluded.add(releaseNamespace);
        return new WebhookScope(excluded, namespaceSelector, objectSelector);
    }

    /** The chart's defaults for a release in {@code releaseNamespace}. */
    public static WebhookScope chartDefaults(String releaseNamespace) {
        return forRelease(releaseNamespace, DEFAULT_NAMESPACE_SELECTOR, DEFAULT_OBJECT_SELECTOR);
    }

    /**
     * Decides for a pod with {@code podLabels} created in {@code namespace}, whose labels are
     * {@code namespaceLabels} (possibly without {@code kubernetes.io/metadata.name}, which is implied).
     */
    public Decision decide(String namespace, Map<String, String> namespaceLabels, Map<String, String> podLabels) {
        if (excludedNamespaces.contains(namespace)) {
            return new Decision(false, "namespace " + namespace + " is excluded: the webhook is never called for "
                    + String.join(", ", excludedNamespaces));
        }
        if (!namespaceMatches(namespace, namespaceLabels)) {
            return new Decision(false, "namespace " + namespace + " does not match the webhook's namespaceSelector "
                    + LabelSelectorText.format(namespaceSelector));
        }
        if (!podMatches(podLabels)) {
            return new Decision(false, "the pod's labels do not match the webhook's objectSelector "
                    + LabelSelectorText.format(objectSelector));
        }
        return new Decision(true, "namespace " + namespace + " matches the namespaceSelector "
                + LabelSelectorText.format(namespaceSelector) + " and the pod the objectSelector "
                + LabelSelectorText.format(objectSelector));
    }

    /**
     * The namespace half of {@link #decide}, without the reason: whether pods of this namespace can be called
     * for at all. The controller asks it once per namespace, then {@link #podMatches} per pod.
     */
    public boolean servesNamespace(String namespace, Map<String, String> namespaceLabels) {
        return !excludedNamespaces.contains(namespace) && namespaceMatches(namespace, namespaceLabels);
    }

    /** The pod half of {@link #decide}: whether the objectSelector selects a pod with these labels. */
    public boolean podMatches(Map<String, String> podLabels) {
        return objectMatcher.matches(podLabels);
    }

    private boolean namespaceMatches(String namespace, Map<String, String> namespaceLabels) {
        if (namespace.equals(namespaceLabels.get(NAMESPACE_NAME_LABEL))) {
            return namespaceMatcher.matches(namespaceLabels);
        }
        Map<String, String> labels = new HashMap<>(namespaceLabels);
        labels.putIfAbsent(NAMESPACE_NAME_LABEL, namespace);
        return namespaceMatcher.matches(labels);
    }

    public Set<String> excludedNamespaces() {
        return excludedNamespaces;
    }

    public LabelSelector namespaceSelector() {
        return namespaceSelector;
    }

    public LabelSelector objectSelector() {
        return objectSelector;
    }
}
