package dev.podpreset.http;

import dev.podpreset.config.InjectorConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.EnumMap;
import java.util.Map;

/**
 * Runs before every other handler of the webhook port and decides, from the request head alone, whether
 * its body may be read at all:
 * <ul>
 * <li>a declared body over {@code quarkus.http.limits.max-body-size} gets 413 (over HTTP/2 too: Quarkus's
 * own check adds a {@code Connection} header there, which HTTP/2 forbids, so the client saw a stream reset);</li>
 * <li>a body that does not fit the {@link RequestBytesBudget} gets 503 with {@code Retry-After};</li>
 * <li>a body that has not arrived whole within {@code podpreset.http.request-read-timeout} gets 408, and
 * its connection (its stream, over HTTP/2) is closed, which gives its bytes back.</li>
 * </ul>
 * Answers are an {@link ErrorAnswer}, as the admission endpoints' errors. Over HTTP/1.1 a refused body is
 * never kept: the answer carries {@code Connection: close}, what the client still sends is dropped, and
 * the connection is closed after it.
 */
@ApplicationScoped
public class RequestLimits {
    private static final Logger LOG = Logger.getLogger(RequestLimits.class);
    /** Before Quarkus's body-size check (order -2) and its body handler. */
    static final int ORDER = -1_000;
    /** HTTP/2 RST_STREAM NO_ERROR: "stop sending, the answer is complete" (RFC 9113, section 8.1). */
    private static final long NO_ERROR = 0;

    enum Refusal {
        TOO_LARGE("too-large"), OVER_BUDGET("over-budget"), READ_TIMEOUT("read-timeout");

        final String tag;

        Refusal(String tag) {
            this.tag = tag;
        }
    }

    @Inject
    InjectorConfig config;
    @Inject
    MeterRegistry meters;
    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    private RequestBytesBudget budget;
    private long readTimeoutMs;
    private final Map<Refusal, Counter> refused = new EnumMap<>(Refusal.class);

    void install(@Observes Router router) {
        budget = new RequestBytesBudget(config.http().requestBytesBudget().asLongValue());
        readTimeoutMs = config.http().requestReadTimeout().toMillis();
        Gauge.builder("podpreset_http_request_bytes_held", budget, RequestBytesBudget::held)
                .description("Request body bytes reserved by requests being read or answered").register(meters);
        for (Refusal r : Refusal.values()) {
            refused.put(r, Counter.builder("podpreset_http_requests_refused_total").tag("reason", r.tag)
                    .description("Requests refused before their body was read").register(meters));
        }
        router.route().order(ORDER).handler(this::handle);
    }

    /** The budget in use (for tests and metrics). */
    public RequestBytesBudget budget() {
        return budget;
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        long declared = declaredBodySize(request);
        long limit = maxBodySize.asLongValue();
        if (declared > limit) {
            refuse(ctx, Refusal.TOO_LARGE, 413, "request body of " + declared + " bytes is over the limit of " + limit
                    + " bytes (quarkus.http.limits.max-body-size)");
            return;
        }
        long reserved = declared < 0 ? limit : declared;
        if (!budget.tryReserve(reserved)) {
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
            refuse(ctx, Refusal.OVER_BUDGET, 503, "the server holds too many request bytes to read " + reserved
                    + " more (podpreset.http.request-bytes-budget " + budget.budget() + "); retry");
            return;
        }
        long timer = request.isEnded() ? -1 : ctx.vertx().setTimer(readTimeoutMs, id -> {
            if (!request.isEnded()) {
                LOG.debugf("Closing a request from %s not received whole within %d ms", request.remoteAddress(), readTimeoutMs);
                refuse(ctx, Refusal.READ_TIMEOUT, 408, "request not received whole within " + readTimeoutMs
                        + " ms (podpreset.http.request-read-timeout)");
            }
        });
        ctx.addEndHandler(done -> {
            budget.release(reserved);
            if (timer >= 0) {
                ctx.vertx().cancelTimer(timer);
            }
        });
        ctx.next();
    }

    /** The declared body size, 0 when there is no body, -1 when it is not known before reading it. */
    static long declaredBodySize(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                return Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return -1; // the HTTP codec refuses it before we get here; count it as unknown all the same
            }
        }
        if (request.isEnded()) {
            return 0;
        }
        boolean http1 = request.version() != HttpVersion.HTTP_2;
        return http1 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null ? 0 : -1;
    }

    private void refuse(RoutingContext ctx, Refusal reason, int status, String message) {
        refused.get(reason).increment();
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            close(request);
            return;
        }
        boolean http1 = request.version() != HttpVersion.HTTP_2;
        if (http1) {
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        ErrorAnswer.send(response, status, message)
                .onComplete(written -> {
                    if (request.isEnded()) {
                        close(request);
                    } else if (http1 && reason != Refusal.READ_TIMEOUT) {
                        discardThenClose(ctx);
                    } else {
                        close(request);
                    }
                });
    }

    /**
     * Reads and drops what the client is still sending (at most the body limit, for at most the read
     * timeout) before closing. Closing with unread bytes makes the kernel send a reset, which can destroy
     * the answer before the client has read it; dropped bytes hold no memory.
     */
    private void discardThenClose(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        long limit = maxBodySize.asLongValue();
        long[] dropped = {0};
        long timer = ctx.vertx().setTimer(readTimeoutMs, id -> close(request));
        request.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > limit) {
                ctx.vertx().cancelTimer(timer);
                close(request);
            }
        });
        request.endHandler(end -> {
            ctx.vertx().cancelTimer(timer);
            close(request);
        });
        request.resume();
    }

    /** Over HTTP/1.1 the unread body makes the connection unusable; over HTTP/2 only the stream is ended. */
    private static void close(HttpServerRequest request) {
        if (request.version() == HttpVersion.HTTP_2) {
            request.response().reset(NO_ERROR);
        } else {
            request.connection().close();
        }
    }
}
