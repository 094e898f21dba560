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
 * <li>expired CAs leave the bundle;</li>
 * <li>taking over (no usable CA, or a serving certificate no CA of the bundle signed: script-made or
 * cert-manager certificates, a deleted Secret): the webhook replicas still serve the previous certificate until
 * they reload the Secret, so the CAs the webhook configurations trust now join the bundle, unexpired and once
 * each, and stay until they expire like any other CA of it.</li>
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

    /**
     * @param trusted the CAs in the caBundle of the webhook configurations now, which the API servers use to
     *                verify what the webhook replicas serve
     */
    RenewalPlan plan(StoredCertificates stored, List<X509Certificate> trusted, Instant now) {
        List<String> reasons = new ArrayList<>(stored.problems());
        List<X509Certificate> kept = new ArrayList<>(unexpired(stored.bundle(), now));
        if (kept.size() < stored.bundle().size()) {
            reasons.add("expired CA dropped from the bundle");
        }
        Optional<KeyedCertificate> signer = stored.signer().filter(ca -> now.isBefore(ca.notAfter()));
        boolean servedIsOurs = stored.serving().filter(s -> kept.stream().anyMatch(ca -> signedBy(s, ca))).isPresent();
        if (signer.isEmpty() || !servedIsOurs) {
            List<X509Certificate> inherited = unexpired(trusted, now).stream().distinct()
                    .filter(ca -> !kept.contains(ca)).toList();
            if (!inherited.isEmpty()) {
                kept.addAll(inherited);
                reasons.add("taking over: keeping " + inherited.size() + " CA(s) of the webhook configurations'"
                        + " caBundle until they expire, for replicas still serving the previous certificate");
            }
        }
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

    private static List<X509Certificate> unexpired(List<X509Certificate> cas, Instant now) {
        return cas.stream().filter(ca -> now.isBefore(ca.getNotAfter().toInstant())).toList();
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
