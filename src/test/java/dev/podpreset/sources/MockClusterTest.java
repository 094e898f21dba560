package dev.podpreset.sources;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mock API server's watches (the CRUD mock's replay, and the benchmark's server without it) and its pages. */
class MockClusterTest {

    @Test
    void aWatchResumesFromANonZeroResourceVersionOnly() {
        assertTrue(MockCluster.resumes("/api/v1/namespaces?allowWatchBookmarks=true&resourceVersion=12&watch=true"));
        assertTrue(MockCluster.resumes("/api/v1/namespaces?resourceVersion=7"));
        assertFalse(MockCluster.resumes("/api/v1/namespaces?resourceVersion=0&watch=true"), "0 asks for everything");
        assertFalse(MockCluster.resumes("/api/v1/namespaces?resourceVersion=&watch=true"));
        assertFalse(MockCluster.resumes("/api/v1/namespaces?watch=true"));
    }

    @Test
    void theCrudMockReplaysTheListToAResumedWatch() throws Exception {
        try (MockCluster cluster = new MockCluster().start()) {
            assertEquals(List.of("ADDED team-a"), eventsOfAWatchResumedAfterTheList(cluster));
        }
    }

    @Test
    void withoutWatchReplayAResumedWatchGetsNothingOfTheList() throws Exception {
        try (MockCluster cluster = MockCluster.withoutWatchReplay().start()) {
            assertEquals(List.of(), eventsOfAWatchResumedAfterTheList(cluster));
        }
    }

    @Test
    void aListAskedInPagesIsServedInPagesOfTheListAsItWasAtTheFirst() throws Exception {
        try (MockCluster cluster = new MockCluster().start(); KubernetesClient client = cluster.client()) {
            for (String name : List.of("a", "b", "c", "d", "e")) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                        .create();
            }
            NamespaceList first = client.namespaces().list(new ListOptionsBuilder().withLimit(2L).build());
            assertEquals(2, first.getItems().size());
            assertEquals(3L, first.getMetadata().getRemainingItemCount());
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("f").endMetadata().build())
                    .create();
            List<String> names = new ArrayList<>(names(first));
            String token = first.getMetadata().getContinue();
            List<String> tokens = new ArrayList<>();
            while (token != null && !token.isEmpty()) {
                tokens.add(token);
                NamespaceList page = client.namespaces().list(new ListOptionsBuilder().withLimit(2L).withContinue(token).build());
                names.addAll(names(page));
                token = page.getMetadata().getContinue();
            }
            assertEquals(List.of("a", "b", "c", "d", "e"), names.stream().sorted().toList(),
                    "every item once, and not the one created after the first page");
            assertEquals(2, tokens.size());
            KubernetesClientException gone = assertThrows(KubernetesClientException.class, () ->
                    client.namespaces().list(new ListOptionsBuilder().withLimit(2L).withContinue(tokens.get(0)).build()));
            assertEquals(410, gone.getCode(), "a list served to its end cannot be continued");
            assertEquals(6, client.namespaces().list().getItems().size(), "a list without a limit is whole");
        }
    }

    @Test
    void aListAskedAgainInPagesHasWhatChangedSinceTheLastOne() throws Exception {
        try (MockCluster cluster = new MockCluster().start(); KubernetesClient client = cluster.client()) {
            for (String name : List.of("a", "b", "c")) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                        .create();
            }
            assertEquals(List.of("a", "b", "c"), namesInPages(client));
            assertEquals(List.of("a", "b", "c"), namesInPages(client), "an unchanged store lists the same");
            client.namespaces().withName("b").delete();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("d").endMetadata().build())
                    .create();
            assertEquals(List.of("a", "c", "d"), namesInPages(client));
            client.namespaces().withName("a").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                    .addToLabels("team", "x").endMetadata().build());
            assertEquals(List.of("a"), client.namespaces().withLabel("team", "x")
                    .list(new ListOptionsBuilder().withLimit(2L).build()).getItems().stream()
                    .map(ns -> ns.getMetadata().getName()).toList(), "another selector, another list");
            assertEquals(List.of("a", "c", "d"), namesInPages(client));
        }
    }

    private static List<String> namesInPages(KubernetesClient client) {
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            NamespaceList page = client.namespaces().list(new ListOptionsBuilder().withLimit(2L).withContinue(token).build());
            names.addAll(names(page));
            token = page.getMetadata().getContinue();
        } while (token != null && !token.isEmpty());
        return names.stream().sorted().toList();
    }

    private static List<String> names(NamespaceList list) {
        return list.getItems().stream().map(ns -> ns.getMetadata().getName()).toList();
    }

    /** Stores a namespace, lists, watches from the list's resourceVersion, and returns what the watch got in 2 s. */
    private static List<String> eventsOfAWatchResumedAfterTheList(MockCluster cluster) throws InterruptedException {
        List<String> events = new CopyOnWriteArrayList<>();
        try (KubernetesClient client = cluster.client()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata().build())
                    .create();
            String listed = client.namespaces().list().getMetadata().getResourceVersion();
            try (Watch ignored = client.namespaces().watch(new ListOptionsBuilder().withResourceVersion(listed).build(),
                    new Watcher<Namespace>() {
                        @Override
                        public void eventReceived(Action action, Namespace ns) {
                            events.add(action + " " + ns.getMetadata().getName());
                        }

                        @Override
                        public void onClose(WatcherException cause) {
                        }
                    })) {
                TimeUnit.SECONDS.sleep(2);
            }
        }
        return events;
    }
}
