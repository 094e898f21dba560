package dev.podpreset.http;

import dev.podpreset.config.InjectorConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The webhook's one {@link LargeBodyPool}, from {@code podpreset.http.offload-threshold} and
 * {@code offload-threads}, with its metrics. Closed when the application stops, after the HTTP server has
 * answered what it had in flight.
 */
@Singleton
public class LargeBodyPoolProducer {
    private static final Logger LOG = Logger.getLogger(LargeBodyPoolProducer.class);

    @Produces
    @Singleton
    LargeBodyPool largeBodyPool(InjectorConfig config, MeterRegistry meters) {
        int threads = config.http().offloadThreads().orElse(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        LargeBodyPool pool = new LargeBodyPool(config.http().offloadThreshold().asLongValue(), threads);
        FunctionCounter.builder("podpreset_http_offloaded_requests_total", pool, LargeBodyPool::offloaded)
                .description("Requests whose body was over podpreset.http.offload-threshold, answered on the offload pool")
                .register(meters);
        Gauge.builder("podpreset_http_offloaded_requests_waiting", pool, LargeBodyPool::waiting)
                .description("Requests waiting for a thread of the offload pool").register(meters);
        Gauge.builder("podpreset_http_request_bytes_outside_heap", BodyBytes::heldOutsideHeap)
                .description("Bytes of request bodies over the offload threshold, held outside the heap until answered")
                .register(meters);
        LOG.debugf("Admission work of bodies over %d bytes runs on %d thread(s)", pool.threshold(), threads);
        return pool;
    }

    void close(@Disposes LargeBodyPool pool) {
        pool.close();
    }
}
