package dev.podpreset.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads a request's body into one array of its declared length and hands the array on. Vert.x's BodyHandler starts
 * at 64 KiB whatever the length, doubles its buffer as the body comes in, and is then copied out: a multi-MiB pod
 * cost three times its size in allocation while it was read, and twice its size held while it was reviewed. A body
 * of no declared length (chunked, or HTTP/2 without content-length) grows, up to the limit.
 *
 * <p>{@link RequestLimits} has refused a declared length over the limit before this runs. What cannot be read fails
 * the routing context: 413 for a body that grows over the limit, 417 for an expectation other than 100-continue, the
 * stream's exception for a client that broke the framing or went away.
 */
public final class RequestBody {
    private static final int UNKNOWN_LENGTH_START = 16 * 1024;
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final RoutingContext ctx;
    private final long limit;
    private final Consumer<byte[]> then;
    private byte[] bytes;
    private int length;
    private boolean failed;

    private RequestBody(RoutingContext ctx, long limit, long declared, Consumer<byte[]> then) {
        this.ctx = ctx;
        this.limit = limit;
        this.then = then;
        this.bytes = new byte[(int) (declared >= 0 ? declared : Math.min(limit, UNKNOWN_LENGTH_START))];
    }

    /** Reads the body of {@code ctx}'s request, at most {@code limit} bytes, and gives it to {@code then} once whole. */
    public static void read(RoutingContext ctx, long limit, Consumer<byte[]> then) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            then.accept(new byte[0]);
            return;
        }
        String expect = request.getHeader(HttpHeaders.EXPECT);
        if (expect != null) {
            if (!expect.equalsIgnoreCase("100-continue")) {
                ctx.fail(417);
                return;
            }
            if (request.version() != HttpVersion.HTTP_1_0) {
                ctx.response().writeContinue();
            }
        }
        long max = Math.min(limit, MAX_ARRAY);
        long declared = RequestLimits.declaredBodySize(request);
        if (declared > max) {
            ctx.fail(413);
            return;
        }
        RequestBody body = new RequestBody(ctx, max, declared, then);
        request.handler(body::append).endHandler(end -> body.end()).exceptionHandler(body::fail).resume();
    }

    private void append(Buffer chunk) {
        if (failed) {
            return;
        }
        int n = chunk.length();
        if (length + (long) n > limit) {
            fail(413);
            return;
        }
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(length + (long) n, 2L * bytes.length)));
        }
        chunk.getBytes(0, n, bytes, length);
        length += n;
    }

    private void end() {
        if (!failed) {
            then.accept(length == bytes.length ? bytes : Arrays.copyOf(bytes, length));
        }
    }

    private void fail(int status) {
        failed = true;
        bytes = null;
        ctx.fail(status);
    }

    private void fail(Throwable cause) {
        if (!failed) {
            failed = true;
            bytes = null;
            ctx.fail(cause);
        }
    }
}
