package dev.podpreset.admission;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.http.BodyBytes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a review body into the tree {@link ObjectMapper#readTree(byte[])} gives, with one difference: an array whose
 * own elements span more than {@code largeArrayBytes} of the body keeps them as that body's bytes
 * ({@link LazyElements}), read again each time they are asked for. A multi-MiB pod is one or two such lists (env,
 * volumes); as nodes they are tens of thousands of objects that every collection during the review must copy, while
 * the body holding their bytes is held anyway, outside the heap ({@link BodyBytes}). An element kept as bytes has
 * been read as strictly as any other (every token, every string decoded) before the review goes on.
 *
 * <p>"Own" leaves out arrays inside it that are kept as bytes themselves, so that the containers around one long env
 * stay nodes.
 */
final class ReviewTreeReader {
    private final ObjectMapper mapper;
    private final JsonNodeFactory nodes;
    private final int largeArrayBytes;

    /** Reads with {@code mapper}'s parser settings and node factory. */
    ReviewTreeReader(ObjectMapper mapper, int largeArrayBytes) {
        this.mapper = mapper;
        this.nodes = mapper.getNodeFactory();
        this.largeArrayBytes = largeArrayBytes;
    }

    /** The body's first value, or a missing node when it has none; what follows it is not read, as readTree. */
    JsonNode read(BodyBytes body) throws IOException {
        try (JsonParser p = body.parser(mapper, 0, body.length())) {
            JsonToken t = p.nextToken();
            return t == null ? MissingNode.getInstance() : new Reading(body, 0, body.length(), p).value(t);
        }
    }

    /** The value at {@code [from, to)} of a body read before: an element of a {@link LazyElements}. */
    JsonNode readAgain(BodyBytes body, int from, int to) {
        try (JsonParser p = body.parser(mapper, from, to)) {
            return new Reading(body, from, to, p).value(p.nextToken());
        } catch (IOException e) {
            throw new UncheckedIOException("an element of a large array no longer reads", e);
        }
    }

    /** The elements of the array at {@code [from, to)} of a body read before, one parser for all of them. */
    Elements readEach(BodyBytes body, int from, int to) {
        try {
            JsonParser p = body.parser(mapper, from, to);
            p.nextToken(); // its START_ARRAY
            return new Elements(new Reading(body, from, to, p));
        } catch (IOException e) {
            throw new UncheckedIOException("a large array no longer reads", e);
        }
    }

    /** The next element of an array being read again, on its own parser. */
    static final class Elements implements AutoCloseable {
        private final Reading reading;

        private Elements(Reading reading) {
            this.reading = reading;
        }

        JsonNode next() {
            try {
                return reading.value(reading.p.nextToken());
            } catch (IOException e) {
                throw new UncheckedIOException("an element of a large array no longer reads", e);
            }
        }

        @Override
        public void close() {
            try {
                reading.p.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** One parse of a body, or of its part {@code [base, end)}. */
    private final class Reading {
        private final BodyBytes body;
        private final int base;
        private final JsonParser p;
        /** Whether an array here can be large: only then are its elements' offsets worth asking the parser for. */
        private final boolean large;
        /** Bytes of the arrays this parse kept as bytes so far. */
        private long lazyBytes;

        Reading(BodyBytes body, int base, int end, JsonParser p) {
            this.body = body;
            this.base = base;
            this.p = p;
            this.large = end - base > largeArrayBytes;
        }

        JsonNode value(JsonToken t) throws IOException {
            return switch (t) {
                case START_OBJECT -> object();
                case START_ARRAY -> array();
                case VALUE_STRING -> nodes.textNode(p.getText());
                case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                    case INT -> nodes.numberNode(p.getIntValue());
                    case LONG -> nodes.numberNode(p.getLongValue());
                    default -> nodes.numberNode(p.getBigIntegerValue());
                };
                case VALUE_NUMBER_FLOAT -> nodes.numberNode(p.getDoubleValue());
                case VALUE_TRUE -> nodes.booleanNode(true);
                case VALUE_FALSE -> nodes.booleanNode(false);
                case VALUE_NULL -> nodes.nullNode();
                default -> throw new JsonParseException(p, "unexpected token " + t);
            };
        }

        private ObjectNode object() throws IOException {
            ObjectNode object = nodes.objectNode();
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                object.set(name, value(p.nextToken()));
            }
            return object;
        }

        private ArrayNode array() throws IOException {
            if (!large) {
                List<JsonNode> items = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    items.add(value(t));
                }
                return new ArrayNode(nodes, items);
            }
            int start = tokenStart();
            long lazyBefore = lazyBytes;
            List<JsonNode> items = new ArrayList<>();
            int[] starts = new int[8];
            int count = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                int at = tokenStart();
                if (items != null && at - start - (lazyBytes - lazyBefore) > largeArrayBytes) {
                    items = null;
                }
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = at;
                if (items == null) {
                    skip(t);
                } else {
                    items.add(value(t));
                }
            }
            if (items != null) {
                return new ArrayNode(nodes, items);
            }
            int end = tokenStart() + 1;
            lazyBytes = lazyBefore + (end - start);
            return new ArrayNode(nodes, new LazyElements(ReviewTreeReader.this, body, start, end,
                    Arrays.copyOf(starts, count)));
        }

        /** Where the current token starts in the body. */
        private int tokenStart() {
            return base + (int) p.currentTokenLocation().getByteOffset();
        }

        /** Past the value that starts with {@code t}, decoding every string as reading it would. */
        private void skip(JsonToken t) throws IOException {
            int depth = 0;
            while (true) {
                if (t == null) {
                    throw new JsonParseException(p, "unexpected end of input in an array");
                }
                if (t.isStructStart()) {
                    depth++;
                } else if (t.isStructEnd()) {
                    depth--;
                } else if (t == JsonToken.VALUE_STRING) {
                    p.finishToken();
                }
                if (depth == 0) {
                    return;
                }
                t = p.nextToken();
            }
        }
    }
}
