package dev.podpreset.kubernetes;

import dev.podpreset.api.Text;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;

/**
 * Builds and sends the Kubernetes Events of one component ({@code core/v1} Events, which {@code kubectl describe}
 * shows): the involved object, a reason, a message cut to the API server's limit, the component and the
 * replica that reports it. A refused Event is logged, never retried: Events are advice, not state.
 */
public final class EventRecorder {
    /** Cluster-scoped objects (a ClusterPodPreset) have their Events where kubectl looks for them. */
    public static final String CLUSTER_EVENTS_NAMESPACE = "default";
    /** The API server's limit on an Event's message. */
    static final int MAX_MESSAGE = 1024;
    private static final Logger LOG = Logger.getLogger(EventRecorder.class);

    private final KubernetesClient client;
    private final Clock clock;
    private final String component;
    private final String instance;

    /**
     * @param component the reporting component, {@code controller} or {@code injector}: the Events say
     *                  {@code podpreset-<component>} as their source and {@code podpreset.dev/<component>} as their
     *                  reporting component
     * @param instance  this replica (the pod name)
     */
    public EventRecorder(KubernetesClient client, Clock clock, String component, String instance) {
        this.client = client;
        this.clock = clock;
        this.component = component;
        this.instance = instance;
    }

    /** Sends an Event on {@code object} now, on the calling thread. */
    public void record(ObjectReference object, EventReason reason, String message) {
        send(event(object, reason, message, 1));
    }

    /** The Event, for a caller that sends it later ({@link #send}). {@code count} folds repeats into one. */
    public Event event(ObjectReference object, EventReason reason, String message, int count) {
        String namespace = object.getNamespace() == null ? CLUSTER_EVENTS_NAMESPACE : object.getNamespace();
        String now = Instant.now(clock).toString();
        return new EventBuilder()
                .withNewMetadata().withGenerateName(object.getName() + ".").withNamespace(namespace).endMetadata()
                .withInvolvedObject(object)
                .withType(reason.type().name()).withReason(reason.reason()).withMessage(Text.cut(message, MAX_MESSAGE))
                .withCount(count).withFirstTimestamp(now).withLastTimestamp(now)
                .withNewSource().withComponent("podpreset-" + component).withHost(instance).endSource()
                .withReportingComponent("podpreset.dev/" + component)
                .withReportingInstance(instance)
                .build();
    }

    /** Sends an Event built by {@link #event}; logs when the API server refuses it. */
    public void send(Event event) {
        try {
            client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
        } catch (RuntimeException e) {
            LOG.warnf("Cannot record a %s event on %s %s: %s", event.getReason(), event.getInvolvedObject().getKind(),
                    event.getInvolvedObject().getName(), e.getMessage());
        }
    }
}
