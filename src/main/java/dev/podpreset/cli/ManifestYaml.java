package dev.podpreset.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes manifests back the way kubectl users expect (they are read by
 * {@link dev.podpreset.presets.YamlDocuments}):
 * minimal quotes, but strings that look like numbers or booleans stay quoted so they read back as
 * strings; no {@code ---} before the first document.
 */
final class ManifestYaml {
    private static final YAMLMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder()
                    .stringQuotingChecker(new PlainScalarsStayStrings()).build())
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            // A long value stays on one line, as kubectl prints it.
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();

    /**
     * Jackson's minimal quoting, plus quotes for every string a YAML 1.1 reader would not read back as a
     * string ({@code 0x10}, {@code 1:20}, {@code 2024-01-01}, ...): kubectl reads YAML 1.1.
     */
    private static final class PlainScalarsStayStrings extends StringQuotingChecker {
        private static final long serialVersionUID = 1L;
        private static final Resolver YAML_11 = new Resolver();

        @Override
        public boolean needToQuoteName(String name) {
            return Default.instance().needToQuoteName(name) || !isPlainString(name);
        }

        @Override
        public boolean needToQuoteValue(String value) {
            return Default.instance().needToQuoteValue(value) || !isPlainString(value);
        }

        private static boolean isPlainString(String s) {
            return YAML_11.resolve(NodeId.scalar, s, true).equals(Tag.STR);
        }
    }

    /** kubectl's JSON layout: four spaces, {@code "key": value}, one array element per line. */
    private static final ObjectWriter JSON = JsonMapper.builder().build().writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("    ", "\n"))
            .withArrayIndenter(new DefaultIndenter("    ", "\n")));

    private ManifestYaml() {
    }

    /** The documents as one YAML stream, separated by {@code ---}. */
    static String write(List<JsonNode> docs) {
        StringBuilder out = new StringBuilder();
        for (JsonNode doc : docs) {
            if (out.length() > 0) {
                out.append("---\n");
            }
            try {
                out.append(MAPPER.writeValueAsString(doc));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.toString();
    }

    /**
     * The documents as JSON, as {@code kubectl -o json} prints them: one document as itself, several as a
     * {@code v1 List} of them.
     */
    static String writeJson(List<JsonNode> docs) {
        JsonNode out = docs.size() == 1 ? docs.get(0) : listOf(docs);
        try {
            return JSON.writeValueAsString(out) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode listOf(List<JsonNode> docs) {
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        list.putArray("items").addAll(docs);
        return list;
    }

}
