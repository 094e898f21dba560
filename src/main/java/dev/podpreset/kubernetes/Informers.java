package dev.podpreset.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionStage;

/**
 * How every informer of the application is started: it retries whatever the error (a missing CRD, RBAC or an
 * unreachable API server may be fixed later; the cache keeps serving meanwhile, and fabric8 backs off), logs once
 * it has synced, and tells {@code handler} of every change. Handlers run on fabric8's threads and must only
 * hand the change on (set a flag, queue a key): the store and the watch wait for them.
 */
public final class Informers {
    private static final Logger LOG = Logger.getLogger(Informers.class);

    /**
     * Items per page of an informer's list, as client-go's reflectors ask for them: the client reads and holds one
     * page at a time instead of the whole list. An API server that does not page answers the whole list at once.
     */
    public static final long LIST_PAGE = 500;

    private Informers() {
    }

    /**
     * Starts {@code informer} (its item store set already, if any) and returns when its first list is done or has
     * failed; {@code what} names it in logs ("pods", "podpresets").
     */
    public static <T extends HasMetadata> CompletionStage<Void> start(SharedIndexInformer<T> informer, String what,
                                                                     ResourceEventHandler<? super T> handler) {
        informer.addEventHandler(handler);
        informer.exceptionHandler((started, t) -> {
            LOG.warnf("Informer for %s: %s; retrying", what, t.toString());
            return true;
        });
        return informer.start().whenComplete((ok, t) -> {
            if (t == null) {
                LOG.infof("Informer for %s has synced (%d objects)", what, informer.getStore().listKeys().size());
            }
        });
    }

    /** A handler that runs {@code onChange} for every add, update and delete. */
    public static <T> ResourceEventHandler<T> onAnyChange(Runnable onChange) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                onChange.run();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                onChange.run();
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                onChange.run();
            }
        };
    }
}
