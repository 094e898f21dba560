package dev.podpreset.bench;

import dev.podpreset.api.ClusterPodPreset;
import dev.podpreset.api.PodPreset;
import dev.podpreset.kubernetes.Informers;
import dev.podpreset.sources.MockCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The API server of cluster-mode start-up ({@code src/jmh/startup.sh}): the tests' fabric8 mock server in CRUD
 * mode ({@link MockCluster}, our two CRDs registered) holding {@link BenchData}'s namespaces and the presets of
 * one scenario. It writes its URL to a file once everything is stored, then serves until killed. Nothing changes
 * after that, and its watches do not replay what the lists returned ({@link MockCluster#withoutWatchReplay()}), as
 * kube-apiserver's would not: a server under test receives its presets once, as from a real cluster. Its lists in
 * pages are served from a copy it keeps of the stored presets, as kube-apiserver's are from its watch cache. It serves
 * HTTPS, as kube-apiserver does, so that a client pays for what a pod's client pays for: TLS and the verification
 * of the server's certificate, whose PEM it writes to a second file before the URL.
 *
 * <p>Usage: {@code MockApiServer MATCHING LOADED URL_FILE CA_FILE}
 */
public final class MockApiServer {
    /** Held so that the level sticks: the mock server logs every request at INFO. */
    private static final Logger REQUESTS = Logger.getLogger("io.fabric8.mockwebserver");
    private static final int WARM_UP_LISTS = 10;

    private MockApiServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException, ExecutionException {
        REQUESTS.setLevel(Level.WARNING);
        int matching = Integer.parseInt(args[0]);
        int loaded = Integer.parseInt(args[1]);
        MockCluster cluster = MockCluster.withoutWatchReplay().overHttps().start();
        long started = System.nanoTime();
        try (KubernetesClient client = cluster.client()) {
            for (Map.Entry<String, Map<String, String>> ns : BenchData.namespaceLabels().entrySet()) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns.getKey())
                        .withLabels(ns.getValue()).endMetadata().build()).create();
            }
            List<HasMetadata> presets = BenchData.presets(matching, loaded);
            // Each create is one request to the mock server: a few at a time store them sooner.
            ExecutorService creators = Executors.newFixedThreadPool(4);
            List<Future<HasMetadata>> created = new ArrayList<>();
            for (HasMetadata preset : presets) {
                // The store assigns resourceVersions; a create must not carry one.
                preset.getMetadata().setResourceVersion(null);
                created.add(creators.submit(() -> client.resource(preset).create()));
            }
            for (Future<HasMetadata> f : created) {
                f.get();
            }
            creators.shutdown();
            System.out.printf("stored %d namespaces and %d presets in %d ms%n", BenchData.namespaceLabels().size(),
                    presets.size(), (System.nanoTime() - started) / 1_000_000);
            // The first list keeps the presets that the lists after it are served from, as kube-apiserver serves
            // them from its watch cache; the next ones compile the serving path, whose compiles would otherwise
            // take the cores from the starts measured.
            for (int i = 0; i < WARM_UP_LISTS; i++) {
                listInPages(options -> client.resources(PodPreset.class).inAnyNamespace().list(options));
                listInPages(options -> client.resources(ClusterPodPreset.class).list(options));
            }
        }
        Files.copy(cluster.certificate(), Path.of(args[3]), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(Path.of(args[2]), cluster.url());
        Thread.currentThread().join(); // serve until killed
    }

    /** Lists in pages of {@link Informers#LIST_PAGE}, as the server's informers do. */
    private static void listInPages(Function<ListOptions, KubernetesResourceList<?>> list) {
        String token = null;
        do {
            token = list.apply(new ListOptionsBuilder().withLimit(Informers.LIST_PAGE).withContinue(token).build())
                    .getMetadata().getContinue();
        } while (token != null && !token.isEmpty());
    }
}
