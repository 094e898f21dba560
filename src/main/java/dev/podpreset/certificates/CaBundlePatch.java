package dev.podpreset.certificates;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The JSON Patch that sets our caBundle on the webhooks of one configuration that call our Service, and only
 * on those: each change is guarded by a {@code test} of the webhook's name, so a configuration edited in
 * between fails the patch instead of receiving the bundle at the wrong index.
 */
final class CaBundlePatch {
    private static final Logger LOG = Logger.getLogger(CaBundlePatch.class);

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
            if (ours(webhook, serviceNamespace, serviceName) && !caBundle.equals(config.getCaBundle())) {
                ops.addObject().put("op", "test").put("path", "/webhooks/" + i + "/name").put("value", webhook.name());
                ops.addObject().put("op", "add").put("path", "/webhooks/" + i + "/clientConfig/caBundle").put("value", caBundle);
            }
        }
        return ops.isEmpty() ? Optional.empty() : Optional.of(ops.toString());
    }

    /** The certificates the caBundle of our webhooks holds now; an unreadable bundle holds none. */
    static List<X509Certificate> trusted(List<Webhook> webhooks, String serviceNamespace, String serviceName) {
        List<X509Certificate> trusted = new ArrayList<>();
        for (Webhook webhook : webhooks) {
            String caBundle = webhook.clientConfig() == null ? null : webhook.clientConfig().getCaBundle();
            if (ours(webhook, serviceNamespace, serviceName) && caBundle != null && !caBundle.isEmpty()) {
                try {
                    trusted.addAll(Pem.parseCertificates(new String(Base64.getDecoder().decode(caBundle), StandardCharsets.US_ASCII)));
                } catch (IllegalArgumentException | CertificateException e) {
                    LOG.warnf("The caBundle of webhook %s is not base64 of PEM certificates: it is replaced", webhook.name());
                }
            }
        }
        return trusted;
    }

    /** Whether the webhook calls our Service. */
    private static boolean ours(Webhook webhook, String serviceNamespace, String serviceName) {
        WebhookClientConfig config = webhook.clientConfig();
        return config != null && config.getService() != null && serviceName.equals(config.getService().getName())
                && serviceNamespace.equals(config.getService().getNamespace());
    }

}
