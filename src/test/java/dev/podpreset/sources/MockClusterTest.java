package dev.podpreset.sources;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mock API server's watches: the CRUD mock's replay, and the benchmark's server without it. */
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
