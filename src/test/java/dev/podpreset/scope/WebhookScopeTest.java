package dev.podpreset.scope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.LabelSelector;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookScopeTest {
    private static final WebhookScope DEFAULTS = WebhookScope.chartDefaults("podpreset-system");
    private static final Map<String, String> OPTED_IN = Map.of("podpreset.dev/injection", "enabled");

    @Test
    void theChartsDefaultSelectorsAreTheOnesInItsValuesFile() throws IOException {
        JsonNode webhook = new YAMLMapper().readTree(Path.of("charts/podpreset-injector/values.yaml").toFile()).path("webhook");
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.treeToValue(webhook.path("namespaceSelector"), LabelSelector.class).getMatchLabels(),
                WebhookScope.DEFAULT_NAMESPACE_SELECTOR.getMatchLabels());
        assertEquals(json.treeToValue(webhook.path("objectSelector"), LabelSelector.class).getMatchExpressions(),
                WebhookScope.DEFAULT_OBJECT_SELECTOR.getMatchExpressions());
    }

    @Test
    void systemAndReleaseNamespacesAreNeverCalledEvenWhenLabelled() {
        for (String ns : new String[] {"kube-system", "kube-public", "kube-node-lease", "podpreset-system"}) {
            WebhookScope.Decision d = DEFAULTS.decide(ns, OPTED_IN, Map.of());
            assertFalse(d.called(), ns);
            assertTrue(d.reason().startsWith("namespace " + ns + " is excluded"), d.reason());
        }
        assertTrue(DEFAULTS.decide("team-a", OPTED_IN, Map.of()).called());
    }

    @Test
    void namespaceMustMatchTheNamespaceSelector() {
        WebhookScope.Decision d = DEFAULTS.decide("team-b", Map.of("tier", "prod"), Map.of());
        assertFalse(d.called());
        assertEquals("namespace team-b does not match the webhook's namespaceSelector podpreset.dev/injection=enabled",
                d.reason());
    }

    @Test
    void theNamespaceNameLabelIsImplied() {
        WebhookScope byName = WebhookScope.forRelease("podpreset-system",
                LabelSelectorText.parse("kubernetes.io/metadata.name in (team-a)"), null);
        assertTrue(byName.decide("team-a", Map.of(), Map.of()).called());
        assertFalse(byName.decide("team-b", Map.of(), Map.of()).called());
    }

    @Test
    void podMustMatchTheObjectSelector() {
        WebhookScope.Decision d = DEFAULTS.decide("team-a", OPTED_IN, Map.of("podpreset.dev/injection", "disabled"));
        assertFalse(d.called());
        assertEquals("the pod's labels do not match the webhook's objectSelector podpreset.dev/injection notin (disabled)",
                d.reason());
        assertTrue(DEFAULTS.decide("team-a", OPTED_IN, Map.of("podpreset.dev/injection", "yes")).called());
    }

    @Test
    void absentSelectorsSelectEverything() {
        WebhookScope open = new WebhookScope(Set.of(), null, null);
        assertTrue(open.decide("kube-system", Map.of(), Map.of()).called());
    }
}
