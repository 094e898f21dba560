package dev.podpreset.certificates;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What one check decided: whether to mint a new CA (appended to the kept CAs of the bundle), which CA signs
 * a new serving certificate, if any, and why (for the log).
 */
record RenewalPlan(boolean newCa, Serving serving, List<X509Certificate> keptCas, List<String> reasons) {

    enum Serving {
        /** The stored serving certificate stays. */
        KEEP,
        /** Signed by the CA that signed until now: a new CA is not yet trusted everywhere. */
        SIGN_WITH_PREVIOUS_CA,
        /** Signed by the CA that signs from now on (the new one when {@link #newCa()}). */
        SIGN_WITH_CURRENT_CA
    }

    RenewalPlan {
        keptCas = List.copyOf(keptCas);
        reasons = List.copyOf(reasons);
    }

    /** Whether the Secret must be written. */
    boolean changesSecret(StoredCertificates stored) {
        return newCa || serving != Serving.KEEP || keptCas.size() != stored.bundle().size();
    }
}
