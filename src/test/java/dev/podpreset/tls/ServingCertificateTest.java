package dev.podpreset.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ServingCertificateTest {

    @Test
    void generatesACertificateForLocalhostAndItsKey(@TempDir Path dir) throws Exception {
        ServingCertificate.Files files = ServingCertificate.generateSelfSigned(dir);
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(files.cert())) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        cert.checkValidity();
        List<String> sans = cert.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))).toList();
        assertTrue(sans.contains("localhost") && sans.contains("127.0.0.1"), "SANs: " + sans);
        assertTrue(Files.readString(files.key()).contains("PRIVATE KEY"));
    }
}
