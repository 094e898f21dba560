package dev.podpreset.certificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podpreset.certificates.CertificateRotation.Target;
import dev.podpreset.certificates.RenewalPlanner.Lifetimes;
import dev.podpreset.sources.MockCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The self-managed certificates on the fabric8 CRUD mock, with a clock the test moves. */
class CertificateRotationTest {
    static final String NAMESPACE = "podpreset-system";
    static final Target TARGET = new Target(NAMESPACE, "podpreset-injector-tls", "podpreset-injector", "podpreset-injector");
    static final Duration CA = Duration.ofDays(365);
    static final Duration SERVING = Duration.ofDays(90);
    static final Duration PROPAGATION = Duration.ofMinutes(10);
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private MockCluster cluster;
    private KubernetesClient client;
    private final MutableClock clock = new MutableClock(T0);
    private CertificateRotation rotation;

    /** A clock that moves only when told. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @BeforeEach
    void start() throws Exception {
        cluster = new MockCluster().start();
        client = cluster.client();
        createWebhookConfigurations(client);
        rotation = new CertificateRotation(client, TARGET,
                new RenewalPlanner(new Lifetimes(CA, SERVING, PROPAGATION), TARGET.dnsNames()), clock);
    }

    @AfterEach
    void stop() {
        client.close();
        cluster.close();
    }

    /** Our two configurations as the chart renders them in self-managed mode (no caBundle), plus a foreign webhook. */
    static void createWebhookConfigurations(KubernetesClient client) {
        client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(new MutatingWebhookConfigurationBuilder()
                .withNewMetadata().withName(TARGET.webhookName()).endMetadata()
                .addNewWebhook().withName("pods.podpreset.dev").withNewClientConfig().withNewService()
                .withName(TARGET.serviceName()).withNamespace(NAMESPACE).withPath("/mutate").endService().endClientConfig()
                .withAdmissionReviewVersions("v1").withSideEffects("None").endWebhook()
                .addNewWebhook().withName("other.example.com").withNewClientConfig().withUrl("https://example.com")
                .endClientConfig().withAdmissionReviewVersions("v1").withSideEffects("None").endWebhook()
                .build()).create();
        client.admissionRegistration().v1().validatingWebhookConfigurations().resource(new ValidatingWebhookConfigurationBuilder()
                .withNewMetadata().withName(TARGET.webhookName()).endMetadata()
                .addNewWebhook().withName("presets.podpreset.dev").withNewClientConfig().withNewService()
                .withName(TARGET.serviceName()).withNamespace(NAMESPACE).withPath("/validate").endService().endClientConfig()
                .withAdmissionReviewVersions("v1").withSideEffects("None").endWebhook()
                .build()).create();
    }

    static Secret secret(KubernetesClient client) {
        return client.secrets().inNamespace(NAMESPACE).withName(TARGET.secretName()).get();
    }

    static StoredCertificates stored(KubernetesClient client) {
        return StoredCertificates.fromSecretData(secret(client).getData());
    }

    static String mutatingCaBundle(KubernetesClient client) {
        return client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(TARGET.webhookName()).get()
                .getWebhooks().get(0).getClientConfig().getCaBundle();
    }

    private String validatingCaBundle() {
        return client.admissionRegistration().v1().validatingWebhookConfigurations().withName(TARGET.webhookName()).get()
                .getWebhooks().get(0).getClientConfig().getCaBundle();
    }

    private static boolean signedBy(StoredCertificates stored, X509Certificate ca) {
        return RenewalPlanner.signedBy(stored.serving().orElseThrow(), ca);
    }

    @Test
    void createsTheSecretAndInjectsTheCaIntoBothConfigurations() throws Exception {
        var outcome = rotation.check();
        assertTrue(outcome.secretWritten());
        assertEquals(List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"), outcome.patchedConfigurations());

        Secret secret = secret(client);
        assertEquals("kubernetes.io/tls", secret.getType());
        assertEquals(Set.of("ca.crt", "ca.key", "tls.crt", "tls.key"), secret.getData().keySet());
        StoredCertificates stored = stored(client);
        assertTrue(stored.problems().isEmpty(), stored.problems()::toString);
        assertEquals(1, stored.bundle().size());
        X509Certificate ca = stored.bundle().get(0);
        assertEquals(0, ca.getBasicConstraints() < 0 ? -1 : 0, "CA certificate");
        X509Certificate serving = stored.serving().orElseThrow().certificate();
        serving.verify(ca.getPublicKey());
        assertEquals(Set.copyOf(TARGET.dnsNames()), serving.getSubjectAlternativeNames().stream()
                .map(san -> (String) san.get(1)).collect(Collectors.toSet()));
        assertEquals(T0.plus(SERVING), serving.getNotAfter().toInstant());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), serving.getExtendedKeyUsage());

