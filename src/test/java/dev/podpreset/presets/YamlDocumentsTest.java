package dev.podpreset.presets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The one YAML reader: what kubectl makes of a document, and an error with its line for what it refuses. */
class YamlDocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<SourceDocument> read(String yaml) throws YamlSyntaxException {
        return YamlDocuments.read("in.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode one(String yaml) throws Exception {
        List<SourceDocument> docs = read(yaml);
        assertEquals(1, docs.size());
        return docs.get(0).node();
    }

    private static JsonNode json(String json) throws Exception {
        return JSON.readTree(json);
    }

    private static YamlSyntaxException refused(String yaml) {
        return assertThrows(YamlSyntaxException.class, () -> read(yaml));
    }

    /** The README's own example of issue 20: a merge key and an alias for labels. */
    private static final String ANCHORS = """
            apiVersion: podpreset.dev/v1alpha1
            kind: PodPreset
            metadata:
              name: db
              namespace: team-a
              labels: &common
                team: a
                tier: backend
              annotations: {<<: *common, owner: me}
            spec:
              selector:
                matchLabels: *common
              env:
              - &port {name: DB_PORT, value: "6379"}
            """;

    @Test
    void anchorsAliasesAndMergeKeysAreResolved() throws Exception {
        JsonNode doc = one(ANCHORS);
        assertEquals(json("{\"team\":\"a\",\"tier\":\"backend\",\"owner\":\"me\"}"), doc.at("/metadata/annotations"));
        assertEquals(json("{\"team\":\"a\",\"tier\":\"backend\"}"), doc.at("/spec/selector/matchLabels"));
        assertTrue(doc.at("/spec/selector/matchLabels") != doc.at("/metadata/labels"), "an alias is a copy, not a shared node");
    }

