package dev.podpreset.cli;

import dev.podpreset.sources.MockCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code --cluster} with the rights of an application team (issue 20), on the fabric8 mock server in CRUD
 * mode behind a dispatcher that answers 403 as RBAC would: the team reads its own namespace's pods,
 * workloads and PodPresets and, through the chart's view role, ClusterPodPresets; not other namespaces,
 * not the list of Namespaces, and its own Namespace object only when a test grants it. Only tested on the
 * mock: no API server runs here.
 */
class TeamClusterTest {
    private static final String TEAM_TOKEN = "team-a-developer";
    private static final List<Pattern> TEAM_MAY_READ = List.of(
            Pattern.compile("/apis/podpreset\\.dev/v1alpha1/clusterpodpresets"),
            Pattern.compile("/apis/podpreset\\.dev/v1alpha1/namespaces/team-a/podpresets(/.*)?"),
            Pattern.compile("/api/v1/namespaces/team-a/pods(/.*)?"),
            Pattern.compile("/apis/apps/v1/namespaces/team-a/[a-z]+(/.*)?"));
    private static final KubernetesCrudDispatcher CRUD = new KubernetesCrudDispatcher(List.of(
            CustomResourceDefinitionContext.fromCustomResourceType(dev.podpreset.api.PodPreset.class),
            CustomResourceDefinitionContext.fromCustomResourceType(dev.podpreset.api.ClusterPodPreset.class)));
    private static volatile boolean namespaceReadable;
    private static KubernetesMockServer server;
    private static KubernetesClient admin;
    @TempDir
    static Path dir;

