package dev.podpreset.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What inject and test print (issue 20): only what the presets add, diffs as kubectl diff, reports for CI. */
class OutputTest {
    private static final String LONG = "a long annotation value ".repeat(8).strip();
    private static final String PRESET = """
            apiVersion: podpreset.dev/v1alpha1
            kind: PodPreset
            metadata: {name: agent, namespace: team-a}
            spec:
              selector: {matchLabels: {app: web}}
              env:
              - name: POD_NAME
                valueFrom: {fieldRef: {fieldPath: metadata.name}}
              volumes:
              - name: creds
                secret: {secretName: creds}
              sidecars:
              - name: agent
                image: agent:1
                ports: [{containerPort: 9000}]
                readinessProbe: {httpGet: {port: 9000}}
                volumeMounts: [{name: creds, mountPath: /creds}]
              annotations:
                long: %s
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: team-a, labels: {podpreset.dev/injection: enabled}}
            """.formatted(LONG);
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: team-a}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: web, image: nginx}]
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        Files.writeString(dir.resolve("presets.yaml"), PRESET);
        Files.writeString(dir.resolve("app.yaml"), DEPLOYMENT);
    }

    private CliCase.Run run(byte[] stdin, String... args) {
        return CliCase.run(dir, List.of(args), stdin);
    }

    private CliCase.Run run(String... args) {
        return run(new byte[0], args);
    }

    @Test
    void theOutputCarriesWhatThePresetSaysAndNoApiServerDefault() {
        CliCase.Run run = run("inject", "--presets", "presets.yaml", "-f", "app.yaml");
        assertEquals(ExitCodes.OK, run.exit(), run.err());
        for (String defaulted : List.of("terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy",
                "defaultMode", "protocol", "apiVersion: v1", "timeoutSeconds", "periodSeconds", "scheme")) {
            assertFalse(run.out().contains(defaulted), defaulted + " in\n" + run.out());
        }
        assertTrue(run.out().contains("""
                      - name: agent
                        image: agent:1
                        ports:
                        - containerPort: 9000
                """), "the sidecar as written, in its field order:\n" + run.out());
        assertTrue(run.out().contains("      - name: creds\n        secret:\n          secretName: creds\n"), run.out());
    }

    @Test
    void longValuesAreNotFolded() {
        CliCase.Run run = run("inject", "--presets", "presets.yaml", "-f", "app.yaml");
        assertTrue(run.out().contains("        long: " + LONG + "\n"), run.out());
    }

    @Test
    void injectingTheOutputAgainChangesNothing() {
        CliCase.Run first = run("inject", "--presets", "presets.yaml", "-f", "app.yaml");
        CliCase.Run again = run(first.out().getBytes(StandardCharsets.UTF_8), "inject", "--presets", "presets.yaml", "-f", "-");
        assertEquals(ExitCodes.OK, again.exit(), again.err());
        assertEquals(first.out(), again.out());
        CliCase.Run diff = run(first.out().getBytes(StandardCharsets.UTF_8), "inject", "--presets", "presets.yaml", "-f", "-",
                "--diff");
        assertEquals(ExitCodes.OK, diff.exit(), "no change, exit 0: " + diff.out());
        assertEquals("", diff.out());
    }

    @Test
    void aManifestWrittenWithoutDefaultsIsComparedAsTheApiServerStoresIt() throws IOException {
        // The sidecar is already there as the preset writes it: the API server defaults it before the webhook
        // compares, so it is the same container, not a conflict.
        Files.writeString(dir.resolve("app.yaml"), DEPLOYMENT.replace("containers: [{name: web, image: nginx}]", """
                containers:
                      - {name: web, image: nginx}
                      - name: agent
                        image: agent:1
                        ports: [{containerPort: 9000}]
                        readinessProbe: {httpGet: {port: 9000}}
                        volumeMounts: [{name: creds, mountPath: /creds}]
                      volumes: [{name: creds, secret: {secretName: creds}}]"""));
        CliCase.Run explained = run("explain", "--presets", "presets.yaml", "-f", "app.yaml");
        assertEquals(ExitCodes.OK, explained.exit(), explained.err());
        assertFalse(explained.out().contains("conflict"), explained.out());
        assertTrue(explained.out().contains("  applied: PodPreset team-a/agent\n"), explained.out());
    }

    @Test
    void diffExitsOneOnChangesAndNamesTheManifestInEveryHunk() {
        CliCase.Run run = run("inject", "--presets", "presets.yaml", "-f", "app.yaml", "--diff");
        assertEquals(ExitCodes.CHANGES, run.exit(), "kubectl diff exits 1 when there are changes");
        assertTrue(run.out().startsWith("--- Deployment team-a/web (app.yaml document 1)\n"
                + "+++ Deployment team-a/web (injected)\n@@ -11,7 +11,29 @@ Deployment team-a/web\n"), run.out());
        assertTrue(run.out().lines().filter(l -> l.startsWith("@@")).allMatch(l -> l.endsWith("@@ Deployment team-a/web")),
                run.out());
    }

    @Test
    void diffErrorsExitTwoNotOne() throws IOException {
        Files.writeString(dir.resolve("broken.yaml"), "kind: [\n");
        CliCase.Run run = run("inject", "--presets", "presets.yaml", "-f", "broken.yaml", "--diff");
        assertEquals(ExitCodes.DIFF_TROUBLE, run.exit(), run.err());
        CliCase.Run presets = run("inject", "--presets", "broken.yaml", "-f", "app.yaml", "--diff");
        assertEquals(ExitCodes.DIFF_TROUBLE, presets.exit(), presets.err());
        assertFalse(presets.err().contains("--help"), "an input error is no usage error: " + presets.err());
    }

    private void suite(String results) throws IOException {
        Files.writeString(dir.resolve("podpreset-test.yaml"), "name: agent\npresets: [presets.yaml]\nresources: [app.yaml]\n"
                + "results:\n" + results);
    }

    @Test
    void testWritesJUnitAloneOnStandardOutput() throws Exception {
        suite("""
                  - {resource: Deployment/team-a/web, preset: PodPreset/team-a/agent, result: applied}
                  - {resource: Deployment/team-a/web, preset: PodPreset/team-a/agent, result: skipped}
                """);
        CliCase.Run run = run("test", ".", "-o", "junit");
        assertEquals(ExitCodes.FAILED, run.exit());
        assertEquals("1 passed, 1 failed, 1 suite\n", run.err());
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(run.out().getBytes(StandardCharsets.UTF_8)));
        Element root = xml.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        assertEquals("2", root.getAttribute("tests"));
        assertEquals("1", root.getAttribute("failures"));
        Element suite = (Element) root.getElementsByTagName("testsuite").item(0);
        assertEquals("agent", suite.getAttribute("name"));
        assertEquals("podpreset-test.yaml", suite.getAttribute("file"));
        Element failed = (Element) suite.getElementsByTagName("testcase").item(1);
        assertEquals("6", failed.getAttribute("line"));
        assertEquals("expected skipped, got applied",
                ((Element) failed.getElementsByTagName("failure").item(0)).getAttribute("message"));
    }

    @Test
    void aSuiteThatCannotRunIsAJUnitError() throws Exception {
        suite("  - {resource: Deployment/team-a/web, preset: PodPreset/team-a/agent, result: aplied}\n");
        CliCase.Run run = run("test", ".", "-o", "junit");
        assertEquals(ExitCodes.FAILED, run.exit());
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(run.out().getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        assertEquals("1", root.getAttribute("errors"));
        assertTrue(((Element) root.getElementsByTagName("error").item(0)).getAttribute("message")
                .startsWith("podpreset-test.yaml:5: results[0].result: Unsupported value \"aplied\""), run.out());
    }

    @Test
    void testWritesJsonAloneOnStandardOutput() throws Exception {
        suite("  - {resource: Deployment/team-a/web, preset: PodPreset/team-a/agent, result: applied}\n");
        CliCase.Run run = run("test", ".", "--output", "json");
        assertEquals(ExitCodes.OK, run.exit(), run.err());
        assertEquals("1 passed, 0 failed, 1 suite\n", run.err());
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertEquals(1, report.path("passed").asInt());
        assertEquals("pass", report.at("/results/0/result").asText());
        assertEquals("podpreset-test.yaml", report.at("/results/0/file").asText());
        assertEquals(5, report.at("/results/0/line").asInt());
    }
}
