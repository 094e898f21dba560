package dev.podpreset.certificates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.podpreset.certificates.RenewalPlan.Serving;
import dev.podpreset.certificates.RenewalPlanner.Lifetimes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure decisions, without a cluster. */
class RenewalPlannerTest {
    private static final List<String> NAMES = List.of("svc", "svc.ns", "svc.ns.svc", "svc.ns.svc.cluster.local");
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final RenewalPlanner planner = new RenewalPlanner(
            new Lifetimes(Duration.ofDays(365), Duration.ofDays(90), Duration.ofMinutes(10)), NAMES);

    private static Map<String, String> stored(KeyedCertificate ca, KeyedCertificate serving) {
        return new HashMap<>(StoredCertificates.secretData(List.of(ca.certificate()), ca, serving));
    }

    @Test
    void anEmptySecretGetsANewCaAndServingCertificate() {
        RenewalPlan plan = planner.plan(StoredCertificates.fromSecretData(null), List.of(), T0);
        assertTrue(plan.newCa());
        assertEquals(Serving.SIGN_WITH_CURRENT_CA, plan.serving());
    }

    @Test
    void aValidSecretIsKept() {
        KeyedCertificate ca = Issuer.authority("ca", T0, Duration.ofDays(365));
        StoredCertificates stored = StoredCertificates.fromSecretData(stored(ca, Issuer.serving(ca, NAMES, T0, Duration.ofDays(90))));
        RenewalPlan plan = planner.plan(stored, List.of(), T0.plus(Duration.ofDays(1)));
        assertFalse(plan.changesSecret(stored), plan.reasons()::toString);
    }

    @Test
    void otherDnsNamesOrAForeignSignerRenewTheServingCertificateOnly() {
        KeyedCertificate ca = Issuer.authority("ca", T0, Duration.ofDays(365));
        KeyedCertificate stranger = Issuer.authority("other", T0, Duration.ofDays(365));
        for (KeyedCertificate serving : List.of(Issuer.serving(ca, List.of("old-name"), T0, Duration.ofDays(90)),
                Issuer.serving(stranger, NAMES, T0, Duration.ofDays(90)))) {
            RenewalPlan plan = planner.plan(StoredCertificates.fromSecretData(stored(ca, serving)), List.of(), T0.plusSeconds(60));
            assertFalse(plan.newCa());
            assertEquals(Serving.SIGN_WITH_CURRENT_CA, plan.serving(), plan.reasons()::toString);
        }
    }

    @Test
    void unreadableContentIsNamedWithoutItsValue() {
        Map<String, String> data = new HashMap<>();
        String secretText = "not a key but secret";
        data.put("ca.crt", Base64.getEncoder().encodeToString("garbage".getBytes(StandardCharsets.US_ASCII)));
        data.put("ca.key", Base64.getEncoder().encodeToString(secretText.getBytes(StandardCharsets.US_ASCII)));
        data.put("tls.crt", "%%%");
        StoredCertificates stored = StoredCertificates.fromSecretData(data);
        assertEquals(List.of("ca.crt is not a PEM certificate list", "ca.key is not a PEM private key",
                "tls.crt is not base64", "tls.key is missing"), stored.problems());
        assertTrue(stored.problems().stream().noneMatch(p -> p.contains(secretText)));
        assertTrue(planner.plan(stored, List.of(), T0).newCa());
    }

    @Test
    void theServingCertificateNeverOutlivesItsCa() {
        KeyedCertificate ca = Issuer.authority("ca", T0, Duration.ofDays(30));
        KeyedCertificate serving = Issuer.serving(ca, NAMES, T0, Duration.ofDays(90));
        assertEquals(ca.notAfter(), serving.notAfter());
    }
}
