package dev.podpreset.http;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads a request's body into one buffer of its declared length and hands it on. Vert.x's BodyHandler starts at
 * 64 KiB whatever the length, doubles its buffer as the body comes in, and is then copied out: a multi-MiB pod
 * cost three times its size in allocation while it was read, and twice its size held while it was reviewed. A body
 * of no declared length (chunked, or HTTP/2 without content-length) grows, up to the limit.
 *
 * <p>A body up to {@code outsideHeapOver} bytes is an array on the heap. A larger one is read into memory outside
 * the heap ({@link BodyBytes.OutsideHeap}); whoever it is handed to closes it. Until then this reader owns it, and
 * frees it when the body cannot be read: over the limit, or the stream's exception, which Vert.x raises as well when
 * the connection closes before the body is whole (the client went away, or {@link RequestLimits} answered 408).
 *
 * <p>{@link RequestLimits} has refused a declared length over the limit before this runs. What cannot be read fails
 * the routing context: 413 for a body that grows over the limit, 417 for an expectation other than 100-continue, the
 * stream's exception for a client that broke the framing or went away.
 */
public final class RequestBody {
    private static final int UNKNOWN_LENGTH_START = 16 * 1024;
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** Vert.x's chunks are its own arrays; this many bytes of one are copied outside the heap at a time. */
    private static final int COPY_STEP = 8 * 1024;

    private final RoutingContext ctx;
    private final int limit;
    private final int outsideHeapOver;
    private final Consumer<BodyBytes> then;
    private byte[] bytes;
    private int length;
    /** The body once over {@link #outsideHeapOver}; {@link #bytes} is then a copy step. */
    private ByteBuf outside;
    private boolean done;

    private RequestBody(RoutingContext ctx, int limit, int outsideHeapOver, long declared, Consumer<BodyBytes> then) {
        this.ctx = ctx;
        this.limit = limit;
        this.outsideHeapOver = outsideHeapOver;
        this.then = then;
        if (declared > outsideHeapOver) {
            moveOutsideHeap((int) declared);
        } else {
            bytes = new byte[(int) (declared >= 0 ? declared : Math.min(limit, UNKNOWN_LENGTH_START))];
        }
    }

    /** Holds the body outside the heap from now on, with room for {@code capacity} bytes. */
    private void moveOutsideHeap(int capacity) {
        outside = BodyBytes.OutsideHeap.buffer(capacity, limit);
        if (length > 0) {
            outside.writeBytes(bytes, 0, length);
        }
        bytes = new byte[COPY_STEP];
    }

    /**
     * Reads the body of {@code ctx}'s request, at most {@code limit} bytes, and gives it to {@code then} once whole:
     * outside the heap when over {@code outsideHeapOver} bytes.
     */
    public static void read(RoutingContext ctx, long limit, long outsideHeapOver, Consumer<BodyBytes> then) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            then.accept(BodyBytes.of(new byte[0]));
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
        int max = (int) Math.min(limit, MAX_ARRAY);
        long declared = RequestLimits.declaredBodySize(request);
        if (declared > max) {
            ctx.fail(413);
            return;
        }
        RequestBody body = new RequestBody(ctx, max, (int) Math.min(outsideHeapOver, max), declared, then);
        request.handler(body::append).endHandler(end -> body.end()).exceptionHandler(body::fail).resume();
    }

    private void append(Buffer chunk) {
        if (done) {
            return;
        }
        int n = chunk.length();
        if (length + (long) n > limit) {
            fail(413);
            return;
        }
        if (outside == null && length + n > outsideHeapOver) {
            moveOutsideHeap((int) Math.max(length + n, Math.min(limit, 2L * bytes.length)));
        }
        if (outside != null) {
            for (int at = 0; at < n; at += COPY_STEP) {
                int step = Math.min(COPY_STEP, n - at);
                chunk.getBytes(at, at + step, bytes, 0);
                outside.writeBytes(bytes, 0, step);
            }
        } else {
            if (length + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(length + (long) n, 2L * bytes.length)));
            }
            chunk.getBytes(0, n, bytes, length);
        }
        length += n;
    }

    private void end() {
        if (done) {
            return;
        }
        done = true;
        BodyBytes body;
        if (outside != null) {
            body = BodyBytes.OutsideHeap.of(outside);
            outside = null;
        } else {
            body = BodyBytes.of(length == bytes.length ? bytes : Arrays.copyOf(bytes, length));
        }
        bytes = null;
        then.accept(body);
    }

    private void fail(int status) {
        free();
        ctx.fail(status);
    }

    private void fail(Throwable cause) {
        if (!done) {
            free();
            ctx.fail(cause);
        }
    }

    /** Ends the reading, freeing what was read. */
    private void free() {
        done = true;
        bytes = null;
        if (outside != null) {
            outside.release();
            outside = null;
        }
    }
}
