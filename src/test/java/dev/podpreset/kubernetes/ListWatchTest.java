package dev.podpreset.kubernetes;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.Await;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reflector against a scripted API server: how it lists, what each watch asks for, and what it does with the
 * events and errors kube-apiserver sends, over a WebSocket and over a stream of lines.
 */
class ListWatchTest {
    private static final String PATH = "/apis/example.dev/v1/things";

    private Vertx vertx;
    private HttpServer server;
    private HttpClient http;
    private ScheduledExecutorService events;
    private ListWatch watch;
    private final List<HttpServerRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> store = new TreeMap<>();
    private final AtomicInteger changes = new AtomicInteger();
    /** The open watches: WebSockets, or streams of lines. */
    private final List<ServerWebSocket> sockets = new CopyOnWriteArrayList<>();
    private final List<HttpServerResponse> streams = new CopyOnWriteArrayList<>();
    private volatile boolean upgrades = true;
    private volatile List<String> lists = List.of();
    private final AtomicInteger listed = new AtomicInteger();
    private final AtomicBoolean behind = new AtomicBoolean();

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(this::serve).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        events = Threads.scheduler("test-watch");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (watch != null) {
            watch.close();
        }
        events.shutdown();
        if (http != null) {
            http.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void serve(HttpServerRequest req) {
        requests.add(req);
        boolean watching = req.uri().contains("watch=true");
        if (!watching) {
            // A scripted answer; "410 {...}" answers with that status.
            String answer = lists.get(Math.min(listed.getAndIncrement(), lists.size() - 1));
            boolean status = answer.matches("^\\d{3} .*");
            req.response().setStatusCode(status ? Integer.parseInt(answer.substring(0, 3)) : 200)
                    .putHeader("Content-Type", "application/json").end(status ? answer.substring(4) : answer);
        } else if (req.headers().contains("Upgrade") && upgrades) {
            req.toWebSocket().onSuccess(sockets::add);
        } else if (req.headers().contains("Upgrade")) {
            req.response().end(); // 200 without upgrading, as an API server without WebSockets may
        } else {
            HttpServerResponse resp = req.response().setChunked(true).putHeader("Content-Type", "application/json");
            resp.writeHead();
            streams.add(resp);
        }
    }

    private void start(String token) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + server.actualPort())
                .withOauthToken(token).build();
        ApiServer api = ApiServer.of(config);
        http = ListWatch.client(vertx, api);
        ListWatch.Sink sink = new ListWatch.Sink() {
            @Override
            public void put(String key, ObjectNode object) {
                synchronized (store) {
                    store.put(key, object.path("spec").path("value").asText());
                }
            }

            @Override
            public void remove(String key) {
                synchronized (store) {
                    store.remove(key);
                }
            }

            @Override
            public void retainOnly(Set<String> keys) {
                synchronized (store) {
                    store.keySet().retainAll(keys);
                }
            }
        };
        watch = new ListWatch(http, api, PATH, "things", JsonMapper.builder().build(), sink, changes::incrementAndGet,
                behind::get, events);
        watch.start();
    }

    private static String list(String resourceVersion, String... items) {
        return "{\"kind\":\"ThingList\",\"metadata\":{\"resourceVersion\":\"" + resourceVersion + "\"},\"items\":["
                + String.join(",", items) + "]}";
    }

    private static String page(String continueToken, String... items) {
        return "{\"kind\":\"ThingList\",\"metadata\":{\"resourceVersion\":\"1\",\"continue\":\"" + continueToken
                + "\"},\"items\":[" + String.join(",", items) + "]}";
    }

    private static String thing(String namespace, String name, String version, String value) {
        return "{\"metadata\":{\"namespace\":\"" + namespace + "\",\"name\":\"" + name + "\",\"resourceVersion\":\"" + version
                + "\"},\"spec\":{\"value\":\"" + value + "\"}}";
    }

    private static String event(String type, String object) {
        return "{\"type\":\"" + type + "\",\"object\":" + object + "}";
    }

    private List<String> watchUris() {
        return requests.stream().map(HttpServerRequest::uri).filter(u -> u.contains("watch=true")).toList();
    }

    private Map<String, String> store() {
        synchronized (store) {
            return Map.copyOf(store);
        }
    }

    @Test
    void listsThenAppliesTheWatchsEventsInOrderAndResumesFromTheLastVersion() {
        lists = List.of(list("10", thing("a", "x", "5", "one"), thing("b", "y", "7", "two")));
        start("secret-token");
        await("watching", () -> sockets.size() == 1);
        assertTrue(watch.hasSynced());
        assertEquals(Map.of("a/x", "one", "b/y", "two"), store());
        HttpServerRequest first = requests.get(0);
        assertEquals(PATH + "?limit=" + Informers.LIST_PAGE, first.uri());
        assertEquals("Bearer secret-token", first.getHeader("Authorization"));
        assertTrue(watchUris().get(0).contains("resourceVersion=10") && watchUris().get(0).contains("allowWatchBookmarks=true"),
                watchUris().toString());
        assertEquals("Bearer secret-token", requests.stream().filter(r -> r.uri().contains("watch=true")).findFirst()
                .orElseThrow().getHeader("Authorization"), "the WebSocket watch too");

        ServerWebSocket ws = sockets.get(0);
        ws.writeTextMessage(event("MODIFIED", thing("a", "x", "11", "uno")));
        ws.writeTextMessage(event("ADDED", thing("c", "z", "12", "three")));
        ws.writeTextMessage(event("DELETED", thing("b", "y", "13", "two")));
        ws.writeTextMessage(event("BOOKMARK", "{\"metadata\":{\"resourceVersion\":\"20\"}}"));
        await("events applied", () -> store().equals(Map.of("a/x", "uno", "c/z", "three")));

        ws.close(); // the server's timeout
        await("watching again", () -> sockets.size() == 2);
        assertTrue(watchUris().get(1).contains("resourceVersion=20"), "from the bookmark: " + watchUris());
        assertEquals(1, listed.get(), "a watch that ends is not a reason to list again");
    }

    @Test
    void aWatchThatIsGoneListsAgainAndDropsWhatTheListLacks() {
        lists = List.of(list("10", thing("a", "x", "5", "one"), thing("b", "y", "7", "two")),
                list("30", thing("a", "x", "25", "uno")));
        start("t");
        await("watching", () -> sockets.size() == 1);
        sockets.get(0).writeTextMessage(event("ERROR",
                "{\"kind\":\"Status\",\"code\":410,\"reason\":\"Expired\",\"message\":\"too old resource version\"}"));

        await("listed again", () -> store().equals(Map.of("a/x", "uno")));
        await("watching from the new list", () -> sockets.size() == 2);
        assertTrue(watchUris().get(1).contains("resourceVersion=30"), watchUris().toString());
    }

    @Test
    void withoutWebSocketsTheWatchIsAStreamOfLines() {
        upgrades = false;
        lists = List.of(list("10", thing("a", "x", "5", "one")));
        start("t");
        await("watching as a stream", () -> streams.size() == 1);
        HttpServerResponse stream = streams.get(0);
        // Two events in one chunk, one split over two: lines, not chunks, are events.
        String added = event("ADDED", thing("c", "z", "12", "three"));
        stream.write(event("MODIFIED", thing("a", "x", "11", "uno")) + "\n" + added.substring(0, 20));
        stream.write(added.substring(20) + "\n");
        await("events applied", () -> store().equals(Map.of("a/x", "uno", "c/z", "three")));

        stream.end();
        await("watching again, as a stream", () -> streams.size() == 2);
        assertTrue(watchUris().get(watchUris().size() - 1).contains("resourceVersion=12"), watchUris().toString());
        assertEquals(1, requests.stream().filter(r -> r.headers().contains("Upgrade")).count(), "WebSocket is asked for once");
    }

    @Test
    void aListWhosePagesExpiredStartsAgainFromTheFirstPage() {
        lists = List.of(page("token-1", thing("a", "x", "1", "one")),
                "410 {\"kind\":\"Status\",\"code\":410,\"reason\":\"Expired\"}",
                page("token-2", thing("a", "x", "1", "one")),
                list("9", thing("b", "y", "8", "two")));
        start("t");
        await("watching", () -> sockets.size() == 1);

        List<String> uris = requests.stream().map(HttpServerRequest::uri).filter(u -> !u.contains("watch=true")).toList();
        String first = PATH + "?limit=" + Informers.LIST_PAGE;
        assertEquals(List.of(first, first + "&continue=token-1", first, first + "&continue=token-2"), uris);
        assertEquals(Map.of("a/x", "one", "b/y", "two"), store());
    }

    @Test
    void theNextPageWaitsWhileTheConsumerIsBehindButNotForever() throws Exception {
        lists = List.of(page("token-1", thing("a", "x", "1", "one")), list("9", thing("b", "y", "8", "two")));
        behind.set(true);
        start("t");
        await("the first page", () -> store().containsKey("a/x"));
        Thread.sleep(300);
        assertEquals(1, listed.get(), "no second page while the consumer is behind");
        behind.set(false);
        await("the second page once it caught up, then watching", () -> store().containsKey("b/y") && sockets.size() == 1);

        // A consumer that stays behind delays each page by a second at most.
        lists = List.of(page("token-2", thing("c", "z", "1", "three")), list("10"));
        listed.set(0);
        behind.set(true);
        sockets.get(0).writeTextMessage(event("ERROR", "{\"kind\":\"Status\",\"code\":410}"));
        await("listed again, both pages", () -> listed.get() == 2 && store().equals(Map.of("c/z", "three")));
    }

    @Test
    void aListTheServerRefusesIsRetried() {
        listedOnTheSecondTry("403 {\"kind\":\"Status\",\"code\":403,\"reason\":\"Forbidden\"}");
    }

    @Test
    void refusedCredentialsAreReadAgainAndTheListRetried() {
        listedOnTheSecondTry("401 {\"kind\":\"Status\",\"code\":401,\"reason\":\"Unauthorized\"}");
        assertEquals("Bearer t", requests.get(1).getHeader("Authorization"));
    }

    @Test
    void anUnreadableListIsListedAgain() {
        listedOnTheSecondTry("not json");
    }

    /** The first list is answered with {@code firstAnswer}; it changes nothing, and the next try lists. */
    private void listedOnTheSecondTry(String firstAnswer) {
        lists = List.of(firstAnswer, list("3", thing("a", "x", "1", "one")));
        start("t");
        await("listed after the retry", () -> changes.get() > 0);
        assertEquals(Map.of("a/x", "one"), store());
        assertEquals(2, listed.get());
        assertTrue(watch.hasSynced());
        assertEquals(1, changes.get(), "the first answer changed nothing");
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(10), condition);
    }
}
