package dev.podpreset.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.podpreset.http.BodyBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compact fields behave as the LinkedHashMap they replace, on both sides of the scan limit. */
class CompactObjectFieldsTest {
    private static final int NAMES = 3 * CompactObjectFields.SCAN_LIMIT;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomOperationsMatchLinkedHashMap(long seed) {
        Random random = new Random(seed);
        CompactObjectFields fields = new CompactObjectFields();
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        for (int step = 0; step < 3_000; step++) {
            // new String: a name equal to, not the same object as, the one stored
            String name = new String("f" + random.nextInt(NAMES));
            JsonNode value = IntNode.valueOf(random.nextInt(1_000));
            int op = random.nextInt(100);
            if (op < 55) {
                assertEquals(expected.put(name, value), fields.put(name, value), "put " + name);
            } else if (op < 75) {
                assertEquals(expected.remove(name), fields.remove(name), "remove " + name);
            } else if (op < 85) {
                removeEveryThird(expected.entrySet().iterator());
                removeEveryThird(fields.entrySet().iterator());
            } else if (op < 95) {
                setEverySecond(expected, value);
                setEverySecond(fields, value);
            } else if (op < 97) {
                expected.clear();
                fields.clear();
            }
            assertEquals(expected.get(name), fields.get(name), "get " + name);
            assertEquals(expected.containsKey(name), fields.containsKey(name), "containsKey " + name);
            assertSameFields(expected, fields);
        }
    }

    @Test
    void keepsTheOrderPastTheScanLimit() {
        CompactObjectFields fields = new CompactObjectFields();
        List<String> names = IntStream.range(0, CompactObjectFields.SCAN_LIMIT + 3).mapToObj(i -> "n" + i).toList();
        names.forEach(n -> fields.put(n, TextNode.valueOf(n)));
        assertEquals(names, new ArrayList<>(fields.keySet()));
        assertEquals(TextNode.valueOf("n18"), fields.get("n18"));
        fields.remove("n0");
        assertEquals(names.subList(1, names.size()), new ArrayList<>(fields.keySet()));
    }

    @Test
    void iteratorsFailFastOnAnotherChange() {
        CompactObjectFields fields = new CompactObjectFields();
        fields.put("a", IntNode.valueOf(1));
        fields.put("b", IntNode.valueOf(2));
        Iterator<Map.Entry<String, JsonNode>> it = fields.entrySet().iterator();
        it.next();
        fields.put("c", IntNode.valueOf(3));
        assertThrows(ConcurrentModificationException.class, it::next);

        Iterator<Map.Entry<String, JsonNode>> again = fields.entrySet().iterator();
        assertThrows(IllegalStateException.class, again::remove);
        again.next();
        again.remove();
        assertThrows(IllegalStateException.class, again::remove);
        assertEquals(List.of("b", "c"), new ArrayList<>(fields.keySet()));
    }

    @Test
    void aReviewParsesToTheSameTreeAsJacksonsDefault() throws Exception {
        String many = IntStream.range(0, 40).mapToObj(i -> "\"k" + i + "\":\"" + i + "\"").collect(Collectors.joining(","));
        String review = """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u1","operation":"CREATE",
                 "resource":{"group":"","version":"v1","resource":"pods"},"namespace":"ns",
                 "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","annotations":{%s}},
                  "spec":{"containers":[{"name":"c","image":"i","env":[{"name":"A","value":"1"},{"name":"B","value":"2.50"}],
                  "resources":{"limits":{"cpu":0.5,"memory":1e9}},"ports":[]}],"nodeSelector":{}}}}}""".formatted(many);
        byte[] body = review.getBytes(StandardCharsets.UTF_8);
        ObjectNode pod = AdmissionRequest.parse(BodyBytes.of(body)).pod();
        JsonNode plain = new ObjectMapper().readTree(body).path("request").path("object");

        assertEquals(plain, pod);
        assertEquals(pod, plain);
        assertEquals(plain.hashCode(), pod.hashCode());
        assertEquals(plain.toString(), pod.toString());
        assertEquals(plain.deepCopy(), pod.deepCopy());
        assertTrue(pod.path("metadata").path("annotations").size() > CompactObjectFields.SCAN_LIMIT);
    }

    @Test
    void duplicateFieldsPastTheLimitAreStillRefused() {
        String many = IntStream.range(0, 20).mapToObj(i -> "\"k" + i + "\":1").collect(Collectors.joining(","));
        String review = """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u1",
                 "object":{%s,"k3":2}}}""".formatted(many);
        BadAdmissionRequestException e = assertThrows(BadAdmissionRequestException.class,
                () -> AdmissionRequest.parse(BodyBytes.of(review.getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("Duplicate field 'k3'"), e.getMessage());
    }

    private static void removeEveryThird(Iterator<Map.Entry<String, JsonNode>> it) {
        for (int i = 0; it.hasNext(); i++) {
            it.next();
            if (i % 3 == 0) {
                it.remove();
            }
        }
    }

    private static void setEverySecond(Map<String, JsonNode> map, JsonNode value) {
        int i = 0;
        for (Map.Entry<String, JsonNode> e : map.entrySet()) {
            if (i++ % 2 == 0) {
                assertEquals(e.getValue(), e.setValue(value));
            }
        }
    }

    private static void assertSameFields(Map<String, JsonNode> expected, CompactObjectFields fields) {
        assertEquals(expected.size(), fields.size());
        assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(fields.entrySet()));
        List<String> visited = new ArrayList<>();
        fields.forEach((k, v) -> visited.add(k + "=" + v));
        assertEquals(expected.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList(), visited);
        assertEquals(expected, fields);
        assertEquals(fields, expected);
        assertEquals(expected.hashCode(), fields.hashCode());
        assertNull(fields.get("never"));
    }
}