        String bundle = StoredCertificates.caBundle(stored.bundle());
        assertEquals(bundle, secret.getData().get("ca.crt"));
        assertEquals(bundle, mutatingCaBundle(client));
        assertEquals(bundle, validatingCaBundle());
        assertEquals(null, client.admissionRegistration().v1().mutatingWebhookConfigurations()
                .withName(TARGET.webhookName()).get().getWebhooks().get(1).getClientConfig().getCaBundle(),
                "a webhook of another Service is left alone");

        var again = rotation.check();
        assertFalse(again.secretWritten(), "nothing to do on the next check");
        assertTrue(again.patchedConfigurations().isEmpty());
        assertEquals(secret.getMetadata().getResourceVersion(), secret(client).getMetadata().getResourceVersion());
    }

    @Test
    void renewsTheServingCertificateAtTwoThirdsOfItsLifeWithTheSameCa() {
        rotation.check();
        StoredCertificates first = stored(client);
        Instant renewal = T0.minus(Issuer.BACKDATE).plus(SERVING.plus(Issuer.BACKDATE).multipliedBy(2).dividedBy(3));

        clock.set(renewal.minusSeconds(1));
        assertFalse(rotation.check().secretWritten());

        clock.set(renewal);
        var outcome = rotation.check();
        assertTrue(outcome.secretWritten());
        assertTrue(outcome.patchedConfigurations().isEmpty(), "same CA: caBundle unchanged");
        StoredCertificates renewed = stored(client);
        assertEquals(first.bundle(), renewed.bundle());
        assertNotEquals(first.serving().get().certificate(), renewed.serving().get().certificate());
        assertTrue(signedBy(renewed, first.bundle().get(0)));
        assertEquals(renewal.plus(SERVING), renewed.serving().get().notAfter());
    }

    @Test
    void rotatesTheCaWithOverlapSoOldAndNewAreTrustedDuringTheSwitch() {
        rotation.check();
        X509Certificate oldCa = stored(client).bundle().get(0);
        Instant caRenewal = KeyedCertificate.renewalTime(oldCa);

        // The serving certificate is renewed on the way, always by the old CA.
        for (Instant t = T0.plus(Duration.ofDays(30)); t.isBefore(caRenewal); t = t.plus(Duration.ofDays(30))) {
            clock.set(t);
            rotation.check();
            assertEquals(List.of(oldCa), stored(client).bundle());
        }

        clock.set(caRenewal);
        var outcome = rotation.check();
        assertTrue(outcome.secretWritten());
        StoredCertificates overlap = stored(client);
        assertEquals(2, overlap.bundle().size(), "old and new CA");
        assertEquals(oldCa, overlap.bundle().get(0));
        X509Certificate newCa = overlap.bundle().get(1);
        assertEquals(newCa, overlap.signer().orElseThrow().certificate(), "ca.key is the new CA's");
        assertTrue(signedBy(overlap, oldCa), "still served under the old CA while the new one propagates");
        assertEquals(StoredCertificates.caBundle(overlap.bundle()), mutatingCaBundle(client));
        assertEquals(StoredCertificates.caBundle(overlap.bundle()), validatingCaBundle());

        clock.set(caRenewal.plus(PROPAGATION).minusSeconds(1));
        assertFalse(rotation.check().secretWritten());

        clock.set(caRenewal.plus(PROPAGATION));
        assertTrue(rotation.check().secretWritten());
        StoredCertificates switched = stored(client);
        assertTrue(signedBy(switched, newCa), "serving certificate moved to the new CA");
        assertEquals(List.of(oldCa, newCa), switched.bundle(), "old CA still trusted until it expires");

        clock.set(oldCa.getNotAfter().toInstant().plusSeconds(1));
        rotation.check();
        StoredCertificates after = stored(client);
        assertEquals(List.of(newCa), after.bundle(), "expired CA dropped");
        assertEquals(StoredCertificates.caBundle(List.of(newCa)), mutatingCaBundle(client));
    }

    /**
     * Taking over from script-made certificates: the webhook replicas serve the scripts' certificate until they
     * reload the Secret, so the API servers must go on trusting the scripts' CA meanwhile.
     */
    @Test
    void takingOverKeepsTheUnexpiredCasTheWebhooksTrustUntilTheyExpire() throws Exception {
        KeyedCertificate scriptCa = Issuer.authority("script-ca", T0.minus(Duration.ofDays(1)), Duration.ofDays(30));
        KeyedCertificate expiredCa = Issuer.authority("older-ca", T0.minus(Duration.ofDays(400)), Duration.ofDays(365));
        KeyedCertificate served = Issuer.serving(scriptCa, TARGET.dnsNames(), T0.minus(Duration.ofDays(1)), Duration.ofDays(30));
        String scriptBundle = StoredCertificates.caBundle(List.of(expiredCa.certificate(), scriptCa.certificate()));
        String addBundle = "[{\"op\":\"add\",\"path\":\"/webhooks/0/clientConfig/caBundle\",\"value\":\"" + scriptBundle + "\"}]";
        client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(TARGET.webhookName())
                .patch(PatchContext.of(PatchType.JSON), addBundle);
        client.admissionRegistration().v1().validatingWebhookConfigurations().withName(TARGET.webhookName())
                .patch(PatchContext.of(PatchType.JSON), addBundle);
        Map<String, String> data = new HashMap<>(StoredCertificates.secretData(List.of(scriptCa.certificate()), scriptCa, served));
        data.keySet().retainAll(Set.of("tls.crt", "tls.key")); // the scripts keep their CA's key to themselves
        client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName(TARGET.secretName())
                .endMetadata().withType("kubernetes.io/tls").withData(data).build()).create();

        assertTrue(rotation.check().secretWritten());
        StoredCertificates stored = stored(client);
        X509Certificate newCa = stored.signer().orElseThrow().certificate();
        assertEquals(List.of(scriptCa.certificate(), newCa), stored.bundle(),
                "the scripts' CA once, beside the new one; the expired one left out");
        assertTrue(signedBy(stored, newCa), "the new serving certificate is the new CA's");
        assertEquals(StoredCertificates.caBundle(stored.bundle()), mutatingCaBundle(client));
        assertEquals(StoredCertificates.caBundle(stored.bundle()), validatingCaBundle());
        assertFalse(rotation.check().secretWritten(), "a taken-over install is steady");

        clock.set(scriptCa.notAfter().plusSeconds(1));
        rotation.check();
        assertEquals(List.of(newCa), stored(client).bundle(), "the scripts' CA leaves when it expires");
        assertEquals(StoredCertificates.caBundle(List.of(newCa)), mutatingCaBundle(client));
        assertEquals(StoredCertificates.caBundle(List.of(newCa)), validatingCaBundle());
    }

    @Test
    void reinjectsTheCaBundleAfterAReset() {
        rotation.check();
        String bundle = mutatingCaBundle(client);
        client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(TARGET.webhookName())
                .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"remove\",\"path\":\"/webhooks/0/clientConfig/caBundle\"}]");
        assertEquals(null, mutatingCaBundle(client));

        var outcome = rotation.check();
        assertFalse(outcome.secretWritten());
        assertEquals(List.of("MutatingWebhookConfiguration"), outcome.patchedConfigurations());
        assertEquals(bundle, mutatingCaBundle(client));
    }

    @Test
    void replacesACorruptSecretAndKeepsItsOtherFields() {
        rotation.check();
        Secret secret = secret(client);
        secret.getMetadata().getLabels().put("team", "platform");
        secret.getData().put("tls.key", secret.getData().get("ca.key"));
        client.secrets().inNamespace(NAMESPACE).resource(secret).update();
        String oldBundle = mutatingCaBundle(client);

        assertTrue(rotation.check().secretWritten());
        StoredCertificates repaired = stored(client);
        assertTrue(repaired.problems().isEmpty(), repaired.problems()::toString);
        assertEquals("platform", secret(client).getMetadata().getLabels().get("team"));
        assertEquals(oldBundle, mutatingCaBundle(client), "the CA survives a broken serving pair");
    }
}
