package dev.podpreset.certificates;

import dev.podpreset.certificates.RenewalPlan.Serving;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, from the stored certificates and the time alone, what the leader creates or renews:
 * <ul>
 * <li>nothing usable: a new CA and a serving certificate signed by it;</li>
 * <li>the serving certificate at two thirds of its life, or at once when it is missing, does not match its key,
 * has other DNS names or is not signed by a CA of the bundle;</li>
 * <li>the CA at two thirds of its life: a new CA is appended to the bundle while the old one stays until it
 * expires, and the serving certificate moves to the new CA only {@code caPropagation} after the new CA was
 * created, when every API server trusts both;</li>
 * <li>expired CAs leave the bundle.</li>
 * </ul>
 */
final class RenewalPlanner {

    /** CA and serving certificate validity, and how long a new CA is trusted before it signs. */
    record Lifetimes(Duration ca, Duration serving, Duration caPropagation) {
    }

    private final Lifetimes lifetimes;
    private final Set<String> dnsNames;

    RenewalPlanner(Lifetimes lifetimes, List<String> dnsNames) {
        this.lifetimes = lifetimes;
        this.dnsNames = Set.copyOf(dnsNames);
    }

    Lifetimes lifetimes() {
        return lifetimes;
    }

    RenewalPlan plan(StoredCertificates stored, Instant now) {
        List<String> reasons = new ArrayList<>(stored.problems());
        List<X509Certificate> kept = stored.bundle().stream().filter(ca -> now.isBefore(ca.getNotAfter().toInstant())).toList();
        if (kept.size() < stored.bundle().size()) {
            reasons.add("expired CA dropped from the bundle");
        }
        Optional<KeyedCertificate> signer = stored.signer().filter(ca -> now.isBefore(ca.notAfter()));
        if (signer.isEmpty()) {
            reasons.add("no usable CA: creating one");
            return new RenewalPlan(true, Serving.SIGN_WITH_CURRENT_CA, kept, reasons);
        }
        boolean newCa = !now.isBefore(signer.get().renewalTime());
        if (newCa) {
            reasons.add("CA at two thirds of its life: adding a new one to the bundle");
        }
        Optional<String> servingProblem = servingProblem(stored.serving(), kept, now);
        Serving serving = Serving.KEEP;
        if (servingProblem.isPresent()) {
            reasons.add(servingProblem.get());
            // A CA added in this same check is not trusted by the API servers yet.
            serving = newCa ? Serving.SIGN_WITH_PREVIOUS_CA : Serving.SIGN_WITH_CURRENT_CA;
        } else if (!newCa && !signedBy(stored.serving().get(), signer.get().certificate())
                && !now.isBefore(signer.get().notBefore().plus(Issuer.BACKDATE).plus(lifetimes.caPropagation()))) {
            reasons.add("new CA trusted for " + lifetimes.caPropagation() + ": moving the serving certificate to it");
            serving = Serving.SIGN_WITH_CURRENT_CA;
        }
        return new RenewalPlan(newCa, serving, kept, reasons);
    }

    private Optional<String> servingProblem(Optional<KeyedCertificate> serving, List<X509Certificate> trusted, Instant now) {
        if (serving.isEmpty()) {
            return Optional.of("no usable serving certificate");
        }
        KeyedCertificate pair = serving.get();
        if (!now.isBefore(pair.renewalTime())) {
            return Optional.of("serving certificate at two thirds of its life");
        }
        if (!dnsNames.equals(dnsNames(pair.certificate()))) {
            return Optional.of("serving certificate has other DNS names than " + dnsNames);
        }
        if (trusted.stream().noneMatch(ca -> signedBy(pair, ca))) {
            return Optional.of("serving certificate not signed by a CA of the bundle");
        }
        return Optional.empty();
    }

    static boolean signedBy(KeyedCertificate pair, X509Certificate ca) {
        try {
            pair.certificate().verify(ca.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static Set<String> dnsNames(X509Certificate certificate) {
        Set<String> names = new HashSet<>();
        try {
            var sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                sans.stream().filter(san -> Integer.valueOf(2).equals(san.get(0))).forEach(san -> names.add((String) san.get(1)));
            }
        } catch (Exception e) {
            return Set.of();
        }
        return names;
    }
}