    /** RBAC for the team's token; everyone else is an administrator. */
    private static final class Rbac extends Dispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath().replaceFirst("\\?.*", "");
            boolean team = ("Bearer " + TEAM_TOKEN).equals(request.getHeader("Authorization"));
            boolean allowed = TEAM_MAY_READ.stream().anyMatch(p -> p.matcher(path).matches())
                    || (namespaceReadable && path.equals("/api/v1/namespaces/team-a"));
            if (team && !allowed) {
                return new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json").setBody("""
                        {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","code":403,
                         "message":"%s is forbidden: User \\"team-a-developer\\" cannot %s it"}""".formatted(path,
                        request.getMethod().toLowerCase()));
            }
            return CRUD.dispatch(request);
        }
    }

    @BeforeAll
    static void start() throws IOException {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new Rbac(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        String url = "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getPort();
        admin = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(url)
                .withRequestRetryBackoffLimit(0).build()).build();
        Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                contexts: [{name: team, context: {cluster: mock, user: team, namespace: team-a}}]
                current-context: team
                users: [{name: team, user: {token: %s}}]
                """.formatted(url, TEAM_TOKEN));
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-a")
                .addToLabels("podpreset.dev/injection", "enabled").addToLabels("tier", "prod").endMetadata().build()).create();
        MockCluster.apply(admin, """
                apiVersion: podpreset.dev/v1alpha1
                kind: ClusterPodPreset
                metadata: {name: everywhere}
                spec: {env: [{name: EVERYWHERE, value: "1"}]}
                """);
        MockCluster.apply(admin, """
                apiVersion: podpreset.dev/v1alpha1
                kind: ClusterPodPreset
                metadata: {name: prod-only}
                spec:
                  namespaceSelector: {matchLabels: {tier: prod}}
                  env: [{name: PROD, value: "1"}]
                """);
        MockCluster.apply(admin, """
                apiVersion: podpreset.dev/v1alpha1
                kind: PodPreset
                metadata: {name: db, namespace: team-a}
                spec:
                  selector: {matchLabels: {app: web}}
                  env: [{name: DB, value: "1"}]
                """);
        Map<String, String> web = Map.of("app", "web");
        admin.apps().deployments().inNamespace("team-a").resource(new DeploymentBuilder().withNewMetadata().withName("web")
                .endMetadata().withNewSpec().withNewSelector().withMatchLabels(web).endSelector().withNewTemplate()
                .withNewMetadata().withLabels(web).endMetadata().withNewSpec().addNewContainer().withName("web")
                .withImage("nginx").endContainer().endSpec().endTemplate().endSpec().build()).create();
        admin.apps().statefulSets().inNamespace("team-a").resource(new StatefulSetBuilder().withNewMetadata()
                .withName("cache").endMetadata().withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "cache"))
                .endSelector().endSpec().build()).create();
        for (String[] pod : new String[][] {{"web-1", "web"}, {"web-2", "web"}, {"cache-0", "cache"}}) {
            admin.pods().inNamespace("team-a").resource(new PodBuilder().withNewMetadata().withName(pod[0])
                    .addToLabels("app", pod[1]).endMetadata().withNewSpec().addNewContainer().withName("c").withImage("i")
                    .endContainer().endSpec().build()).create();
        }
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.destroy();
    }

    private static CliCase.Run run(String stdin, String... args) {
        List<String> line = new ArrayList<>(List.of(args));
        line.addAll(List.of("--cluster", "--kubeconfig", "kubeconfig"));
        return CliCase.run(dir, line, stdin.getBytes(StandardCharsets.UTF_8), ClusterConnector.KUBECONFIG);
    }

    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: team-a, labels: {app: web}}
            spec: {containers: [{name: web, image: nginx}]}
            """;

    @Test
    void aTeamThatReadsItsNamespaceGetsEveryPresetOfIt() {
        namespaceReadable = true;
        CliCase.Run run = run(POD, "inject", "-f", "-");
        assertEquals(ExitCodes.OK, run.exit(), run.err());
        for (String env : List.of("EVERYWHERE", "PROD", "DB")) {
            assertTrue(run.out().contains("name: " + env + "\n"), env + " in\n" + run.out());
        }
    }

    @Test
    void anUnreadableNamespaceIsReportedNotGuessed() {
        namespaceReadable = false;
        CliCase.Run run = run(POD, "inject", "-f", "-");
        assertEquals(ExitCodes.FAILED, run.exit(), run.err());
        assertTrue(run.err().contains("error: <stdin> document 1 (Pod team-a/web): not evaluated: the webhook's "
                + "namespaceSelector, ClusterPodPreset prod-only (cannot read Namespace team-a: /api/v1/namespaces/team-a "
                + "is forbidden"), run.err());
        assertFalse(run.err().contains("not injected") || run.err().contains("Exception"), run.err());

        CliCase.Run explained = run(POD, "explain", "-f", "-");
        assertEquals(ExitCodes.FAILED, explained.exit(), explained.err());
        assertTrue(explained.out().contains("  not evaluated: the webhook's namespaceSelector, ClusterPodPreset prod-only\n"
                + "    why: cannot read Namespace team-a: "), explained.out());
        assertTrue(explained.out().contains("  applied: ClusterPodPreset everywhere, PodPreset team-a/db\n"), explained.out());
        assertFalse(explained.out().contains("not injected"), explained.out());

        CliCase.Run live = run("", "explain", "pod", "web-1", "-n", "team-a");
        assertEquals(ExitCodes.FAILED, live.exit(), live.err());
        assertTrue(live.out().contains("  namespace: team-a (labels unknown: cannot read Namespace team-a: "), live.out());
        assertTrue(live.out().contains("  not evaluated: the webhook's namespaceSelector, ClusterPodPreset prod-only\n"),
                live.out());
    }

    @Test
    void explainTakesWorkloadsAndSelectorsLikeCheckInject() {
        namespaceReadable = true;
        CliCase.Run deployment = run("", "explain", "deploy/web", "-n", "team-a");
        assertEquals(ExitCodes.OK, deployment.exit(), deployment.err());
        assertTrue(deployment.out().startsWith("Pod team-a/web-1\n"), deployment.out());
        assertTrue(deployment.out().contains("\nPod team-a/web-2\n"), deployment.out());
        assertTrue(deployment.out().contains("  PodPreset team-a/db (generation "), deployment.out());
        CliCase.Run statefulSet = run("", "explain", "sts/cache", "-n", "team-a");
        assertEquals(ExitCodes.OK, statefulSet.exit(), statefulSet.err());
        assertTrue(statefulSet.out().startsWith("Pod team-a/cache-0\n") && !statefulSet.out().contains("web-"),
                statefulSet.out());
        CliCase.Run selected = run("", "explain", "-l", "app in (web)", "-n", "team-a");
        assertEquals(ExitCodes.OK, selected.exit(), selected.err());
        assertEquals(2, selected.out().lines().filter(l -> l.startsWith("Pod team-a/web-")).count(), selected.out());
        CliCase.Run missing = run("", "explain", "deploy/nope", "-n", "team-a");
        assertEquals(ExitCodes.FAILED, missing.exit());
        assertTrue(missing.err().contains("Deployment nope in namespace team-a not found"), missing.err());
    }

    @Test
    void withoutAnyClusterTheMessageSaysSo() {
        assumeTrue(System.getenv("KUBERNETES_SERVICE_HOST") == null && !Files.exists(ClusterConnector.SERVICE_ACCOUNT_TOKEN),
                "this runs in a pod");
        String before = System.getProperty(Config.KUBERNETES_KUBECONFIG_FILE);
        System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, dir.resolve("no-such-kubeconfig").toString());
        try {
            CliCase.Run run = CliCase.run(dir, List.of("inject", "--cluster", "-f", "-"),
                    POD.getBytes(StandardCharsets.UTF_8), ClusterConnector.KUBECONFIG);
            assertEquals(ExitCodes.FAILED, run.exit(), run.err());
            assertEquals("podpreset inject: no cluster configured: no kubeconfig (--kubeconfig FILE, $KUBECONFIG or "
                    + "~/.kube/config) and not running in a pod\n", run.err());
        } finally {
            if (before == null) {
                System.clearProperty(Config.KUBERNETES_KUBECONFIG_FILE);
            } else {
                System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, before);
            }
        }
    }
}