    @Test
    void mergeKeysFollowGoYamlV2() throws Exception {
        // At its place: keys before it are overwritten, keys after it win; earlier mappings of a sequence win.
        assertEquals(json("{\"a\":\"first\",\"c\":\"first\",\"d\":\"second\",\"e\":\"after\"}"),
                one("m: {a: before, <<: [{a: first, c: first}, {a: second, c: second, d: second}], e: after}").get("m"));
        assertEquals(json("{\"a\":\"override\",\"b\":\"2\"}"), one("base: &b {a: '1', b: '2'}\nx: {<<: *b, a: override}\n").get("x"));
        assertEquals(json("{\"<<\":\"quoted\"}"), one("'<<': quoted"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "yes|true", "Yes|true", "ON|true", "y|true", "n|false", "off|false", "~|null", "null|null",
            "0777|511", "0x1F|31", "-0x10|-16", "0b101|5", "0o17|15", "08|8", "1_000|1000", "+12|12",
            "1e3|1000", "1.0|1", ".5|0.5", "1.5e+3|1500", "'1:20'|\"1:20\"", "1:20|\"1:20\"",
            "2024-01-01|\"2024-01-01\"", "123456789012345678901234567890|1.2345678901234568e+29",
            "18446744073709551615|18446744073709551615", "9223372036854775807|9223372036854775807",
            "!!str 123|\"123\"", "!custom 5|\"5\"", "\"yes\"|\"yes\"", "NaN|\"NaN\"", "0x|\"0x\"", "\"-\"|\"-\""})
    void scalarsResolveAsKubectlReadsThem(String yaml, String expected) throws Exception {
        assertEquals(json(expected), one("v: " + yaml).get("v"), yaml);
    }

    @Test
    void mapKeysBecomeStringsAsSigsYamlWritesThem() throws Exception {
        assertEquals(json("{\"1\":\"a\",\"true\":\"b\",\"3.5\":\"c\",\"1e+06\":\"d\",\"false\":\"e\"}"),
                one("1: a\nyes: b\n3.5: c\n1e6: d\nn: e\n"));
    }

    @Test
    void laterDuplicateKeysWinAsForKubectl() throws Exception {
        assertEquals(json("{\"a\":\"2\"}"), one("a: '1'\na: '2'\n"));
    }

    @Test
    void documentsAreNumberedWithTheirLineAndBlankOnesDropped() throws Exception {
        List<SourceDocument> docs = read("---\n# nothing\n---\na: 1\n---\n\n\nb: 2\n");
        assertEquals(List.of(2, 3), docs.stream().map(SourceDocument::number).toList());
        assertEquals(List.of(4, 8), docs.stream().map(SourceDocument::line).toList());
        assertEquals("in.yaml document 3", docs.get(1).where());
    }

    @Test
    void aFieldIsFoundOnItsLine() throws Exception {
        SourceDocument doc = read(ANCHORS).get(0);
        assertEquals(12, doc.lineOf("spec.selector.matchLabels"), "the alias's key, not the anchor");
        assertEquals(14, doc.lineOf("spec.env[0].value"));
        assertEquals(9, doc.lineOf("metadata.annotations[owner]"));
        assertEquals(7, doc.lineOf("metadata.annotations[team]"), "a merged key is on the line it is written on");
        assertEquals(11, doc.lineOf("spec.selector.nope"), "the deepest part that exists");
        assertEquals("in.yaml:14", doc.at("spec.env[0].name"));
    }

    @Test
    void jsonStreamsAreReadAsJson() throws Exception {
        List<SourceDocument> docs = YamlDocuments.read("in.json",
                "\n{\"a\": 1e3, \"b\": \"yes\"}\n{\"c\": 2}".getBytes(StandardCharsets.UTF_8));
        assertEquals(json("{\"a\":1000.0,\"b\":\"yes\"}"), docs.get(0).node());
        assertEquals(List.of(2, 3), docs.stream().map(SourceDocument::line).toList());
        YamlSyntaxException e = assertThrows(YamlSyntaxException.class,
                () -> YamlDocuments.read("in.json", "{\"a\": 1,\n\"b\": }".getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith("in.json:2: cannot parse JSON: "), e.getMessage());
    }

    @Test
    void syntaxErrorsNameTheLine() {
        YamlSyntaxException e = refused("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n labels: {}\n");
        assertEquals(5, e.line());
        assertTrue(e.getMessage().startsWith("in.yaml:5: cannot parse YAML: "), e.getMessage());
        assertEquals(2, refused("a: 1\n---\nb: [unclosed\n").document());
    }

    static List<Arguments> refusedDocuments() {
        return List.of(
                Arguments.of("a: *nope", 1, "found undefined alias nope"),
                Arguments.of("a: 1\nb: &x [*x]", 2, "anchor &x is used inside itself"),
                Arguments.of("? [a]\n: b", 1, "a mapping key must be a scalar, not a sequence"),
                Arguments.of("a: 1\n~: x", 2, "unsupported mapping key null"),
                Arguments.of("a: {<<: 1}", 1, "a merge key (<<) needs a mapping or a sequence of mappings"),
                Arguments.of("a: .inf", 1, "`.inf` is not a number JSON can hold"),
                Arguments.of("a: !!int abc", 1, "cannot decode tag:yaml.org,2002:int `abc`"),
                Arguments.of("a: b\nc: \u0001", 2, "special characters are not allowed"));
    }

    @ParameterizedTest
    @MethodSource("refusedDocuments")
    void documentsKubectlRefusesAreRefusedWithTheirLine(String yaml, int line, String why) {
        YamlSyntaxException e = refused(yaml);
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        YamlSyntaxException e = assertThrows(YamlSyntaxException.class,
                () -> YamlDocuments.read("bin.yaml", new byte[] {'a', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'}));
        assertTrue(e.getMessage().startsWith("bin.yaml:1: cannot parse YAML"), e.getMessage());
    }

    @Test
    @Timeout(20)
    void anAliasBombIsStoppedEarly() {
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int k = 0; k < 9; k++) {
                bomb.append(k == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        YamlSyntaxException e = refused(bomb.toString());
        assertTrue(e.getMessage().contains("excessive aliasing"), e.getMessage());
    }

    @Test
    void nestingIsLimited() {
        String deep = "[".repeat(YamlDocuments.MAX_DEPTH + 1) + "]".repeat(YamlDocuments.MAX_DEPTH + 1);
        YamlSyntaxException e = refused("a: " + deep);
        assertTrue(e.getMessage().contains("Nesting Depth exceeded max " + YamlDocuments.MAX_DEPTH), e.getMessage());
        StringBuilder chain = new StringBuilder("a0: &a0 [x]\n");
        for (int i = 1; i <= YamlDocuments.MAX_DEPTH + 1; i++) {
            chain.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append("]\n");
        }
        String throughAliases = refused(chain.toString()).getMessage();
        assertTrue(throughAliases.contains("nesting deeper than") || throughAliases.contains("excessive aliasing"),
                throughAliases);
    }

    @Test
    void manyAnchoredBlocksInOneStreamAreFine() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            many.append("---\nbase: &b {x: ").append(i).append("}\nuse: {<<: *b, y: 1}\ncopy: *b\n");
        }
        assertEquals(200, read(many.toString()).size());
    }

    /**
     * The same documents through kubectl ({@code kubectl patch --local} converts YAML exactly as
     * {@code kubectl apply} does), when kubectl is installed.
     */
    @Test
    @Timeout(120)
    void kubectlReadsTheseDocumentsTheSameWay(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("kubectl"), "kubectl is not installed");
        String yaml = ANCHORS.replace("kind: PodPreset", "kind: ConfigMap").replace("apiVersion: podpreset.dev/v1alpha1",
                "apiVersion: v1") + """
                data:
                  bools: [yes, No, on, OFF, y, n, true]
                  numbers: [0777, 0x1F, -0x10, 0b101, 08, 1_000, +12, 1e3, 1.0, .5, 1.5e+3, 123456789012345678901234567890]
                  strings: ['1:20', 1:20, 2024-01-01, 2024-01-01T10:00:00Z, !!str 123, !custom 5, "yes", NaN, 0x, "-"]
                  nulls: [~, null, ]
                  keys: {1: a, yes: b, 3.5: c, 1e6: d, n: e}
                  merged: {a: before, <<: [{a: first, c: first}, {a: second, c: second, d: second}], e: after}
                  folded: >
                    one
                    two
                  literal: |
                    keep
                  binary: !!binary aGVsbG8=
                """;
        Path file = dir.resolve("cm.yaml");
        Files.writeString(file, yaml);
        Process p = new ProcessBuilder("kubectl", "patch", "--local", "-f", file.toString(), "-p", "{}", "-o", "json")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(out, StandardCharsets.UTF_8));
        assertEquals(JSON.readTree(out), one(yaml));
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
