package dev.podpreset.certificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podpreset.tls.ServingCertificate;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.tls.BaseTlsConfiguration;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The expiry metric reads the certificate the webhook's TLS configuration holds now. */
class ServingCertificateExpiryTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    /** A registry holding one key store under the webhook's TLS configuration name, replaceable like a reload. */
    static final class Registry implements TlsConfigurationRegistry {
        final Map<String, TlsConfiguration> configurations = new HashMap<>();

        void serve(KeyedCertificate serving, KeyedCertificate ca) throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("serving", serving.key(), new char[0], new Certificate[] {serving.certificate(), ca.certificate()});
            configurations.put(ServingCertificate.TLS_NAME, new BaseTlsConfiguration() {
                @Override
                public KeyStore getKeyStore() {
                    return store;
                }
            });
        }

        @Override
        public Optional<TlsConfiguration> get(String name) {
            return Optional.ofNullable(configurations.get(name));
        }

        @Override
        public Optional<TlsConfiguration> getDefault() {
            return Optional.empty();
        }

        @Override
        public void register(String name, TlsConfiguration configuration) {
            configurations.put(name, configuration);
        }
    }

    private static double scraped(PrometheusMeterRegistry meters) {
        for (String line : meters.scrape().split("\n")) {
            if (line.startsWith("podpreset_serving_certificate_expiry_timestamp_seconds ")) {
                return Double.parseDouble(line.substring(line.indexOf(' ') + 1));
            }
        }
        throw new AssertionError("metric not exported:\n" + meters.scrape());
    }

    @Test
    void exportsTheNotAfterOfTheServedCertificateAndFollowsAReload() throws Exception {
        Registry tls = new Registry();
        ServingCertificateExpiry expiry = new ServingCertificateExpiry();
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        expiry.meters = meters;
        expiry.tls = tls;
        expiry.register();
        assertTrue(Double.isNaN(scraped(meters)), "no TLS configuration: NaN");

        KeyedCertificate ca = Issuer.authority("ca", NOW, Duration.ofDays(365));
        tls.serve(Issuer.serving(ca, List.of("svc"), NOW, Duration.ofDays(90)), ca);
        assertEquals(NOW.plus(Duration.ofDays(90)).getEpochSecond(), scraped(meters), 0.5, "the leaf, not the CA");

        tls.serve(Issuer.serving(ca, List.of("svc"), NOW.plus(Duration.ofDays(60)), Duration.ofDays(90)), ca);
        assertEquals(NOW.plus(Duration.ofDays(150)).getEpochSecond(), scraped(meters), 0.5);
    }
}
