package dev.podpreset.deploy;

import dev.podpreset.Commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the scripts in certs-scripts/ with --no-kubectl and checks the files they write. */
class CertificateScriptsTest {

    private static final Path SCRIPTS = Paths.get("certs-scripts").toAbsolutePath();

    @TempDir
    Path out;

    record Result(int exitCode, String stdout, String stderr) {
    }

    @BeforeAll
    static void requireTools() {
        assumeTrue(Commands.available("bash", "--version"), "bash not available");
        assumeTrue(Commands.available("openssl", "version"), "openssl not available");
    }

    private static Result run(String script, String... args) throws Exception {
        return run(null, script, args);
    }

    /** Runs a script; a non-null pathPrefix is put in front of PATH (for a kubectl stub). */
    private static Result run(Path pathPrefix, String script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPTS.resolve(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (pathPrefix != null) {
            builder.environment().merge("PATH", pathPrefix.toString(), (old, prefix) -> prefix + ":" + old);
        }
        Process p = builder.start();
        p.getOutputStream().close();
        var stderr = new java.util.concurrent.CompletableFuture<String>();
        Thread errReader = new Thread(() -> {
            try {
                stderr.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                stderr.completeExceptionally(e);
            }
        });
        errReader.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "script timed out");
        return new Result(p.exitValue(), stdout, stderr.get(30, TimeUnit.SECONDS));
    }

    private static Result runOk(String script, String... args) throws Exception {
        Result r = run(script, args);
        assertEquals(0, r.exitCode(), () -> script + " failed:\n" + r.stderr());
        return r;
    }

    private Result create(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--no-kubectl", "--out-dir", out.toString()));
        args.addAll(List.of(extra));
        return runOk("create-certs.sh", args.toArray(String[]::new));
    }

    private Result rotate(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--no-kubectl", "--out-dir", out.toString()));
        args.addAll(List.of(extra));
        return runOk("rotate-certs.sh", args.toArray(String[]::new));
    }

