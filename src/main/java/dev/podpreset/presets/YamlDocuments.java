package dev.podpreset.presets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.reader.UnicodeReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The one reader of YAML and JSON manifests: presets and namespaces in the webhook's directory and the
 * command line, manifests, test suites and chart values. A document comes out as the JSON kubectl would
 * send for it: kubectl converts YAML with go-yaml v2 ({@code sigs.k8s.io/yaml}), so scalars resolve by its
 * YAML 1.1 rules ({@code yes}, {@code on} and {@code y} are booleans, {@code 0777} is octal, a timestamp
 * stays a string), anchors and aliases are expanded, a merge key {@code <<} sets its mappings' keys at its
 * place (later keys win, earlier mappings of a merged sequence win), map keys become strings, and a stream
 * that starts with <code>{</code> is JSON. SnakeYAML parses and composes; its nesting and size limits stay
 * on, and an alias bomb is stopped by go-yaml's own rule (too large a share of the document coming from
 * aliases). Every syntax error names the line.
 */
public final class YamlDocuments {
    static final String MERGE_KEY = "<<";
    /** Nesting of collections, as Jackson allows for JSON by default. */
    static final int MAX_DEPTH = StreamReadConstraints.DEFAULT_MAX_DEPTH;
    /** Characters per document: beyond any manifest, well below what would exhaust the heap. */
    static final int MAX_CODE_POINTS = 64 * 1024 * 1024;
    /**
     * SnakeYAML counts aliases to collections over the whole stream, not per document (a file of many
     * presets sharing an anchored block each would hit its default of 50); the expansion rule below is
     * what stops a bomb.
     */
    static final int MAX_COLLECTION_ALIASES = 100_000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build()).build();
    /** Marks plain scalars without a tag: they are resolved here, by go-yaml's rules, not by SnakeYAML's. */
    private static final Tag PLAIN = new Tag("tag:podpreset.dev,2026:plain");

    private YamlDocuments() {
    }

    /** The non-blank documents of {@code content}; {@code source} names it in messages. */
    public static List<SourceDocument> read(String source, byte[] content) throws YamlSyntaxException {
        List<SourceDocument> docs = new ArrayList<>();
        forEach(source, content, docs::add);
        return docs;
    }

    /**
     * Hands each non-blank document to {@code action} as soon as it is read, so that a file of thousands of
     * documents never sits in memory whole; documents before a syntax error have been handed over.
     */
    public static void forEach(String source, byte[] content, Consumer<SourceDocument> action) throws YamlSyntaxException {
        if (startsWithBrace(content)) {
            readJson(source, content, action);
        } else {
            readYaml(source, content, action);
        }
    }

    /** kubectl's test for a JSON stream: the first character that is not white space is an opening brace. */
    private static boolean startsWithBrace(byte[] content) {
        int i = content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb
                && (content[2] & 0xff) == 0xbf ? 3 : 0;
        while (i < content.length && Character.isWhitespace(content[i])) {
            i++;
        }
        return i < content.length && content[i] == '{';
    }

    private static void readJson(String source, byte[] content, Consumer<SourceDocument> action) throws YamlSyntaxException {
        int number = 0;
        try (JsonParser parser = JSON.createParser(content); MappingIterator<JsonNode> it = JSON.readValues(parser, JsonNode.class)) {
            while (true) {
                number++;
                if (!it.hasNextValue()) {
                    return;
                }
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode node = it.nextValue();
                if (!blank(node)) {
                    action.accept(new SourceDocument(source, number, Math.max(line, 1), node, null));
                }
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new YamlSyntaxException(source, number, Math.max(line, 1), "cannot parse JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException | RuntimeException e) {
            // MappingIterator reports errors of later documents unchecked.
            Throwable cause = e.getCause() instanceof JsonProcessingException j ? j : e;
            if (cause instanceof JsonProcessingException j) {
                int line = j.getLocation() == null ? 1 : j.getLocation().getLineNr();
                throw new YamlSyntaxException(source, number, line, "cannot parse JSON: " + firstLine(j.getOriginalMessage()));
            }
            throw new YamlSyntaxException(source, number, 1, "cannot parse JSON: " + firstLine(e.getMessage()));
        }
    }

    private static void readYaml(String source, byte[] content, Consumer<SourceDocument> action) throws YamlSyntaxException {
        LoaderOptions options = new LoaderOptions();
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setAllowRecursiveKeys(false);
        int number = 0;
        int line = 1;
        try {
            Composer composer = new Composer(new ParserImpl(new StreamReader(new UnicodeReader(
                    new ByteArrayInputStream(content))), options), new GoYamlTags(), options);
            while (composer.checkNode()) {
                number++;
                Node root = composer.getNode();
                line = root.getStartMark().getLine() + 1;
                JsonNode node = new Converter().convert(root, 0);
                if (!blank(node)) {
                    action.accept(new SourceDocument(source, number, line, node, root));
                }
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new YamlSyntaxException(source, Math.max(number, 1), mark == null ? line : mark.getLine() + 1,
                    "cannot parse YAML: " + problem(e));
        } catch (Invalid e) {
            throw new YamlSyntaxException(source, number, e.line, e.getMessage());
        } catch (ReaderException e) {
            throw new YamlSyntaxException(source, Math.max(number, 1), lineAt(content, e.getPosition()),
                    String.format("cannot parse YAML: special characters are not allowed (U+%04X)", e.getCodePoint()));
        } catch (YAMLException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                int at = firstMalformedByte(content);
                throw new YamlSyntaxException(source, Math.max(number, 1), lineOfByte(content, at),
                        "cannot parse YAML: not UTF-8 text (byte " + (at + 1) + ")");
            }
            // The size limit.
            throw new YamlSyntaxException(source, Math.max(number, 1), line, "cannot parse YAML: " + firstLine(e.getMessage()));
        }
    }

    /** The offset of the first byte that is not UTF-8 (after a byte order mark), or 0. */
    private static int firstMalformedByte(byte[] content) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content);
        CharBuffer out = CharBuffer.allocate(1024);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (!result.isOverflow()) {
                return 0;
            }
            out.clear();
        }
    }

    private static int lineOfByte(byte[] content, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < content.length; i++) {
            line += content[i] == '\n' ? 1 : 0;
        }
        return line;
    }

    /** The line of the {@code position}th character (the reader's count) of UTF-8 {@code content}. */
    private static int lineAt(byte[] content, int position) {
        String text = new String(content, StandardCharsets.UTF_8);
        int end = text.offsetByCodePoints(0, Math.min(position, text.codePointCount(0, text.length())));
        return (int) text.substring(0, end).chars().filter(c -> c == '\n').count() + 1;
    }

    private static String problem(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String context = e.getContext() == null ? "" : e.getContext();
        if (!context.isEmpty() && e.getContextMark() != null && e.getProblemMark() != null
                && e.getContextMark().getLine() != e.getProblemMark().getLine()) {
            context += " that starts on line " + (e.getContextMark().getLine() + 1);
        }
        String why = problem.isEmpty() ? context : context.isEmpty() ? problem : problem + " (" + context + ")";
        Mark mark = e.getProblemMark();
        return firstLine(why) + (mark == null ? "" : " at column " + (mark.getColumn() + 1));
    }

    private static boolean blank(JsonNode d) {
        return d == null || d.isNull() || d.isMissingNode() || (d.isObject() && d.isEmpty());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A document kubectl would refuse too; {@code line} from 1. */
    private static final class Invalid extends RuntimeException {
        private final int line;

        Invalid(Node at, String message) {
            super(message, null, false, false);
            this.line = at.getStartMark().getLine() + 1;
        }
    }

    /** Tags only what is explicit, so that plain scalars can be resolved as go-yaml resolves them. */
    private static final class GoYamlTags extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            // none: see resolve
        }

        @Override
        public Tag resolve(NodeId kind, String value, boolean implicit) {
            return kind == NodeId.scalar && implicit ? PLAIN : super.resolve(kind, value, implicit);
        }
    }

    /**
     * One document's nodes to JSON. Aliased nodes are converted once and copied at each further use;
     * the copies are counted as go-yaml counts them.
     */
    private static final class Converter {
        private final Map<Node, JsonNode> anchored = new IdentityHashMap<>();
        private final Set<Node> inProgress = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        private long decoded;
        private long fromAliases;

        JsonNode convert(Node node, int depth) {
            if (depth > MAX_DEPTH) {
                throw new Invalid(node, "nesting deeper than " + MAX_DEPTH + " levels");
            }
            JsonNode done = anchored.get(node);
            if (done != null) {
                return copy(node, done, depth);
            }
            if (inProgress.contains(node)) {
                throw new Invalid(node, "anchor &" + node.getAnchor() + " is used inside itself");
            }
            decoded++;
            JsonNode out;
            if (node instanceof ScalarNode scalar) {
                out = scalar(scalar);
            } else {
                inProgress.add(node);
                out = node instanceof SequenceNode seq ? sequence(seq, depth) : mapping((MappingNode) node, depth);
                inProgress.remove(node);
            }
            if (node.getAnchor() != null) {
                anchored.put(node, out);
            }
            return out;
        }

        private ArrayNode sequence(SequenceNode seq, int depth) {
            ArrayNode out = NODES.arrayNode(seq.getValue().size());
            for (Node item : seq.getValue()) {
                out.add(convert(item, depth + 1));
            }
            return out;
        }

        /** Keys in order; a merge key sets its mappings' keys at its place, as go-yaml v2 does. */
        private ObjectNode mapping(MappingNode map, int depth) {
            ObjectNode out = NODES.objectNode();
            for (NodeTuple tuple : map.getValue()) {
                Node keyNode = tuple.getKeyNode();
                if (isMergeKey(keyNode)) {
                    merge(tuple.getValueNode(), out, depth);
                    continue;
                }
                String key = key(keyNode, depth);
                out.set(key, convert(tuple.getValueNode(), depth + 1));
            }
            return out;
        }

        private void merge(Node value, ObjectNode into, int depth) {
            List<Node> sources = value instanceof SequenceNode seq ? seq.getValue() : List.of(value);
            // Earlier mappings of a sequence take precedence: set them last.
            for (int i = sources.size() - 1; i >= 0; i--) {
                Node source = sources.get(i);
                if (!(source instanceof MappingNode)) {
                    throw new Invalid(source, "a merge key (<<) needs a mapping or a sequence of mappings");
                }
                JsonNode merged = convert(source, depth + 1);
                merged.fields().forEachRemaining(e -> into.set(e.getKey(), copy(source, e.getValue(), depth + 1)));
            }
        }

        private static boolean isMergeKey(Node key) {
            return key instanceof ScalarNode s && (s.getTag().equals(Tag.MERGE)
                    || (s.getTag().equals(PLAIN) && s.getValue().equals(MERGE_KEY)));
        }

        /** JSON has only string keys: what sigs.k8s.io/yaml makes of each YAML key. */
        private String key(Node keyNode, int depth) {
            if (!(keyNode instanceof ScalarNode)) {
                throw new Invalid(keyNode, "a mapping key must be a scalar, not a " + (keyNode instanceof SequenceNode
                        ? "sequence" : "mapping"));
            }
            JsonNode key = anchored.containsKey(keyNode) ? anchored.get(keyNode) : scalarKey((ScalarNode) keyNode);
            if (key.isTextual()) {
                return key.textValue();
            } else if (key.isBoolean() || key.isInt() || key.isLong()) {
                return key.asText();
            } else if (key.isDouble()) {
                return GoFloats.key(key.doubleValue());
            }
            throw new Invalid(keyNode, "unsupported mapping key " + (key.isNull() ? "null" : key.asText()));
        }

        /** A key's scalar as go-yaml resolves it: a float stays a float here (it is written as one). */
        private JsonNode scalarKey(ScalarNode node) {
            decoded++;
            JsonNode key = node.getTag().equals(PLAIN) ? GoYamlScalars.resolve(node.getValue(), node) : scalar(node);
            if (node.getAnchor() != null) {
                anchored.put(node, key);
            }
            return key;
        }

        /** A copy of an aliased node's JSON, counted against the alias budget. */
        private JsonNode copy(Node at, JsonNode source, int depth) {
            if (depth > MAX_DEPTH) {
                throw new Invalid(at, "nesting deeper than " + MAX_DEPTH + " levels");
            }
            decoded++;
            fromAliases++;
            if (fromAliases > 100 && decoded > 1000 && (double) fromAliases / decoded > allowedAliasRatio(decoded)) {
                throw new Invalid(at, "document contains excessive aliasing");
            }
            if (source.isObject()) {
                ObjectNode out = NODES.objectNode();
                source.fields().forEachRemaining(e -> out.set(e.getKey(), copy(at, e.getValue(), depth + 1)));
                return out;
            }
            if (source.isArray()) {
                ArrayNode out = NODES.arrayNode(source.size());
                source.forEach(item -> out.add(copy(at, item, depth + 1)));
                return out;
            }
            return source; // scalars are immutable
        }

        /** go-yaml's rule: small documents may come 99% from aliases, very large ones 10%. */
        private static double allowedAliasRatio(long decodeCount) {
            final double low = 400_000;
            final double high = 4_000_000;
            if (decodeCount <= low) {
                return 0.99;
            }
            if (decodeCount >= high) {
                return 0.10;
            }
            return 0.99 - 0.89 * ((decodeCount - low) / (high - low));
        }

        private static JsonNode scalar(ScalarNode node) {
            Tag tag = node.getTag();
            String value = node.getValue();
            if (tag.equals(PLAIN)) {
                return GoYamlScalars.asSent(GoYamlScalars.resolve(value, node));
            }
            if (tag.equals(Tag.BINARY)) {
                try {
                    return NODES.textNode(new String(Base64.getMimeDecoder().decode(value), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new Invalid(node, "!!binary value is not base64");
                }
            }
            if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT) || tag.equals(Tag.BOOL) || tag.equals(Tag.NULL)) {
                JsonNode resolved = GoYamlScalars.asSent(GoYamlScalars.resolve(value, node));
                boolean fits = tag.equals(Tag.INT) ? resolved.isIntegralNumber()
                        : tag.equals(Tag.FLOAT) ? resolved.isNumber()
                        : tag.equals(Tag.BOOL) ? resolved.isBoolean() : resolved.isNull();
                if (!fits) {
                    throw new Invalid(node, "cannot decode " + tag + " `" + value + "`");
                }
                return resolved;
            }
            // !!str, quoted scalars, timestamps and tags of other applications are strings, as for kubectl.
            return NODES.textNode(value);
        }
    }

    /** Plain scalars by go-yaml v2's rules (its resolve table), as kubectl reads them. */
    static final class GoYamlScalars {
        private static final Set<String> TRUE = Set.of("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON");
        private static final Set<String> FALSE = Set.of("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF");
        private static final Set<String> NULL = Set.of("", "~", "null", "Null", "NULL");
        private static final Set<String> NOT_A_NUMBER = Set.of(".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF",
                "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF");
        private static final Pattern YAML_FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
        private static final Pattern DOT_FLOAT = Pattern.compile("\\.[0-9]+([eE][-+]?[0-9]+)?");
        private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        private static final BigDecimal INTEGRAL_LIMIT = new BigDecimal("1e21");

        private GoYamlScalars() {
        }

        static JsonNode resolve(String in, Node at) {
            if (TRUE.contains(in)) {
                return NODES.booleanNode(true);
            } else if (FALSE.contains(in)) {
                return NODES.booleanNode(false);
            } else if (NULL.contains(in)) {
                return NODES.nullNode();
            } else if (NOT_A_NUMBER.contains(in)) {
                throw new Invalid(at, "`" + in + "` is not a number JSON can hold");
            }
            char first = in.charAt(0);
            if (first == '.') {
                return DOT_FLOAT.matcher(in).matches() ? NODES.numberNode(Double.parseDouble(in)) : NODES.textNode(in);
            }
            if (first != '+' && first != '-' && (first < '0' || first > '9')) {
                return NODES.textNode(in);
            }
            String plain = in.replace("_", "");
            BigInteger integer = goInteger(plain);
            if (integer != null && integer.bitLength() < 64) {
                return integer.bitLength() < 32 ? NODES.numberNode(integer.intValue()) : NODES.numberNode(integer.longValue());
            }
            if (integer != null && integer.signum() > 0 && integer.compareTo(MAX_UINT64) <= 0 && first != '+') {
                return NODES.numberNode(integer);
            }
            if (YAML_FLOAT.matcher(plain).matches()) {
                double d = Double.parseDouble(plain);
                if (!Double.isInfinite(d)) {
                    return NODES.numberNode(d);
                }
            }
            return NODES.textNode(in);
        }

        /** Go's strconv.ParseInt with base 0: sign, then 0x, 0b, 0o or a leading 0 for octal; null if not one. */
        private static BigInteger goInteger(String s) {
            int i = 0;
            boolean negative = false;
            if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
                negative = s.charAt(0) == '-';
                i = 1;
            }
            String body = s.substring(i);
            int radix = 10;
            if (body.length() > 2 && body.charAt(0) == '0' && "xXbBoO".indexOf(body.charAt(1)) >= 0) {
                char p = Character.toLowerCase(body.charAt(1));
                radix = p == 'x' ? 16 : p == 'b' ? 2 : 8;
                body = body.substring(2);
            } else if (body.length() > 1 && body.charAt(0) == '0') {
                radix = 8;
                body = body.substring(1);
            }
            if (body.isEmpty()) {
                return null;
            }
            for (int k = 0; k < body.length(); k++) {
                if (Character.digit(body.charAt(k), radix) < 0) {
                    return null;
                }
            }
            BigInteger value = new BigInteger(body, radix);
            return negative ? value.negate() : value;
        }

        /**
         * A value as kubectl sends it: Go prints an integral float64 below 1e21 without a fraction, and the
         * API server reads that back as an integer.
         */
        static JsonNode asSent(JsonNode resolved) {
            if (!resolved.isDouble()) {
                return resolved;
            }
            double d = resolved.doubleValue();
            BigDecimal exact = new BigDecimal(d);
            if (exact.abs().compareTo(INTEGRAL_LIMIT) < 0 && exact.stripTrailingZeros().scale() <= 0) {
                BigInteger integer = exact.toBigIntegerExact();
                return integer.bitLength() < 32 ? NODES.numberNode(integer.intValue())
                        : integer.bitLength() < 64 ? NODES.numberNode(integer.longValue()) : NODES.numberNode(integer);
            }
            return NODES.numberNode(d);
        }
    }

    /** A float map key as sigs.k8s.io/yaml writes it: Go's strconv.FormatFloat(key, 'g', -1, 32). */
    static final class GoFloats {
        private GoFloats() {
        }

        static String key(double d) {
            float f = (float) d;
            if (f == 0) {
                return "0";
            }
            BigDecimal shortest = new BigDecimal(Float.toString(Math.abs(f))).stripTrailingZeros();
            String digits = shortest.unscaledValue().toString();
            int exponent = digits.length() - 1 - shortest.scale(); // of the first digit
            String sign = f < 0 ? "-" : "";
            if (exponent < -4 || exponent >= 6) { // Go: %e beyond these exponents for the shortest form
                String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
                return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
            }
            return sign + shortest.toPlainString();
        }
    }
}
