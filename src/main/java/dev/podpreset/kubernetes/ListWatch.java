package dev.podpreset.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBufInputStream;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.parsetools.RecordParser;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Lists one collection of the API server in pages, then watches it from the list's resourceVersion, and hands
 * every object and deletion to a {@link Sink}: what client-go's reflector does, on an HTTP client of the
 * application's own. A watch that ends is opened again from the last resourceVersion seen (bookmarks included); one
 * the server no longer has ({@code 410 Gone}) lists again, and the sink drops what the new list lacks. Errors are
 * logged and retried with back-off (half a second doubling to 30 s), while the sink keeps what it has.
 *
 * <p>A watch is asked for over a WebSocket, as fabric8 asks for it; an API server that does not upgrade gets the same
 * watch as a stream of lines. Responses are read on the client's event loop and decoded on {@code events}, which
 * must run one task at a time: the sink sees the collection's changes in order and from one thread.
 */
public final class ListWatch implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ListWatch.class);
    /** Idle time after which a list page counts as lost. */
    private static final long LIST_IDLE_MILLIS = 60_000;
    /**
     * Idle time after which a connection counts as lost: longer than the longest watch (the server ends each within
     * its timeoutSeconds, 300 to 600), so that only a connection that died silently reaches it.
     */
    private static final int CONNECTION_IDLE_SECONDS = 660;
    /** How long the next page of a list waits at most for a consumer that is behind, and how often it looks. */
    private static final long MAX_PAGE_WAIT_MILLIS = 1_000;
    private static final long PAGE_WAIT_STEP_MILLIS = 10;
    private static final long FIRST_RETRY_MILLIS = 500;
    private static final long LAST_RETRY_MILLIS = 30_000;
    /** The largest watch event read: an object of etcd's largest size (1.5 MiB) escaped into JSON. */
    private static final int MAX_EVENT_BYTES = 8 * 1024 * 1024;

    /** Where the collection's objects go, each by its key ({@code namespace/name}, or the name). */
    public interface Sink {
        void put(String key, ObjectNode object);

        void remove(String key);

        /** After a whole list: drops every key the list did not have (deleted while nothing watched). */
        void retainOnly(Set<String> keys);
    }

    private final HttpClient http;
    private final ApiServer server;
    private final String path;
    private final String what;
    private final ObjectMapper json;
    private final Sink sink;
    private final Runnable onChange;
    private final BooleanSupplier behind;
    private final ScheduledExecutorService events;
    private volatile boolean synced;
    private volatile boolean closed;

    // Touched on the events executor only.
    private long attempt;
    private int failures;
    private Set<String> listed;
    private String resourceVersion;
    /** The server answered a WebSocket watch without upgrading: watches are asked for as streams of lines. */
    private boolean streamedWatches;
    private WebSocket socket;
    private HttpClientRequest stream;
    private long watchOpened;
    private int watchEvents;

    /**
     * @param path     the collection, e.g. {@code /apis/podpreset.dev/v1alpha1/podpresets}
     * @param what     its name in logs ("podpresets")
     * @param onChange runs after each page and event that changed the sink
     * @param behind   whether what {@code onChange} started is still far behind the sink: the next page of a list then
     *                 waits (at most a second), so that a list is not held as objects faster than they are consumed
     * @param events   where responses are decoded, the sink called and retries scheduled, one task at a time
     */
    public ListWatch(HttpClient http, ApiServer server, String path, String what, ObjectMapper json, Sink sink,
                     Runnable onChange, BooleanSupplier behind, ScheduledExecutorService events) {
        this.http = http;
        this.server = server;
        this.path = path;
        this.what = what;
        this.json = json;
        this.sink = sink;
        this.onChange = onChange;
        this.behind = behind;
        this.events = events;
    }

    /**
     * An HTTP client for the watches of {@code server}: a connection for each collection's list or watch, and WebSocket
     * messages up to an event's largest size. Its owner closes it.
     */
    public static HttpClient client(Vertx vertx, ApiServer server) {
        return vertx.createHttpClient(server.clientOptions().setMaxPoolSize(8).setIdleTimeout(CONNECTION_IDLE_SECONDS)
                .setMaxWebSocketFrameSize(MAX_EVENT_BYTES).setMaxWebSocketMessageSize(MAX_EVENT_BYTES));
    }

    /** Starts listing, retrying until a whole list is in the sink, and then watching. */
    public void start() {
        later(() -> list(null));
    }

    /** Whether a whole list has been received once (the change that follows it is then run). */
    public boolean hasSynced() {
        return synced;
    }

    @Override
    public void close() {
        closed = true;
        later(this::dropWatch);
    }

    private void list(String continueToken) {
        long current = ++attempt;
        if (continueToken == null) {
            listed = new HashSet<>();
        }
        String query = "?limit=" + Informers.LIST_PAGE
                + (continueToken == null ? "" : "&continue=" + URLEncoder.encode(continueToken, StandardCharsets.UTF_8));
        http.request(request(path + query).setIdleTimeout(LIST_IDLE_MILLIS))
                .compose(req -> req.send().compose(resp -> resp.body().map(body -> new Answer(resp.statusCode(), body))))
                .onComplete(result -> inAttempt(current, () -> onPage(result)));
    }

    private record Answer(int status, Buffer body) {
    }

    private void nextPage(long current, String continueToken, long waited) {
        if (waited < MAX_PAGE_WAIT_MILLIS && behind.getAsBoolean()) {
            after(PAGE_WAIT_STEP_MILLIS, current, () -> nextPage(current, continueToken, waited + PAGE_WAIT_STEP_MILLIS));
        } else {
            list(continueToken);
        }
    }

    private void onPage(AsyncResult<Answer> result) {
        if (result.failed()) {
            retry("list", result.cause().toString(), () -> list(null));
            return;
        }
        Answer answer = result.result();
        if (answer.status() != 200) {
            refused("list", answer.status(), answer.body().toString(StandardCharsets.UTF_8), () -> list(null));
            return;
        }
        JsonNode page;
        try {
            page = json.readTree(new ByteBufInputStream(answer.body().getByteBuf()));
        } catch (IOException e) {
            retry("list", "unreadable answer (" + e.getMessage() + ")", () -> list(null));
            return;
        }
        for (JsonNode item : page.path("items")) {
            if (item instanceof ObjectNode object) {
                String key = key(object);
                listed.add(key);
                sink.put(key, object);
            }
        }
        String next = page.path("metadata").path("continue").asText("");
        if (!next.isEmpty()) {
            onChange.run();
            nextPage(attempt, next, 0);
            return;
        }
        int count = listed.size();
        sink.retainOnly(listed);
        listed = null;
        resourceVersion = page.path("metadata").path("resourceVersion").asText("");
        failures = 0;
        if (!synced) {
            synced = true;
            LOG.infof("Listed %s: %d objects; watching them", what, count);
        }
        onChange.run();
        watch();
    }

    private void watch() {
        long current = ++attempt;
        int timeout = 300 + ThreadLocalRandom.current().nextInt(300); // client-go's spread of watch lengths
        String uri = path + "?watch=true&allowWatchBookmarks=true&timeoutSeconds=" + timeout
                + (resourceVersion.isEmpty() ? "" : "&resourceVersion=" + URLEncoder.encode(resourceVersion, StandardCharsets.UTF_8));
        if (streamedWatches) {
            watchOverHttp(current, uri);
            return;
        }
        WebSocketConnectOptions options = addressed(new WebSocketConnectOptions(), uri);
        http.webSocket(options).onComplete(result -> {
            if (result.succeeded()) {
                opened(current, result.result());
                return;
            }
            inAttempt(current, () -> {
                if (result.cause() instanceof UpgradeRejectedException rejected
                        && (rejected.getStatus() == 200 || rejected.getStatus() == 400)) {
                    // The server (or a proxy) does not upgrade to WebSocket: ask again for the watch as a stream.
                    streamedWatches = true;
                    watchOverHttp(current, uri);
                } else if (result.cause() instanceof UpgradeRejectedException rejected) {
                    refused("watch", rejected.getStatus(), rejected.getBody() == null ? "" : rejected.getBody().toString(), this::afterWatch);
                } else {
                    retry("watch", result.cause().toString(), this::afterWatch);
                }
            });
        });
    }

    /**
     * On the event loop that opened {@code ws}, before any message is read: its handlers are set here, so that no event
     * the server sends at once is missed; they queue the events behind this watch's bookkeeping.
     */
    private void opened(long current, WebSocket ws) {
        later(() -> {
            if (current == attempt && !closed) {
                socket = ws;
                watching();
            } else {
                ws.close();
            }
        });
        ws.binaryMessageHandler(message -> event(current, message));
        ws.textMessageHandler(message -> event(current, Buffer.buffer(message)));
        ws.exceptionHandler(t -> lost(current, t));
        ws.closeHandler(ignored -> inAttempt(current, this::ended));
    }

    private void watchOverHttp(long current, String uri) {
        http.request(request(uri)).compose(req -> {
            req.exceptionHandler(t -> lost(current, t));
            later(() -> {
                if (current == attempt && !closed) {
                    stream = req;
                } else {
                    req.reset();
                }
            });
            return req.send();
        }).onComplete(sent -> {
            if (sent.failed()) {
                lost(current, sent.cause());
                return;
            }
            HttpClientResponse resp = sent.result();
            if (resp.statusCode() != 200) {
                resp.body().onComplete(body -> inAttempt(current, () -> refused("watch", resp.statusCode(),
                        body.succeeded() ? body.result().toString() : "", this::afterWatch)));
                return;
            }
            RecordParser lines = RecordParser.newDelimited("\n", line -> event(current, line.copy()));
            lines.maxRecordSize(MAX_EVENT_BYTES);
            lines.exceptionHandler(t -> lost(current, t));
            inAttempt(current, this::watching);
            resp.handler(lines);
            resp.exceptionHandler(t -> lost(current, t));
            resp.endHandler(ignored -> inAttempt(current, this::ended));
        });
    }

    private void watching() {
        watchOpened = System.nanoTime();
        watchEvents = 0;
    }

    private void event(long current, Buffer message) {
        if (message.length() > 0) {
            inAttempt(current, () -> onEvent(message));
        }
    }

    private void onEvent(Buffer message) {
        JsonNode event;
        try {
            event = json.readTree(new ByteBufInputStream(message.getByteBuf()));
        } catch (IOException e) {
            dropWatch();
            retry("watch", "unreadable event (" + e.getMessage() + ")", this::afterWatch);
            return;
        }
        watchEvents++;
        String type = event.path("type").asText();
        JsonNode object = event.path("object");
        if (type.equals("ERROR")) {
            int code = object.path("code").asInt();
            dropWatch();
            if (code == 410) {
                list(null); // the server no longer has our resourceVersion
            } else {
                retry("watch", "error " + code + " " + object.path("message").asText(), this::afterWatch);
            }
            return;
        }
        String version = object.path("metadata").path("resourceVersion").asText("");
        if (!version.isEmpty()) {
            resourceVersion = version;
        }
        if (!(object instanceof ObjectNode o) || type.equals("BOOKMARK")) {
            return;
        }
        switch (type) {
            case "ADDED", "MODIFIED" -> sink.put(key(o), o);
            case "DELETED" -> sink.remove(key(o));
            default -> {
                return;
            }
        }
        failures = 0;
        onChange.run();
    }

    /** The watch ended: the server's timeout, or it closed the connection. The next one starts. */
    private void ended() {
        dropWatch();
        if (watchEvents == 0 && System.nanoTime() - watchOpened < TimeUnit.SECONDS.toNanos(1)) {
            retry("watch", "the watch closed at once", this::afterWatch); // as client-go: not a healthy end
        } else {
            afterWatch();
        }
    }

    /** The watch failed (a broken connection, an idle timeout, an event too large): it is opened again after a while. */
    private void lost(long current, Throwable cause) {
        inAttempt(current, () -> {
            dropWatch();
            retry("watch", cause.toString(), this::afterWatch);
        });
    }

    private void afterWatch() {
        if (resourceVersion.isEmpty()) {
            list(null);
        } else {
            watch();
        }
    }

    /** Closes the open watch, if any; its callbacks are ignored from now on. */
    private void dropWatch() {
        ++attempt;
        if (socket != null) {
            socket.close();
            socket = null;
        }
        if (stream != null) {
            stream.reset();
            stream = null;
        }
    }

    private void refused(String doing, int status, String body, Runnable again) {
        if (status == 410) {
            list(null); // a spent continue token, or a resourceVersion the server no longer has
            return;
        }
        if (status == 401) {
            server.refreshCredentials();
        }
        retry(doing, "HTTP " + status + " " + abbreviated(body), again);
    }

    private void retry(String doing, String why, Runnable again) {
        long current = ++attempt;
        long delay = Math.min(LAST_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(failures++, 6));
        LOG.warnf("Cannot %s %s: %s; retrying in %d ms", doing, what, why, delay);
        after(delay, current, again);
    }

    /** Runs {@code task} after {@code delayMillis}, if the attempt {@code current} is still the current one then. */
    private void after(long delayMillis, long current, Runnable task) {
        try {
            events.schedule(() -> inAttempt(current, task), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // nothing to do any more
        }
    }

    /**
     * Runs {@code task} on the events executor, unless it was shut down (everything is being closed). A task that
     * fails lists again after a while: the sink's state is then unknown.
     */
    private void later(Runnable task) {
        try {
            events.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Watch of %s failed", what);
                    dropWatch();
                    retry("list", e.toString(), () -> list(null));
                }
            });
        } catch (RejectedExecutionException closing) {
            // nothing to do any more
        }
    }

    /** {@link #later}, if the attempt that asked for it is still the current one. */
    private void inAttempt(long current, Runnable task) {
        later(() -> {
            if (current == attempt && !closed) {
                task.run();
            }
        });
    }

    private RequestOptions request(String pathAndQuery) {
        return addressed(new RequestOptions(), pathAndQuery).setMethod(HttpMethod.GET)
                .putHeader(HttpHeaders.ACCEPT, "application/json");
    }

    /** {@code options} (a request's or a WebSocket's) aimed at {@code pathAndQuery} of the server, as its user. */
    private <T extends RequestOptions> T addressed(T options, String pathAndQuery) {
        options.setHost(server.host());
        options.setPort(server.port());
        options.setSsl(server.https());
        options.setURI(server.uri(pathAndQuery));
        server.authorization().ifPresent(a -> options.putHeader(HttpHeaders.AUTHORIZATION, a));
        return options;
    }

    private static String key(ObjectNode object) {
        JsonNode metadata = object.path("metadata");
        String namespace = metadata.path("namespace").asText("");
        String name = metadata.path("name").asText("");
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    private static String abbreviated(String body) {
        String line = body.replaceAll("\\s+", " ").trim();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
