package dev.podpreset.certificates;

import dev.podpreset.certificates.CaBundlePatch.Webhook;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.jboss.logging.Logger;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One check of the self-managed certificates against the cluster: reads the Secret, applies the
 * {@link RenewalPlanner}'s decision (create, or update at its resourceVersion so that two writers cannot
 * both win), then makes sure both webhook configurations carry the bundle. Key material is never logged.
 */
final class CertificateRotation {
    private static final Logger LOG = Logger.getLogger(CertificateRotation.class);
    private static final PatchContext JSON_PATCH = PatchContext.of(PatchType.JSON);

    /** Where the certificates live and what they are for. */
    record Target(String namespace, String secretName, String webhookName, String serviceName) {
        /** The Service's DNS names, the last one the common name. */
        List<String> dnsNames() {
            return List.of(serviceName, serviceName + "." + namespace, serviceName + "." + namespace + ".svc",
                    serviceName + "." + namespace + ".svc.cluster.local");
        }
    }

    /** What a check did. */
    record Outcome(boolean secretWritten, List<String> patchedConfigurations, List<String> reasons) {
    }

    private final KubernetesClient client;
    private final Target target;
    private final RenewalPlanner planner;
    private final Clock clock;

    CertificateRotation(KubernetesClient client, Target target, RenewalPlanner planner, Clock clock) {
        this.client = client;
        this.target = target;
        this.planner = planner;
        this.clock = clock;
    }

    Target target() {
        return target;
    }

    Outcome check() {
        Instant now = clock.instant();
        Secret secret = client.secrets().inNamespace(target.namespace()).withName(target.secretName()).get();
        StoredCertificates stored = StoredCertificates.fromSecretData(secret == null ? null : secret.getData());
        List<Configuration<?>> configurations = Stream.of(mutating(), validating()).flatMap(Optional::stream).toList();
        List<X509Certificate> trusted = configurations.stream()
                .flatMap(c -> CaBundlePatch.trusted(c.webhooks(), target.namespace(), target.serviceName()).stream())
                .toList();
        RenewalPlan plan = planner.plan(stored, trusted, now);
        List<X509Certificate> bundle = stored.bundle();
        boolean written = false;
        if (plan.changesSecret(stored)) {
            bundle = write(secret, stored, plan, now);
            written = true;
            LOG.infof("Certificate Secret %s/%s written: %s", target.namespace(), target.secretName(),
                    String.join("; ", plan.reasons()));
        }
        String caBundle = StoredCertificates.caBundle(bundle);
        List<String> patched = new ArrayList<>();
        for (Configuration<?> configuration : configurations) {
            configuration.patch(caBundle).ifPresent(patched::add);
        }
        for (String kind : patched) {
            LOG.infof("caBundle of %s %s set", kind, target.webhookName());
        }
        return new Outcome(written, patched, plan.reasons());
    }

    private List<X509Certificate> write(Secret existing, StoredCertificates stored, RenewalPlan plan, Instant now) {
        KeyedCertificate previous = stored.signer().orElse(null);
        KeyedCertificate signer = plan.newCa()
                ? Issuer.authority(target.serviceName() + "-ca-" + now.getEpochSecond(), now, planner.lifetimes().ca())
                : previous;
        List<X509Certificate> bundle = new ArrayList<>(plan.keptCas());
        if (plan.newCa()) {
            bundle.add(signer.certificate());
        }
        KeyedCertificate serving = switch (plan.serving()) {
            case KEEP -> stored.serving().orElseThrow();
            case SIGN_WITH_PREVIOUS_CA -> issueServing(previous, now);
            case SIGN_WITH_CURRENT_CA -> issueServing(signer, now);
        };
        Map<String, String> data = StoredCertificates.secretData(bundle, signer, serving);
        if (existing == null) {
            client.secrets().inNamespace(target.namespace()).resource(new SecretBuilder()
                    .withMetadata(new ObjectMetaBuilder().withName(target.secretName()).withNamespace(target.namespace())
                            .addToLabels("app.kubernetes.io/managed-by", "podpreset-injector")
                            .addToLabels("app.kubernetes.io/component", "certificates").build())
                    .withType("kubernetes.io/tls")
                    .withData(data)
                    .build()).create();
        } else {
            // Keeps the read resourceVersion: a concurrent writer makes this fail (409) and the next check retries.
            client.secrets().inNamespace(target.namespace())
                    .resource(new SecretBuilder(existing).withData(data).build()).update();
        }
        return bundle;
    }

    private KeyedCertificate issueServing(KeyedCertificate ca, Instant now) {
        return Issuer.serving(ca, target.dnsNames(), now, planner.lifetimes().serving());
    }

    /** One of our two webhook configurations as read at the start of a check. */
    private final class Configuration<T extends HasMetadata> {
        private final String kind;
        private final Resource<T> resource;
        private final List<Webhook> webhooks;

        Configuration(String kind, Resource<T> resource, List<Webhook> webhooks) {
            this.kind = kind;
            this.resource = resource;
            this.webhooks = webhooks;
        }

        List<Webhook> webhooks() {
            return webhooks;
        }

        /** Sets {@code caBundle} on our webhooks if needed; the kind when it did. */
        Optional<String> patch(String caBundle) {
            return CaBundlePatch.of(webhooks, target.namespace(), target.serviceName(), caBundle).map(patch -> {
                resource.patch(JSON_PATCH, patch);
                return kind;
            });
        }
    }

    /** Empty when the configuration does not exist (yet): it is left alone. */
    private Optional<Configuration<?>> mutating() {
        var resource = client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(target.webhookName());
        return Optional.ofNullable(resource.get()).map(config -> new Configuration<>("MutatingWebhookConfiguration",
                resource, config.getWebhooks().stream().map(w -> new Webhook(w.getName(), w.getClientConfig())).toList()));
    }

    private Optional<Configuration<?>> validating() {
        var resource = client.admissionRegistration().v1().validatingWebhookConfigurations().withName(target.webhookName());
        return Optional.ofNullable(resource.get()).map(config -> new Configuration<>("ValidatingWebhookConfiguration",
                resource, config.getWebhooks().stream().map(w -> new Webhook(w.getName(), w.getClientConfig())).toList()));
    }
}
