package dev.podpreset.certificates;

import dev.podpreset.tls.ServingCertificate;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;

/**
 * {@code podpreset_serving_certificate_expiry_timestamp_seconds}: the notAfter (Unix seconds) of the
 * certificate this webhook replica serves right now, read from the TLS registry's key store (which the
 * periodic reload replaces), so a Secret renewed but not yet picked up still shows the old date. Absent
 * (NaN) when the webhook port has no TLS configuration, e.g. in tests on plain HTTP. Only exported when
 * the certificate comes from files (a deployed webhook): a local run serving a throwaway self-signed one
 * would otherwise set off the expiry alert.
 */
@Singleton
public class ServingCertificateExpiry {
    @Inject
    MeterRegistry meters;
    @Inject
    TlsConfigurationRegistry tls;

    void onStart(@Observes StartupEvent event) {
        if (ServingCertificate.fromFiles()) {
            register();
        }
    }

    void register() {
        Gauge.builder("podpreset.serving.certificate.expiry.timestamp", this, ServingCertificateExpiry::notAfterSeconds)
                .baseUnit("seconds")
                .description("notAfter of the serving certificate the webhook uses now, in Unix seconds")
                .register(meters);
    }

    double notAfterSeconds() {
        return tls.get(ServingCertificate.TLS_NAME).map(ServingCertificateExpiry::notAfterSeconds).orElse(Double.NaN);
    }

    private static double notAfterSeconds(TlsConfiguration configuration) {
        KeyStore store = configuration.getKeyStore();
        if (store == null) {
            return Double.NaN;
        }
        try {
            double earliest = Double.NaN;
            for (String alias : Collections.list(store.aliases())) {
                Certificate certificate = store.getCertificate(alias);
                if (certificate instanceof X509Certificate x509) {
                    double notAfter = x509.getNotAfter().toInstant().getEpochSecond();
                    earliest = Double.isNaN(earliest) ? notAfter : Math.min(earliest, notAfter);
                }
            }
            return earliest;
        } catch (KeyStoreException e) {
            return Double.NaN;
        }
    }
}
