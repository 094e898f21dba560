package dev.podpreset.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.http.BodyBytes;
import dev.podpreset.http.TestBodies;
import io.netty.util.IllegalReferenceCountException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link ReviewTreeReader} gives the tree Jackson's readTree gives, with arrays kept as bytes or not, for every
 * kind of value, refuses what readTree refuses with the same message wherever it is, and keeps as bytes only the
 * arrays over its limit of their own.
 */
class ReviewTreeReaderTest {
    private static final String SCALARS = """
            {"ints": [0, -0, 1, -1, 2147483647, 2147483648, -2147483649, 9223372036854775807, 9223372036854775808,
                      -99999999999999999999999],
             "floats": [0.0, -0.0, 1.5, -1.0e-5, 1e400, 0.1, 1E+2, 123456789012345678901234567890.5],
             "strings": ["", "a", "\\u00e9t\\u00e9", "line\\nbreak \\"quoted\\" \\\\ \\/", "\u20ac\uD83D\uDE00", " "],
             "literals": [true, false, null],
             "nested": [[], [[]], [[1, [2, [3]]]], {}, {"a": []}, [{"b": [{"c": null}]}]],
             "last": 7}
            """;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 16, 64, 65_536})
    void readsWhatReadTreeReads(int largeArrayBytes) throws IOException {
        ReviewTreeReader reader = new ReviewTreeReader(AdmissionRequest.MAPPER, largeArrayBytes);
        List<byte[]> bodies = new ArrayList<>();
        bodies.add(SCALARS.getBytes(StandardCharsets.UTF_8));
        bodies.add("[1, 2, 3]".getBytes(StandardCharsets.UTF_8));
        bodies.add("[\"a\",\"b\"]".getBytes(StandardCharsets.UTF_8));
        bodies.add("[1,2,3]  ".getBytes(StandardCharsets.UTF_8));
        bodies.add("[1 ,\r\n\t2\t,3 \n, true ,null\r\n,-1.5e3 ,\"x\"\n] ".getBytes(StandardCharsets.UTF_8));
        bodies.add("  42 ".getBytes(StandardCharsets.UTF_8));
        bodies.add("{\"a\":[1]} {\"trailing\": \"not read, as readTree\"}".getBytes(StandardCharsets.UTF_8));
        Random random = new Random(largeArrayBytes);
        for (int i = 0; i < 200; i++) {
            bodies.add(AdmissionRequest.MAPPER.writeValueAsBytes(randomValue(random, 0)));
        }
        for (byte[] bytes : bodies) {
            JsonNode expected = AdmissionRequest.MAPPER.readTree(bytes);
            for (BodyBytes body : TestBodies.bothForms(bytes)) {
                try (body) {
                    JsonNode actual = reader.read(body);
                    assertEquals(expected, actual);
                    assertEquals(actual, expected);
                    assertEquals(expected.hashCode(), actual.hashCode());
                    assertEquals(expected.toString(), actual.toString());
                    assertReadsAlikeByIndex(expected, actual);
                }
            }
        }
    }

    @Test
    void anEmptyBodyIsMissingAsForReadTree() throws IOException {
        ReviewTreeReader reader = new ReviewTreeReader(AdmissionRequest.MAPPER, 0);
        for (BodyBytes blank : TestBodies.bothForms(" \n".getBytes(StandardCharsets.UTF_8))) {
            try (blank) {
                assertEquals(AdmissionRequest.MAPPER.readTree(" \n".getBytes(StandardCharsets.UTF_8)), reader.read(blank));
            }
        }
        for (BodyBytes empty : TestBodies.bothForms(new byte[0])) {
            try (empty) {
                assertTrue(reader.read(empty).isMissingNode());
            }
        }
    }

    /** Each error after the first element, which an array kept as bytes skips rather than reads. */
    @ParameterizedTest
    @ValueSource(strings = {
            "[0, \"a\\qb\"]",
            "[0, \"a\u0001b\"]",
            "[0, {\"a\": 1, \"a\": 2}]",
            "[0, {\"a\": [1, {\"b\": 2, \"b\": 3}]}]",
            "[0, {\"a\": 1}, {\"a\":",
            "[0, 01]",
            "[0, 1e]",
            "[0, -]",
            "[0, tru]",
            "[0, nul]",
            "[0, {} {}]",
            "[0, [1 2]]",
            "[0, {\"a\" 1}]",
            "[0, {\"a\": 1,}]",
            "[0, [1,]]",
            "[0, NaN]",
            "[0, 'single']",
            "[0, {a: 1}]",
            "[0, \"unterminated",
            "[0, [1, 2}",
            "[0, {\"a\": 1]",
    })
    void refusesWhatReadTreeRefusesWithItsMessage(String json) {
        assertRefusedAlike(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refusesBadUtf8AndTooDeepNestingInSkippedElementsAlike() {
        ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
        utf8.writeBytes("[0, \"a".getBytes(StandardCharsets.UTF_8));
        utf8.write(0xC3);
        utf8.write(0x28);
        utf8.writeBytes("\"]".getBytes(StandardCharsets.UTF_8));
        assertRefusedAlike(utf8.toByteArray());
        assertRefusedAlike(("[0, " + "[".repeat(200) + "]".repeat(200) + "]").getBytes(StandardCharsets.UTF_8));
        // Within the limit the same depth reads, whether the array is kept as bytes or not.
        byte[] deepest = ("[0, " + "[".repeat(198) + "]".repeat(198) + "]").getBytes(StandardCharsets.UTF_8);
        assertReadAlike(deepest);
    }

    @Test
    void keepsAsBytesOnlyArraysOverTheLimitOfTheirOwn() throws IOException {
        StringBuilder env = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            env.append(i == 0 ? "" : ",").append("{\"name\":\"VAR_").append(i).append("\",\"value\":\"value-").append(i)
                    .append("\"}");
        }
        String pod = "{\"spec\":{\"containers\":[{\"name\":\"app\",\"env\":[" + env + "],\"ports\":[{\"containerPort\":80}]}],"
                + "\"tolerations\":[{\"key\":\"a\"}]}}";
        ReviewTreeReader reader = new ReviewTreeReader(AdmissionRequest.MAPPER, 4_096);
        try (BodyBytes body = TestBodies.outsideHeap(pod.getBytes(StandardCharsets.UTF_8))) {
            assertKeptAsBytesOnlyOverTheLimit(pod, reader.read(body));
        }
        assertKeptAsBytesOnlyOverTheLimit(pod, reader.read(BodyBytes.of(pod.getBytes(StandardCharsets.UTF_8))));
    }

    private static void assertKeptAsBytesOnlyOverTheLimit(String pod, JsonNode tree) throws IOException {
        assertEquals(AdmissionRequest.MAPPER.readTree(pod), tree);
        ArrayNode containers = (ArrayNode) tree.path("spec").path("containers");
        ArrayNode envNode = (ArrayNode) containers.get(0).path("env");
        assertTrue(keptAsBytes(envNode), "env spans about 70 KB: kept as bytes");
        assertTrue(!keptAsBytes(containers), "the containers around it have a few bytes of their own: nodes");
        assertTrue(!keptAsBytes((ArrayNode) containers.get(0).path("ports")));
        assertTrue(!keptAsBytes((ArrayNode) tree.path("spec").path("tolerations")));
        assertEquals(2_000, envNode.size());
        assertEquals("value-1999", envNode.get(1_999).path("value").asText());
        assertEquals("VAR_0", envNode.get(0).path("name").asText());
        assertNull(envNode.get(2_000));
        assertNull(envNode.get(-1));
        assertTrue(envNode.path(2_000).isMissingNode());
        assertEquals("value-7", tree.at("/spec/containers/0/env/7/value").asText());
    }

    @Test
    void anArrayKeptAsBytesRefusesWritesLikeEveryRequestObjectShould() throws IOException {
        ReviewTreeReader reader = new ReviewTreeReader(AdmissionRequest.MAPPER, 0);
        ArrayNode list = (ArrayNode) reader.read(BodyBytes.of("[{\"a\":1},{\"a\":2}]".getBytes(StandardCharsets.UTF_8)));
        assertThrows(UnsupportedOperationException.class, () -> list.add(3));
        assertThrows(UnsupportedOperationException.class, () -> list.remove(0));
        assertThrows(UnsupportedOperationException.class, () -> list.set(0, JsonNodeFactory.instance.nullNode()));
        // Each read builds the element again: a node got from it is the reader's own.
        assertEquals(list.get(1), list.get(1));
        assertTrue(list.get(1) != list.get(1));
    }

    @Test
    void anElementIteratorLeftHalfWayLeavesTheListReadable() throws IOException {
        ReviewTreeReader reader = new ReviewTreeReader(AdmissionRequest.MAPPER, 0);
        ArrayNode list = (ArrayNode) reader.read(BodyBytes.of("[1, [2, 3], {\"four\": 4}, \"five\"]".getBytes(StandardCharsets.UTF_8)));
        Iterator<JsonNode> first = list.elements();
        assertEquals(1, first.next().intValue());
        Iterator<JsonNode> second = list.elements();
        List<String> all = new ArrayList<>();
        second.forEachRemaining(e -> all.add(e.toString()));
        assertEquals(List.of("1", "[2,3]", "{\"four\":4}", "\"five\""), all);
        assertEquals("[2,3]", first.next().toString());
        assertThrows(java.util.NoSuchElementException.class, () -> {
            Iterator<JsonNode> it = list.elements();
            for (int i = 0; i <= list.size(); i++) {
                it.next();
            }
        });
    }

    @Test
    void aListKeptAsBytesOfABodyClosedOutsideTheHeapThrowsInsteadOfReadingFreedMemory() throws IOException {
        ReviewTreeReader reader = new ReviewTreeReader(AdmissionRequest.MAPPER, 0);
        BodyBytes body = TestBodies.outsideHeap("{\"env\": [{\"name\": \"A\"}, {\"name\": \"B\"}]}".getBytes(StandardCharsets.UTF_8));
        ArrayNode env = (ArrayNode) reader.read(body).path("env");
        assertEquals("B", env.get(1).path("name").asText());
        body.close();
        body.close(); // twice does nothing
        assertThrows(IllegalReferenceCountException.class, () -> env.get(1));
        assertThrows(IllegalReferenceCountException.class, () -> env.elements().next());
    }

    private static boolean keptAsBytes(ArrayNode array) {
        try {
            array.add(0);
        } catch (UnsupportedOperationException e) {
            return true;
        }
        array.remove(array.size() - 1);
        return false;
    }

    private static void assertRefusedAlike(byte[] body) {
        String expected;
        try {
            AdmissionRequest.MAPPER.readTree(body);
            fail("readTree reads " + new String(body, StandardCharsets.UTF_8));
            return;
        } catch (JsonProcessingException e) {
            expected = e.getOriginalMessage();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        for (int limit : new int[] {0, 65_536}) {
            ReviewTreeReader reader = new ReviewTreeReader(AdmissionRequest.MAPPER, limit);
            for (BodyBytes form : TestBodies.bothForms(body)) {
                try (form) {
                    JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> reader.read(form),
                            new String(body, StandardCharsets.UTF_8));
                    assertEquals(expected, e.getOriginalMessage(), new String(body, StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static void assertReadAlike(byte[] body) {
        try {
            JsonNode expected = AdmissionRequest.MAPPER.readTree(body);
            for (BodyBytes form : TestBodies.bothForms(body)) {
                try (form) {
                    assertEquals(expected, new ReviewTreeReader(AdmissionRequest.MAPPER, 0).read(form));
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Every array's elements by index are those of readTree's tree, first to last and in any order. */
    private static void assertReadsAlikeByIndex(JsonNode expected, JsonNode actual) {
        if (expected instanceof ArrayNode e) {
            for (int i = e.size() - 1; i >= 0; i--) {
                assertEquals(e.get(i), actual.get(i));
                assertReadsAlikeByIndex(e.get(i), actual.get(i));
            }
            Iterator<JsonNode> inOrder = actual.elements();
            for (JsonNode element : e) {
                assertEquals(element, inOrder.next());
            }
        } else if (expected instanceof ObjectNode o) {
            o.fields().forEachRemaining(f -> assertReadsAlikeByIndex(f.getValue(), actual.get(f.getKey())));
        }
    }

    private static JsonNode randomValue(Random random, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        int kind = random.nextInt(depth > 3 ? 6 : 9);
        return switch (kind) {
            case 0 -> f.textNode(randomText(random));
            case 1 -> f.numberNode(random.nextInt());
            case 2 -> f.numberNode(random.nextLong());
            case 3 -> f.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            case 4 -> f.booleanNode(random.nextBoolean());
            case 5 -> f.nullNode();
            case 6, 7 -> {
                ArrayNode a = f.arrayNode();
                for (int i = random.nextInt(random.nextInt(10) == 0 ? 100 : 6); i > 0; i--) {
                    a.add(randomValue(random, depth + 1));
                }
                yield a;
            }
            default -> {
                ObjectNode o = f.objectNode();
                for (int i = random.nextInt(8); i > 0; i--) {
                    o.set("f" + random.nextInt(40), randomValue(random, depth + 1));
                }
                yield o;
            }
        };
    }

    private static String randomText(Random random) {
        List<String> alphabet = List.of("a", "b", " ", "\"", "\\", "/", "\n", "\t", "\u00e9", "\u20ac",
                "\uD83D\uDE00", "-", "_", ":", ".", "0");
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            s.append(alphabet.get(random.nextInt(alphabet.size())));
        }
        return s.toString();
    }
}
