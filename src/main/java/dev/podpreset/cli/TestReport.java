package dev.podpreset.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code podpreset test} found, in each output format: a table for people, JSON for scripts, and
 * JUnit XML for CI systems (one testsuite per suite file, one testcase per expectation, a suite that
 * could not run as one testcase in error).
 *
 * @param rows   every expectation checked, in order
 * @param broken the suites that could not run
 * @param suites how many suite files were found
 */
record TestReport(List<TestCommand.Row> rows, List<BrokenSuite> broken, int suites) {
    /** A suite file that could not run, and why. */
    record BrokenSuite(String file, String message) {
    }

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    long failed() {
        return rows.stream().filter(r -> !r.pass()).count();
    }

    boolean passed() {
        return failed() == 0 && broken.isEmpty();
    }

    /** {@code 8 passed, 0 failed, 1 suite}, with the suites that could not run when there are any. */
    String summary() {
        long failed = failed();
        return (rows.size() - failed) + " passed, " + failed + " failed, " + suites + " suite" + (suites == 1 ? "" : "s")
                + (broken.isEmpty() ? "" : ", " + broken.size() + " could not run");
    }

    String table(boolean failOnly) {
        String[] header = {"SUITE", "RESOURCE", "PRESET", "EXPECTED", "ACTUAL", "RESULT"};
        List<String[]> cells = new ArrayList<>();
        cells.add(header);
        rows.stream().filter(r -> !failOnly || !r.pass()).forEach(r -> cells.add(new String[] {r.suite(), r.resource(),
                r.preset(), r.expected(), r.actual(), r.pass() ? "pass" : "FAIL"}));
        int[] width = new int[header.length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (width[i] + 2) + "s", row[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    String json(boolean failOnly) {
        ObjectNode out = JSON.createObjectNode();
        out.put("passed", rows.size() - failed());
        out.put("failed", failed());
        out.put("suites", suites);
        ArrayNode errors = out.putArray("errors");
        broken.forEach(b -> errors.addObject().put("file", b.file()).put("message", b.message()));
        ArrayNode results = out.putArray("results");
        for (TestCommand.Row r : rows) {
            if (failOnly && r.pass()) {
                continue;
            }
            ObjectNode row = results.addObject().put("suite", r.suite()).put("file", file(r.at())).put("line", line(r.at()))
                    .put("resource", r.resource()).put("preset", r.preset()).put("expected", r.expected())
                    .put("actual", r.actual()).put("result", r.pass() ? "pass" : "fail");
            if (!r.message().isEmpty()) {
                row.put("message", r.message());
            }
        }
        try {
            return JSON.writeValueAsString(out) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JUnit XML as Jenkins, GitLab and GitHub test reporters read it. */
    String junit() {
        try {
            Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element root = xml.createElement("testsuites");
            root.setAttribute("name", "podpreset test");
            root.setAttribute("tests", String.valueOf(rows.size() + broken.size()));
            root.setAttribute("failures", String.valueOf(failed()));
            root.setAttribute("errors", String.valueOf(broken.size()));
            xml.appendChild(root);
            Map<String, List<TestCommand.Row>> byFile = new LinkedHashMap<>();
            rows.forEach(r -> byFile.computeIfAbsent(file(r.at()), f -> new ArrayList<>()).add(r));
            for (Map.Entry<String, List<TestCommand.Row>> suite : byFile.entrySet()) {
                List<TestCommand.Row> cases = suite.getValue();
                Element s = testsuite(xml, root, cases.get(0).suite(), suite.getKey(), cases.size(),
                        cases.stream().filter(r -> !r.pass()).count(), 0);
                for (TestCommand.Row r : cases) {
                    Element c = testcase(xml, s, r.suite(), r.resource() + ": " + r.preset() + " " + r.expected(), r.at());
                    if (!r.pass()) {
                        Element failure = xml.createElement("failure");
                        failure.setAttribute("message", "expected " + r.expected() + ", got " + r.actual());
                        failure.setAttribute("type", "mismatch");
                        failure.setTextContent(r.message().isEmpty() ? "expected " + r.expected() + ", got " + r.actual()
                                : r.message());
                        c.appendChild(failure);
                    }
                }
            }
            for (BrokenSuite b : broken) {
                Element s = testsuite(xml, root, b.file(), b.file(), 1, 0, 1);
                Element c = testcase(xml, s, b.file(), "suite", b.file());
                Element error = xml.createElement("error");
                error.setAttribute("message", b.message());
                error.setAttribute("type", "suite");
                error.setTextContent(b.message());
                c.appendChild(error);
            }
            StringWriter out = new StringWriter();
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            xml.setXmlStandalone(true);
            transformer.transform(new DOMSource(xml), new StreamResult(out));
            return out.toString().replace("?><testsuites", "?>\n<testsuites") + (out.toString().endsWith("\n") ? "" : "\n");
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IllegalStateException("the JDK's XML writer is unusable", e);
        }
    }

    private static Element testsuite(Document xml, Element root, String name, String file, long tests, long failures,
                                     long errors) {
        Element s = xml.createElement("testsuite");
        s.setAttribute("name", name);
        s.setAttribute("file", file);
        s.setAttribute("tests", String.valueOf(tests));
        s.setAttribute("failures", String.valueOf(failures));
        s.setAttribute("errors", String.valueOf(errors));
        root.appendChild(s);
        return s;
    }

    private static Element testcase(Document xml, Element suite, String classname, String name, String at) {
        Element c = xml.createElement("testcase");
        c.setAttribute("classname", classname);
        c.setAttribute("name", name);
        c.setAttribute("file", file(at));
        if (line(at) > 0) {
            c.setAttribute("line", String.valueOf(line(at)));
        }
        suite.appendChild(c);
        return c;
    }

    /** {@code suite.yaml} of {@code suite.yaml:12}. */
    private static String file(String at) {
        int colon = at.lastIndexOf(':');
        return colon < 0 ? at : at.substring(0, colon);
    }

    private static int line(String at) {
        int colon = at.lastIndexOf(':');
        try {
            return colon < 0 ? 0 : Integer.parseInt(at.substring(colon + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
