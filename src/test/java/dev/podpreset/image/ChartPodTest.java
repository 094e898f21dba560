package dev.podpreset.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.podpreset.deploy.Chart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The container suite's translation of the chart's pods into podman options ({@link ChartPod}) takes every pod the
 * chart runs the image in, with nothing it does not understand, and carries the chart's settings over: this runs
 * with every build, so a chart change that the container suite would not reproduce fails here first.
 */
class ChartPodTest {
    private static final Map<String, Object> HOST_NETWORK = Map.of("hostNetwork", true, "webhook.port", 18443, "managementPort", 19000);

    private static boolean hasPair(List<String> options, String option, String value) {
        return Collections.indexOfSubList(options, List.of(option, value)) >= 0;
    }

    @Test
    void theWebhookRunsAsTheChartSays(@TempDir Path dir) throws Exception {
        JsonNode values = new YAMLMapper().readTree(Chart.DIR.resolve("values.yaml").toFile());
        ChartPod webhook = ChartPod.render("Deployment", Chart.RELEASE, HOST_NETWORK);
        List<String> options = webhook.podmanOptions(Map.of("tls", dir), dir);

        assertTrue(hasPair(options, "--user", values.at("/podSecurityContext/runAsUser").asText() + ":"
                + values.at("/podSecurityContext/runAsGroup").asText()), options.toString());
        assertTrue(hasPair(options, "--group-add", values.at("/podSecurityContext/fsGroup").asText()), options.toString());
        assertTrue(options.contains("--read-only") && options.contains("--read-only-tmpfs=false"), options.toString());
        assertTrue(hasPair(options, "--cap-drop", "ALL"), options.toString());
        assertTrue(hasPair(options, "--security-opt", "no-new-privileges"), options.toString());
        assertTrue(hasPair(options, "--memory", "268435456") && hasPair(options, "--memory-swap", "268435456"), "256Mi: " + options);
        assertTrue(hasPair(options, "--env", "JAVA_OPTS_APPEND=" + values.path("jvmOptions").asText()), options.toString());
        assertTrue(hasPair(options, "--env", "QUARKUS_HTTP_SSL_PORT=18443"), "the chart's own port setting for hostNetwork");
        assertTrue(hasPair(options, "--volume", dir + ":/etc/podpreset/tls:ro"), options.toString());
        assertTrue(hasPair(options, "--volume", dir.resolve("tmp") + ":/tmp"), "an emptyDir for /tmp: " + options);
        assertEquals(List.of("serve"), webhook.args());
        assertEquals(19000, webhook.readinessPort());
    }

    @Test
    void theControllerTranslatesToo(@TempDir Path dir) throws Exception {
        ChartPod controller = ChartPod.render("Deployment", Chart.RELEASE + "-controller", Map.of());
        List<String> options = controller.podmanOptions(Map.of(), dir.resolve("controller"));
        assertTrue(hasPair(options, "--env", "POD_NAMESPACE=" + Chart.NAMESPACE), "fieldRef metadata.namespace: " + options);
        assertTrue(hasPair(options, "--memory", Long.toString(controller.memoryLimitBytes())), options.toString());
        assertEquals(List.of("controller"), controller.args());
    }
}
