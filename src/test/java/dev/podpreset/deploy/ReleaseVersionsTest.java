package dev.podpreset.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * One version and one image name: the project version (less -SNAPSHOT), the chart's version and appVersion and
 * the image tags in k8s/ are equal, the chart's image repository is the one Jib pushes, and the image settings
 * that can be checked without a registry are what the chart expects (uid 185, ports, pinned base, OCI labels).
 */
class ReleaseVersionsTest {
    private static final Path CHART = Path.of("charts", "podpreset-injector");

    private static Document pom() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
    }

    private static String projectVersion() throws Exception {
        return pom().getDocumentElement().getElementsByTagName("version").item(0).getTextContent().replace("-SNAPSHOT", "");
    }

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(Path.of("src/main/resources/application.properties"))));
        return properties;
    }

    private static String imageRepository(Properties p) {
        return p.getProperty("quarkus.container-image.registry") + "/" + p.getProperty("quarkus.container-image.group")
                + "/" + p.getProperty("quarkus.container-image.name");
    }

    @Test
    void chartAndProjectHaveOneVersion() throws Exception {
        JsonNode chart = new YAMLMapper().readTree(CHART.resolve("Chart.yaml").toFile());
        String version = projectVersion();
        assertEquals(version, chart.path("version").asText(), "Chart.yaml version");
        assertEquals(version, chart.path("appVersion").asText(), "Chart.yaml appVersion (the default image tag)");
        assertTrue(applicationProperties().getProperty("quarkus.container-image.tag") == null,
                "the image tag is the project version, which the release workflow sets from the Git tag");
    }

    @Test
    void k8sManifestsUseTheImageOfThisVersion() throws Exception {
        String expected = imageRepository(applicationProperties()) + ":" + projectVersion();
        List<String> images = new ArrayList<>();
        Matcher m = Pattern.compile("image: *(\\S+)").matcher(
                Files.readString(Path.of("k8s/deployment.yaml")) + Files.readString(Path.of("k8s/controller.yaml")));
        while (m.find()) {
            images.add(m.group(1));
        }
        assertEquals(List.of(expected, expected), images);
    }

    @Test
    void chartPullsTheImageJibPushes() throws Exception {
        JsonNode values = new YAMLMapper().readTree(CHART.resolve("values.yaml").toFile());
        assertEquals(imageRepository(applicationProperties()), values.at("/image/repository").asText());
    }

    @Test
    void imageRunsAsUid185OnAPinnedBaseSharedWithTheDockerfile() throws Exception {
        Properties p = applicationProperties();
        assertEquals("185", p.getProperty("quarkus.jib.user"));
        assertEquals("8443,9000", p.getProperty("quarkus.jib.ports"));
        String base = p.getProperty("quarkus.jib.base-jvm-image");
        assertTrue(base.contains("@sha256:") || base.matches(".*:[0-9.]+-[0-9.]+$"),
                base + " must be pinned by digest or an exact build tag, not a moving one");
        Matcher from = Pattern.compile("(?m)^FROM (\\S+)").matcher(Files.readString(Path.of("src/main/docker/Dockerfile.jvm")));
        assertTrue(from.find());
        assertEquals(base, from.group(1), "Dockerfile.jvm and Jib use the same base image");
        Matcher javaOpts = Pattern.compile("(?m)^ENV JAVA_OPTS=\"([^\"]*)\"").matcher(Files.readString(Path.of("src/main/docker/Dockerfile.jvm")));
        assertTrue(javaOpts.find());
        assertEquals(javaOpts.group(1), p.getProperty("quarkus.jib.environment-variables.\"JAVA_OPTS\""),
                "JAVA_OPTS_APPEND (set by the chart) must not be where the log manager is");
    }

    @Test
    void imageCarriesTheOciLabels() throws Exception {
        Properties p = applicationProperties();
        String prefix = "quarkus.container-image.labels.\"org.opencontainers.image.";
        assertEquals("https://github.com/podpreset-dev/podpreset-injector", p.getProperty(prefix + "source\""));
        assertEquals("${quarkus.application.version}", p.getProperty(prefix + "version\""));
        assertTrue(p.getProperty(prefix + "revision\"").startsWith("${GITHUB_SHA"), "the release's commit");
        String license = pom().getDocumentElement().getElementsByTagName("license").item(0)
                .getChildNodes().item(1).getTextContent();
        assertEquals(license, p.getProperty(prefix + "licenses\""), "the pom's license");
    }
}
