package dev.podpreset.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 */
final class ListPages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LIMIT = Pattern.compile("[?&]limit=(\\d+)");
    private static final Pattern CONTINUE = Pattern.compile("[?&]continue=([^&]+)");

    /** A list whose later pages are still to be served: the list without its items, and its items. */
    private record Listed(ObjectNode list, ArrayNode items) {
    }

    private final Map<Long, Listed> open = new ConcurrentHashMap<>();
    private final AtomicLong lists = new AtomicLong();

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
            Listed listed = open.get(id);
            return listed == null ? expired() : page(id, listed, (int) parseOrNegative(parts[1]), pageSize);
        }
        MockResponse whole = get.apply(path);
        JsonNode body = whole.code() == 200 ? read(whole) : null;
        if (body == null || !(body.get("items") instanceof ArrayNode items) || items.size() <= pageSize) {
            return whole;
        }
        long id = lists.incrementAndGet();
        ObjectNode list = (ObjectNode) body;
        list.remove("items");
        Listed listed = new Listed(list, items);
        open.put(id, listed);
        return page(id, listed, 0, pageSize);
    }

    private MockResponse page(long id, Listed listed, int from, int pageSize) {
        if (from < 0 || from >= listed.items().size()) {
            return expired();
        }
        int to = Math.min(listed.items().size(), from + pageSize);
        ArrayNode items = JSON.createArrayNode();
        for (int i = from; i < to; i++) {
            items.add(listed.items().get(i));
        }
        ObjectNode page = listed.list().deepCopy();
        ObjectNode metadata = page.get("metadata") instanceof ObjectNode m ? m : page.putObject("metadata");
        if (to < listed.items().size()) {
            metadata.put("continue", id + "-" + to);
            metadata.put("remainingItemCount", listed.items().size() - to);
        } else {
            open.remove(id);
        }
        page.set("items", items);
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