    private List<X509Certificate> certs(String file) throws Exception {
        try (InputStream in = Files.newInputStream(out.resolve(file))) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
        }
    }

    private X509Certificate cert(String file) throws Exception {
        List<X509Certificate> all = certs(file);
        assertEquals(1, all.size(), file);
        return all.get(0);
    }

    private static Set<String> dnsNames(X509Certificate cert) throws Exception {
        return cert.getSubjectAlternativeNames().stream()
                .filter(san -> (Integer) san.get(0) == 2)
                .map(san -> san.get(1).toString())
                .collect(Collectors.toSet());
    }

    private void assertOpensslVerifies(String caFile, String certFile) throws Exception {
        Process p = new ProcessBuilder("openssl", "verify", "-CAfile", out.resolve(caFile).toString(),
                out.resolve(certFile).toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
    }

    @Test
    void helpExitsZero() throws Exception {
        for (String script : List.of("create-certs.sh", "rotate-certs.sh")) {
            Result r = runOk(script, "--help");
            assertTrue(r.stdout().contains("Usage:"), script);
            assertTrue(r.stdout().contains("--no-kubectl"), script);
        }
    }

    @Test
    void unknownOptionFails() throws Exception {
        Result r = run("create-certs.sh", "--no-such-option");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("unknown option"), r.stderr());
    }

    @Test
    void createIssuesServingCertificateSignedByCa() throws Exception {
        create();
        X509Certificate ca = cert("ca.crt");
        X509Certificate serving = cert("tls.crt");
        serving.verify(ca.getPublicKey());
        assertOpensslVerifies("ca.crt", "tls.crt");
        assertTrue(ca.getBasicConstraints() >= 0, "CA certificate must be a CA");
        assertEquals(-1, serving.getBasicConstraints(), "serving certificate must not be a CA");
        assertTrue(serving.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");
        assertTrue(Files.exists(out.resolve("tls.key")));
        assertArrayEquals(Files.readAllBytes(out.resolve("ca.crt")), Files.readAllBytes(out.resolve("ca-bundle.crt")));
    }

    @Test
    void createPutsServiceNamesIntoSans() throws Exception {
        create("--namespace", "team-a", "--service", "injector");
        assertEquals(Set.of("injector", "injector.team-a", "injector.team-a.svc", "injector.team-a.svc.cluster.local"),
                dnsNames(cert("tls.crt")));
    }

    @Test
    void createUsesRequestedValidity() throws Exception {
        create("--days", "30");
        Duration serving = Duration.between(cert("tls.crt").getNotBefore().toInstant(),
                cert("tls.crt").getNotAfter().toInstant());
        Duration ca = Duration.between(cert("ca.crt").getNotBefore().toInstant(), cert("ca.crt").getNotAfter().toInstant());
        assertEquals(30, serving.toDays());
        assertEquals(3650, ca.toDays());
        assertTrue(cert("tls.crt").getNotAfter().toInstant().isAfter(Instant.now()));
    }

    @Test
    void createRefusesToReplaceExistingCa() throws Exception {
        create();
        Result r = run("create-certs.sh", "--no-kubectl", "--out-dir", out.toString());
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("rotate-certs.sh"), r.stderr());
    }

    @Test
    void rotateRenewsServingCertificateWithSameCa() throws Exception {
        create();
        byte[] caBefore = Files.readAllBytes(out.resolve("ca.crt"));
        X509Certificate before = cert("tls.crt");
        rotate();
        X509Certificate after = cert("tls.crt");
        assertNotEquals(before.getSerialNumber(), after.getSerialNumber());
        assertArrayEquals(caBefore, Files.readAllBytes(out.resolve("ca.crt")));
        after.verify(cert("ca.crt").getPublicKey());
        assertEquals(dnsNames(before), dnsNames(after));
    }

    @Test
    void rotateRefusesOtherServiceNames() throws Exception {
        create("--namespace", "team-a");
        Result r = run("rotate-certs.sh", "--no-kubectl", "--out-dir", out.toString());
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("--namespace"), r.stderr());
    }

    @Test
    void rotateCaTrustsOldAndNewCaAndServesFromNew() throws Exception {
        create();
        X509Certificate oldCa = cert("ca.crt");
        rotate("--rotate-ca");
        X509Certificate newCa = cert("ca.crt");
        assertNotEquals(oldCa.getSerialNumber(), newCa.getSerialNumber());
        List<X509Certificate> bundle = certs("ca-bundle.crt");
        assertEquals(List.of(newCa, oldCa), bundle);
        cert("tls.crt").verify(newCa.getPublicKey());
        assertTrue(Files.exists(out.resolve("ca-old.key")));
    }

    @Test
    void finishCaRotationTrustsOnlyNewCa() throws Exception {
        create();
        rotate("--rotate-ca");
        X509Certificate newCa = cert("ca.crt");
        rotate("--finish-ca-rotation");
        assertEquals(List.of(newCa), certs("ca-bundle.crt"));
        assertFalse(Files.exists(out.resolve("ca-old.crt")));
        assertFalse(Files.exists(out.resolve("ca-old.key")));
        assertOpensslVerifies("ca-bundle.crt", "tls.crt");
    }

    @Test
    void finishWithoutRotationInProgressFails() throws Exception {
        create();
        Result r = run("rotate-certs.sh", "--no-kubectl", "--out-dir", out.toString(), "--finish-ca-rotation");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("no CA rotation in progress"), r.stderr());
    }

    @Test
    void createAppliesSecretAndPatchesCaBundleIntoEveryWebhook(@TempDir Path bin) throws Exception {
        // kubectl stub: logs its arguments, reports two webhooks per configuration.
        Path log = bin.resolve("calls.log");
        Path stub = bin.resolve("kubectl");
        Files.writeString(stub, String.join("\n",
                "#!/usr/bin/env bash",
                "printf '%s\\n' \"$*\" >> '" + log + "'",
                "case \"$1\" in",
                "  get) printf 'one\\ntwo\\n' ;;",
                "  create) echo 'kind: Secret' ;;",
                "  apply) cat > /dev/null ;;",
                "esac", ""));
        assertTrue(stub.toFile().setExecutable(true));
        Result r = run(bin, "create-certs.sh", "--out-dir", out.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        List<String> calls = Files.readAllLines(log);
        String caBundle = java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(out.resolve("ca-bundle.crt")));
        assertTrue(calls.stream().anyMatch(c -> c.startsWith("create secret tls podpreset-injector-tls --namespace podpreset-system")
                && c.contains("--dry-run=client")), calls::toString);
        assertTrue(calls.contains("apply -f -"), calls::toString);
        for (String kind : List.of("mutatingwebhookconfiguration", "validatingwebhookconfiguration")) {
            String patch = calls.stream().filter(c -> c.startsWith("patch " + kind + " podpreset-injector --type=json"))
                    .findFirst().orElseThrow(() -> new AssertionError("no patch of " + kind + " in " + calls));
            for (int i = 0; i < 2; i++) {
                assertTrue(patch.contains("{\"op\":\"add\",\"path\":\"/webhooks/" + i + "/clientConfig/caBundle\",\"value\":\""
                        + caBundle + "\"}"), patch);
            }
        }
    }
}
