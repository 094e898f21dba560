package dev.podpreset.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * One version and one image: the project version (less -SNAPSHOT), the chart's version and appVersion and the
 * image tags in k8s/ are equal; the chart pulls the image the release workflow pushes; and the image recipe
 * (src/main/docker/Containerfile) is what the chart expects of it: a pinned base and JRE, uid 185, the chart's
 * ports, the launcher that reads the chart's JAVA_OPTS_APPEND, the pom's source and license as labels.
 * Whether the image really runs that way is the container suite's part (src/container/test.sh).
 */
class ReleaseVersionsTest {
    private static final Path CHART = Path.of("charts", "podpreset-injector");
    private static final Path CONTAINERFILE = Path.of("src/main/docker/Containerfile");
    private static final Path LAUNCHER = Path.of("bin/podpreset");

    private static Element pom() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        return pom.getDocumentElement();
    }

    /** The text of a direct child of the pom's project element. */
    private static String pomValue(String tag) throws Exception {
        for (var n = pom().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e.getTextContent().trim();
            }
        }
        throw new AssertionError("no <" + tag + "> in pom.xml");
    }

    private static String projectVersion() throws Exception {
        return pomValue("version").replace("-SNAPSHOT", "");
    }

    private static JsonNode values() throws IOException {
        return new YAMLMapper().readTree(CHART.resolve("values.yaml").toFile());
    }

    private static String containerfile() throws IOException {
        return Files.readString(CONTAINERFILE);
    }

    private static String match(String regex, String text, String what) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        assertTrue(m.find(), what + " (" + regex + ")");
        return m.group(1);
    }

    @Test
    void chartAndProjectHaveOneVersion() throws Exception {
        JsonNode chart = new YAMLMapper().readTree(CHART.resolve("Chart.yaml").toFile());
        String version = projectVersion();
        assertEquals(version, chart.path("version").asText(), "Chart.yaml version");
        assertEquals(version, chart.path("appVersion").asText(), "Chart.yaml appVersion (the default image tag)");
    }

    @Test
    void k8sManifestsUseTheImageOfThisVersion() throws Exception {
        String expected = values().at("/image/repository").asText() + ":" + projectVersion();
        List<String> images = new ArrayList<>();
        Matcher m = Pattern.compile("image: *(\\S+)").matcher(
                Files.readString(Path.of("k8s/deployment.yaml")) + Files.readString(Path.of("k8s/controller.yaml")));
        while (m.find()) {
            images.add(m.group(1));
        }
        assertEquals(List.of(expected, expected), images);
    }

    @Test
    void chartPullsTheImageTheReleasePushes() throws Exception {
        String owner = match("^https://github\\.com/([^/]+)/", pomValue("url"), "the pom's GitHub URL");
        String name = pomValue("artifactId");
        assertEquals("ghcr.io/" + owner + "/" + name, values().at("/image/repository").asText());
        String release = Files.readString(Path.of(".github/workflows/release.yml"));
        assertEquals("ghcr.io/${{ github.repository_owner }}/" + name,
                match("^  IMAGE: (.+)$", release, "release.yml sets IMAGE"));
        assertTrue(release.contains("file: " + CONTAINERFILE), "the release builds the image from " + CONTAINERFILE);
    }

    @Test
    void theBaseAndTheJreArePinned() throws Exception {
        String recipe = containerfile();
        String base = match("^FROM (\\S+) AS base$", recipe, "the first stage is the base");
        assertTrue(base.matches("debian:bookworm-\\d{8}-slim(@sha256:[0-9a-f]{64})?") || base.contains("@sha256:"),
                base + " must be a dated Debian tag or a digest, not a moving tag");
        String jre = match("^ARG JRE_VERSION=(\\S+)$", recipe, "the JRE version is an ARG");
        assertTrue(jre.matches("17\\.[0-9.]+\\+[0-9]+-[0-9]+~deb12u[0-9]+"), jre + " must be one exact Debian version of JDK 17");
        assertTrue(recipe.contains("\"${JRE_PACKAGE}=${JRE_VERSION}\""), "apt-get installs exactly that version");
    }

    @Test
    void theImageRunsAsTheChartsUserOnTheChartsPorts() throws Exception {
        String recipe = containerfile();
        JsonNode values = values();
        assertEquals(values.at("/podSecurityContext/runAsUser").asText() + ":" + values.at("/podSecurityContext/runAsGroup").asText(),
                match("^USER (\\S+)$", recipe, "USER"));
        assertEquals(values.at("/webhook/port").asText() + " " + values.at("/managementPort").asText(),
                match("^EXPOSE (.+)$", recipe, "EXPOSE"));
    }

    @Test
    void theEntrypointIsTheLauncherAndReadsTheChartsJvmOptions() throws Exception {
        String recipe = containerfile();
        String launcher = match("^COPY " + LAUNCHER + " (\\S+)$", recipe, "the launcher is copied into the image");
        assertEquals("[\"" + launcher + "\"]", match("^ENTRYPOINT (.+)$", recipe, "ENTRYPOINT"));
        assertTrue(Files.readString(LAUNCHER).contains("${JAVA_OPTS_APPEND:-}"), "the launcher appends JAVA_OPTS_APPEND");
        for (String template : List.of("deployment.yaml", "controller-deployment.yaml")) {
            assertTrue(Files.readString(CHART.resolve("templates").resolve(template)).contains("- name: JAVA_OPTS_APPEND"),
                    template + " passes its JVM options as JAVA_OPTS_APPEND");
        }
        assertTrue(match("^ENV JAVA_OPTS=\"([^\"]*)\"$", recipe, "the image sets JAVA_OPTS")
                .contains("-Djava.util.logging.manager=org.jboss.logmanager.LogManager"));
    }

    @Test
    void theImageCarriesTheOciLabelsOfThePom() throws Exception {
        String recipe = containerfile();
        assertEquals(pomValue("url"), match("org\\.opencontainers\\.image\\.source=\"([^\"]+)\"", recipe, "source label"));
        String license = ((Element) pom().getElementsByTagName("license").item(0)).getElementsByTagName("name").item(0)
                .getTextContent();
        assertEquals(license, match("org\\.opencontainers\\.image\\.licenses=\"([^\"]+)\"", recipe, "licenses label"));
        assertTrue(Files.readString(Path.of("LICENSE")).contains("Apache License\n                           Version 2.0"),
                "LICENSE holds the Apache-2.0 text");
    }
}
