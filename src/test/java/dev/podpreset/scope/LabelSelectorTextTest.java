package dev.podpreset.scope;

import io.fabric8.kubernetes.api.model.LabelSelector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelSelectorTextTest {
    @Test
    void kubectlSyntaxRoundTrips() {
        LabelSelector s = LabelSelectorText.parse("tier=prod, app==web,env!=dev,zone in (a, b),team notin (x),gpu,!spot");
        assertEquals("app=web,tier=prod,env notin (dev),zone in (a,b),team notin (x),gpu,!spot", LabelSelectorText.format(s));
        assertEquals(LabelSelectorText.format(s), LabelSelectorText.format(LabelSelectorText.parse(LabelSelectorText.format(s))));
    }

    @Test
    void jsonAsTheChartPassesIt() {
        LabelSelector s = LabelSelectorText.parse(
                "{\"matchLabels\":{},\"matchExpressions\":[{\"key\":\"podpreset.dev/injection\",\"operator\":\"NotIn\",\"values\":[\"disabled\"]}]}");
        assertEquals("podpreset.dev/injection notin (disabled)", LabelSelectorText.format(s));
        assertEquals("(everything)", LabelSelectorText.format(LabelSelectorText.parse("{}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a in b", "bad key!=x", "a,,b", "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\"}]}",
            "{\"matchLabel\":{}}", "a=Not Valid"})
    void invalidSelectorsAreRefusedWithTheReason(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelSelectorText.parse(text));
        assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
    }
}
