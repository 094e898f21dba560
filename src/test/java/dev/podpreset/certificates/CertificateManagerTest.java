package dev.podpreset.certificates;

import static dev.podpreset.certificates.CertificateRotationTest.NAMESPACE;
import static dev.podpreset.certificates.CertificateRotationTest.TARGET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podpreset.config.InjectorConfig;
import dev.podpreset.config.InjectorConfig.Certificates.Mode;
import dev.podpreset.controller.LeadershipChanged;
import dev.podpreset.sources.MockCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Leader-only runs and watch-driven re-injection of the {@link CertificateManager}. */
class CertificateManagerTest {
    private MockCluster cluster;
    private KubernetesClient client;

    /** Settings as the chart passes them, with a check interval long enough that only watches can explain a fix. */
    record Settings(Mode mode) implements InjectorConfig.Certificates {
        public String secretName() { return TARGET.secretName(); }
        public String webhookName() { return TARGET.webhookName(); }
        public String serviceName() { return TARGET.serviceName(); }
        public Optional<String> namespace() { return Optional.of(NAMESPACE); }
        public Duration caValidity() { return Duration.ofDays(365); }
        public Duration servingValidity() { return Duration.ofDays(90); }
        public Duration caPropagation() { return Duration.ofMinutes(10); }
        public Duration checkInterval() { return Duration.ofHours(1); }
    }

    @BeforeEach
    void start() throws Exception {
        cluster = new MockCluster().start();
        client = cluster.client();
        CertificateRotationTest.createWebhookConfigurations(client);
    }

    @AfterEach
    void stop() {
        client.close();
        cluster.close();
    }

    private CertificateManager manager(Mode mode) {
        return new CertificateManager(() -> client, new Settings(mode), Clock.systemUTC());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    @Test
    void onlyTheLeaderWritesAndItStopsWhenItLosesTheLease() throws Exception {
        CertificateManager follower = manager(Mode.SELF_MANAGED);
        follower.onLeadership(new LeadershipChanged(false));
        assertFalse(follower.running());

        CertificateManager leader = manager(Mode.SELF_MANAGED);
        leader.onLeadership(new LeadershipChanged(true));
        await(() -> CertificateRotationTest.secret(client) != null && CertificateRotationTest.mutatingCaBundle(client) != null,
                "the leader's Secret and caBundle");

        leader.onLeadership(new LeadershipChanged(false));
        assertFalse(leader.running());
        client.secrets().inNamespace(NAMESPACE).withName(TARGET.secretName()).delete();
        Thread.sleep(500);
        assertNull(CertificateRotationTest.secret(client), "a former leader writes nothing");
    }

    @Test
    void aResetCaBundleIsReinjectedThroughTheWatchAtOnce() throws Exception {
        CertificateManager leader = manager(Mode.SELF_MANAGED);
        leader.onLeadership(new LeadershipChanged(true));
        try {
            await(() -> CertificateRotationTest.mutatingCaBundle(client) != null, "the first caBundle");
            String bundle = CertificateRotationTest.mutatingCaBundle(client);
            // What a Helm upgrade or GitOps sync of a templated configuration does.
            client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(TARGET.webhookName())
                    .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"remove\",\"path\":\"/webhooks/0/clientConfig/caBundle\"}]");
            await(() -> bundle.equals(CertificateRotationTest.mutatingCaBundle(client)), "the caBundle re-injected");
            client.secrets().inNamespace(NAMESPACE).withName(TARGET.secretName()).delete();
            await(() -> CertificateRotationTest.secret(client) != null, "a deleted Secret re-created");
        } finally {
            leader.onLeadership(new LeadershipChanged(false));
        }
    }

    @Test
    void externalModeNeverTouchesTheCluster() throws Exception {
        CertificateManager manager = manager(Mode.EXTERNAL);
        manager.onLeadership(new LeadershipChanged(true));
        assertFalse(manager.running());
        Thread.sleep(300);
        assertNull(CertificateRotationTest.secret(client));
        assertEquals(null, CertificateRotationTest.mutatingCaBundle(client));
    }
}
