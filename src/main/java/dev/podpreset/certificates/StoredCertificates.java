package dev.podpreset.certificates;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the certificate Secret holds, parsed: {@code ca.crt} the CA bundle the webhooks trust (old and new CA
 * during a rotation), {@code ca.key} the key of the one CA that signs (so a new leader keeps signing with the
 * same CA), {@code tls.crt}/{@code tls.key} the serving pair the webhook replicas mount. Anything unreadable
 * or mismatched is treated as absent and named in {@link #problems()} (never with the key material).
 */
record StoredCertificates(List<X509Certificate> bundle, Optional<KeyedCertificate> signer,
        Optional<KeyedCertificate> serving, List<String> problems) {
    static final String CA_BUNDLE = "ca.crt";
    static final String CA_KEY = "ca.key";
    static final String TLS_CERT = "tls.crt";
    static final String TLS_KEY = "tls.key";

    static final StoredCertificates NONE = new StoredCertificates(List.of(), Optional.empty(), Optional.empty(), List.of());

    StoredCertificates {
        bundle = List.copyOf(bundle);
        problems = List.copyOf(problems);
    }

    /** From a Secret's {@code data} (base64 values); {@code null} is an absent Secret. */
    static StoredCertificates fromSecretData(Map<String, String> data) {
        if (data == null) {
            return NONE;
        }
        List<String> problems = new ArrayList<>();
        List<X509Certificate> bundle = certificates(data, CA_BUNDLE, problems);
        Optional<PrivateKey> caKey = key(data, CA_KEY, problems);
        Optional<KeyedCertificate> signer = caKey.flatMap(key -> bundle.stream()
                .filter(ca -> KeyedCertificate.matches(ca, key)).findFirst().map(ca -> new KeyedCertificate(ca, key)));
        if (caKey.isPresent() && signer.isEmpty()) {
            problems.add(CA_KEY + " belongs to no certificate of " + CA_BUNDLE);
        }
        List<X509Certificate> chain = certificates(data, TLS_CERT, problems);
        Optional<PrivateKey> servingKey = key(data, TLS_KEY, problems);
        Optional<KeyedCertificate> serving = Optional.empty();
        if (!chain.isEmpty() && servingKey.isPresent()) {
            if (KeyedCertificate.matches(chain.get(0), servingKey.get())) {
                serving = Optional.of(new KeyedCertificate(chain.get(0), servingKey.get()));
            } else {
                problems.add(TLS_KEY + " does not belong to " + TLS_CERT);
            }
        }
        return new StoredCertificates(bundle, signer, serving, problems);
    }

    /** The Secret's {@code data} for a bundle, its signing CA and the serving pair. */
    static Map<String, String> secretData(List<X509Certificate> bundle, KeyedCertificate signer, KeyedCertificate serving) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(CA_BUNDLE, base64(Pem.certificates(bundle)));
        data.put(CA_KEY, base64(Pem.privateKey(signer.key())));
        data.put(TLS_CERT, base64(Pem.certificates(List.of(serving.certificate()))));
        data.put(TLS_KEY, base64(Pem.privateKey(serving.key())));
        return data;
    }

    /** The webhooks' {@code caBundle}: base64 of the PEM bundle. */
    static String caBundle(List<X509Certificate> bundle) {
        return base64(Pem.certificates(bundle));
    }

    private static List<X509Certificate> certificates(Map<String, String> data, String key, List<String> problems) {
        String pem = decoded(data, key, problems);
        if (pem == null) {
            return List.of();
        }
        try {
            List<X509Certificate> certificates = Pem.parseCertificates(pem);
            if (certificates.isEmpty()) {
                problems.add(key + " holds no certificate");
            }
            return certificates;
        } catch (Exception e) {
            problems.add(key + " is not a PEM certificate list");
            return List.of();
        }
    }

    private static Optional<PrivateKey> key(Map<String, String> data, String key, List<String> problems) {
        String pem = decoded(data, key, problems);
        if (pem == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Pem.parsePrivateKey(pem));
        } catch (Exception e) {
            problems.add(key + " is not a PEM private key");
            return Optional.empty();
        }
    }

    private static String decoded(Map<String, String> data, String key, List<String> problems) {
        String value = data.get(key);
        if (value == null || value.isEmpty()) {
            problems.add(key + " is missing");
            return null;
        }
        try {
            return new String(Base64.getDecoder().decode(value), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            problems.add(key + " is not base64");
            return null;
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
