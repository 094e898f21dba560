package dev.podpreset.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.fabric8.mockwebserver.http.MockResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists in pages ({@code limit} and {@code continue}), which the fabric8 mock ignores and kube-apiserver honours: a
 * list asked with a limit below its length gets that many items and a continue token; the token gets the next page
 * of the same list, as it was when its first page was asked (kube-apiserver serves every page at the first one's
 * resourceVersion). A token that is unknown, or whose list was served to its end, gets 410 Gone with reason
 * Expired, as an expired one does from kube-apiserver.
 *
 * <p>Like kube-apiserver's watch cache, it keeps what it listed until the store changes ({@link #changed()}): a list
 * asked again in pages of an unchanged store is served from the items of the last one, each kept as its JSON, so a
 * page costs joining its items' text rather than the mock's scan of every stored object and a tree of the whole list.
 * The benchmarks' API server shares the machine with the server it measures, which kube-apiserver does not.
 */
final class ListPages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LIMIT = Pattern.compile("[?&]limit=(\\d+)");
    private static final Pattern CONTINUE = Pattern.compile("[?&]continue=([^&]+)");
    /** A list's paging parameters, which its items do not depend on. */
    private static final Pattern PAGING = Pattern.compile("(?<=[?&])(limit|continue)=[^&]*&?");

    /** A list as the store held it at {@code generation}: the list without its items, and each item's JSON. */
    private record Listed(long generation, ObjectNode list, String[] items) {
    }

    private final AtomicLong generation = new AtomicLong();
    private final Map<String, Listed> listed = new ConcurrentHashMap<>();
    private final Map<Long, Listed> open = new ConcurrentHashMap<>();
    private final AtomicLong lists = new AtomicLong();

    /** The store changed: lists are read from it again. */
    void changed() {
        generation.incrementAndGet();
    }

    /** The answer to a GET of {@code path}, whose whole answer (a list or not) {@code get} gives. */
    MockResponse get(String path, Function<String, MockResponse> get) {
        Matcher limit = LIMIT.matcher(path);
        Matcher token = CONTINUE.matcher(path);
        if (!limit.find() || Integer.parseInt(limit.group(1)) == 0) {
            return get.apply(path);
        }
        int pageSize = Integer.parseInt(limit.group(1));
        if (token.find()) {
            String[] parts = token.group(1).split("-", 2);
            long id = parts.length == 2 ? parseOrNegative(parts[0]) : -1;
            Listed list = open.get(id);
            return list == null ? expired() : page(id, list, (int) parseOrNegative(parts[1]), pageSize);
        }
        String key = PAGING.matcher(path).replaceAll("");
        Listed list = listed.get(key);
        if (list == null || list.generation() != generation.get()) {
            long at = generation.get();
            MockResponse whole = get.apply(path);
            JsonNode body = whole.code() == 200 ? read(whole) : null;
            if (body == null || !(body.get("items") instanceof ArrayNode items) || items.size() <= pageSize) {
                return whole;
            }
            list = new Listed(at, (ObjectNode) ((ObjectNode) body).without("items"), itemsJson(items));
            listed.put(key, list);
        }
        if (list.items().length <= pageSize) {
            return get.apply(path);
        }
        long id = lists.incrementAndGet();
        open.put(id, list);
        return page(id, list, 0, pageSize);
    }

    private static String[] itemsJson(ArrayNode items) {
        String[] json = new String[items.size()];
        for (int i = 0; i < json.length; i++) {
            json[i] = items.get(i).toString();
        }
        return json;
    }

    private MockResponse page(long id, Listed list, int from, int pageSize) {
        if (from < 0 || from >= list.items().length) {
            return expired();
        }
        int to = Math.min(list.items().length, from + pageSize);
        ObjectNode page = list.list().deepCopy();
        ObjectNode metadata = page.get("metadata") instanceof ObjectNode m ? m : page.putObject("metadata");
        if (to < list.items().length) {
            metadata.put("continue", id + "-" + to);
            metadata.put("remainingItemCount", list.items().length - to);
        } else {
            open.remove(id);
        }
        String items = String.join(",", Arrays.asList(list.items()).subList(from, to));
        page.putRawValue("items", new RawValue("[" + items + "]"));
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody(page.toString());
    }

    private static long parseOrNegative(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static JsonNode read(MockResponse response) {
        try {
            return JSON.readTree(response.getBody().getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MockResponse expired() {
        return new MockResponse().setResponseCode(410).setHeader("Content-Type", "application/json").setBody(
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Expired\",\"code\":410,"
                        + "\"message\":\"The provided continue parameter is too old or unknown\"}");
    }
}
