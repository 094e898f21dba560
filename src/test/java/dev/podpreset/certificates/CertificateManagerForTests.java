package dev.podpreset.certificates;

import dev.podpreset.config.InjectorConfig;
import dev.podpreset.controller.LeadershipChanged;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Clock;

/** Runs the certificate manager as the leader, for tests outside this package (the RBAC test). */
public final class CertificateManagerForTests {
    private CertificateManagerForTests() {
    }

    /** Leads until closed. */
    public static AutoCloseable lead(KubernetesClient client, InjectorConfig.Certificates settings) {
        CertificateManager manager = new CertificateManager(() -> client, settings, Clock.systemUTC());
        manager.onLeadership(new LeadershipChanged(true));
        return () -> manager.onLeadership(new LeadershipChanged(false));
    }
}
