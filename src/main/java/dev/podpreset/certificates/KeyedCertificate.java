package dev.podpreset.certificates;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/** A certificate with its private key, checked to belong together. */
record KeyedCertificate(X509Certificate certificate, PrivateKey key) {

    /** Whether {@code key} is the private half of the certificate's public key (signs a nonce and verifies it). */
    static boolean matches(X509Certificate certificate, PrivateKey key) {
        try {
            String algorithm = Issuer.signatureAlgorithm(key);
            byte[] nonce = new byte[32];
            new SecureRandom().nextBytes(nonce);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(nonce);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(nonce);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    Instant notBefore() {
        return certificate.getNotBefore().toInstant();
    }

    Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    /** Two thirds into the validity period: what is left is the margin for failed renewals. */
    Instant renewalTime() {
        return renewalTime(certificate);
    }

    static Instant renewalTime(X509Certificate certificate) {
        Instant from = certificate.getNotBefore().toInstant();
        Duration life = Duration.between(from, certificate.getNotAfter().toInstant());
        return from.plus(life.multipliedBy(2).dividedBy(3));
    }
}
