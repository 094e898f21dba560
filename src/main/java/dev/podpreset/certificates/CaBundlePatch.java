package dev.podpreset.certificates;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;

import java.util.List;
import java.util.Optional;

/**
 * The JSON Patch that sets our caBundle on the webhooks of one configuration that call our Service, and only
 * on those: each change is guarded by a {@code test} of the webhook's name, so a configuration edited in
 * between fails the patch instead of receiving the bundle at the wrong index.
 */
final class CaBundlePatch {

    /** A webhook of a Mutating- or ValidatingWebhookConfiguration. */
    record Webhook(String name, WebhookClientConfig clientConfig) {
    }

    private CaBundlePatch() {
    }

    /** The patch, or empty when every webhook of our Service already has {@code caBundle}. */
    static Optional<String> of(List<Webhook> webhooks, String serviceNamespace, String serviceName, String caBundle) {
        ArrayNode ops = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < webhooks.size(); i++) {
            Webhook webhook = webhooks.get(i);
            WebhookClientConfig config = webhook.clientConfig();
            boolean ours = config != null && config.getService() != null
                    && serviceName.equals(config.getService().getName())
                    && serviceNamespace.equals(config.getService().getNamespace());
            if (ours && !caBundle.equals(config.getCaBundle())) {
                ops.addObject().put("op", "test").put("path", "/webhooks/" + i + "/name").put("value", webhook.name());
                ops.addObject().put("op", "add").put("path", "/webhooks/" + i + "/clientConfig/caBundle").put("value", caBundle);
            }
        }
        return ops.isEmpty() ? Optional.empty() : Optional.of(ops.toString());
    }

}
