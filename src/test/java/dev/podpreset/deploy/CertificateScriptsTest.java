package dev.podpreset.deploy;

import dev.podpreset.Commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
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
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
    void createRefusesARenewalWindowAsLongAsTheValidity() throws Exception {
        Result r = run("create-certs.sh", "--no-kubectl", "--out-dir", out.toString(), "--days", "30", "--renew-before", "30");
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("--renew-before (30) must be less than --days (30)"), r.stderr());
        assertFalse(Files.exists(out.resolve("ca.key")));
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

    private byte[] read(String file) throws IOException {
        return Files.readAllBytes(out.resolve(file));
    }

    @Test
    void createRunAgainKeepsWhatIsStillValid() throws Exception {
        create();
        List<String> files = List.of("ca.crt", "ca.key", "ca-bundle.crt", "tls.crt", "tls.key");
        List<byte[]> before = new ArrayList<>();
        for (String f : files) {
            before.add(read(f));
        }
        Result again = create();
        assertTrue(again.stderr().contains("keeping the CA and the serving certificate"), again.stderr());
        for (int i = 0; i < files.size(); i++) {
            assertArrayEquals(before.get(i), read(files.get(i)), files.get(i));
        }
    }

    @Test
    void createRenewsAServingCertificateNearExpiryOrForOtherNamesFromTheSameCa() throws Exception {
        create("--days", "20");
        byte[] ca = read("ca.crt");
        X509Certificate before = cert("tls.crt");
        create("--days", "20", "--renew-before", "10");
        assertEquals(before, cert("tls.crt"), "20 days left, renewed 10 days before expiry: kept");
        create("--days", "20");
        assertEquals(before, cert("tls.crt"), "20 days left, renewed a third of 20 days before expiry: kept");

        Result r = create();
        assertTrue(r.stderr().contains("tls.crt expires within 121 days"), r.stderr());
        X509Certificate renewed = cert("tls.crt");
        assertNotEquals(before.getSerialNumber(), renewed.getSerialNumber());
        assertEquals(365, Duration.between(renewed.getNotBefore().toInstant(), renewed.getNotAfter().toInstant()).toDays());
        assertArrayEquals(ca, read("ca.crt"), "the CA, and so caBundle, stays");
        assertArrayEquals(ca, read("ca-bundle.crt"));
        renewed.verify(cert("ca.crt").getPublicKey());

        r = create("--namespace", "team-a");
        assertTrue(r.stderr().contains("tls.crt is not for podpreset-injector.team-a.svc"), r.stderr());
        assertTrue(dnsNames(cert("tls.crt")).contains("podpreset-injector.team-a.svc"));
        assertArrayEquals(ca, read("ca.crt"));
    }

    @Test
    void createWithForceStartsOverWithANewCa() throws Exception {
        create();
        X509Certificate oldCa = cert("ca.crt");
        Result r = create("--force");
        assertTrue(r.stderr().contains("--force replaces the CA"), r.stderr());
        assertNotEquals(oldCa.getSerialNumber(), cert("ca.crt").getSerialNumber());
        cert("tls.crt").verify(cert("ca.crt").getPublicKey());
        assertEquals(List.of(cert("ca.crt")), certs("ca-bundle.crt"));
    }

    @Test
    void createRefusesACaThatExpiresSoon() throws Exception {
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "10",
                "-subj", "/CN=old-ca", "-keyout", out.resolve("ca.key").toString(), "-out", out.resolve("ca.crt").toString())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0);
        byte[] ca = read("ca.crt");
        Result r = run("create-certs.sh", "--no-kubectl", "--out-dir", out.toString());
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("expires within 365 days") && r.stderr().contains("rotate-certs.sh --rotate-ca"), r.stderr());
        assertArrayEquals(ca, read("ca.crt"));
        assertFalse(Files.exists(out.resolve("tls.crt")));
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

    /**
     * A kubectl on PATH that logs its arguments to calls.log, prints {@code secret} for {@code get secret} (empty:
     * no such Secret), reports two webhooks per configuration, runs {@code create} (client-side dry runs) with
     * the real kubectl when there is one, and keeps what is applied in applied.yaml.
     */
    private static Path kubectl(Path bin, String secret) throws IOException {
        String real = Stream.of(System.getenv("PATH").split(":")).map(d -> Path.of(d, "kubectl"))
                .filter(Files::isExecutable).findFirst().map(Path::toString).orElse("");
        Path stub = bin.resolve("kubectl");
        Files.writeString(stub, String.join("\n",
                "#!/usr/bin/env bash",
                "printf '%s\\n' \"$*\" >> '" + bin.resolve("calls.log") + "'",
                "case \"$1 $2\" in",
                "  'get secret') printf '%s' '" + secret + "'; exit 0 ;;",
                "  get\\ *) printf 'one\\ntwo\\n'; exit 0 ;;",
                "esac",
                "case \"$1\" in",
                "  create) if [[ -n '" + real + "' ]]; then KUBECONFIG=/dev/null '" + real + "' \"$@\"; else echo 'kind: Secret'; fi ;;",
                "  apply) cat >> '" + bin.resolve("applied.yaml") + "' ;;",
                "esac", ""));
        assertTrue(stub.toFile().setExecutable(true));
        return bin;
    }

    private static List<String> calls(Path bin) throws IOException {
        Path log = bin.resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void createAppliesSecretAndPatchesCaBundleIntoEveryWebhook(@TempDir Path bin) throws Exception {
        kubectl(bin, "");
        Result r = run(bin, "create-certs.sh", "--out-dir", out.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        List<String> calls = calls(bin);
        String caBundle = Base64.getEncoder().encodeToString(Files.readAllBytes(out.resolve("ca-bundle.crt")));
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

    @Test
    void createRefusesToReplaceASecretMadeWithAnotherOutputDirectory(@TempDir Path bin) throws Exception {
        kubectl(bin, "podpreset-injector-tls");
        Result r = run(bin, "create-certs.sh", "--out-dir", out.toString());
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("exists but " + out + " has no CA"), r.stderr());
        List<String> calls = calls(bin);
        assertTrue(calls.stream().noneMatch(c -> c.startsWith("apply") || c.startsWith("patch")), calls::toString);
        assertFalse(Files.exists(out.resolve("ca.key")));
    }

    @Test
    void createLeavesASecretTheControllerManagesAlone(@TempDir Path bin) throws Exception {
        create();
        kubectl(bin, "podpreset-injector-tls LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t");
        Result r = run(bin, "create-certs.sh", "--out-dir", out.toString());
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("the controller manages it"), r.stderr());
        List<String> calls = calls(bin);
        assertTrue(calls.stream().noneMatch(c -> c.startsWith("apply") || c.startsWith("patch")), calls::toString);
    }

    @Test
    void handOverWritesTheCaIntoTheSecretAndLeavesCaBundleAlone(@TempDir Path bin) throws Exception {
        assumeTrue(Commands.available("kubectl", "version", "--client"), "kubectl not available");
        create();
        kubectl(bin, "podpreset-injector-tls");
        Result r = run(bin, "rotate-certs.sh", "--out-dir", out.toString(), "--hand-over");
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode secret = new YAMLMapper().readTree(bin.resolve("applied.yaml").toFile());
        assertEquals("podpreset-injector-tls", secret.at("/metadata/name").asText());
        assertEquals("podpreset-system", secret.at("/metadata/namespace").asText());
        assertEquals("kubernetes.io/tls", secret.path("type").asText());
        for (String key : List.of("ca.crt", "ca.key", "tls.crt", "tls.key")) {
            assertArrayEquals(read(key), Base64.getDecoder().decode(secret.at("/data").path(key).asText()), key);
        }
        assertTrue(calls(bin).stream().noneMatch(c -> c.startsWith("patch")), "the webhooks keep trusting the same CA");

        rotate("--rotate-ca");
        r = run(bin, "rotate-certs.sh", "--out-dir", out.toString(), "--hand-over");
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("a CA rotation is in progress"), r.stderr());
    }
}
